#include "vfio_dmabuf/drm/gem_handle.hpp"

#include "drm_file.hpp"

#include <xf86drm.h>

namespace vfio_dmabuf::drm
{

namespace detail
{

GemOwner::~GemOwner()
{
	std::lock_guard guard(file->lock);
	auto it = file->owners.find(handle);
	// A newer owner took the handle over while this one was dying: the
	// kernel handle is its now.
	if (it == file->owners.end() || it->second.first != this)
		return;
	drmCloseBufferHandle(file->fd.get(), handle);
	file->owners.erase(it);
}

std::shared_ptr<GemOwner> own_locked(const std::shared_ptr<DrmFile>& file, std::uint32_t handle)
{
	auto& entry = file->owners[handle];
	if (auto live = entry.second.lock())
		return live;
	auto owner = std::make_shared<GemOwner>(file, handle);
	entry = {owner.get(), owner};
	return owner;
}

} // namespace detail

GemHandle GemHandle::adopt(const DrmDevice& dev, std::uint32_t handle)
{
	std::lock_guard guard(dev.file()->lock);
	return GemHandle(detail::own_locked(dev.file(), handle));
}

std::uint32_t GemHandle::get() const noexcept
{
	return owner_ ? owner_->handle : 0;
}
int GemHandle::drm_fd() const noexcept
{
	return owner_ ? owner_->file->fd.get() : -1;
}

} // namespace vfio_dmabuf::drm
