// shaders/fill_pattern.comp: writes the project's seeded pattern into a
// buffer range on the GPU.
#pragma once

#include "vfio_dmabuf/testing/vulkan/compute_pipeline.hpp"

#include <optional>

namespace vfio_dmabuf::vulkan
{

class FillPass
{
public:
	// `limits` (tests): act as if the device had these tighter limits.
	explicit FillPass(const Device& device, std::optional<DispatchLimits> limits = {});

	// Afterwards `range` holds pattern(seed) as if it started at absolute
	// byte offset `base` (a multiple of 4; size a multiple of 4).  A range
	// larger than maxStorageBufferRange is filled in several dispatches.
	void run(const BufferRange& range, std::uint64_t seed, std::uint64_t base);

	// What run() submits, recorded into `cmd` (with the ownership barriers
	// of `range`), for a submission of the caller's own (one that waits for
	// or signals semaphores).  The command buffer of an earlier record()
	// must have completed.
	void record(const vk::raii::CommandBuffer& cmd, const BufferRange& range,
	            std::uint64_t seed, std::uint64_t base);

	// Dispatches the last run() or record() recorded.
	std::size_t dispatches() const noexcept { return pipeline_.dispatch_count(); }

private:
	const Device& device_;
	ComputePipeline pipeline_;
};

} // namespace vfio_dmabuf::vulkan
