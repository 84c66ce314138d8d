#include "vfio_dmabuf/drm/prime.hpp"

#include "drm_file.hpp"
#include "vfio_dmabuf/error.hpp"

#include <cerrno>
#include <xf86drm.h>

namespace vfio_dmabuf::drm
{

GemHandle prime_import(const DrmDevice& dev, int dmabuf_fd)
{
	std::lock_guard guard(dev.file()->lock);
	std::uint32_t handle = 0;
	if (drmPrimeFDToHandle(dev.fd(), dmabuf_fd, &handle) != 0)
		throw_errno("PRIME import of dma-buf fd " + std::to_string(dmabuf_fd) + " into " +
		            dev.describe());
	return GemHandle(detail::own_locked(dev.file(), handle));
}

DmaBuf prime_export(const GemHandle& handle, int flags)
{
	int fd = -1;
	if (drmPrimeHandleToFD(handle.drm_fd(), handle.get(), flags, &fd) != 0)
		throw_errno("PRIME export of GEM handle " + std::to_string(handle.get()));
	return DmaBuf(UniqueFd(fd), "PRIME export of GEM handle " + std::to_string(handle.get()));
}

} // namespace vfio_dmabuf::drm
