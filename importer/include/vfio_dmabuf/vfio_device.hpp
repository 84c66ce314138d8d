// A PCI device owned through vfio: opened by PCI address through the vfio
// device cdev + iommufd when the kernel has them, else through its IOMMU
// group and a type1 (or no-IOMMU) container.
#pragma once

#include "vfio_dmabuf/mapping.hpp"
#include "vfio_dmabuf/unique_fd.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace vfio_dmabuf
{

struct RegionInfo {
	std::uint32_t index = 0;
	std::uint32_t flags = 0; // VFIO_REGION_INFO_FLAG_*
	std::uint64_t size = 0;
	std::uint64_t offset = 0; // of the region in the device fd

	bool readable() const noexcept;
	bool writable() const noexcept;
	bool mappable() const noexcept;
};

// How the device is reached and its DMA mapped.
enum class AccessMode {
	// The first the kernel offers: iommufd, else the group's container
	// (type1v2 before type1; no-IOMMU for a no-IOMMU group).
	automatic,
	iommufd,        // the vfio device cdev bound to /dev/iommu (Linux 6.6+)
	group_type1,    // the IOMMU group in a legacy container, VFIO_TYPE1_IOMMU
	group_type1v2,  // the same with VFIO_TYPE1v2_IOMMU
	iommufd_compat, // the IOMMU group in iommufd's /dev/vfio/vfio
	                // (CONFIG_IOMMUFD_VFIO_CONTAINER), VFIO_TYPE1v2_IOMMU
	noiommu,        // a no-IOMMU group (vfio.enable_unsafe_noiommu_mode)
};
// "auto", "iommufd", "group-type1", "group-type1v2", "iommufd-compat",
// "noiommu": the names of the CLI's --iommu-mode.
const char* to_string(AccessMode mode) noexcept;
// The reverse; Error(EINVAL) listing the names for anything else.
AccessMode parse_access_mode(const std::string& name);

class VfioDevice
{
public:
	// `bdf` is a full PCI address (0000:01:00.0) or a short one (01:00.0).
	// Throws Error naming the device and the step that failed: no such
	// device, not bound to vfio-pci, no permission, ...
	static VfioDevice open(const std::string& bdf);
	// The same in `mode`; Error(EOPNOTSUPP) naming what is missing when the
	// kernel or the device does not offer it (no cdev, no /dev/iommu, a
	// no-IOMMU group, a legacy container where iommufd's is wanted, ...).
	static VfioDevice open(const std::string& bdf, AccessMode mode);

	const std::string& address() const noexcept { return bdf_; }
	// "iommufd", "group/type1", "group/type1v2", "group/iommufd-compat" or
	// "group/noiommu".
	const std::string& access_mode() const noexcept { return mode_; }
	int fd() const noexcept { return device_.get(); }

	std::uint32_t num_regions() const noexcept { return num_regions_; }
	RegionInfo region(std::uint32_t index) const;
	std::vector<RegionInfo> regions() const;

	// Shared mapping of a whole (mappable) region.
	Mapping map_region(std::uint32_t index, int prot) const;

	// PCI config space through the config region.
	std::uint16_t read_config16(std::uint32_t offset) const;
	void write_config16(std::uint32_t offset, std::uint16_t value) const;

	// PCI_COMMAND_MEMORY through the config region: turning it off revokes
	// every mapping of the BARs (and every dma-buf exported from them).
	bool memory_enabled() const;
	void set_memory_enabled(bool on) const;

	// The config-space offset of the first capability `id` (PCI_CAP_ID_*)
	// in the device's (vfio-virtualized) capability list; 0 when absent.
	std::uint32_t find_capability(std::uint8_t id) const;
	// Sets Initiate Function Level Reset in the PCIe Device Control register
	// through config space, as a guest driver would: vfio-pci resets the
	// function inside the write.  Error(ENOTTY) when the device does not
	// advertise FLR in its Device Capabilities.
	void function_level_reset() const;
	// The power state through the PCI PM capability's PMCSR (0 = D0 ...
	// 3 = D3hot), as a guest driver would write it; vfio-pci revokes the
	// BARs' mappings while the device is out of D0.  Error(ENOTTY) without
	// a PM capability, EINVAL for a state above 3.
	void set_power_state(unsigned state) const;
	unsigned power_state() const;

	// VFIO_DEVICE_RESET (FLR, PM or bus reset, whichever the kernel picks).
	void reset() const;
	// VFIO_DEVICE_PCI_HOT_RESET of the device's dev set, passing the group
	// fd (group mode) or nothing (cdev/iommufd mode) as proof of ownership.
	void hot_reset() const;
	// VFIO_DEVICE_FEATURE_LOW_POWER_ENTRY / _EXIT (runtime PM).
	void low_power_entry() const;
	void low_power_exit() const;

private:
	VfioDevice() = default;

	std::string bdf_;
	std::string mode_;
	UniqueFd iommufd_;
	UniqueFd container_;
	UniqueFd group_;
	UniqueFd device_; // declared last: closed first
	std::uint32_t num_regions_ = 0;
	std::uint32_t device_flags_ = 0;
};

// Normalises "01:00.0" to "0000:01:00.0"; throws Error on malformed input.
std::string normalize_pci_address(const std::string& bdf);

} // namespace vfio_dmabuf
