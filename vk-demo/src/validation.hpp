// --validation: VK_LAYER_KHRONOS_validation with a debug-utils messenger
// that prints every warning and error and counts the errors; main() fails
// the run when any was reported.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>
#include <vulkan/vulkan_raii.hpp>

namespace vk_demo
{

inline constexpr const char* validation_layer = "VK_LAYER_KHRONOS_validation";

// What the layer reported; shared by the messenger and main(), so that
// messages sent while the device and instance are destroyed still count.
class ValidationLog
{
public:
	std::size_t errors() const noexcept { return errors_.load(); }
	std::vector<std::string> first_errors() const;
	// Messages excused as a known driver defect (see excuse()).
	std::size_t excused() const noexcept { return excused_.load(); }

	// Errors with message id `vuid` whose text contains `context` are a
	// driver defect the application cannot avoid, not a misuse: printed
	// once with `reason`, counted apart, never failing the run.
	void excuse(std::string vuid, std::string context, std::string reason);

	// The create info to chain into VkInstanceCreateInfo (instance creation
	// and destruction) and to create the messenger with.
	vk::DebugUtilsMessengerCreateInfoEXT create_info();

private:
	static VKAPI_ATTR VkBool32 VKAPI_CALL
	callback(VkDebugUtilsMessageSeverityFlagBitsEXT severity,
	         VkDebugUtilsMessageTypeFlagsEXT types,
	         const VkDebugUtilsMessengerCallbackDataEXT* data, void* self);
	void record(bool error, const char* id, const char* message) noexcept;

	struct Excuse {
		std::string vuid, context, reason;
		bool reported = false;
	};
	std::atomic<std::size_t> errors_{0};
	std::atomic<std::size_t> excused_{0};
	mutable std::mutex mutex_;
	std::vector<std::string> first_;
	std::vector<Excuse> excuses_;
};

} // namespace vk_demo
