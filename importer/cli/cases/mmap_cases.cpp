// mmap.*: CPU mapping of an exported dma-buf (our series; mainline has none,
// so these report unsupported there with the errno mmap gave).
#include "common.hpp"
#include "vfio_dmabuf/testing/pattern.hpp"

#include <cstring>
#include <linux/dma-buf.h>
#include <sys/mman.h>
#include <vector>

using namespace vfio_dmabuf;
using namespace vfio_dmabuf::cases;
using namespace vfio_dmabuf::conformance;

VFIO_DMABUF_CASE(mmap_read, "mmap.read_matches_bar",
                 "a shared mapping of a dma-buf of the BAR's lower half reads the host's pattern")
{
	std::uint64_t seed = require_seed(ctx);
	auto [dev, bar] = open_export_target(ctx);
	Range r{0, bar.size / 2};
	DmaBuf buf = export_dma_buf(dev, bar_index(), {&r, 1});
	Mapping m = map_or_unsupported(buf, PROT_READ);
	if (auto bad = pattern::first_mismatch(m.bytes(), seed, 0))
		fail("byte at " + hex(*bad) + " differs from the host's pattern");
	ctx.log("checked " + std::to_string(m.size()) + " bytes");
}

VFIO_DMABUF_CASE(mmap_multi_range, "mmap.multi_range_is_contiguous",
                 "a dma-buf of ranges A, B maps A then B back to back, each with its own BAR bytes")
{
	std::uint64_t seed = require_seed(ctx);
	auto [dev, bar] = open_export_target(ctx);
	std::vector<Range> ranges = {
	        {bar.size / 4, 3 * 4096}, {4096, 2 * 4096}, {bar.size / 2 - 4096, 4096}};
	DmaBuf buf = export_dma_buf(dev, bar_index(), ranges);
	Mapping m = map_or_unsupported(buf, PROT_READ);
	std::uint64_t pos = 0;
	for (const Range& r : ranges) {
		if (auto bad = pattern::first_mismatch(m.bytes().subspan(pos, r.length), seed,
		                                       r.offset))
			fail("dma-buf offset " + hex(pos + (*bad - r.offset)) +
			     " should hold BAR byte " + hex(*bad));
		pos += r.length;
	}
}

VFIO_DMABUF_CASE(mmap_write, "mmap.write_lands_in_bar",
                 "bytes written through the mapping reach the BAR (checked on the host afterwards)")
{
	require_seed(ctx);
	auto [dev, bar] = open_export_target(ctx);
	const std::uint64_t len = 64 * 1024;
	std::uint64_t off = ctx.scratch(bar.size, len);
	Range r{off, len};
	DmaBuf buf = export_dma_buf(dev, bar_index(), {&r, 1});
	Mapping m = map_or_unsupported(buf, PROT_READ | PROT_WRITE);
	const std::uint64_t wseed = ctx.seed() ^ 0x6d6d6170; // "mmap"
	{
		CpuAccess access(buf, DMA_BUF_SYNC_WRITE);
		pattern::fill(m.bytes(), wseed, off);
	}
	ctx.expect_bar(off, len, wseed);
	// Read back through the vfio region mapping: the same BAR bytes.
	Mapping region = dev.map_region(bar_index(), PROT_READ);
	if (auto bad = pattern::first_mismatch(region.bytes().subspan(off, len), wseed, off))
		fail("vfio region mapping does not see the write at BAR offset " + hex(*bad));
}

VFIO_DMABUF_CASE(mmap_private, "mmap.private_mapping_rejected",
                 "MAP_PRIVATE of the dma-buf fails with EINVAL (MMIO cannot be copy-on-write)")
{
	auto dev = ctx.open_device();
	require_export(dev);
	Range r{0, 4096};
	DmaBuf buf = export_dma_buf(dev, bar_index(), {&r, 1});
	Mapping shared = map_or_unsupported(buf, PROT_READ);
	void* p = mmap(nullptr, 4096, PROT_READ, MAP_PRIVATE, buf.fd(), 0);
	if (p != MAP_FAILED) {
		munmap(p, 4096);
		fail("MAP_PRIVATE mapping was accepted");
	}
	check(errno == EINVAL,
	      "MAP_PRIVATE failed with " + errno_name(errno) + ", expected EINVAL");
}

VFIO_DMABUF_CASE(mmap_beyond, "mmap.beyond_size_rejected",
                 "mapping more than the dma-buf's size, or at an offset past it, fails")
{
	auto dev = ctx.open_device();
	require_export(dev);
	Range r{0, 2 * 4096};
	DmaBuf buf = export_dma_buf(dev, bar_index(), {&r, 1});
	Mapping ok = map_or_unsupported(buf, PROT_READ);
	for (auto [off, len] : {std::pair<off_t, size_t>{0, 3 * 4096}, {2 * 4096, 4096}}) {
		void* p = mmap(nullptr, len, PROT_READ, MAP_SHARED, buf.fd(), off);
		if (p != MAP_FAILED) {
			munmap(p, len);
			fail("mmap of " + std::to_string(len) + " bytes at " + std::to_string(off) +
			     " of an 8 KiB dma-buf was accepted");
		}
	}
}

VFIO_DMABUF_CASE(sync_ioctl, "mmap.sync_ioctl_succeeds",
                 "DMA_BUF_IOCTL_SYNC start/end for read, write and both succeed")
{
	auto dev = ctx.open_device();
	require_export(dev);
	Range r{0, 4096};
	DmaBuf buf = export_dma_buf(dev, bar_index(), {&r, 1});
	for (std::uint64_t f : {DMA_BUF_SYNC_READ, DMA_BUF_SYNC_WRITE, DMA_BUF_SYNC_RW}) {
		buf.sync_start(f);
		buf.sync_end(f);
	}
}
