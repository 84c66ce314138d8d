// Choosing the Vulkan physical device to import into, by the names a user
// knows: its DRM render node (VK_EXT_physical_device_drm), its PCI address
// (VK_EXT_pci_bus_info), its index or a part of its name.
//
//   --vk-device /dev/dri/renderD128    the device behind that node
//   --vk-device 0000:03:00.0           the device at that PCI address
//   --vk-device 1                      the second physical device
//   --vk-device llvmpipe               the first whose name contains it
//   (empty)                            the first that can import dma-bufs
#pragma once

#include <string>
#include <vector>
#include <vulkan/vulkan.h>

namespace vfio_dmabuf::vulkan
{

// "llvmpipe (LLVM 19.1.7, 256 bits), cpu, Vulkan 1.4, no PCI address, render
// node none"
std::string describe_physical_device(VkPhysicalDevice physical);

// The physical device `spec` names (see above) among `instance`'s.  With
// an empty spec, the first one without missing_capabilities(images).  Throws
// MissingCapability listing every device and why it was not taken.
VkPhysicalDevice select_physical_device(VkInstance instance, const std::string& spec,
                                        bool images = false);

} // namespace vfio_dmabuf::vulkan
