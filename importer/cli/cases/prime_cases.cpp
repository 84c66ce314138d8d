// prime.*: BAR dma-bufs imported into DRM.  The positive path needs the
// edu_drm test driver (QEMU's edu device, a real DMA engine): it imports
// dynamically with peer-to-peer support and copies between the imported
// buffer and memory with DMA, so these cases check the DMA addresses the
// exporter's map returns.  Without the driver they are unsupported (ENODEV).
// vgem stands for the static importers the exporter must refuse.
//
// edu completes one DMA command per ~100 ms and a chunk of at most 4 KiB
// takes two: transfers here stay at a few KiB each.
#include "../conformance/runner.hpp"
#include "common.hpp"
#include "edu_case.hpp"
#include "vfio_dmabuf/drm/device.hpp"
#include "vfio_dmabuf/drm/gem_handle.hpp"
#include "vfio_dmabuf/drm/prime.hpp"
#include "vfio_dmabuf/error.hpp"
#include "vfio_dmabuf/testing/drm/edu.hpp"
#include "vfio_dmabuf/testing/pattern.hpp"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <fcntl.h>
#include <linux/pci_regs.h>
#include <sys/stat.h>
#include <vector>

using namespace vfio_dmabuf;
using namespace vfio_dmabuf::cases;
using namespace vfio_dmabuf::conformance;
using namespace vfio_dmabuf::drm;

namespace
{

constexpr std::uint64_t page = 4096;

// Logs the transfer rate of `bytes` moved since `t0`.
void log_rate(Context& ctx, const std::string& what, std::uint64_t bytes,
              std::chrono::steady_clock::time_point t0)
{
	double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
	char buf[160];
	std::snprintf(buf, sizeof(buf), "%s: %llu bytes in %.2f s (%.1f KiB/s)", what.c_str(),
	              (unsigned long long)bytes, s, s > 0 ? bytes / 1024.0 / s : 0.0);
	ctx.log(buf);
}

// A piece of a dma-buf: `length` bytes at dma-buf offset `at` that are BAR
// bytes from `bar_offset` on.
struct Piece {
	std::uint64_t at, bar_offset, length;
};

// Where [at, at + length) of a dma-buf of `ranges` lies in the BAR.
std::vector<Piece> pieces(std::span<const Range> ranges, std::uint64_t at, std::uint64_t length)
{
	std::vector<Piece> out;
	std::uint64_t base = 0;
	for (const Range& r : ranges) {
		if (length && at < base + r.length) {
			std::uint64_t skip = at - base;
			std::uint64_t n = std::min(r.length - skip, length);
			out.push_back({at, r.offset + skip, n});
			at += n;
			length -= n;
		}
		base += r.length;
	}
	if (length)
		throw Environment("range past the end of the dma-buf");
	return out;
}

// `got`, read from dma-buf offset `at`, must be the BAR bytes there:
// pattern(seed) at their BAR offsets.
void check_against_bar(std::span<const std::uint8_t> got, std::uint64_t seed,
                       std::span<const Range> ranges, std::uint64_t at, const std::string& what)
{
	for (const Piece& p : pieces(ranges, at, got.size())) {
		auto part = got.subspan(p.at - at, p.length);
		if (auto bad = pattern::first_mismatch(part, seed, p.bar_offset)) {
			std::uint64_t i = *bad - p.bar_offset;
			fail(what + ": dma-buf byte " + hex(p.at + i) + " (BAR " + hex(*bad) +
			     ") is " + hex(part[i]) + ", expected " +
			     hex(pattern::byte_at(seed, *bad)));
		}
	}
}

std::vector<std::uint8_t> dma_read(const EduDrm& edu, const GemHandle& obj, std::uint64_t at,
                                   std::uint64_t length)
{
	std::vector<std::uint8_t> data(length);
	edu.read(obj, at, data);
	return data;
}

// The kernel's answer to a GEM handle: EINVAL for an out-of-range read
// while the handle exists, ENOENT once it is closed (no DMA is started).
int probe_handle(const EduDrm& edu, std::uint32_t handle, std::uint64_t size)
{
	std::uint8_t byte;
	return -edu.read_raw(handle, size, 1, &byte);
}

} // namespace

VFIO_DMABUF_CASE(prime_import_edu, "prime.import_edu",
                 "a dma-buf of the BAR imports into the edu test driver (a dynamic attachment with "
                 "peer-to-peer) as a GEM handle")
{
	EduDrm edu = require_edu();
	auto [dev, bar] = open_export_target(ctx);
	Range r{0, bar.size / 2};
	DmaBuf buf = export_dma_buf(dev, bar_index(), {&r, 1});
	GemHandle obj = edu.import(buf.fd());
	check(obj.get() != 0, "the import gave GEM handle 0");
	ctx.log("imported " + hex(buf.size()) + " bytes into " + edu.device().describe() +
	        " as handle " + std::to_string(obj.get()));
}

VFIO_DMABUF_CASE(
        prime_dma_read_matches_bar, "prime.dma_read_matches_bar",
        "edu DMA from an imported dma-buf of the BAR's lower half returns the host's pattern at "
        "several offsets and unaligned lengths (within a page, across pages and chunks, the "
        "last bytes)")
{
	std::uint64_t seed = require_seed(ctx);
	EduDrm edu = require_edu();
	auto [dev, bar] = open_export_target(ctx);
	Range r{0, bar.size / 2};
	DmaBuf buf = export_dma_buf(dev, bar_index(), {&r, 1});
	GemHandle obj = edu.import(buf.fd());

	const Piece reads[] = {
	        {0, 0, page},                 // one whole chunk
	        {1, 0, 1},                    // one unaligned byte
	        {page - 1, 0, 2},             // across a page boundary
	        {12345, 0, 5000},             // unaligned, two chunks
	        {bar.size / 4 + 3, 0, 333},   // deep inside
	        {bar.size / 2 - 100, 0, 100}, // the last bytes of the dma-buf
	};
	std::uint64_t total = 0;
	auto t0 = std::chrono::steady_clock::now();
	for (const Piece& p : reads) {
		std::string what = "edu DMA read [" + hex(p.at) + ", +" + hex(p.length) + ")";
		auto data = dma_read(edu, obj, p.at, p.length);
		check_against_bar(data, seed, {&r, 1}, p.at, what);
		total += p.length;
	}
	log_rate(ctx, "edu DMA read (BAR -> edu -> memory)", total, t0);
}

VFIO_DMABUF_CASE(
        prime_dma_write_lands_in_bar, "prime.dma_write_lands_in_bar",
        "bytes written by edu DMA into an imported dma-buf of a scratch slot of the BAR "
        "(unaligned, "
        "three chunks) land in the BAR exactly there: edu reads them back, with the host's "
        "pattern intact around them, and the host finds them in the BAR file")
{
	std::uint64_t seed = require_seed(ctx);
	EduDrm edu = require_edu();
	auto [dev, bar] = open_export_target(ctx);
	const std::uint64_t len = 3 * page;
	const std::uint64_t slot = ctx.scratch(bar.size, len);
	Range r{slot, len};
	DmaBuf buf = export_dma_buf(dev, bar_index(), {&r, 1});
	GemHandle obj = edu.import(buf.fd());

	const std::uint64_t wseed = seed ^ 0x65647557; // "eduW"
	const std::uint64_t at = 100, n = 9000;
	std::vector<std::uint8_t> data(n);
	pattern::fill(data, wseed, slot + at);
	ctx.expect_bar(slot + at, n, wseed);
	auto t0 = std::chrono::steady_clock::now();
	edu.write(obj, at, data);
	log_rate(ctx, "edu DMA write (memory -> edu -> BAR)", n, t0);

	const std::uint64_t margin = 50;
	auto back = dma_read(edu, obj, at - margin, n + 2 * margin);
	std::span<const std::uint8_t> all(back);
	check_against_bar(all.first(margin), seed, {&r, 1}, at - margin, "bytes before the write");
	if (auto bad = pattern::first_mismatch(all.subspan(margin, n), wseed, slot + at))
		fail("written byte at BAR " + hex(*bad) + " reads back as " +
		     hex(all[margin + (*bad - slot - at)]) + ", wrote " +
		     hex(pattern::byte_at(wseed, *bad)));
	check_against_bar(all.last(margin), seed, {&r, 1}, at + n, "bytes after the write");
}

VFIO_DMABUF_CASE(
        prime_multi_range, "prime.multi_range",
        "in a dma-buf of several BAR ranges (out of order, not adjacent), edu DMA across each "
        "range boundary reads the right BAR bytes on both sides, and a write across a boundary "
        "lands in both ranges")
{
	std::uint64_t seed = require_seed(ctx);
	EduDrm edu = require_edu();
	auto [dev, bar] = open_export_target(ctx);

	std::vector<Range> ranges = {{bar.size / 4, 2 * page}, {page, page}, {bar.size / 8, page}};
	DmaBuf buf = export_dma_buf(dev, bar_index(), ranges);
	GemHandle obj = edu.import(buf.fd());
	try {
		dma_read(edu, obj, 0, 1); // the first use maps all ranges
	} catch (const Error& e) {
		if (e.code() != EADDRINUSE)
			throw;
		fail(std::string(e.what()) +
		     ": the exporter could not map the ranges into one IOVA range (stock 7.x: "
		     "dma_buf_phys_vec_to_sgt links every range at IOVA offset 0)");
	}
	const std::uint64_t span = 150;
	for (std::uint64_t boundary : {2 * page, 3 * page}) {
		auto data = dma_read(edu, obj, boundary - span, 2 * span);
		check_against_bar(data, seed, ranges, boundary - span,
		                  "edu DMA read across the range boundary at " + hex(boundary));
	}
	auto whole = dma_read(edu, obj, 2 * page - 10, page + 20);
	check_against_bar(whole, seed, ranges, 2 * page - 10, "edu DMA read over a whole range");

	// Two scratch slots, the later one first: adjacent in the dma-buf,
	// not in the BAR.
	const std::uint64_t a = ctx.scratch(bar.size, page);
	const std::uint64_t b = ctx.scratch(bar.size, page);
	std::vector<Range> wranges = {{b, page}, {a, page}};
	DmaBuf wbuf = export_dma_buf(dev, bar_index(), wranges);
	GemHandle wobj = edu.import(wbuf.fd());
	const std::uint64_t wseed = seed ^ 0x6d756c74; // "mult"
	const std::uint64_t at = page - 600, n = 1000;
	std::vector<std::uint8_t> data(n);
	for (const Piece& p : pieces(wranges, at, n)) {
		pattern::fill(std::span(data).subspan(p.at - at, p.length), wseed, p.bar_offset);
		ctx.expect_bar(p.bar_offset, p.length, wseed);
	}
	edu.write(wobj, at, data);
	auto back = dma_read(edu, wobj, at, n);
	check_against_bar(back, wseed, wranges, at, "edu DMA write across the range boundary");
}

VFIO_DMABUF_CASE(
        prime_vgem_refused, "prime.vgem_refused",
        "importing a dma-buf of the BAR into vgem (a static importer without peer-to-peer) fails "
        "with EOPNOTSUPP, every time, leaking no fd; the dma-buf stays usable")
{
	auto dev = ctx.open_device();
	require_export(dev);
	bar_under_test(dev);
	DrmDevice vgem = [] {
		try {
			return DrmDevice::open_driver("vgem");
		} catch (const Error& e) {
			if (e.code() == ENODEV)
				unsupported(e.what(), ENODEV);
			throw;
		}
	}();
	Range r{0, 16 * page};
	DmaBuf buf = export_dma_buf(dev, bar_index(), {&r, 1});

	const int before = count_open_fds();
	for (int i = 0; i < 3; i++) {
		try {
			GemHandle h = prime_import(vgem, buf.fd());
			fail("vgem imported the BAR dma-buf as handle " + std::to_string(h.get()) +
			     ": a static importer attached");
		} catch (const Error& e) {
			check(e.code() == EOPNOTSUPP,
			      std::string("vgem import refused with ") + errno_name(e.code()) +
			              " (" + e.what() + "), mainline refuses with EOPNOTSUPP");
			if (i == 0)
				ctx.log(e.what());
		}
	}
	check(::fcntl(buf.fd(), F_GETFD) >= 0, "the refused import closed the caller's dma-buf fd");
	check(count_open_fds() == before, "fd count changed over the refused imports");

	// The refusals left nothing behind that breaks a proper importer.
	try {
		EduDrm edu = EduDrm::open();
		GemHandle obj = edu.import(buf.fd());
		if (std::uint64_t seed = ctx.seed()) {
			auto data = dma_read(edu, obj, 0, 64);
			check_against_bar(data, seed, {&r, 1}, 0,
			                  "edu DMA after the refused vgem imports");
		}
	} catch (const Error& e) {
		if (e.code() != ENODEV)
			throw;
		ctx.log("no edu driver: not checking the dma-buf with a peer-to-peer importer");
	}
}

VFIO_DMABUF_CASE(
        prime_import_after_close_fails, "prime.import_after_close_fails",
        "once the vfio device is closed its dma-buf is revoked: a new import into edu fails "
        "with ENODEV, and DMA through an earlier import fails with ENODEV (its mapping was "
        "dropped on invalidation and cannot be re-created)")
{
	std::uint64_t seed = require_seed(ctx);
	EduDrm edu = require_edu();
	Range r{0, 2 * page};
	DmaBuf buf;
	GemHandle early;
	{
		auto dev = ctx.open_device();
		require_export(dev);
		bar_under_test(dev);
		buf = export_dma_buf(dev, bar_index(), {&r, 1});
		early = edu.import(buf.fd());
		auto data = dma_read(edu, early, 0, 64);
		check_against_bar(data, seed, {&r, 1}, 0, "edu DMA while the device is open");
	} // closes the vfio device: the exporter revokes the dma-buf

	std::uint8_t data[64];
	int rc = edu.read_raw(early.get(), 0, sizeof(data), data);
	check(rc == -ENODEV, "edu DMA read through the earlier import after close: " +
	                             (rc ? errno_name(-rc) : std::string("succeeded")) +
	                             ", expected ENODEV");
	rc = edu.write_raw(early.get(), 0, sizeof(data), data);
	check(rc == -ENODEV, "edu DMA write through the earlier import after close: " +
	                             (rc ? errno_name(-rc) : std::string("succeeded")) +
	                             ", expected ENODEV");

	// Another DRM file: the same file would hand back the earlier handle.
	EduDrm other(DrmDevice::open(edu.device().path()));
	try {
		GemHandle late = other.import(buf.fd());
		fail("the dma-buf of the closed device imported as handle " +
		     std::to_string(late.get()));
	} catch (const Error& e) {
		check(e.code() == ENODEV, std::string("import after close refused with ") +
		                                  errno_name(e.code()) + ", expected ENODEV");
	}
}

VFIO_DMABUF_CASE(
        prime_handle_roundtrip, "prime.handle_roundtrip",
        "GEM handle -> dma-buf fd -> GEM handle gives the same object: the exported fd is the "
        "imported dma-buf itself, re-importing it (or the original fd) gives the same handle, "
        "and that handle is closed once, when its last owner goes")
{
	EduDrm edu = require_edu();
	auto dev = ctx.open_device();
	require_export(dev);
	bar_under_test(dev);
	Range r{0, 4 * page};
	DmaBuf buf = export_dma_buf(dev, bar_index(), {&r, 1});

	GemHandle first = edu.import(buf.fd());
	DmaBuf again = prime_export(first);
	struct stat a {
	}, b{};
	if (::fstat(buf.fd(), &a) != 0 || ::fstat(again.fd(), &b) != 0)
		throw_errno("fstat of the dma-buf fds");
	check(a.st_ino == b.st_ino && a.st_dev == b.st_dev,
	      "handle -> fd gave another file than the imported dma-buf");
	check(again.size() == buf.size(),
	      "the exported fd has size " + hex(again.size()) + ", not " + hex(buf.size()));

	GemHandle second = edu.import(again.fd());
	GemHandle third = edu.import(buf.fd());
	check(second.get() == first.get() && third.get() == first.get(),
	      "re-imports gave handles " + std::to_string(second.get()) + ", " +
	              std::to_string(third.get()) + " for handle " + std::to_string(first.get()));
	check(second.same_as(first) && third.same_as(first),
	      "the re-imports do not share the owner");

	const std::uint32_t handle = first.get();
	first.reset();
	second.reset();
	int err = probe_handle(edu, handle, buf.size());
	check(err == EINVAL, "with one owner left the handle answers " + errno_name(err) +
	                             ", expected EINVAL (alive, read out of range)");
	third.reset();
	err = probe_handle(edu, handle, buf.size());
	check(err == ENOENT, "after the last owner the handle answers " + errno_name(err) +
	                             ", expected ENOENT (closed)");
}

VFIO_DMABUF_CASE(
        prime_revoke_then_remap, "prime.revoke_then_remap",
        "clearing the memory enable bit of the device revokes its dma-buf: edu DMA through "
        "an import fails with ENODEV; once it is set again the next DMA maps the buffer again "
        "and reads the host's pattern")
{
	std::uint64_t seed = require_seed(ctx);
	EduDrm edu = require_edu();
	auto dev = ctx.open_device();
	require_export(dev);
	bar_under_test(dev);
	Range r{0, page};
	DmaBuf buf = export_dma_buf(dev, bar_index(), {&r, 1});
	GemHandle obj = edu.import(buf.fd());
	check_against_bar(dma_read(edu, obj, 0, 64), seed, {&r, 1}, 0, "edu DMA before the revoke");

	const std::uint16_t cmd = dev.read_config16(PCI_COMMAND);
	check(cmd & PCI_COMMAND_MEMORY, "memory decoding is off before the case");
	dev.write_config16(PCI_COMMAND, cmd & ~PCI_COMMAND_MEMORY);
	std::uint8_t data[64];
	int rc = edu.read_raw(obj.get(), 0, sizeof(data), data);
	dev.write_config16(PCI_COMMAND, cmd);
	check(rc == -ENODEV,
	      "edu DMA while revoked: " + (rc ? errno_name(-rc) : std::string("succeeded")) +
	              ", expected ENODEV");

	check_against_bar(dma_read(edu, obj, 0, 64), seed, {&r, 1}, 0,
	                  "edu DMA after the un-revoke");
}
