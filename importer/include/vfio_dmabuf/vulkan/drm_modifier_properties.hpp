// What a physical device says about DRM format modifiers of a format
// (vkGetPhysicalDeviceFormatProperties2 with the modifier property lists).
#pragma once

#include <cstdint>
#include <vulkan/vulkan.hpp>

namespace vfio_dmabuf::vulkan
{

inline constexpr std::uint64_t drm_format_mod_linear = 0;

// Tiling features of DRM_FORMAT_MOD_LINEAR for `format` from
// VkDrmFormatModifierPropertiesListEXT; none when LINEAR is not listed as a
// single-plane modifier.
vk::FormatFeatureFlags linear_modifier_features(VkPhysicalDevice physical, vk::Format format);

// Number of modifiers VkDrmFormatModifierPropertiesList2EXT (Vulkan 1.3 /
// VK_KHR_format_feature_flags2) lists for `format`.
std::uint32_t modifier_count_list2(VkPhysicalDevice physical, vk::Format format);

} // namespace vfio_dmabuf::vulkan
