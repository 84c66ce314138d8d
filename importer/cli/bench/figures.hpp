// The figures `vfio-dmabuf bench` measures in the guest, each a named
// number with its unit.  A figure the kernel or driver cannot give (stock
// 7.3 has no dma-buf mmap, so lavapipe cannot import there) is kept with
// no value and the reason, so that the table shows every row for every
// kernel.
#pragma once

#include "bench/timing.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace vfio_dmabuf::bench
{

struct Figure {
	std::string name;             // "export_vulkan_import.4MiB"
	std::string unit;             // "s", "ratio"
	std::optional<double> value;  // none: not measurable here
	std::string note;             // why not, or what the value is
	std::optional<Timing> timing; // for timed figures
};

struct Options {
	std::string device;
	std::uint32_t bar = 2;
	unsigned reps = 9;
	std::string vk_device;
	bool vulkan = true; // measure the Vulkan import path
	bool prime = true;  // measure the edu_drm PRIME path
};

// Progress on stderr: "bench: export+prime 256MiB (9 reps)".
using Progress = std::function<void(const std::string&)>;

// 1. export + import + free vs size (4 MiB ... 1 GiB, what the BAR holds),
//    per path, and t(largest)/t(4 MiB).
void size_scaling(const Options& o, const Progress& p, std::vector<Figure>& out);
// 2. 1, 16, 256, 4096 ranges in one dma-buf of a fixed total: t(N)/t(1).
void range_scaling(const Options& o, const Progress& p, std::vector<Figure>& out);
// 3. kernel memory per exported GiB while 128 dma-bufs of the whole BAR are
//    held, each with a Vulkan import and a mapped PRIME import
//    (/proc/meminfo: Slab, PageTables, VmallocUsed, Percpu, KernelStack).
void kernel_memory(const Options& o, const Progress& p, std::vector<Figure>& out);
// 4. scatterlist entries per contiguous range as edu_drm sees them (its
//    drm.debug PRIME line "mapped N bytes: K segment(s)"), for 1 and 16
//    ranges of 1 MiB each.
void sg_entries(const Options& o, const Progress& p, std::vector<Figure>& out);
// 5. throughput over the same 64 MiB, same run: Vulkan compute reading
//    (checksum) and writing (fill) the imported dma-buf, a CPU memcpy from
//    and to the BAR (the limit in this guest), and the path without
//    dma-buf (vfio region mmap, memcpy, host-visible buffer, the same
//    compute); with the ratios.
void throughput(const Options& o, const Progress& p, std::vector<Figure>& out);
// 6. per trigger: the revoke call (importers notified, CPU PTEs zapped by
//    the time it returns) and restore to the first successful access.
void revoke_latency(const Options& o, const Progress& p, std::vector<Figure>& out);

} // namespace vfio_dmabuf::bench
