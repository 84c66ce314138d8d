#include "device_arg.hpp"

#include "vfio_dmabuf/error.hpp"

#include <cstdlib>

namespace vfio_dmabuf::cli
{

std::string device_or_env(const std::string& arg)
{
	if (!arg.empty())
		return arg;
	if (const char* env = std::getenv("VFIO_DMABUF_DEVICE"); env && *env)
		return env;
	throw Error("no DEVICE given and VFIO_DMABUF_DEVICE is not set", EINVAL);
}

} // namespace vfio_dmabuf::cli
