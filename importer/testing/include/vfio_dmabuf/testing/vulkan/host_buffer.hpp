// A host-visible, host-coherent buffer, persistently mapped: readback
// targets, shader results, and ordinary (non-imported) buffers in tests.
#pragma once

#include "vfio_dmabuf/testing/vulkan/device.hpp"
#include "vfio_dmabuf/vulkan/buffer_range.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <vulkan/vulkan_raii.hpp>

namespace vfio_dmabuf::vulkan
{

class HostBuffer
{
public:
	HostBuffer(const Device& device, vk::DeviceSize size, vk::BufferUsageFlags usage,
	           const std::string& what);
	HostBuffer(HostBuffer&&) = default;

	vk::Buffer buffer() const noexcept { return *buffer_; }
	vk::DeviceSize size() const noexcept { return size_; }
	std::span<std::uint8_t> bytes() const noexcept
	{
		return {data_, static_cast<std::size_t>(size_)};
	}
	BufferRange whole() const noexcept { return {*buffer_, 0, size_, false}; }

private:
	vk::raii::DeviceMemory memory_;
	vk::raii::Buffer buffer_;
	vk::DeviceSize size_;
	std::uint8_t* data_;
};

} // namespace vfio_dmabuf::vulkan
