// The Vulkan device that dma-bufs are imported into: the application's own,
// named by plain Vulkan handles.
//
// The library never creates or owns the device.  It calls the device's
// functions through the Vulkan loader (vkGetInstanceProcAddr,
// vkGetDeviceProcAddr), so the application may have created it with the C
// API, Vulkan-Hpp (plain or RAII) or a meta-loader over the same loader.
// Plain handles are also what keeps the library's ABI independent of how the
// application compiles Vulkan-Hpp (its dispatchers change layout with
// NDEBUG); the shared libraries export nothing of Vulkan-Hpp.
//
// The application enables the extensions of device_extensions() (see
// extensions.hpp) when it creates the device, and keeps the instance and the
// device alive for as long as anything imported into them.
#pragma once

#include <cstdint>
#include <vulkan/vulkan.h>

namespace vfio_dmabuf::vulkan
{

struct Target {
	VkInstance instance = VK_NULL_HANDLE;
	VkPhysicalDevice physical_device = VK_NULL_HANDLE;
	VkDevice device = VK_NULL_HANDLE;
	// The queue family whose queues use the imported memory: ownership of
	// imported resources is transferred between it and
	// VK_QUEUE_FAMILY_FOREIGN_EXT (the device that owns the BAR).
	std::uint32_t queue_family = 0;
	// The application enabled VK_EXT_image_drm_format_modifier: images are
	// imported with DRM_FORMAT_MOD_LINEAR and an explicit plane layout.
	// Without it, images use LINEAR tiling and are accepted only where the
	// driver's own layout matches the one asked for.
	bool drm_format_modifier = false;
};

} // namespace vfio_dmabuf::vulkan
