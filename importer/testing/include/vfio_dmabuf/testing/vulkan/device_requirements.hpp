// What the test support's own Vulkan device (device.hpp) must have, and how
// it is chosen.
#pragma once

#include "vfio_dmabuf/vulkan/extensions.hpp"
#include "vfio_dmabuf/vulkan/vk_error.hpp"

#include <string>
#include <vector>
#include <vulkan/vulkan_raii.hpp>

namespace vfio_dmabuf::vulkan
{

struct DeviceRequirements {
	// The extensions of device_extensions() (extensions.hpp).  Only tests
	// of the passes on ordinary memory (host unit tests) turn it off.
	bool dma_buf = true;
	// VK_EXT_image_drm_format_modifier, to import dma-bufs as images with
	// an explicit layout (DRM_FORMAT_MOD_LINEAR, our offset and pitch).
	bool dma_buf_images = false;
	// VK_EXT_external_memory_host, enabled when the device offers it (the
	// bench's pointer-import row; HostPointerBuffer names it when absent).
	bool host_pointer = false;
	// Which physical device (physical_device.hpp: a render node, a PCI
	// address, an index or a name substring); empty: the first suitable.
	std::string device;
};

// What `device` lacks for `req`: extension names, "Vulkan 1.2", "a queue
// family with graphics and compute".  Empty when it is suitable.
std::vector<std::string> missing_capabilities(const vk::raii::PhysicalDevice& device,
                                              const DeviceRequirements& req);

// The physical device `req` names, or the first without missing
// capabilities; otherwise throws MissingCapability listing every device and
// what it lacks.
vk::raii::PhysicalDevice select_physical_device(const vk::raii::Instance& instance,
                                                const DeviceRequirements& req);

} // namespace vfio_dmabuf::vulkan
