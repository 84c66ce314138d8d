// A byte range of a VkBuffer as barriers and passes take it, and whether
// the buffer's memory is imported (then its queue-family ownership is
// acquired from and released to VK_QUEUE_FAMILY_FOREIGN_EXT around each use).
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
