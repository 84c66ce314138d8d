#include "vfio_dmabuf/testing/vulkan/host_buffer.hpp"

#include "vfio_dmabuf/vulkan/vk_error.hpp"

namespace vfio_dmabuf::vulkan
{

namespace
{
vk::raii::Buffer make_buffer(const Device& device, vk::DeviceSize size, vk::BufferUsageFlags usage,
                             const std::string& what)
{
	return vk_call(what + ": vkCreateBuffer", [&] {
		return vk::raii::Buffer(
		        device.get(),
		        vk::BufferCreateInfo({}, size, usage, vk::SharingMode::eExclusive));
	});
}
} // namespace

HostBuffer::HostBuffer(const Device& device, vk::DeviceSize size, vk::BufferUsageFlags usage,
                       const std::string& what)
    : memory_(nullptr), buffer_(make_buffer(device, size, usage, what)), size_(size)
{
	vk::MemoryRequirements req = buffer_.getMemoryRequirements();
	// Every implementation has a HOST_VISIBLE | HOST_COHERENT type.
	std::uint32_t type = device.memory_type(req.memoryTypeBits,
	                                        vk::MemoryPropertyFlagBits::eHostVisible |
	                                                vk::MemoryPropertyFlagBits::eHostCoherent,
	                                        what);
	memory_ = vk_call(what + ": vkAllocateMemory", [&] {
		return vk::raii::DeviceMemory(device.get(), vk::MemoryAllocateInfo(req.size, type));
	});
	vk_call(what + ": vkBindBufferMemory", [&] { buffer_.bindMemory(*memory_, 0); });
	data_ = static_cast<std::uint8_t*>(vk_call(
	        what + ": vkMapMemory", [&] { return memory_.mapMemory(0, VK_WHOLE_SIZE); }));
}

} // namespace vfio_dmabuf::vulkan
