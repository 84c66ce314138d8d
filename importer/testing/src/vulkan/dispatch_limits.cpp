#include "vfio_dmabuf/testing/vulkan/dispatch_limits.hpp"

#include "vfio_dmabuf/error.hpp"

#include <algorithm>
#include <string>

namespace vfio_dmabuf::vulkan
{

DispatchLimits DispatchLimits::of(const vk::PhysicalDeviceLimits& limits)
{
	return {limits.maxStorageBufferRange, limits.minStorageBufferOffsetAlignment,
	        limits.maxComputeWorkGroupCount[0]};
}

DispatchLimits DispatchLimits::tighter(const DispatchLimits& other) const
{
	return {std::min(max_storage_range, other.max_storage_range),
	        std::max(offset_alignment, other.offset_alignment),
	        std::min(max_group_count_x, other.max_group_count_x)};
}

vk::DeviceSize DispatchLimits::chunk_bytes() const
{
	// minStorageBufferOffsetAlignment is a power of two (the spec says so),
	// so the larger of it and 4 is a multiple of both.
	vk::DeviceSize unit = std::max<vk::DeviceSize>(offset_alignment, 4);
	vk::DeviceSize chunk = max_storage_range / unit * unit;
	if (chunk == 0 || max_group_count_x == 0)
		throw Error("dispatch limits: maxStorageBufferRange " +
		                    std::to_string(max_storage_range) +
		                    " holds no aligned chunk (minStorageBufferOffsetAlignment " +
		                    std::to_string(offset_alignment) +
		                    ", maxComputeWorkGroupCount[0] " +
		                    std::to_string(max_group_count_x) + ")",
		            EINVAL);
	return chunk;
}

std::vector<Chunk> split_range(vk::DeviceSize size, const DispatchLimits& limits)
{
	const vk::DeviceSize chunk = limits.chunk_bytes();
	std::vector<Chunk> out;
	for (vk::DeviceSize offset = 0; offset < size; offset += chunk)
		out.push_back({offset, std::min(chunk, size - offset)});
	return out;
}

} // namespace vfio_dmabuf::vulkan
