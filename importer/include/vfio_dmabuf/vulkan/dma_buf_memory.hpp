// Importing a dma-buf as VkDeviceMemory (VK_EXT_external_memory_dma_buf),
// dedicated to one buffer or image.  buffer_import.hpp and image_import.hpp
// do the whole import; this is the step they share, for resources the
// application creates itself.
//
// File descriptor ownership: Vulkan takes the fd it is given when the import
// succeeds, so the import works on a dup and the caller's DmaBuf stays open.
// The spec leaves the fd with the application when the import fails, but
// some drivers (lavapipe) close it anyway; after a failure the dup is closed
// only if that descriptor number still refers to the same dma-buf, never
// twice.
#pragma once

#include "vfio_dmabuf/dmabuf.hpp"
#include "vfio_dmabuf/vulkan/target.hpp"

#include <memory>
#include <string>
#include <vulkan/vulkan.hpp>

namespace vfio_dmabuf::vulkan
{

// The resource a dedicated allocation is for (neither: not dedicated).
struct DedicatedTo {
	vk::Buffer buffer;
	vk::Image image;
};

// Owned VkDeviceMemory: freed (vkFreeMemory) by the destructor.
class ImportedMemory
{
public:
	ImportedMemory() noexcept;
	ImportedMemory(ImportedMemory&&) noexcept;
	ImportedMemory& operator=(ImportedMemory&&) noexcept;
	~ImportedMemory();

	vk::DeviceMemory get() const noexcept { return memory_; }
	vk::DeviceSize size() const noexcept { return size_; }
	std::uint32_t memory_type() const noexcept { return type_; }
	explicit operator bool() const noexcept { return static_cast<bool>(memory_); }

	// Internal: adopts `memory` allocated on `target`.
	ImportedMemory(const Target& target, vk::DeviceMemory memory, vk::DeviceSize size,
	               std::uint32_t type) noexcept;

private:
	void reset() noexcept;
	VkDevice device_ = VK_NULL_HANDLE;
	PFN_vkFreeMemory free_ = nullptr;
	vk::DeviceMemory memory_;
	vk::DeviceSize size_ = 0;
	std::uint32_t type_ = 0;
};

// Imports `buf` for a resource with `requirements`.  Checks first, with
// Errors naming `what`: the fd is a dma-buf (EINVAL otherwise), its size (lseek) is at least
// requirements.size, and vkGetMemoryFdPropertiesKHR accepts the fd and
// leaves a memory type in requirements.memoryTypeBits.  A driver that refuses
// the fd (VK_ERROR_INVALID_EXTERNAL_HANDLE: it cannot reach this memory, e.g.
// no peer-to-peer path to the BAR) is MissingCapability; other failures of
// Vulkan calls are VulkanError.
ImportedMemory import_memory(const Target& target, const DmaBuf& buf,
                             const vk::MemoryRequirements& requirements, DedicatedTo dedicated,
                             const std::string& what);

// The import step alone, without those checks: allocationSize and memory
// type as given, the fd ownership rules above.  For tests of how drivers
// treat bad imports.
ImportedMemory import_memory_unchecked(const Target& target, const DmaBuf& buf,
                                       vk::DeviceSize allocation_size, std::uint32_t memory_type,
                                       DedicatedTo dedicated, const std::string& what);

} // namespace vfio_dmabuf::vulkan
