// A count of operations in progress that others can wait to reach zero.
#pragma once

#include <condition_variable>
#include <mutex>

namespace vfio_dmabuf::drm::detail
{

class InFlight
{
public:
	// Counts one operation for the guard's lifetime.
	class Guard
	{
	public:
		explicit Guard(InFlight& f) : f_(f)
		{
			std::lock_guard lock(f_.mutex_);
			f_.count_++;
		}
		~Guard()
		{
			std::lock_guard lock(f_.mutex_);
			if (--f_.count_ == 0)
				f_.idle_.notify_all();
		}
		Guard(const Guard&) = delete;
		Guard& operator=(const Guard&) = delete;

	private:
		InFlight& f_;
	};

	unsigned count()
	{
		std::lock_guard lock(mutex_);
		return count_;
	}

	void wait_idle()
	{
		std::unique_lock lock(mutex_);
		idle_.wait(lock, [this] { return count_ == 0; });
	}

private:
	std::mutex mutex_;
	std::condition_variable idle_;
	unsigned count_ = 0;
};

} // namespace vfio_dmabuf::drm::detail
