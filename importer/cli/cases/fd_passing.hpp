// Passing a file descriptor to another process as applications do: over a
// UNIX socket with SCM_RIGHTS.  The receiver gets a new descriptor (a new
// number in its own table) for the same open file.
#pragma once

#include "vfio_dmabuf/unique_fd.hpp"

#include <string>

namespace vfio_dmabuf::cases
{

// Both ends of a connected AF_UNIX SOCK_SEQPACKET pair (close-on-exec).
// Environment error when socketpair fails.
struct SocketPair {
	UniqueFd parent, child;
	SocketPair();
};

// Sends `fd` and the text `tag` as one message; Error naming `what` on
// failure.  The fd stays the caller's.
void send_fd(int socket, int fd, const std::string& tag, const std::string& what);

// Receives one message sent by send_fd: the fd (close-on-exec) and its tag
// in `tag`.  Error when the peer closed, sent no descriptor, or the message
// was truncated.
UniqueFd receive_fd(int socket, std::string& tag, const std::string& what);

} // namespace vfio_dmabuf::cases
