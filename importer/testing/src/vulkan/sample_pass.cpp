#include "vfio_dmabuf/testing/vulkan/sample_pass.hpp"

#include "vfio_dmabuf/shaders.hpp"
#include "vfio_dmabuf/vulkan/image_import.hpp"
#include "vfio_dmabuf/vulkan/ownership_barriers.hpp"
#include "vfio_dmabuf/vulkan/vk_error.hpp"

namespace vfio_dmabuf::vulkan
{
namespace
{

constexpr auto target_layout = vk::ImageLayout::eColorAttachmentOptimal;

vk::raii::DescriptorSetLayout make_set_layout(const Device& device)
{
	vk::DescriptorSetLayoutBinding binding(0, vk::DescriptorType::eCombinedImageSampler, 1,
	                                       vk::ShaderStageFlagBits::eFragment);
	return vk_call("sample pass: vkCreateDescriptorSetLayout", [&] {
		return vk::raii::DescriptorSetLayout(
		        device.get(), vk::DescriptorSetLayoutCreateInfo({}, binding));
	});
}

} // namespace

SamplePass::SamplePass(const Device& device, vk::Format format, vk::Extent2D extent)
    : device_(device), format_(format), extent_(extent),
      render_pass_(make_color_render_pass(device, format, target_layout)),
      set_layout_(make_set_layout(device)),
      pipeline_(device, *render_pass_, shaders::sample_image_frag(), *set_layout_, 0,
                "sample pass"),
      readback_(device, vk::DeviceSize(extent.width) * extent.height * texel_size(format),
                vk::BufferUsageFlagBits::eTransferDst, "sample pass readback")
{
	const auto& dev = device.get();
	vk::ImageCreateInfo target_info({}, vk::ImageType::e2D, format, vk::Extent3D(extent, 1), 1,
	                                1, vk::SampleCountFlagBits::e1, vk::ImageTiling::eOptimal,
	                                vk::ImageUsageFlagBits::eColorAttachment |
	                                        vk::ImageUsageFlagBits::eTransferSrc);
	target_ = vk_call("sample pass: vkCreateImage (target)",
	                  [&] { return vk::raii::Image(dev, target_info); });
	vk::MemoryRequirements req = target_.getMemoryRequirements();
	std::uint32_t type = device.memory_type(req.memoryTypeBits, {}, "sample pass target");
	target_memory_ = vk_call("sample pass: vkAllocateMemory (target)", [&] {
		return vk::raii::DeviceMemory(dev, vk::MemoryAllocateInfo(req.size, type));
	});
	target_.bindMemory(*target_memory_, 0);
	target_view_ = vk_call("sample pass: vkCreateImageView (target)", [&] {
		return vk::raii::ImageView(
		        dev, vk::ImageViewCreateInfo(
		                     {}, *target_, vk::ImageViewType::e2D, format, {},
		                     vk::ImageSubresourceRange(vk::ImageAspectFlagBits::eColor, 0,
		                                               1, 0, 1)));
	});
	vk::ImageView view = *target_view_;
	framebuffer_ = vk_call("sample pass: vkCreateFramebuffer", [&] {
		return vk::raii::Framebuffer(dev, vk::FramebufferCreateInfo({}, *render_pass_, view,
		                                                            extent.width,
		                                                            extent.height, 1));
	});
	vk::SamplerCreateInfo sampler_info(
	        {}, vk::Filter::eNearest, vk::Filter::eNearest, vk::SamplerMipmapMode::eNearest,
	        vk::SamplerAddressMode::eClampToEdge, vk::SamplerAddressMode::eClampToEdge,
	        vk::SamplerAddressMode::eClampToEdge);
	sampler_ = vk_call("sample pass: vkCreateSampler",
	                   [&] { return vk::raii::Sampler(dev, sampler_info); });
	vk::DescriptorPoolSize pool_size(vk::DescriptorType::eCombinedImageSampler, 1);
	pool_ = vk_call("sample pass: vkCreateDescriptorPool", [&] {
		return vk::raii::DescriptorPool(
		        dev, vk::DescriptorPoolCreateInfo(
		                     vk::DescriptorPoolCreateFlagBits::eFreeDescriptorSet, 1,
		                     pool_size));
	});
	vk::DescriptorSetLayout set_layout = *set_layout_;
	set_ = vk_call("sample pass: vkAllocateDescriptorSets", [&] {
		vk::raii::DescriptorSets sets(dev,
		                              vk::DescriptorSetAllocateInfo(*pool_, set_layout));
		return std::move(sets.front());
	});
}

std::span<const std::uint8_t> SamplePass::run(const ImageRef& source)
{
	if (source.format != format_ || source.extent != extent_)
		throw Error("sample pass: source is " + vk::to_string(source.format) + " " +
		                    std::to_string(source.extent.width) + "x" +
		                    std::to_string(source.extent.height) +
		                    ", the pass was made for " + vk::to_string(format_) + " " +
		                    std::to_string(extent_.width) + "x" +
		                    std::to_string(extent_.height),
		            EINVAL);
	vk::DescriptorImageInfo image_info(*sampler_, source.view,
	                                   vk::ImageLayout::eShaderReadOnlyOptimal);
	device_.get().updateDescriptorSets(
	        vk::WriteDescriptorSet(*set_, 0, 0, vk::DescriptorType::eCombinedImageSampler,
	                               image_info),
	        {});

	const Access sampled{vk::PipelineStageFlagBits::eFragmentShader,
	                     vk::AccessFlagBits::eShaderRead};
	const Access drawn{vk::PipelineStageFlagBits::eColorAttachmentOutput,
	                   vk::AccessFlagBits::eColorAttachmentWrite};
	device_.submit("sample pass", [&](const vk::raii::CommandBuffer& cmd) {
		acquire_image(device_, *cmd, source, vk::ImageLayout::eShaderReadOnlyOptimal,
		              sampled, false);
		vk::ImageMemoryBarrier to_target({}, drawn.access, vk::ImageLayout::eUndefined,
		                                 target_layout, VK_QUEUE_FAMILY_IGNORED,
		                                 VK_QUEUE_FAMILY_IGNORED, *target_,
		                                 {vk::ImageAspectFlagBits::eColor, 0, 1, 0, 1});
		cmd.pipelineBarrier(vk::PipelineStageFlagBits::eTopOfPipe, drawn.stage, {}, {}, {},
		                    to_target);

		cmd.beginRenderPass(
		        vk::RenderPassBeginInfo(*render_pass_, *framebuffer_, {{0, 0}, extent_}),
		        vk::SubpassContents::eInline);
		cmd.bindDescriptorSets(vk::PipelineBindPoint::eGraphics, pipeline_.layout(), 0,
		                       *set_, {});
		pipeline_.draw(cmd, extent_);
		cmd.endRenderPass();
		release_image(device_, *cmd, source, vk::ImageLayout::eShaderReadOnlyOptimal,
		              sampled);

		vk::ImageMemoryBarrier to_copy(drawn.access, vk::AccessFlagBits::eTransferRead,
		                               target_layout, vk::ImageLayout::eTransferSrcOptimal,
		                               VK_QUEUE_FAMILY_IGNORED, VK_QUEUE_FAMILY_IGNORED,
		                               *target_,
		                               {vk::ImageAspectFlagBits::eColor, 0, 1, 0, 1});
		cmd.pipelineBarrier(drawn.stage, vk::PipelineStageFlagBits::eTransfer, {}, {}, {},
		                    to_copy);
		vk::BufferImageCopy region(0, 0, 0, {vk::ImageAspectFlagBits::eColor, 0, 0, 1},
		                           {0, 0, 0}, vk::Extent3D(extent_, 1));
		cmd.copyImageToBuffer(*target_, vk::ImageLayout::eTransferSrcOptimal,
		                      readback_.buffer(), region);
		vk::BufferMemoryBarrier to_host(vk::AccessFlagBits::eTransferWrite,
		                                vk::AccessFlagBits::eHostRead,
		                                VK_QUEUE_FAMILY_IGNORED, VK_QUEUE_FAMILY_IGNORED,
		                                readback_.buffer(), 0, VK_WHOLE_SIZE);
		cmd.pipelineBarrier(vk::PipelineStageFlagBits::eTransfer,
		                    vk::PipelineStageFlagBits::eHost, {}, {}, to_host, {});
	});
	return readback_.bytes();
}

} // namespace vfio_dmabuf::vulkan
