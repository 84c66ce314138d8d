// The DEVICE argument shared by the subcommands.
#pragma once

#include <string>

namespace vfio_dmabuf::cli
{

// `arg` if non-empty, else $VFIO_DMABUF_DEVICE; throws Error(EINVAL) when
// neither names a device.
std::string device_or_env(const std::string& arg);

} // namespace vfio_dmabuf::cli
