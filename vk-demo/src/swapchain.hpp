// The window's swapchain: a UNORM format where the surface has one (so the
// screen shows the frame's bytes unchanged), MAILBOX, IMMEDIATE or FIFO, a
// semaphore per image for presentation.
#pragma once

#include "compose_pass.hpp"
#include "vulkan_context.hpp"

#include <optional>
#include <vector>
#include <vulkan/vulkan_raii.hpp>

namespace vk_demo
{

class Swapchain
{
public:
	Swapchain(const VulkanContext& vk, vk::raii::SurfaceKHR surface, vk::Extent2D wanted);

	struct Image {
		std::uint32_t index = 0;
		vk::Semaphore acquired;    // wait for it before the first use
		vk::Semaphore presentable; // signal it, present waits for it
		ComposeTarget target;
	};

	// The next image; nothing when the swapchain had to be made again (try
	// again; the views of the old images are gone: generation() changed).
	std::optional<Image> acquire();
	// False when the swapchain is out of date (it is made again).
	bool present(const Image& image);

	vk::Format format() const noexcept { return format_; }
	vk::Extent2D extent() const noexcept { return extent_; }
	const char* present_mode() const noexcept;
	// Changes whenever the images were made again.
	std::uint64_t generation() const noexcept { return generation_; }

private:
	void create();

	const VulkanContext& vk_;
	vk::raii::SurfaceKHR surface_;
	vk::Extent2D wanted_;
	vk::raii::SwapchainKHR swapchain_{nullptr};
	vk::Format format_ = vk::Format::eUndefined;
	vk::Extent2D extent_;
	vk::PresentModeKHR mode_ = vk::PresentModeKHR::eFifo;
	std::vector<vk::Image> images_;
	std::vector<vk::raii::ImageView> views_;
	std::vector<vk::raii::Semaphore> acquired_;    // a ring, one more than images
	std::vector<vk::raii::Semaphore> presentable_; // per image
	std::size_t next_acquired_ = 0;
	std::uint64_t generation_ = 0;
};

} // namespace vk_demo
