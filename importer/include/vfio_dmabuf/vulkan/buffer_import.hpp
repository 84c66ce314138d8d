// A dma-buf imported as a VkBuffer bound to its own (dedicated) memory.
//
//   auto buf = vfio_dmabuf::export_dma_buf(dev, 2, ranges);
//   auto imported = vfio_dmabuf::vulkan::import_buffer(
//           target, buf, vk::BufferUsageFlagBits::eStorageBuffer);
//   // imported.buffer() in descriptor sets; acquire_buffers() before use.
#pragma once

#include "vfio_dmabuf/dmabuf.hpp"
#include "vfio_dmabuf/vulkan/buffer_range.hpp"
#include "vfio_dmabuf/vulkan/dma_buf_memory.hpp"
#include "vfio_dmabuf/vulkan/target.hpp"

#include <string>
#include <vulkan/vulkan.hpp>

namespace vfio_dmabuf::vulkan
{

class ImportedBuffer
{
public:
	ImportedBuffer(ImportedBuffer&&) noexcept;
	ImportedBuffer& operator=(ImportedBuffer&&) noexcept;
	~ImportedBuffer(); // destroys the buffer, then frees its memory

	vk::Buffer buffer() const noexcept { return buffer_; }
	vk::DeviceMemory memory() const noexcept { return memory_.get(); }
	vk::DeviceSize size() const noexcept { return size_; }
	const std::string& what() const noexcept { return what_; }

	// [offset, offset + size) of the buffer; throws Error when outside it.
	BufferRange range(vk::DeviceSize offset, vk::DeviceSize size) const;
	BufferRange whole() const noexcept { return {buffer_, 0, size_, true}; }

	// Internal: adopts `buffer` (bound to `memory`) created on `target`.
	ImportedBuffer(const Target& target, ImportedMemory memory, vk::Buffer buffer,
	               vk::DeviceSize size, std::string what) noexcept;

private:
	void reset() noexcept;
	VkDevice device_ = VK_NULL_HANDLE;
	PFN_vkDestroyBuffer destroy_ = nullptr;
	ImportedMemory memory_;
	vk::Buffer buffer_;
	vk::DeviceSize size_ = 0;
	std::string what_;
};

// Imports `buf` as a buffer of `size` bytes (0: the dma-buf's size) with
// `usage`.  Rejected with an Error before any import when the size is 0 or
// larger than the dma-buf, or the driver needs more memory for it than the
// dma-buf has; MissingCapability when the device cannot import dma-bufs for
// this usage (vkGetPhysicalDeviceExternalBufferProperties) or refuses the fd.
ImportedBuffer import_buffer(const Target& target, const DmaBuf& buf, vk::BufferUsageFlags usage,
                             vk::DeviceSize size = 0);

} // namespace vfio_dmabuf::vulkan
