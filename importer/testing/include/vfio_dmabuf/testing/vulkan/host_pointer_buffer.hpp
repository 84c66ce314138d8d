// A buffer over memory the caller has mapped, imported with
// VK_EXT_external_memory_host: the zero-copy path without dma-buf that the
// bench compares against (the vfio region mmap imported as a pointer).
//
// It is not revocable: the driver keeps using the pointer, and nothing tells
// it when the mapping's PTEs go away (a CPU driver then faults, a GPU's
// pinned pages are gone).  Real GPU drivers refuse VM_PFNMAP memory here
// (they pin it with get_user_pages), which is why dma-buf exists.
#pragma once

#include "vfio_dmabuf/testing/vulkan/device.hpp"
#include "vfio_dmabuf/vulkan/buffer_range.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <vulkan/vulkan_raii.hpp>

namespace vfio_dmabuf::vulkan
{

class HostPointerBuffer
{
public:
	// `bytes` stays mapped for the buffer's lifetime.  Tries the handle
	// type for another device's mapping (HOST_MAPPED_FOREIGN_MEMORY) first,
	// then HOST_ALLOCATION.  Throws MissingCapability when the device has
	// not enabled VK_EXT_external_memory_host or takes neither type for
	// `bytes`, Error(EINVAL) when `bytes` is not aligned to the driver's
	// minImportedHostPointerAlignment.
	HostPointerBuffer(const Device& device, std::span<std::uint8_t> bytes,
	                  vk::BufferUsageFlags usage, const std::string& what);
	HostPointerBuffer(HostPointerBuffer&&) = default;

	vk::Buffer buffer() const noexcept { return *buffer_; }
	vk::DeviceSize size() const noexcept { return size_; }
	BufferRange whole() const noexcept { return {*buffer_, 0, size_, false}; }
	// The handle type the driver took the pointer as.
	vk::ExternalMemoryHandleTypeFlagBits handle_type() const noexcept { return type_; }

private:
	vk::ExternalMemoryHandleTypeFlagBits type_;
	vk::raii::Buffer buffer_;
	vk::raii::DeviceMemory memory_;
	vk::DeviceSize size_;
};

} // namespace vfio_dmabuf::vulkan
