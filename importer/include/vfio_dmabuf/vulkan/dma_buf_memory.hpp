// Importing a dma-buf as VkDeviceMemory (VK_EXT_external_memory_dma_buf),
// dedicated to one buffer or image.
//
// File descriptor ownership: Vulkan takes the fd it is given when the import
// succeeds, so the import works on a dup and the caller's DmaBuf stays open.
// The spec leaves the fd with the application when the import fails, but
// lavapipe closes it anyway; after a failure the dup is closed only if that
// descriptor number still refers to the same dma-buf, never twice.
#pragma once

#include "vfio_dmabuf/dmabuf.hpp"
#include "vfio_dmabuf/vulkan/device.hpp"

#include <string>
#include <vulkan/vulkan_raii.hpp>

namespace vfio_dmabuf::vulkan
{

// The resource a dedicated allocation is for (import_dma_buf_fd: neither =
// not dedicated).
struct DedicatedTo {
	vk::Buffer buffer;
	vk::Image image;
};

// Imports `buf` for a resource with `requirements`.  Checks first, with
// Errors naming `what`: the dma-buf's size (lseek) is at least
// requirements.size, and vkGetMemoryFdPropertiesKHR leaves a memory type in
// requirements.memoryTypeBits.  Failures of Vulkan calls are VulkanError.
vk::raii::DeviceMemory import_dma_buf_memory(const Device& device, const DmaBuf& buf,
                                             const vk::MemoryRequirements& requirements,
                                             DedicatedTo dedicated, const std::string& what);

// The import step alone, without those checks: allocationSize and memory
// type as given, the fd ownership rules above.  For tests of how drivers
// treat bad imports; everything else uses import_dma_buf_memory.
vk::raii::DeviceMemory import_dma_buf_fd(const Device& device, const DmaBuf& buf,
                                         vk::DeviceSize allocation_size, std::uint32_t memory_type,
                                         DedicatedTo dedicated, const std::string& what);

} // namespace vfio_dmabuf::vulkan
