// What a Vulkan device must have to import dma-bufs, and which of it a given
// physical device lacks.
#pragma once

#include "vfio_dmabuf/error.hpp"

#include <string>
#include <vector>
#include <vulkan/vulkan_raii.hpp>

namespace vfio_dmabuf::vulkan
{

inline constexpr std::uint32_t required_api_version = VK_API_VERSION_1_2;

struct DeviceRequirements {
	// VK_KHR_external_memory_fd + VK_EXT_external_memory_dma_buf.  Only
	// tests of the passes on ordinary memory (host unit tests) turn it off.
	bool dma_buf = true;
	// VK_EXT_image_drm_format_modifier, to import dma-bufs as images with
	// an explicit layout (DRM_FORMAT_MOD_LINEAR, our offset and pitch).
	bool dma_buf_images = false;
	// When non-empty, only devices whose name contains this string.
	std::string name_filter;
};

std::vector<const char*> required_extensions(const DeviceRequirements& req);

// What `device` lacks for `req`: extension names, "Vulkan 1.2", "a queue
// family with graphics and compute".  Empty when it is suitable.
std::vector<std::string> missing_capabilities(const vk::raii::PhysicalDevice& device,
                                              const DeviceRequirements& req);

// No device has what the caller needs: the driver lacks a capability (not a
// bug of ours).  code() is EOPNOTSUPP.
class MissingCapability : public Error
{
public:
	explicit MissingCapability(const std::string& what) : Error(what, EOPNOTSUPP) {}
};

// The first physical device without missing capabilities; otherwise throws
// MissingCapability listing every device and what it lacks.
vk::raii::PhysicalDevice select_physical_device(const vk::raii::Instance& instance,
                                                const DeviceRequirements& req);

} // namespace vfio_dmabuf::vulkan
