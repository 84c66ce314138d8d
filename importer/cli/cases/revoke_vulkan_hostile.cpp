// revoke.<trigger>.vulkan_hostile: an importer that does not keep to the
// protocol.  A forked child imports a BAR scratch range into its own Vulkan
// device (created after the fork) and keeps filling it with compute, while
// the parent revokes without waiting for it.
//
// The child fills with the pattern of the generation it reads from shared
// memory at the start of each fill: generation 1 before the revoke; the
// parent switches to generation 2 only after the revoke returned.  For the
// triggers with a revoked window (memory disable, low power) the parent then
// lets the child run into the revoked memory, SIGKILLs it if it is still
// there and reaps it, and only then restores.  So every generation-2 byte
// found afterwards was written while the memory was revoked: the case fails
// unless every byte still holds generation 1.  What the child saw (SIGBUS,
// VK_ERROR_DEVICE_LOST, or nothing: its writes were dropped) goes to the
// case log; any other ending fails.
//
// Resets revoke and restore inside the ioctl: there is no window to catch a
// write in.  For them the child may survive (generation-2 fills land after
// the reset, legitimately) or die cleanly as above; every 32-bit word must
// then hold generation 1 or generation 2, nothing else.
//
// Either way the parent's later, fresh import reads exactly the bytes the
// CPU sees, and a final fill through it is declared for the host's check.
#include "child_process.hpp"
#include "revoke_triggers.hpp"
#include "vfio_dmabuf/revoke_scope.hpp"
#include "vfio_dmabuf/testing/pattern.hpp"
#include "vfio_dmabuf/testing/vulkan/checksum_pass.hpp"
#include "vfio_dmabuf/testing/vulkan/fill_pass.hpp"
#include "vfio_dmabuf/vulkan/vk_error.hpp"
#include "vulkan_case.hpp"
#include "vulkan_child.hpp"

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <sys/mman.h>
#include <sys/wait.h>
#include <thread>

using namespace vfio_dmabuf;
using namespace vfio_dmabuf::cases;
using namespace vfio_dmabuf::conformance;
using namespace vfio_dmabuf::vulkan;
using namespace std::chrono_literals;

namespace
{

// What parent and child share (an anonymous MAP_SHARED page).
struct Shared {
	std::atomic<std::uint32_t> generation{1}; // 1 before the revoke, 2 after; 0 stop
	std::atomic<std::uint64_t> fills{0};      // fills completed
	std::atomic<std::uint64_t> fills_gen2{0}; // of them, with generation 2
	ChildReport report;
};
static_assert(std::atomic<std::uint64_t>::is_always_lock_free);

// The child: its own Vulkan instance and device, an import of `buf`, fills
// until told to stop (which the parent never does: it kills it).
int hostile_child(Shared& sh, const DmaBuf& buf, std::uint64_t bar_offset,
                  const std::uint64_t (&seeds)[3], const std::string& vk_device)
{
	return report_exceptions(sh.report, [&] {
		// No validation layer: what this child does after the revoke is
		// expected to fail, and its log would die with it.
		Instance instance(InstanceOptions{.validation = false});
		DeviceRequirements req;
		req.device = vk_device;
		Device device(instance, req);
		ImportedBuffer mem = import_buffer(device, buf, storage_usage);
		FillPass fill(device);
		for (;;) {
			std::uint32_t g = sh.generation.load();
			if (g == 0 || g > 2)
				return 0;
			fill.run(mem.whole(), seeds[g], bar_offset);
			sh.fills++;
			if (g == 2)
				sh.fills_gen2++;
		}
	});
}

// How the child ended, for the log; fails on an ending that is neither
// SIGBUS, VK_ERROR_DEVICE_LOST nor our SIGKILL of a child still running.
std::string judge_fate(int status, bool killed_by_us, const Shared& sh, std::uint64_t fills_before)
{
	std::string after = std::to_string(sh.fills - fills_before) + " fill(s) completed after " +
	                    "the revoke, " + std::to_string(sh.fills_gen2) + " with generation 2";
	if (killed_by_us && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
		return "still running when the parent killed it (" + after + ")";
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGBUS)
		return "died by SIGBUS (" + after + ")";
	if (sh.report.device_lost(status))
		return std::string("got VK_ERROR_DEVICE_LOST (") + sh.report.message + "; " +
		       after + ")";
	fail("the hostile child " + describe_wait_status(status) + " (" + sh.report.message + "; " +
	     after + "): expected SIGBUS, VK_ERROR_DEVICE_LOST or a child still running");
}

// Every 32-bit word of `bytes` (BAR offset `base`) holds one of the
// `seeds`' patterns; fails naming the first that holds neither.  Returns
// how many words hold the second.
std::size_t check_words(std::span<const std::uint8_t> bytes, std::uint64_t base,
                        std::uint64_t first, std::uint64_t second, const std::string& what)
{
	auto a = expected_bytes(first, base, bytes.size());
	auto b = expected_bytes(second, base, bytes.size());
	std::size_t n_second = 0;
	for (std::size_t i = 0; i + 4 <= bytes.size(); i += 4) {
		if (std::memcmp(&bytes[i], &a[i], 4) == 0)
			continue;
		if (std::memcmp(&bytes[i], &b[i], 4) == 0) {
			n_second++;
			continue;
		}
		fail(what + ": the word at BAR " + hex(base + i) +
		     " holds neither generation's pattern");
	}
	return n_second;
}

std::uint64_t seed_for(const Context& ctx, std::size_t trigger, std::uint64_t step)
{
	return write_seed(ctx, 0x5248000 + trigger * 16 + step);
}

void vulkan_hostile(Context& ctx, const Trigger& t, std::size_t index)
{
	require_seed(ctx);
	auto [dev, bar] = open_export_target(ctx);
	const std::uint64_t len = 64 * 1024;
	Range r{ctx.scratch(bar.size, len), len};
	DmaBuf buf = export_dma_buf(dev, bar_index(), {&r, 1});
	// lavapipe imports by mmap, and the proof below reads through one.
	map_or_unsupported(buf, PROT_READ | PROT_WRITE);
	const std::uint64_t seeds[3] = {0, seed_for(ctx, index, 1), seed_for(ctx, index, 2)};
	const std::uint64_t final_seed = seed_for(ctx, index, 3);

	SharedMemory<Shared> sh;
	ChildProcess child(
	        [&] { return hostile_child(*sh, buf, r.offset, seeds, ctx.vk_device()); });
	// Two fills done: the range holds generation 1 everywhere, and the
	// child is in its loop.
	wait_for_child(
	        child, sh->report, [&] { return sh->fills >= 2; }, "the hostile child",
	        "its first two fills");
	ctx.expect_bar(r.offset, len, seeds[1]);
	ctx.log("child " + std::to_string(child.pid()) + " is filling the imported range " +
	        describe({&r, 1}) + " with compute (" + std::to_string(sh->fills) + " fills)");

	std::string fate;
	{
		RevokeScope scope(revocation(t, dev), {}); // hostile: nobody quiesced
		sh->generation = 2;
		const std::uint64_t fills_at_revoke = sh->fills;
		std::optional<int> ended;
		if (t.has_window) {
			// Let it run into the revoked memory.
			ended = child.wait_for(20s);
		} else {
			// The memory is back: let it (try to) fill a few more times.
			auto end = std::chrono::steady_clock::now() + 20s;
			while (!(ended = child.poll()) && sh->fills_gen2 < 3 &&
			       std::chrono::steady_clock::now() < end)
				std::this_thread::sleep_for(20ms);
		}
		int status = child.kill_and_reap();
		fate = judge_fate(status, !ended, *sh, fills_at_revoke);
		ctx.log("after " + scope.what() + " the child " + fate);
		scope.restore(); // only now: the child is gone
	}

	Mapping m = map_or_unsupported(buf, PROT_READ);
	std::vector<std::uint8_t> seen(m.bytes().begin(), m.bytes().end());
	if (t.has_window) {
		if (auto bad = pattern::first_mismatch(seen, seeds[1], r.offset)) {
			std::uint8_t got = seen[*bad - r.offset];
			fail("BAR byte " + hex(*bad) +
			     " changed while the memory was revoked: it is " + hex(got) +
			     (got == pattern::byte_at(seeds[2], *bad)
			              ? ", from a fill the child started after the revoke"
			              : ", neither generation's byte"));
		}
		ctx.log("all " + std::to_string(len) +
		        " bytes hold the last fill before the revoke: no write landed in the "
		        "window");
	} else {
		std::size_t n2 = check_words(seen, r.offset, seeds[1], seeds[2],
		                             "after " + std::string(t.how));
		ctx.log(std::to_string(n2) + " of " + std::to_string(len / 4) +
		        " words from fills after the reset, the rest from before");
	}
	ctx.expect_bar(r.offset, len, seeds[1]); // refined below by the final fill

	// The parent's own, fresh import sees the same bytes and writes.
	VulkanCase vk(ctx);
	{
		DmaBuf fresh = vk.export_importable(dev, {&r, 1});
		ImportedBuffer mem = vk.import_buffer(fresh, storage_usage);
		std::uint32_t want = pattern::checksum32(seen, r.offset / 4);
		std::uint32_t got = ChecksumPass(vk.device()).run(mem.whole(), r.offset / 4);
		check(got == want, "a fresh import after the restore checksums to " + hex(got) +
		                           ", the CPU mapping's bytes give " + hex(want));
		FillPass(vk.device()).run(mem.whole(), final_seed, r.offset);
		ctx.expect_bar(r.offset, len, final_seed);
		check_pattern(m.bytes(), final_seed, r.offset,
		              "a fill through the fresh import, read through the CPU mapping");
	}
	vk.finish();
}

const bool registered = [] {
	for (std::size_t i = 0; i < triggers().size(); i++) {
		const Trigger* t = &triggers()[i];
		std::string expectation =
		        t->has_window
		                ? std::string(
		                          "a child keeps filling an imported scratch range with "
		                          "compute across ") +
		                          t->how +
		                          " without waiting idle: it dies by SIGBUS, gets "
		                          "VK_ERROR_DEVICE_LOST or its writes are dropped; no byte "
		                          "changes while revoked; a later import reads the bytes "
		                          "and "
		                          "writes"
		                : std::string(
		                          "a child keeps filling an imported scratch range with "
		                          "compute across ") +
		                          t->how +
		                          " (no revoked window): it survives or dies by SIGBUS or "
		                          "VK_ERROR_DEVICE_LOST; every word holds a whole fill's "
		                          "data; a later import reads the bytes and writes";
		registry().push_back({std::string("revoke.") + t->name + ".vulkan_hostile",
		                      expectation,
		                      [t, i](Context& ctx) { vulkan_hostile(ctx, *t, i); }});
	}
	return true;
}();

} // namespace
