// shaders/checksum.comp: pattern::checksum32 of a buffer range on the GPU.
#pragma once

#include "vfio_dmabuf/testing/vulkan/compute_pipeline.hpp"
#include "vfio_dmabuf/testing/vulkan/host_buffer.hpp"

#include <optional>

namespace vfio_dmabuf::vulkan
{

class ChecksumPass
{
public:
	// `limits` (tests): act as if the device had these tighter limits.
	explicit ChecksumPass(const Device& device, std::optional<DispatchLimits> limits = {});

	// checksum32 of the words of `range` (size a multiple of 4), taking its
	// first word as absolute word index `base_word` (for a BAR range: its
	// BAR offset / 4).  A range larger than maxStorageBufferRange is
	// summed in several dispatches.
	std::uint32_t run(const BufferRange& range, std::uint64_t base_word);

	// Dispatches the last run() recorded.
	std::size_t dispatches() const noexcept { return pipeline_.dispatch_count(); }

private:
	const Device& device_;
	ComputePipeline pipeline_;
	HostBuffer result_;
};

} // namespace vfio_dmabuf::vulkan
