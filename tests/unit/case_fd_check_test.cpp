// run_cases()' fd-leak check, and what the cases share for the run
// (Context::shared): the descriptors a shared object declares held are not
// a leak, undeclared ones still are, and the runner releases it all after
// the last case.
#include "conformance/case.hpp"
#include "conformance/runner.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <memory>
#include <string>
#include <unistd.h>
#include <vector>

namespace
{

using namespace vfio_dmabuf::conformance;

// A run-scoped object holding one open descriptor; `closed` tells when it
// went away.
struct HeldFd {
	explicit HeldFd(bool* c) : fd(::open("/dev/null", O_RDONLY | O_CLOEXEC)), closed(c) {}
	HeldFd(const HeldFd&) = delete;
	HeldFd& operator=(const HeldFd&) = delete;
	int fd;
	bool* closed;
	~HeldFd()
	{
		::close(fd);
		*closed = true;
	}
};

std::shared_ptr<HeldFd> open_held(bool* closed)
{
	return std::make_shared<HeldFd>(closed);
}

std::vector<Result> run(std::vector<Case> cases)
{
	Context ctx("0000:00:00.0", 1, false);
	std::vector<const Case*> ptrs;
	for (const Case& c : cases)
		ptrs.push_back(&c);
	return run_cases(ptrs, ctx);
}

TEST(CaseFdCheck, ACaseThatLeavesADescriptorOpenFails)
{
	int leaked = -1;
	auto results = run({{"fdtest.leak", "", [&](Context&) {
		                     leaked = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
	                     }}});
	::close(leaked);
	ASSERT_EQ(results.size(), 1u);
	EXPECT_EQ(results[0].status, Status::fail);
	EXPECT_NE(results[0].detail.find("fd count"), std::string::npos) << results[0].detail;
}

TEST(CaseFdCheck, DescriptorsDeclaredHeldForTheRunAreNotALeakAndAreReleasedAfterTheLastCase)
{
	bool closed = false, open_during_second = false;
	auto make_shared_fd = [&](Context& ctx) {
		std::shared_ptr<void>& slot = ctx.shared("fdtest.object");
		if (!slot) {
			int before = count_open_fds();
			slot = open_held(&closed);
			ctx.add_held_fds(count_open_fds() - before);
		}
	};
	auto results = run({{"fdtest.creates", "", make_shared_fd},
	                    {"fdtest.reuses", "", [&](Context& ctx) {
		                     make_shared_fd(ctx);
		                     open_during_second = !closed;
	                     }}});
	ASSERT_EQ(results.size(), 2u);
	EXPECT_EQ(results[0].status, Status::pass) << results[0].detail;
	EXPECT_EQ(results[1].status, Status::pass) << results[1].detail;
	EXPECT_TRUE(open_during_second) << "the second case got a new object, not the shared one";
	EXPECT_TRUE(closed) << "the shared object outlived the run";
}

TEST(CaseFdCheck, ASharedObjectsUndeclaredDescriptorIsStillALeak)
{
	bool closed = false;
	auto results = run({{"fdtest.undeclared", "", [&](Context& ctx) {
		                     ctx.shared("fdtest.object") = open_held(&closed);
	                     }}});
	ASSERT_EQ(results.size(), 1u);
	EXPECT_EQ(results[0].status, Status::fail);
	EXPECT_TRUE(closed);
}

} // namespace
