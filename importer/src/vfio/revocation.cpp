#include "vfio_dmabuf/revocation.hpp"

namespace vfio_dmabuf::revocation
{

Revocation memory_disable(const VfioDevice& dev)
{
	return {"clearing PCI_COMMAND_MEMORY of " + dev.address(),
	        [&dev] { dev.set_memory_enabled(false); },
	        [&dev] { dev.set_memory_enabled(true); }};
}

Revocation low_power(const VfioDevice& dev)
{
	return {"low-power entry of " + dev.address(), [&dev] { dev.low_power_entry(); },
	        [&dev] { dev.low_power_exit(); }};
}

Revocation function_level_reset(const VfioDevice& dev)
{
	return {"Initiate FLR in the Device Control register of " + dev.address(),
	        [&dev] { dev.function_level_reset(); }, {}};
}

Revocation d3hot(const VfioDevice& dev)
{
	return {"D3hot through PMCSR of " + dev.address(), [&dev] { dev.set_power_state(3); },
	        [&dev] { dev.set_power_state(0); }};
}

Revocation reset(const VfioDevice& dev)
{
	return {"VFIO_DEVICE_RESET of " + dev.address(), [&dev] { dev.reset(); }, {}};
}

Revocation hot_reset(const VfioDevice& dev)
{
	return {"hot reset of the dev set of " + dev.address(), [&dev] { dev.hot_reset(); }, {}};
}

} // namespace vfio_dmabuf::revocation
