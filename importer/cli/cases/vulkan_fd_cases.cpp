// vulkan.*: what the importer refuses, and who owns the dma-buf fd.  Vulkan
// owns the fd of a successful import; after a failed one the spec leaves it
// with the application, lavapipe closes it anyway: either way no fd may leak
// and none may be closed twice.
#include "../conformance/runner.hpp"
#include "vfio_dmabuf/testing/pattern.hpp"
#include "vfio_dmabuf/testing/vulkan/checksum_pass.hpp"
#include "vfio_dmabuf/vulkan/buffer_import.hpp"
#include "vfio_dmabuf/vulkan/dma_buf_memory.hpp"
#include "vfio_dmabuf/vulkan/image_import.hpp"
#include "vfio_dmabuf/vulkan/vk_error.hpp"
#include "vulkan_case.hpp"

#include <fcntl.h>
#include <functional>
#include <sys/mman.h>

using namespace vfio_dmabuf;
using namespace vfio_dmabuf::cases;
using namespace vfio_dmabuf::conformance;
using namespace vfio_dmabuf::vulkan;

namespace
{

constexpr auto storage_only_usage = vk::BufferUsageFlagBits::eStorageBuffer;

// Runs `attempt`, which must throw vfio_dmabuf::Error with `err` (0: any);
// returns the message.
std::string expect_refused(const std::string& what, int err, const std::function<void()>& attempt)
{
	try {
		attempt();
	} catch (const Error& e) {
		check(err == 0 || e.code() == err, what + ": refused with " + errno_name(e.code()) +
		                                           " (" + e.what() + "), expected " +
		                                           errno_name(err));
		return e.what();
	}
	fail(what + ": was accepted");
}

// The caller's fd must still be open and the process's fd count unchanged.
void check_fds(const DmaBuf& buf, int before, const std::string& when)
{
	check(::fcntl(buf.fd(), F_GETFD) >= 0, when + ": the caller's dma-buf fd was closed");
	int now = count_open_fds();
	check(now == before, when + ": " + std::to_string(now) + " fds open, " +
	                             std::to_string(before) + " before");
}

// An import the driver itself should refuse: allocationSize beyond the end
// of the dma-buf, bypassing the library's size check.  Not a dedicated
// allocation (a dedicated one must have the resource's size, which the
// validation layer would rightly flag).  Returns the driver's answer.
std::string oversized_driver_import(Device& device, const DmaBuf& buf)
{
	const std::uint64_t size = buf.size();
	auto fd_types = device.get()
	                        .getMemoryFdPropertiesKHR(
	                                vk::ExternalMemoryHandleTypeFlagBits::eDmaBufEXT, buf.fd())
	                        .memoryTypeBits;
	std::uint32_t type = device.memory_type(fd_types, {}, "oversized import");
	try {
		auto memory = import_memory_unchecked(device, buf, 2 * size + 4096, type,
		                                      DedicatedTo{}, "oversized import");
		return "the driver accepted allocationSize " + hex(2 * size + 4096) + " for a " +
		       hex(size) + "-byte dma-buf";
	} catch (const VulkanError& e) {
		return std::string("the driver refused: ") + e.what();
	} catch (const MissingCapability& e) {
		return std::string("the driver refused: ") + e.what();
	}
}

} // namespace

VFIO_DMABUF_CASE(
        vulkan_import_wrong_size_rejected, "vulkan.import_wrong_size_rejected",
        "importing a 64 KiB dma-buf as a larger VkBuffer or as an image that extends past its end "
        "is refused (EINVAL) before Vulkan sees the fd, leaking nothing; the exact size imports "
        "and "
        "reads the host's bytes")
{
	std::uint64_t seed = require_seed(ctx);
	VulkanCase vk(ctx);
	{
		auto [dev, bar] = open_export_target(ctx);
		const std::uint64_t len = 64 * 1024;
		Range r{bar.size / 4 - 16 * 4096, len};
		DmaBuf buf = export_dma_buf(dev, bar_index(), {&r, 1});
		check(buf.size() == len,
		      "dma-buf size (lseek) " + hex(buf.size()) + ", range " + hex(len));
		const int fds = count_open_fds();

		for (std::uint64_t size : {len + 4, len + 4096, 2 * len}) {
			std::string msg =
			        expect_refused("a " + hex(size) + "-byte buffer", EINVAL, [&] {
				        vk.import_buffer(buf, storage_only_usage, size);
			        });
			ctx.log("refused: " + msg);
		}
		// 128 rows of 512 bytes fill it exactly; one more row, a larger
		// pitch or a plane offset do not fit.
		const LinearLayout too_big[] = {
		        {vk::Format::eR8G8B8A8Unorm, {128, 129}, 0, 512},
		        {vk::Format::eR8G8B8A8Unorm, {128, 128}, 0, 516},
		        {vk::Format::eR8G8B8A8Unorm, {128, 128}, 4096, 512},
		};
		for (const LinearLayout& l : too_big) {
			std::string msg = expect_refused("an image past the end", EINVAL, [&] {
				vk.import_image(buf, l, vk::ImageUsageFlagBits::eSampled);
			});
			ctx.log("refused: " + msg);
		}
		check_fds(buf, fds, "after the refused imports");

		// Control: the exact size imports (lavapipe maps it: needs mmap).
		if (vk.device().is_cpu())
			map_or_unsupported(buf, PROT_READ | PROT_WRITE);
		{
			ImportedBuffer imported = vk.import_buffer(buf, storage_only_usage);
			std::uint32_t want = pattern::checksum32(
			        expected_bytes(seed, r.offset, len), r.offset / 4);
			std::uint32_t got =
			        ChecksumPass(vk.device()).run(imported.whole(), r.offset / 4);
			check(got == want, "exact-size import: checksum " + hex(got) +
			                           ", expected " + hex(want));
		}
		check_fds(buf, fds, "after the exact-size import was freed");
	}
	vk.finish();
}

VFIO_DMABUF_CASE(
        vulkan_fd_ownership, "vulkan.fd_ownership",
        "imports that fail in the library or in the driver, and imports that succeed and are "
        "freed, "
        "leave the fd count unchanged and the caller's dma-buf fd open (no leak, no double close)")
{
	std::uint64_t seed = require_seed(ctx);
	VulkanCase vk(ctx);
	{
		auto [dev, bar] = open_export_target(ctx);
		const std::uint64_t len = 256 * 1024;
		Range r{bar.size / 2 - len, len};
		DmaBuf buf = export_dma_buf(dev, bar_index(), {&r, 1});
		const int fds = count_open_fds();

		// 1. Refused by the library: Vulkan never sees the fd.
		expect_refused("a buffer larger than the dma-buf", EINVAL,
		               [&] { vk.import_buffer(buf, storage_only_usage, 2 * len); });
		check_fds(buf, fds, "after an import the library refused");

		// 2. Refused by the driver (allocationSize past the end).
		ctx.log(oversized_driver_import(vk.device(), buf));
		check_fds(buf, fds, "after an import the driver refused");

		// 3. A CPU device imports by mmap: without exporter mmap the import
		//    fails in the driver (another failure path), and the success
		//    path below cannot run.
		if (vk.device().is_cpu()) {
			try {
				Mapping probe = buf.map(PROT_READ | PROT_WRITE);
			} catch (const Error& e) {
				int err = e.code();
				expect_refused("an import of a dma-buf that cannot be mapped", 0,
				               [&] { vk.import_buffer(buf, storage_only_usage); });
				check_fds(buf, fds, "after the driver failed to map the dma-buf");
				ctx.log("failure paths leak nothing and close nothing twice");
				unsupported("the exporter does not support CPU mmap of its "
				            "dma-bufs, which " +
				                    vk.device().name() + " needs to import",
				            err);
			}
		}

		// 4. Successful imports, alive at the same time, then freed.
		{
			ImportedBuffer a = vk.import_buffer(buf, storage_only_usage);
			ImportedBuffer b = vk.import_buffer(buf, storage_only_usage);
			std::uint32_t want = pattern::checksum32(
			        expected_bytes(seed, r.offset, len), r.offset / 4);
			ChecksumPass checksum(vk.device());
			check(checksum.run(a.whole(), r.offset / 4) == want &&
			              checksum.run(b.whole(), r.offset / 4) == want,
			      "an import does not read the host's bytes");
			check(::fcntl(buf.fd(), F_GETFD) >= 0,
			      "the caller's fd was closed by a successful import");
		}
		check_fds(buf, fds, "after two successful imports were freed");
		// 5. And the fd still imports afterwards.
		{
			ImportedBuffer again = vk.import_buffer(buf, storage_only_usage);
		}
		check_fds(buf, fds, "after a third import was freed");
	}
	vk.finish();
}
