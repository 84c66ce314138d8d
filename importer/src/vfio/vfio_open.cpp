// Opening a vfio device: cdev + iommufd first, group + container second.
#include "vfio_dmabuf/error.hpp"
#include "vfio_dmabuf/uapi.hpp"
#include "vfio_dmabuf/vfio_device.hpp"

#include <fcntl.h>
#include <filesystem>
#include <sys/ioctl.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace vfio_dmabuf
{
namespace
{

std::string link_name(const fs::path& p)
{
	std::error_code ec;
	auto target = fs::read_symlink(p, ec);
	return ec ? std::string() : target.filename().string();
}

// The vfio cdev node of the device ("/dev/vfio/devices/vfio0"), if the
// kernel has VFIO_DEVICE_CDEV (the vfio-dev class device exists without it,
// but has no "dev" attribute).
std::string cdev_path(const fs::path& sysdev)
{
	std::error_code ec;
	for (const auto& e : fs::directory_iterator(sysdev / "vfio-dev", ec))
		if (fs::exists(e.path() / "dev"))
			return "/dev/vfio/devices/" + e.path().filename().string();
	return {};
}

// throw_errno, plus what to do about a permission error.
[[noreturn]] void fail(const std::string& what, int err)
{
	if (err == EACCES || err == EPERM)
		throw_errno(what + " (needs root, or ownership of the /dev/vfio nodes)", err);
	throw_errno(what, err);
}

} // namespace

VfioDevice VfioDevice::open(const std::string& address)
{
	VfioDevice dev;
	dev.bdf_ = normalize_pci_address(address);
	const std::string& bdf = dev.bdf_;
	fs::path sysdev = fs::path("/sys/bus/pci/devices") / bdf;
	if (!fs::exists(sysdev))
		throw Error("no PCI device " + bdf + " (not in /sys/bus/pci/devices)", ENODEV);
	std::string driver = link_name(sysdev / "driver");
	if (driver.empty())
		throw Error(
		        "PCI device " + bdf +
		                " is bound to no driver; bind it to vfio-pci: echo vfio-pci > " +
		                (sysdev / "driver_override").string() + " && echo " + bdf +
		                " > /sys/bus/pci/drivers_probe",
		        ENODEV);
	// A vfio driver (vfio-pci or a variant) registers a vfio device under
	// the PCI device, with a cdev or not; any other driver does not.
	if (!fs::exists(sysdev / "vfio-dev"))
		throw Error("PCI device " + bdf + " is bound to " + driver +
		                    ", not to vfio-pci; rebind it: echo vfio-pci > " +
		                    (sysdev / "driver_override").string() + " && echo " + bdf +
		                    " > " + (sysdev / "driver/unbind").string() + " && echo " +
		                    bdf + " > /sys/bus/pci/drivers_probe",
		            ENODEV);
	std::string group = link_name(sysdev / "iommu_group");
	std::string cdev = cdev_path(sysdev);

	// 1. vfio device cdev + iommufd (Linux 6.6+).
	if (!cdev.empty() && access("/dev/iommu", F_OK) == 0) {
		int fd = ::open(cdev.c_str(), O_RDWR | O_CLOEXEC);
		if (fd < 0)
			fail("open " + cdev + " (vfio cdev of " + bdf + ")", errno);
		dev.device_.reset(fd);
		dev.iommufd_ = open_file("/dev/iommu", O_RDWR);
		uapi::device_bind_iommufd_args bind{sizeof(bind), 0, dev.iommufd_.get(), 0};
		if (ioctl(dev.device_.get(), uapi::ioctl_device_bind_iommufd, &bind) < 0)
			fail("VFIO_DEVICE_BIND_IOMMUFD on " + cdev + " (" + bdf + ")", errno);
		uapi::iommu_ioas_alloc_args ioas{sizeof(ioas), 0, 0};
		if (ioctl(dev.iommufd_.get(), uapi::ioctl_iommu_ioas_alloc, &ioas) < 0)
			fail("IOMMU_IOAS_ALLOC for " + bdf, errno);
		uapi::device_attach_iommufd_pt_args attach{sizeof(attach), 0, ioas.out_ioas_id};
		if (ioctl(dev.device_.get(), uapi::ioctl_device_attach_iommufd_pt, &attach) < 0)
			fail("VFIO_DEVICE_ATTACH_IOMMUFD_PT for " + bdf, errno);
		dev.mode_ = "iommufd";
	} else {
		// 2. IOMMU group + container.
		if (group.empty())
			throw Error("PCI device " + bdf + " has no IOMMU group", ENODEV);
		bool noiommu = access(("/dev/vfio/noiommu-" + group).c_str(), F_OK) == 0;
		std::string gpath = "/dev/vfio/" + std::string(noiommu ? "noiommu-" : "") + group;
		int gfd = ::open(gpath.c_str(), O_RDWR | O_CLOEXEC);
		if (gfd < 0)
			fail("open " + gpath + " (IOMMU group of " + bdf + ")", errno);
		dev.group_.reset(gfd);
		vfio_group_status status{sizeof(status), 0};
		if (ioctl(gfd, VFIO_GROUP_GET_STATUS, &status) < 0)
			fail("VFIO_GROUP_GET_STATUS on " + gpath, errno);
		if (!(status.flags & VFIO_GROUP_FLAGS_VIABLE))
			throw Error("IOMMU group " + group + " of " + bdf +
			                    " is not viable: bind every device of the group to "
			                    "vfio-pci",
			            EBUSY);
		dev.container_ = open_file("/dev/vfio/vfio", O_RDWR);
		int container = dev.container_.get();
		if (ioctl(gfd, VFIO_GROUP_SET_CONTAINER, &container) < 0)
			fail("VFIO_GROUP_SET_CONTAINER for " + gpath, errno);
		int type = noiommu ? VFIO_NOIOMMU_IOMMU
		           : ioctl(container, VFIO_CHECK_EXTENSION, VFIO_TYPE1v2_IOMMU) > 0
		                   ? VFIO_TYPE1v2_IOMMU
		                   : VFIO_TYPE1_IOMMU;
		if (ioctl(container, VFIO_SET_IOMMU, type) < 0)
			fail("VFIO_SET_IOMMU for " + gpath, errno);
		int fd = ioctl(gfd, VFIO_GROUP_GET_DEVICE_FD, bdf.c_str());
		if (fd < 0)
			fail("VFIO_GROUP_GET_DEVICE_FD " + bdf, errno);
		dev.device_.reset(fd);
		dev.mode_ = noiommu ? "group/noiommu" : "group/type1";
	}

	vfio_device_info info{};
	info.argsz = sizeof(info);
	if (ioctl(dev.device_.get(), VFIO_DEVICE_GET_INFO, &info) < 0)
		fail("VFIO_DEVICE_GET_INFO on " + bdf, errno);
	if (!(info.flags & VFIO_DEVICE_FLAGS_PCI))
		throw Error("vfio device " + bdf + " is not a PCI device", ENODEV);
	dev.num_regions_ = info.num_regions;
	dev.device_flags_ = info.flags;
	return dev;
}

} // namespace vfio_dmabuf
