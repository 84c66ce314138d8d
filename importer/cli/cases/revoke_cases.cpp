// revoke.*: what a CPU mapping of a dma-buf sees when the device's memory is
// taken away and given back, per trigger (revoke_triggers.cpp), and when the
// device is closed under a live dma-buf.
#include "common.hpp"
#include "edu_case.hpp"
#include "revoke_triggers.hpp"
#include "vfio_dmabuf/error.hpp"
#include "vfio_dmabuf/revoke_scope.hpp"
#include "vfio_dmabuf/testing/pattern.hpp"

#include <csignal>
#include <optional>
#include <sys/mman.h>
#include <vector>

using namespace vfio_dmabuf;
using namespace vfio_dmabuf::cases;
using namespace vfio_dmabuf::conformance;

namespace
{

void touch_write(volatile std::uint8_t* p)
{
	for (int i = 0; i < 4096; i++)
		p[i] = static_cast<std::uint8_t>(~p[i]);
}

void expect_sigbus(void (*touch)(volatile std::uint8_t*), std::uint8_t* where,
                   const std::string& when)
{
	int sig = signal_of_child(touch, where);
	check(sig == SIGBUS,
	      "a child touching the mapping " + when + " " +
	              (sig ? "died by signal " + std::to_string(sig) : std::string("survived")) +
	              ", expected SIGBUS");
}

void expect_pattern(std::span<const std::uint8_t> bytes, std::uint64_t seed, std::uint64_t base,
                    const std::string& what)
{
	if (auto bad = pattern::first_mismatch(bytes, seed, base))
		fail(what + ": BAR byte " + hex(*bad) + " differs from the host's pattern");
}

// A child writing through the mapping while revoked dies by SIGBUS and its
// write does not land (the window is undeclared: the host checks it still
// holds its original pattern).
void cpu_map_sigbus(Context& ctx, const Trigger& t)
{
	std::uint64_t seed = require_seed(ctx);
	auto [dev, bar] = open_export_target(ctx);
	std::uint64_t off = ctx.scratch(bar.size, 64 * 1024);
	Range r{off, 64 * 1024};
	DmaBuf buf = export_dma_buf(dev, bar_index(), {&r, 1});
	Mapping m = map_or_unsupported(buf, PROT_READ | PROT_WRITE);
	expect_pattern(m.bytes(), seed, off, "before revoke");
	revoke(t, dev);
	expect_sigbus(touch_write, m.data(), "while revoked");
	expect_sigbus(touch_read, m.data() + 8192, "while revoked (read)");
	restore(t, dev);
	expect_pattern(m.bytes(), seed, off, "after restore, the child's write");
}

// The same mapping, populated before, reads the right bytes after the
// memory comes back, without a new mmap.
void cpu_map_recovers(Context& ctx, const Trigger& t)
{
	std::uint64_t seed = require_seed(ctx);
	auto [dev, bar] = open_export_target(ctx);
	Range r{bar.size / 8, 256 * 1024};
	DmaBuf buf = export_dma_buf(dev, bar_index(), {&r, 1});
	Mapping m = map_or_unsupported(buf, PROT_READ);
	expect_pattern(m.bytes(), seed, r.offset, "before revoke");
	revoke(t, dev);
	restore(t, dev);
	expect_pattern(m.bytes(), seed, r.offset, "after restore, the old mapping");
}

// Exporting while revoked succeeds, as on mainline: the dma-buf is born
// revoked.  An importer's map fails with ENODEV until the memory returns
// (edu DMA through a PRIME import), and where the exporter has CPU mmap a
// mapping raises SIGBUS; afterwards both read the right bytes.
void new_export_fails(Context& ctx, const Trigger& t)
{
	std::uint64_t seed = require_seed(ctx);
	drm::EduDrm edu = require_edu();
	auto [dev, bar] = open_export_target(ctx);
	Range r{bar.size / 4, 16 * 1024};
	RevokeScope scope(revocation(t, dev), {});
	std::optional<DmaBuf> buf;
	try {
		buf = export_dma_buf(dev, bar_index(), {&r, 1});
	} catch (const Error& e) {
		fail(std::string(
		             "export while revoked failed (mainline returns a revoked dma-buf): ") +
		     e.what());
	}
	// The edu driver maps at import and again before each DMA: the
	// exporter's ENODEV shows at whichever comes first.
	std::optional<drm::GemHandle> obj;
	std::vector<std::uint8_t> got(64);
	try {
		obj = edu.import(buf->fd());
	} catch (const Error& e) {
		check(e.code() == ENODEV, std::string("PRIME import of a dma-buf exported while "
		                                      "revoked: ") +
		                                  e.what() + ", expected ENODEV");
		ctx.log("while revoked: PRIME import (map) fails with ENODEV");
	}
	if (obj) {
		int rc = edu.read_raw(obj->get(), 0, got.size(), got.data());
		check(rc == -ENODEV, "edu DMA from a dma-buf exported while revoked: " +
		                             (rc ? errno_name(-rc) : std::string("succeeded")) +
		                             ", expected ENODEV");
		ctx.log("while revoked: PRIME import succeeds, edu DMA (map) fails with ENODEV");
	}
	std::optional<Mapping> m;
	try {
		m = map_or_unsupported(*buf, PROT_READ);
	} catch (const Unsupported& e) {
		ctx.log(std::string("no CPU mapping to check: ") + e.what());
	}
	if (m)
		expect_sigbus(touch_read, m->data(), "of a dma-buf exported while revoked");
	scope.restore();
	if (!obj)
		obj = edu.import(buf->fd());
	edu.read(*obj, 0, got);
	expect_pattern(got, seed, r.offset,
	               "after restore, edu DMA from the revoked-at-birth import");
	if (m)
		expect_pattern(m->bytes(), seed, r.offset,
		               "after restore, the CPU mapping of the revoked-at-birth dma-buf");
}

const bool registered = [] {
	for (const Trigger& t : triggers()) {
		std::string family = std::string("revoke.") + t.name + ".";
		const Trigger* tp = &t;
		if (t.has_window) {
			registry().push_back(
			        {family + "cpu_map_sigbus",
			         std::string("after ") + t.how +
			                 ", a child writing through a CPU mapping dies by SIGBUS "
			                 "and nothing lands in the BAR; once the memory is back "
			                 "the bytes are intact",
			         [tp](Context& ctx) { cpu_map_sigbus(ctx, *tp); }});
			registry().push_back(
			        {family + "new_export_fails",
			         std::string("an export after ") + t.how +
			                 " succeeds but is born revoked: an importer's map (edu "
			                 "DMA) "
			                 "fails with ENODEV and a CPU mapping raises SIGBUS until "
			                 "the memory returns, then both read the right bytes",
			         [tp](Context& ctx) { new_export_fails(ctx, *tp); }});
		}
		registry().push_back({family + "cpu_map_recovers",
		                      std::string("after ") + t.how +
		                              (tp->has_window ? " and restoring the memory" : "") +
		                              ", an existing CPU mapping reads the right bytes "
		                              "again without a new mmap",
		                      [tp](Context& ctx) { cpu_map_recovers(ctx, *tp); }});
	}
	return true;
}();

} // namespace

VFIO_DMABUF_CASE(reexport_after_restore, "revoke.reexport_after_restore",
                 "after each trigger has revoked and restored the memory, a fresh export "
                 "imports into the edu driver and its DMA reads the right bytes, as does a "
                 "CPU mapping where the exporter has one")
{
	std::uint64_t seed = require_seed(ctx);
	drm::EduDrm edu = require_edu();
	auto [dev, bar] = open_export_target(ctx);
	int done = 0;
	for (const Trigger& t : triggers()) {
		try {
			revoke(t, dev);
			restore(t, dev);
		} catch (const Unsupported& e) {
			ctx.log(std::string(t.name) + ": skipped, " + e.what());
			continue;
		}
		Range r{bar.size / 16, 64 * 1024};
		DmaBuf buf = export_dma_buf(dev, bar_index(), {&r, 1});
		drm::GemHandle obj = edu.import(buf.fd());
		std::vector<std::uint8_t> got(64);
		edu.read(obj, r.length - got.size(), got);
		expect_pattern(got, seed, r.offset + r.length - got.size(),
		               std::string("edu DMA from a fresh export after ") + t.name);
		std::optional<Mapping> m;
		try {
			m = map_or_unsupported(buf, PROT_READ);
		} catch (const Unsupported& e) {
			if (done == 0)
				ctx.log(std::string("no CPU mapping to check: ") + e.what());
		}
		if (m)
			expect_pattern(m->bytes(), seed, r.offset,
			               std::string("CPU mapping of a fresh export after ") +
			                       t.name);
		done++;
	}
	check(done > 0, "no trigger could be performed");
}

VFIO_DMABUF_CASE(
        dmabuf_outlives_device, "revoke.close.dmabuf_outlives_device",
        "closing the vfio device under a live dma-buf and mapping revokes for good: the mapping "
        "raises SIGBUS, the fd stays valid and is released cleanly; a new open exports again")
{
	std::uint64_t seed = require_seed(ctx);
	std::optional<VfioDevice> dev = ctx.open_device();
	require_export(*dev);
	RegionInfo bar = bar_under_test(*dev);
	Range r{bar.size / 8, 32 * 1024};
	DmaBuf buf = export_dma_buf(*dev, bar_index(), {&r, 1});
	Mapping m = map_or_unsupported(buf, PROT_READ);
	expect_pattern(m.bytes(), seed, r.offset, "before close");
	dev.reset(); // close the device (and its group/iommufd)
	expect_sigbus(touch_read, m.data(), "after the device was closed");
	check(buf.size() == r.length, "lseek on the orphaned dma-buf gives " + hex(buf.size()));
	m.reset();
	buf = DmaBuf();
	auto again = ctx.open_device();
	DmaBuf fresh = export_dma_buf(again, bar_index(), {&r, 1});
	Mapping m2 = map_or_unsupported(fresh, PROT_READ);
	expect_pattern(m2.bytes(), seed, r.offset, "export after reopening");
}
