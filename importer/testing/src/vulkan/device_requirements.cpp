#include "vfio_dmabuf/testing/vulkan/device_requirements.hpp"

#include "vfio_dmabuf/vulkan/physical_device.hpp"

#include <algorithm>

namespace vfio_dmabuf::vulkan
{

std::vector<std::string> missing_capabilities(const vk::raii::PhysicalDevice& device,
                                              const DeviceRequirements& req)
{
	std::vector<std::string> missing;
	if (req.dma_buf)
		missing = vulkan::missing_capabilities(*device, req.dma_buf_images);
	else if (device.getProperties().apiVersion < required_api_version)
		missing.push_back("Vulkan 1.2");
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
	if (!req.device.empty() || req.dma_buf) {
		VkPhysicalDevice chosen =
		        vulkan::select_physical_device(*instance, req.device, req.dma_buf_images);
		vk::raii::PhysicalDevice physical(instance, chosen);
		auto missing = missing_capabilities(physical, req);
		if (!missing.empty()) {
			std::string why;
			for (const auto& m : missing)
				why += (why.empty() ? " " : ", ") + m;
			throw MissingCapability(describe_physical_device(chosen) + " lacks" + why);
		}
		return physical;
	}
	vk::raii::PhysicalDevices devices = vk_call(
	        "vkEnumeratePhysicalDevices", [&] { return vk::raii::PhysicalDevices(instance); });
	std::string report;
	for (auto& device : devices) {
		auto missing = missing_capabilities(device, req);
		if (missing.empty())
			return std::move(device);
		report += "; " + describe_physical_device(*device) + " lacks";
		for (std::size_t i = 0; i < missing.size(); i++)
			report += (i ? ", " : " ") + missing[i];
	}
	if (devices.empty())
		report = "; there is no Vulkan physical device";
	throw MissingCapability("no Vulkan device fits" + report);
}

} // namespace vfio_dmabuf::vulkan
