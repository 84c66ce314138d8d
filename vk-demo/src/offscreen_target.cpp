#include "offscreen_target.hpp"

#include "vfio_dmabuf/vulkan/vk_error.hpp"

namespace vk_demo
{

using vfio_dmabuf::vulkan::vk_call;

OffscreenTarget::OffscreenTarget(const VulkanContext& vk, vk::Format format, vk::Extent2D extent)
    : format_(format), extent_(extent),
      readback_(vk, vk::DeviceSize(extent.width) * extent.height * 4,
                vk::BufferUsageFlagBits::eTransferDst, "the headless read-back buffer")
{
	image_ = vk_call("vkCreateImage (offscreen target)", [&] {
		return vk::raii::Image(
		        vk.device(),
		        vk::ImageCreateInfo({}, vk::ImageType::e2D, format,
		                            {extent.width, extent.height, 1}, 1, 1,
		                            vk::SampleCountFlagBits::e1, vk::ImageTiling::eOptimal,
		                            vk::ImageUsageFlagBits::eColorAttachment |
		                                    vk::ImageUsageFlagBits::eTransferSrc));
	});
	const auto req = image_.getMemoryRequirements();
	memory_ = vk_call("vkAllocateMemory (offscreen target)", [&] {
		return vk::raii::DeviceMemory(
		        vk.device(),
		        vk::MemoryAllocateInfo(
		                req.size, vk.memory_type(req.memoryTypeBits,
		                                         vk::MemoryPropertyFlagBits::eDeviceLocal,
		                                         "the offscreen target")));
	});
	image_.bindMemory(*memory_, 0);
	view_ = vk_call("vkCreateImageView (offscreen target)", [&] {
		return vk::raii::ImageView(
		        vk.device(),
		        vk::ImageViewCreateInfo({}, *image_, vk::ImageViewType::e2D, format, {},
		                                {vk::ImageAspectFlagBits::eColor, 0, 1, 0, 1}));
	});
}

void OffscreenTarget::record_readback(const vk::raii::CommandBuffer& cmd, vk::Image image) const
{
	cmd.copyImageToBuffer(image, vk::ImageLayout::eTransferSrcOptimal, readback_.buffer(),
	                      vk::BufferImageCopy(0, 0, 0,
	                                          {vk::ImageAspectFlagBits::eColor, 0, 0, 1},
	                                          {0, 0, 0}, {extent_.width, extent_.height, 1}));
	cmd.pipelineBarrier(vk::PipelineStageFlagBits::eTransfer, vk::PipelineStageFlagBits::eHost,
	                    {},
	                    vk::MemoryBarrier(vk::AccessFlagBits::eTransferWrite,
	                                      vk::AccessFlagBits::eHostRead),
	                    {}, {});
}

} // namespace vk_demo
