#include "vfio_dmabuf/error.hpp"

#include <cstring>

namespace vfio_dmabuf
{

Error::Error(const std::string& what, int err) : std::runtime_error(what), err_(err)
{
}

std::string errno_name(int err)
{
	const char* name = strerrorname_np(err);
	return name ? name : "errno " + std::to_string(err);
}

void throw_errno(const std::string& what, int err)
{
	throw Error(what + ": " + std::strerror(err) + " (" + errno_name(err) + ")", err);
}

} // namespace vfio_dmabuf
