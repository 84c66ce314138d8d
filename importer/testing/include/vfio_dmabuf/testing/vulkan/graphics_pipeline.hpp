// A full-screen graphics pipeline: shaders/fullscreen.vert (one triangle, no
// vertex input) and a fragment shader, one colour attachment of a render
// pass, dynamic viewport and scissor, optional descriptor set layout and
// fragment push constants.
#pragma once

#include "vfio_dmabuf/testing/vulkan/device.hpp"

#include <cstdint>
#include <span>
#include <vulkan/vulkan_raii.hpp>

namespace vfio_dmabuf::vulkan
{

class GraphicsPipeline
{
public:
	GraphicsPipeline(const Device& device, vk::RenderPass render_pass,
	                 std::span<const std::uint32_t> fragment_spirv,
	                 vk::DescriptorSetLayout set_layout, std::uint32_t push_constant_size,
	                 const std::string& name);

	vk::Pipeline pipeline() const noexcept { return *pipeline_; }
	vk::PipelineLayout layout() const noexcept { return *layout_; }

	// Binds the pipeline, sets viewport and scissor to `extent` and draws
	// the full-screen triangle (inside a render pass).
	void draw(const vk::raii::CommandBuffer& cmd, vk::Extent2D extent) const;

private:
	vk::raii::PipelineLayout layout_{nullptr};
	vk::raii::Pipeline pipeline_{nullptr};
};

// A render pass with one colour attachment of `format` that is fully
// overwritten (load DONT_CARE, store STORE), in `layout` before and after.
vk::raii::RenderPass make_color_render_pass(const Device& device, vk::Format format,
                                            vk::ImageLayout layout);

} // namespace vfio_dmabuf::vulkan
