#include "validation.hpp"

#include <cstdio>
#include <cstring>

namespace vk_demo
{

std::vector<std::string> ValidationLog::first_errors() const
{
	std::lock_guard lock(mutex_);
	return first_;
}

vk::DebugUtilsMessengerCreateInfoEXT ValidationLog::create_info()
{
	using S = vk::DebugUtilsMessageSeverityFlagBitsEXT;
	using T = vk::DebugUtilsMessageTypeFlagBitsEXT;
	vk::DebugUtilsMessengerCreateInfoEXT info({}, S::eWarning | S::eError,
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

VKAPI_ATTR VkBool32 VKAPI_CALL ValidationLog::callback(
        VkDebugUtilsMessageSeverityFlagBitsEXT severity, VkDebugUtilsMessageTypeFlagsEXT,
        const VkDebugUtilsMessengerCallbackDataEXT* data, void* self)
{
	// Never let anything escape into the driver: record() is noexcept.
	static_cast<ValidationLog*>(self)->record(
	        severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT,
	        data && data->pMessageIdName ? data->pMessageIdName : "",
	        data && data->pMessage ? data->pMessage : "(no message)");
	return VK_FALSE;
}

void ValidationLog::excuse(std::string vuid, std::string context, std::string reason)
{
	std::lock_guard lock(mutex_);
	excuses_.push_back({std::move(vuid), std::move(context), std::move(reason)});
}

void ValidationLog::record(bool error, const char* id, const char* message) noexcept
{
	try {
		std::lock_guard lock(mutex_);
		if (error)
			for (Excuse& e : excuses_) {
				if (e.vuid != id || !std::strstr(message, e.context.c_str()))
					continue;
				++excused_;
				if (!e.reported)
					std::fprintf(
					        stderr,
					        "vk-demo: validation: %s excused from now on, %s\n",
					        id, e.reason.c_str());
				e.reported = true;
				return;
			}
		std::fprintf(stderr, "vk-demo: validation %s: %s\n", error ? "error" : "warning",
		             message);
		if (!error)
			return;
		++errors_;
		if (first_.size() < 5)
			first_.emplace_back(message);
	} catch (...) {
		// Out of memory while recording: count it, so the run still fails.
		if (error)
			++errors_;
	}
}

} // namespace vk_demo
