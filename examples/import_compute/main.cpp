// import-compute: the three calls a program makes to let its GPU use a
// vfio device's BAR with no copies, and a compute dispatch on the result.
//
//   1. open the device        vfio_dmabuf::VfioDevice::open("0000:01:00.0")
//   2. export a range         vfio_dmabuf::export_dma_buf(dev, bar, ranges)
//   3. import it              vfio_dmabuf::vulkan::import_buffer(target, buf, usage)
//                             vfio_dmabuf::vulkan::import_image(target, buf, layout, usage)
//
// Everything else here is this program's own Vulkan: its instance, device,
// pipeline and command buffers.  Built against the installed package, with
// CMake (CMakeLists.txt) or pkg-config (Makefile).
#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <vector>
#include <vfio_dmabuf/error.hpp>
#include <vfio_dmabuf/export.hpp>
#include <vfio_dmabuf/version.hpp>
#include <vfio_dmabuf/vfio_device.hpp>
#include <vfio_dmabuf/vulkan/buffer_import.hpp>
#include <vfio_dmabuf/vulkan/extensions.hpp>
#include <vfio_dmabuf/vulkan/image_import.hpp>
#include <vfio_dmabuf/vulkan/ownership_barriers.hpp>
#include <vfio_dmabuf/vulkan/physical_device.hpp>
#include <vulkan/vulkan_raii.hpp>

namespace
{

constexpr std::uint32_t fill_spirv[] = {
#include "fill.comp.inc"
};

constexpr vk::Extent2D image_extent{256, 256}; // RGBA8: 256 KiB, the whole range
constexpr std::uint64_t range_size = 256 * 256 * 4;

struct Options {
	std::string device;
	std::uint32_t bar = 2;
	std::uint64_t offset = 0;
	std::uint32_t seed = 1;
	bool validation = false;
};

[[noreturn]] void usage(int rc)
{
	std::fprintf(
	        rc ? stderr : stdout,
	        "usage: import-compute DEVICE [--bar N] [--offset BYTES] [--seed N] "
	        "[--validation]\n"
	        "\n"
	        "Exports [OFFSET, +256 KiB) of BAR N (default 2) of DEVICE, a PCI device bound\n"
	        "to vfio-pci, as a dma-buf; imports it into this program's own Vulkan device\n"
	        "as a storage buffer and as a 256x256 RGBA8 image; fills the buffer with a\n"
	        "compute shader (32-bit word i of the BAR range = (OFFSET/4 + i) * 2654435761\n"
	        "+ SEED) and reads the image back to check it sees the same bytes.  With\n"
	        "--validation, VK_LAYER_KHRONOS_validation is on and any error fails the run.\n"
	        "Exit status 0 when every word matches.  Built against vfio-dmabuf %s.\n",
	        VFIO_DMABUF_VERSION_STRING);
	std::exit(rc);
}

Options parse(int argc, char** argv)
{
	Options o;
	for (int i = 1; i < argc; i++) {
		std::string a = argv[i];
		auto value = [&]() -> std::string {
			if (i + 1 >= argc)
				usage(2);
			return argv[++i];
		};
		if (a == "-h" || a == "--help")
			usage(0);
		else if (a == "--bar")
			o.bar = static_cast<std::uint32_t>(std::stoul(value()));
		else if (a == "--offset")
			o.offset = std::stoull(value(), nullptr, 0);
		else if (a == "--seed")
			o.seed = static_cast<std::uint32_t>(std::stoul(value(), nullptr, 0));
		else if (a == "--validation")
			o.validation = true;
		else if (a.starts_with("-") || !o.device.empty())
			usage(2);
		else
			o.device = a;
	}
	if (o.device.empty())
		usage(2);
	return o;
}

std::uint32_t expected_word(const Options& o, std::uint64_t i)
{
	return static_cast<std::uint32_t>((o.offset / 4 + i) * 2654435761u + o.seed);
}

// Validation errors counted by a debug messenger (with --validation).
unsigned validation_errors = 0;
VKAPI_ATTR VkBool32 VKAPI_CALL on_message(VkDebugUtilsMessageSeverityFlagBitsEXT severity,
                                          VkDebugUtilsMessageTypeFlagsEXT,
                                          const VkDebugUtilsMessengerCallbackDataEXT* data, void*)
{
	if (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT) {
		validation_errors++;
		std::fprintf(stderr, "import-compute: validation error: %s\n", data->pMessage);
	}
	return VK_FALSE;
}

std::uint32_t compute_family(const vk::raii::PhysicalDevice& physical)
{
	auto families = physical.getQueueFamilyProperties();
	for (std::uint32_t i = 0; i < families.size(); i++)
		if (families[i].queueFlags & vk::QueueFlagBits::eCompute)
			return i;
	throw std::runtime_error("the Vulkan device has no compute queue");
}

std::uint32_t host_visible_type(const vk::raii::PhysicalDevice& physical, std::uint32_t bits)
{
	auto mem = physical.getMemoryProperties();
	const auto want = vk::MemoryPropertyFlagBits::eHostVisible |
	                  vk::MemoryPropertyFlagBits::eHostCoherent;
	for (std::uint32_t i = 0; i < mem.memoryTypeCount; i++)
		if ((bits & (1u << i)) && (mem.memoryTypes[i].propertyFlags & want) == want)
			return i;
	throw std::runtime_error("no host-visible memory type");
}

// Records with `record`, submits, waits.
template <class Record>
void submit(const vk::raii::Device& device, const vk::raii::Queue& queue,
            const vk::raii::CommandPool& pool, Record&& record)
{
	vk::raii::CommandBuffers cmds(device, {*pool, vk::CommandBufferLevel::ePrimary, 1});
	const vk::raii::CommandBuffer& cmd = cmds.front();
	cmd.begin({vk::CommandBufferUsageFlagBits::eOneTimeSubmit});
	record(*cmd);
	cmd.end();
	vk::raii::Fence fence(device, vk::FenceCreateInfo());
	vk::CommandBuffer handle = *cmd;
	queue.submit(vk::SubmitInfo({}, {}, handle), *fence);
	if (device.waitForFences(*fence, VK_TRUE, 120'000'000'000ull) != vk::Result::eSuccess)
		throw std::runtime_error("the GPU did not finish within 120 s");
}

int run(const Options& o)
{
	// --- this program's own Vulkan device -------------------------------------
	vk::raii::Context context;
	vk::ApplicationInfo app("import-compute", 1, nullptr, 0, VK_API_VERSION_1_2);
	std::vector<const char*> layers, instance_exts;
	if (o.validation) {
		layers.push_back("VK_LAYER_KHRONOS_validation");
		instance_exts.push_back(VK_EXT_DEBUG_UTILS_EXTENSION_NAME);
	}
	vk::raii::Instance instance(context,
	                            vk::InstanceCreateInfo({}, &app, layers, instance_exts));
	std::optional<vk::raii::DebugUtilsMessengerEXT> messenger;
	if (o.validation)
		messenger.emplace(instance,
		                  vk::DebugUtilsMessengerCreateInfoEXT(
		                          {}, vk::DebugUtilsMessageSeverityFlagBitsEXT::eError,
		                          vk::DebugUtilsMessageTypeFlagBitsEXT::eValidation |
		                                  vk::DebugUtilsMessageTypeFlagBitsEXT::eGeneral,
		                          &on_message));

	// The first device that can import dma-bufs (or name one:
	// select_physical_device(instance, "/dev/dri/renderD128")).
	vk::raii::PhysicalDevice physical(
	        instance, vfio_dmabuf::vulkan::select_physical_device(*instance, ""));
	const std::uint32_t family = compute_family(physical);
	std::vector<const char*> exts = vfio_dmabuf::vulkan::device_extensions(*physical);
	float priority = 1.0f;
	vk::DeviceQueueCreateInfo queue_info({}, family, 1, &priority);
	vk::raii::Device device(physical, vk::DeviceCreateInfo({}, queue_info, {}, exts));
	vk::raii::Queue queue(device, family, 0);
	vk::raii::CommandPool pool(device, {vk::CommandPoolCreateFlagBits::eTransient, family});

	// drm_format_modifier = true places an image at any offset and pitch
	// (DRM_FORMAT_MOD_LINEAR, explicit layout) where the driver offers
	// VK_EXT_image_drm_format_modifier; the 256x256 image here starts at 0
	// with a pitch of 1024, which LINEAR tiling gives on every driver we
	// know (the library checks it and says so when it does not).
	const vfio_dmabuf::vulkan::Target target{*instance, *physical, *device, family, false};

	// --- the three calls -----------------------------------------------------------
	vfio_dmabuf::VfioDevice dev = vfio_dmabuf::VfioDevice::open(o.device);
	const vfio_dmabuf::Range range{o.offset, range_size};
	vfio_dmabuf::DmaBuf buf = vfio_dmabuf::export_dma_buf(dev, o.bar, {&range, 1});
	auto words = vfio_dmabuf::vulkan::import_buffer(target, buf,
	                                                vk::BufferUsageFlagBits::eStorageBuffer);
	auto image = vfio_dmabuf::vulkan::import_image(
	        target, buf, {vk::Format::eR8G8B8A8Unorm, image_extent, 0, image_extent.width * 4},
	        vk::ImageUsageFlagBits::eTransferSrc);
	std::printf("import-compute: %s (%s): BAR%u [0x%llx, +0x%llx) imported into %s as a "
	            "buffer and an image (%s)\n",
	            dev.address().c_str(), dev.access_mode().c_str(), o.bar,
	            static_cast<unsigned long long>(o.offset),
	            static_cast<unsigned long long>(range_size),
	            vfio_dmabuf::vulkan::describe_physical_device(*physical).c_str(),
	            image.drm_modifier() ? "DRM_FORMAT_MOD_LINEAR" : "LINEAR tiling");

	// --- a compute dispatch over the imported buffer --------------------------------
	vk::raii::ShaderModule module(device, {{}, sizeof(fill_spirv), fill_spirv});
	vk::DescriptorSetLayoutBinding binding(0, vk::DescriptorType::eStorageBuffer, 1,
	                                       vk::ShaderStageFlagBits::eCompute);
	vk::raii::DescriptorSetLayout set_layout(device, {{}, binding});
	vk::PushConstantRange push_range(vk::ShaderStageFlagBits::eCompute, 0, 12);
	vk::DescriptorSetLayout set_layout_handle = *set_layout;
	vk::raii::PipelineLayout layout(device, {{}, set_layout_handle, push_range});
	vk::raii::Pipeline pipeline(
	        device, nullptr,
	        vk::ComputePipelineCreateInfo(
	                {}, {{}, vk::ShaderStageFlagBits::eCompute, *module, "main"}, *layout));
	vk::DescriptorPoolSize pool_size(vk::DescriptorType::eStorageBuffer, 1);
	vk::raii::DescriptorPool descriptors(
	        device, {vk::DescriptorPoolCreateFlagBits::eFreeDescriptorSet, 1, pool_size});
	vk::raii::DescriptorSets sets(device, {*descriptors, set_layout_handle});
	vk::DescriptorBufferInfo buffer_info(words.buffer(), 0, VK_WHOLE_SIZE);
	device.updateDescriptorSets(vk::WriteDescriptorSet(*sets[0], 0, 0,
	                                                   vk::DescriptorType::eStorageBuffer, {},
	                                                   buffer_info),
	                            {});

	const vfio_dmabuf::vulkan::Access write{vk::PipelineStageFlagBits::eComputeShader,
	                                        vk::AccessFlagBits::eShaderWrite};
	const auto whole = words.whole();
	const std::array<std::uint32_t, 3> push{static_cast<std::uint32_t>(range_size / 4),
	                                        static_cast<std::uint32_t>(o.offset / 4), o.seed};
	submit(device, queue, pool, [&](vk::CommandBuffer cmd) {
		// Ownership comes from VK_QUEUE_FAMILY_FOREIGN_EXT (the device
		// behind the BAR) and goes back to it after the write.
		vfio_dmabuf::vulkan::acquire_buffers(target, cmd, {&whole, 1}, write);
		cmd.bindPipeline(vk::PipelineBindPoint::eCompute, *pipeline);
		cmd.bindDescriptorSets(vk::PipelineBindPoint::eCompute, *layout, 0, *sets[0], {});
		cmd.pushConstants(*layout, vk::ShaderStageFlagBits::eCompute, 0, sizeof(push),
		                  push.data());
		cmd.dispatch(64, 1, 1);
		vfio_dmabuf::vulkan::release_buffers(target, cmd, {&whole, 1}, write);
	});

	// --- read the same bytes back through the image ----------------------------------
	vk::raii::Buffer readback(device, {{}, range_size, vk::BufferUsageFlagBits::eTransferDst});
	auto req = readback.getMemoryRequirements();
	vk::raii::DeviceMemory readback_memory(
	        device, {req.size, host_visible_type(physical, req.memoryTypeBits)});
	readback.bindMemory(*readback_memory, 0);
	const vfio_dmabuf::vulkan::Access read{vk::PipelineStageFlagBits::eTransfer,
	                                       vk::AccessFlagBits::eTransferRead};
	submit(device, queue, pool, [&](vk::CommandBuffer cmd) {
		vfio_dmabuf::vulkan::acquire_image(target, cmd, image.ref(),
		                                   vk::ImageLayout::eTransferSrcOptimal, read,
		                                   false);
		cmd.copyImageToBuffer(
		        image.image(), vk::ImageLayout::eTransferSrcOptimal, *readback,
		        vk::BufferImageCopy(0, 0, 0, {vk::ImageAspectFlagBits::eColor, 0, 0, 1},
		                            {0, 0, 0}, vk::Extent3D(image_extent, 1)));
		vfio_dmabuf::vulkan::release_image(target, cmd, image.ref(),
		                                   vk::ImageLayout::eTransferSrcOptimal, read);
		vk::BufferMemoryBarrier to_host(vk::AccessFlagBits::eTransferWrite,
		                                vk::AccessFlagBits::eHostRead,
		                                VK_QUEUE_FAMILY_IGNORED, VK_QUEUE_FAMILY_IGNORED,
		                                *readback, 0, VK_WHOLE_SIZE);
		cmd.pipelineBarrier(vk::PipelineStageFlagBits::eTransfer,
		                    vk::PipelineStageFlagBits::eHost, {}, {}, to_host, {});
	});

	const auto* got =
	        static_cast<const std::uint32_t*>(readback_memory.mapMemory(0, range_size));
	for (std::uint64_t i = 0; i < range_size / 4; i++) {
		if (got[i] != expected_word(o, i)) {
			std::fprintf(stderr,
			             "import-compute: word %llu (BAR offset 0x%llx) reads 0x%08x "
			             "through "
			             "the image, the shader wrote 0x%08x\n",
			             static_cast<unsigned long long>(i),
			             static_cast<unsigned long long>(o.offset + 4 * i), got[i],
			             expected_word(o, i));
			return 1;
		}
	}
	readback_memory.unmapMemory();
	device.waitIdle();
	if (validation_errors) {
		std::fprintf(stderr, "import-compute: %u validation errors\n", validation_errors);
		return 1;
	}
	std::printf("import-compute: ok: the compute shader wrote %llu words into the BAR and "
	            "the image reads them back\n",
	            static_cast<unsigned long long>(range_size / 4));
	return 0;
}

} // namespace

int main(int argc, char** argv)
{
	Options o = parse(argc, argv);
	try {
		return run(o);
	} catch (const vfio_dmabuf::Error& e) {
		std::fprintf(stderr, "import-compute: %s\n", e.what());
	} catch (const vk::SystemError& e) {
		std::fprintf(stderr, "import-compute: Vulkan: %s\n", e.what());
	} catch (const std::exception& e) {
		std::fprintf(stderr, "import-compute: %s\n", e.what());
	}
	return 1;
}
