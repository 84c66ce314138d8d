// A forked child for cases that need a process to misbehave (or die) on its
// own: its body runs after fork() and its return value is the exit status.
// The destructor kills and reaps a child that is still there.  Memory both
// sides see: SharedMemory<T> (an anonymous MAP_SHARED mapping made before
// the fork).
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <new>
#include <optional>
#include <string>
#include <sys/mman.h>
#include <sys/types.h>

namespace vfio_dmabuf::cases
{

class ChildProcess
{
public:
	// Forks; the child runs `body` and _exit()s with its result (255 when
	// it throws).  Environment error when fork fails.
	explicit ChildProcess(const std::function<int()>& body);
	~ChildProcess();
	ChildProcess(const ChildProcess&) = delete;
	ChildProcess& operator=(const ChildProcess&) = delete;

	pid_t pid() const noexcept { return pid_; }
	// The wait status once reaped, else nullopt.  wait_for polls until the
	// child ends or `timeout` passes.
	std::optional<int> poll();
	std::optional<int> wait_for(std::chrono::milliseconds timeout);
	// SIGKILL (if still running) and reap; returns the wait status.
	int kill_and_reap();

private:
	pid_t pid_ = -1;
	std::optional<int> status_;
};

// "exited with 3", "killed by SIGBUS"
std::string describe_wait_status(int status);

// Polls `value` (in SharedMemory: another process sets it) until it is at
// least `at_least`; false when `timeout` passed first.
bool wait_until(const std::atomic<int>& value, int at_least, std::chrono::milliseconds timeout);

template <class T> class SharedMemory
{
public:
	SharedMemory()
	{
		void* p = ::mmap(nullptr, sizeof(T), PROT_READ | PROT_WRITE,
		                 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			throw std::bad_alloc();
		ptr_ = new (p) T();
	}
	~SharedMemory()
	{
		ptr_->~T();
		::munmap(ptr_, sizeof(T));
	}
	SharedMemory(const SharedMemory&) = delete;
	SharedMemory& operator=(const SharedMemory&) = delete;

	T* operator->() const noexcept { return ptr_; }
	T& operator*() const noexcept { return *ptr_; }

private:
	T* ptr_;
};

} // namespace vfio_dmabuf::cases
