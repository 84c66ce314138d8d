// The ways userspace takes a device's memory away (revoke) and gives it back,
// as the revoke.* case families use them: the library's Revocations
// (revocation.hpp), with "the device or kernel cannot do this" turned into
// unsupported.
#pragma once

#include "vfio_dmabuf/revoke_scope.hpp"
#include "vfio_dmabuf/vfio_device.hpp"

#include <cstdint>
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
	Revocation (*make)(const VfioDevice&);
	// Whether `dev` has what the trigger needs (a capability); null: every
	// device.  Cases do not ask: a device without it makes them unsupported.
	bool (*available)(const VfioDevice&) = nullptr;
};

const std::vector<Trigger>& triggers();

// `t`'s Revocation of `dev` for a RevokeScope; its actions make the case
// unsupported when the device or kernel cannot perform them (ENOTTY,
// ENODEV, EOPNOTSUPP, EINVAL, EBUSY), naming the trigger.
Revocation revocation(const Trigger& t, const VfioDevice& dev);

// The two halves alone, the same way (restore does nothing for resets).
void revoke(const Trigger& t, const VfioDevice& dev);
void restore(const Trigger& t, const VfioDevice& dev);

// Reads one byte per 64 of the page at `p` (a touch that faults on a
// revoked mapping).
void touch_read(volatile std::uint8_t* p);

// Runs `touch` in a forked child and returns how it ended: the signal that
// killed it, or 0 when it exited normally.
int signal_of_child(void (*touch)(volatile std::uint8_t*), volatile std::uint8_t* where);

} // namespace vfio_dmabuf::cases
