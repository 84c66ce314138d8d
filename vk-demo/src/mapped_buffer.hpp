// A VkBuffer in host-visible, host-coherent memory, mapped for its whole
// life: the overlay's text, the font's staging copy, headless read-back.
#pragma once

#include "vulkan_context.hpp"

#include <string>
#include <vulkan/vulkan_raii.hpp>

namespace vk_demo
{

class MappedBuffer
{
public:
	MappedBuffer(const VulkanContext& vk, vk::DeviceSize size, vk::BufferUsageFlags usage,
	             const std::string& what);

	vk::Buffer buffer() const noexcept { return *buffer_; }
	vk::DeviceSize size() const noexcept { return size_; }
	void* data() const noexcept { return data_; }

private:
	vk::raii::Buffer buffer_{nullptr};
	vk::raii::DeviceMemory memory_{nullptr};
	vk::DeviceSize size_ = 0;
	void* data_ = nullptr;
};

} // namespace vk_demo
