// An owned dma-buf file descriptor: size, CPU mapping, sync brackets, name.
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
