#include "vfio_dmabuf/log.hpp"

#include <cstdio>
#include <mutex>
#include <utility>

namespace vfio_dmabuf
{
namespace
{

std::mutex handler_mutex;
LogHandler handler;

void to_stderr(LogLevel level, const std::string& message)
{
	std::fprintf(stderr, "vfio-dmabuf: %s%s\n", level == LogLevel::error ? "error: " : "",
	             message.c_str());
}

} // namespace

LogHandler set_log_handler(LogHandler h)
{
	std::lock_guard lock(handler_mutex);
	return std::exchange(handler, std::move(h));
}

void log(LogLevel level, const std::string& message) noexcept
{
	try {
		std::lock_guard lock(handler_mutex);
		if (handler)
			handler(level, message);
		else
			to_stderr(level, message);
	} catch (...) {
		// A handler that throws, or a lock that fails: nowhere left to say it.
	}
}

} // namespace vfio_dmabuf
