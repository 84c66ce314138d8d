// The one render pass that makes a screen: the device's frame (a producer
// slot, sampled with a nearest sampler over the whole target) or the
// placeholder, then opaque text blocks (the overlay, the REVOKED label).
#pragma once

#include "common/screen_layout.hpp"
#include "font_texture.hpp"
#include "mapped_buffer.hpp"
#include "vulkan_context.hpp"

#include <map>
#include <optional>
#include <span>
#include <vulkan/vulkan_raii.hpp>

namespace vk_demo
{

// Where a screen is composed: in COLOR_ATTACHMENT_OPTIMAL before and after.
struct ComposeTarget {
	vk::Image image;
	vk::ImageView view;
	vk::Format format = vk::Format::eUndefined;
	vk::Extent2D extent;
};

struct TextDraw {
	screen::TextBlock block;
	std::uint32_t first_line = 0; // of the text buffer (TextBuffer)
};

// The text shader's buffer: max_lines lines of chars_per_line codes.
struct TextLayout {
	static constexpr std::uint32_t chars_per_line = 32;
	static constexpr std::uint32_t max_lines = 8;
	static constexpr std::size_t bytes = chars_per_line * max_lines * 4;
	// Writes `lines` from line `first` on (upper case, unknown characters
	// as '?', cut at chars_per_line).
	static void write(void* buffer, std::uint32_t first, std::span<const std::string> lines);
};

class ComposePass
{
public:
	// `text` is a uniform buffer of TextLayout::bytes.
	ComposePass(const VulkanContext& vk, const FontTexture& font, const MappedBuffer& text,
	            std::uint32_t max_sources);

	// Makes `view` (a producer slot's image, in SHADER_READ_ONLY_OPTIMAL
	// while it is drawn) drawable as source `index`.
	void add_source(std::uint32_t index, vk::ImageView view);

	// Records the pass into `target`: source `source`, or the placeholder.
	void record(const vk::raii::CommandBuffer& cmd, const ComposeTarget& target,
	            std::optional<std::uint32_t> source, std::span<const TextDraw> texts);

	// Drops every framebuffer made so far (their views went away: the
	// swapchain was made again).
	void forget_framebuffers() noexcept { framebuffers_.clear(); }

private:
	struct Pipelines {
		vk::raii::RenderPass render_pass{nullptr};
		vk::raii::Pipeline frame{nullptr};
		vk::raii::Pipeline placeholder{nullptr};
		vk::raii::Pipeline text{nullptr};
	};
	Pipelines& pipelines(vk::Format format);
	vk::Framebuffer framebuffer(const ComposeTarget& target, vk::RenderPass pass);

	const VulkanContext& vk_;
	vk::raii::Sampler sampler_{nullptr};
	vk::raii::DescriptorSetLayout frame_set_layout_{nullptr};
	vk::raii::DescriptorSetLayout text_set_layout_{nullptr};
	vk::raii::PipelineLayout frame_layout_{nullptr};
	vk::raii::PipelineLayout text_layout_{nullptr};
	vk::raii::DescriptorPool pool_{nullptr};
	vk::raii::DescriptorSet text_set_{nullptr};
	std::map<std::uint32_t, vk::raii::DescriptorSet> sources_;
	vk::raii::ShaderModule fullscreen_vert_{nullptr}, frame_frag_{nullptr},
	        placeholder_frag_{nullptr}, text_vert_{nullptr}, text_frag_{nullptr};
	std::map<vk::Format, Pipelines> pipelines_;
	std::map<VkImageView, vk::raii::Framebuffer> framebuffers_;
};

} // namespace vk_demo
