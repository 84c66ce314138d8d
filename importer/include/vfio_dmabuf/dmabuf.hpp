// An owned dma-buf file descriptor: size, CPU mapping, sync brackets, name,
// sync_file import and export.
#pragma once

#include "vfio_dmabuf/mapping.hpp"
#include "vfio_dmabuf/unique_fd.hpp"

#include <cstdint>
#include <string>

namespace vfio_dmabuf
{

class DmaBuf
{
public:
	DmaBuf() = default;
	// Takes ownership of `fd`; `what` names it in errors ("dma-buf of BAR2
	// of 0000:01:00.0 [0x0, +0x400000)").
	DmaBuf(UniqueFd fd, std::string what);

	int fd() const noexcept { return fd_.get(); }
	const std::string& what() const noexcept { return what_; }
	// Size as the exporter reports it: lseek(fd, 0, SEEK_END).
	std::uint64_t size() const;
	// A new fd for the same dma-buf (for APIs that take ownership).
	UniqueFd dup() const { return fd_.dup(); }
	UniqueFd release() noexcept { return std::move(fd_); }

	// Shared CPU mapping of [offset, offset + length); length 0 = all.
	Mapping map(int prot, std::uint64_t offset = 0, std::uint64_t length = 0) const;

	// DMA_BUF_IOCTL_SYNC with DMA_BUF_SYNC_{START,END} | flags.
	void sync_start(std::uint64_t flags) const;
	void sync_end(std::uint64_t flags) const;

	// DMA_BUF_SET_NAME (shown in /proc/*/fdinfo and debugfs).
	void set_name(const std::string& name) const;

	// Explicit sync with the dma-buf's reservation (Linux 6.0+).
	// DMA_BUF_IOCTL_EXPORT_SYNC_FILE: a sync_file that signals once the
	// fences an access of `flags` (DMA_BUF_SYNC_READ: the writers';
	// DMA_BUF_SYNC_WRITE: readers' and writers') would wait for have.
	UniqueFd export_sync_file(std::uint32_t flags) const;
	// DMA_BUF_IOCTL_IMPORT_SYNC_FILE: adds the fence of `sync_file` to the
	// reservation as a reader (DMA_BUF_SYNC_READ) or writer
	// (DMA_BUF_SYNC_WRITE) fence; later exports and importers wait for it.
	// The fd stays the caller's.
	void import_sync_file(int sync_file, std::uint32_t flags) const;

private:
	UniqueFd fd_;
	std::string what_;
};

// RAII bracket: DMA_BUF_SYNC_START on construction, END on destruction.
class CpuAccess
{
public:
	CpuAccess(const DmaBuf& buf, std::uint64_t flags);
	~CpuAccess();
	CpuAccess(const CpuAccess&) = delete;
	CpuAccess& operator=(const CpuAccess&) = delete;

private:
	const DmaBuf& buf_;
	std::uint64_t flags_;
};

} // namespace vfio_dmabuf
