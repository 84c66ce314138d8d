#include "revoke_stress.hpp"
#include "vulkan_worker.hpp"

#include "fuzz/fault_guard.hpp"
#include "fuzz/rng.hpp"
#include "vfio_dmabuf/error.hpp"
#include "vfio_dmabuf/export.hpp"
#include "vfio_dmabuf/revocation.hpp"
#include "vfio_dmabuf/testing/drm/edu.hpp"
#include "vfio_dmabuf/testing/pattern.hpp"
#include "vfio_dmabuf/vfio_device.hpp"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>
#include <sys/mman.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace vfio_dmabuf::stress
{
namespace
{

using clock = std::chrono::steady_clock;

struct Shared {
	Shared(const Options& o, const VfioDevice& d) : opts(o), dev(d) {}
	const Options& opts;
	const VfioDevice& dev;
	std::string exe; // this executable, for the Vulkan workers
	std::uint64_t bar_size = 0;
	std::uint64_t page = 4096;
	std::atomic<bool> stop{false};
	std::mutex lock;
	fuzz::OutcomeTable table;
	std::atomic<std::uint64_t> seq{0};
	std::atomic<unsigned> vulkan_started{0}; // workers that answered their first start

	bool record(const std::string& kind, const std::string& outcome,
	            const fuzz::Allowed& allowed, const std::string& detail)
	{
		std::lock_guard<std::mutex> g(lock);
		bool ok = table.record(seq++, kind, outcome, allowed, detail);
		if (!ok)
			std::fprintf(stderr, "stress: UNEXPECTED %s %s: %s, allowed %s\n", kind.c_str(),
			             detail.c_str(), outcome.c_str(), fuzz::describe(allowed).c_str());
		return ok;
	}

	// 8 bytes at `where`, which maps BAR offset `bar_off`: "ok" or "mismatch".
	std::string read8(const volatile std::uint8_t* where, std::uint64_t bar_off) const
	{
		for (int i = 0; i < 8; i++) {
			std::uint8_t got = where[i];
			if (opts.host_seed && got != pattern::byte_at(opts.host_seed, bar_off + i))
				return "mismatch";
		}
		return "ok";
	}

	// A random range of 1 to 16 pages in the lower half of the BAR, which
	// holds the host's pattern (nothing here writes; `vfio-dmabuf fuzz`
	// writes into the upper half).
	Range range(fuzz::Rng& rng) const
	{
		const std::uint64_t pages = bar_size / 2 / page;
		std::uint64_t n = 1 + rng.below(16);
		std::uint64_t first = rng.below(pages - n);
		return {first * page, n * page};
	}
};

std::string errno_of(const Error& e)
{
	return fuzz::errno_outcome(e.code() ? e.code() : EIO);
}

// A worker's export of a random range, counted; an empty DmaBuf when it
// failed (always unexpected: a dma-buf exported while revoked is born
// revoked).
DmaBuf export_counted(Shared& s, const Range& r)
{
	try {
		DmaBuf buf = export_dma_buf(s.dev, s.opts.bar, {&r, 1});
		s.record("export", "fd", {"fd"}, "");
		return buf;
	} catch (const Error& e) {
		s.record("export", errno_of(e), {"fd"}, describe(std::span(&r, 1)));
		return {};
	}
}

// Export, map, read in this thread (SIGBUS when the read races a revoke).
void cpu_worker(Shared& s, std::uint64_t seed, bool child)
{
	fuzz::Rng rng(seed);
	const std::string kind = child ? "child_read" : "cpu_read";
	while (!s.stop) {
		Range r = s.range(rng);
		DmaBuf buf = export_counted(s, r);
		if (buf.fd() < 0)
			return;
		Mapping m;
		try {
			m = buf.map(PROT_READ);
		} catch (const Error& e) {
			s.record("mmap", errno_of(e), {"ok"}, describe(std::span(&r, 1)));
			continue;
		}
		for (int i = 0; i < 8 && !s.stop; i++) {
			const std::uint64_t at = s.page * rng.below(r.length / s.page) + 8 * rng.below(s.page / 8);
			const volatile std::uint8_t* where = m.data() + at;
			auto access = [&] { return s.read8(where, r.offset + at); };
			std::string outcome = child ? fuzz::in_child(access) : fuzz::guarded(access);
			if (!s.record(kind, outcome, {"ok", "SIGBUS"}, "BAR offset " + std::to_string(r.offset + at)))
				return;
		}
	}
}

// Export, PRIME-import into edu_drm, DMA 64 bytes.
void edu_worker(Shared& s, std::uint64_t seed)
{
	fuzz::Rng rng(seed);
	drm::EduDrm edu = drm::EduDrm::open();
	while (!s.stop) {
		Range r = s.range(rng);
		DmaBuf buf = export_counted(s, r);
		if (buf.fd() < 0)
			return;
		drm::GemHandle obj;
		try {
			obj = edu.import(buf.fd());
		} catch (const Error& e) {
			// A new attach is refused while revoked.
			if (!s.record("prime_import_edu", errno_of(e), {"ok", "ENODEV"}, ""))
				return;
			continue;
		}
		s.record("prime_import_edu", "ok", {"ok", "ENODEV"}, "");
		const std::uint64_t at = s.page * rng.below(r.length / s.page);
		std::uint8_t data[64];
		int rc = edu.read_raw(obj.get(), at, sizeof(data), data);
		std::string outcome = fuzz::errno_outcome(rc);
		if (rc == 0 && s.opts.host_seed &&
		    pattern::first_mismatch({data, sizeof(data)}, s.opts.host_seed, r.offset + at))
			outcome = "mismatch";
		if (!s.record("edu_read", outcome, {"ok", "ENODEV"}, "BAR offset " + std::to_string(r.offset + at)))
			return;
	}
}

// Export, send to a Vulkan worker process, which imports and checksums it
// with compute.  A worker that died (SIGBUS: the driver's read raced a
// revoke) or lost its device is counted and replaced by a spare started
// in advance (a start takes seconds: it compiles the compute pipeline).
void vulkan_thread(Shared& s, std::uint64_t seed)
{
	// Generous for TCG and the debug kernel.
	constexpr int start_timeout_s = 300, answer_timeout_s = 120;
	fuzz::Rng rng(seed);
	auto spawn = [&] {
		return std::make_unique<VulkanWorker>(s.exe, s.opts.host_seed, s.opts.vk_device);
	};
	auto pid_of = [](const VulkanWorker& w) { return "worker pid " + std::to_string(w.pid()); };
	auto started = [&](VulkanWorker& w) {
		return s.record("vulkan_start", w.answer(start_timeout_s), {"ready"}, pid_of(w));
	};
	// One checksum of a random range: its outcome, or "" when it was not
	// allowed (or the export failed).
	auto checksum = [&](VulkanWorker& w, const fuzz::Allowed& allowed) -> std::string {
		Range r = s.range(rng);
		DmaBuf buf = export_counted(s, r);
		if (buf.fd() < 0)
			return "";
		w.request(buf, r.offset); // when it is gone, answer() says how it ended
		std::string outcome = w.answer(answer_timeout_s);
		bool ok = s.record("vulkan_checksum", outcome, allowed,
		                   pid_of(w) + ", BAR " + describe(std::span(&r, 1)));
		return ok ? outcome : "";
	};

	// The first checksum comes before any revoke (run() waits for it): it
	// must be the bytes' checksum.
	auto current = spawn();
	const bool first_ok = started(*current) && checksum(*current, {"ok"}) == "ok";
	s.vulkan_started++;
	if (!first_ok)
		return;
	auto spare = spawn();
	while (!s.stop) {
		std::string outcome = checksum(*current, {"ok", "SIGBUS", "VK_ERROR_DEVICE_LOST"});
		if (outcome.empty())
			return;
		if (outcome == "ok")
			continue;
		current = std::move(spare); // the old one has ended
		if (!started(*current))
			return;
		spare = spawn();
	}
}

struct NamedTrigger {
	const char* name;
	Revocation (*make)(const VfioDevice&);
	bool has_window;
	bool may_be_busy;
};

} // namespace

Report run(const Options& opts)
{
	VfioDevice dev = VfioDevice::open(opts.device);
	Shared s(opts, dev);
	s.bar_size = dev.region(opts.bar).size;
	s.page = static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
	if (s.bar_size < 32 * s.page)
		throw Error(opts.device + ": BAR" + std::to_string(opts.bar) + " is too small to stress",
		            ENODEV);
	if (!dev.memory_enabled())
		dev.set_memory_enabled(true);
	if (opts.vulkan_workers) {
		char exe[4096];
		ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
		if (n < 0)
			throw Error("stress: readlink /proc/self/exe, to start the Vulkan workers", errno);
		s.exe.assign(exe, static_cast<std::size_t>(n));
	}

	// The revoker's own view: one page, mapped once for the whole run.
	Range probe{0, s.page};
	DmaBuf probe_buf = export_dma_buf(dev, opts.bar, {&probe, 1});
	Mapping probe_map = probe_buf.map(PROT_READ);
	auto probe_read = [&] {
		const volatile std::uint8_t* p = probe_map.data();
		return fuzz::guarded([&] { return s.read8(p, 0); });
	};

	static const NamedTrigger triggers[] = {
	        {"memory_disable", revocation::memory_disable, true, false},
	        {"low_power", revocation::low_power, true, false},
	        {"reset", revocation::reset, false, false},
	        {"hot_reset", revocation::hot_reset, false, true},
	};
	Report report;
	for (const auto& t : triggers)
		report.triggers += std::string(report.triggers.empty() ? "" : " ") + t.name;

	std::vector<std::thread> workers;
	std::uint64_t n = 0;
	auto start = [&](auto&& fn) {
		workers.emplace_back([&s, fn, seed = opts.seed + ++n] {
			try {
				fn(s, seed);
			} catch (const std::exception& e) {
				s.record("worker", std::string("error: ") + e.what(), {}, "");
			}
		});
	};
	auto t0 = clock::now();
	for (unsigned i = 0; i < opts.cpu_workers; i++)
		start([](Shared& sh, std::uint64_t seed) { cpu_worker(sh, seed, false); });
	for (unsigned i = 0; i < opts.child_workers; i++)
		start([](Shared& sh, std::uint64_t seed) { cpu_worker(sh, seed, true); });
	for (unsigned i = 0; i < opts.edu_workers; i++)
		start(edu_worker);
	for (unsigned i = 0; i < opts.vulkan_workers; i++)
		start(vulkan_thread);

	// The cycles start once every Vulkan worker has its device and one
	// checksum (or failed): otherwise a short run would race only their
	// start.
	auto failed = [&] {
		std::lock_guard<std::mutex> g(s.lock);
		return !s.table.unexpected().empty();
	};
	for (unsigned i = 0; s.vulkan_started < opts.vulkan_workers && !failed() && i < 3100; i++)
		std::this_thread::sleep_for(std::chrono::milliseconds(100));
	if (opts.vulkan_workers)
		std::fprintf(stderr, "stress: %u Vulkan worker(s) started in %.1f s\n",
		             s.vulkan_started.load(),
		             std::chrono::duration<double>(clock::now() - t0).count());

	fuzz::Rng rng(opts.seed);
	auto last_progress = t0;
	bool ok = true;
	for (unsigned c = 0; c < opts.cycles && ok; c++) {
		for (const auto& t : triggers) {
			Revocation r = t.make(dev);
			// A hot reset trylocks every device's memory_lock and answers
			// EBUSY on contention (vfio_pci_dev_set_hot_reset): retried.
			const fuzz::Allowed allowed = t.may_be_busy ? fuzz::Allowed{"ok", "EBUSY"}
			                                            : fuzz::Allowed{"ok"};
			std::string revoke_outcome;
			for (int attempt = 0; attempt < 1000 && revoke_outcome != "ok"; attempt++) {
				if (attempt)
					std::this_thread::sleep_for(std::chrono::milliseconds(1));
				revoke_outcome = "ok";
				try {
					r.revoke();
				} catch (const Error& e) {
					revoke_outcome = errno_of(e);
				}
				ok &= s.record(std::string("revoke.") + t.name, revoke_outcome, allowed, "");
				if (revoke_outcome != "EBUSY")
					break;
			}
			if (t.has_window) {
				std::this_thread::sleep_for(std::chrono::microseconds(rng.below(3000)));
				ok &= s.record("revoked_read", probe_read(), {"SIGBUS"}, t.name);
			}
			if (r.restore) {
				std::string restore_outcome = "ok";
				try {
					r.restore();
				} catch (const Error& e) {
					restore_outcome = errno_of(e);
				}
				ok &= s.record(std::string("restore.") + t.name, restore_outcome, {"ok"}, "");
			}
			ok &= s.record("restored_read", probe_read(), {"ok"}, t.name);
			std::this_thread::sleep_for(std::chrono::microseconds(rng.below(3000)));
		}
		report.cycles_done = c + 1;
		if (std::chrono::duration<double>(clock::now() - last_progress).count() >= 30) {
			last_progress = clock::now();
			std::fprintf(stderr, "stress: %u of %u cycles per trigger, %.0f s\n", c + 1,
			             opts.cycles,
			             std::chrono::duration<double>(clock::now() - t0).count());
		}
		if (failed())
			break;
	}
	s.stop = true;
	for (auto& w : workers)
		w.join();
	report.seconds = std::chrono::duration<double>(clock::now() - t0).count();
	report.table = std::move(s.table);
	return report;
}

} // namespace vfio_dmabuf::stress
