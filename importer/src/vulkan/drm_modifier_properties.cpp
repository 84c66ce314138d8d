#include "vfio_dmabuf/vulkan/drm_modifier_properties.hpp"

#include <vector>

namespace vfio_dmabuf::vulkan
{
namespace
{

// Fills `props` (with its pNext chain) for `format`.
void query(VkPhysicalDevice physical, vk::Format format, vk::FormatProperties2& props)
{
	vkGetPhysicalDeviceFormatProperties2(physical, static_cast<VkFormat>(format),
	                                     reinterpret_cast<VkFormatProperties2*>(&props));
}

} // namespace

vk::FormatFeatureFlags linear_modifier_features(VkPhysicalDevice physical, vk::Format format)
{
	vk::DrmFormatModifierPropertiesListEXT list;
	vk::FormatProperties2 props;
	props.pNext = &list;
	query(physical, format, props); // the count
	std::vector<vk::DrmFormatModifierPropertiesEXT> mods(list.drmFormatModifierCount);
	list.pDrmFormatModifierProperties = mods.data();
	query(physical, format, props);
	for (std::uint32_t i = 0; i < list.drmFormatModifierCount; i++)
		if (mods[i].drmFormatModifier == drm_format_mod_linear &&
		    mods[i].drmFormatModifierPlaneCount == 1)
			return mods[i].drmFormatModifierTilingFeatures;
	return {};
}

std::uint32_t modifier_count_list2(VkPhysicalDevice physical, vk::Format format)
{
	vk::DrmFormatModifierPropertiesList2EXT list;
	vk::FormatProperties2 props;
	props.pNext = &list;
	query(physical, format, props);
	return list.drmFormatModifierCount;
}

} // namespace vfio_dmabuf::vulkan
