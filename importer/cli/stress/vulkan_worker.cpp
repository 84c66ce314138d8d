#include "vulkan_worker.hpp"

#include "../cases/fd_passing.hpp"
#include "vfio_dmabuf/error.hpp"
#include "vfio_dmabuf/testing/pattern.hpp"
#include "vfio_dmabuf/testing/vulkan/checksum_pass.hpp"
#include "vfio_dmabuf/testing/vulkan/device.hpp"
#include "vfio_dmabuf/testing/vulkan/instance.hpp"
#include "vfio_dmabuf/vulkan/buffer_import.hpp"
#include "vfio_dmabuf/vulkan/vk_error.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace vfio_dmabuf::stress
{

using cases::receive_fd;
using cases::send_fd;

namespace
{

constexpr int worker_fd = 3;

struct Request {
	std::uint64_t bar_offset;
};

std::string describe_status(int status)
{
	if (WIFSIGNALED(status)) {
		const char* abbrev = sigabbrev_np(WTERMSIG(status));
		return abbrev ? std::string("SIG") + abbrev : "signal " + std::to_string(WTERMSIG(status));
	}
	return "exit " + std::to_string(WEXITSTATUS(status));
}

void say(int sock, const std::string& text) noexcept
{
	// The parent may be gone; nothing to do about it here.
	(void)!send(sock, text.data(), text.size(), MSG_NOSIGNAL);
}

// The next request and its fd; false at EOF.
bool receive(int sock, Request& rq, UniqueFd& fd)
{
	std::size_t got = 0;
	auto received = receive_fd(sock, &rq, sizeof(rq), got, "stress Vulkan worker");
	if (!received)
		return false;
	if (got != sizeof(rq))
		throw Error("stress Vulkan worker: a request of " + std::to_string(got) +
		                    " bytes, not " + std::to_string(sizeof(rq)),
		            EPROTO);
	fd = std::move(*received);
	return true;
}

} // namespace

VulkanWorker::VulkanWorker(const std::string& exe, std::uint64_t host_seed,
                           const std::string& vk_device)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		throw Error("stress: socketpair for the Vulkan worker", errno);
	sock_ = UniqueFd(sv[0]);
	UniqueFd theirs(sv[1]);
	// Above worker_fd, so that dup2 onto it always makes a new fd without
	// FD_CLOEXEC.
	UniqueFd high(fcntl(theirs.get(), F_DUPFD_CLOEXEC, worker_fd + 1));
	if (high.get() < 0)
		throw Error("stress: fcntl(F_DUPFD_CLOEXEC) for the Vulkan worker", errno);

	posix_spawn_file_actions_t actions;
	posix_spawn_file_actions_init(&actions);
	posix_spawn_file_actions_adddup2(&actions, high.get(), worker_fd);
	std::string fd_text = std::to_string(worker_fd), seed_text = std::to_string(host_seed);
	std::vector<char*> argv{const_cast<char*>(exe.c_str()),
	                        const_cast<char*>(vulkan_worker_command), fd_text.data(),
	                        seed_text.data(), const_cast<char*>(vk_device.c_str()), nullptr};
	int rc = posix_spawn(&pid_, exe.c_str(), &actions, nullptr, argv.data(), environ);
	posix_spawn_file_actions_destroy(&actions);
	if (rc != 0) {
		pid_ = -1;
		throw Error("stress: starting the Vulkan worker " + exe, rc);
	}
}

VulkanWorker::~VulkanWorker()
{
	if (pid_ < 0)
		return;
	sock_.reset(); // EOF: the worker exits (a spare still starting is killed)
	for (int i = 0; i < 200; i++) {
		int status;
		if (waitpid(pid_, &status, WNOHANG) == pid_) {
			pid_ = -1;
			return;
		}
		std::this_thread::sleep_for(std::chrono::milliseconds(10));
	}
	reap(true);
}

std::string VulkanWorker::reap(bool kill_first)
{
	if (pid_ < 0)
		return "no worker";
	if (kill_first)
		kill(pid_, SIGKILL);
	int status = 0;
	pid_t r;
	do
		r = waitpid(pid_, &status, 0);
	while (r < 0 && errno == EINTR);
	pid_ = -1;
	sock_.reset();
	return r < 0 ? "waitpid: " + std::string(std::strerror(errno)) : describe_status(status);
}

std::string VulkanWorker::answer(int timeout_s)
{
	if (pid_ < 0)
		return "no worker";
	pollfd p{sock_.get(), POLLIN, 0};
	int rc;
	do
		rc = poll(&p, 1, timeout_s * 1000);
	while (rc < 0 && errno == EINTR);
	if (rc == 0) {
		reap(true);
		return "timeout";
	}
	char text[512];
	ssize_t n = rc < 0 ? -1 : recv(sock_.get(), text, sizeof(text), 0);
	if (n > 0)
		return std::string(text, static_cast<std::size_t>(n));
	return reap(false); // EOF or ECONNRESET: it ended
}

bool VulkanWorker::request(const DmaBuf& buf, std::uint64_t bar_offset)
{
	if (pid_ < 0)
		return false;
	Request rq{bar_offset};
	try {
		send_fd(sock_.get(), buf.fd(), &rq, sizeof(rq), "stress: a request to the Vulkan worker");
	} catch (const Error&) {
		return false; // it ended: the caller reaps it
	}
	return true;
}

int vulkan_worker_main(int sock, std::uint64_t host_seed, const std::string& vk_device)
{
	// Dies with the stress, and the stress's revoker must not wait for it.
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() == 1)
		return 1;
	try {
		// No validation layer: this process is expected to die by SIGBUS
		// in the middle of a dispatch, and its log would die with it.
		// vulkan.* and revoke.*.vulkan_* run the same import and checksum
		// under validation in the conformance suite.
		vulkan::Instance instance(vulkan::InstanceOptions{.validation = false});
		vulkan::Device device(instance, vulkan::DeviceRequirements{.device = vk_device});
		vulkan::ChecksumPass checksum(device);
		say(sock, "ready");
		std::vector<std::uint8_t> expected;
		for (;;) {
			Request rq;
			UniqueFd fd;
			if (!receive(sock, rq, fd))
				return 0;
			DmaBuf buf(std::move(fd), "a dma-buf the stress sent");
			vulkan::ImportedBuffer mem = vulkan::import_buffer(
			        device, buf, vk::BufferUsageFlagBits::eStorageBuffer);
			std::uint32_t got = checksum.run(mem.whole(), rq.bar_offset / 4);
			std::string outcome = "ok";
			if (host_seed) {
				expected.resize(mem.size());
				pattern::fill(expected, host_seed, rq.bar_offset);
				if (got != pattern::checksum32(expected, rq.bar_offset / 4))
					outcome = "mismatch";
			}
			say(sock, outcome);
		}
	} catch (const vulkan::VulkanError& e) {
		say(sock, vulkan::result_name(e.result()));
		return 4;
	} catch (const std::exception& e) {
		say(sock, std::string("error: ") + e.what());
		return 3;
	}
}

} // namespace vfio_dmabuf::stress
