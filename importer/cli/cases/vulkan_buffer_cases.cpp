// vulkan.*: BAR ranges imported as VkBuffers (VK_EXT_external_memory_dma_buf)
// and read, written and copied by compute shaders.  Reads are checked against
// the host's pattern in the guest; writes go to scratch slots of the BAR's upper
// half and are checked byte for byte on the host after the VM exits.
#include "vfio_dmabuf/testing/pattern.hpp"
#include "vfio_dmabuf/testing/vulkan/checksum_pass.hpp"
#include "vfio_dmabuf/testing/vulkan/copy_pass.hpp"
#include "vfio_dmabuf/testing/vulkan/fill_pass.hpp"
#include "vfio_dmabuf/testing/vulkan/host_buffer.hpp"
#include "vfio_dmabuf/vulkan/buffer_import.hpp"
#include "vulkan_case.hpp"

#include <sys/mman.h>
#include <vector>

using namespace vfio_dmabuf;
using namespace vfio_dmabuf::cases;
using namespace vfio_dmabuf::conformance;
using namespace vfio_dmabuf::vulkan;

namespace
{

// Checks `range` (BAR offset `bar_offset`) on the GPU against pattern(seed):
// the checksum shader over all of it, and a shader copy into host memory
// compared byte for byte.  Returns the bytes checked.
std::uint64_t check_range_on_gpu(Device& device, const BufferRange& range, std::uint64_t bar_offset,
                                 std::uint64_t seed, const std::string& what)
{
	auto expected = expected_bytes(seed, bar_offset, range.size);
	std::uint32_t want = pattern::checksum32(expected, bar_offset / 4);
	std::uint32_t got = ChecksumPass(device).run(range, bar_offset / 4);
	check(got == want,
	      what + ": GPU checksum " + hex(got) + ", the host pattern gives " + hex(want));

	HostBuffer host(device, range.size, storage_usage, what + " readback");
	CopyPass(device).run(range, host.whole());
	check_pattern(host.bytes(), seed, bar_offset,
	              what + " (copied to host memory by a shader)");
	return range.size;
}

// When the exporter can mmap (our kernel), also reads the BAR bytes under a
// dma-buf through the CPU: the same bytes the host will check.
void check_through_cpu(Context& ctx, const DmaBuf& buf, std::uint64_t buf_offset,
                       std::uint64_t length, std::uint64_t seed, std::uint64_t bar_offset,
                       const std::string& what)
{
	Mapping m;
	try {
		m = buf.map(PROT_READ);
	} catch (const Error& e) {
		ctx.log(what + ": no CPU check, the exporter cannot mmap (" + errno_name(e.code()) +
		        ")");
		return;
	}
	check_pattern(m.bytes().subspan(buf_offset, length), seed, bar_offset,
	              what + " (CPU mapping)");
}

} // namespace

VFIO_DMABUF_CASE(
        vulkan_import_buffer_read, "vulkan.import_buffer_read",
        "an 8 MiB range of the BAR's lower half imported as a VkBuffer: the checksum shader and a "
        "shader copy to host memory both see the host's pattern")
{
	std::uint64_t seed = require_seed(ctx);
	VulkanCase vk(ctx);
	{
		auto dev = ctx.open_device();
		RegionInfo bar = bar_under_test(dev);
		// Not at a round offset, so a range applied at the wrong place
		// gives other bytes.
		Range r{bar.size / 8 + 3 * 4096, 8 << 20};
		DmaBuf buf = vk.export_importable(dev, {&r, 1});
		check(buf.size() == r.length,
		      "dma-buf size " + hex(buf.size()) + ", range " + hex(r.length));
		ImportedBuffer imported = vk.import_buffer(buf, storage_usage);
		std::uint64_t n = check_range_on_gpu(vk.device(), imported.whole(), r.offset, seed,
		                                     imported.what());
		ctx.log("validated " + std::to_string(n) + " bytes of " + describe({&r, 1}));
	}
	vk.finish();
}

VFIO_DMABUF_CASE(
        vulkan_import_buffer_write, "vulkan.import_buffer_write",
        "a 4 MiB scratch range imported as a VkBuffer and filled by a compute shader holds the "
        "shader's pattern in the BAR (checked in the guest and on the host), nothing else changed")
{
	require_seed(ctx);
	VulkanCase vk(ctx);
	{
		auto dev = ctx.open_device();
		RegionInfo bar = bar_under_test(dev);
		const std::uint64_t len = 4 << 20;
		Range r{ctx.scratch(bar.size, len), len};
		const std::uint64_t wseed = write_seed(ctx, 1);
		DmaBuf buf = vk.export_importable(dev, {&r, 1});
		ImportedBuffer imported = vk.import_buffer(buf, storage_usage);
		FillPass(vk.device()).run(imported.whole(), wseed, r.offset);
		ctx.expect_bar(r.offset, r.length, wseed);

		std::uint32_t want =
		        pattern::checksum32(expected_bytes(wseed, r.offset, len), r.offset / 4);
		std::uint32_t got = ChecksumPass(vk.device()).run(imported.whole(), r.offset / 4);
		check(got == want,
		      "checksum after the fill " + hex(got) + ", expected " + hex(want));
		check_through_cpu(ctx, buf, 0, len, wseed, r.offset, imported.what());
		ctx.log("wrote " + std::to_string(len) + " bytes at " + describe({&r, 1}) +
		        ", read back in the guest; the host checks them");
	}
	vk.finish();
}

VFIO_DMABUF_CASE(
        vulkan_import_multi_range, "vulkan.import_multi_range",
        "one dma-buf of four BAR ranges (two read, two scratch, out of BAR order) imported as one "
        "VkBuffer: each piece reads its own BAR bytes and fills land in their own ranges")
{
	std::uint64_t seed = require_seed(ctx);
	VulkanCase vk(ctx);
	{
		auto dev = ctx.open_device();
		RegionInfo bar = bar_under_test(dev);
		const std::uint64_t w1 = 3 * 4096, w2 = 256 * 1024;
		// Read pieces from the lower half (the second before the first in
		// the BAR), written pieces in scratch slots.
		std::vector<Range> ranges = {{bar.size / 4 + 5 * 4096, 1 << 20},
		                             {ctx.scratch(bar.size, w1), w1},
		                             {4096, 64 * 1024},
		                             {ctx.scratch(bar.size, w2), w2}};
		const bool written[] = {false, true, false, true};
		const std::uint64_t wseed = write_seed(ctx, 2);
		DmaBuf buf = vk.export_importable(dev, ranges);
		check(buf.size() == total_length(ranges), "dma-buf size " + hex(buf.size()) +
		                                                  ", ranges total " +
		                                                  hex(total_length(ranges)));
		ImportedBuffer imported = vk.import_buffer(buf, storage_usage);

		std::uint64_t pos = 0, read = 0;
		FillPass fill(vk.device());
		for (std::size_t i = 0; i < ranges.size(); i++) {
			const Range& r = ranges[i];
			BufferRange piece = imported.range(pos, r.length);
			std::string what = "piece " + std::to_string(i) + " " + describe({&r, 1});
			if (written[i]) {
				fill.run(piece, wseed, r.offset);
				ctx.expect_bar(r.offset, r.length, wseed);
			} else {
				read += check_range_on_gpu(vk.device(), piece, r.offset, seed,
				                           what);
			}
			pos += r.length;
		}
		// The fills, read back through the CPU and the GPU.
		pos = 0;
		ChecksumPass checksum(vk.device());
		for (std::size_t i = 0; i < ranges.size(); pos += ranges[i].length, i++) {
			if (!written[i])
				continue;
			const Range& r = ranges[i];
			std::uint32_t want = pattern::checksum32(
			        expected_bytes(wseed, r.offset, r.length), r.offset / 4);
			std::uint32_t got =
			        checksum.run(imported.range(pos, r.length), r.offset / 4);
			check(got == want, "piece " + std::to_string(i) +
			                           ": checksum after the fill " + hex(got) +
			                           ", expected " + hex(want));
			check_through_cpu(ctx, buf, pos, r.length, wseed, r.offset,
			                  "piece " + std::to_string(i));
		}
		ctx.log("validated " + std::to_string(read) + " bytes read, " +
		        std::to_string(w1 + w2) + " bytes written through " + describe(ranges));
	}
	vk.finish();
}

VFIO_DMABUF_CASE(vulkan_copy_bar_to_bar, "vulkan.copy_bar_to_bar",
                 "a compute shader copies between two imported BAR ranges: lower half -> scratch "
                 "matches the "
                 "host's pattern; scratch -> scratch lands byte for byte (checked on the host)")
{
	std::uint64_t seed = require_seed(ctx);
	VulkanCase vk(ctx);
	{
		auto dev = ctx.open_device();
		RegionInfo bar = bar_under_test(dev);
		const std::uint64_t len = 2 << 20;
		Range src{bar.size / 2 - len - 7 * 4096, len};
		Range s1{ctx.scratch(bar.size, len), len};
		Range s2{ctx.scratch(bar.size, len), len};
		DmaBuf src_buf = vk.export_importable(dev, {&src, 1});
		DmaBuf s1_buf = vk.export_importable(dev, {&s1, 1});
		DmaBuf s2_buf = vk.export_importable(dev, {&s2, 1});
		ImportedBuffer a = vk.import_buffer(src_buf, storage_usage);
		ImportedBuffer b = vk.import_buffer(s1_buf, storage_usage);
		ImportedBuffer c = vk.import_buffer(s2_buf, storage_usage);
		CopyPass copy(vk.device());
		FillPass fill(vk.device());
		ChecksumPass checksum(vk.device());

		// 1. Host pattern (lower half) -> scratch slot 1: the slot now holds
		//    the source's bytes, i.e. pattern(seed) of the source's offsets.
		copy.run(a.whole(), b.whole());
		std::uint32_t want =
		        pattern::checksum32(expected_bytes(seed, src.offset, len), src.offset / 4);
		std::uint32_t got = checksum.run(b.whole(), src.offset / 4);
		check(got == want, "after lower half -> slot 1: checksum " + hex(got) +
		                           ", expected " + hex(want));
		check_through_cpu(ctx, s1_buf, 0, len, seed, src.offset, "slot 1 after the copy");

		// 2. Slot 1 -> slot 2 with data made for slot 2's offsets, so the host
		//    can check slot 2 against pattern(wseed) byte for byte: only the
		//    copy put it there.
		const std::uint64_t wseed = write_seed(ctx, 3);
		fill.run(b.whole(), wseed, s2.offset);
		copy.run(b.whole(), c.whole());
		ctx.expect_bar(s2.offset, len, wseed);
		// 3. Slot 1 gets its own pattern back, also checked on the host.
		fill.run(b.whole(), wseed, s1.offset);
		ctx.expect_bar(s1.offset, len, wseed);
		check_through_cpu(ctx, s2_buf, 0, len, wseed, s2.offset, "slot 2 after the copy");
		ctx.log("copied 2 x " + std::to_string(len) +
		        " bytes BAR -> BAR: " + describe({&src, 1}) + " -> " + describe({&s1, 1}) +
		        " -> " + describe({&s2, 1}));
	}
	vk.finish();
}

VFIO_DMABUF_CASE(vulkan_import_twice_same_fd, "vulkan.import_twice_same_fd",
                 "one dma-buf fd imported twice at once: a fill through the first VkBuffer is seen "
                 "through the "
                 "second, both memories free cleanly, and the caller's fd stays open")
{
	require_seed(ctx);
	VulkanCase vk(ctx);
	{
		auto dev = ctx.open_device();
		RegionInfo bar = bar_under_test(dev);
		const std::uint64_t len = 1 << 20;
		Range r{ctx.scratch(bar.size, len), len};
		const std::uint64_t wseed = write_seed(ctx, 4);
		DmaBuf buf = vk.export_importable(dev, {&r, 1});
		{
			ImportedBuffer first = vk.import_buffer(buf, storage_usage);
			ImportedBuffer second = vk.import_buffer(buf, storage_usage);
			check(first.memory() != second.memory(),
			      "both imports returned the same VkDeviceMemory");
			FillPass(vk.device()).run(first.whole(), wseed, r.offset);
			ctx.expect_bar(r.offset, len, wseed);
			std::uint32_t want = pattern::checksum32(
			        expected_bytes(wseed, r.offset, len), r.offset / 4);
			std::uint32_t got =
			        ChecksumPass(vk.device()).run(second.whole(), r.offset / 4);
			check(got == want, "checksum through the second import " + hex(got) +
			                           ", expected " + hex(want));
		}
		// Both imports are gone; the original fd still works and a third
		// import still sees the data.
		check(buf.size() == len, "the caller's dma-buf fd no longer reports its size");
		ImportedBuffer third = vk.import_buffer(buf, storage_usage);
		std::uint32_t want =
		        pattern::checksum32(expected_bytes(wseed, r.offset, len), r.offset / 4);
		check(ChecksumPass(vk.device()).run(third.whole(), r.offset / 4) == want,
		      "a third import after freeing two does not see the fill");
		ctx.log("two concurrent imports + one after, " + std::to_string(len) + " bytes");
	}
	vk.finish();
}
