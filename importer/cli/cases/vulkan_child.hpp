// What a forked child that runs Vulkan (child_process.hpp) tells its
// parent when it stops early: an exit status below, plus, in memory both
// see, the VkResult it failed with and a message.  The cases' shared
// structs embed a ChildReport.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

namespace vfio_dmabuf::cases
{

inline constexpr int child_failed = 3, child_vulkan_error = 4, child_unsupported = 5;

struct ChildReport {
	std::atomic<std::int32_t> vk_result{0}; // of the VulkanError, if any
	char message[512]{};

	void note(const std::string& what) noexcept;
	// True when wait `status` says the child stopped on VK_ERROR_DEVICE_LOST.
	bool device_lost(int status) const noexcept;
};

// Runs `body` in the child and returns its exit status; what it throws
// becomes one, with the message noted: MissingCapability child_unsupported,
// VulkanError child_vulkan_error (its VkResult kept), anything else
// child_failed.
int report_exceptions(ChildReport& report, const std::function<int()>& body);

} // namespace vfio_dmabuf::cases

namespace vfio_dmabuf::cases
{

class ChildProcess;

// Waits (up to 600 s) until `ready` holds while `child` runs.  A child
// that ends first makes the case unsupported when it stopped with
// child_unsupported (a missing capability: Vulkan, edu), else an Environment error
// naming `who`, `what` it did not reach and its report.
void wait_for_child(ChildProcess& child, const ChildReport& report,
                    const std::function<bool()>& ready, const std::string& who,
                    const std::string& what);

} // namespace vfio_dmabuf::cases
