#include "revoke_triggers.hpp"

#include "../conformance/case.hpp"
#include "vfio_dmabuf/error.hpp"
#include "vfio_dmabuf/revocation.hpp"

#include <functional>
#include <linux/pci_regs.h>
#include <sys/wait.h>
#include <unistd.h>

namespace vfio_dmabuf::cases
{

using namespace conformance;

namespace
{

bool has_flr(const VfioDevice& dev)
{
	std::uint32_t exp = dev.find_capability(PCI_CAP_ID_EXP);
	return exp && (dev.read_config16(exp + PCI_EXP_DEVCAP + 2) & (PCI_EXP_DEVCAP_FLR >> 16));
}

bool has_pm(const VfioDevice& dev)
{
	return dev.find_capability(PCI_CAP_ID_PM) != 0;
}

} // namespace

const std::vector<Trigger>& triggers()
{
	static const std::vector<Trigger> all = {
	        {"memory_disable", "clearing PCI_COMMAND_MEMORY through config space", true,
	         revocation::memory_disable},
	        {"low_power", "VFIO_DEVICE_FEATURE_LOW_POWER_ENTRY", true, revocation::low_power},
	        {"reset", "VFIO_DEVICE_RESET", false, revocation::reset},
	        {"hot_reset", "VFIO_DEVICE_PCI_HOT_RESET of the dev set", false,
	         revocation::hot_reset},
	        // Config-space writes a guest driver makes (vfio-pci acts on
	        // them): the device needs the capability (not ivshmem).
	        {"flr", "Initiate FLR written to the PCIe Device Control register", false,
	         revocation::function_level_reset, has_flr},
	        {"d3hot", "D3hot written to PMCSR", true, revocation::d3hot, has_pm},
	};
	return all;
}

namespace
{

// A trigger the device or kernel cannot perform is unsupported, not a failure.
std::function<void()> or_unsupported(std::function<void()> op, const Trigger& t)
{
	if (!op)
		return {};
	return [op = std::move(op), how = t.how] {
		try {
			op();
		} catch (const Error& e) {
			int c = e.code();
			if (c == ENOTTY || c == ENODEV || c == EOPNOTSUPP || c == EINVAL ||
			    c == EBUSY)
				unsupported(std::string(how) + " is not possible here: " + e.what(),
				            c);
			throw;
		}
	};
}

} // namespace

Revocation revocation(const Trigger& t, const VfioDevice& dev)
{
	Revocation r = t.make(dev);
	r.revoke = or_unsupported(std::move(r.revoke), t);
	r.restore = or_unsupported(std::move(r.restore), t);
	return r;
}

void revoke(const Trigger& t, const VfioDevice& dev)
{
	revocation(t, dev).revoke();
}

void restore(const Trigger& t, const VfioDevice& dev)
{
	if (auto r = revocation(t, dev).restore)
		r();
}

void touch_read(volatile std::uint8_t* p)
{
	std::uint8_t sum = 0;
	for (int i = 0; i < 4096; i += 64)
		sum += p[i];
	(void)sum;
}

int signal_of_child(void (*touch)(volatile std::uint8_t*), volatile std::uint8_t* where)
{
	pid_t pid = fork();
	if (pid < 0)
		throw Environment("fork failed");
	if (pid == 0) {
		touch(where);
		_exit(0);
	}
	int status = 0;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			throw Environment("waitpid failed");
	if (WIFSIGNALED(status))
		return WTERMSIG(status);
	if (WEXITSTATUS(status) != 0)
		throw Environment("child exited with " + std::to_string(WEXITSTATUS(status)));
	return 0;
}

} // namespace vfio_dmabuf::cases
