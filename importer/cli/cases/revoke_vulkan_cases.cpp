// revoke.<trigger>.vulkan_quiesced: the documented protocol (RevokeScope)
// around a Vulkan import of a BAR range.  The application waits idle,
// revokes, restores, and the same VkDeviceMemory gives the right compute
// results again, without a new import.
#include "revoke_triggers.hpp"
#include "vfio_dmabuf/revoke_scope.hpp"
#include "vfio_dmabuf/testing/pattern.hpp"
#include "vfio_dmabuf/testing/vulkan/checksum_pass.hpp"
#include "vfio_dmabuf/testing/vulkan/copy_pass.hpp"
#include "vfio_dmabuf/testing/vulkan/fill_pass.hpp"
#include "vfio_dmabuf/testing/vulkan/host_buffer.hpp"
#include "vfio_dmabuf/vulkan/quiescer.hpp"
#include "vulkan_case.hpp"

using namespace vfio_dmabuf;
using namespace vfio_dmabuf::cases;
using namespace vfio_dmabuf::conformance;
using namespace vfio_dmabuf::vulkan;

namespace
{

// The write seeds of this family: distinct per trigger and step.
std::uint64_t seed_for(const Context& ctx, std::size_t trigger, std::uint64_t step)
{
	return write_seed(ctx, 0x5251000 + trigger * 16 + step);
}

// Fills a scratch slot through the import, revokes and restores it with a
// RevokeScope whose Vulkan quiescer re-validates the same memory (GPU
// checksum of what was filled before), then fills again and reads back.
void vulkan_quiesced(Context& ctx, const Trigger& t, std::size_t index)
{
	require_seed(ctx);
	VulkanCase vk(ctx);
	{
		auto [dev, bar] = open_export_target(ctx);
		const std::uint64_t len = 256 * 1024;
		Range r{ctx.scratch(bar.size, len), len};
		DmaBuf buf = vk.export_importable(dev, {&r, 1});
		ImportedBuffer mem = vk.import_buffer(buf, storage_usage);
		FillPass fill(vk.device());
		ChecksumPass sum(vk.device());
		auto expect_sum = [&](std::uint64_t seed, const std::string& when) {
			std::uint32_t want = pattern::checksum32(
			        expected_bytes(seed, r.offset, len), r.offset / 4);
			std::uint32_t got = sum.run(mem.whole(), r.offset / 4);
			check(got == want, when + ": GPU checksum of the imported memory " +
			                           hex(got) + ", the pattern gives " + hex(want));
		};

		const std::uint64_t before = seed_for(ctx, index, 1),
		                    after = seed_for(ctx, index, 2);
		fill.run(mem.whole(), before, r.offset);
		ctx.expect_bar(r.offset, len, before);
		expect_sum(before, "before the revoke");

		{
			RevokeScope scope(revocation(t, dev),
			                  {device_quiescer(vk.device(), vk.device().name(), [&] {
				                  expect_sum(before,
				                             std::string("after ") + t.how +
				                                     " and the restore, the same "
				                                     "VkDeviceMemory");
			                  })});
			ctx.log("vkDeviceWaitIdle, then " + scope.what());
			scope.restore();
			ctx.log("restored; the same VkDeviceMemory re-validated by a GPU checksum");
		}

		fill.run(mem.whole(), after, r.offset);
		ctx.expect_bar(r.offset, len, after);
		expect_sum(after, "a fill after the restore");
		HostBuffer host(vk.device(), len, storage_usage, "readback after the restore");
		CopyPass(vk.device()).run(mem.whole(), host.whole());
		check_pattern(host.bytes(), after, r.offset,
		              "the fill after the restore, copied to host memory by a shader");
	}
	vk.finish();
}

const bool registered = [] {
	for (std::size_t i = 0; i < triggers().size(); i++) {
		const Trigger* t = &triggers()[i];
		registry().push_back(
		        {std::string("revoke.") + t->name + ".vulkan_quiesced",
		         std::string("a scratch range imported into Vulkan and filled by a shader; "
		                     "vkDeviceWaitIdle, ") +
		                 t->how + (t->has_window ? ", restore" : "") +
		                 " (RevokeScope): the same VkDeviceMemory checksums to what was "
		                 "filled before, and a new fill through it lands in the BAR",
		         [t, i](Context& ctx) { vulkan_quiesced(ctx, *t, i); }});
	}
	return true;
}();

} // namespace
