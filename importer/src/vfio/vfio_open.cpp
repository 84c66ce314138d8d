// Opening a vfio device in one of the access modes: cdev + iommufd, or the
// IOMMU group in a container (legacy type1/type1v2, iommufd's compat
// container, no-IOMMU).  The automatic choice: cdev + iommufd first.
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

// Whether `container` (an open /dev/vfio/vfio) is iommufd's compat
// container: it answers iommufd's own ioctls, a legacy container ENOTTY.
bool is_iommufd_compat(int container)
{
	uapi::iommu_ioas_alloc_args ioas{sizeof(ioas), 0, 0};
	if (ioctl(container, uapi::ioctl_iommu_ioas_alloc, &ioas) < 0)
		return false;
	uapi::iommu_destroy_args destroy{sizeof(destroy), ioas.out_ioas_id};
	ioctl(container, uapi::ioctl_iommu_destroy, &destroy);
	return true;
}

[[noreturn]] void not_offered(const std::string& bdf, AccessMode mode, const std::string& why)
{
	throw Error(std::string("access mode ") + to_string(mode) + " for " + bdf + ": " + why,
	            EOPNOTSUPP);
}

} // namespace

const char* to_string(AccessMode mode) noexcept
{
	switch (mode) {
	case AccessMode::automatic: return "auto";
	case AccessMode::iommufd: return "iommufd";
	case AccessMode::group_type1: return "group-type1";
	case AccessMode::group_type1v2: return "group-type1v2";
	case AccessMode::iommufd_compat: return "iommufd-compat";
	case AccessMode::noiommu: return "noiommu";
	}
	return "?";
}

AccessMode parse_access_mode(const std::string& name)
{
	for (AccessMode m : {AccessMode::automatic, AccessMode::iommufd, AccessMode::group_type1,
	                     AccessMode::group_type1v2, AccessMode::iommufd_compat,
	                     AccessMode::noiommu})
		if (name == to_string(m))
			return m;
	throw Error("unknown access mode '" + name +
	                    "' (auto, iommufd, group-type1, group-type1v2, iommufd-compat, "
	                    "noiommu)",
	            EINVAL);
}

VfioDevice VfioDevice::open(const std::string& address)
{
	return open(address, AccessMode::automatic);
}

VfioDevice VfioDevice::open(const std::string& address, AccessMode mode)
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
	const bool have_iommufd = !cdev.empty() && access("/dev/iommu", F_OK) == 0;
	if (mode == AccessMode::iommufd && !have_iommufd)
		not_offered(bdf, mode,
		            cdev.empty() ? "the device has no vfio cdev (CONFIG_VFIO_DEVICE_CDEV)"
		                         : "there is no /dev/iommu (CONFIG_IOMMUFD)");

	if (mode == AccessMode::iommufd || (mode == AccessMode::automatic && have_iommufd)) {
		// 1. vfio device cdev + iommufd (Linux 6.6+).
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
		if (mode == AccessMode::noiommu && !noiommu)
			not_offered(bdf, mode,
			            "IOMMU group " + group +
			                    " is a real one (no /dev/vfio/noiommu-" + group +
			                    "; boot with vfio.enable_unsafe_noiommu_mode=1 and no IOMMU)");
		if (noiommu && mode != AccessMode::automatic && mode != AccessMode::noiommu)
			not_offered(bdf, mode,
			            "IOMMU group " + group + " is a no-IOMMU group (/dev/vfio/noiommu-" +
			                    group + "): only noiommu");
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
		const bool compat = !noiommu && is_iommufd_compat(container);
		if (mode == AccessMode::iommufd_compat && !compat)
			not_offered(bdf, mode,
			            "/dev/vfio/vfio is the legacy vfio container "
			            "(CONFIG_VFIO_CONTAINER), not iommufd's");
		if (compat &&
		    (mode == AccessMode::group_type1 || mode == AccessMode::group_type1v2))
			not_offered(bdf, mode,
			            "/dev/vfio/vfio is iommufd's compat container "
			            "(CONFIG_IOMMUFD_VFIO_CONTAINER), not the legacy one");
		if (ioctl(gfd, VFIO_GROUP_SET_CONTAINER, &container) < 0)
			fail("VFIO_GROUP_SET_CONTAINER for " + gpath, errno);
		int type = VFIO_TYPE1v2_IOMMU;
		if (noiommu)
			type = VFIO_NOIOMMU_IOMMU;
		else if (mode == AccessMode::group_type1 ||
		         (mode == AccessMode::automatic &&
		          ioctl(container, VFIO_CHECK_EXTENSION, VFIO_TYPE1v2_IOMMU) <= 0))
			type = VFIO_TYPE1_IOMMU;
		if (ioctl(container, VFIO_CHECK_EXTENSION, type) <= 0)
			not_offered(bdf, mode,
			            "the container does not offer IOMMU type " + std::to_string(type) +
			                    " (VFIO_CHECK_EXTENSION)");
		if (ioctl(container, VFIO_SET_IOMMU, type) < 0)
			fail("VFIO_SET_IOMMU for " + gpath, errno);
		int fd = ioctl(gfd, VFIO_GROUP_GET_DEVICE_FD, bdf.c_str());
		if (fd < 0)
			fail("VFIO_GROUP_GET_DEVICE_FD " + bdf, errno);
		dev.device_.reset(fd);
		dev.mode_ = noiommu  ? "group/noiommu"
		            : compat ? "group/iommufd-compat"
		            : type == VFIO_TYPE1v2_IOMMU ? "group/type1v2"
		                                         : "group/type1";
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
