// The demo's own Vulkan instance and device (Vulkan-Hpp RAII), created the
// way an application that imports dma-bufs with the library does it: its
// own extensions (the window system's, VK_KHR_swapchain) plus
// vfio_dmabuf::vulkan::device_extensions(), then a Target naming them.
#pragma once

#include "validation.hpp"
#include "vfio_dmabuf/vulkan/target.hpp"

#include <functional>
#include <string>
#include <vector>
#include <vulkan/vulkan_raii.hpp>

namespace vk_demo
{

struct VulkanRequest {
	std::vector<const char*> instance_extensions; // e.g. GLFW's
	bool swapchain = false;                       // enable VK_KHR_swapchain
	// Whether queue family `family` of `physical` can present (window mode).
	std::function<bool(VkInstance, VkPhysicalDevice, std::uint32_t)> can_present;
	std::string physical_device; // --vk-device
	ValidationLog* validation = nullptr;
};

class VulkanContext
{
public:
	explicit VulkanContext(const VulkanRequest& request);

	const vk::raii::Instance& instance() const noexcept { return instance_; }
	const vk::raii::PhysicalDevice& physical() const noexcept { return physical_; }
	const vk::raii::Device& device() const noexcept { return device_; }
	const vk::raii::Queue& queue() const noexcept { return queue_; }
	std::uint32_t queue_family() const noexcept { return family_; }
	const vfio_dmabuf::vulkan::Target& target() const noexcept { return target_; }
	// "llvmpipe (LLVM 19.1.7, 256 bits)"
	const std::string& name() const noexcept { return name_; }
	bool cpu_driver() const noexcept { return cpu_; }

	// A memory type of `bits` with `flags`; throws naming `what`.
	std::uint32_t memory_type(std::uint32_t bits, vk::MemoryPropertyFlags flags,
	                          const std::string& what) const;

private:
	void excuse_modifier_list2_defect(ValidationLog& log) const;

	vk::raii::Context context_;
	vk::raii::Instance instance_{nullptr};
	vk::raii::DebugUtilsMessengerEXT messenger_{nullptr};
	vk::raii::PhysicalDevice physical_{nullptr};
	vk::raii::Device device_{nullptr};
	vk::raii::Queue queue_{nullptr};
	std::uint32_t family_ = 0;
	vfio_dmabuf::vulkan::Target target_;
	std::string name_;
	bool cpu_ = false;
};

} // namespace vk_demo
