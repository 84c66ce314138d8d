// vulkan.*: BAR ranges imported as VkImages with an explicit linear layout
// (VK_EXT_image_drm_format_modifier, DRM_FORMAT_MOD_LINEAR, our offset and
// row pitch), sampled by a fragment shader and rendered into.
#include "vfio_dmabuf/testing/pattern.hpp"
#include "vfio_dmabuf/testing/vulkan/pattern_render_pass.hpp"
#include "vfio_dmabuf/testing/vulkan/sample_pass.hpp"
#include "vfio_dmabuf/vulkan/image_import.hpp"
#include "vulkan_case.hpp"

#include <optional>
#include <sys/mman.h>

using namespace vfio_dmabuf;
using namespace vfio_dmabuf::cases;
using namespace vfio_dmabuf::conformance;
using namespace vfio_dmabuf::vulkan;

namespace
{

const DeviceRequirements with_images{.dma_buf = true, .dma_buf_images = true, .device = {}};

std::uint64_t page_round(std::uint64_t n)
{
	return (n + 4095) / 4096 * 4096;
}

std::string describe_layout(const LinearLayout& l)
{
	return vk::to_string(l.format) + " " + std::to_string(l.extent.width) + "x" +
	       std::to_string(l.extent.height) + " at +" + std::to_string(l.offset) + ", pitch " +
	       std::to_string(l.row_pitch);
}

// Exports [bar_offset, +what `layout` needs) of the BAR, imports it as a
// sampled image and checks every texel the sample pass returns against the
// host's pattern.  Returns the bytes checked; 0 when the driver's layout is
// not `layout` (LayoutMismatch, logged).
std::uint64_t sample_from_bar(Context& ctx, VulkanCase& vk, const VfioDevice& dev,
                              std::uint64_t bar_offset, const LinearLayout& layout,
                              std::uint64_t seed)
{
	const std::uint64_t row = layout.extent.width * 4;
	Range r{bar_offset, page_round(layout.offset + layout.row_pitch * layout.extent.height)};
	DmaBuf buf = vk.export_importable(dev, {&r, 1});
	std::optional<ImportedImage> image =
	        vk.try_import_image(buf, layout, vk::ImageUsageFlagBits::eSampled);
	if (!image)
		return 0;
	SamplePass pass(vk.device(), layout.format, layout.extent);
	auto texels = pass.run(image->ref());
	for (std::uint32_t y = 0; y < layout.extent.height; y++)
		check_pattern(texels.subspan(y * row, row), seed,
		              r.offset + layout.offset + y * layout.row_pitch,
		              describe_layout(layout) + ": sampled row " + std::to_string(y));
	ctx.log("sampled " + describe_layout(layout) + " from " + describe({&r, 1}) +
	        (image->drm_modifier() ? " (DRM_FORMAT_MOD_LINEAR)" : " (LINEAR tiling)") +
	        ": all texels match");
	return row * layout.extent.height;
}

} // namespace

VFIO_DMABUF_CASE(
        vulkan_import_image_sample, "vulkan.import_image_sample",
        "a 256x128 RGBA8 image (row pitch 1280) imported from the BAR's lower half with "
        "DRM_FORMAT_MOD_LINEAR and drawn with a nearest sampler into an offscreen target: every "
        "texel is the host's bytes (plane offset 4096 when the driver reports it back, else 0); "
        "the same with LINEAR tiling on a device without the modifier extension when the "
        "driver's layout matches")
{
	std::uint64_t seed = require_seed(ctx);
	const vk::Extent2D extent{256, 128};
	std::uint64_t validated = 0;
	{
		VulkanCase vk(ctx, with_images);
		{
			auto dev = ctx.open_device();
			RegionInfo bar = bar_under_test(dev);
			for (std::uint64_t plane_offset : {4096, 0}) {
				LinearLayout layout{vk::Format::eR8G8B8A8Unorm, extent,
				                    plane_offset, 256 * 4 + 256};
				validated += sample_from_bar(ctx, vk, dev, bar.size / 4 + 11 * 4096,
				                             layout, seed);
			}
		}
		check(validated > 0, "no layout could be imported with DRM_FORMAT_MOD_LINEAR");
		vk.finish();
	}
	{
		VulkanCase plain(ctx); // no VK_EXT_image_drm_format_modifier: LINEAR tiling
		{
			auto dev = ctx.open_device();
			RegionInfo bar = bar_under_test(dev);
			LinearLayout layout{vk::Format::eR8G8B8A8Unorm, extent, 0, 256 * 4};
			validated += sample_from_bar(ctx, plain, dev, bar.size / 4 + 97 * 4096,
			                             layout, seed);
		}
		plain.finish();
	}
	ctx.log("validated " + std::to_string(validated) + " sampled bytes");
}

VFIO_DMABUF_CASE(
        vulkan_render_into_bar, "vulkan.render_into_bar",
        "a 256x64 R32_UINT colour attachment (row pitch 1536) imported from a scratch range and "
        "rendered into: each row holds the shader's pattern in the BAR, the bytes between rows and "
        "after the image are untouched (checked on the host)")
{
	require_seed(ctx);
	VulkanCase vk(ctx, with_images);
	{
		auto dev = ctx.open_device();
		RegionInfo bar = bar_under_test(dev);
		LinearLayout layout{vk::Format::eR32Uint, {256, 64}, 0, 256 * 4 + 512};
		const std::uint64_t row = layout.extent.width * 4;
		const std::uint64_t len =
		        page_round(layout.offset + layout.row_pitch * layout.extent.height);
		Range r{ctx.scratch(bar.size, len), len};
		const std::uint64_t wseed = write_seed(ctx, 5);
		const std::uint64_t base = r.offset + layout.offset;
		DmaBuf buf = vk.export_importable(dev, {&r, 1});
		ImportedImage image =
		        vk.import_image(buf, layout, vk::ImageUsageFlagBits::eColorAttachment);
		PatternRenderPass(vk.device(), layout.format)
		        .run(image.ref(), wseed, base,
		             static_cast<std::uint32_t>(layout.row_pitch));
		for (std::uint32_t y = 0; y < layout.extent.height; y++)
			ctx.expect_bar(base + y * layout.row_pitch, row, wseed);

		Mapping m;
		try {
			m = buf.map(PROT_READ);
		} catch (const Error& e) {
			ctx.log("no CPU check in the guest: the exporter cannot mmap (" +
			        errno_name(e.code()) + ")");
		}
		if (m.data()) {
			std::uint64_t pos = 0;
			for (std::uint32_t y = 0; y < layout.extent.height; y++) {
				std::uint64_t start = layout.offset + y * layout.row_pitch;
				check_pattern(m.bytes().subspan(pos, start - pos), ctx.seed(),
				              r.offset + pos,
				              "bytes before row " + std::to_string(y) +
				                      " (must be untouched)");
				check_pattern(m.bytes().subspan(start, row), wseed,
				              r.offset + start,
				              "rendered row " + std::to_string(y));
				pos = start + row;
			}
			check_pattern(m.bytes().subspan(pos), ctx.seed(), r.offset + pos,
			              "bytes after the image (must be untouched)");
		}
		ctx.log("rendered " + std::to_string(row * layout.extent.height) + " bytes (" +
		        describe_layout(layout) + ") into " + describe({&r, 1}) +
		        "; the host checks them and the gaps");
	}
	vk.finish();
}
