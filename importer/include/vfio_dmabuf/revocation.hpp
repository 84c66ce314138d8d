// The ways a vfio device's owner takes its memory away and gives it back, as
// Revocations for RevokeScope.  Each keeps a reference to `dev`: the device
// must outlive the scope.
#pragma once

#include "vfio_dmabuf/revoke_scope.hpp"
#include "vfio_dmabuf/vfio_device.hpp"

namespace vfio_dmabuf::revocation
{

// PCI_COMMAND_MEMORY cleared through config space, then set again.
Revocation memory_disable(const VfioDevice& dev);
// VFIO_DEVICE_FEATURE_LOW_POWER_ENTRY, then _EXIT.
Revocation low_power(const VfioDevice& dev);
// Initiate FLR written to the PCIe Device Control register: revokes and
// restores inside the config write.
Revocation function_level_reset(const VfioDevice& dev);
// D3hot written to PMCSR, then D0.
Revocation d3hot(const VfioDevice& dev);
// VFIO_DEVICE_RESET: revokes and restores inside the ioctl.
Revocation reset(const VfioDevice& dev);
// VFIO_DEVICE_PCI_HOT_RESET of the dev set: the same, for every device in it.
Revocation hot_reset(const VfioDevice& dev);

} // namespace vfio_dmabuf::revocation
