// A logical device that can import dma-bufs: the extensions of
// DeviceRequirements enabled, one queue with graphics and compute, a command
// pool for synchronous one-shot submissions.
#pragma once

#include "vfio_dmabuf/vulkan/device_requirements.hpp"
#include "vfio_dmabuf/vulkan/instance.hpp"

#include <functional>
#include <string>
#include <vulkan/vulkan_raii.hpp>

namespace vfio_dmabuf::vulkan
{

class Device
{
public:
	// Throws MissingCapability when no device fits `req`.
	Device(const Instance& instance, const DeviceRequirements& req = {});

	const vk::raii::PhysicalDevice& physical() const noexcept { return physical_; }
	const vk::raii::Device& get() const noexcept { return device_; }
	const vk::PhysicalDeviceProperties& properties() const noexcept { return properties_; }
	std::string name() const { return properties_.deviceName.data(); }
	// A CPU implementation (lavapipe): imports dma-bufs by mmap(2).
	bool is_cpu() const noexcept
	{
		return properties_.deviceType == vk::PhysicalDeviceType::eCpu;
	}
	ValidationLog& log() const noexcept { return log_; }

	bool enabled(const char* extension) const;
	bool drm_format_modifiers() const
	{
		return enabled(VK_EXT_IMAGE_DRM_FORMAT_MODIFIER_EXTENSION_NAME);
	}

	std::uint32_t queue_family() const noexcept { return queue_family_; }
	// The queue family for ownership transfers to and from whoever else
	// uses imported memory (the CPU, the exporting device):
	// VK_QUEUE_FAMILY_FOREIGN_EXT when enabled, else VK_QUEUE_FAMILY_EXTERNAL.
	std::uint32_t external_queue_family() const noexcept { return external_family_; }

	// Index of a memory type in `type_bits` with all of `flags`; throws
	// Error naming `what` when there is none.
	std::uint32_t memory_type(std::uint32_t type_bits, vk::MemoryPropertyFlags flags,
	                          const std::string& what) const;

	// Records one command buffer with `record`, submits it and waits for it
	// (bounded wait; a hang is an Error naming `what`).
	void submit(const std::string& what,
	            const std::function<void(const vk::raii::CommandBuffer&)>& record) const;

private:
	void note_modifier_list2_defect();

	ValidationLog& log_;
	vk::raii::PhysicalDevice physical_;
	vk::PhysicalDeviceProperties properties_;
	std::vector<std::string> extensions_;
	std::uint32_t queue_family_ = 0;
	std::uint32_t external_family_ = VK_QUEUE_FAMILY_EXTERNAL;
	vk::raii::Device device_{nullptr};
	vk::raii::Queue queue_{nullptr};
	vk::raii::CommandPool pool_{nullptr};
};

} // namespace vfio_dmabuf::vulkan
