// Regions, config space and reset of an open vfio device.
#include "vfio_dmabuf/vfio_device.hpp"

#include "vfio_dmabuf/error.hpp"

#include <linux/vfio.h>
#include <sys/ioctl.h>
#include <unistd.h>

namespace vfio_dmabuf
{

bool RegionInfo::readable() const noexcept
{
	return flags & VFIO_REGION_INFO_FLAG_READ;
}
bool RegionInfo::writable() const noexcept
{
	return flags & VFIO_REGION_INFO_FLAG_WRITE;
}
bool RegionInfo::mappable() const noexcept
{
	return flags & VFIO_REGION_INFO_FLAG_MMAP;
}

RegionInfo VfioDevice::region(std::uint32_t index) const
{
	if (index >= num_regions_)
		throw Error(bdf_ + " has " + std::to_string(num_regions_) + " regions, no region " +
		                    std::to_string(index),
		            EINVAL);
	vfio_region_info info{};
	info.argsz = sizeof(info);
	info.index = index;
	if (ioctl(device_.get(), VFIO_DEVICE_GET_REGION_INFO, &info) < 0)
		throw_errno("VFIO_DEVICE_GET_REGION_INFO " + std::to_string(index) + " on " + bdf_);
	return {index, info.flags, info.size, info.offset};
}

std::vector<RegionInfo> VfioDevice::regions() const
{
	std::vector<RegionInfo> out;
	for (std::uint32_t i = 0; i < num_regions_; i++) {
		try {
			out.push_back(region(i));
		} catch (const Error& e) {
			// The VGA region of a non-VGA device answers EINVAL: absent.
			if (e.code() != EINVAL || i != VFIO_PCI_VGA_REGION_INDEX)
				throw;
			out.push_back({i, 0, 0, 0});
		}
	}
	return out;
}

Mapping VfioDevice::map_region(std::uint32_t index, int prot) const
{
	RegionInfo r = region(index);
	std::string what = "region " + std::to_string(index) + " of " + bdf_;
	if (r.size == 0)
		throw Error(what + " is absent (size 0)", ENODEV);
	if (!r.mappable())
		throw Error(what + " cannot be mmapped (no VFIO_REGION_INFO_FLAG_MMAP)", EINVAL);
	return Mapping(device_.get(), static_cast<off_t>(r.offset), r.size, prot, what);
}

std::uint16_t VfioDevice::read_config16(std::uint32_t offset) const
{
	RegionInfo cfg = region(VFIO_PCI_CONFIG_REGION_INDEX);
	std::uint16_t v = 0;
	if (pread(device_.get(), &v, sizeof(v), static_cast<off_t>(cfg.offset + offset)) !=
	    sizeof(v))
		throw_errno("config read at " + std::to_string(offset) + " of " + bdf_);
	return v;
}

void VfioDevice::write_config16(std::uint32_t offset, std::uint16_t value) const
{
	RegionInfo cfg = region(VFIO_PCI_CONFIG_REGION_INDEX);
	if (pwrite(device_.get(), &value, sizeof(value), static_cast<off_t>(cfg.offset + offset)) !=
	    sizeof(value))
		throw_errno("config write at " + std::to_string(offset) + " of " + bdf_);
}

} // namespace vfio_dmabuf
