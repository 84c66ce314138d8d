#include "vfio_dmabuf/version.hpp"

namespace vfio_dmabuf
{

const char* version() noexcept
{
	return VFIO_DMABUF_VERSION_STRING;
}

} // namespace vfio_dmabuf
