#include "vfio_dmabuf/version.hpp"

#include "commands.hpp"

#include <cstdio>

namespace vfio_dmabuf::cli
{

void print_version()
{
	std::printf("vfio-dmabuf %s\n", vfio_dmabuf::version());
}

} // namespace vfio_dmabuf::cli
