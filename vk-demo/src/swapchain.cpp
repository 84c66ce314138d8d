#include "swapchain.hpp"

#include "vfio_dmabuf/error.hpp"
#include "vfio_dmabuf/vulkan/vk_error.hpp"

#include <algorithm>
#include <cstdio>

namespace vk_demo
{

using vfio_dmabuf::vulkan::vk_call;

Swapchain::Swapchain(const VulkanContext& vk, vk::raii::SurfaceKHR surface, vk::Extent2D wanted)
    : vk_(vk), surface_(std::move(surface)), wanted_(wanted)
{
	if (!vk.physical().getSurfaceSupportKHR(vk.queue_family(), *surface_))
		throw vfio_dmabuf::Error("Vulkan device " + vk.name() +
		                         " cannot present to the window's surface");
	create();
}

void Swapchain::create()
{
	const auto& physical = vk_.physical();
	const auto caps = physical.getSurfaceCapabilitiesKHR(*surface_);
	const auto formats = physical.getSurfaceFormatsKHR(*surface_);
	const auto modes = physical.getSurfacePresentModesKHR(*surface_);

	vk::SurfaceFormatKHR chosen = formats.at(0);
	bool unorm = false;
	for (vk::Format f : {vk::Format::eB8G8R8A8Unorm, vk::Format::eR8G8B8A8Unorm}) {
		const auto it = std::find_if(formats.begin(), formats.end(), [&](const auto& sf) {
			return sf.format == f && sf.colorSpace == vk::ColorSpaceKHR::eSrgbNonlinear;
		});
		if (it != formats.end() && !unorm) {
			chosen = *it;
			unorm = true;
		}
	}
	if (!unorm)
		std::fprintf(stderr,
		             "vk-demo: the surface offers no 8-bit UNORM format; using %s, so the "
		             "screen's values are not the frame's bytes\n",
		             vk::to_string(chosen.format).c_str());
	format_ = chosen.format;
	mode_ = vk::PresentModeKHR::eFifo;
	for (auto m : {vk::PresentModeKHR::eImmediate, vk::PresentModeKHR::eMailbox})
		if (std::find(modes.begin(), modes.end(), m) != modes.end())
			mode_ = m;
	extent_ = caps.currentExtent.width != 0xffffffffu
	                  ? caps.currentExtent
	                  : vk::Extent2D{std::clamp(wanted_.width, caps.minImageExtent.width,
	                                            caps.maxImageExtent.width),
	                                 std::clamp(wanted_.height, caps.minImageExtent.height,
	                                            caps.maxImageExtent.height)};
	std::uint32_t count = caps.minImageCount + 1;
	if (caps.maxImageCount)
		count = std::min(count, caps.maxImageCount);
	vk::ImageUsageFlags usage = vk::ImageUsageFlagBits::eColorAttachment;
	if (caps.supportedUsageFlags & vk::ImageUsageFlagBits::eTransferDst)
		usage |= vk::ImageUsageFlagBits::eTransferDst;

	const vk::SwapchainCreateInfoKHR info(
	        {}, *surface_, count, format_, chosen.colorSpace, extent_, 1, usage,
	        vk::SharingMode::eExclusive, {}, caps.currentTransform,
	        vk::CompositeAlphaFlagBitsKHR::eOpaque, mode_, true, *swapchain_);
	vk::raii::SwapchainKHR next = vk_call(
	        "vkCreateSwapchainKHR", [&] { return vk::raii::SwapchainKHR(vk_.device(), info); });
	views_.clear();
	swapchain_ = std::move(next);
	images_.clear();
	for (VkImage i : swapchain_.getImages())
		images_.push_back(i);
	for (vk::Image image : images_)
		views_.push_back(vk_call("vkCreateImageView (swapchain)", [&] {
			return vk::raii::ImageView(
			        vk_.device(),
			        vk::ImageViewCreateInfo(
			                {}, image, vk::ImageViewType::e2D, format_, {},
			                {vk::ImageAspectFlagBits::eColor, 0, 1, 0, 1}));
		}));
	acquired_.clear();
	presentable_.clear();
	for (std::size_t i = 0; i <= images_.size(); ++i)
		acquired_.emplace_back(vk_.device(), vk::SemaphoreCreateInfo());
	for (std::size_t i = 0; i < images_.size(); ++i)
		presentable_.emplace_back(vk_.device(), vk::SemaphoreCreateInfo());
	next_acquired_ = 0;
	++generation_;
}

std::optional<Swapchain::Image> Swapchain::acquire()
{
	const vk::Semaphore sem = *acquired_[next_acquired_];
	std::uint32_t index = 0;
	try {
		auto [result, i] = swapchain_.acquireNextImage(UINT64_MAX, sem);
		index = i;
		if (result != vk::Result::eSuccess && result != vk::Result::eSuboptimalKHR)
			vfio_dmabuf::vulkan::throw_vk("vkAcquireNextImageKHR", result);
	} catch (const vk::OutOfDateKHRError&) {
		vk_.device().waitIdle();
		create();
		return std::nullopt;
	} catch (const vk::SystemError& e) {
		vfio_dmabuf::vulkan::throw_vk("vkAcquireNextImageKHR",
		                              static_cast<vk::Result>(e.code().value()));
	}
	next_acquired_ = (next_acquired_ + 1) % acquired_.size();
	return Image{index, sem, *presentable_[index],
	             ComposeTarget{images_[index], *views_[index], format_, extent_}};
}

bool Swapchain::present(const Image& image)
{
	const vk::SwapchainKHR chain = *swapchain_;
	const vk::PresentInfoKHR info(image.presentable, chain, image.index);
	try {
		const vk::Result r = vk_.queue().presentKHR(info);
		if (r == vk::Result::eSuboptimalKHR) {
			vk_.device().waitIdle();
			create();
			return false;
		}
	} catch (const vk::OutOfDateKHRError&) {
		vk_.device().waitIdle();
		create();
		return false;
	} catch (const vk::SystemError& e) {
		vfio_dmabuf::vulkan::throw_vk("vkQueuePresentKHR",
		                              static_cast<vk::Result>(e.code().value()));
	}
	return true;
}

const char* Swapchain::present_mode() const noexcept
{
	switch (mode_) {
	case vk::PresentModeKHR::eMailbox:
		return "mailbox";
	case vk::PresentModeKHR::eImmediate:
		return "immediate";
	default:
		return "fifo";
	}
}

} // namespace vk_demo
