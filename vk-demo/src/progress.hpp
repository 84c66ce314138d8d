// Progress lines on stderr: "vk-demo [12.3s]: <what>", the time since the
// program started (one-line errors keep the plain "vk-demo: " prefix).
#pragma once

#include <string>

namespace vk_demo
{

void progress(const std::string& line);
// --quiet: no progress lines.
void set_quiet(bool quiet) noexcept;

} // namespace vk_demo
