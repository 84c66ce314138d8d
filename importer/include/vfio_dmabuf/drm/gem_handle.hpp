// A GEM handle of a DRM file, owned: DRM_IOCTL_GEM_CLOSE exactly once.
//
// PRIME hands out the same handle again when a file imports a dma-buf it
// already imported, so two imports may name one kernel handle.  Handles are
// therefore shared per (file, handle): every GemHandle of the same handle
// shares one owner, and the handle is closed when the last one goes.  A
// GemHandle keeps its DRM file open.
#pragma once

#include "vfio_dmabuf/drm/device.hpp"

#include <cstdint>
#include <memory>

namespace vfio_dmabuf::drm
{

namespace detail
{
struct GemOwner;
}

class GemHandle
{
public:
	GemHandle() noexcept = default;
	GemHandle(GemHandle&&) noexcept = default;
	GemHandle& operator=(GemHandle&&) noexcept = default;
	GemHandle(const GemHandle&) = delete;
	GemHandle& operator=(const GemHandle&) = delete;
	~GemHandle() = default;

	// Takes ownership of `handle`, which a call on `dev` just returned
	// (shares it with existing GemHandles of the same handle).
	static GemHandle adopt(const DrmDevice& dev, std::uint32_t handle);

	std::uint32_t get() const noexcept;
	int drm_fd() const noexcept;
	explicit operator bool() const noexcept { return static_cast<bool>(owner_); }
	// Same kernel handle of the same DRM file.
	bool same_as(const GemHandle& other) const noexcept { return owner_ == other.owner_; }

	// Drops this reference (closing the handle if it was the last).
	void reset() noexcept { owner_.reset(); }

private:
	friend GemHandle prime_import(const DrmDevice& dev, int dmabuf_fd);
	explicit GemHandle(std::shared_ptr<detail::GemOwner> owner) : owner_(std::move(owner)) {}
	std::shared_ptr<detail::GemOwner> owner_;
};

} // namespace vfio_dmabuf::drm
