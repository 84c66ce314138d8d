#include "vfio_dmabuf/testing/raw_export.hpp"

#include "vfio_dmabuf/export_ioctl.hpp"

namespace vfio_dmabuf
{

int export_dma_buf_raw(const VfioDevice& dev, std::uint32_t region, std::span<const Range> ranges,
                       std::uint32_t open_flags, std::uint32_t flags, int argsz_delta)
{
	return detail::export_ioctl(dev.fd(), region, ranges, open_flags, flags, argsz_delta);
}

} // namespace vfio_dmabuf
