// The export ioctl itself, shared by export_dma_buf() and the test support's
// raw export (never installed).
#pragma once

#include "vfio_dmabuf/export.hpp"

#include <cstdint>
#include <span>

namespace vfio_dmabuf::detail
{

// VFIO_DEVICE_FEATURE(GET | DMA_BUF) on `device_fd`: the dma-buf fd or
// -errno.  `argsz_delta` shrinks or grows argsz relative to the real payload.
int export_ioctl(int device_fd, std::uint32_t region, std::span<const Range> ranges,
                 std::uint32_t open_flags, std::uint32_t flags, int argsz_delta);

} // namespace vfio_dmabuf::detail
