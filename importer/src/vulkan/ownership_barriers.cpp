#include "vfio_dmabuf/vulkan/ownership_barriers.hpp"

#include <vector>

namespace vfio_dmabuf::vulkan
{
namespace
{

const vk::ImageSubresourceRange color_range(vk::ImageAspectFlagBits::eColor, 0, 1, 0, 1);

} // namespace

void acquire_buffers(const Device& device, const vk::raii::CommandBuffer& cmd,
                     std::span<const BufferRange> ranges, Access use)
{
	std::vector<vk::BufferMemoryBarrier> barriers;
	vk::PipelineStageFlags src = vk::PipelineStageFlagBits::eTopOfPipe;
	for (const BufferRange& r : ranges) {
		if (r.external) {
			// Acquire: the source access mask is ignored; the
			// external owner's writes are made available by it.
			barriers.emplace_back(vk::AccessFlags{}, use.access,
			                      device.external_queue_family(), device.queue_family(),
			                      r.buffer, r.offset, r.size);
		} else {
			barriers.emplace_back(vk::AccessFlagBits::eHostWrite, use.access,
			                      VK_QUEUE_FAMILY_IGNORED, VK_QUEUE_FAMILY_IGNORED,
			                      r.buffer, r.offset, r.size);
			src |= vk::PipelineStageFlagBits::eHost;
		}
	}
	if (!barriers.empty())
		cmd.pipelineBarrier(src, use.stage, {}, {}, barriers, {});
}

void release_buffers(const Device& device, const vk::raii::CommandBuffer& cmd,
                     std::span<const BufferRange> ranges, Access use)
{
	std::vector<vk::BufferMemoryBarrier> barriers;
	vk::PipelineStageFlags dst = vk::PipelineStageFlagBits::eBottomOfPipe;
	for (const BufferRange& r : ranges) {
		if (r.external) {
			// Release: the destination access mask is ignored.
			barriers.emplace_back(use.access, vk::AccessFlags{}, device.queue_family(),
			                      device.external_queue_family(), r.buffer, r.offset,
			                      r.size);
		} else {
			barriers.emplace_back(use.access, vk::AccessFlagBits::eHostRead,
			                      VK_QUEUE_FAMILY_IGNORED, VK_QUEUE_FAMILY_IGNORED,
			                      r.buffer, r.offset, r.size);
			dst |= vk::PipelineStageFlagBits::eHost;
		}
	}
	if (!barriers.empty())
		cmd.pipelineBarrier(use.stage, dst, {}, {}, barriers, {});
}

void acquire_image(const Device& device, const vk::raii::CommandBuffer& cmd, const ImageRef& image,
                   vk::ImageLayout layout, Access use, bool discard)
{
	vk::ImageMemoryBarrier b;
	b.image = image.image;
	b.subresourceRange = color_range;
	b.newLayout = layout;
	b.dstAccessMask = use.access;
	vk::PipelineStageFlags src = vk::PipelineStageFlagBits::eTopOfPipe;
	if (image.external) {
		b.srcQueueFamilyIndex = device.external_queue_family();
		b.dstQueueFamilyIndex = device.queue_family();
		b.oldLayout = discard ? vk::ImageLayout::eUndefined : vk::ImageLayout::eGeneral;
	} else {
		b.srcQueueFamilyIndex = b.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
		b.oldLayout = discard ? vk::ImageLayout::eUndefined : image.layout;
		b.srcAccessMask = vk::AccessFlagBits::eHostWrite;
		src |= vk::PipelineStageFlagBits::eHost;
	}
	cmd.pipelineBarrier(src, use.stage, {}, {}, {}, b);
}

void release_image(const Device& device, const vk::raii::CommandBuffer& cmd, const ImageRef& image,
                   vk::ImageLayout layout, Access use)
{
	vk::ImageMemoryBarrier b;
	b.image = image.image;
	b.subresourceRange = color_range;
	b.oldLayout = layout;
	b.newLayout = vk::ImageLayout::eGeneral;
	b.srcAccessMask = use.access;
	vk::PipelineStageFlags dst = vk::PipelineStageFlagBits::eBottomOfPipe;
	if (image.external) {
		b.srcQueueFamilyIndex = device.queue_family();
		b.dstQueueFamilyIndex = device.external_queue_family();
	} else {
		b.srcQueueFamilyIndex = b.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
		b.dstAccessMask = vk::AccessFlagBits::eHostRead;
		dst |= vk::PipelineStageFlagBits::eHost;
	}
	cmd.pipelineBarrier(use.stage, dst, {}, {}, {}, b);
}

} // namespace vfio_dmabuf::vulkan
