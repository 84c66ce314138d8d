// Headless mode's target: a device-local image of the frame's size and
// format to compose into, and a host-visible buffer that the composed
// screen (from it, or from the BAR's return slot) is copied into for the
// PNG writer.
#pragma once

#include "compose_pass.hpp"
#include "mapped_buffer.hpp"
#include "vulkan_context.hpp"

#include <vulkan/vulkan_raii.hpp>

namespace vk_demo
{

class OffscreenTarget
{
public:
	OffscreenTarget(const VulkanContext& vk, vk::Format format, vk::Extent2D extent);

	ComposeTarget target() const noexcept { return {*image_, *view_, format_, extent_}; }
	const MappedBuffer& readback() const noexcept { return readback_; }
	// Bytes from one row to the next in readback().
	std::uint32_t readback_stride() const noexcept { return extent_.width * 4; }

	// Records the copy of `image` (TRANSFER_SRC_OPTIMAL, this target's size
	// and a 4-byte format) into readback(), made visible to the host.
	void record_readback(const vk::raii::CommandBuffer& cmd, vk::Image image) const;

private:
	vk::Format format_;
	vk::Extent2D extent_;
	vk::raii::Image image_{nullptr};
	vk::raii::DeviceMemory memory_{nullptr};
	vk::raii::ImageView view_{nullptr};
	MappedBuffer readback_;
};

} // namespace vk_demo
