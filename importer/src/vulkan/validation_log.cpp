#include "vfio_dmabuf/vulkan/validation_log.hpp"

namespace vfio_dmabuf::vulkan
{

vk::DebugUtilsMessengerCreateInfoEXT ValidationLog::messenger_info()
{
	using S = vk::DebugUtilsMessageSeverityFlagBitsEXT;
	using T = vk::DebugUtilsMessageTypeFlagBitsEXT;
	return vk::DebugUtilsMessengerCreateInfoEXT({}, S::eError | S::eWarning,
	                                            T::eGeneral | T::eValidation | T::ePerformance,
	                                            &ValidationLog::callback, this);
}

VkBool32 ValidationLog::callback(VkDebugUtilsMessageSeverityFlagBitsEXT severity,
                                 VkDebugUtilsMessageTypeFlagsEXT,
                                 const VkDebugUtilsMessengerCallbackDataEXT* data, void* user)
{
	if (data && user)
		static_cast<ValidationLog*>(user)->record(severity, *data);
	return VK_FALSE; // never abort the call that triggered the message
}

void ValidationLog::record(VkDebugUtilsMessageSeverityFlagBitsEXT severity,
                           const VkDebugUtilsMessengerCallbackDataEXT& data)
{
	std::lock_guard lock(mutex_);
	const std::string id = data.pMessageIdName ? data.pMessageIdName : "validation message";
	const std::string message = data.pMessage ? data.pMessage : "";
	if (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT) {
		for (const Ignore& i : ignores_) {
			if (id == i.vuid && message.find(i.context) != std::string::npos) {
				ignored_.push_back(i.reason + ": " + id + ": " + message);
				return;
			}
		}
		errors_.push_back(id + ": " + message);
	} else {
		warnings_.push_back(id + ": " + message);
	}
}

void ValidationLog::ignore(std::string vuid, std::string context, std::string reason)
{
	std::lock_guard lock(mutex_);
	ignores_.push_back({std::move(vuid), std::move(context), std::move(reason)});
}

std::vector<std::string> ValidationLog::ignored() const
{
	std::lock_guard lock(mutex_);
	return ignored_;
}

std::vector<std::string> ValidationLog::errors() const
{
	std::lock_guard lock(mutex_);
	return errors_;
}

std::size_t ValidationLog::error_count() const
{
	std::lock_guard lock(mutex_);
	return errors_.size();
}

std::vector<std::string> ValidationLog::warnings() const
{
	std::lock_guard lock(mutex_);
	return warnings_;
}

void ValidationLog::clear()
{
	std::lock_guard lock(mutex_);
	errors_.clear();
	ignored_.clear();
	warnings_.clear();
}

} // namespace vfio_dmabuf::vulkan
