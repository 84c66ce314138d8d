// What VK_LAYER_KHRONOS_validation reported through a debug-utils
// messenger.  Errors are kept so that a test fails on any of them, even when
// every Vulkan call returned VK_SUCCESS.
#pragma once

#include <atomic>
#include <cstddef>
#include <mutex>
#include <string>
#include <vector>
#include <vulkan/vulkan_raii.hpp>

namespace vfio_dmabuf::vulkan
{

class ValidationLog
{
public:
	// Messenger create info whose callback records into this log.  The log
	// must outlive the messenger.
	vk::DebugUtilsMessengerCreateInfoEXT messenger_info();

	// Errors with message id `vuid` whose text contains `context` are a
	// known driver defect (`reason`), not a misuse: they are kept apart
	// (ignored()) instead of counting as errors.
	void ignore(std::string vuid, std::string context, std::string reason);

	std::vector<std::string> errors() const;
	// "<reason>: <message>" for each error matched by ignore().
	std::vector<std::string> ignored() const;
	std::size_t error_count() const;
	// Warnings (performance and best-practice notes): kept, never fatal.
	std::vector<std::string> warnings() const;
	// Forgets what was recorded (e.g. after a case expected an error).
	void clear();
	// clear(), and forgets every ignore() rule too: for a log that several
	// users take turns on (conformance cases sharing one instance), so that
	// what one of them excused is not excused for the next.
	void reset();

private:
	static VKAPI_ATTR VkBool32 VKAPI_CALL
	callback(VkDebugUtilsMessageSeverityFlagBitsEXT severity,
	         VkDebugUtilsMessageTypeFlagsEXT types,
	         const VkDebugUtilsMessengerCallbackDataEXT* data, void* user);
	void record(VkDebugUtilsMessageSeverityFlagBitsEXT severity,
	            const VkDebugUtilsMessengerCallbackDataEXT& data);

	struct Ignore {
		std::string vuid, context, reason;
	};

	mutable std::mutex mutex_;
	std::vector<Ignore> ignores_;
	std::vector<std::string> errors_;
	std::vector<std::string> ignored_;
	std::vector<std::string> warnings_;
	std::atomic<std::size_t> lost_{0}; // messages record() threw on
};

} // namespace vfio_dmabuf::vulkan
