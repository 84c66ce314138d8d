// The export ioctl with nothing checked or wrapped, for tests that need the
// exact errno of malformed requests.
#pragma once

#include "vfio_dmabuf/export.hpp"
#include "vfio_dmabuf/vfio_device.hpp"

#include <cstdint>
#include <span>

namespace vfio_dmabuf
{

// The feature ioctl's return value (a dma-buf fd the caller owns) or -errno.
// `argsz_delta` shrinks or grows argsz relative to the real payload.
int export_dma_buf_raw(const VfioDevice& dev, std::uint32_t region, std::span<const Range> ranges,
                       std::uint32_t open_flags, std::uint32_t flags = 0, int argsz_delta = 0);

} // namespace vfio_dmabuf
