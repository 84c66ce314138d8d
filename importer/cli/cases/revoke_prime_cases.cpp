// revoke.<trigger>.prime_*: the DRM path across a revoke.  A one-page BAR
// scratch range is imported into the edu test driver (a dynamic, P2P
// importer that re-maps on its next DMA after move_notify) and the
// protocol runs through RevokeScope with the edu quiescer.  edu DMA is slow
// under QEMU (~20 KiB/s): every transfer here is at most a few hundred bytes.
#include "common.hpp"
#include "edu_case.hpp"
#include "revoke_triggers.hpp"
#include "vfio_dmabuf/error.hpp"
#include "vfio_dmabuf/revoke_scope.hpp"
#include "vfio_dmabuf/testing/drm/quiescer.hpp"
#include "vfio_dmabuf/testing/pattern.hpp"

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

using namespace vfio_dmabuf;
using namespace vfio_dmabuf::cases;
using namespace vfio_dmabuf::conformance;
using namespace vfio_dmabuf::drm;

namespace
{

constexpr std::uint64_t page = 4096;

// edu DMA-reads `length` bytes at `at` of the import of range `r` and
// checks them against pattern(seed).
void expect_dma_read(const EduDrm& edu, const GemHandle& obj, const Range& r, std::uint64_t at,
                     std::uint64_t length, std::uint64_t seed, const std::string& what)
{
	std::vector<std::uint8_t> got(length);
	edu.read(obj, at, got);
	if (auto bad = pattern::first_mismatch(got, seed, r.offset + at))
		fail(what + ": edu DMA read BAR byte " + hex(*bad) + " as " +
		     hex(got[*bad - r.offset - at]) + ", expected " +
		     hex(pattern::byte_at(seed, *bad)));
}

// What every case here starts from: a one-page BAR scratch range, exported,
// imported into edu, and read once by DMA to show the import works before
// the revoke.  Built in place: the members refer to each other.
struct ImportedScratch {
	explicit ImportedScratch(Context& ctx)
	    : seed(require_seed(ctx)), edu(require_edu()),
	      target(open_export_target(ctx)), r{ctx.scratch(target.bar.size, page), page},
	      buf(export_dma_buf(target.dev, bar_index(), {&r, 1})), obj(edu.import(buf.fd()))
	{
		expect_dma_read(edu, obj, r, 0, 64, seed, "before the revoke");
	}
	ImportedScratch(const ImportedScratch&) = delete;
	ImportedScratch& operator=(const ImportedScratch&) = delete;

	std::uint64_t seed;
	EduDrm edu;
	ExportTarget target;
	Range r;
	DmaBuf buf;
	GemHandle obj;
};

std::string result_of(int rc)
{
	return rc ? errno_name(-rc) : std::string("succeeded");
}

// While revoked, DMA through an existing import fails with ENODEV both
// ways, and the write does not land (the scratch page is undeclared: the
// host checks it too); after the restore the same import reads again.
void prime_dma_fails_enodev(Context& ctx, const Trigger& t)
{
	ImportedScratch scratch(ctx);
	auto& [seed, edu, target, r, buf, obj] = scratch;
	const VfioDevice& dev = target.dev;

	std::vector<std::uint8_t> data(64), junk(64);
	pattern::fill(junk, seed ^ 0x6a756e6b, r.offset); // "junk"
	int rc_read, rc_write;
	{
		RevokeScope scope(revocation(t, dev), {edu_quiescer(edu, [&] {
			                  expect_dma_read(edu, obj, r, 0, 64, seed,
			                                  "after the restore, the same import");
		                  })});
		rc_read = edu.read_raw(obj.get(), 0, data.size(), data.data());
		rc_write = edu.write_raw(obj.get(), 0, junk.size(), junk.data());
		ctx.log("while revoked by " + scope.what() + ": edu DMA read " +
		        result_of(rc_read) + ", write " + result_of(rc_write));
		scope.restore(); // re-validates: the write did not land either
	}
	check(rc_read == -ENODEV,
	      "edu DMA read while revoked: " + result_of(rc_read) + ", expected ENODEV");
	check(rc_write == -ENODEV,
	      "edu DMA write while revoked: " + result_of(rc_write) + ", expected ENODEV");
}

// After the trigger, the same import reads the host's pattern and a DMA
// write lands where it should (declared for the host's check).
void prime_recovers(Context& ctx, const Trigger& t, std::size_t index)
{
	ImportedScratch scratch(ctx);
	auto& [seed, edu, target, r, buf, obj] = scratch;
	const VfioDevice& dev = target.dev;
	{
		RevokeScope scope(revocation(t, dev), {edu_quiescer(edu, [&] {
			                  expect_dma_read(edu, obj, r, page - 200, 200, seed,
			                                  "after the restore, the same import");
		                  })});
		scope.restore();
		ctx.log("edu idle, " + scope.what() + ", restored; the same import reads again");
	}
	const std::uint64_t wseed = seed ^ (0x72707200 + index); // "rpr"
	const std::uint64_t at = 100, n = 300;
	std::vector<std::uint8_t> data(n);
	pattern::fill(data, wseed, r.offset + at);
	ctx.expect_bar(r.offset + at, n, wseed);
	edu.write(obj, at, data);
	expect_dma_read(edu, obj, r, at, n, wseed, "a DMA write after the restore, read back");
}

// The edu quiescer waits for a transfer another thread has running: the
// scope is entered while a 4 KiB DMA read is inside the ioctl, the revoke
// comes only after it returned, so it succeeds with the right bytes.
void prime_quiesce_waits(Context& ctx, const Trigger& t)
{
	ImportedScratch scratch(ctx);
	auto& [seed, edu, target, r, buf, obj] = scratch;
	const VfioDevice& dev = target.dev;

	std::vector<std::uint8_t> got(page);
	std::atomic<int> rc{1};
	std::thread dma([&] { rc = edu.read_raw(obj.get(), 0, got.size(), got.data()); });
	auto end = std::chrono::steady_clock::now() + std::chrono::seconds(10);
	while (edu.transfers_in_flight() == 0 && rc == 1 && std::chrono::steady_clock::now() < end)
		std::this_thread::yield();
	const bool caught = edu.transfers_in_flight() > 0;
	// What is in flight when the revoke itself starts.
	unsigned in_flight_at_revoke = ~0u;
	Revocation rev = revocation(t, dev);
	rev.revoke = [&, inner = std::move(rev.revoke)] {
		in_flight_at_revoke = edu.transfers_in_flight();
		inner();
	};
	{
		RevokeScope scope(std::move(rev), {edu_quiescer(edu)});
		scope.restore();
	}
	dma.join();
	if (!caught)
		throw Environment(
		        "the DMA thread's transfer ended before the scope could wait for it");
	check(in_flight_at_revoke == 0, std::to_string(in_flight_at_revoke) +
	                                        " edu transfer(s) still running when the revoke "
	                                        "started: the quiescer did not wait");
	check(rc == 0, "the DMA the quiescer waited for: " + result_of(rc) + ", expected success");
	if (auto bad = pattern::first_mismatch(got, seed, r.offset))
		fail("the DMA the quiescer waited for read BAR byte " + hex(*bad) + " wrong");
	ctx.log("a 4 KiB edu DMA read on another thread was in flight; " + std::string(t.how) +
	        " waited for it");
}

const bool registered = [] {
	for (std::size_t i = 0; i < triggers().size(); i++) {
		const Trigger* t = &triggers()[i];
		std::string family = std::string("revoke.") + t->name + ".";
		if (t->has_window) {
			registry().push_back(
			        {family + "prime_quiesce_waits_for_dma",
			         std::string(
			                 "RevokeScope with the edu quiescer entered while another "
			                 "thread's edu DMA read is in flight: ") +
			                 t->how +
			                 " comes only after that read returned, which succeeds "
			                 "with the host's pattern",
			         [t](Context& ctx) { prime_quiesce_waits(ctx, *t); }});
			registry().push_back(
			        {family + "prime_dma_fails_enodev",
			         std::string("after ") + t->how +
			                 ", edu DMA through an existing PRIME import fails with "
			                 "ENODEV "
			                 "(read and write; the write does not land); after the "
			                 "restore the same import reads the host's pattern",
			         [t](Context& ctx) { prime_dma_fails_enodev(ctx, *t); }});
		}
		registry().push_back({family + "prime_recovers",
		                      std::string("edu idle, ") + t->how +
		                              (t->has_window ? ", restore" : "") +
		                              " (RevokeScope): the same PRIME import reads the "
		                              "host's pattern by "
		                              "DMA and a DMA write lands in the BAR",
		                      [t, i](Context& ctx) { prime_recovers(ctx, *t, i); }});
	}
	return true;
}();

} // namespace
