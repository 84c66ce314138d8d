// The device side as the demo sees it: the vfio device, the frame header
// (read through a CPU mapping of its own one-page dma-buf, or of the vfio
// region when the kernel cannot mmap dma-bufs) and every frame slot
// exported as a dma-buf and imported once as a VkImage.
#pragma once

#include "common/frame_contract.hpp"
#include "common/live_header.hpp"
#include "options.hpp"
#include "vfio_dmabuf/dmabuf.hpp"
#include "vfio_dmabuf/mapping.hpp"
#include "vfio_dmabuf/vfio_device.hpp"
#include "vfio_dmabuf/vulkan/image_import.hpp"
#include "vulkan_context.hpp"

#include <optional>
#include <string>
#include <vector>

namespace vk_demo
{

class BarFrames
{
public:
	// Throws vfio_dmabuf::Error with one line naming the device, the BAR,
	// the kernel and the errno of what failed.
	BarFrames(const Options& options, const VulkanContext& vk);

	const vfio_dmabuf::VfioDevice& device() const noexcept { return device_; }
	// The header as found at start-up (geometry, slots).
	const contract::FrameHeader& layout() const noexcept { return layout_; }
	vk::Format format() const noexcept { return format_; }
	vk::Extent2D extent() const noexcept { return {layout_.width, layout_.height}; }
	// "dma-buf" or "vfio-region": how the CPU reaches the header.
	const std::string& header_access() const noexcept { return header_access_; }
	// Images imported with VK_EXT_image_drm_format_modifier (else LINEAR tiling).
	bool drm_modifier() const noexcept { return drm_modifier_; }
	std::uint32_t bar() const noexcept { return bar_; }
	std::uint64_t offset() const noexcept { return offset_; }

	// The live header.  Never while revoked: a touch is SIGBUS.
	LiveHeader& header();
	void set_revoked(bool revoked) noexcept { revoked_ = revoked; }
	bool revoked() const noexcept { return revoked_; }

	// Producer slot `slot`'s image (sampled).
	const vfio_dmabuf::vulkan::ImportedImage& slot_image(std::uint32_t slot) const;
	// The --render-into-bar slot's image (colour attachment, transfer
	// source), if asked for.
	const vfio_dmabuf::vulkan::ImportedImage* return_image() const noexcept
	{
		return return_image_ ? &*return_image_ : nullptr;
	}
	std::uint32_t return_slot() const noexcept { return return_slot_; }

private:
	vfio_dmabuf::DmaBuf export_range(std::uint64_t offset, std::uint64_t length,
	                                 const std::string& what) const;
	vfio_dmabuf::vulkan::ImportedImage import_slot(const VulkanContext& vk, std::uint32_t slot,
	                                               vk::ImageUsageFlags usage);

	vfio_dmabuf::VfioDevice device_;
	std::uint32_t bar_;
	std::uint64_t offset_;
	std::uint64_t bar_size_ = 0;
	vfio_dmabuf::DmaBuf header_buf_;
	vfio_dmabuf::Mapping header_map_;
	LiveHeader header_;
	std::string header_access_;
	contract::FrameHeader layout_{};
	vk::Format format_ = vk::Format::eUndefined;
	bool drm_modifier_ = false;
	bool revoked_ = false;
	std::vector<vfio_dmabuf::DmaBuf> slot_bufs_;
	std::vector<std::optional<vfio_dmabuf::vulkan::ImportedImage>> slot_images_;
	std::optional<vfio_dmabuf::vulkan::ImportedImage> return_image_;
	std::uint32_t return_slot_ = contract::no_slot;
};

// The kernel's release (uname -r), for messages.
std::string kernel_release();

} // namespace vk_demo
