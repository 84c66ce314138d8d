// PRIME: dma-buf fds to GEM handles and back (libdrm drmPrimeFDToHandle /
// drmPrimeHandleToFD).
#pragma once

#include "vfio_dmabuf/dmabuf.hpp"
#include "vfio_dmabuf/drm/device.hpp"
#include "vfio_dmabuf/drm/gem_handle.hpp"

#include <fcntl.h>

namespace vfio_dmabuf::drm
{

// Imports the dma-buf `dmabuf_fd` into `dev` (DRM_IOCTL_PRIME_FD_TO_HANDLE);
// the fd stays the caller's.  A dma-buf this DRM file already imported gives
// the same handle (same_as() the earlier one).  Throws Error with the
// driver's errno: the importer's or the exporter's refusal to attach.
GemHandle prime_import(const DrmDevice& dev, int dmabuf_fd);

// A dma-buf fd for `handle` (DRM_IOCTL_PRIME_HANDLE_TO_FD with `flags`, of
// O_CLOEXEC and O_RDWR); for an imported object, the original dma-buf.
DmaBuf prime_export(const GemHandle& handle, int flags = O_CLOEXEC | O_RDWR);

} // namespace vfio_dmabuf::drm
