// The edu_drm test driver (QEMU's edu device; kernel patch "drm/tiny: add
// edu_drm"): imports dma-bufs dynamically with peer-to-peer support and
// copies between them and user memory with edu's DMA engine.  A chunk of
// just under 4 KiB takes two DMA commands of ~100 ms each under QEMU (about
// 20 KiB/s): keep transfers to tens of KiB.
#pragma once

#include "vfio_dmabuf/drm/device.hpp"
#include "vfio_dmabuf/drm/gem_handle.hpp"

#include <cstdint>
#include <memory>
#include <span>

namespace vfio_dmabuf::drm
{

namespace detail
{
class InFlight;
}

class EduDrm
{
public:
	static constexpr const char* driver_name = "edu";

	// The edu driver's node; Error(ENODEV) saying so when the driver is
	// not loaded or not bound.
	static EduDrm open();
	explicit EduDrm(DrmDevice dev);

	const DrmDevice& device() const noexcept { return dev_; }
	// prime_import() into this device.
	GemHandle import(int dmabuf_fd) const;

	// DRM_IOCTL_EDU_GEM_READ: out.size() bytes at `offset` of the object,
	// fetched by edu DMA.  Throws Error with the driver's errno.
	void read(const GemHandle& obj, std::uint64_t offset, std::span<std::uint8_t> out) const;
	// DRM_IOCTL_EDU_GEM_WRITE: `in` to `offset` of the object by edu DMA.
	void write(const GemHandle& obj, std::uint64_t offset,
	           std::span<const std::uint8_t> in) const;

	// The raw ioctls, for exact errnos: 0 or -errno.
	int read_raw(std::uint32_t handle, std::uint64_t offset, std::uint64_t size, void* data,
	             std::uint32_t flags = 0) const;
	int write_raw(std::uint32_t handle, std::uint64_t offset, std::uint64_t size,
	              const void* data, std::uint32_t flags = 0) const;

	// Each transfer is synchronous: the ioctl returns once edu's DMA for it
	// is done (or failed).  wait_idle() returns once no transfer started
	// through this object (or a copy of it) from any thread is running;
	// the quiesce step before a revoke (see drm/quiescer.hpp).
	void wait_idle() const;
	// How many transfers wait_idle() would wait for right now.
	unsigned transfers_in_flight() const;

private:
	DrmDevice dev_;
	std::shared_ptr<detail::InFlight> in_flight_;
};

} // namespace vfio_dmabuf::drm
