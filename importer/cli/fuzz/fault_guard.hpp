// Touching memory that may be revoked: in this thread, with SIGBUS and
// SIGSEGV turned into outcomes, or in a forked child.  The handlers are
// installed once for the process (threads share them) and jump back only
// into the thread whose guarded() is running.
#pragma once

#include "vfio_dmabuf/error.hpp"

#include <cerrno>
#include <csetjmp>
#include <csignal>
#include <mutex>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace vfio_dmabuf::fuzz
{

namespace detail
{
inline thread_local sigjmp_buf* touch_jump = nullptr;

inline void on_fault(int sig)
{
	if (touch_jump)
		siglongjmp(*touch_jump, sig);
	signal(sig, SIG_DFL); // a fault outside guarded(): die of it
	raise(sig);
}

inline void install_fault_handlers()
{
	static std::once_flag once;
	std::call_once(once, [] {
		struct sigaction sa {};
		sa.sa_handler = on_fault;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGBUS, &sa, nullptr);
		sigaction(SIGSEGV, &sa, nullptr);
	});
}
} // namespace detail

// Runs `access` (returning "ok" or "mismatch") here: its result, or
// "SIGBUS" / "SIGSEGV".
template <typename F>
std::string guarded(F&& access)
{
	detail::install_fault_handlers();
	sigjmp_buf jump;
	std::string outcome;
	int sig = sigsetjmp(jump, 1);
	if (sig == 0) {
		detail::touch_jump = &jump;
		outcome = access();
	} else {
		outcome = sig == SIGBUS ? "SIGBUS" : "SIGSEGV";
	}
	detail::touch_jump = nullptr;
	return outcome;
}

// Runs `access` in a forked child: "ok", "mismatch", or the signal that
// killed it.  The child only touches memory and exits.
template <typename F>
std::string in_child(F&& access)
{
	pid_t pid = fork();
	if (pid < 0)
		throw_errno("fork for a touch in a child");
	if (pid == 0) {
		signal(SIGBUS, SIG_DFL);
		signal(SIGSEGV, SIG_DFL);
		_exit(access() == "ok" ? 0 : 3);
	}
	int status = 0;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			throw_errno("waitpid for the touching child");
	if (WIFSIGNALED(status))
		return WTERMSIG(status) == SIGBUS    ? "SIGBUS"
		       : WTERMSIG(status) == SIGSEGV ? "SIGSEGV"
		                                     : "signal " + std::to_string(WTERMSIG(status));
	return WEXITSTATUS(status) == 0 ? "ok" : "mismatch";
}

} // namespace vfio_dmabuf::fuzz
