#include "progress.hpp"

#include <chrono>
#include <cstdio>

namespace vk_demo
{
namespace
{

// Static initialisation: the program's start.
const auto start = std::chrono::steady_clock::now();
bool quiet = false;

} // namespace

void set_quiet(bool q) noexcept
{
	quiet = q;
}

void progress(const std::string& line)
{
	if (quiet)
		return;
	const double t =
	        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
	std::fprintf(stderr, "vk-demo [%.1fs]: %s\n", t, line.c_str());
}

} // namespace vk_demo
