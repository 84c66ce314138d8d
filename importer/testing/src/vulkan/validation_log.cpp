#include "vfio_dmabuf/testing/vulkan/validation_log.hpp"

namespace vfio_dmabuf::vulkan
{

vk::DebugUtilsMessengerCreateInfoEXT ValidationLog::messenger_info()
{
	using S = vk::DebugUtilsMessageSeverityFlagBitsEXT;
	using T = vk::DebugUtilsMessageTypeFlagBitsEXT;
	vk::DebugUtilsMessengerCreateInfoEXT info({}, S::eError | S::eWarning,
	                                          T::eGeneral | T::eValidation | T::ePerformance);
	// Vulkan-Hpp 1.4 types the callback with vk:: parameter types, 1.3 with
	// the C ones (the same layout); assigning the member works with both,
	// without the constructor 1.4 deprecates.  Through void (*)(), the
	// generic function pointer type, as GCC's -Wcast-function-type wants.
	info.pfnUserCallback = reinterpret_cast<decltype(info.pfnUserCallback)>(
	        reinterpret_cast<void (*)()>(&callback));
	info.pUserData = this;
	return info;
}

VkBool32 ValidationLog::callback(VkDebugUtilsMessageSeverityFlagBitsEXT severity,
                                 VkDebugUtilsMessageTypeFlagsEXT,
                                 const VkDebugUtilsMessengerCallbackDataEXT* data, void* user)
{
	// Called from inside the driver and the layer (C code): no exception
	// may leave it.  A message that cannot be recorded (out of memory)
	// still fails the run: it is counted as an error.
	if (!data || !user)
		return VK_FALSE;
	auto* log = static_cast<ValidationLog*>(user);
	try {
		log->record(severity, *data);
	} catch (...) {
		log->lost_.fetch_add(1, std::memory_order_relaxed);
	}
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
	std::vector<std::string> out = errors_;
	if (auto lost = lost_.load(std::memory_order_relaxed))
		out.push_back(std::to_string(lost) + " validation messages could not be recorded "
		                                     "(exception in the messenger callback)");
	return out;
}

std::size_t ValidationLog::error_count() const
{
	std::lock_guard lock(mutex_);
	return errors_.size() + lost_.load(std::memory_order_relaxed);
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
	lost_ = 0;
}

void ValidationLog::reset()
{
	clear();
	std::lock_guard lock(mutex_);
	ignores_.clear();
}

} // namespace vfio_dmabuf::vulkan
