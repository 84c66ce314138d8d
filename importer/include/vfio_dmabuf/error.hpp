// Errors of the vfio-dmabuf library: exceptions that carry errno and the
// context of the failing call (device, region, path, ioctl).
#pragma once

#include <cerrno>
#include <stdexcept>
#include <string>

namespace vfio_dmabuf
{

class Error : public std::runtime_error
{
public:
	// `what` names the failing call and its context; `err` is the errno
	// (0 when the failure is not an OS error).
	Error(const std::string& what, int err);
	explicit Error(const std::string& what) : Error(what, 0) {}

	int code() const noexcept { return err_; }

private:
	int err_;
};

// Throws Error(what + ": " + strerror(err) + " (ENAME)", err).
[[noreturn]] void throw_errno(const std::string& what, int err = errno);

// "EINVAL", "ENODEV", ... for an errno value; "errno N" when unknown.
std::string errno_name(int err);

} // namespace vfio_dmabuf
