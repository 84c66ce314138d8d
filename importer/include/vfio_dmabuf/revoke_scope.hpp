// The quiesce -> revoke -> restore protocol for memory a vfio device exports
// as dma-bufs.
//
// Taking a device's memory away (clearing PCI_COMMAND_MEMORY, low-power
// entry, a reset, closing the device) revokes every dma-buf exported from
// it: the exporter zaps CPU mappings and tells importers (move_notify) to
// drop their device mappings.  An application that imported such memory
// into Vulkan or DRM and wants to take the memory away itself does it in
// three steps, which RevokeScope runs in order:
//
//   1. quiesce: every importer that may touch the memory finishes what it
//      has in flight (vkDeviceWaitIdle, no edu DMA running) and starts
//      nothing new until step 3;
//   2. revoke: the Revocation's revoke action (e.g. memory decode off);
//   3. restore: its restore action, then each importer re-validates that
//      the memory is usable again (e.g. a compute pass over the same
//      VkDeviceMemory gives the expected result).
//
//   {
//           RevokeScope scope(revocation::memory_disable(dev),
//                             {vulkan::device_quiescer(vk_device, check),
//                              drm::edu_quiescer(edu)});
//           ... the memory is revoked here: touch nothing ...
//           scope.restore(); // throws when an importer cannot use it again
//   }
//
// Guarantees, when the application keeps to the protocol: nothing is lost
// (the bytes in the BAR are the bytes the importers left there before the
// revoke), the same imports (VkDeviceMemory, GEM handles, CPU mappings)
// work again after restore without a new import, and restore() reports an
// importer that does not recover as an exception.
//
// Caveat, hostile or careless userspace: the revoke itself does not wait for
// anybody.  It is the kernel's self-defence against userspace that keeps
// using the memory, not a synchronisation primitive.  An importer that was
// not quiesced may be killed by SIGBUS (a CPU access through a zapped
// mapping, e.g. lavapipe's worker threads), see VK_ERROR_DEVICE_LOST or fail
// its DMA with ENODEV, and whatever it wrote while the memory was revoked is
// dropped, never written to the device.  Resets (VFIO_DEVICE_RESET, hot
// reset) revoke and restore inside one ioctl: there is no window in which
// the memory stays away, but the device state itself is reset.
//
// Errors are exceptions (vfio_dmabuf::Error or the importer's own): a
// failure while quiescing or revoking leaves the memory as it was (not
// revoked); the destructor restores the memory when restore() was not
// called or its restore action failed, and never throws (a failure there
// goes to the library's log, log.hpp).
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace vfio_dmabuf
{

// How to take the memory away and give it back (see revocation.hpp for the
// vfio device's ways).  `restore` may be empty (resets restore by
// themselves).
struct Revocation {
	std::string what; // "clearing PCI_COMMAND_MEMORY", for messages
	std::function<void()> revoke;
	std::function<void()> restore;
};

// One importer of the memory.  `wait_idle` returns once the importer has no
// work in flight that touches the memory; `revalidate` (may be empty) throws
// unless the memory is usable by this importer again.
struct Quiescer {
	std::string name; // "Vulkan device llvmpipe", for messages
	std::function<void()> wait_idle;
	std::function<void()> revalidate;
};

class RevokeScope
{
public:
	// Waits idle on every quiescer, in order, then revokes.  Throws what
	// they throw; the memory is then not revoked.
	RevokeScope(Revocation revocation, std::vector<Quiescer> quiescers);
	// Restores the memory if restore() has not; a failure is reported
	// through the library's log (log.hpp), never thrown: call restore() to
	// handle it yourself.
	~RevokeScope();
	RevokeScope(const RevokeScope&) = delete;
	RevokeScope& operator=(const RevokeScope&) = delete;

	// Gives the memory back, then re-validates every quiescer in order.
	// Throws Error when called twice.  When the restore action throws, the
	// scope stays revoked (the destructor tries once more); when a
	// revalidation throws, the memory is restored and the rest are not run.
	void restore();
	bool revoked() const noexcept { return revoked_; }
	const std::string& what() const noexcept { return revocation_.what; }

private:
	Revocation revocation_;
	std::vector<Quiescer> quiescers_;
	bool revoked_ = false;
};

} // namespace vfio_dmabuf
