// vulkan.import_multiple_times, import_dup, import_dup2, import_dup3,
// export_multiple_times: the ways applications share one dma-buf fd, after
// the Vulkan CTS's dEQP-VK.api.external.memory.dma_buf groups, but with a
// foreign exporter (vfio-pci) instead of the driver re-importing its own
// export.  Every import reads the bytes of the BAR range it must see (a GPU
// checksum against the host's pattern or a fill through another import), so
// an fd that ended up naming the wrong dma-buf, or an import of a stale one,
// fails.
#include "../conformance/runner.hpp"
#include "vfio_dmabuf/error.hpp"
#include "vfio_dmabuf/testing/pattern.hpp"
#include "vfio_dmabuf/testing/vulkan/checksum_pass.hpp"
#include "vfio_dmabuf/testing/vulkan/fill_pass.hpp"
#include "vulkan_case.hpp"

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

using namespace vfio_dmabuf;
using namespace vfio_dmabuf::cases;
using namespace vfio_dmabuf::conformance;
using namespace vfio_dmabuf::vulkan;

namespace
{

// Write seeds of this file ("CT" + n).
std::uint64_t seed_for(const Context& ctx, std::uint64_t n)
{
	return write_seed(ctx, 0x435400 + n);
}

// The GPU checksum of `buf` must be that of pattern(seed) over the BAR bytes
// [bar_offset, bar_offset + size).
void expect_bytes(ChecksumPass& sum, const ImportedBuffer& buf, std::uint64_t seed,
                  std::uint64_t bar_offset, const std::string& what)
{
	std::uint32_t want =
	        pattern::checksum32(expected_bytes(seed, bar_offset, buf.size()), bar_offset / 4);
	std::uint32_t got = sum.run(buf.whole(), bar_offset / 4);
	check(got == want, what + ": GPU checksum " + hex(got) + ", the BAR bytes there give " +
	                           hex(want));
}

bool cloexec(int fd)
{
	int flags = ::fcntl(fd, F_GETFD);
	if (flags < 0)
		throw Error("fcntl(F_GETFD) of fd " + std::to_string(fd), errno);
	return flags & FD_CLOEXEC;
}

// dup2 (flags < 0) or dup3 (flags >= 0) of `from` onto the number of `onto`,
// which then names `from`'s dma-buf; returns it as a DmaBuf of that number.
DmaBuf duplicate_onto(const DmaBuf& from, DmaBuf onto, int flags)
{
	const int n = onto.fd();
	const std::string call = flags < 0 ? "dup2" : "dup3";
	UniqueFd number = onto.release();
	int r = flags < 0 ? ::dup2(from.fd(), n) : ::dup3(from.fd(), n, flags);
	if (r != n)
		throw Error(call + "(" + std::to_string(from.fd()) + ", " + std::to_string(n) + ")",
		            r < 0 ? errno : EBADF);
	return DmaBuf(std::move(number),
	              "fd " + std::to_string(n) + " after " + call + " of " + from.what());
}

// Shared by dup2 and dup3: two exports of different read-only ranges of
// different lengths; the second's fd number is made to name the first's
// dma-buf; an import through that number reads the first range, and keeps
// reading it after the original fd is closed.
void import_duplicated_onto(Context& ctx, int flags)
{
	std::uint64_t seed = require_seed(ctx);
	VulkanCase vk(ctx);
	{
		auto [dev, bar] = open_export_target(ctx);
		Range ra{bar.size / 8 + 7 * 4096, 192 * 1024}, rb{bar.size / 4 + 4096, 64 * 1024};
		DmaBuf a = vk.export_importable(dev, {&ra, 1});
		DmaBuf b = vk.export_importable(dev, {&rb, 1});
		const auto file_a = file_of(a.fd(), a.what());
		check(file_of(b.fd(), b.what()) != file_a, "two exports gave the same file");
		const int number = b.fd();
		DmaBuf moved = duplicate_onto(a, std::move(b), flags);
		check(file_of(moved.fd(), moved.what()) == file_a,
		      "fd " + std::to_string(number) + " does not name the first dma-buf after " +
		              (flags < 0 ? "dup2" : "dup3"));
		if (flags >= 0)
			check(cloexec(moved.fd()) == ((flags & O_CLOEXEC) != 0),
			      "dup3 with flags " + std::to_string(flags) +
			              " left FD_CLOEXEC " + (cloexec(moved.fd()) ? "set" : "clear"));
		check(moved.size() == ra.length, "fd " + std::to_string(number) + " reports size " +
		                                         hex(moved.size()) + ", the first range has " +
		                                         hex(ra.length));
		ChecksumPass sum(vk.device());
		ImportedBuffer through_number = vk.import_buffer(moved, storage_usage);
		expect_bytes(sum, through_number, seed, ra.offset,
		             "an import through fd " + std::to_string(number));
		a = DmaBuf(); // close the original fd
		expect_bytes(sum, through_number, seed, ra.offset,
		             "that import after the original fd was closed");
		ImportedBuffer again = vk.import_buffer(moved, storage_usage);
		expect_bytes(sum, again, seed, ra.offset,
		             "a new import through fd " + std::to_string(number) +
		                     " after the original was closed");
		ctx.log("fd " + std::to_string(number) + " names " + describe({&ra, 1}) +
		        " and imports it, before and after the original fd is closed");
	}
	vk.finish();
}

} // namespace

VFIO_DMABUF_CASE(
        vulkan_import_multiple_times, "vulkan.import_multiple_times",
        "one dma-buf fd imported 16 times, all 16 VkDeviceMemory alive at once: a fill through "
        "the last is what every import reads, then a fill through the first is, and the fd count "
        "is back where it was once they are freed")
{
	require_seed(ctx);
	VulkanCase vk(ctx);
	{
		auto [dev, bar] = open_export_target(ctx);
		const std::uint64_t len = 64 * 1024;
		Range r{ctx.scratch(bar.size, len), len};
		DmaBuf buf = vk.export_importable(dev, {&r, 1});
		const int fds = count_open_fds();
		constexpr int imports = 16;
		{
			std::vector<ImportedBuffer> all;
			for (int i = 0; i < imports; i++)
				all.push_back(vk.import_buffer(buf, storage_usage));
			for (int i = 1; i < imports; i++)
				check(all[i].memory() != all[0].memory(),
				      "import " + std::to_string(i) + " returned the first's VkDeviceMemory");
			FillPass fill(vk.device());
			ChecksumPass sum(vk.device());
			for (int step = 0; step < 2; step++) {
				const std::uint64_t s = seed_for(ctx, 1 + step);
				ImportedBuffer& writer = step == 0 ? all.back() : all.front();
				fill.run(writer.whole(), s, r.offset);
				ctx.expect_bar(r.offset, len, s);
				for (int i = 0; i < imports; i++)
					expect_bytes(sum, all[i], s, r.offset,
					             "import " + std::to_string(i) + " after a fill through " +
					                     (step == 0 ? "the last" : "the first"));
			}
		}
		int now = count_open_fds();
		check(now == fds, std::to_string(now) + " fds open after the imports were freed, " +
		                          std::to_string(fds) + " before");
		ctx.log(std::to_string(imports) + " live imports of one fd agree on " +
		        describe({&r, 1}));
	}
	vk.finish();
}

VFIO_DMABUF_CASE(
        vulkan_import_dup, "vulkan.import_dup",
        "a dma-buf fd and its dup(2) both import: a fill through the import of one is read "
        "through the import of the other; closing the original leaves the dup's import and new "
        "imports of the dup working, and closing the dup leaves the original's import working")
{
	require_seed(ctx);
	VulkanCase vk(ctx);
	{
		auto [dev, bar] = open_export_target(ctx);
		const std::uint64_t len = 128 * 1024;
		Range r{ctx.scratch(bar.size, len), len};
		FillPass fill(vk.device());
		ChecksumPass sum(vk.device());

		// The original closed first.
		{
			DmaBuf original = vk.export_importable(dev, {&r, 1});
			int d = ::dup(original.fd());
			if (d < 0)
				throw Error("dup of " + original.what(), errno);
			DmaBuf copy(UniqueFd(d), "dup " + std::to_string(d) + " of " + original.what());
			check(file_of(copy.fd(), copy.what()) ==
			              file_of(original.fd(), original.what()),
			      "the dup names another file");
			ImportedBuffer of_original = vk.import_buffer(original, storage_usage);
			ImportedBuffer of_copy = vk.import_buffer(copy, storage_usage);
			const std::uint64_t s1 = seed_for(ctx, 3), s2 = seed_for(ctx, 4);
			fill.run(of_original.whole(), s1, r.offset);
			ctx.expect_bar(r.offset, len, s1);
			expect_bytes(sum, of_copy, s1, r.offset,
			             "the dup's import after a fill through the original's");
			original = DmaBuf();
			fill.run(of_copy.whole(), s2, r.offset);
			ctx.expect_bar(r.offset, len, s2);
			expect_bytes(sum, of_original, s2, r.offset,
			             "the original's import, its fd closed, after a fill through the "
			             "dup's");
			ImportedBuffer later = vk.import_buffer(copy, storage_usage);
			expect_bytes(sum, later, s2, r.offset,
			             "a new import of the dup after the original was closed");
		}
		// The dup closed first.
		{
			DmaBuf original = vk.export_importable(dev, {&r, 1});
			int d = ::dup(original.fd());
			if (d < 0)
				throw Error("dup of " + original.what(), errno);
			ImportedBuffer of_copy = [&] {
				DmaBuf copy(UniqueFd(d),
				            "dup " + std::to_string(d) + " of " + original.what());
				return vk.import_buffer(copy, storage_usage);
			}(); // the dup is closed here
			check(::fcntl(d, F_GETFD) < 0 || file_of(d, "fd " + std::to_string(d)) !=
			                                         file_of(original.fd(), original.what()),
			      "fd " + std::to_string(d) + " still names the dma-buf after it was closed");
			const std::uint64_t s3 = seed_for(ctx, 5);
			fill.run(of_copy.whole(), s3, r.offset);
			ctx.expect_bar(r.offset, len, s3);
			ImportedBuffer of_original = vk.import_buffer(original, storage_usage);
			expect_bytes(sum, of_original, s3, r.offset,
			             "an import of the original after its dup was closed");
		}
		ctx.log("fd and dup(fd) import the same bytes of " + describe({&r, 1}) +
		        " whichever is closed first");
	}
	vk.finish();
}

VFIO_DMABUF_CASE(vulkan_import_dup2, "vulkan.import_dup2",
                 "dup2(fd A, fd B) of two exports of different ranges makes B's number name A's "
                 "dma-buf: it reports A's size and imports A's bytes, also after A's own fd is "
                 "closed")
{
	import_duplicated_onto(ctx, -1);
}

VFIO_DMABUF_CASE(vulkan_import_dup3, "vulkan.import_dup3",
                 "dup3(fd A, fd B, O_CLOEXEC) does what dup2 does and sets FD_CLOEXEC on B; "
                 "dup3 of an fd onto itself is refused (EINVAL)")
{
	{
		auto [dev, bar] = open_export_target(ctx);
		Range r{0, 4096};
		DmaBuf buf = export_dma_buf(dev, bar_index(), {&r, 1});
		errno = 0;
		int rc = ::dup3(buf.fd(), buf.fd(), O_CLOEXEC);
		check(rc < 0 && errno == EINVAL, "dup3 of fd " + std::to_string(buf.fd()) +
		                                         " onto itself returned " + std::to_string(rc) +
		                                         " (" + errno_name(errno) +
		                                         "), expected EINVAL");
	}
	import_duplicated_onto(ctx, O_CLOEXEC);
}

VFIO_DMABUF_CASE(
        vulkan_export_multiple_times, "vulkan.export_multiple_times",
        "one BAR range exported four times gives four distinct dma-bufs of its size; all four "
        "imported together read the same bytes, and a fill through one is seen through all")
{
	require_seed(ctx);
	VulkanCase vk(ctx);
	{
		auto [dev, bar] = open_export_target(ctx);
		const std::uint64_t len = 64 * 1024;
		Range r{ctx.scratch(bar.size, len), len};
		constexpr int exports = 4;
		std::vector<DmaBuf> bufs;
		std::vector<ImportedBuffer> imports;
		for (int i = 0; i < exports; i++) {
			bufs.push_back(vk.export_importable(dev, {&r, 1}));
			check(bufs.back().size() == len, "export " + std::to_string(i) + " has size " +
			                                         hex(bufs.back().size()));
			for (int j = 0; j < i; j++)
				check(file_of(bufs[i].fd(), bufs[i].what()) !=
				              file_of(bufs[j].fd(), bufs[j].what()),
				      "exports " + std::to_string(j) + " and " + std::to_string(i) +
				              " are the same dma-buf");
		}
		for (const DmaBuf& b : bufs)
			imports.push_back(vk.import_buffer(b, storage_usage));
		FillPass fill(vk.device());
		ChecksumPass sum(vk.device());
		const std::uint64_t s = seed_for(ctx, 6);
		fill.run(imports[exports / 2].whole(), s, r.offset);
		ctx.expect_bar(r.offset, len, s);
		for (int i = 0; i < exports; i++)
			expect_bytes(sum, imports[i], s, r.offset,
			             "the import of export " + std::to_string(i) +
			                     " after a fill through export " +
			                     std::to_string(exports / 2));
		ctx.log(std::to_string(exports) + " exports of " + describe({&r, 1}) +
		        ", imported together, agree");
	}
	vk.finish();
}
