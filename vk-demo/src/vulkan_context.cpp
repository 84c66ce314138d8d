#include "vulkan_context.hpp"

#include "vfio_dmabuf/error.hpp"
#include "vfio_dmabuf/vulkan/drm_modifier_properties.hpp"
#include "vfio_dmabuf/vulkan/extensions.hpp"
#include "vfio_dmabuf/vulkan/physical_device.hpp"
#include "vfio_dmabuf/vulkan/vk_error.hpp"

#include <algorithm>
#include <cstring>

namespace vk_demo
{

using vfio_dmabuf::Error;
using vfio_dmabuf::vulkan::vk_call;

namespace
{

bool has_layer(const vk::raii::Context& context, const char* name)
{
	for (const auto& l : context.enumerateInstanceLayerProperties())
		if (std::strcmp(l.layerName, name) == 0)
			return true;
	return false;
}

} // namespace

VulkanContext::VulkanContext(const VulkanRequest& r)
{
	std::vector<const char*> extensions = r.instance_extensions;
	std::vector<const char*> layers;
	vk::DebugUtilsMessengerCreateInfoEXT messenger_info;
	if (r.validation) {
		if (!has_layer(context_, validation_layer))
			throw Error(std::string("--validation: the Vulkan loader has no ") +
			            validation_layer + " (install the Vulkan validation layers)");
		layers.push_back(validation_layer);
		extensions.push_back(VK_EXT_DEBUG_UTILS_EXTENSION_NAME);
		messenger_info = r.validation->create_info();
	}
	const vk::ApplicationInfo app("vk-demo", 1, "vfio-dmabuf", 1,
	                              vfio_dmabuf::vulkan::required_api_version);
	vk::InstanceCreateInfo info({}, &app, layers, extensions);
	if (r.validation)
		info.pNext = &messenger_info;
	instance_ = vk_call("vkCreateInstance", [&] { return vk::raii::Instance(context_, info); });
	if (r.validation)
		messenger_ = vk_call("vkCreateDebugUtilsMessengerEXT", [&] {
			return vk::raii::DebugUtilsMessengerEXT(instance_, messenger_info);
		});

	const VkPhysicalDevice chosen = vfio_dmabuf::vulkan::select_physical_device(
	        *instance_, r.physical_device, /*images=*/true);
	physical_ = vk::raii::PhysicalDevice(instance_, chosen);
	const auto props = physical_.getProperties();
	name_ = props.deviceName.data();
	cpu_ = props.deviceType == vk::PhysicalDeviceType::eCpu;

	const auto families = physical_.getQueueFamilyProperties();
	bool found = false;
	for (std::uint32_t i = 0; i < families.size() && !found; ++i) {
		if (!(families[i].queueFlags & vk::QueueFlagBits::eGraphics))
			continue;
		if (r.can_present && !r.can_present(*instance_, chosen, i))
			continue;
		family_ = i;
		found = true;
	}
	if (!found)
		throw Error("Vulkan device " + name_ + " has no graphics queue" +
		            (r.can_present ? " that can present to the window" : ""));

	std::vector<const char*> device_extensions = vfio_dmabuf::vulkan::device_extensions(chosen);
	if (r.swapchain) {
		if (!vfio_dmabuf::vulkan::offers_extension(chosen, VK_KHR_SWAPCHAIN_EXTENSION_NAME))
			throw Error("Vulkan device " + name_ + " does not offer VK_KHR_swapchain");
		device_extensions.push_back(VK_KHR_SWAPCHAIN_EXTENSION_NAME);
	}
	const float priority = 1.0f;
	const vk::DeviceQueueCreateInfo queue_info({}, family_, 1, &priority);
	const vk::DeviceCreateInfo device_info({}, queue_info, {}, device_extensions);
	device_ =
	        vk_call("vkCreateDevice", [&] { return vk::raii::Device(physical_, device_info); });
	queue_ = vk::raii::Queue(device_, family_, 0);

	target_.instance = *instance_;
	target_.physical_device = chosen;
	target_.device = *device_;
	target_.queue_family = family_;
	target_.drm_format_modifier =
	        std::any_of(device_extensions.begin(), device_extensions.end(), [](const char* e) {
		        return std::strcmp(e, VK_EXT_IMAGE_DRM_FORMAT_MODIFIER_EXTENSION_NAME) == 0;
	        });
	if (r.validation && target_.drm_format_modifier)
		excuse_modifier_list2_defect(*r.validation);
}

void VulkanContext::excuse_modifier_list2_defect(ValidationLog& log) const
{
	// The validation layer takes the format features of DRM-modifier images
	// from VkDrmFormatModifierPropertiesList2EXT.  A driver that lists
	// DRM_FORMAT_MOD_LINEAR only in the older VkDrmFormatModifierPropertiesListEXT
	// (lavapipe 25.0) makes every such image look featureless to the layer,
	// although the driver supports (and the library checked) what the demo
	// does with them.
	const VkPhysicalDevice physical = *physical_;
	for (vk::Format f : {vk::Format::eB8G8R8A8Unorm, vk::Format::eR8G8B8A8Unorm})
		if (!vfio_dmabuf::vulkan::linear_modifier_features(physical, f) ||
		    vfio_dmabuf::vulkan::modifier_count_list2(physical, f) != 0)
			return;
	const std::string reason = "a driver defect: " + name_ +
	                           " lists DRM_FORMAT_MOD_LINEAR in "
	                           "VkDrmFormatModifierPropertiesListEXT but leaves "
	                           "VkDrmFormatModifierPropertiesList2EXT empty";
	for (const char* vuid :
	     {"VUID-VkImageViewCreateInfo-None-02273", "VUID-vkCmdCopyImageToBuffer-srcImage-01998",
	      "VUID-vkCmdCopyImage-srcImage-01995", "VUID-vkCmdBlitImage-srcImage-01999"})
		log.excuse(vuid, "VK_IMAGE_TILING_DRM_FORMAT_MODIFIER_EXT", reason);
}

std::uint32_t VulkanContext::memory_type(std::uint32_t bits, vk::MemoryPropertyFlags flags,
                                         const std::string& what) const
{
	const auto mem = physical_.getMemoryProperties();
	for (std::uint32_t i = 0; i < mem.memoryTypeCount; ++i)
		if ((bits & (1u << i)) && (mem.memoryTypes[i].propertyFlags & flags) == flags)
			return i;
	throw Error("Vulkan device " + name_ + " has no memory type for " + what);
}

} // namespace vk_demo
