#include "vfio_dmabuf/vulkan/ownership_barriers.hpp"

#include <vector>

namespace vfio_dmabuf::vulkan
{
namespace
{

const vk::ImageSubresourceRange color_range(vk::ImageAspectFlagBits::eColor, 0, 1, 0, 1);

// The device behind the BAR, and the CPU through a mapping of the dma-buf,
// are agents outside Vulkan: VK_EXT_queue_family_foreign's family.
constexpr std::uint32_t foreign_family = VK_QUEUE_FAMILY_FOREIGN_EXT;

} // namespace

void acquire_buffers(const Target& target, vk::CommandBuffer cmd,
                     std::span<const BufferRange> ranges, Access use)
{
	std::vector<vk::BufferMemoryBarrier> barriers;
	vk::PipelineStageFlags src = vk::PipelineStageFlagBits::eTopOfPipe;
	for (const BufferRange& r : ranges) {
		if (r.external) {
			// Acquire: the source access mask is ignored; the foreign
			// owner's writes are made available by it.
			barriers.emplace_back(vk::AccessFlags{}, use.access, foreign_family,
			                      target.queue_family, r.buffer, r.offset, r.size);
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

void release_buffers(const Target& target, vk::CommandBuffer cmd,
                     std::span<const BufferRange> ranges, Access use)
{
	std::vector<vk::BufferMemoryBarrier> barriers;
	vk::PipelineStageFlags dst = vk::PipelineStageFlagBits::eBottomOfPipe;
	for (const BufferRange& r : ranges) {
		if (r.external) {
			// Release: the destination access mask is ignored.
			barriers.emplace_back(use.access, vk::AccessFlags{}, target.queue_family,
			                      foreign_family, r.buffer, r.offset, r.size);
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

vk::ImageMemoryBarrier acquire_image_barrier(const Target& target, const ImageRef& image,
                                             vk::ImageLayout layout, vk::AccessFlags use,
                                             bool discard)
{
	vk::ImageMemoryBarrier b;
	b.image = image.image;
	b.subresourceRange = color_range;
	b.newLayout = layout;
	b.dstAccessMask = use;
	if (image.external) {
		b.srcQueueFamilyIndex = foreign_family;
		b.dstQueueFamilyIndex = target.queue_family;
		const bool first = !image.state || !image.state->acquired;
		b.oldLayout =
		        discard || first ? vk::ImageLayout::eUndefined : vk::ImageLayout::eGeneral;
		if (image.state)
			image.state->acquired = true;
	} else {
		b.srcQueueFamilyIndex = b.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
		b.oldLayout = discard ? vk::ImageLayout::eUndefined : image.layout;
		b.srcAccessMask = vk::AccessFlagBits::eHostWrite;
	}
	return b;
}

vk::ImageMemoryBarrier release_image_barrier(const Target& target, const ImageRef& image,
                                             vk::ImageLayout layout, vk::AccessFlags use)
{
	vk::ImageMemoryBarrier b;
	b.image = image.image;
	b.subresourceRange = color_range;
	b.oldLayout = layout;
	b.newLayout = vk::ImageLayout::eGeneral;
	b.srcAccessMask = use;
	if (image.external) {
		b.srcQueueFamilyIndex = target.queue_family;
		b.dstQueueFamilyIndex = foreign_family;
	} else {
		b.srcQueueFamilyIndex = b.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
		b.dstAccessMask = vk::AccessFlagBits::eHostRead;
	}
	return b;
}

void acquire_image(const Target& target, vk::CommandBuffer cmd, const ImageRef& image,
                   vk::ImageLayout layout, Access use, bool discard)
{
	vk::PipelineStageFlags src = image.external ? vk::PipelineStageFlagBits::eTopOfPipe
	                                            : vk::PipelineStageFlagBits::eHost;
	cmd.pipelineBarrier(src, use.stage, {}, {}, {},
	                    acquire_image_barrier(target, image, layout, use.access, discard));
}

void release_image(const Target& target, vk::CommandBuffer cmd, const ImageRef& image,
                   vk::ImageLayout layout, Access use)
{
	vk::PipelineStageFlags dst = image.external ? vk::PipelineStageFlagBits::eBottomOfPipe
	                                            : vk::PipelineStageFlagBits::eHost;
	cmd.pipelineBarrier(use.stage, dst, {}, {}, {},
	                    release_image_barrier(target, image, layout, use.access));
}

} // namespace vfio_dmabuf::vulkan
