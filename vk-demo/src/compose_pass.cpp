#include "compose_pass.hpp"

#include "common/font.hpp"
#include "demo_shaders.hpp"
#include "vfio_dmabuf/vulkan/vk_error.hpp"

#include <array>
#include <cstring>

namespace vk_demo
{

using vfio_dmabuf::vulkan::vk_call;
namespace spv = vfio_dmabuf::shaders;

namespace
{

// text_block.glsl's push constants (std430 offsets).
struct TextPush {
	std::int32_t origin[2];
	std::int32_t size[2];
	std::uint32_t columns, lines, scale, line_gap, padding, first_line;
	float target[2];
	float ink[4];
	float paper[4];
};
static_assert(offsetof(TextPush, target) == 40);
static_assert(offsetof(TextPush, ink) == 48);
static_assert(sizeof(TextPush) == 80);

void color(float out[4], test_card::Rgb c)
{
	out[0] = float(c.r) / 255.0f, out[1] = float(c.g) / 255.0f, out[2] = float(c.b) / 255.0f;
	out[3] = 1.0f;
}

vk::raii::ShaderModule module(const vk::raii::Device& device, std::span<const std::uint32_t> code,
                              const char* name)
{
	return vk_call(std::string("vkCreateShaderModule (") + name + ")", [&] {
		return vk::raii::ShaderModule(
		        device, vk::ShaderModuleCreateInfo({}, code.size_bytes(), code.data()));
	});
}

} // namespace

void TextLayout::write(void* buffer, std::uint32_t first, std::span<const std::string> lines)
{
	auto* codes = static_cast<std::uint32_t*>(buffer);
	for (std::uint32_t l = 0; l < lines.size() && first + l < max_lines; ++l) {
		std::uint32_t* line = codes + (first + l) * chars_per_line;
		for (std::uint32_t c = 0; c < chars_per_line; ++c)
			line[c] = std::uint32_t(c < lines[l].size() ? font::drawn_char(lines[l][c])
			                                            : ' ');
	}
}

ComposePass::ComposePass(const VulkanContext& vk, const FontTexture& font, const MappedBuffer& text,
                         std::uint32_t max_sources)
    : vk_(vk)
{
	const auto& device = vk.device();
	sampler_ = vk_call("vkCreateSampler", [&] {
		return vk::raii::Sampler(
		        device,
		        vk::SamplerCreateInfo({}, vk::Filter::eNearest, vk::Filter::eNearest,
		                              vk::SamplerMipmapMode::eNearest,
		                              vk::SamplerAddressMode::eClampToEdge,
		                              vk::SamplerAddressMode::eClampToEdge,
		                              vk::SamplerAddressMode::eClampToEdge));
	});
	using DT = vk::DescriptorType;
	using SS = vk::ShaderStageFlagBits;
	const vk::DescriptorSetLayoutBinding frame_binding(0, DT::eCombinedImageSampler, 1,
	                                                   SS::eFragment);
	frame_set_layout_ = vk::raii::DescriptorSetLayout(
	        device, vk::DescriptorSetLayoutCreateInfo({}, frame_binding));
	const std::array text_bindings{
	        vk::DescriptorSetLayoutBinding(0, DT::eCombinedImageSampler, 1, SS::eFragment),
	        vk::DescriptorSetLayoutBinding(1, DT::eUniformBuffer, 1, SS::eFragment)};
	text_set_layout_ = vk::raii::DescriptorSetLayout(
	        device, vk::DescriptorSetLayoutCreateInfo({}, text_bindings));

	const vk::PushConstantRange frame_push(SS::eFragment, 0, 2 * sizeof(float));
	const vk::DescriptorSetLayout frame_sets[] = {*frame_set_layout_};
	frame_layout_ = vk::raii::PipelineLayout(
	        device, vk::PipelineLayoutCreateInfo({}, frame_sets, frame_push));
	const vk::PushConstantRange text_push(SS::eVertex | SS::eFragment, 0, sizeof(TextPush));
	const vk::DescriptorSetLayout text_sets[] = {*text_set_layout_};
	text_layout_ = vk::raii::PipelineLayout(
	        device, vk::PipelineLayoutCreateInfo({}, text_sets, text_push));

	const std::array sizes{vk::DescriptorPoolSize(DT::eCombinedImageSampler, max_sources + 1),
	                       vk::DescriptorPoolSize(DT::eUniformBuffer, 1)};
	pool_ = vk::raii::DescriptorPool(
	        device,
	        vk::DescriptorPoolCreateInfo(vk::DescriptorPoolCreateFlagBits::eFreeDescriptorSet,
	                                     max_sources + 1, sizes));
	const vk::DescriptorSetLayout text_layout_handle = *text_set_layout_;
	text_set_ = std::move(vk::raii::DescriptorSets(device, vk::DescriptorSetAllocateInfo(
	                                                               *pool_, text_layout_handle))
	                              .front());
	const vk::DescriptorImageInfo font_info(*sampler_, font.view(),
	                                        vk::ImageLayout::eShaderReadOnlyOptimal);
	const vk::DescriptorBufferInfo text_info(text.buffer(), 0, TextLayout::bytes);
	device.updateDescriptorSets(
	        {vk::WriteDescriptorSet(*text_set_, 0, 0, DT::eCombinedImageSampler, font_info),
	         vk::WriteDescriptorSet(*text_set_, 1, 0, DT::eUniformBuffer, {}, text_info)},
	        {});

	fullscreen_vert_ = module(device, spv::vk_demo_fullscreen_vert(), "fullscreen.vert");
	frame_frag_ = module(device, spv::vk_demo_frame_frag(), "frame.frag");
	placeholder_frag_ = module(device, spv::vk_demo_placeholder_frag(), "placeholder.frag");
	text_vert_ = module(device, spv::vk_demo_text_vert(), "text.vert");
	text_frag_ = module(device, spv::vk_demo_text_frag(), "text.frag");
}

void ComposePass::add_source(std::uint32_t index, vk::ImageView view)
{
	const vk::DescriptorSetLayout layout = *frame_set_layout_;
	vk::raii::DescriptorSet set =
	        std::move(vk::raii::DescriptorSets(vk_.device(),
	                                           vk::DescriptorSetAllocateInfo(*pool_, layout))
	                          .front());
	const vk::DescriptorImageInfo info(*sampler_, view,
	                                   vk::ImageLayout::eShaderReadOnlyOptimal);
	vk_.device().updateDescriptorSets(
	        vk::WriteDescriptorSet(*set, 0, 0, vk::DescriptorType::eCombinedImageSampler, info),
	        {});
	sources_.erase(index);
	sources_.emplace(index, std::move(set));
}

ComposePass::Pipelines& ComposePass::pipelines(vk::Format format)
{
	const auto found = pipelines_.find(format);
	if (found != pipelines_.end())
		return found->second;
	const auto& device = vk_.device();
	Pipelines p;
	const vk::AttachmentDescription attachment(
	        {}, format, vk::SampleCountFlagBits::e1, vk::AttachmentLoadOp::eClear,
	        vk::AttachmentStoreOp::eStore, vk::AttachmentLoadOp::eDontCare,
	        vk::AttachmentStoreOp::eDontCare, vk::ImageLayout::eColorAttachmentOptimal,
	        vk::ImageLayout::eColorAttachmentOptimal);
	const vk::AttachmentReference ref(0, vk::ImageLayout::eColorAttachmentOptimal);
	const vk::SubpassDescription subpass({}, vk::PipelineBindPoint::eGraphics, {}, ref);
	p.render_pass = vk_call("vkCreateRenderPass", [&] {
		return vk::raii::RenderPass(device,
		                            vk::RenderPassCreateInfo({}, attachment, subpass));
	});

	auto make = [&](vk::ShaderModule vert, vk::ShaderModule frag,
	                vk::PrimitiveTopology topology, vk::PipelineLayout layout,
	                const char* name) {
		const std::array stages{
		        vk::PipelineShaderStageCreateInfo({}, vk::ShaderStageFlagBits::eVertex,
		                                          vert, "main"),
		        vk::PipelineShaderStageCreateInfo({}, vk::ShaderStageFlagBits::eFragment,
		                                          frag, "main")};
		const vk::PipelineVertexInputStateCreateInfo input;
		const vk::PipelineInputAssemblyStateCreateInfo assembly({}, topology);
		const vk::PipelineViewportStateCreateInfo viewport({}, 1, nullptr, 1, nullptr);
		vk::PipelineRasterizationStateCreateInfo raster;
		raster.lineWidth = 1.0f;
		raster.cullMode = vk::CullModeFlagBits::eNone;
		const vk::PipelineMultisampleStateCreateInfo multisample;
		vk::PipelineColorBlendAttachmentState blend;
		blend.colorWriteMask =
		        vk::ColorComponentFlagBits::eR | vk::ColorComponentFlagBits::eG |
		        vk::ColorComponentFlagBits::eB | vk::ColorComponentFlagBits::eA;
		const vk::PipelineColorBlendStateCreateInfo blending({}, false, vk::LogicOp::eCopy,
		                                                     blend);
		const std::array dynamic{vk::DynamicState::eViewport, vk::DynamicState::eScissor};
		const vk::PipelineDynamicStateCreateInfo dynamic_state({}, dynamic);
		const vk::GraphicsPipelineCreateInfo info(
		        {}, stages, &input, &assembly, nullptr, &viewport, &raster, &multisample,
		        nullptr, &blending, &dynamic_state, layout, *p.render_pass, 0);
		return vk_call(std::string("vkCreateGraphicsPipelines (") + name + ")",
		               [&] { return vk::raii::Pipeline(device, nullptr, info); });
	};
	p.frame = make(*fullscreen_vert_, *frame_frag_, vk::PrimitiveTopology::eTriangleList,
	               *frame_layout_, "frame");
	p.placeholder = make(*fullscreen_vert_, *placeholder_frag_,
	                     vk::PrimitiveTopology::eTriangleList, *frame_layout_, "placeholder");
	p.text = make(*text_vert_, *text_frag_, vk::PrimitiveTopology::eTriangleStrip,
	              *text_layout_, "text");
	return pipelines_.emplace(format, std::move(p)).first->second;
}

vk::Framebuffer ComposePass::framebuffer(const ComposeTarget& t, vk::RenderPass pass)
{
	auto found = framebuffers_.find(VkImageView(t.view));
	if (found == framebuffers_.end())
		found = framebuffers_
		                .emplace(VkImageView(t.view),
		                         vk_call("vkCreateFramebuffer",
		                                 [&] {
			                                 return vk::raii::Framebuffer(
			                                         vk_.device(),
			                                         vk::FramebufferCreateInfo(
			                                                 {}, pass, t.view,
			                                                 t.extent.width,
			                                                 t.extent.height, 1));
		                                 }))
		                .first;
	return *found->second;
}

void ComposePass::record(const vk::raii::CommandBuffer& cmd, const ComposeTarget& t,
                         std::optional<std::uint32_t> source, std::span<const TextDraw> texts)
{
	Pipelines& p = pipelines(t.format);
	const vk::ClearValue clear(vk::ClearColorValue(std::array<float, 4>{0, 0, 0, 1}));
	cmd.beginRenderPass(vk::RenderPassBeginInfo(*p.render_pass, framebuffer(t, *p.render_pass),
	                                            {{0, 0}, t.extent}, clear),
	                    vk::SubpassContents::eInline);
	cmd.setViewport(0, vk::Viewport(0, 0, float(t.extent.width), float(t.extent.height), 0, 1));
	cmd.setScissor(0, vk::Rect2D({0, 0}, t.extent));

	const float size[2] = {float(t.extent.width), float(t.extent.height)};
	if (source) {
		cmd.bindPipeline(vk::PipelineBindPoint::eGraphics, *p.frame);
		cmd.bindDescriptorSets(vk::PipelineBindPoint::eGraphics, *frame_layout_, 0,
		                       *sources_.at(*source), {});
		cmd.pushConstants<float>(*frame_layout_, vk::ShaderStageFlagBits::eFragment, 0,
		                         size);
	} else {
		cmd.bindPipeline(vk::PipelineBindPoint::eGraphics, *p.placeholder);
	}
	cmd.draw(3, 1, 0, 0);

	cmd.bindPipeline(vk::PipelineBindPoint::eGraphics, *p.text);
	cmd.bindDescriptorSets(vk::PipelineBindPoint::eGraphics, *text_layout_, 0, *text_set_, {});
	for (const TextDraw& d : texts) {
		const test_card::Box box = d.block.box();
		TextPush push{};
		push.origin[0] = std::int32_t(box.x), push.origin[1] = std::int32_t(box.y);
		push.size[0] = std::int32_t(box.width), push.size[1] = std::int32_t(box.height);
		push.columns = d.block.columns, push.lines = d.block.lines;
		push.scale = d.block.scale, push.line_gap = d.block.line_gap;
		push.padding = d.block.padding, push.first_line = d.first_line;
		push.target[0] = size[0], push.target[1] = size[1];
		color(push.ink, d.block.ink);
		color(push.paper, d.block.paper);
		cmd.pushConstants<TextPush>(*text_layout_,
		                            vk::ShaderStageFlagBits::eVertex |
		                                    vk::ShaderStageFlagBits::eFragment,
		                            0, push);
		cmd.draw(4, 1, 0, 0);
	}
	cmd.endRenderPass();
}

} // namespace vk_demo
