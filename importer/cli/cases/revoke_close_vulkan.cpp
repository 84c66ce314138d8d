// revoke.close.vulkan_import_outlives_device: the vfio device is closed while
// a Vulkan import of one of its dma-bufs is alive.  Closing revokes for good;
// the import must then either be released cleanly or, when used, fail the
// way the revoke caveat says (SIGBUS for lavapipe, which reads through its
// mmap of the dma-buf; VK_ERROR_DEVICE_LOST for a driver that notices).
// Both happen in forked children (Vulkan created after the fork), each the
// only owner of its vfio device, so the close really closes it and a SIGBUS
// takes only the child.
#include "child_process.hpp"
#include "vfio_dmabuf/testing/pattern.hpp"
#include "vfio_dmabuf/testing/vulkan/checksum_pass.hpp"
#include "vfio_dmabuf/vulkan/vk_error.hpp"
#include "vulkan_case.hpp"
#include "vulkan_child.hpp"

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <sys/mman.h>
#include <sys/wait.h>

using namespace vfio_dmabuf;
using namespace vfio_dmabuf::cases;
using namespace vfio_dmabuf::conformance;
using namespace vfio_dmabuf::vulkan;
using namespace std::chrono_literals;

namespace
{

struct Shared {
	std::atomic<int> step{0}; // the last Step the child completed
	std::atomic<std::uint32_t> validation_errors{0};
	ChildReport report;
};

enum Step { started, imported, closed, used, released };
const char* step_name(int s)
{
	static const char* names[] = {"started", "imported and checked", "closed the device",
	                              "used the import after the close", "released everything"};
	return s >= 0 && s <= released ? names[s] : "?";
}

// Imports range `r` into a fresh Vulkan device, checks it, closes the vfio
// device, then either uses the import (`use`) or releases it all.
int close_child(const Context& ctx, Shared& sh, Range r, bool use)
{
	return report_exceptions(sh.report, [&] {
		std::optional<VfioDevice> dev = ctx.open_device();
		DmaBuf buf = export_dma_buf(*dev, bar_index(), {&r, 1});
		std::optional<Instance> instance(std::in_place);
		DeviceRequirements req;
		req.device = ctx.vk_device();
		std::optional<Device> device(std::in_place, *instance, req);
		std::optional<ImportedBuffer> mem(
		        import_buffer(*device, buf, vk::BufferUsageFlagBits::eStorageBuffer));
		std::optional<ChecksumPass> sum(std::in_place, *device);
		std::uint32_t want = pattern::checksum32(
		        expected_bytes(ctx.seed(), r.offset, r.length), r.offset / 4);
		if (std::uint32_t got = sum->run(mem->whole(), r.offset / 4); got != want) {
			sh.report.note("checksum before the close " + hex(got) + ", expected " +
			               hex(want));
			return child_failed;
		}
		sh.step = imported;
		dev.reset();
		sh.step = closed;
		if (use) {
			std::uint32_t got = sum->run(mem->whole(), r.offset / 4);
			sh.step = used;
			sh.report.note("a checksum pass over the import after the close returned " +
			               hex(got) + (got == want ? " (the old bytes)" : ""));
			return child_failed;
		}
		if (buf.size() != r.length) {
			sh.report.note("lseek of the orphaned dma-buf gives " + hex(buf.size()));
			return child_failed;
		}
		sum.reset();
		mem.reset();
		device.reset();
		sh.validation_errors = instance->log().errors().size();
		if (!instance->log().errors().empty())
			sh.report.note("validation: " + instance->log().errors().front());
		instance.reset();
		buf = DmaBuf();
		sh.step = released;
		return 0;
	});
}

// Runs close_child and returns its wait status; a child that could not get
// as far as the close makes the case unsupported or an error.
int run_child(Context& ctx, Range r, bool use, Shared& sh)
{
	ChildProcess child([&] { return close_child(ctx, sh, r, use); });
	auto status = child.wait_for(600s);
	if (!status)
		fail(std::string("the child ") + (use ? "using" : "releasing") +
		     " the import after the close did not end in 600 s (last step: " +
		     step_name(sh.step) + ")");
	if (sh.step < closed) {
		std::string why = describe_wait_status(*status) + " after step '" +
		                  step_name(sh.step) + "': " + sh.report.message;
		if (WIFEXITED(*status) && WEXITSTATUS(*status) == child_unsupported)
			unsupported("the child's Vulkan device: " + why, EOPNOTSUPP);
		if (std::strncmp(sh.report.message, "checksum before", 15) == 0)
			fail(why); // the import itself read wrong bytes
		throw Environment("the child did not get to the close: " + why);
	}
	return *status;
}

} // namespace

VFIO_DMABUF_CASE(
        vulkan_import_outlives_device, "revoke.close.vulkan_import_outlives_device",
        "closing the vfio device under a live Vulkan import of its dma-buf: a later compute pass "
        "over the import dies by SIGBUS or gets VK_ERROR_DEVICE_LOST (never returns data), "
        "releasing the import, device and dma-buf instead works cleanly; a new open exports "
        "again")
{
	std::uint64_t seed = require_seed(ctx);
	Range r{};
	{
		// Unsupported before forking when the kernel cannot export or
		// mmap (lavapipe imports by mmap); closed again for the children.
		auto [dev, bar] = open_export_target(ctx);
		r = {bar.size / 8 + 16 * 4096, 64 * 1024};
		DmaBuf buf = export_dma_buf(dev, bar_index(), {&r, 1});
		map_or_unsupported(buf, PROT_READ | PROT_WRITE);
	}

	SharedMemory<Shared> released_sh;
	int status = run_child(ctx, r, false, *released_sh);
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "releasing the import after the close: the child " + describe_wait_status(status) +
	              " after step '" + step_name(released_sh->step) +
	              "': " + released_sh->report.message);
	check(released_sh->validation_errors == 0, std::to_string(released_sh->validation_errors) +
	                                                   " validation error(s) in the "
	                                                   "releasing child: " +
	                                                   released_sh->report.message);
	ctx.log("import, Vulkan device and dma-buf released after the close: clean");

	SharedMemory<Shared> used_sh;
	status = run_child(ctx, r, true, *used_sh);
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGBUS)
		ctx.log("a compute pass over the import after the close: the child died by SIGBUS");
	else if (used_sh->report.device_lost(status))
		ctx.log(std::string("a compute pass over the import after the close: ") +
		        used_sh->report.message);
	else
		fail("using the import after the close: the child " + describe_wait_status(status) +
		     " after step '" + step_name(used_sh->step) + "' (" + used_sh->report.message +
		     "), expected SIGBUS or VK_ERROR_DEVICE_LOST");

	auto dev = ctx.open_device();
	DmaBuf fresh = export_dma_buf(dev, bar_index(), {&r, 1});
	Mapping m = map_or_unsupported(fresh, PROT_READ);
	check_pattern(m.bytes(), seed, r.offset, "an export after reopening");
}
