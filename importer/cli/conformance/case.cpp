#include "case.hpp"

#include <cstdio>

namespace vfio_dmabuf::conformance
{

const char* to_string(Status s) noexcept
{
	switch (s) {
	case Status::pass:
		return "pass";
	case Status::fail:
		return "fail";
	case Status::unsupported:
		return "unsupported";
	case Status::error:
		return "error";
	}
	return "?";
}

void fail(const std::string& why, int err)
{
	throw CaseFailure(why, err);
}

void unsupported(const std::string& why, int err)
{
	throw Unsupported(why + " (" + errno_name(err) + ")", err);
}

Context::Context(std::string device, std::uint64_t seed, bool verbose)
    : device_(std::move(device)), seed_(seed), verbose_(verbose)
{
}

VfioDevice Context::open_device() const
{
	try {
		return VfioDevice::open(device_, mode_);
	} catch (const Error& e) {
		throw Environment(e.what(), e.code());
	}
}

std::uint64_t Context::scratch(std::uint64_t bar_size, std::uint64_t bytes)
{
	const std::uint64_t page = 4096;
	std::uint64_t len = (bytes + page - 1) / page * page;
	std::uint64_t half = bar_size / 2;
	if (len > half - scratch_used_)
		throw Environment("the scratch half of the BAR under test (" +
		                          std::to_string(half) + " bytes) is used up",
		                  ENOSPC);
	std::uint64_t off = half + scratch_used_;
	scratch_used_ += len;
	return off;
}

void Context::expect_bar(std::uint64_t offset, std::uint64_t length, std::uint64_t seed)
{
	for (BarExpectation& e : expect_)
		if (e.offset == offset && e.length == length) {
			e.seed = seed;
			return;
		}
	expect_.push_back({offset, length, seed});
}

void Context::release_shared()
{
	shared_.clear();
	held_fds_ = 0;
}

void Context::log(const std::string& line)
{
	lines_.push_back(line);
	if (verbose_)
		std::fprintf(stderr, "    %s\n", line.c_str());
}

std::vector<Case>& registry()
{
	static std::vector<Case> cases;
	return cases;
}

Registration::Registration(const char* name, const char* expectation, void (*fn)(Context&))
{
	registry().push_back({name, expectation, fn});
}

} // namespace vfio_dmabuf::conformance
