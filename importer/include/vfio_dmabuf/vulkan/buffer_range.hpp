// A byte range of a VkBuffer as the passes take it, and whether the buffer's
// memory is imported (then the passes transfer queue-family ownership from
// and back to the external owner around their use).
#pragma once

#include <vulkan/vulkan.hpp>

namespace vfio_dmabuf::vulkan
{

struct BufferRange {
	vk::Buffer buffer;
	vk::DeviceSize offset = 0;
	vk::DeviceSize size = 0;
	bool external = false; // memory imported from a dma-buf
};

} // namespace vfio_dmabuf::vulkan
