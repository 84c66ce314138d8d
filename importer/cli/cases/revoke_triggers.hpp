// The ways userspace takes a device's memory away (revoke) and gives it back,
// as the revoke.* case families use them.
#pragma once

#include "vfio_dmabuf/vfio_device.hpp"

#include <string>
#include <vector>

namespace vfio_dmabuf::cases
{

struct Trigger {
	const char* name; // revoke.<name>.*
	const char* how;  // what revoke() does, for expectations and errors
	// True when the memory stays revoked between revoke() and restore():
	// a memory-decode or low-power window.  Resets revoke and restore
	// inside one ioctl, so there is no revoked window to observe.
	bool has_window;
	void (*revoke)(const VfioDevice&);
	void (*restore)(const VfioDevice&);
};

const std::vector<Trigger>& triggers();

// Runs `touch` in a forked child and returns how it ended: the signal that
// killed it, or 0 when it exited normally.
int signal_of_child(void (*touch)(volatile std::uint8_t*), volatile std::uint8_t* where);

} // namespace vfio_dmabuf::cases
