// A dma-buf imported as a 2D single-plane VkImage with a linear layout we
// choose: with VK_EXT_image_drm_format_modifier, DRM_FORMAT_MOD_LINEAR and
// an explicit plane layout (offset, row pitch); without it, LINEAR tiling,
// accepted only when the driver's layout equals the requested one.  Either
// way vkGetImageSubresourceLayout must report the requested offset and
// pitch, or the import is rejected.
#pragma once

#include "vfio_dmabuf/dmabuf.hpp"
#include "vfio_dmabuf/vulkan/device.hpp"
#include "vfio_dmabuf/vulkan/drm_modifier_properties.hpp"
#include "vfio_dmabuf/vulkan/image_ref.hpp"

#include <string>
#include <vulkan/vulkan_raii.hpp>

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
	ImportedImage(vk::raii::DeviceMemory memory, vk::raii::Image image,
	              vk::raii::ImageView view, LinearLayout layout, bool drm_modifier,
	              std::string what)
	    : memory_(std::move(memory)), image_(std::move(image)), view_(std::move(view)),
	      layout_(layout), drm_modifier_(drm_modifier), what_(std::move(what))
	{
	}

	ImageRef ref() const noexcept
	{
		return {*image_,        *view_, layout_.format,
		        layout_.extent, true,   vk::ImageLayout::eGeneral};
	}
	const LinearLayout& layout() const noexcept { return layout_; }
	// Imported through VK_EXT_image_drm_format_modifier (else LINEAR tiling).
	bool drm_modifier() const noexcept { return drm_modifier_; }
	const std::string& what() const noexcept { return what_; }

private:
	vk::raii::DeviceMemory memory_; // declared first: freed last
	vk::raii::Image image_;
	vk::raii::ImageView view_;
	LinearLayout layout_;
	bool drm_modifier_;
	std::string what_;
};

// The driver's layout of the image (vkGetImageSubresourceLayout) is not the
// requested one, so the texels would not be where the dma-buf has them.
class LayoutMismatch : public Error
{
public:
	explicit LayoutMismatch(const std::string& what) : Error(what, EINVAL) {}
};

// Bytes per texel of the formats this library imports (4-byte formats);
// throws Error for others.
std::uint32_t texel_size(vk::Format format);

// Imports `buf` as an image with `layout` and `usage`.  Errors name the
// dma-buf, the layout and the failing check or call; a format/usage the
// device cannot import is MissingCapability, a layout the driver does not
// report back LayoutMismatch.
ImportedImage import_image(const Device& device, const DmaBuf& buf, const LinearLayout& layout,
                           vk::ImageUsageFlags usage);

} // namespace vfio_dmabuf::vulkan
