#include "mapped_buffer.hpp"

#include "vfio_dmabuf/vulkan/vk_error.hpp"

namespace vk_demo
{

using vfio_dmabuf::vulkan::vk_call;

MappedBuffer::MappedBuffer(const VulkanContext& vk, vk::DeviceSize size, vk::BufferUsageFlags usage,
                           const std::string& what)
    : size_(size)
{
	buffer_ = vk_call("vkCreateBuffer (" + what + ")", [&] {
		return vk::raii::Buffer(vk.device(), vk::BufferCreateInfo({}, size, usage));
	});
	const auto req = buffer_.getMemoryRequirements();
	const std::uint32_t type = vk.memory_type(req.memoryTypeBits,
	                                          vk::MemoryPropertyFlagBits::eHostVisible |
	                                                  vk::MemoryPropertyFlagBits::eHostCoherent,
	                                          what);
	memory_ = vk_call("vkAllocateMemory (" + what + ")", [&] {
		return vk::raii::DeviceMemory(vk.device(), vk::MemoryAllocateInfo(req.size, type));
	});
	buffer_.bindMemory(*memory_, 0);
	data_ = vk_call("vkMapMemory (" + what + ")", [&] { return memory_.mapMemory(0, size); });
}

} // namespace vk_demo
