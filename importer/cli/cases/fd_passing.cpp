#include "fd_passing.hpp"

#include "../conformance/case.hpp"
#include "vfio_dmabuf/error.hpp"

#include <cerrno>
#include <cstring>
#include <sys/socket.h>

namespace vfio_dmabuf::cases
{

SocketPair::SocketPair()
{
	int sv[2];
	if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0)
		throw conformance::Environment(std::string("socketpair(AF_UNIX, SOCK_SEQPACKET): ") +
		                               std::strerror(errno));
	parent = UniqueFd(sv[0]);
	child = UniqueFd(sv[1]);
}

void send_fd(int socket, int fd, const void* data, std::size_t size, const std::string& what)
{
	iovec iov{const_cast<void*>(data), size};
	alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))]{};
	msghdr msg{};
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control;
	msg.msg_controllen = sizeof(control);
	cmsghdr* c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	std::memcpy(CMSG_DATA(c), &fd, sizeof(int));
	ssize_t n;
	while ((n = ::sendmsg(socket, &msg, MSG_NOSIGNAL)) < 0 && errno == EINTR) {
	}
	if (n < 0)
		throw Error(what + ": sendmsg(SCM_RIGHTS) of fd " + std::to_string(fd), errno);
	if (static_cast<std::size_t>(n) != size)
		throw Error(what + ": sendmsg sent " + std::to_string(n) + " of " +
		                    std::to_string(size) + " bytes",
		            EIO);
}

std::optional<UniqueFd> receive_fd(int socket, void* data, std::size_t size, std::size_t& got,
                                   const std::string& what)
{
	iovec iov{data, size};
	alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))]{};
	msghdr msg{};
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = control;
	msg.msg_controllen = sizeof(control);
	ssize_t n;
	while ((n = ::recvmsg(socket, &msg, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR) {
	}
	if (n < 0)
		throw Error(what + ": recvmsg", errno);
	UniqueFd fd;
	for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS &&
		    c->cmsg_len >= CMSG_LEN(sizeof(int))) {
			int received;
			std::memcpy(&received, CMSG_DATA(c), sizeof(int));
			fd = UniqueFd(received);
		}
	}
	if (n == 0 && !fd)
		return std::nullopt;
	if (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC))
		throw Error(what + ": the message or its descriptors were truncated", EMSGSIZE);
	if (!fd)
		throw Error(what + ": a message without a descriptor", EBADMSG);
	got = static_cast<std::size_t>(n);
	return fd;
}

UniqueFd receive_fd(int socket, std::string& tag, const std::string& what)
{
	char data[256];
	std::size_t got = 0;
	std::optional<UniqueFd> fd = receive_fd(socket, data, sizeof(data), got, what);
	if (!fd)
		throw Error(what + ": the sender closed the socket before sending a descriptor",
		            EPIPE);
	tag.assign(data, got);
	return std::move(*fd);
}

} // namespace vfio_dmabuf::cases
