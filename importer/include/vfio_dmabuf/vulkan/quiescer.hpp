// A Vulkan device as an importer in RevokeScope's protocol: quiescing waits
// for the whole device to be idle (vkDeviceWaitIdle), so every submission
// that may touch imported memory has finished before the revoke.
#pragma once

#include "vfio_dmabuf/revoke_scope.hpp"
#include "vfio_dmabuf/vulkan/target.hpp"

#include <functional>
#include <string>

namespace vfio_dmabuf::vulkan
{

// `target`'s device must outlive the scope.  `name` names it in messages
// ("Vulkan device llvmpipe").  `revalidate` runs after the restore, e.g. a
// compute pass over the same VkDeviceMemory whose result it checks (throwing
// when it is wrong).  A device lost while waiting is a VulkanError
// (VK_ERROR_DEVICE_LOST) from the scope's constructor.
Quiescer device_quiescer(const Target& target, std::string name,
                         std::function<void()> revalidate = {});

} // namespace vfio_dmabuf::vulkan
