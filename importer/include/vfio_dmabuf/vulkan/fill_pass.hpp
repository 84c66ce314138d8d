// shaders/fill_pattern.comp: writes the project's seeded pattern into a
// buffer range on the GPU.
#pragma once

#include "vfio_dmabuf/vulkan/compute_pipeline.hpp"

namespace vfio_dmabuf::vulkan
{

class FillPass
{
public:
	explicit FillPass(const Device& device);

	// Afterwards `range` holds pattern(seed) as if it started at absolute
	// byte offset `base` (a multiple of 4; size a multiple of 4).
	void run(const BufferRange& range, std::uint64_t seed, std::uint64_t base);

private:
	const Device& device_;
	ComputePipeline pipeline_;
};

} // namespace vfio_dmabuf::vulkan
