#include "vfio_dmabuf/dmabuf.hpp"

#include "vfio_dmabuf/error.hpp"

#include <linux/dma-buf.h>
#include <sys/ioctl.h>
#include <unistd.h>

namespace vfio_dmabuf
{

DmaBuf::DmaBuf(UniqueFd fd, std::string what) : fd_(std::move(fd)), what_(std::move(what))
{
}

std::uint64_t DmaBuf::size() const
{
	off_t end = ::lseek(fd_.get(), 0, SEEK_END);
	if (end < 0)
		throw_errno("lseek(SEEK_END) on " + what_);
	::lseek(fd_.get(), 0, SEEK_SET);
	return static_cast<std::uint64_t>(end);
}

Mapping DmaBuf::map(int prot, std::uint64_t offset, std::uint64_t length) const
{
	if (length == 0)
		length = size() - offset;
	return Mapping(fd_.get(), static_cast<off_t>(offset), length, prot, what_);
}

static void sync(const DmaBuf& buf, std::uint64_t flags)
{
	dma_buf_sync s{flags};
	int rc;
	do
		rc = ::ioctl(buf.fd(), DMA_BUF_IOCTL_SYNC, &s);
	while (rc < 0 && (errno == EINTR || errno == EAGAIN));
	if (rc < 0)
		throw_errno("DMA_BUF_IOCTL_SYNC on " + buf.what());
}

void DmaBuf::sync_start(std::uint64_t flags) const
{
	sync(*this, DMA_BUF_SYNC_START | flags);
}
void DmaBuf::sync_end(std::uint64_t flags) const
{
	sync(*this, DMA_BUF_SYNC_END | flags);
}

void DmaBuf::set_name(const std::string& name) const
{
	if (::ioctl(fd_.get(), DMA_BUF_SET_NAME_B, name.c_str()) < 0)
		throw_errno("DMA_BUF_SET_NAME '" + name + "' on " + what_);
}

UniqueFd DmaBuf::export_sync_file(std::uint32_t flags) const
{
	dma_buf_export_sync_file arg{flags, -1};
	if (::ioctl(fd_.get(), DMA_BUF_IOCTL_EXPORT_SYNC_FILE, &arg) < 0)
		throw_errno("DMA_BUF_IOCTL_EXPORT_SYNC_FILE on " + what_);
	return UniqueFd(arg.fd);
}

void DmaBuf::import_sync_file(int sync_file, std::uint32_t flags) const
{
	dma_buf_import_sync_file arg{flags, sync_file};
	if (::ioctl(fd_.get(), DMA_BUF_IOCTL_IMPORT_SYNC_FILE, &arg) < 0)
		throw_errno("DMA_BUF_IOCTL_IMPORT_SYNC_FILE on " + what_);
}

CpuAccess::CpuAccess(const DmaBuf& buf, std::uint64_t flags) : buf_(buf), flags_(flags)
{
	buf_.sync_start(flags_);
}

CpuAccess::~CpuAccess()
{
	try {
		buf_.sync_end(flags_);
	} catch (...) {
		// END cannot fail meaningfully for our exporter; never throw here.
	}
}

} // namespace vfio_dmabuf
