#include "vfio_dmabuf/vulkan/extensions.hpp"

#include <algorithm>
#include <cstring>
#include <vulkan/vulkan.hpp>

namespace vfio_dmabuf::vulkan
{
namespace
{

std::vector<VkExtensionProperties> extensions_of(VkPhysicalDevice physical)
{
	std::uint32_t n = 0;
	if (vkEnumerateDeviceExtensionProperties(physical, nullptr, &n, nullptr) != VK_SUCCESS)
		return {};
	std::vector<VkExtensionProperties> out(n);
	if (vkEnumerateDeviceExtensionProperties(physical, nullptr, &n, out.data()) != VK_SUCCESS)
		return {};
	out.resize(n);
	return out;
}

bool listed(const std::vector<VkExtensionProperties>& have, const char* name)
{
	return std::any_of(have.begin(), have.end(),
	                   [&](const auto& e) { return std::strcmp(e.extensionName, name) == 0; });
}

std::string version_string(std::uint32_t v)
{
	return std::to_string(VK_API_VERSION_MAJOR(v)) + "." +
	       std::to_string(VK_API_VERSION_MINOR(v));
}

} // namespace

std::vector<const char*> required_device_extensions()
{
	return {VK_KHR_EXTERNAL_MEMORY_FD_EXTENSION_NAME,
	        VK_EXT_EXTERNAL_MEMORY_DMA_BUF_EXTENSION_NAME,
	        VK_EXT_QUEUE_FAMILY_FOREIGN_EXTENSION_NAME};
}

std::vector<const char*> device_extensions(VkPhysicalDevice physical)
{
	std::vector<const char*> exts = required_device_extensions();
	auto have = extensions_of(physical);
	for (const char* optional : {VK_EXT_IMAGE_DRM_FORMAT_MODIFIER_EXTENSION_NAME,
	                             VK_KHR_EXTERNAL_SEMAPHORE_FD_EXTENSION_NAME})
		if (listed(have, optional))
			exts.push_back(optional);
	return exts;
}

std::vector<std::string> missing_capabilities(VkPhysicalDevice physical, bool images)
{
	std::vector<std::string> missing;
	VkPhysicalDeviceProperties props{};
	vkGetPhysicalDeviceProperties(physical, &props);
	if (props.apiVersion < required_api_version)
		missing.push_back("Vulkan " + version_string(required_api_version) + " (has " +
		                  version_string(props.apiVersion) + ")");
	auto have = extensions_of(physical);
	std::vector<const char*> want = required_device_extensions();
	if (images)
		want.push_back(VK_EXT_IMAGE_DRM_FORMAT_MODIFIER_EXTENSION_NAME);
	for (const char* ext : want)
		if (!listed(have, ext))
			missing.emplace_back(ext);
	return missing;
}

bool offers_extension(VkPhysicalDevice physical, const char* name)
{
	return listed(extensions_of(physical), name);
}

} // namespace vfio_dmabuf::vulkan
