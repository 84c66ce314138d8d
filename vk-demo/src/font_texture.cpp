#include "font_texture.hpp"

#include "common/font.hpp"
#include "mapped_buffer.hpp"
#include "vfio_dmabuf/vulkan/vk_error.hpp"

#include <cstring>
#include <vector>

namespace vk_demo
{

using vfio_dmabuf::vulkan::vk_call;

FontTexture::FontTexture(const VulkanContext& vk, const vk::raii::CommandPool& pool)
{
	const std::uint32_t width = font::code_count * font::cell, height = font::cell;
	std::vector<std::uint8_t> texels(std::size_t(width) * height);
	for (std::uint32_t code = 0; code < font::code_count; ++code) {
		const font::Glyph& g = font::glyph(char(font::first_code + int(code)));
		for (std::uint32_t y = 0; y < font::cell; ++y)
			for (std::uint32_t x = 0; x < font::cell; ++x)
				texels[y * width + code * font::cell + x] =
				        font::pixel(g, x, y) ? 255 : 0;
	}

	const vk::Format format = vk::Format::eR8Unorm;
	image_ = vk_call("vkCreateImage (font)", [&] {
		return vk::raii::Image(
		        vk.device(),
		        vk::ImageCreateInfo({}, vk::ImageType::e2D, format, {width, height, 1}, 1,
		                            1, vk::SampleCountFlagBits::e1,
		                            vk::ImageTiling::eOptimal,
		                            vk::ImageUsageFlagBits::eSampled |
		                                    vk::ImageUsageFlagBits::eTransferDst));
	});
	const auto req = image_.getMemoryRequirements();
	memory_ = vk_call("vkAllocateMemory (font)", [&] {
		return vk::raii::DeviceMemory(
		        vk.device(),
		        vk::MemoryAllocateInfo(
		                req.size, vk.memory_type(req.memoryTypeBits,
		                                         vk::MemoryPropertyFlagBits::eDeviceLocal,
		                                         "the font texture")));
	});
	image_.bindMemory(*memory_, 0);

	MappedBuffer staging(vk, texels.size(), vk::BufferUsageFlagBits::eTransferSrc,
	                     "the font's staging buffer");
	std::memcpy(staging.data(), texels.data(), texels.size());

	vk::raii::CommandBuffers cmds(
	        vk.device(),
	        vk::CommandBufferAllocateInfo(*pool, vk::CommandBufferLevel::ePrimary, 1));
	const vk::raii::CommandBuffer& cmd = cmds[0];
	cmd.begin(vk::CommandBufferBeginInfo(vk::CommandBufferUsageFlagBits::eOneTimeSubmit));
	const vk::ImageSubresourceRange all(vk::ImageAspectFlagBits::eColor, 0, 1, 0, 1);
	cmd.pipelineBarrier(vk::PipelineStageFlagBits::eTopOfPipe,
	                    vk::PipelineStageFlagBits::eTransfer, {}, {}, {},
	                    vk::ImageMemoryBarrier({}, vk::AccessFlagBits::eTransferWrite,
	                                           vk::ImageLayout::eUndefined,
	                                           vk::ImageLayout::eTransferDstOptimal,
	                                           VK_QUEUE_FAMILY_IGNORED, VK_QUEUE_FAMILY_IGNORED,
	                                           *image_, all));
	cmd.copyBufferToImage(staging.buffer(), *image_, vk::ImageLayout::eTransferDstOptimal,
	                      vk::BufferImageCopy(0, 0, 0,
	                                          {vk::ImageAspectFlagBits::eColor, 0, 0, 1},
	                                          {0, 0, 0}, {width, height, 1}));
	cmd.pipelineBarrier(vk::PipelineStageFlagBits::eTransfer,
	                    vk::PipelineStageFlagBits::eFragmentShader, {}, {}, {},
	                    vk::ImageMemoryBarrier(vk::AccessFlagBits::eTransferWrite,
	                                           vk::AccessFlagBits::eShaderRead,
	                                           vk::ImageLayout::eTransferDstOptimal,
	                                           vk::ImageLayout::eShaderReadOnlyOptimal,
	                                           VK_QUEUE_FAMILY_IGNORED, VK_QUEUE_FAMILY_IGNORED,
	                                           *image_, all));
	cmd.end();
	const vk::raii::Fence fence(vk.device(), vk::FenceCreateInfo());
	const vk::CommandBuffer handle = *cmd;
	vk.queue().submit(vk::SubmitInfo({}, {}, handle), *fence);
	vfio_dmabuf::vulkan::check_vk(
	        "vkWaitForFences (font upload)",
	        VkResult(vk.device().waitForFences(*fence, VK_TRUE, UINT64_MAX)));

	view_ = vk_call("vkCreateImageView (font)", [&] {
		return vk::raii::ImageView(
		        vk.device(), vk::ImageViewCreateInfo({}, *image_, vk::ImageViewType::e2D,
		                                             format, {}, all));
	});
}

} // namespace vk_demo
