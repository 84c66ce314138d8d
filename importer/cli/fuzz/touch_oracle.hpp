// What a fuzzed touch of a dma-buf mapping may give, and where it runs.
#pragma once

#include <string>

namespace vfio_dmabuf::fuzz
{

struct TouchPlan {
	std::string allowed; // "ok", "SIGSEGV" or "SIGBUS"
	bool here;           // in this process; otherwise in a forked child
};

// A touch the protection refuses faults with SIGSEGV, one of revoked memory
// with SIGBUS.  Only a touch that must succeed, and was not picked for a
// child, runs here; the others run in a forked child, which has no
// MADV_DONTFORK mapping at all (SIGSEGV whatever the memory's state).
inline TouchPlan plan_touch(bool permitted, bool usable, bool pick_child, bool dontfork)
{
	TouchPlan p;
	p.allowed = !permitted ? "SIGSEGV" : !usable ? "SIGBUS" : "ok";
	p.here = !pick_child && p.allowed == "ok";
	if (!p.here && dontfork)
		p.allowed = "SIGSEGV";
	return p;
}

} // namespace vfio_dmabuf::fuzz
