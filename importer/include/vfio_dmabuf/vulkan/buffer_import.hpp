// A dma-buf imported as a VkBuffer bound to its own (dedicated) memory.
#pragma once

#include "vfio_dmabuf/dmabuf.hpp"
#include "vfio_dmabuf/vulkan/buffer_range.hpp"
#include "vfio_dmabuf/vulkan/device.hpp"

#include <string>
#include <vulkan/vulkan_raii.hpp>

namespace vfio_dmabuf::vulkan
{

class ImportedBuffer
{
public:
	ImportedBuffer(vk::raii::DeviceMemory memory, vk::raii::Buffer buffer, vk::DeviceSize size,
	               std::string what)
	    : memory_(std::move(memory)), buffer_(std::move(buffer)), size_(size),
	      what_(std::move(what))
	{
	}

	vk::Buffer buffer() const noexcept { return *buffer_; }
	vk::DeviceMemory memory() const noexcept { return *memory_; }
	vk::DeviceSize size() const noexcept { return size_; }
	const std::string& what() const noexcept { return what_; }

	// [offset, offset + size) of the buffer; throws Error when outside it.
	BufferRange range(vk::DeviceSize offset, vk::DeviceSize size) const;
	BufferRange whole() const noexcept { return {*buffer_, 0, size_, true}; }

private:
	vk::raii::DeviceMemory memory_; // declared first: freed after the buffer
	vk::raii::Buffer buffer_;
	vk::DeviceSize size_;
	std::string what_;
};

// Imports `buf` as a buffer of `size` bytes (0: the dma-buf's size) with
// `usage`.  Rejected with an Error before any import when the size is 0,
// larger than the dma-buf, or the driver needs more memory for it than the
// dma-buf has; when the device cannot import dma-bufs for this usage
// (vkGetPhysicalDeviceExternalBufferProperties), MissingCapability.
ImportedBuffer import_buffer(const Device& device, const DmaBuf& buf, vk::BufferUsageFlags usage,
                             vk::DeviceSize size = 0);

} // namespace vfio_dmabuf::vulkan
