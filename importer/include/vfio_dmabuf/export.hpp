// Exporting BAR ranges of a vfio device as a dma-buf (mainline uAPI,
// VFIO_DEVICE_FEATURE_DMA_BUF).
#pragma once

#include "vfio_dmabuf/dmabuf.hpp"
#include "vfio_dmabuf/vfio_device.hpp"

#include <cstdint>
#include <fcntl.h>
#include <span>
#include <string>
#include <vector>

namespace vfio_dmabuf
{

struct Range {
	std::uint64_t offset = 0;
	std::uint64_t length = 0;
};

// Sum of the lengths; throws Error(EOVERFLOW) if it does not fit 64 bits.
std::uint64_t total_length(std::span<const Range> ranges);

// "[0x0, +0x1000) [0x4000, +0x2000)"
std::string describe(std::span<const Range> ranges);

// 0 when the kernel answers the PROBE for VFIO_DEVICE_FEATURE_DMA_BUF,
// otherwise the errno (ENOTTY/EINVAL: a kernel without the feature).
int probe_dma_buf(const VfioDevice& dev);

// Exports `ranges` of BAR `region` as one dma-buf.  Probes first; a kernel
// without the feature gives Error(ENOTTY) saying "this kernel cannot export
// dma-bufs from vfio-pci"; other failures name device, BAR, ranges and errno.
DmaBuf export_dma_buf(const VfioDevice& dev, std::uint32_t region, std::span<const Range> ranges,
                      std::uint32_t open_flags = O_RDWR | O_CLOEXEC);

} // namespace vfio_dmabuf
