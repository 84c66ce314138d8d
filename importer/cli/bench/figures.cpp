#include "bench/figures.hpp"

#include "cases/revoke_triggers.hpp"

#include "fuzz/fault_guard.hpp"
#include "vfio_dmabuf/error.hpp"
#include "vfio_dmabuf/export.hpp"
#include "vfio_dmabuf/testing/drm/edu.hpp"
#include "vfio_dmabuf/testing/vulkan/checksum_pass.hpp"
#include "vfio_dmabuf/testing/vulkan/device.hpp"
#include "vfio_dmabuf/testing/vulkan/fill_pass.hpp"
#include "vfio_dmabuf/testing/vulkan/host_buffer.hpp"
#include "vfio_dmabuf/testing/vulkan/host_pointer_buffer.hpp"
#include "vfio_dmabuf/testing/vulkan/instance.hpp"
#include "vfio_dmabuf/vfio_device.hpp"
#include "vfio_dmabuf/vulkan/buffer_import.hpp"
#include "vfio_dmabuf/vulkan/vk_error.hpp"

#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>
#include <memory>
#include <optional>
#include <span>
#include <thread>
#include <sys/mman.h>

namespace vfio_dmabuf::bench
{
namespace
{

constexpr std::uint64_t MiB = 1ull << 20;

std::string size_name(std::uint64_t bytes)
{
	return bytes >= 1024 * MiB ? std::to_string(bytes / (1024 * MiB)) + "GiB"
	                           : std::to_string(bytes / MiB) + "MiB";
}

// The importers a run measures, opened once: a Vulkan device without the
// validation layer (it would be most of what is timed) and edu_drm.
struct Importers {
	std::unique_ptr<vulkan::Instance> instance;
	std::unique_ptr<vulkan::Device> device;
	std::string vulkan_missing; // why there is no Vulkan path
	std::optional<drm::EduDrm> edu;
	std::string edu_missing;

	explicit Importers(const Options& o)
	{
		if (o.vulkan) {
			try {
				instance = std::make_unique<vulkan::Instance>(
				        vulkan::InstanceOptions{.validation = false});
				device = std::make_unique<vulkan::Device>(
				        *instance, vulkan::DeviceRequirements{.host_pointer = true,
				                                              .device = o.vk_device});
			} catch (const Error& e) {
				vulkan_missing = e.what();
			}
		} else {
			vulkan_missing = "not asked for (--no-vulkan)";
		}
		if (o.prime) {
			try {
				edu = drm::EduDrm::open();
			} catch (const Error& e) {
				edu_missing = e.what();
			}
		} else {
			edu_missing = "not asked for (--no-prime)";
		}
	}
};

// The device with its memory decode on: every figure starts from there.
VfioDevice open_enabled(const Options& o)
{
	VfioDevice dev = VfioDevice::open(o.device);
	if (!dev.memory_enabled())
		dev.set_memory_enabled(true);
	return dev;
}

// One path from a range set to an importer that can use it.
struct Path {
	const char* name; // "export", "export_vulkan_import", "export_prime_map"
	std::string missing;
	std::function<void(std::span<const Range>)> step;
};

std::vector<Path> paths(const Options& o, const VfioDevice& dev, Importers& imp)
{
	std::vector<Path> p;
	p.push_back({"export", "", [&o, &dev](std::span<const Range> r) {
		             DmaBuf buf = export_dma_buf(dev, o.bar, r);
	             }});
	// A Vulkan import that fails on this kernel (lavapipe imports by mmap,
	// which stock 7.3 lacks) leaves the path out with the reason.
	std::string vk_missing = imp.vulkan_missing;
	p.push_back({"export_vulkan_import", vk_missing, [&o, &dev, &imp](std::span<const Range> r) {
		             DmaBuf buf = export_dma_buf(dev, o.bar, r);
		             vulkan::ImportedBuffer mem = vulkan::import_buffer(
		                     *imp.device, buf, vk::BufferUsageFlagBits::eStorageBuffer);
	             }});
	p.push_back({"export_prime_import", imp.edu_missing, [&o, &dev, &imp](std::span<const Range> r) {
		             DmaBuf buf = export_dma_buf(dev, o.bar, r);
		             drm::GemHandle obj = imp.edu->import(buf.fd()); // attach, no map yet
	             }});
	// edu_drm maps the attachment at the first DMA; one edu command takes
	// ~100 ms of virtual time, which this path's times mostly are.
	p.push_back({"export_prime_map", imp.edu_missing, [&o, &dev, &imp](std::span<const Range> r) {
		             DmaBuf buf = export_dma_buf(dev, o.bar, r);
		             drm::GemHandle obj = imp.edu->import(buf.fd());
		             std::uint8_t first[64];
		             imp.edu->read(obj, 0, first); // maps the attachment, DMAs
	             }});
	return p;
}

// Times `path` on `ranges`; a Figure without a value when it cannot run.
Figure timed(const Options& o, const Path& path, const std::string& name,
             std::span<const Range> ranges, const Progress& progress)
{
	Figure f{name, "s", std::nullopt, "", std::nullopt};
	if (!path.missing.empty()) {
		f.note = path.missing;
		return f;
	}
	progress(name + " (" + std::to_string(o.reps) + " reps)");
	try {
		f.timing = time_median(o.reps, [&] { path.step(ranges); });
		f.value = f.timing->median_s;
		f.note = "median of " + std::to_string(o.reps);
	} catch (const Error& e) {
		f.note = e.what();
	}
	return f;
}

Figure ratio(const std::string& name, const Figure& num, const Figure& den)
{
	Figure f{name, "ratio", std::nullopt, num.name + " / " + den.name, std::nullopt};
	if (num.value && den.value && *den.value > 0)
		f.value = *num.value / *den.value;
	else
		f.note += ": not measured (" + (num.value ? den.note : num.note) + ")";
	return f;
}

} // namespace

void size_scaling(const Options& o, const Progress& progress, std::vector<Figure>& out)
{
	VfioDevice dev = open_enabled(o);
	const std::uint64_t bar_size = dev.region(o.bar).size;
	Importers imp(o);
	const std::uint64_t sizes[] = {4 * MiB, 64 * MiB, 256 * MiB, 1024 * MiB};
	for (const Path& path : paths(o, dev, imp)) {
		std::vector<Figure> row;
		for (std::uint64_t size : sizes) {
			const std::string name = std::string(path.name) + ".size." + size_name(size);
			if (size > bar_size) {
				row.push_back({name, "s", std::nullopt,
				               "the BAR has " + size_name(bar_size) + " (run-guest --bar-size)",
				               std::nullopt});
				continue;
			}
			Range r{0, size};
			row.push_back(timed(o, path, name, {&r, 1}, progress));
		}
		out.insert(out.end(), row.begin(), row.end());
		out.push_back(ratio(std::string(path.name) + ".size.ratio_1GiB_to_4MiB", row.back(),
		                    row.front()));
	}
}

void range_scaling(const Options& o, const Progress& progress, std::vector<Figure>& out)
{
	VfioDevice dev = open_enabled(o);
	const std::uint64_t bar_size = dev.region(o.bar).size;
	// 16 MiB in all, each range followed by a gap as long as itself, so that
	// no two ranges touch (nothing may merge them).
	const std::uint64_t total = 16 * MiB;
	if (bar_size < 2 * total)
		throw Error("range scaling needs a BAR of at least " + size_name(2 * total), ENOSPC);
	Importers imp(o);
	for (const Path& path : paths(o, dev, imp)) {
		std::vector<Figure> row;
		for (unsigned n : {1u, 16u, 256u, 4096u}) {
			std::vector<Range> ranges;
			const std::uint64_t len = total / n;
			for (unsigned i = 0; i < n; i++)
				ranges.push_back({2 * len * i, len});
			row.push_back(timed(o, path,
			                    std::string(path.name) + ".ranges." + std::to_string(n),
			                    ranges, progress));
		}
		for (std::size_t i = 1; i < row.size(); i++)
			out.push_back(ratio(row[i].name + ".ratio_to_1", row[i], row[0]));
		out.insert(out.end(), row.begin(), row.end());
	}
}

namespace
{

// The kernel's own memory in /proc/meminfo, in KiB: what exporting and
// importing can allocate (objects in slab, page tables of CPU mappings,
// vmalloc'd tables, per-CPU data, stacks).
std::map<std::string, long> kernel_kib()
{
	static const char* fields[] = {"Slab", "PageTables", "VmallocUsed", "Percpu", "KernelStack"};
	std::map<std::string, long> v;
	std::ifstream in("/proc/meminfo");
	if (!in)
		throw Error("bench: reading /proc/meminfo", errno);
	std::string line;
	while (std::getline(in, line)) {
		std::istringstream words(line);
		std::string name;
		long kib = 0;
		words >> name >> kib;
		if (!name.empty() && name.back() == ':')
			name.pop_back();
		for (const char* f : fields)
			if (name == f)
				v[name] = kib;
	}
	return v;
}

long total(const std::map<std::string, long>& v)
{
	long t = 0;
	for (const auto& [name, kib] : v)
		t += kib;
	return t;
}

} // namespace

void kernel_memory(const Options& o, const Progress& progress, std::vector<Figure>& out)
{
	VfioDevice dev = open_enabled(o);
	const std::uint64_t bar_size = dev.region(o.bar).size;
	const Range whole{0, bar_size};
	Importers imp(o);
	constexpr unsigned count = 128;
	struct Held {
		DmaBuf buf;
		std::optional<drm::GemHandle> obj;
		std::optional<vulkan::ImportedBuffer> mem;
	};
	std::string left_out;
	auto hold = [&](std::vector<Held>& held) {
		Held h{export_dma_buf(dev, o.bar, {&whole, 1}), std::nullopt, std::nullopt};
		if (imp.edu) {
			h.obj = imp.edu->import(h.buf.fd());
			std::uint8_t b[64];
			imp.edu->read(*h.obj, 0, b); // maps the attachment
		}
		if (imp.device) {
			try {
				h.mem = vulkan::import_buffer(*imp.device, h.buf,
				                              vk::BufferUsageFlagBits::eStorageBuffer);
			} catch (const Error& e) {
				left_out = std::string("; no Vulkan import (") + e.what() + ")";
			}
		}
		held.push_back(std::move(h));
	};
	progress("kernel memory: " + std::to_string(count) + " dma-bufs of " + size_name(bar_size));
	{
		std::vector<Held> warm; // slab caches and driver state, once
		hold(warm);
	}
	// Objects freed by RCU or kept in caches from earlier work move the
	// counters by tens of KiB: let them settle, drop the dentry and inode
	// caches (the held dma-bufs' own stay: their files are open), then read.
	auto settled = [] {
		std::this_thread::sleep_for(std::chrono::seconds(1));
		std::ofstream("/proc/sys/vm/drop_caches") << "2\n";
		std::this_thread::sleep_for(std::chrono::seconds(1));
		return kernel_kib();
	};
	const auto before = settled();
	std::vector<Held> held;
	for (unsigned i = 0; i < count; i++)
		hold(held);
	const auto during = settled();
	held.clear();
	const auto after = settled();

	const double gib = static_cast<double>(count) * static_cast<double>(bar_size) /
	                   static_cast<double>(1024 * MiB);
	std::string parts;
	for (const auto& [name, kib] : during)
		parts += (parts.empty() ? "" : ", ") + name + " " +
		         std::to_string(kib - before.at(name)) + " KiB";
	const long delta = total(during) - total(before);
	Figure per_gib{"memory.kernel_per_exported_GiB", "KiB/GiB", std::nullopt, "", std::nullopt};
	Figure per_buf{"memory.kernel_per_dma_buf", "KiB", std::nullopt, "", std::nullopt};
	if (delta > 0) {
		per_gib.value = static_cast<double>(delta) / gib;
		per_buf.value = static_cast<double>(delta) / count;
	}
	per_gib.note = std::to_string(count) + " dma-bufs of " + size_name(bar_size) + " held, each " +
	               (imp.edu ? "PRIME-imported and mapped" : "") +
	               (imp.device && left_out.empty() ? ", Vulkan-imported" : "") + left_out +
	               ": " + parts + "; " + std::to_string(total(after) - total(before)) +
	               " KiB left after freeing them";
	per_buf.note = "the same delta per dma-buf";
	out.push_back(per_gib);
	out.push_back(per_buf);
}

void sg_entries(const Options& o, const Progress& progress, std::vector<Figure>& out)
{
	VfioDevice dev = open_enabled(o);
	Importers imp(o);
	const char* param = "/sys/module/drm/parameters/debug";
	constexpr unsigned drm_ut_prime = 0x08;
	std::string old_mask;
	std::ifstream(param) >> old_mask;
	for (unsigned n : {1u, 16u}) {
		const std::string name = "sg.entries_per_range." + std::to_string(n);
		Figure f{name, "ratio", std::nullopt, "", std::nullopt};
		if (!imp.edu) {
			f.note = imp.edu_missing;
			out.push_back(f);
			continue;
		}
		progress(name);
		// Ranges of 1 MiB with a gap as long between them: nothing merges them.
		std::vector<Range> ranges;
		for (unsigned i = 0; i < n; i++)
			ranges.push_back({2 * MiB * i, MiB});
		// Only what edu_drm prints from here on.
		UniqueFd kmsg(::open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC));
		if (kmsg.get() < 0 || lseek(kmsg.get(), 0, SEEK_END) < 0)
			throw Error("bench: opening /dev/kmsg, to read edu_drm's mapping line", errno);
		std::ofstream(param) << drm_ut_prime << "\n";
		std::string failure;
		try {
			DmaBuf buf = export_dma_buf(dev, o.bar, ranges);
			drm::GemHandle obj = imp.edu->import(buf.fd());
			std::uint8_t b[64];
			imp.edu->read(obj, 0, b); // maps the attachment: the line
		} catch (const Error& e) {
			failure = e.what();
		}
		std::ofstream(param) << (old_mask.empty() ? "0" : old_mask) << "\n";
		if (!failure.empty()) {
			f.note = failure;
			out.push_back(f);
			continue;
		}
		// Each read() of /dev/kmsg is one record.
		char rec[2048];
		ssize_t len;
		while ((len = read(kmsg.get(), rec, sizeof(rec) - 1)) > 0) {
			rec[len] = 0;
			const char* at = std::strstr(rec, " segment(s)");
			const char* mapped = std::strstr(rec, "mapped ");
			if (!at || !mapped || mapped > at)
				continue;
			const char* colon = std::strstr(mapped, ": ");
			if (!colon || colon > at)
				continue;
			const long segments = std::strtol(colon + 2, nullptr, 10);
			f.value = static_cast<double>(segments) / n;
			f.note = std::to_string(segments) + " segment(s) for " + std::to_string(n) +
			         " range(s) of 1 MiB (edu_drm's PRIME debug line)";
		}
		if (!f.value)
			f.note = "no \"mapped ... segment(s)\" line from edu_drm in the kernel log "
			         "(drm.debug 0x08)";
		out.push_back(f);
	}
}

void throughput(const Options& o, const Progress& progress, std::vector<Figure>& out)
{
	VfioDevice dev = open_enabled(o);
	const std::uint64_t size = 64 * MiB;
	if (dev.region(o.bar).size < size)
		throw Error("throughput needs a BAR of at least " + size_name(size), ENOSPC);
	Importers imp(o);
	// Fewer repetitions: each one moves 64 MiB through TCG.
	const unsigned reps = std::max(3u, o.reps / 3);
	const Range r{0, size};
	Mapping region = dev.map_region(o.bar, PROT_READ | PROT_WRITE);
	std::vector<std::uint8_t> ram(size);

	// Each figure: bytes per second from the median time of `step`.
	auto rate = [&](const std::string& name, const std::string& missing, const std::string& how,
	                auto&& step) {
		Figure f{name, "B/s", std::nullopt, missing, std::nullopt};
		if (!missing.empty())
			return f;
		progress(name + " (" + std::to_string(reps) + " reps of " + size_name(size) + ")");
		try {
			f.timing = time_median(reps, step);
			f.value = static_cast<double>(size) / f.timing->median_s;
			f.note = how;
		} catch (const Error& e) {
			f.note = e.what();
		}
		return f;
	};

	// The dma-buf path needs the Vulkan import; without it the rows stay
	// with the reason.
	std::string vk_missing = imp.vulkan_missing;
	DmaBuf buf = export_dma_buf(dev, o.bar, {&r, 1});
	std::optional<vulkan::ImportedBuffer> mem;
	std::optional<vulkan::HostBuffer> host;
	std::optional<vulkan::ChecksumPass> checksum;
	std::optional<vulkan::FillPass> fill;
	std::optional<vulkan::HostPointerBuffer> pointer;
	std::string pointer_missing = imp.vulkan_missing;
	if (imp.device) {
		try {
			mem = vulkan::import_buffer(*imp.device, buf, vk::BufferUsageFlagBits::eStorageBuffer);
		} catch (const Error& e) {
			vk_missing = e.what();
		}
		host.emplace(*imp.device, size, vk::BufferUsageFlagBits::eStorageBuffer,
		             "bench host-visible buffer");
		checksum.emplace(*imp.device);
		fill.emplace(*imp.device);
		try {
			pointer.emplace(*imp.device, region.bytes().first(size),
			                vk::BufferUsageFlagBits::eStorageBuffer,
			                "bench import of the vfio region mmap as a host pointer");
		} catch (const Error& e) {
			pointer_missing = e.what();
		}
	}
	// What the pointer rows are, and why they are not the answer.
	const std::string pointer_how =
	        "of the vfio region mmap imported with VK_EXT_external_memory_host" +
	        (pointer ? " (zero copy, imported as " + vk::to_string(pointer->handle_type()) +
	                           "; NOT revocable: nothing tells the driver when the mapping "
	                           "goes, and GPU drivers refuse VM_PFNMAP memory here)"
	                 : "");
	const std::string no_vulkan = imp.device ? "" : imp.vulkan_missing;

	Figure ra = rate("read.vulkan_dmabuf", vk_missing,
	                 "compute checksum of the imported dma-buf (zero copy)",
	                 [&] { checksum->run(mem->whole(), 0); });
	Figure rb = rate("read.cpu_memcpy", "", "memcpy from the vfio region mmap into RAM",
	                 [&] { std::memcpy(ram.data(), region.data(), size); });
	Figure rc = rate("read.copy_then_vulkan", no_vulkan,
	                 "memcpy from the vfio region mmap into a host-visible VkBuffer, then "
	                 "the same checksum (the path without dma-buf)",
	                 [&] {
		                 std::memcpy(host->bytes().data(), region.data(), size);
		                 checksum->run(host->whole(), 0);
	                 });
	// The compute alone, on ordinary memory: what bounds the Vulkan rows
	// when the shader, not the memory, is the bottleneck (lavapipe on TCG).
	Figure rh = rate("read.vulkan_host_buffer", no_vulkan,
	                 "the same checksum of a host-visible VkBuffer in RAM (the compute alone)",
	                 [&] { checksum->run(host->whole(), 0); });
	Figure rp = rate("read.vulkan_host_pointer", pointer ? "" : pointer_missing,
	                 "the same checksum " + pointer_how,
	                 [&] { checksum->run(pointer->whole(), 0); });
	Figure wa = rate("write.vulkan_dmabuf", vk_missing,
	                 "compute fill of the imported dma-buf (zero copy)",
	                 [&] { fill->run(mem->whole(), 1, 0); });
	Figure wb = rate("write.cpu_memcpy", "", "memcpy from RAM into the vfio region mmap",
	                 [&] { std::memcpy(region.data(), ram.data(), size); });
	Figure wh = rate("write.vulkan_host_buffer", no_vulkan,
	                 "the same fill of a host-visible VkBuffer in RAM (the compute alone)",
	                 [&] { fill->run(host->whole(), 1, 0); });
	Figure wc = rate("write.fill_then_copy", no_vulkan,
	                 "compute fill of a host-visible VkBuffer, then memcpy into the vfio "
	                 "region mmap (the path without dma-buf)",
	                 [&] {
		                 fill->run(host->whole(), 1, 0);
		                 std::memcpy(region.data(), host->bytes().data(), size);
	                 });
	Figure wp = rate("write.vulkan_host_pointer", pointer ? "" : pointer_missing,
	                 "the same fill " + pointer_how, [&] { fill->run(pointer->whole(), 1, 0); });
	for (const Figure* f : {&ra, &rb, &rc, &rh, &rp, &wa, &wb, &wc, &wh, &wp})
		out.push_back(*f);
	out.push_back(ratio("read.ratio_vulkan_dmabuf_to_vulkan_host_buffer", ra, rh));
	out.push_back(ratio("write.ratio_vulkan_dmabuf_to_vulkan_host_buffer", wa, wh));
	out.push_back(ratio("read.ratio_vulkan_dmabuf_to_cpu_memcpy", ra, rb));
	out.push_back(ratio("read.ratio_vulkan_dmabuf_to_copy_path", ra, rc));
	out.push_back(ratio("write.ratio_vulkan_dmabuf_to_cpu_memcpy", wa, wb));
	out.push_back(ratio("write.ratio_vulkan_dmabuf_to_fill_then_copy", wa, wc));
	out.push_back(ratio("read.ratio_vulkan_dmabuf_to_host_pointer", ra, rp));
	out.push_back(ratio("write.ratio_vulkan_dmabuf_to_host_pointer", wa, wp));
}

void revoke_latency(const Options& o, const Progress& progress, std::vector<Figure>& out)
{
	VfioDevice dev = open_enabled(o);
	Importers imp(o);
	const Range r{0, 4 * MiB};
	// The revoke.* cases' triggers, with the library's Revocations as they
	// are: a trigger that fails here is an environment error, not a figure.
	for (const cases::Trigger& t : cases::triggers()) {
		if (t.available && !t.available(dev)) {
			progress(std::string("revoke.") + t.name + ": not measured, " + o.device +
			         " lacks the capability (" + t.how + ")");
			continue;
		}
		progress(std::string("revoke.") + t.name + " (" + std::to_string(o.reps) + " reps)");
		// What a revoke must reach: a CPU mapping with its PTEs in place, a
		// PRIME attachment that is mapped, a Vulkan import.
		// Stock 7.3 has no dma-buf mmap: there, neither the CPU mapping nor
		// lavapipe's import exists, and the first access is edu DMA.
		DmaBuf buf = export_dma_buf(dev, o.bar, {&r, 1});
		std::optional<Mapping> map;
		std::optional<drm::GemHandle> obj;
		std::optional<vulkan::ImportedBuffer> mem;
		std::string left_out;
		try {
			map = buf.map(PROT_READ);
		} catch (const Error& e) {
			left_out += std::string(" no CPU mapping (") + e.what() + ").";
		}
		if (imp.edu)
			obj = imp.edu->import(buf.fd());
		if (imp.device) {
			try {
				mem = vulkan::import_buffer(*imp.device, buf,
				                            vk::BufferUsageFlagBits::eStorageBuffer);
			} catch (const Error& e) {
				left_out += std::string(" no Vulkan import (") + e.what() + ").";
			}
		}
		auto touch_all = [&] {
			if (!map)
				return;
			const volatile std::uint8_t* p = map->data();
			for (std::uint64_t off = 0; off < r.length; off += 4096)
				(void)p[off];
		};
		auto first_access = [&]() -> std::string {
			if (map)
				return fuzz::guarded([&] {
					(void)map->data()[0];
					return std::string("ok");
				});
			if (!obj)
				return "nothing to access: no CPU mapping and no PRIME import";
			std::uint8_t b[64];
			int rc = imp.edu->read_raw(obj->get(), 0, sizeof(b), b);
			return rc ? "edu read: " + std::string(std::strerror(rc < 0 ? -rc : rc)) : "ok";
		};
		std::vector<double> revoke_s, restore_s;
		std::string failure;
		for (unsigned i = 0; i <= o.reps && failure.empty(); i++) {
			touch_all(); // every PTE present: the zap has work to do
			if (obj) {
				std::uint8_t b[64];
				imp.edu->read(*obj, 0, b);
			}
			Revocation rev = t.make(dev);
			auto t0 = std::chrono::steady_clock::now();
			rev.revoke();
			double tr = seconds_since(t0);
			t0 = std::chrono::steady_clock::now();
			if (rev.restore)
				rev.restore();
			// The first successful access after the restore: a fault that
			// maps the page again (or edu DMA through a fresh mapping).
			std::string seen = first_access();
			double tf = seconds_since(t0);
			if (seen != "ok")
				failure = std::string("the first read after the restore gave ") + seen;
			if (i == 0)
				continue; // warm-up
			revoke_s.push_back(tr);
			restore_s.push_back(tf);
		}
		auto median = [](std::vector<double> v) {
			std::sort(v.begin(), v.end());
			return v.empty() ? 0.0 : v[v.size() / 2];
		};
		const std::string base = std::string("revoke.") + t.name;
		std::string reached;
		for (const char* what : {map ? "a CPU mapping (1024 PTEs)" : "",
		                         obj ? "a mapped PRIME attachment" : "",
		                         mem ? "a Vulkan import" : ""})
			if (*what)
				reached += std::string(reached.empty() ? "" : ", ") + what;
		reached += left_out.empty() ? "" : ";" + left_out;
		Figure rv{base + (t.has_window ? ".revoke" : ".revoke_and_restore"), "s",
		          std::nullopt, "", std::nullopt};
		Figure rs{base + ".restore_to_first_access", "s", std::nullopt, "", std::nullopt};
		if (failure.empty()) {
			rv.value = median(revoke_s);
			rv.note = "median of " + std::to_string(o.reps) + "; reaches " + reached;
			rs.value = median(restore_s);
			rs.note = std::string(t.has_window ? "restore, then " : "after the ioctl, ") +
			          (map ? "the first read through the CPU mapping" : "the first edu DMA");
		} else {
			rv.note = rs.note = failure;
		}
		out.push_back(rv);
		out.push_back(rs);
	}
}

} // namespace vfio_dmabuf::bench
