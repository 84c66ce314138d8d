// Passing a file descriptor to another process as applications do: over a
// UNIX socket with SCM_RIGHTS.  The receiver gets a new descriptor (a new
// number in its own table) for the same open file.
#pragma once

#include "vfio_dmabuf/unique_fd.hpp"

#include <cstddef>
#include <optional>
#include <string>

namespace vfio_dmabuf::cases
{

// Both ends of a connected AF_UNIX SOCK_SEQPACKET pair (close-on-exec).
// Environment error when socketpair fails.
struct SocketPair {
	UniqueFd parent, child;
	SocketPair();
};

// Sends `fd` with the `size` bytes at `data` as one message; Error naming
// `what` on failure.  The fd stays the caller's.
void send_fd(int socket, int fd, const void* data, std::size_t size, const std::string& what);
inline void send_fd(int socket, int fd, const std::string& tag, const std::string& what)
{
	send_fd(socket, fd, tag.data(), tag.size(), what);
}

// Receives one message sent by send_fd: its fd (close-on-exec), and its
// bytes into `data` (at most `size`; `got` says how many).  nullopt when the
// peer closed the socket; Error when the message had no descriptor or was
// truncated.
std::optional<UniqueFd> receive_fd(int socket, void* data, std::size_t size, std::size_t& got,
                                   const std::string& what);
// The same for a text tag; the peer closing first is an Error (EPIPE).
UniqueFd receive_fd(int socket, std::string& tag, const std::string& what);

} // namespace vfio_dmabuf::cases
