// shaders/pattern_color.frag: renders the project's seeded pattern into a
// colour attachment whose texels lie linearly in memory (an imported
// dma-buf image), so that afterwards the bytes under the image are
// pattern(seed) at their absolute offsets.
#pragma once

#include "vfio_dmabuf/testing/vulkan/graphics_pipeline.hpp"
#include "vfio_dmabuf/vulkan/image_ref.hpp"

#include <cstdint>

namespace vfio_dmabuf::vulkan
{

class PatternRenderPass
{
public:
	// `format`: a 32-bit single-channel uint format (R32_UINT).
	PatternRenderPass(const Device& device, vk::Format format);

	// Renders into every texel of `target` (format as above): texel (x, y)
	// gets the pattern word of absolute byte offset
	// base + y * row_pitch + 4 * x.
	void run(const ImageRef& target, std::uint64_t seed, std::uint64_t base,
	         std::uint32_t row_pitch);

private:
	const Device& device_;
	vk::Format format_;
	vk::raii::RenderPass render_pass_{nullptr};
	GraphicsPipeline pipeline_;
};

} // namespace vfio_dmabuf::vulkan
