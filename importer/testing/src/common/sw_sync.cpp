#include "vfio_dmabuf/testing/sw_sync.hpp"

#include "vfio_dmabuf/error.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <linux/types.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>

namespace vfio_dmabuf
{
namespace
{

// From the kernel's drivers/dma-buf/sync_debug.h (not a uAPI header).
struct sw_sync_create_fence_data {
	__u32 value;
	char name[32];
	__s32 fence; // out: the sync_file's fd
};
constexpr char sw_sync_ioc_magic = 'W';
constexpr unsigned long sw_sync_ioc_create_fence =
        _IOWR(sw_sync_ioc_magic, 0, struct sw_sync_create_fence_data);
constexpr unsigned long sw_sync_ioc_inc = _IOW(sw_sync_ioc_magic, 1, __u32);

} // namespace

SwSyncTimeline::SwSyncTimeline() : fd_(::open(path, O_RDWR | O_CLOEXEC))
{
	if (!fd_)
		throw_errno(std::string("open ") + path +
		            " (sw_sync: CONFIG_SW_SYNC, debugfs at /sys/kernel/debug, root)");
}

UniqueFd SwSyncTimeline::create_fence(std::uint32_t value, const std::string& name) const
{
	sw_sync_create_fence_data data{};
	data.value = value;
	std::strncpy(data.name, name.c_str(), sizeof(data.name) - 1);
	data.fence = -1;
	if (ioctl(fd_.get(), sw_sync_ioc_create_fence, &data) < 0)
		throw_errno("SW_SYNC_IOC_CREATE_FENCE (value " + std::to_string(value) + ")");
	return UniqueFd(data.fence);
}

void SwSyncTimeline::advance(std::uint32_t steps) const
{
	__u32 inc = steps;
	if (ioctl(fd_.get(), sw_sync_ioc_inc, &inc) < 0)
		throw_errno("SW_SYNC_IOC_INC (" + std::to_string(steps) + ")");
}

bool sync_file_signalled(int sync_file, int timeout_ms)
{
	pollfd p{sync_file, POLLIN, 0};
	for (;;) {
		int n = ::poll(&p, 1, timeout_ms);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			throw_errno("poll of sync_file " + std::to_string(sync_file));
		if (n > 0 && (p.revents & (POLLERR | POLLNVAL)))
			throw Error("poll of sync_file " + std::to_string(sync_file) +
			                    ": revents " + std::to_string(p.revents),
			            EINVAL);
		return n > 0;
	}
}

} // namespace vfio_dmabuf
