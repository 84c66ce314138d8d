// prime.import_sent_over_socket and prime.import_into_two_drm_fds: one
// dma-buf of the BAR imported by DRM importers that do not share a DRM file:
// another process that received the fd over a UNIX socket, and a second open
// of the same device node.  edu DMA (~20 KiB/s under QEMU) moves a few
// hundred bytes per step.
#include "child_process.hpp"
#include "common.hpp"
#include "edu_case.hpp"
#include "fd_passing.hpp"
#include "revoke_triggers.hpp"
#include "vfio_dmabuf/drm/prime.hpp"
#include "vfio_dmabuf/error.hpp"
#include "vfio_dmabuf/revoke_scope.hpp"
#include "vfio_dmabuf/testing/pattern.hpp"
#include "vulkan_child.hpp"

#include <atomic>
#include <chrono>
#include <optional>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <vector>

using namespace vfio_dmabuf;
using namespace vfio_dmabuf::cases;
using namespace vfio_dmabuf::conformance;
using namespace vfio_dmabuf::drm;
using namespace std::chrono_literals;

namespace
{

constexpr std::uint64_t page = 4096, chunk = 256;

std::vector<std::uint8_t> pattern_bytes(std::uint64_t seed, std::uint64_t base, std::size_t n)
{
	std::vector<std::uint8_t> out(n);
	pattern::fill(out, seed, base);
	return out;
}

// edu DMA-reads [at, at + n) of `obj` (BAR offset `bar` + at) and checks it
// against pattern(seed).
void expect_dma(const EduDrm& edu, const GemHandle& obj, std::uint64_t at, std::uint64_t n,
                std::uint64_t seed, std::uint64_t bar, const std::string& what)
{
	std::vector<std::uint8_t> got(n);
	edu.read(obj, at, got);
	if (auto bad = pattern::first_mismatch(got, seed, bar + at))
		fail(what + ": edu DMA read BAR byte " + hex(*bad) + " as " +
		     hex(got[*bad - bar - at]) + ", expected " + hex(pattern::byte_at(seed, *bad)));
}

struct Shared {
	std::atomic<int> step{0};
	std::atomic<int> revoked_rc{1}; // the child's DMA while revoked: 0 or -errno
	ChildReport report;
};

// Waits for the parent to set `step`; false after 600 s (the parent died).
bool await_step(const Shared& sh, int step)
{
	return wait_until(sh.step, step, 600s);
}

// The receiver: its own open of edu, the received fd imported, a DMA write
// at [0, chunk) (step 1); a DMA read while revoked (step 3); a DMA write at
// [chunk, 2 chunk) after the restore (step 5).
int receiving_child(Shared& sh, int socket, std::uint64_t bar, const std::uint64_t (&seeds)[2])
{
	return report_exceptions(sh.report, [&] {
		std::string tag;
		UniqueFd fd = receive_fd(socket, tag, "the receiving process");
		std::optional<EduDrm> opened;
		try {
			opened.emplace(EduDrm::open());
		} catch (const Error& e) {
			if (e.code() != ENODEV)
				throw;
			sh.report.note(e.what());
			return child_unsupported;
		}
		const EduDrm& edu = *opened;
		GemHandle obj = edu.import(fd.get());
		fd.reset(); // the GEM object keeps the dma-buf
		edu.write(obj, 0, pattern_bytes(seeds[0], bar, chunk));
		sh.step = 1;
		if (!await_step(sh, 2))
			throw Error("the parent never revoked", ETIMEDOUT);
		std::uint8_t probe[64];
		sh.revoked_rc = edu.read_raw(obj.get(), 0, sizeof(probe), probe);
		sh.step = 3;
		if (!await_step(sh, 4))
			throw Error("the parent never restored", ETIMEDOUT);
		edu.write(obj, chunk, pattern_bytes(seeds[1], bar + chunk, chunk));
		sh.step = 5;
		return 0;
	});
}

} // namespace

VFIO_DMABUF_CASE(
        prime_import_sent_over_socket, "prime.import_sent_over_socket",
        "a second process receives the dma-buf fd over a UNIX socket (SCM_RIGHTS), imports it "
        "into its own open of the edu driver, closes the fd and DMA-writes: the sender's import "
        "and the host see the bytes; while PCI_COMMAND_MEMORY is cleared the DMA of both "
        "processes fails with ENODEV, and after the restore the receiver's same import writes "
        "again")
{
	std::uint64_t seed = require_seed(ctx);
	EduDrm edu = require_edu();
	auto [dev, bar] = open_export_target(ctx);
	Range r{ctx.scratch(bar.size, page), page};
	DmaBuf buf = export_dma_buf(dev, bar_index(), {&r, 1});
	GemHandle own = edu.import(buf.fd());
	expect_dma(edu, own, 0, 64, seed, r.offset, "the sender's import before the receiver");
	const std::uint64_t seeds[2] = {seed ^ 0x70534b31, seed ^ 0x70534b32};
	const Trigger& t = triggers().front(); // memory_disable: a revoked window
	check(t.has_window, std::string(t.name) + " has no revoked window");

	SocketPair sp;
	SharedMemory<Shared> sh;
	const int child_socket = sp.child.get();
	ChildProcess child([&] {
		sp.parent.reset();
		return receiving_child(*sh, child_socket, r.offset, seeds);
	});
	sp.child.reset();
	send_fd(sp.parent.get(), buf.fd(), describe({&r, 1}), "the sending process");
	const std::string who = "the receiving process " + std::to_string(child.pid());
	wait_for_child(child, sh->report, [&] { return sh->step >= 1; }, who, "its DMA write");
	ctx.expect_bar(r.offset, chunk, seeds[0]);
	expect_dma(edu, own, 0, chunk, seeds[0], r.offset,
	           "the sender's import after the receiver's write");

	{
		RevokeScope scope(revocation(t, dev), {}); // both idle
		std::uint8_t probe[64];
		int own_rc = edu.read_raw(own.get(), 0, sizeof(probe), probe);
		sh->step = 2;
		wait_for_child(child, sh->report, [&] { return sh->step >= 3; }, who,
		               "its DMA while revoked");
		scope.restore();
		check(own_rc == -ENODEV, std::string("while ") + t.how + ", the sender's DMA " +
		                                 (own_rc ? "failed with " + errno_name(-own_rc)
		                                         : std::string("succeeded")) +
		                                 ", expected ENODEV");
		check(sh->revoked_rc == -ENODEV,
		      std::string("while ") + t.how + ", the receiver's DMA " +
		              (sh->revoked_rc ? "failed with " + errno_name(-sh->revoked_rc)
		                              : std::string("succeeded")) +
		              ", expected ENODEV");
	}
	sh->step = 4;
	wait_for_child(child, sh->report, [&] { return sh->step >= 5; }, who,
	               "its DMA write after the restore");
	ctx.expect_bar(r.offset + chunk, chunk, seeds[1]);
	auto status = child.wait_for(60s);
	check(status && WIFEXITED(*status) && WEXITSTATUS(*status) == 0,
	      who + " " + (status ? describe_wait_status(*status) : "did not exit") + ": " +
	              sh->report.message);
	expect_dma(edu, own, chunk, chunk, seeds[1], r.offset,
	           "the sender's import after the receiver's write after the restore");
	expect_dma(edu, own, 2 * chunk, 64, seed, r.offset, "the bytes after both writes");
	ctx.log("the receiver's DMA reached the sender's import before and after the revoke; "
	        "both got ENODEV while revoked");
}

VFIO_DMABUF_CASE(
        prime_import_into_two_drm_fds, "prime.import_into_two_drm_fds",
        "one dma-buf imported into two separate opens of the edu node: each file gets its own "
        "handle, both export back the same dma-buf, a DMA write through one is read through the "
        "other, and closing one file leaves the other's import working")
{
	std::uint64_t seed = require_seed(ctx);
	EduDrm first = require_edu();
	EduDrm second = EduDrm::open();
	check(first.device().fd() != second.device().fd(), "EduDrm::open() shared one fd");
	auto [dev, bar] = open_export_target(ctx);
	Range r{ctx.scratch(bar.size, page), page};
	DmaBuf buf = export_dma_buf(dev, bar_index(), {&r, 1});
	GemHandle a = first.import(buf.fd());
	GemHandle b = second.import(buf.fd());
	check(!a.same_as(b), "the two DRM files share a handle owner");
	ctx.log("handles " + std::to_string(a.get()) + " (" + first.device().describe() + ") and " +
	        std::to_string(b.get()) + " (" + second.device().describe() + ")");
	const auto original = file_of(buf.fd(), buf.what());
	check(file_of(prime_export(a).fd(), "the first file's export") == original &&
	              file_of(prime_export(b).fd(), "the second file's export") == original,
	      "a handle exports back a dma-buf other than the one imported: two objects");

	const std::uint64_t s1 = seed ^ 0x74776f31, s2 = seed ^ 0x74776f32; // "two1", "two2"
	first.write(a, 0, pattern_bytes(s1, r.offset, chunk));
	ctx.expect_bar(r.offset, chunk, s1);
	expect_dma(second, b, 0, chunk, s1, r.offset, "the second file after a write through the first");
	second.write(b, chunk, pattern_bytes(s2, r.offset + chunk, chunk));
	ctx.expect_bar(r.offset + chunk, chunk, s2);
	expect_dma(first, a, chunk, chunk, s2, r.offset,
	           "the first file after a write through the second");
	a.reset();
	first = EduDrm::open(); // the first file closed (its handle went first)
	expect_dma(second, b, 0, chunk, s1, r.offset, "the second file after the first was closed");
	expect_dma(second, b, 2 * chunk, 64, seed, r.offset, "the bytes after both writes");
}
