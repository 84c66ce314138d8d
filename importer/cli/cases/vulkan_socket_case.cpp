// vulkan.import_sent_over_socket: a dma-buf fd handed to another process the
// way compositors and VMMs do (SCM_RIGHTS over a UNIX socket), imported there
// into that process's own VkDevice and written; the sender and the host see
// the bytes, and a revoke reaches the fd in both processes.
//
// The two processes take turns through `step` in shared memory: the child
// fills (1), the parent checks and revokes (2), the child touches its CPU
// mapping of the received fd while revoked (3), the parent restores (4),
// the child fills again through the same import (5) and exits.
#include "child_process.hpp"
#include "fd_passing.hpp"
#include "revoke_triggers.hpp"
#include "vfio_dmabuf/revoke_scope.hpp"
#include "vfio_dmabuf/testing/pattern.hpp"
#include "vfio_dmabuf/testing/vulkan/checksum_pass.hpp"
#include "vfio_dmabuf/testing/vulkan/fill_pass.hpp"
#include "vulkan_case.hpp"
#include "vulkan_child.hpp"

#include <atomic>
#include <chrono>
#include <csignal>
#include <sys/mman.h>
#include <sys/wait.h>
#include <thread>

using namespace vfio_dmabuf;
using namespace vfio_dmabuf::cases;
using namespace vfio_dmabuf::conformance;
using namespace vfio_dmabuf::vulkan;
using namespace std::chrono_literals;

namespace
{

struct Shared {
	std::atomic<int> step{0};
	std::atomic<int> revoked_signal{-1}; // what the child's touch died of
	std::atomic<int> received_fd{-1};    // the fd number in the child
	ChildReport report;
};

// Waits for the parent to set `step`; false after 600 s (the parent died).
bool await_step(const Shared& sh, int step)
{
	return wait_until(sh.step, step, 600s);
}

int receiving_child(Shared& sh, int socket, std::uint64_t bar_offset, const std::uint64_t (&seeds)[2],
                    const std::string& vk_device)
{
	return report_exceptions(sh.report, [&] {
		std::string tag;
		UniqueFd fd = receive_fd(socket, tag, "the receiving process");
		sh.received_fd = fd.get();
		DmaBuf buf(std::move(fd), "the dma-buf received over SCM_RIGHTS (" + tag + ")");
		Mapping cpu = buf.map(PROT_READ);
		Instance instance;
		{
			DeviceRequirements req;
			req.device = vk_device;
			Device device(instance, req);
			ImportedBuffer mem = import_buffer(device, buf, storage_usage);
			FillPass fill(device);
			fill.run(mem.whole(), seeds[0], bar_offset);
			sh.step = 1;
			if (!await_step(sh, 2))
				throw Error("the parent never revoked", ETIMEDOUT);
			sh.revoked_signal = signal_of_child(touch_read, cpu.data());
			sh.step = 3;
			if (!await_step(sh, 4))
				throw Error("the parent never restored", ETIMEDOUT);
			fill.run(mem.whole(), seeds[1], bar_offset);
			sh.step = 5;
		}
		// After the device is gone (the layer reports leaks then); the
		// parent judges the exit status: a validation error fails the case.
		auto errors = instance.log().errors();
		if (!errors.empty())
			throw Error(std::to_string(errors.size()) +
			                    " validation error(s) in the receiving process, first: " +
			                    errors.front(),
			            EPROTO);
		return 0;
	});
}

} // namespace

VFIO_DMABUF_CASE(
        vulkan_import_sent_over_socket, "vulkan.import_sent_over_socket",
        "a second process receives the dma-buf fd over a UNIX socket (SCM_RIGHTS), imports it "
        "into its own VkDevice and fills it: the sender's import and the host see the fill; "
        "clearing PCI_COMMAND_MEMORY then makes the CPU mappings of both processes SIGBUS, and "
        "after the restore a fill through the receiver's same import reaches the sender")
{
	require_seed(ctx);
	VulkanCase vk(ctx);
	{
		auto [dev, bar] = open_export_target(ctx);
		const std::uint64_t len = 64 * 1024;
		Range r{ctx.scratch(bar.size, len), len};
		DmaBuf buf = vk.export_importable(dev, {&r, 1});
		Mapping cpu = map_or_unsupported(buf, PROT_READ);
		ImportedBuffer own = vk.import_buffer(buf, storage_usage);
		ChecksumPass sum(vk.device());
		auto expect_fill = [&](std::uint64_t seed, const std::string& when) {
			std::uint32_t want = pattern::checksum32(expected_bytes(seed, r.offset, len),
			                                         r.offset / 4);
			std::uint32_t got = sum.run(own.whole(), r.offset / 4);
			check(got == want, when + ": the sender's import checksums to " + hex(got) +
			                           ", the receiver's fill gives " + hex(want));
			check_pattern(cpu.bytes(), seed, r.offset, when + " (the sender's CPU mapping)");
		};
		const std::uint64_t seeds[2] = {write_seed(ctx, 0x534b31), write_seed(ctx, 0x534b32)};
		const Trigger& t = triggers().front(); // memory_disable: a revoked window
		check(t.has_window, std::string(t.name) + " has no revoked window");

		SocketPair sp;
		SharedMemory<Shared> sh;
		const int child_socket = sp.child.get();
		ChildProcess child([&] {
			sp.parent.reset();
			return receiving_child(*sh, child_socket, r.offset, seeds, ctx.vk_device());
		});
		sp.child.reset();
		send_fd(sp.parent.get(), buf.fd(), describe({&r, 1}), "the sending process");
		const std::string who = "the receiving process " + std::to_string(child.pid());
		wait_for_child(child, sh->report, [&] { return sh->step >= 1; }, who,
		               "its first fill");
		ctx.expect_bar(r.offset, len, seeds[0]);
		expect_fill(seeds[0], "after the receiver's fill");
		ctx.log("fd " + std::to_string(buf.fd()) + " arrived as fd " +
		        std::to_string(sh->received_fd) + " in process " + std::to_string(child.pid()) +
		        ", whose fill the sender reads");

		{
			// Both processes are idle: nothing to quiesce.  The scope
			// restores if the case ends early.
			RevokeScope scope(revocation(t, dev), {});
			int own_signal = signal_of_child(touch_read, cpu.data());
			sh->step = 2;
			wait_for_child(child, sh->report, [&] { return sh->step >= 3; }, who,
			               "its touch of the revoked mapping");
			scope.restore();
			check(own_signal == SIGBUS,
			      std::string("after ") + t.how + " the sender's CPU mapping did not " +
			              "SIGBUS (" + std::to_string(own_signal) + ")");
		}
		check(sh->revoked_signal == SIGBUS,
		      std::string("after ") + t.how + " the receiver's CPU mapping did not SIGBUS (" +
		              std::to_string(sh->revoked_signal) + ")");
		sh->step = 4;
		wait_for_child(child, sh->report, [&] { return sh->step >= 5; }, who,
		               "its fill after the restore");
		ctx.expect_bar(r.offset, len, seeds[1]);
		auto status = child.wait_for(60s);
		check(status && WIFEXITED(*status) && WEXITSTATUS(*status) == 0,
		      who + " " + (status ? describe_wait_status(*status) : "did not exit") + ": " +
		              sh->report.message);
		expect_fill(seeds[1], "after the restore and the receiver's second fill");
		ctx.log("the revoke reached both processes (SIGBUS in each); after the restore the "
		        "receiver's same import wrote again");
	}
	vk.finish();
}
