#include "vfio_dmabuf/vulkan/device_requirements.hpp"

#include "vfio_dmabuf/vulkan/vk_error.hpp"

#include <algorithm>
#include <cstring>

namespace vfio_dmabuf::vulkan
{

std::vector<const char*> required_extensions(const DeviceRequirements& req)
{
	std::vector<const char*> exts;
	if (req.dma_buf) {
		exts.push_back(VK_KHR_EXTERNAL_MEMORY_FD_EXTENSION_NAME);
		exts.push_back(VK_EXT_EXTERNAL_MEMORY_DMA_BUF_EXTENSION_NAME);
	}
	if (req.dma_buf_images)
		exts.push_back(VK_EXT_IMAGE_DRM_FORMAT_MODIFIER_EXTENSION_NAME);
	return exts;
}

static std::string version_string(std::uint32_t v)
{
	return std::to_string(VK_API_VERSION_MAJOR(v)) + "." +
	       std::to_string(VK_API_VERSION_MINOR(v));
}

std::vector<std::string> missing_capabilities(const vk::raii::PhysicalDevice& device,
                                              const DeviceRequirements& req)
{
	std::vector<std::string> missing;
	auto props = device.getProperties();
	if (props.apiVersion < required_api_version)
		missing.push_back("Vulkan 1.2 (has " + version_string(props.apiVersion) + ")");

	auto have = vk_call("vkEnumerateDeviceExtensionProperties",
	                    [&] { return device.enumerateDeviceExtensionProperties(); });
	for (const char* ext : required_extensions(req)) {
		bool found = std::any_of(have.begin(), have.end(), [&](const auto& e) {
			return std::strcmp(e.extensionName.data(), ext) == 0;
		});
		if (!found)
			missing.push_back(ext);
	}

	auto families = device.getQueueFamilyProperties();
	const auto both = vk::QueueFlagBits::eGraphics | vk::QueueFlagBits::eCompute;
	if (std::none_of(families.begin(), families.end(),
	                 [&](const auto& f) { return (f.queueFlags & both) == both; }))
		missing.push_back("a queue family with graphics and compute");
	return missing;
}

vk::raii::PhysicalDevice select_physical_device(const vk::raii::Instance& instance,
                                                const DeviceRequirements& req)
{
	vk::raii::PhysicalDevices devices = vk_call(
	        "vkEnumeratePhysicalDevices", [&] { return vk::raii::PhysicalDevices(instance); });
	std::string report;
	for (auto& device : devices) {
		std::string name = device.getProperties().deviceName.data();
		if (!req.name_filter.empty() && name.find(req.name_filter) == std::string::npos) {
			report += "; " + name + ": name does not contain '" + req.name_filter + "'";
			continue;
		}
		auto missing = missing_capabilities(device, req);
		if (missing.empty())
			return std::move(device);
		report += "; " + name + " lacks";
		for (std::size_t i = 0; i < missing.size(); i++)
			report += (i ? ", " : " ") + missing[i];
	}
	if (devices.empty())
		report = "; there is no Vulkan physical device";
	throw MissingCapability("no Vulkan device can import dma-bufs" + report);
}

} // namespace vfio_dmabuf::vulkan
