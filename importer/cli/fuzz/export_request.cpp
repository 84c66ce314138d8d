#include "export_request.hpp"

#include "vfio_dmabuf/error.hpp"
#include "vfio_dmabuf/uapi.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <linux/vfio.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

namespace vfio_dmabuf::fuzz
{
namespace
{

constexpr std::uint32_t header_size = sizeof(vfio_device_feature);       // argsz, flags
constexpr std::uint32_t request_size = sizeof(uapi::feature_dma_buf_args); // 16
constexpr std::uint32_t range_size = sizeof(uapi::region_dma_range);      // 16
constexpr std::uint32_t known_feature_flags =
        VFIO_DEVICE_FEATURE_MASK | VFIO_DEVICE_FEATURE_GET | VFIO_DEVICE_FEATURE_SET |
        VFIO_DEVICE_FEATURE_PROBE;
// memdup_user() of more than this is an order > PAGE_ALLOC_COSTLY_ORDER
// allocation, which may fail in a fragmented guest: ENOMEM is documented.
constexpr std::uint64_t costly_copy = 8 * 4096;
// ... and more than the largest kmalloc (order MAX_PAGE_ORDER) always fails.
constexpr std::uint64_t kmalloc_max = 4096ull << 10;
// No BAR sits this close to the top of the physical address space, so only
// a range reaching this far can make the exporter's address arithmetic wrap.
constexpr std::uint64_t wrap_zone = UINT64_MAX - (1ull << 52);

std::uint64_t page_count(std::uint64_t bytes, std::uint64_t page)
{
	return bytes / page;
}

// A valid range of the BAR of `bar_size` bytes.
Range valid_range(Rng& rng, std::uint64_t bar_size, std::uint64_t page)
{
	const std::uint64_t pages = page_count(bar_size, page);
	Range r;
	switch (rng.below(6)) {
	case 4:
	case 5: // in the first eighth of the upper half: the fuzzer's scratch window
		r.offset = bar_size / 2 + page * rng.below(pages / 8);
		r.length = page * (1 + rng.below(std::min<std::uint64_t>(pages / 8 - (r.offset - bar_size / 2) / page, 16)));
		break;
	case 0: // the first page
		r = {0, page};
		break;
	case 1: // ending at the BAR's end
		r.length = page * (1 + rng.below(std::min<std::uint64_t>(pages, 16)));
		r.offset = bar_size - r.length;
		break;
	case 2: // the whole BAR
		r = {0, bar_size};
		break;
	default: {
		r.offset = page * rng.below(pages);
		std::uint64_t left = pages - r.offset / page;
		r.length = page * (1 + rng.below(std::min<std::uint64_t>(left, 64)));
	}
	}
	return r;
}

} // namespace

std::uint32_t exact_argsz(std::uint32_t nr) noexcept
{
	return static_cast<std::uint32_t>(
	        std::min<std::uint64_t>(UINT32_MAX, header_size + request_size +
	                                                    std::uint64_t{nr} * range_size));
}

ExportRequest valid_request(std::uint32_t region, std::vector<Range> ranges,
                            std::uint32_t open_flags)
{
	ExportRequest r;
	r.nr_ranges = static_cast<std::uint32_t>(ranges.size());
	r.argsz = exact_argsz(r.nr_ranges);
	r.feature_flags = VFIO_DEVICE_FEATURE_GET | uapi::feature_dma_buf;
	r.region = region;
	r.open_flags = open_flags;
	r.ranges = std::move(ranges);
	return r;
}

ExportRequest random_request(Rng& rng, const BarModel& model, std::uint32_t bar,
                             std::uint32_t max_in_memory)
{
	const std::uint64_t size = model.size[bar], page = model.page;
	std::vector<Range> ranges;
	unsigned shape = static_cast<unsigned>(rng.below(100));
	std::uint64_t n = shape < 75   ? 1 + rng.below(4)
	                  : shape < 90 ? 2 + rng.below(std::min<std::uint64_t>(max_in_memory, 4096))
	                               : std::min<std::uint64_t>(max_in_memory,
	                                                         page_count(size, page) + rng.below(2));
	if (shape >= 90) {
		// One page repeated up to or just past the BAR's size: the cap on
		// the size of a dma-buf relative to its BAR.
		Range one{page * rng.below(page_count(size, page)), page};
		ranges.assign(n, one);
	} else {
		for (std::uint64_t i = 0; i < n; i++)
			ranges.push_back(valid_range(rng, size, page));
	}
	// Edge values in a few ranges.
	if (rng.percent(25)) {
		Range& r = ranges[rng.below(ranges.size())];
		if (rng.percent(50))
			r.offset = rng.edge(size, page);
		else
			r.length = rng.edge(size, page);
	}

	std::uint32_t open_flags = rng.pick<std::uint32_t>({O_RDWR, O_RDWR, O_RDWR, O_RDONLY, O_WRONLY}) |
	                           (rng.percent(50) ? O_CLOEXEC : 0);
	ExportRequest req = valid_request(bar, std::move(ranges), open_flags);

	if (rng.percent(12))
		req.argsz = rng.pick<std::uint32_t>({0, 4, header_size - 1, header_size,
		                                     header_size + request_size - 1,
		                                     header_size + request_size, req.argsz - 1,
		                                     req.argsz + 4096, UINT32_MAX});
	if (rng.percent(10)) {
		const std::uint32_t index = uapi::feature_dma_buf;
		req.feature_flags = rng.pick<std::uint32_t>(
		        {index, VFIO_DEVICE_FEATURE_SET | index,
		         VFIO_DEVICE_FEATURE_GET | VFIO_DEVICE_FEATURE_SET | index,
		         VFIO_DEVICE_FEATURE_PROBE | VFIO_DEVICE_FEATURE_GET | index,
		         VFIO_DEVICE_FEATURE_PROBE | VFIO_DEVICE_FEATURE_SET | index,
		         VFIO_DEVICE_FEATURE_PROBE | index,
		         VFIO_DEVICE_FEATURE_GET | index | (1u << (19 + rng.below(13))),
		         VFIO_DEVICE_FEATURE_GET | 0xffff, VFIO_DEVICE_FEATURE_GET | 0xabcd});
	}
	if (rng.percent(4))
		req.flags = rng.pick<std::uint32_t>({1, 0x80000000u, static_cast<std::uint32_t>(rng.next())});
	if (rng.percent(8))
		req.region = rng.pick<std::uint32_t>({0, 1, 3, 4, 5, 6, 7, 8, 9, 99, UINT32_MAX});
	if (rng.percent(3))
		req.open_flags = static_cast<std::uint32_t>(rng.next());
	if (rng.percent(10)) {
		req.nr_ranges = rng.pick<std::uint32_t>(
		        {0, req.nr_ranges + 1, req.nr_ranges + 1000, (1u << 18) + 1, 1u << 28,
		         1u << 31, UINT32_MAX});
		if (req.nr_ranges < req.ranges.size())
			req.ranges.resize(req.nr_ranges);
	}
	if (req.nr_ranges > req.ranges.size())
		req.placement = Placement::ranges_cut;
	if (rng.percent(2))
		req.placement = Placement::header_unmapped;
	return req;
}

Allowed allowed_outcomes(const ExportRequest& req, const BarModel& model)
{
	if (req.placement == Placement::header_unmapped)
		return {"EFAULT"};

	// vfio core: vfio_ioctl_device_feature()
	Allowed errs;
	if (req.argsz < header_size)
		errs.insert("EINVAL");
	if (req.feature_flags & ~known_feature_flags)
		errs.insert("EINVAL");
	const bool get = req.feature_flags & VFIO_DEVICE_FEATURE_GET;
	const bool set = req.feature_flags & VFIO_DEVICE_FEATURE_SET;
	const bool probe = req.feature_flags & VFIO_DEVICE_FEATURE_PROBE;
	if (!probe && get && set)
		errs.insert("EINVAL");
	if (!errs.empty())
		return errs;
	if ((req.feature_flags & VFIO_DEVICE_FEATURE_MASK) != uapi::feature_dma_buf)
		return {"ENOTTY"};

	// The feature: vfio_check_feature(GET only, minsz = the request)
	if (set)
		return {"EINVAL"};
	if (probe)
		return {"ok"};
	if (!get || req.argsz - header_size < request_size)
		return {"EINVAL"};

	// The request.  `errs` holds what is certainly wrong; an allocation
	// that may fail and open flags the kernel may refuse add their errno
	// without excluding success.
	if (!req.nr_ranges || req.flags)
		errs.insert("EINVAL");
	// No BAR: the ranges are not checked against anything.
	const bool no_bar = req.region >= VFIO_PCI_ROM_REGION_INDEX || !model.size[req.region];
	if (no_bar)
		errs.insert("ENODEV");
	const std::uint64_t copy = std::uint64_t{req.nr_ranges} * range_size;
	if (copy > kmalloc_max)
		errs.insert("ENOMEM");
	if (req.placement == Placement::ranges_cut)
		errs.insert("EFAULT");
	const std::uint64_t bar_size =
	        req.region < VFIO_PCI_ROM_REGION_INDEX ? model.size[req.region] : 0;
	std::uint64_t total = 0;
	bool total_wraps = false;
	for (const Range& r : req.ranges) {
		if (!r.length || r.offset % model.page || r.length % model.page)
			errs.insert("EINVAL");
		total_wraps |= __builtin_add_overflow(total, r.length, &total);
		std::uint64_t end = 0;
		const bool wraps = __builtin_add_overflow(r.offset, r.length, &end);
		if (!no_bar && (wraps || end > bar_size))
			errs.insert("EINVAL");
		if (wraps || end >= wrap_zone)
			errs.insert("EOVERFLOW");
	}
	if (!no_bar && (total_wraps || total > bar_size))
		errs.insert("EINVAL"); // a dma-buf is never larger than its BAR

	Allowed out = errs;
	if (copy > costly_copy)
		out.insert("ENOMEM");
	if (req.open_flags & ~(O_ACCMODE | O_CLOEXEC))
		out.insert("EINVAL"); // as for open(2): undefined bits may be refused
	if (errs.empty())
		out.insert("fd");
	return out;
}

std::string ExportRequest::describe() const
{
	char head[160];
	std::snprintf(head, sizeof(head), "argsz=%u flags=0x%x region=%u open=0x%x req.flags=0x%x nr=%u%s",
	              argsz, feature_flags, region, open_flags, flags, nr_ranges,
	              placement == Placement::ranges_cut        ? " (ranges cut by a guard page)"
	              : placement == Placement::header_unmapped ? " (argument unmapped)"
	                                                        : "");
	std::string s = head;
	std::size_t shown = std::min<std::size_t>(ranges.size(), 4);
	s += " " + vfio_dmabuf::describe(std::span<const Range>(ranges.data(), shown));
	if (ranges.size() > shown)
		s += " ... (" + std::to_string(ranges.size()) + " in memory)";
	return s;
}

RequestArena::RequestArena(std::size_t capacity)
{
	const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
	capacity_ = (capacity + page - 1) / page * page;
	void* p = mmap(nullptr, capacity_ + page, PROT_READ | PROT_WRITE,
	               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		throw_errno("mmap of the fuzzer's request arena");
	base_ = static_cast<std::uint8_t*>(p);
	if (mprotect(base_ + capacity_, page, PROT_NONE))
		throw_errno("mprotect of the request arena's guard page");
}

RequestArena::~RequestArena()
{
	munmap(base_, capacity_ + static_cast<std::size_t>(sysconf(_SC_PAGESIZE)));
}

void* RequestArena::unreadable() const noexcept
{
	return base_ + capacity_;
}

void* RequestArena::place(const ExportRequest& req)
{
	if (req.placement == Placement::header_unmapped)
		return unreadable();
	const std::size_t bytes = header_size + request_size + req.ranges.size() * range_size;
	if (bytes > capacity_)
		throw Error("fuzz request of " + std::to_string(req.ranges.size()) +
		            " ranges does not fit the arena");
	std::uint8_t* p = base_ + capacity_ - bytes;
	vfio_device_feature head{};
	head.argsz = req.argsz;
	head.flags = req.feature_flags;
	std::memcpy(p, &head, header_size);
	uapi::feature_dma_buf_args body{req.region, req.open_flags, req.flags, req.nr_ranges};
	std::memcpy(p + header_size, &body, request_size);
	std::uint8_t* out = p + header_size + request_size;
	for (const Range& r : req.ranges) {
		uapi::region_dma_range raw{r.offset, r.length};
		std::memcpy(out, &raw, range_size);
		out += range_size;
	}
	return p;
}

int issue(int device_fd, const ExportRequest& req, RequestArena& arena)
{
	int rc = ioctl(device_fd, VFIO_DEVICE_FEATURE, arena.place(req));
	return rc < 0 ? -errno : rc;
}

} // namespace vfio_dmabuf::fuzz
