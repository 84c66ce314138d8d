#include "vfio_dmabuf/testing/vulkan/instance.hpp"

#include "vfio_dmabuf/testing/vulkan/device_requirements.hpp"
#include "vfio_dmabuf/vulkan/vk_error.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

namespace vfio_dmabuf::vulkan
{

Instance::Instance(const InstanceOptions& options) : log_(std::make_unique<ValidationLog>())
{
	std::vector<const char*> layers;
	std::vector<const char*> extensions;
	if (options.validation) {
		auto available = vk_call("vkEnumerateInstanceLayerProperties", [&] {
			return context_.enumerateInstanceLayerProperties();
		});
		bool found = std::any_of(available.begin(), available.end(), [](const auto& l) {
			return std::strcmp(l.layerName.data(), validation_layer) == 0;
		});
		if (!found)
			throw Error(std::string(validation_layer) +
			                    " is not installed (Debian: vulkan-validationlayers); "
			                    "every Vulkan test runs under it",
			            ENOENT);
		layers.push_back(validation_layer);
		extensions.push_back(VK_EXT_DEBUG_UTILS_EXTENSION_NAME);
	}

	std::uint32_t loader = vk_call("vkEnumerateInstanceVersion",
	                               [&] { return context_.enumerateInstanceVersion(); });
	if (loader < required_api_version)
		throw MissingCapability("the Vulkan loader supports only " +
		                        std::to_string(VK_API_VERSION_MAJOR(loader)) + "." +
		                        std::to_string(VK_API_VERSION_MINOR(loader)) +
		                        ", Vulkan 1.2 is needed");

	// The newest version we know, up to 1.3: validation layers judge format
	// features (DRM modifier images included) by the application's version.
	const std::uint32_t api = std::min<std::uint32_t>(loader, VK_API_VERSION_1_3);
	vk::ApplicationInfo app(options.application, 1, "vfio-dmabuf", 1, api);
	vk::InstanceCreateInfo info({}, &app, layers, extensions);
	// Chained into the create info too, so messages from vkCreateInstance
	// and vkDestroyInstance are recorded as well.
	vk::DebugUtilsMessengerCreateInfoEXT messenger_info = log_->messenger_info();
	if (options.validation)
		info.pNext = &messenger_info;
	instance_ = vk_call("vkCreateInstance", [&] { return vk::raii::Instance(context_, info); });
	if (options.validation)
		messenger_.emplace(vk_call("vkCreateDebugUtilsMessengerEXT", [&] {
			return vk::raii::DebugUtilsMessengerEXT(instance_, messenger_info);
		}));
}

} // namespace vfio_dmabuf::vulkan
