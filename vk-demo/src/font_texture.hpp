// The font (common/font.hpp) as an R8 texture for the text shader: one 8x8
// cell per character code from font::first_code, in a row; 255 is ink.
#pragma once

#include "vulkan_context.hpp"

#include <vulkan/vulkan_raii.hpp>

namespace vk_demo
{

class FontTexture
{
public:
	// Uploads the glyphs (a staging buffer and one submission on the
	// context's queue, waited for).
	FontTexture(const VulkanContext& vk, const vk::raii::CommandPool& pool);

	vk::ImageView view() const noexcept { return *view_; }

private:
	vk::raii::Image image_{nullptr};
	vk::raii::DeviceMemory memory_{nullptr};
	vk::raii::ImageView view_{nullptr};
};

} // namespace vk_demo
