// Where the library reports what it cannot throw: failures inside
// destructors (a RevokeScope that cannot restore the memory), driver defects
// it works around.  By default one line on stderr, "vfio-dmabuf: <message>".
#pragma once

#include <functional>
#include <string>

namespace vfio_dmabuf
{

enum class LogLevel { warning, error };

using LogHandler = std::function<void(LogLevel, const std::string&)>;

// Replaces the handler (an empty one restores the default); returns the
// previous one.  The handler must not throw.
LogHandler set_log_handler(LogHandler handler);

// Sends `message` to the current handler.
void log(LogLevel level, const std::string& message) noexcept;

} // namespace vfio_dmabuf
