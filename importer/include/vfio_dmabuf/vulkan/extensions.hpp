// What a Vulkan device needs to import dma-bufs with this library.
//
//   auto exts = vfio_dmabuf::vulkan::device_extensions(physical);
//   // ... add your own, create the VkDevice with them (Vulkan 1.2) ...
//
// Required: VK_KHR_external_memory_fd, VK_EXT_external_memory_dma_buf and
// VK_EXT_queue_family_foreign (a BAR is written by a device outside Vulkan:
// ownership moves to and from VK_QUEUE_FAMILY_FOREIGN_EXT, not
// VK_QUEUE_FAMILY_EXTERNAL, which means another Vulkan instance).
// Optional: VK_EXT_image_drm_format_modifier (images with an explicit
// DRM_FORMAT_MOD_LINEAR layout) and VK_KHR_external_semaphore_fd (sync_file
// semaphores, sync_file.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>
#include <vulkan/vulkan.h>

namespace vfio_dmabuf::vulkan
{

// Vulkan version the instance and device must be created for (at least).
inline constexpr std::uint32_t required_api_version = VK_API_VERSION_1_2;

// The required extensions, in the order above.
std::vector<const char*> required_device_extensions();

// The required extensions plus those of the optional ones that `physical`
// offers: what to enable on a device created for importing.
std::vector<const char*> device_extensions(VkPhysicalDevice physical);

// What `physical` lacks of the requirements ("Vulkan 1.2 (has 1.1)",
// extension names; with `images`, also VK_EXT_image_drm_format_modifier).
// Empty when it can import.
std::vector<std::string> missing_capabilities(VkPhysicalDevice physical, bool images = false);

// Whether `physical` offers extension `name`.
bool offers_extension(VkPhysicalDevice physical, const char* name);

} // namespace vfio_dmabuf::vulkan
