// SPIR-V of the shaders in shaders/, compiled with glslc at build time and
// embedded in the binary.  Names are the source file names with '.' -> '_'.
#pragma once

#include <cstdint>
#include <span>

namespace vfio_dmabuf::shaders
{

// Compute, local size 64: checksum32 of a buffer range (binding 0) added
// into the uint at binding 1; push constants {word_count, base_word}.
std::span<const std::uint32_t> checksum_comp() noexcept;
// Compute: fills binding 0 with the seeded pattern; push constants
// {uvec2 seed, uvec2 base, uint word_count}.
std::span<const std::uint32_t> fill_pattern_comp() noexcept;
// Compute: copies binding 0 to binding 1; push constants {word_count}.
std::span<const std::uint32_t> copy_words_comp() noexcept;
// Vertex: full-screen triangle from gl_VertexIndex, no inputs.
std::span<const std::uint32_t> fullscreen_vert() noexcept;
// Fragment: samples the combined image sampler at set 0 binding 0.
std::span<const std::uint32_t> sample_image_frag() noexcept;
// Fragment: writes the pattern word of each texel's linear byte offset into
// a uint colour target; push constants {uvec2 seed, uvec2 base, uint row_pitch}.
std::span<const std::uint32_t> pattern_color_frag() noexcept;

} // namespace vfio_dmabuf::shaders
