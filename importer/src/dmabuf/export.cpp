#include "vfio_dmabuf/export.hpp"

#include "vfio_dmabuf/error.hpp"
#include "vfio_dmabuf/export_ioctl.hpp"
#include "vfio_dmabuf/uapi.hpp"

#include <cstdio>
#include <cstring>
#include <sys/ioctl.h>
#include <vector>

namespace vfio_dmabuf
{

std::uint64_t total_length(std::span<const Range> ranges)
{
	std::uint64_t sum = 0;
	for (const Range& r : ranges)
		if (__builtin_add_overflow(sum, r.length, &sum))
			throw Error("total length of " + describe(ranges) + " overflows 64 bits",
			            EOVERFLOW);
	return sum;
}

std::string describe(std::span<const Range> ranges)
{
	std::string out;
	char buf[64];
	for (const Range& r : ranges) {
		std::snprintf(buf, sizeof(buf), "%s[0x%llx, +0x%llx)", out.empty() ? "" : " ",
		              (unsigned long long)r.offset, (unsigned long long)r.length);
		out += buf;
	}
	return out.empty() ? "(no ranges)" : out;
}

int probe_dma_buf(const VfioDevice& dev)
{
	vfio_device_feature feature{};
	feature.argsz = sizeof(feature);
	feature.flags = VFIO_DEVICE_FEATURE_PROBE | VFIO_DEVICE_FEATURE_GET | uapi::feature_dma_buf;
	return ::ioctl(dev.fd(), VFIO_DEVICE_FEATURE, &feature) < 0 ? errno : 0;
}

int detail::export_ioctl(int device_fd, std::uint32_t region, std::span<const Range> ranges,
                         std::uint32_t open_flags, std::uint32_t flags, int argsz_delta)
{
	// vfio_device_feature header, then the dma-buf request, then the ranges.
	std::size_t payload =
	        sizeof(uapi::feature_dma_buf_args) + ranges.size() * sizeof(uapi::region_dma_range);
	std::vector<std::uint64_t> storage((sizeof(vfio_device_feature) + payload + 7) / 8 + 1);
	auto* feature = reinterpret_cast<vfio_device_feature*>(storage.data());
	feature->argsz = static_cast<std::uint32_t>(
	        static_cast<long>(sizeof(vfio_device_feature) + payload) + argsz_delta);
	feature->flags = VFIO_DEVICE_FEATURE_GET | uapi::feature_dma_buf;
	uapi::feature_dma_buf_args req{region, open_flags, flags,
	                               static_cast<std::uint32_t>(ranges.size())};
	auto* data = reinterpret_cast<std::uint8_t*>(feature) + sizeof(vfio_device_feature);
	std::memcpy(data, &req, sizeof(req));
	for (std::size_t i = 0; i < ranges.size(); i++) {
		uapi::region_dma_range r{ranges[i].offset, ranges[i].length};
		std::memcpy(data + sizeof(req) + i * sizeof(r), &r, sizeof(r));
	}
	int fd = ::ioctl(device_fd, VFIO_DEVICE_FEATURE, feature);
	return fd < 0 ? -errno : fd;
}

DmaBuf export_dma_buf(const VfioDevice& dev, std::uint32_t region, std::span<const Range> ranges,
                      std::uint32_t open_flags)
{
	std::string what = "dma-buf of region " + std::to_string(region) + " of " + dev.address() +
	                   " " + describe(ranges);
	if (int err = probe_dma_buf(dev))
		throw_errno("VFIO_DEVICE_FEATURE_DMA_BUF probe on " + dev.address() +
		                    ": this kernel cannot export dma-bufs from vfio-pci",
		            err);
	int fd = detail::export_ioctl(dev.fd(), region, ranges, open_flags, 0, 0);
	if (fd < 0)
		throw_errno("export of " + what, -fd);
	return DmaBuf(UniqueFd(fd), what);
}

} // namespace vfio_dmabuf
