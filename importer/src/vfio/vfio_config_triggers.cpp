// What a guest driver writes to config space to reset a function or change
// its power state, and the capability walk both need.  vfio-pci virtualizes
// these registers: it performs the FLR and the power transition itself (and
// revokes the BARs' mappings and dma-bufs around them).
#include "vfio_dmabuf/error.hpp"
#include "vfio_dmabuf/vfio_device.hpp"

#include <linux/pci_regs.h>

namespace vfio_dmabuf
{

std::uint32_t VfioDevice::find_capability(std::uint8_t id) const
{
	if (!(read_config16(PCI_STATUS) & PCI_STATUS_CAP_LIST))
		return 0;
	std::uint32_t pos = read_config16(PCI_CAPABILITY_LIST) & 0xfc;
	// 48 capabilities of 4 bytes fill the 192 bytes after the header: a
	// longer chain loops.
	for (int n = 0; pos >= 0x40 && n < 48; n++) {
		std::uint16_t header = read_config16(pos);
		if ((header & 0xff) == id)
			return pos;
		pos = (header >> 8) & 0xfc;
	}
	return 0;
}

void VfioDevice::function_level_reset() const
{
	std::uint32_t exp = find_capability(PCI_CAP_ID_EXP);
	if (!exp)
		throw Error(bdf_ + " has no PCI Express capability: no FLR", ENOTTY);
	// PCI_EXP_DEVCAP is 32 bits; FLR is bit 28, in its upper half.
	std::uint32_t devcap = read_config16(exp + PCI_EXP_DEVCAP) |
	                       (std::uint32_t(read_config16(exp + PCI_EXP_DEVCAP + 2)) << 16);
	if (!(devcap & PCI_EXP_DEVCAP_FLR))
		throw Error(bdf_ + " does not advertise Function Level Reset (PCI_EXP_DEVCAP_FLR)",
		            ENOTTY);
	std::uint16_t ctl = read_config16(exp + PCI_EXP_DEVCTL);
	write_config16(exp + PCI_EXP_DEVCTL, ctl | PCI_EXP_DEVCTL_BCR_FLR);
}

void VfioDevice::set_power_state(unsigned state) const
{
	if (state > 3)
		throw Error("power state D" + std::to_string(state) + " for " + bdf_ +
		                    ": PMCSR knows D0 to D3hot",
		            EINVAL);
	std::uint32_t pm = find_capability(PCI_CAP_ID_PM);
	if (!pm)
		throw Error(bdf_ + " has no PCI power management capability", ENOTTY);
	std::uint16_t csr = read_config16(pm + PCI_PM_CTRL);
	csr = static_cast<std::uint16_t>((csr & ~PCI_PM_CTRL_STATE_MASK) | state);
	write_config16(pm + PCI_PM_CTRL, csr);
}

unsigned VfioDevice::power_state() const
{
	std::uint32_t pm = find_capability(PCI_CAP_ID_PM);
	if (!pm)
		throw Error(bdf_ + " has no PCI power management capability", ENOTTY);
	return read_config16(pm + PCI_PM_CTRL) & PCI_PM_CTRL_STATE_MASK;
}

} // namespace vfio_dmabuf
