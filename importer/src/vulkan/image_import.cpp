#include "vfio_dmabuf/vulkan/image_import.hpp"

#include "borrowed.hpp"
#include "vfio_dmabuf/vulkan/drm_modifier_properties.hpp"

#include <utility>

namespace vfio_dmabuf::vulkan
{
namespace
{

constexpr auto dma_buf_handle = vk::ExternalMemoryHandleTypeFlagBits::eDmaBufEXT;

std::string describe(const LinearLayout& l)
{
	return vk::to_string(l.format) + " " + std::to_string(l.extent.width) + "x" +
	       std::to_string(l.extent.height) + " at offset " + std::to_string(l.offset) +
	       ", pitch " + std::to_string(l.row_pitch);
}

vk::FormatFeatureFlags features_for(vk::ImageUsageFlags usage)
{
	vk::FormatFeatureFlags f;
	if (usage & vk::ImageUsageFlagBits::eSampled)
		f |= vk::FormatFeatureFlagBits::eSampledImage;
	if (usage & vk::ImageUsageFlagBits::eStorage)
		f |= vk::FormatFeatureFlagBits::eStorageImage;
	if (usage & vk::ImageUsageFlagBits::eColorAttachment)
		f |= vk::FormatFeatureFlagBits::eColorAttachment;
	if (usage & vk::ImageUsageFlagBits::eTransferSrc)
		f |= vk::FormatFeatureFlagBits::eTransferSrc;
	if (usage & vk::ImageUsageFlagBits::eTransferDst)
		f |= vk::FormatFeatureFlagBits::eTransferDst;
	return f;
}

// Throws MissingCapability unless the device can import a dma-buf image of
// `layout` with `usage` and `tiling`.
void check_importable(const detail::Borrowed& vk, const LinearLayout& layout,
                      vk::ImageUsageFlags usage, vk::ImageTiling tiling, const std::string& what)
{
	const bool modifier = tiling == vk::ImageTiling::eDrmFormatModifierEXT;
	vk::FormatFeatureFlags want = features_for(usage);
	vk::FormatFeatureFlags have =
	        modifier ? linear_modifier_features(*vk.physical(), layout.format)
	                 : vk.physical().getFormatProperties(layout.format).linearTilingFeatures;
	if ((have & want) != want)
		throw MissingCapability(
		        what + ": " + vk.name() + " lacks " + vk::to_string(want & ~have) +
		        " for " + vk::to_string(layout.format) +
		        (modifier ? " with DRM_FORMAT_MOD_LINEAR" : " with LINEAR tiling"));

	vk::StructureChain<vk::PhysicalDeviceImageFormatInfo2,
	                   vk::PhysicalDeviceExternalImageFormatInfo,
	                   vk::PhysicalDeviceImageDrmFormatModifierInfoEXT>
	        query(vk::PhysicalDeviceImageFormatInfo2(layout.format, vk::ImageType::e2D, tiling,
	                                                 usage),
	              vk::PhysicalDeviceExternalImageFormatInfo(dma_buf_handle),
	              vk::PhysicalDeviceImageDrmFormatModifierInfoEXT(drm_format_mod_linear,
	                                                              vk::SharingMode::eExclusive));
	if (!modifier)
		query.unlink<vk::PhysicalDeviceImageDrmFormatModifierInfoEXT>();
	try {
		auto out = vk.physical()
		                   .getImageFormatProperties2<vk::ImageFormatProperties2,
		                                              vk::ExternalImageFormatProperties>(
		                           query.get<vk::PhysicalDeviceImageFormatInfo2>());
		const auto& limits = out.get<vk::ImageFormatProperties2>().imageFormatProperties;
		const auto& ext =
		        out.get<vk::ExternalImageFormatProperties>().externalMemoryProperties;
		if (!(ext.externalMemoryFeatures & vk::ExternalMemoryFeatureFlagBits::eImportable))
			throw MissingCapability(what + ": " + vk.name() +
			                        " cannot import dma-bufs as " +
			                        vk::to_string(layout.format) +
			                        " images with usage " + vk::to_string(usage));
		if (layout.extent.width > limits.maxExtent.width ||
		    layout.extent.height > limits.maxExtent.height)
			throw MissingCapability(what + ": larger than the device's maximum " +
			                        std::to_string(limits.maxExtent.width) + "x" +
			                        std::to_string(limits.maxExtent.height));
	} catch (const vk::FormatNotSupportedError&) {
		throw MissingCapability(
		        what + ": " + vk.name() + " does not support " +
		                vk::to_string(layout.format) + " dma-buf images with usage " +
		                vk::to_string(usage) + " (VK_ERROR_FORMAT_NOT_SUPPORTED)",
		        vk::Result::eErrorFormatNotSupported);
	}
}

} // namespace

ImportedImage::ImportedImage(const Target& target, ImportedMemory memory, vk::Image image,
                             vk::ImageView view, LinearLayout layout, bool drm_modifier,
                             std::string what) noexcept
    : device_(target.device), memory_(std::move(memory)), image_(image), view_(view),
      layout_(layout), drm_modifier_(drm_modifier), state_(std::make_unique<ExternalImageState>()),
      what_(std::move(what))
{
	try {
		destroy_image_ = detail::device_fn<PFN_vkDestroyImage>(target, "vkDestroyImage");
		destroy_view_ =
		        detail::device_fn<PFN_vkDestroyImageView>(target, "vkDestroyImageView");
	} catch (...) {
		destroy_image_ = &vkDestroyImage;
		destroy_view_ = &vkDestroyImageView;
	}
}

ImportedImage::ImportedImage(ImportedImage&& o) noexcept
    : device_(std::exchange(o.device_, VK_NULL_HANDLE)),
      destroy_image_(std::exchange(o.destroy_image_, nullptr)),
      destroy_view_(std::exchange(o.destroy_view_, nullptr)), memory_(std::move(o.memory_)),
      image_(std::exchange(o.image_, {})), view_(std::exchange(o.view_, {})), layout_(o.layout_),
      drm_modifier_(o.drm_modifier_), state_(std::move(o.state_)), what_(std::move(o.what_))
{
}

ImportedImage& ImportedImage::operator=(ImportedImage&& o) noexcept
{
	if (this != &o) {
		reset();
		device_ = std::exchange(o.device_, VK_NULL_HANDLE);
		destroy_image_ = std::exchange(o.destroy_image_, nullptr);
		destroy_view_ = std::exchange(o.destroy_view_, nullptr);
		memory_ = std::move(o.memory_);
		image_ = std::exchange(o.image_, {});
		view_ = std::exchange(o.view_, {});
		layout_ = o.layout_;
		drm_modifier_ = o.drm_modifier_;
		state_ = std::move(o.state_);
		what_ = std::move(o.what_);
	}
	return *this;
}

ImportedImage::~ImportedImage()
{
	reset();
}

void ImportedImage::reset() noexcept
{
	if (view_ && destroy_view_)
		destroy_view_(device_, static_cast<VkImageView>(view_), nullptr);
	if (image_ && destroy_image_)
		destroy_image_(device_, static_cast<VkImage>(image_), nullptr);
	view_ = nullptr;
	image_ = nullptr;
	memory_ = ImportedMemory(); // after the image
}

std::uint32_t texel_size(vk::Format format)
{
	switch (format) {
	case vk::Format::eR8G8B8A8Unorm:
	case vk::Format::eR8G8B8A8Uint:
	case vk::Format::eR8G8B8A8Srgb:
	case vk::Format::eB8G8R8A8Unorm:
	case vk::Format::eB8G8R8A8Srgb:
	case vk::Format::eR32Uint:
	case vk::Format::eR32Sfloat:
		return 4;
	default:
		throw Error("texel size of " + vk::to_string(format) + " is not known here",
		            EINVAL);
	}
}

ImportedImage import_image(const Target& target, const DmaBuf& buf, const LinearLayout& layout,
                           vk::ImageUsageFlags usage)
{
	const std::string what = "Vulkan image import (" + describe(layout) + ") of " + buf.what();
	const std::uint64_t texel = texel_size(layout.format);
	const std::uint64_t w = layout.extent.width, h = layout.extent.height;
	if (w == 0 || h == 0 || layout.row_pitch < w * texel || layout.offset % texel)
		throw Error(what + ": malformed layout (empty, pitch below width * " +
		                    std::to_string(texel) +
		                    " or offset not a multiple of the texel size)",
		            EINVAL);
	const std::uint64_t end = layout.offset + layout.row_pitch * (h - 1) + w * texel;
	const std::uint64_t buf_size = buf.size();
	if (end > buf_size)
		throw Error(what + ": the image ends at byte " + std::to_string(end) +
		                    ", the dma-buf has " + std::to_string(buf_size),
		            EINVAL);

	detail::Borrowed vk(target);
	const bool modifier = target.drm_format_modifier;
	const auto tiling =
	        modifier ? vk::ImageTiling::eDrmFormatModifierEXT : vk::ImageTiling::eLinear;
	check_importable(vk, layout, usage, tiling, what);

	// UNDEFINED, as every image on external memory must start; its bytes
	// are the external memory's (image_ref.hpp).
	vk::SubresourceLayout plane(layout.offset, 0, layout.row_pitch, 0, 0);
	vk::StructureChain<vk::ImageCreateInfo, vk::ExternalMemoryImageCreateInfo,
	                   vk::ImageDrmFormatModifierExplicitCreateInfoEXT>
	        info(vk::ImageCreateInfo(
	                     {}, vk::ImageType::e2D, layout.format, vk::Extent3D(layout.extent, 1),
	                     1, 1, vk::SampleCountFlagBits::e1, tiling, usage,
	                     vk::SharingMode::eExclusive, {}, vk::ImageLayout::eUndefined),
	             vk::ExternalMemoryImageCreateInfo(dma_buf_handle),
	             vk::ImageDrmFormatModifierExplicitCreateInfoEXT(drm_format_mod_linear, plane));
	if (!modifier)
		info.unlink<vk::ImageDrmFormatModifierExplicitCreateInfoEXT>();
	vk::raii::Image image = vk_call(what + ": vkCreateImage", [&] {
		try {
			return vk::raii::Image(vk.device(), info.get<vk::ImageCreateInfo>());
		} catch (const vk::SystemError& e) {
			if (e.code().value() ==
			    VK_ERROR_INVALID_DRM_FORMAT_MODIFIER_PLANE_LAYOUT_EXT)
				throw MissingCapability(
				        what + ": the driver refuses this plane layout "
				               "(VK_ERROR_INVALID_DRM_FORMAT_MODIFIER_PLANE_LAYOUT_"
				               "EXT)",
				        vk::Result::eErrorInvalidDrmFormatModifierPlaneLayoutEXT);
			throw;
		}
	});

	// The layout the driver actually uses must be the one the bytes have.
	vk::ImageAspectFlagBits aspect = vk::ImageAspectFlagBits::eColor;
	if (modifier) {
		auto props = vk_call(what + ": vkGetImageDrmFormatModifierPropertiesEXT",
		                     [&] { return image.getDrmFormatModifierPropertiesEXT(); });
		if (props.drmFormatModifier != drm_format_mod_linear)
			throw MissingCapability(what + ": the driver chose DRM modifier " +
			                        std::to_string(props.drmFormatModifier) +
			                        ", not LINEAR");
		aspect = vk::ImageAspectFlagBits::eMemoryPlane0EXT;
	}
	vk::SubresourceLayout got = image.getSubresourceLayout(vk::ImageSubresource(aspect, 0, 0));
	if (got.offset != layout.offset || got.rowPitch != layout.row_pitch)
		throw LayoutMismatch(
		        what + ": vkGetImageSubresourceLayout says offset " +
		        std::to_string(got.offset) + ", pitch " + std::to_string(got.rowPitch) +
		        (modifier ? "" : " (LINEAR tiling: the driver picks the layout)"));

	ImportedMemory memory = import_memory(target, buf, image.getMemoryRequirements(),
	                                      DedicatedTo{{}, *image}, what);
	vk_call(what + ": vkBindImageMemory", [&] { image.bindMemory(memory.get(), 0); });
	// A view only for usages that take one (VUID-VkImageViewCreateInfo-image-04441).
	const auto view_usages =
	        vk::ImageUsageFlagBits::eSampled | vk::ImageUsageFlagBits::eStorage |
	        vk::ImageUsageFlagBits::eColorAttachment | vk::ImageUsageFlagBits::eInputAttachment;
	vk::ImageView v;
	if (usage & view_usages) {
		vk::raii::ImageView view = vk_call(what + ": vkCreateImageView", [&] {
			return vk::raii::ImageView(
			        vk.device(),
			        vk::ImageViewCreateInfo(
			                {}, *image, vk::ImageViewType::e2D, layout.format, {},
			                vk::ImageSubresourceRange(vk::ImageAspectFlagBits::eColor,
			                                          0, 1, 0, 1)));
		});
		v = view.release();
	}
	return ImportedImage(target, std::move(memory), image.release(), v, layout, modifier, what);
}

} // namespace vfio_dmabuf::vulkan
