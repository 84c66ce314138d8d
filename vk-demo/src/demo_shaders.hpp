// SPIR-V of vk-demo/shaders/, compiled with glslc at build time and
// embedded by shaders/embed_spirv.cmake (hence its namespace).
#pragma once

#include <cstdint>
#include <span>

namespace vfio_dmabuf::shaders
{

// Vertex: full-screen triangle from gl_VertexIndex.
std::span<const std::uint32_t> vk_demo_fullscreen_vert() noexcept;
// Fragment: the frame slot at set 0 binding 0, scaled to push constant `size`.
std::span<const std::uint32_t> vk_demo_frame_frag() noexcept;
// Fragment: the placeholder stripes.
std::span<const std::uint32_t> vk_demo_placeholder_frag() noexcept;
// Vertex + fragment: a text block (push constants: text_block.glsl).
std::span<const std::uint32_t> vk_demo_text_vert() noexcept;
std::span<const std::uint32_t> vk_demo_text_frag() noexcept;

} // namespace vfio_dmabuf::shaders
