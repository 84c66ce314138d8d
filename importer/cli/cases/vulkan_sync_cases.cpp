// vulkan.sync_file.*: explicit sync on the vfio dma-buf.  Fences go both
// ways between the dma-buf's reservation (DMA_BUF_IOCTL_IMPORT_SYNC_FILE /
// EXPORT_SYNC_FILE) and Vulkan binary semaphores (SYNC_FD handles), so work
// on an imported buffer can wait for, and signal, other devices' work on the
// same memory.  The "other device" is a sw_sync timeline (CONFIG_SW_SYNC):
// its fence signals exactly when the case advances it.
//
// Teardown order matters: the sw_sync timeline is declared last, so it is
// closed first and the kernel signals whatever fence is still pending on it;
// only then does the submission that waits for it complete (its destructor
// waits), and only then are the dma-buf and the device released (a revoke
// waits for the dma-buf's fences, without bound).
#include "vfio_dmabuf/testing/sw_sync.hpp"
#include "vfio_dmabuf/testing/vulkan/fill_pass.hpp"
#include "vfio_dmabuf/vulkan/sync_file.hpp"
#include "vulkan_case.hpp"

#include <linux/dma-buf.h>
#include <optional>
#include <sys/mman.h>

using namespace vfio_dmabuf;
using namespace vfio_dmabuf::cases;
using namespace vfio_dmabuf::conformance;
using namespace vfio_dmabuf::vulkan;

namespace
{

// How long a submission that must not run yet is given to (wrongly) run.
// Correct behaviour passes whatever this is; it only bounds how long a
// wrong one has to show itself.
constexpr std::uint64_t held_back_ns = 500'000'000ull;
// A submission or fence that must complete: a hang guard, not a measure.
constexpr int must_signal_ms = 120'000;

// An open sw_sync timeline, or unsupported naming what is missing.
SwSyncTimeline open_timeline()
{
	try {
		return SwSyncTimeline();
	} catch (const Error& e) {
		unsupported(std::string("no controllable fence: ") + e.what(), e.code());
	}
}

// A SYNC_FD semaphore, or unsupported when the driver has none.
Semaphore sync_file_semaphore(Device& device)
{
	try {
		return Semaphore(device.target());
	} catch (const MissingCapability& e) {
		unsupported(e.what(), e.code());
	}
}

// DMA_BUF_IOCTL_IMPORT_SYNC_FILE, unsupported where the kernel lacks it
// (before 6.0: ENOTTY).
void import_write_fence(const DmaBuf& buf, int sync_file)
{
	try {
		buf.import_sync_file(sync_file, DMA_BUF_SYNC_WRITE);
	} catch (const Error& e) {
		if (e.code() == ENOTTY)
			unsupported("the kernel cannot import sync_files into a dma-buf", e.code());
		throw;
	}
}

// A scratch range of the BAR under test, exported and imported as a
// storage buffer, and the BAR itself mapped through the vfio region (what
// the case reads back: the BAR's bytes, not the importer's view).
struct SyncTarget {
	VfioDevice dev;
	RegionInfo bar;
	Range r;
	DmaBuf buf;
	ImportedBuffer imported;
	Mapping region;

	SyncTarget(Context& ctx, VulkanCase& vk, std::uint64_t len)
	    : dev(ctx.open_device()), bar(bar_under_test(dev)), r{ctx.scratch(bar.size, len), len},
	      buf(vk.export_importable(dev, {&r, 1})),
	      imported(vk.import_buffer(buf, storage_usage)),
	      region(dev.map_region(bar_index(), PROT_READ))
	{
	}
	std::span<const std::uint8_t> bar_bytes() const
	{
		return region.bytes().subspan(r.offset, r.length);
	}
};

} // namespace

VFIO_DMABUF_CASE(
        vulkan_sync_file_fence_holds_back_submission,
        "vulkan.sync_file.dma_buf_fence_holds_back_a_submission",
        "a sw_sync fence imported into the dma-buf as a write fence makes its exported "
        "sync_file pending, and a compute fill waiting on a semaphore holding that sync_file "
        "does not run (vkWaitForFences times out, the BAR keeps the host's pattern) until "
        "the fence signals; then it completes and its pattern is in the BAR")
{
	const std::uint64_t seed = require_seed(ctx);
	VulkanCase vk(ctx);
	{
		SyncTarget t(ctx, vk, 64 * 1024);
		Semaphore ready = sync_file_semaphore(vk.device());
		FillPass fill(vk.device());
		std::optional<Device::Submission> submission;
		SwSyncTimeline producer = open_timeline(); // last: closed first

		UniqueFd fence = producer.create_fence(1, "vfio-dmabuf producer");
		import_write_fence(t.buf, fence.get());
		UniqueFd readers = t.buf.export_sync_file(DMA_BUF_SYNC_READ);
		check(!sync_file_signalled(readers.get()),
		      "EXPORT_SYNC_FILE(READ) after importing an unsignalled write fence gave a "
		      "signalled sync_file: the import was not seen");
		ctx.log("imported a sw_sync fence as a write fence; the exported sync_file is "
		        "pending");

		// A writer waits for readers and writers.
		import_sync_file(vk.device().target(), ready.get(),
		                 t.buf.export_sync_file(DMA_BUF_SYNC_WRITE));
		const std::uint64_t wseed = write_seed(ctx, 40);
		submission.emplace(vk.device().submit_async(
		        "fill after the dma-buf's fence",
		        [&](const vk::raii::CommandBuffer& cmd) {
			        fill.record(cmd, t.imported.whole(), wseed, t.r.offset);
		        },
		        ready.get(), vk::PipelineStageFlagBits::eComputeShader));
		// The fill lands whichever way the case ends (teardown signals the
		// fence and waits for it): declare it now.
		ctx.expect_bar(t.r.offset, t.r.length, wseed);
		check(!submission->wait(held_back_ns),
		      "the fill completed while the semaphore it waits for held an unsignalled "
		      "fence");
		check_pattern(t.bar_bytes(), seed, t.r.offset,
		              "the BAR while the fill waits (nothing may be written yet)");
		check(!sync_file_signalled(readers.get()),
		      "the dma-buf's exported sync_file signalled before its fence did");
		ctx.log("the fill is held back: vkWaitForFences timed out, the BAR is unchanged");

		producer.advance(1);
		check(sync_file_signalled(readers.get(), must_signal_ms),
		      "the dma-buf's exported sync_file did not signal after its fence did");
		check(submission->wait(std::uint64_t(must_signal_ms) * 1'000'000),
		      "the fill did not complete after the fence it waited for signalled");
		check_pattern(t.bar_bytes(), wseed, t.r.offset, "the BAR after the fill");
		ctx.log("fence signalled: the fill ran, its pattern is in " + bar_name() + " at " +
		        hex(t.r.offset));
	}
	vk.finish();
}

VFIO_DMABUF_CASE(
        vulkan_sync_file_submission_fence_reaches_dma_buf,
        "vulkan.sync_file.submission_fence_reaches_the_dma_buf",
        "the semaphore a compute fill signals, exported as a sync_file and imported into the "
        "dma-buf as a write fence, holds back the dma-buf's own exported sync_file (never "
        "signalled while the semaphore's is not); once that signals, the fill's pattern is "
        "in the BAR")
{
	require_seed(ctx);
	VulkanCase vk(ctx);
	{
		SyncTarget t(ctx, vk, 64 * 1024);
		Semaphore done = sync_file_semaphore(vk.device());
		FillPass fill(vk.device());
		const std::uint64_t wseed = write_seed(ctx, 41);
		// Nothing holds this fill back (a driver may export a SYNC_FD only
		// once the signal operation's waits are met: lavapipe even waits for
		// the work), so on a fast device the race below may not be seen; a
		// dma-buf that ignores the imported fence still fails the BAR check
		// wherever the write is slower than the CPU.
		Device::Submission submission = vk.device().submit_async(
		        "fill that signals a semaphore",
		        [&](const vk::raii::CommandBuffer& cmd) {
			        fill.record(cmd, t.imported.whole(), wseed, t.r.offset);
		        },
		        {}, {}, done.get());
		ctx.expect_bar(t.r.offset, t.r.length, wseed);
		UniqueFd vulkan_fence = export_sync_file(vk.device().target(), done.get());
		import_write_fence(t.buf, vulkan_fence.get());
		UniqueFd readers = t.buf.export_sync_file(DMA_BUF_SYNC_READ);
		// Fences only ever go from pending to signalled: if the dma-buf's
		// sync_file is signalled and the Vulkan one, looked at afterwards,
		// is not, the dma-buf's never waited for it.
		bool dma_buf_first = sync_file_signalled(readers.get());
		bool vulkan_then = sync_file_signalled(vulkan_fence.get());
		check(!(dma_buf_first && !vulkan_then),
		      "the dma-buf's exported sync_file signalled while the imported Vulkan "
		      "sync_file was still pending");
		ctx.log(std::string("the semaphore's sync_file was ") +
		        (vulkan_then ? "already signalled (the driver exports finished work)"
		                     : "pending when the dma-buf's was exported"));

		// A consumer that waits only for the dma-buf's fences sees the write.
		check(sync_file_signalled(readers.get(), must_signal_ms),
		      "the dma-buf's exported sync_file did not signal");
		check_pattern(t.bar_bytes(), wseed, t.r.offset,
		              "the BAR once the dma-buf's sync_file signalled");
		check(submission.wait(std::uint64_t(must_signal_ms) * 1'000'000),
		      "the fill did not complete");
		ctx.log("the fill's pattern is in " + bar_name() + " at " + hex(t.r.offset) +
		        " when the dma-buf's sync_file signals");
	}
	vk.finish();
}
