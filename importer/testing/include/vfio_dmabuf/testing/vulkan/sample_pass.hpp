// shaders/sample_image.frag: draws an image, sampled with a nearest sampler
// at texel centres, into an offscreen target of the same size and format,
// and reads the target back.  The bytes returned are the image's texels as
// the sampler saw them.
#pragma once

#include "vfio_dmabuf/testing/vulkan/graphics_pipeline.hpp"
#include "vfio_dmabuf/testing/vulkan/host_buffer.hpp"
#include "vfio_dmabuf/vulkan/image_ref.hpp"

#include <cstdint>
#include <span>

namespace vfio_dmabuf::vulkan
{

class SamplePass
{
public:
	// `format` is a 4-byte UNORM colour format (R8G8B8A8_UNORM).
	SamplePass(const Device& device, vk::Format format, vk::Extent2D extent);

	// Samples `source` (same format and extent) into the target; returns
	// the target's texels, tightly packed rows.
	std::span<const std::uint8_t> run(const ImageRef& source);

private:
	const Device& device_;
	vk::Format format_;
	vk::Extent2D extent_;
	vk::raii::DeviceMemory target_memory_{nullptr};
	vk::raii::Image target_{nullptr};
	vk::raii::ImageView target_view_{nullptr};
	vk::raii::RenderPass render_pass_{nullptr};
	vk::raii::Framebuffer framebuffer_{nullptr};
	vk::raii::Sampler sampler_{nullptr};
	vk::raii::DescriptorSetLayout set_layout_{nullptr};
	vk::raii::DescriptorPool pool_{nullptr};
	vk::raii::DescriptorSet set_{nullptr};
	GraphicsPipeline pipeline_;
	HostBuffer readback_;
};

} // namespace vfio_dmabuf::vulkan
