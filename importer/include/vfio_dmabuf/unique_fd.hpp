// A move-only owning file descriptor: closed exactly once.
#pragma once

#include <utility>

namespace vfio_dmabuf
{

class UniqueFd
{
public:
	UniqueFd() noexcept = default;
	explicit UniqueFd(int fd) noexcept : fd_(fd) {}
	UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
	UniqueFd& operator=(UniqueFd&& other) noexcept
	{
		if (this != &other)
			reset(std::exchange(other.fd_, -1));
		return *this;
	}
	UniqueFd(const UniqueFd&) = delete;
	UniqueFd& operator=(const UniqueFd&) = delete;
	~UniqueFd() { reset(); }

	int get() const noexcept { return fd_; }
	bool valid() const noexcept { return fd_ >= 0; }
	explicit operator bool() const noexcept { return valid(); }

	// Gives up ownership (e.g. to an API that takes it on success).
	int release() noexcept { return std::exchange(fd_, -1); }
	void reset(int fd = -1) noexcept;

	// A new owning descriptor for the same file (F_DUPFD_CLOEXEC).
	UniqueFd dup() const;

private:
	int fd_ = -1;
};

// open(2) that throws Error naming `path` on failure.
UniqueFd open_file(const char* path, int flags);

} // namespace vfio_dmabuf
