#include "vfio_dmabuf/vulkan/buffer_import.hpp"

#include "vfio_dmabuf/vulkan/dma_buf_memory.hpp"
#include "vfio_dmabuf/vulkan/vk_error.hpp"

namespace vfio_dmabuf::vulkan
{

BufferRange ImportedBuffer::range(vk::DeviceSize offset, vk::DeviceSize size) const
{
	if (offset > size_ || size > size_ - offset)
		throw Error(what_ + ": range [" + std::to_string(offset) + ", +" +
		                    std::to_string(size) + ") is outside the " +
		                    std::to_string(size_) + "-byte buffer",
		            ERANGE);
	return {*buffer_, offset, size, true};
}

ImportedBuffer import_buffer(const Device& device, const DmaBuf& buf, vk::BufferUsageFlags usage,
                             vk::DeviceSize size)
{
	const std::string what = "Vulkan buffer import of " + buf.what();
	const std::uint64_t buf_size = buf.size();
	if (size == 0)
		size = buf_size;
	if (size == 0 || size > buf_size)
		throw Error(what + ": a " + std::to_string(size) +
		                    "-byte buffer does not fit the " + std::to_string(buf_size) +
		                    "-byte dma-buf",
		            EINVAL);

	constexpr auto handle = vk::ExternalMemoryHandleTypeFlagBits::eDmaBufEXT;
	auto ext = device.physical().getExternalBufferProperties(
	        vk::PhysicalDeviceExternalBufferInfo({}, usage, handle));
	if (!(ext.externalMemoryProperties.externalMemoryFeatures &
	      vk::ExternalMemoryFeatureFlagBits::eImportable))
		throw MissingCapability(what + ": " + device.name() +
		                        " cannot import dma-bufs as buffers with usage " +
		                        vk::to_string(usage));

	vk::StructureChain<vk::BufferCreateInfo, vk::ExternalMemoryBufferCreateInfo> info(
	        vk::BufferCreateInfo({}, size, usage, vk::SharingMode::eExclusive),
	        vk::ExternalMemoryBufferCreateInfo(handle));
	vk::raii::Buffer buffer = vk_call(what + ": vkCreateBuffer", [&] {
		return vk::raii::Buffer(device.get(), info.get<vk::BufferCreateInfo>());
	});
	vk::MemoryRequirements req = buffer.getMemoryRequirements();
	vk::raii::DeviceMemory memory =
	        import_dma_buf_memory(device, buf, req, DedicatedTo{*buffer, {}}, what);
	vk_call(what + ": vkBindBufferMemory", [&] { buffer.bindMemory(*memory, 0); });
	return ImportedBuffer(std::move(memory), std::move(buffer), size, what);
}

} // namespace vfio_dmabuf::vulkan
