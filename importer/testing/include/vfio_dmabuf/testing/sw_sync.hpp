// Fences userspace controls: a sw_sync timeline (drivers/dma-buf/sw_sync.c,
// CONFIG_SW_SYNC, in debugfs).  A fence created on it at value N signals
// when the timeline has been advanced to N, never by itself: what a test of
// explicit sync needs to hold work back for exactly as long as it says.
#pragma once

#include "vfio_dmabuf/unique_fd.hpp"

#include <cstdint>
#include <string>

namespace vfio_dmabuf
{

class SwSyncTimeline
{
public:
	static constexpr const char* path = "/sys/kernel/debug/sync/sw_sync";

	// Opens a new timeline at value 0.  Throws Error (ENOENT: no
	// CONFIG_SW_SYNC or debugfs not mounted at /sys/kernel/debug; EACCES:
	// not root).
	SwSyncTimeline();

	// A sync_file whose fence signals when the timeline reaches `value`
	// (SW_SYNC_IOC_CREATE_FENCE).
	UniqueFd create_fence(std::uint32_t value, const std::string& name) const;

	// Advances the timeline by `steps` (SW_SYNC_IOC_INC), signalling the
	// fences it passes.
	void advance(std::uint32_t steps = 1) const;

	// Destruction closes the timeline: the kernel then signals every fence
	// still pending on it (with error -ENOENT), so nothing waits forever.

private:
	UniqueFd fd_;
};

// Whether `sync_file` has signalled: poll(POLLIN) with a timeout of
// `timeout_ms` (0: just look).  Throws Error when poll fails.
bool sync_file_signalled(int sync_file, int timeout_ms = 0);

} // namespace vfio_dmabuf
