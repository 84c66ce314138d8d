// shaders/checksum.comp: pattern::checksum32 of a buffer range on the GPU.
#pragma once

#include "vfio_dmabuf/vulkan/compute_pipeline.hpp"
#include "vfio_dmabuf/vulkan/host_buffer.hpp"

namespace vfio_dmabuf::vulkan
{

class ChecksumPass
{
public:
	explicit ChecksumPass(const Device& device);

	// checksum32 of the words of `range` (size a multiple of 4, < 16 GiB),
	// taking its first word as absolute word index `base_word` (for a BAR
	// range: its BAR offset / 4).
	std::uint32_t run(const BufferRange& range, std::uint64_t base_word);

private:
	const Device& device_;
	ComputePipeline pipeline_;
	HostBuffer result_;
};

} // namespace vfio_dmabuf::vulkan
