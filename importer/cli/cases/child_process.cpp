#include "child_process.hpp"

#include "../conformance/case.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace vfio_dmabuf::cases
{

ChildProcess::ChildProcess(const std::function<int()>& body)
{
	pid_ = ::fork();
	if (pid_ < 0)
		throw conformance::Environment(std::string("fork: ") + std::strerror(errno));
	if (pid_ == 0) {
		int rc = 255;
		try {
			rc = body();
		} catch (...) {
		}
		::_exit(rc);
	}
}

ChildProcess::~ChildProcess()
{
	if (pid_ > 0 && !status_)
		kill_and_reap();
}

std::optional<int> ChildProcess::poll()
{
	if (status_)
		return status_;
	int status = 0;
	pid_t r;
	while ((r = ::waitpid(pid_, &status, WNOHANG)) < 0 && errno == EINTR) {
	}
	if (r == pid_)
		status_ = status;
	else if (r < 0)
		throw conformance::Environment(std::string("waitpid: ") + std::strerror(errno));
	return status_;
}

std::optional<int> ChildProcess::wait_for(std::chrono::milliseconds timeout)
{
	auto end = std::chrono::steady_clock::now() + timeout;
	while (!poll() && std::chrono::steady_clock::now() < end)
		std::this_thread::sleep_for(std::chrono::milliseconds(20));
	return status_;
}

int ChildProcess::kill_and_reap()
{
	if (status_)
		return *status_;
	::kill(pid_, SIGKILL);
	int status = 0;
	while (::waitpid(pid_, &status, 0) < 0)
		if (errno != EINTR)
			throw conformance::Environment(std::string("waitpid: ") +
			                               std::strerror(errno));
	status_ = status;
	return status;
}

bool wait_until(const std::atomic<int>& value, int at_least, std::chrono::milliseconds timeout)
{
	auto end = std::chrono::steady_clock::now() + timeout;
	while (value.load() < at_least) {
		if (std::chrono::steady_clock::now() > end)
			return false;
		std::this_thread::sleep_for(std::chrono::milliseconds(5));
	}
	return true;
}

std::string describe_wait_status(int status)
{
	if (WIFSIGNALED(status)) {
		const char* name = sigabbrev_np(WTERMSIG(status));
		return std::string("killed by ") +
		       (name ? std::string("SIG") + name
		             : "signal " + std::to_string(WTERMSIG(status)));
	}
	return "exited with " + std::to_string(WEXITSTATUS(status));
}

} // namespace vfio_dmabuf::cases
