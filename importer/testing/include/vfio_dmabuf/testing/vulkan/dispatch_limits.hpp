// What one compute dispatch over storage buffers may cover, from the
// device's VkPhysicalDeviceLimits, and how a range larger than that is cut
// into pieces: a real GPU's maxStorageBufferRange (128 MiB to 4 GiB - 1) is
// often smaller than the buffer a pass gets (a 1 GiB BAR), so the passes
// dispatch once per chunk instead of failing.
#pragma once

#include <cstdint>
#include <vector>
#include <vulkan/vulkan.hpp>

namespace vfio_dmabuf::vulkan
{

struct DispatchLimits {
	vk::DeviceSize max_storage_range = 0; // maxStorageBufferRange
	vk::DeviceSize offset_alignment = 1;  // minStorageBufferOffsetAlignment
	std::uint32_t max_group_count_x = 1;  // maxComputeWorkGroupCount[0]

	static DispatchLimits of(const vk::PhysicalDeviceLimits& limits);

	// Each field the smaller (the alignment the larger) of the two: a test
	// may only make the device look more limited than it is.
	DispatchLimits tighter(const DispatchLimits& other) const;

	// The most bytes a chunk covers: the largest multiple of the offset
	// alignment and of 4 (the shaders work on words) within
	// max_storage_range, so that every chunk after the first starts
	// aligned.  Throws Error(EINVAL) when that is 0.
	vk::DeviceSize chunk_bytes() const;
};

struct Chunk {
	vk::DeviceSize offset; // from the start of the range
	vk::DeviceSize size;
};

// [0, size) cut into chunks of limits.chunk_bytes() (the last one may be
// shorter); none for size 0.
std::vector<Chunk> split_range(vk::DeviceSize size, const DispatchLimits& limits);

} // namespace vfio_dmabuf::vulkan
