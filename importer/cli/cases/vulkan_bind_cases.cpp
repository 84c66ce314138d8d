// vulkan.bind_orders and vulkan.fd_properties_reflect_the_dma_buf: the
// orders in which an application may create a VkBuffer, export the dma-buf,
// import the memory and bind (after the CTS's bind_export_import_bind,
// export_bind_import_bind and export_import_bind_bind, where "export" here
// is vfio-pci's), and what vkGetMemoryFdPropertiesKHR says about the fd.
// The buffers are created by hand, as an application that does not use
// import_buffer() would; the library's import_memory() does the import.
#include "../conformance/runner.hpp"
#include "vfio_dmabuf/error.hpp"
#include "vfio_dmabuf/testing/pattern.hpp"
#include "vfio_dmabuf/testing/vulkan/checksum_pass.hpp"
#include "vfio_dmabuf/testing/vulkan/fill_pass.hpp"
#include "vfio_dmabuf/vulkan/dma_buf_memory.hpp"
#include "vfio_dmabuf/vulkan/vk_error.hpp"
#include "vulkan_case.hpp"

#include <cerrno>
#include <optional>
#include <sys/mman.h>
#include <unistd.h>

using namespace vfio_dmabuf;
using namespace vfio_dmabuf::cases;
using namespace vfio_dmabuf::conformance;
using namespace vfio_dmabuf::vulkan;

namespace
{

constexpr auto dma_buf_handle = vk::ExternalMemoryHandleTypeFlagBits::eDmaBufEXT;

vk::raii::Buffer external_buffer(const Device& device, vk::DeviceSize size)
{
	vk::StructureChain<vk::BufferCreateInfo, vk::ExternalMemoryBufferCreateInfo> info(
	        vk::BufferCreateInfo({}, size, storage_usage, vk::SharingMode::eExclusive),
	        vk::ExternalMemoryBufferCreateInfo(dma_buf_handle));
	return vk_call("vkCreateBuffer for a dma-buf import", [&] {
		return vk::raii::Buffer(device.get(), info.get<vk::BufferCreateInfo>());
	});
}

// Whether the driver insists on a dedicated allocation for dma-buf buffers.
bool dedicated_only(const Device& device)
{
	auto p = device.physical().getExternalBufferProperties(
	        vk::PhysicalDeviceExternalBufferInfo({}, storage_usage, dma_buf_handle));
	return static_cast<bool>(p.externalMemoryProperties.externalMemoryFeatures &
	                         vk::ExternalMemoryFeatureFlagBits::eDedicatedOnly);
}

struct Order {
	const char* name;
	// The steps, in order: 'c' create the buffer, 'e' export the dma-buf,
	// 'i' import the memory, 'b' bind.
	const char* steps;
	bool dedicated;
};

// Runs `order` on a fresh scratch range, fills through the bound buffer and
// checks the fill through a separate import_buffer() of the same dma-buf.
void run_order(Context& ctx, VulkanCase& vk, const VfioDevice& dev, const RegionInfo& bar,
               const Order& order, std::uint64_t seed, FillPass& fill, ChecksumPass& sum)
{
	const std::uint64_t len = 64 * 1024;
	Range r{ctx.scratch(bar.size, len), len};
	std::optional<vk::raii::Buffer> buffer;
	std::optional<DmaBuf> buf;
	ImportedMemory memory;
	const std::string what = std::string("bind order ") + order.name;
	for (const char* s = order.steps; *s; s++) {
		switch (*s) {
		case 'c':
			buffer.emplace(external_buffer(vk.device(), len));
			break;
		case 'e':
			buf.emplace(vk.export_importable(dev, {&r, 1}));
			break;
		case 'i': {
			vk::MemoryRequirements req;
			if (buffer) {
				req = buffer->getMemoryRequirements();
			} else {
				// No resource yet: the dma-buf's size, any type.
				req.size = buf->size();
				req.alignment = 1;
				req.memoryTypeBits = ~0u;
			}
			DedicatedTo to{};
			if (order.dedicated)
				to.buffer = **buffer;
			memory = import_memory(vk.device(), *buf, req, to, what);
			break;
		}
		case 'b': {
			auto req = buffer->getMemoryRequirements();
			check(req.size <= memory.size(),
			      what + ": the buffer needs " + hex(req.size) + " bytes, the import has " +
			              hex(memory.size()));
			check((req.memoryTypeBits >> memory.memory_type()) & 1,
			      what + ": the imported memory type " +
			              std::to_string(memory.memory_type()) +
			              " is not one the buffer allows (" + hex(req.memoryTypeBits) + ")");
			vk_call(what + ": vkBindBufferMemory",
			        [&] { buffer->bindMemory(memory.get(), 0); });
			break;
		}
		}
	}
	fill.run({**buffer, 0, len, true}, seed, r.offset);
	ctx.expect_bar(r.offset, len, seed);
	ImportedBuffer reader = vk.import_buffer(*buf, storage_usage);
	std::uint32_t want = pattern::checksum32(expected_bytes(seed, r.offset, len), r.offset / 4);
	std::uint32_t got = sum.run(reader.whole(), r.offset / 4);
	check(got == want, what + ": a fill through the bound buffer reads back as checksum " +
	                           hex(got) + " through another import, expected " + hex(want));
	ctx.log(what + (order.dedicated ? " (dedicated)" : " (not dedicated)") +
	        ": the fill lands at " + describe({&r, 1}));
	buffer.reset(); // before its memory
}

} // namespace

VFIO_DMABUF_CASE(
        vulkan_bind_orders, "vulkan.bind_orders",
        "a VkBuffer created before or after the dma-buf is exported, its memory imported before "
        "or after it exists (dedicated where the buffer exists first, not dedicated where the "
        "import comes first) and bound: in each of the five orders a fill through the buffer "
        "lands in its BAR range")
{
	require_seed(ctx);
	VulkanCase vk(ctx);
	{
		auto [dev, bar] = open_export_target(ctx);
		const Order orders[] = {
		        {"create_export_import_bind", "ceib", true},
		        {"export_create_import_bind", "ecib", true},
		        {"create_export_import_bind", "ceib", false},
		        {"export_create_import_bind", "ecib", false},
		        {"export_import_create_bind", "eicb", false},
		};
		const bool only_dedicated = dedicated_only(vk.device());
		FillPass fill(vk.device());
		ChecksumPass sum(vk.device());
		int ran = 0;
		for (std::size_t i = 0; i < std::size(orders); i++) {
			if (!orders[i].dedicated && only_dedicated) {
				ctx.log(std::string(orders[i].name) + " (not dedicated): not run, " +
				        vk.device().name() +
				        " imports dma-buf buffers only as dedicated allocations");
				continue;
			}
			run_order(ctx, vk, dev, bar, orders[i], write_seed(ctx, 0x42440 + i), fill, sum);
			ran++;
		}
		check(ran >= 2, "fewer than two bind orders ran");
	}
	vk.finish();
}

VFIO_DMABUF_CASE(
        vulkan_fd_properties_reflect_the_dma_buf, "vulkan.fd_properties_reflect_the_dma_buf",
        "vkGetMemoryFdPropertiesKHR on an exported dma-buf succeeds with memory types that exist "
        "and that a buffer of the dma-buf's size accepts, needing no more than its size; an fd "
        "that is not a dma-buf (a memfd of the same size) is refused by the import (EINVAL) "
        "before the driver sees it")
{
	VulkanCase vk(ctx);
	{
		auto [dev, bar] = open_export_target(ctx);
		const std::uint64_t len = 256 * 1024;
		Range r{bar.size / 8, len};
		DmaBuf buf = vk.export_importable(dev, {&r, 1});
		check(buf.size() == len, "the dma-buf reports size " + hex(buf.size()) +
		                                 " (lseek), the range has " + hex(len));
		auto props = vk.device().get().getMemoryFdPropertiesKHR(dma_buf_handle, buf.fd());
		auto mem = vk.device().physical().getMemoryProperties();
		check(props.memoryTypeBits != 0, "vkGetMemoryFdPropertiesKHR reports no memory type");
		check((props.memoryTypeBits >> mem.memoryTypeCount) == 0,
		      "memoryTypeBits " + hex(props.memoryTypeBits) + " names types beyond the " +
		              std::to_string(mem.memoryTypeCount) + " the device has");
		vk::raii::Buffer probe = external_buffer(vk.device(), len);
		auto req = probe.getMemoryRequirements();
		check(req.size <= len, "a buffer of the dma-buf's size needs " + hex(req.size) +
		                               " bytes of memory, more than the dma-buf's " + hex(len));
		check(req.memoryTypeBits & props.memoryTypeBits,
		      "no memory type both holds the dma-buf (" + hex(props.memoryTypeBits) +
		              ") and suits a buffer of its size (" + hex(req.memoryTypeBits) + ")");
		for (std::uint32_t t = 0; t < mem.memoryTypeCount; t++)
			if ((props.memoryTypeBits >> t) & 1)
				ctx.log("memory type " + std::to_string(t) + ": " +
				        vk::to_string(mem.memoryTypes[t].propertyFlags) + ", heap " +
				        std::to_string(mem.memoryTypes[t].heapIndex) + " (" +
				        std::to_string(mem.memoryHeaps[mem.memoryTypes[t].heapIndex].size >>
				                       20) +
				        " MiB)");

		// A memfd has a size (lseek) and can be mapped like the dma-buf:
		// only its file system tells it apart.
		int m = ::memfd_create("not-a-dma-buf", MFD_CLOEXEC);
		if (m < 0)
			throw Environment(std::string("memfd_create: ") + errno_name(errno));
		UniqueFd memfd(m);
		if (::ftruncate(memfd.get(), static_cast<off_t>(len)) != 0)
			throw Environment(std::string("ftruncate of a memfd: ") + errno_name(errno));
		DmaBuf fake(std::move(memfd), "a memfd of " + hex(len) + " bytes");
		const int fds = count_open_fds();
		try {
			auto memory = import_memory(vk.device(), fake, req, DedicatedTo{*probe, {}},
			                            "import of a memfd");
			fail("a memfd imported as a dma-buf");
		} catch (const MissingCapability& e) {
			fail(std::string("the memfd reached the driver: ") + e.what());
		} catch (const Error& e) {
			check(e.code() == EINVAL, std::string("the memfd was refused with ") +
			                                  errno_name(e.code()) + " (" + e.what() +
			                                  "), expected EINVAL");
			ctx.log(std::string("refused: ") + e.what());
		}
		check(count_open_fds() == fds, "the refused import changed the fd count");
	}
	vk.finish();
}
