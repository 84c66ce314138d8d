// The operations that take a device's memory away and give it back: memory
// decode off/on, reset, hot reset, low power.
#include "vfio_dmabuf/error.hpp"
#include "vfio_dmabuf/vfio_device.hpp"

#include <linux/pci_regs.h>
#include <linux/vfio.h>
#include <sys/ioctl.h>
#include <vector>

namespace vfio_dmabuf
{

bool VfioDevice::memory_enabled() const
{
	return read_config16(PCI_COMMAND) & PCI_COMMAND_MEMORY;
}

void VfioDevice::set_memory_enabled(bool on) const
{
	std::uint16_t cmd = read_config16(PCI_COMMAND);
	cmd = on ? cmd | PCI_COMMAND_MEMORY : cmd & ~PCI_COMMAND_MEMORY;
	write_config16(PCI_COMMAND, cmd);
}

void VfioDevice::reset() const
{
	if (!(device_flags_ & VFIO_DEVICE_FLAGS_RESET))
		throw Error(bdf_ + " does not support VFIO_DEVICE_RESET (no FLR, PM or bus reset)",
		            ENOTTY);
	if (ioctl(device_.get(), VFIO_DEVICE_RESET) < 0)
		throw_errno("VFIO_DEVICE_RESET on " + bdf_);
}

void VfioDevice::hot_reset() const
{
	// struct vfio_pci_hot_reset followed by its group fd array.
	std::vector<std::uint32_t> buf(sizeof(vfio_pci_hot_reset) / 4 + 1);
	auto* req = reinterpret_cast<vfio_pci_hot_reset*>(buf.data());
	req->argsz = sizeof(*req);
	req->flags = 0;
	req->count = 0;
	if (group_) {
		req->count = 1;
		req->argsz += sizeof(std::int32_t);
		req->group_fds[0] = group_.get();
	}
	if (ioctl(device_.get(), VFIO_DEVICE_PCI_HOT_RESET, req) < 0)
		throw_errno("VFIO_DEVICE_PCI_HOT_RESET on " + bdf_);
}

static void low_power(const VfioDevice& dev, std::uint32_t feature, const char* name)
{
	vfio_device_feature f{};
	f.argsz = sizeof(f);
	f.flags = VFIO_DEVICE_FEATURE_SET | feature;
	if (ioctl(dev.fd(), VFIO_DEVICE_FEATURE, &f) < 0)
		throw_errno(std::string(name) + " on " + dev.address());
}

void VfioDevice::low_power_entry() const
{
	low_power(*this, VFIO_DEVICE_FEATURE_LOW_POWER_ENTRY,
	          "VFIO_DEVICE_FEATURE_LOW_POWER_ENTRY");
}

void VfioDevice::low_power_exit() const
{
	low_power(*this, VFIO_DEVICE_FEATURE_LOW_POWER_EXIT, "VFIO_DEVICE_FEATURE_LOW_POWER_EXIT");
}

} // namespace vfio_dmabuf
