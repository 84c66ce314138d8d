#include "vulkan_child.hpp"

#include "vfio_dmabuf/testing/vulkan/device_requirements.hpp"
#include "vfio_dmabuf/vulkan/vk_error.hpp"

#include <cstring>
#include <sys/wait.h>

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

} // namespace vfio_dmabuf::cases
