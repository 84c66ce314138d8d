#include "revoke_triggers.hpp"

#include "../conformance/case.hpp"

#include <sys/wait.h>
#include <unistd.h>

namespace vfio_dmabuf::cases
{

const std::vector<Trigger>& triggers()
{
	static const std::vector<Trigger> all = {
	        {"memory_disable", "clearing PCI_COMMAND_MEMORY through config space", true,
	         [](const VfioDevice& d) { d.set_memory_enabled(false); },
	         [](const VfioDevice& d) { d.set_memory_enabled(true); }},
	        {"low_power", "VFIO_DEVICE_FEATURE_LOW_POWER_ENTRY", true,
	         [](const VfioDevice& d) { d.low_power_entry(); },
	         [](const VfioDevice& d) { d.low_power_exit(); }},
	        {"reset", "VFIO_DEVICE_RESET", false, [](const VfioDevice& d) { d.reset(); },
	         [](const VfioDevice&) {}},
	        {"hot_reset", "VFIO_DEVICE_PCI_HOT_RESET of the dev set", false,
	         [](const VfioDevice& d) { d.hot_reset(); }, [](const VfioDevice&) {}},
	};
	return all;
}

int signal_of_child(void (*touch)(volatile std::uint8_t*), volatile std::uint8_t* where)
{
	pid_t pid = fork();
	if (pid < 0)
		throw conformance::Environment("fork failed");
	if (pid == 0) {
		touch(where);
		_exit(0);
	}
	int status = 0;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			throw conformance::Environment("waitpid failed");
	if (WIFSIGNALED(status))
		return WTERMSIG(status);
	if (WEXITSTATUS(status) != 0)
		throw conformance::Environment("child exited with " +
		                               std::to_string(WEXITSTATUS(status)));
	return 0;
}

} // namespace vfio_dmabuf::cases
