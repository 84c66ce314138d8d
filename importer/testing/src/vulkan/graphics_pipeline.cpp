#include "vfio_dmabuf/testing/vulkan/graphics_pipeline.hpp"

#include "vfio_dmabuf/shaders.hpp"
#include "vfio_dmabuf/vulkan/vk_error.hpp"

namespace vfio_dmabuf::vulkan
{

GraphicsPipeline::GraphicsPipeline(const Device& device, vk::RenderPass render_pass,
                                   std::span<const std::uint32_t> fragment_spirv,
                                   vk::DescriptorSetLayout set_layout,
                                   std::uint32_t push_constant_size, const std::string& name)
{
	const auto& dev = device.get();
	auto module = [&](std::span<const std::uint32_t> code) {
		return vk_call(name + ": vkCreateShaderModule", [&] {
			return vk::raii::ShaderModule(
			        dev,
			        vk::ShaderModuleCreateInfo({}, code.size_bytes(), code.data()));
		});
	};
	vk::raii::ShaderModule vert = module(shaders::fullscreen_vert());
	vk::raii::ShaderModule frag = module(fragment_spirv);

	vk::PushConstantRange push(vk::ShaderStageFlagBits::eFragment, 0, push_constant_size);
	vk::PipelineLayoutCreateInfo layout_info;
	if (set_layout)
		layout_info.setSetLayouts(set_layout);
	if (push_constant_size)
		layout_info.setPushConstantRanges(push);
	layout_ = vk_call(name + ": vkCreatePipelineLayout",
	                  [&] { return vk::raii::PipelineLayout(dev, layout_info); });

	vk::PipelineShaderStageCreateInfo stages[] = {
	        {{}, vk::ShaderStageFlagBits::eVertex, *vert, "main"},
	        {{}, vk::ShaderStageFlagBits::eFragment, *frag, "main"},
	};
	vk::PipelineVertexInputStateCreateInfo vertex_input;
	vk::PipelineInputAssemblyStateCreateInfo assembly({}, vk::PrimitiveTopology::eTriangleList);
	vk::PipelineViewportStateCreateInfo viewport({}, 1, nullptr, 1, nullptr);
	vk::PipelineRasterizationStateCreateInfo raster(
	        {}, false, false, vk::PolygonMode::eFill, vk::CullModeFlagBits::eNone,
	        vk::FrontFace::eCounterClockwise, false, 0, 0, 0, 1.0f);
	vk::PipelineMultisampleStateCreateInfo multisample({}, vk::SampleCountFlagBits::e1);
	vk::PipelineColorBlendAttachmentState blend_attachment;
	blend_attachment.colorWriteMask =
	        vk::ColorComponentFlagBits::eR | vk::ColorComponentFlagBits::eG |
	        vk::ColorComponentFlagBits::eB | vk::ColorComponentFlagBits::eA;
	vk::PipelineColorBlendStateCreateInfo blend({}, false, vk::LogicOp::eCopy,
	                                            blend_attachment);
	vk::DynamicState dynamic_states[] = {vk::DynamicState::eViewport,
	                                     vk::DynamicState::eScissor};
	vk::PipelineDynamicStateCreateInfo dynamic({}, dynamic_states);
	vk::GraphicsPipelineCreateInfo info({}, stages, &vertex_input, &assembly, nullptr,
	                                    &viewport, &raster, &multisample, nullptr, &blend,
	                                    &dynamic, *layout_, render_pass, 0);
	pipeline_ = vk_call(name + ": vkCreateGraphicsPipelines",
	                    [&] { return vk::raii::Pipeline(dev, nullptr, info); });
}

void GraphicsPipeline::draw(const vk::raii::CommandBuffer& cmd, vk::Extent2D extent) const
{
	cmd.bindPipeline(vk::PipelineBindPoint::eGraphics, *pipeline_);
	cmd.setViewport(0, vk::Viewport(0, 0, static_cast<float>(extent.width),
	                                static_cast<float>(extent.height), 0, 1));
	cmd.setScissor(0, vk::Rect2D({0, 0}, extent));
	cmd.draw(3, 1, 0, 0);
}

vk::raii::RenderPass make_color_render_pass(const Device& device, vk::Format format,
                                            vk::ImageLayout layout)
{
	vk::AttachmentDescription color(
	        {}, format, vk::SampleCountFlagBits::e1, vk::AttachmentLoadOp::eDontCare,
	        vk::AttachmentStoreOp::eStore, vk::AttachmentLoadOp::eDontCare,
	        vk::AttachmentStoreOp::eDontCare, layout, layout);
	vk::AttachmentReference ref(0, vk::ImageLayout::eColorAttachmentOptimal);
	vk::SubpassDescription subpass({}, vk::PipelineBindPoint::eGraphics, {}, ref);
	return vk_call("vkCreateRenderPass (" + vk::to_string(format) + ")", [&] {
		return vk::raii::RenderPass(device.get(),
		                            vk::RenderPassCreateInfo({}, color, subpass));
	});
}

} // namespace vfio_dmabuf::vulkan
