#include "vfio_dmabuf/unique_fd.hpp"

#include "vfio_dmabuf/error.hpp"

#include <fcntl.h>
#include <string>
#include <unistd.h>

namespace vfio_dmabuf
{

void UniqueFd::reset(int fd) noexcept
{
	if (fd_ >= 0 && fd_ != fd)
		::close(fd_);
	fd_ = fd;
}

UniqueFd UniqueFd::dup() const
{
	int fd = ::fcntl(fd_, F_DUPFD_CLOEXEC, 0);
	if (fd < 0)
		throw_errno("dup of fd " + std::to_string(fd_));
	return UniqueFd(fd);
}

UniqueFd open_file(const char* path, int flags)
{
	int fd = ::open(path, flags | O_CLOEXEC);
	if (fd < 0)
		throw_errno(std::string("open ") + path);
	return UniqueFd(fd);
}

} // namespace vfio_dmabuf
