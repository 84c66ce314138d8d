// A dma-buf imported as a 2D single-plane VkImage with a linear layout the
// caller chooses: with VK_EXT_image_drm_format_modifier (Target says so),
// DRM_FORMAT_MOD_LINEAR and an explicit plane layout (offset, row pitch);
// without it, LINEAR tiling, accepted only when the driver's layout equals
// the requested one.  Either way vkGetImageSubresourceLayout must report the
// requested offset and pitch, or the import is rejected (LayoutMismatch).
//
// Import order (as wlroots does it): modifier properties of the format ->
// image (initial layout UNDEFINED, as external images must be) -> layout
// check -> fd properties -> dup -> import -> bind -> view (only for usages
// that take a view).
#pragma once

#include "vfio_dmabuf/dmabuf.hpp"
#include "vfio_dmabuf/vulkan/dma_buf_memory.hpp"
#include "vfio_dmabuf/vulkan/image_ref.hpp"
#include "vfio_dmabuf/vulkan/target.hpp"
#include "vfio_dmabuf/vulkan/vk_error.hpp"

#include <memory>
#include <string>
#include <vulkan/vulkan.hpp>

namespace vfio_dmabuf::vulkan
{

struct LinearLayout {
	vk::Format format = vk::Format::eR8G8B8A8Unorm;
	vk::Extent2D extent;
	vk::DeviceSize offset = 0;    // of texel (0, 0) in the dma-buf
	vk::DeviceSize row_pitch = 0; // bytes from one row to the next
};

class ImportedImage
{
public:
	ImportedImage(ImportedImage&&) noexcept;
	ImportedImage& operator=(ImportedImage&&) noexcept;
	~ImportedImage(); // destroys view and image, then frees the memory

	vk::Image image() const noexcept { return image_; }
	// Null when the usage takes no view (e.g. TRANSFER_SRC only).
	vk::ImageView view() const noexcept { return view_; }
	vk::DeviceMemory memory() const noexcept { return memory_.get(); }
	// For barriers and passes: external, with this image's acquire state.
	ImageRef ref() const noexcept
	{
		return {image_, view_,        layout_.format,           layout_.extent,
		        true,   state_.get(), vk::ImageLayout::eGeneral};
	}
	const LinearLayout& layout() const noexcept { return layout_; }
	// Imported through VK_EXT_image_drm_format_modifier (else LINEAR tiling).
	bool drm_modifier() const noexcept { return drm_modifier_; }
	const std::string& what() const noexcept { return what_; }

	// Internal: adopts `image` and `view` (bound to `memory`) of `target`.
	ImportedImage(const Target& target, ImportedMemory memory, vk::Image image,
	              vk::ImageView view, LinearLayout layout, bool drm_modifier,
	              std::string what) noexcept;

private:
	void reset() noexcept;
	VkDevice device_ = VK_NULL_HANDLE;
	PFN_vkDestroyImage destroy_image_ = nullptr;
	PFN_vkDestroyImageView destroy_view_ = nullptr;
	ImportedMemory memory_;
	vk::Image image_;
	vk::ImageView view_;
	LinearLayout layout_;
	bool drm_modifier_ = false;
	std::unique_ptr<ExternalImageState> state_; // stable address for ImageRefs
	std::string what_;
};

// The driver's layout of the image (vkGetImageSubresourceLayout) is not the
// requested one, so the texels would not be where the dma-buf has them.  A
// refusal of the driver, like MissingCapability.
class LayoutMismatch : public MissingCapability
{
public:
	explicit LayoutMismatch(const std::string& what) : MissingCapability(what) {}
};

// Bytes per texel of the formats this library imports (4-byte formats);
// throws Error for others.
std::uint32_t texel_size(vk::Format format);

// Imports `buf` as an image with `layout` and `usage`.  Errors name the
// dma-buf, the layout and the failing check or call; a format/usage the
// device cannot import, or a layout it refuses, is MissingCapability
// (LayoutMismatch when the driver reports another layout back).
ImportedImage import_image(const Target& target, const DmaBuf& buf, const LinearLayout& layout,
                           vk::ImageUsageFlags usage);

} // namespace vfio_dmabuf::vulkan
