#include "vulkan_child.hpp"

#include "../conformance/case.hpp"
#include "child_process.hpp"
#include "vfio_dmabuf/testing/vulkan/device_requirements.hpp"
#include "vfio_dmabuf/vulkan/vk_error.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <sys/wait.h>
#include <thread>

namespace vfio_dmabuf::cases
{

void ChildReport::note(const std::string& what) noexcept
{
	std::strncpy(message, what.c_str(), sizeof(message) - 1);
}

bool ChildReport::device_lost(int status) const noexcept
{
	return WIFEXITED(status) && WEXITSTATUS(status) == child_vulkan_error &&
	       static_cast<vk::Result>(vk_result.load()) == vk::Result::eErrorDeviceLost;
}

int report_exceptions(ChildReport& report, const std::function<int()>& body)
{
	try {
		return body();
	} catch (const vulkan::MissingCapability& e) {
		report.note(e.what());
		return child_unsupported;
	} catch (const vulkan::VulkanError& e) {
		report.vk_result = static_cast<std::int32_t>(e.result());
		report.note(e.what());
		return child_vulkan_error;
	} catch (const std::exception& e) {
		report.note(e.what());
		return child_failed;
	}
}

void wait_for_child(ChildProcess& child, const ChildReport& report,
                    const std::function<bool()>& ready, const std::string& who,
                    const std::string& what)
{
	using namespace std::chrono_literals;
	auto end = std::chrono::steady_clock::now() + 600s;
	while (!ready()) {
		if (auto status = child.poll()) {
			std::string why = describe_wait_status(*status) + ": " + report.message;
			if (WIFEXITED(*status) && WEXITSTATUS(*status) == child_unsupported)
				conformance::unsupported(who + " lacks a capability: " + why, EOPNOTSUPP);
			throw conformance::Environment(who + " ended before " + what + ": " + why);
		}
		if (std::chrono::steady_clock::now() > end)
			throw conformance::Environment(who + " did not reach " + what + " in 600 s");
		std::this_thread::sleep_for(20ms);
	}
}

} // namespace vfio_dmabuf::cases
