#include "vfio_dmabuf/vulkan/buffer_import.hpp"

#include "borrowed.hpp"
#include "vfio_dmabuf/vulkan/vk_error.hpp"

#include <utility>

namespace vfio_dmabuf::vulkan
{

ImportedBuffer::ImportedBuffer(const Target& target, ImportedMemory memory, vk::Buffer buffer,
                               vk::DeviceSize size, std::string what) noexcept
    : device_(target.device), memory_(std::move(memory)), buffer_(buffer), size_(size),
      what_(std::move(what))
{
	try {
		destroy_ = detail::device_fn<PFN_vkDestroyBuffer>(target, "vkDestroyBuffer");
	} catch (...) {
		destroy_ = &vkDestroyBuffer;
	}
}

ImportedBuffer::ImportedBuffer(ImportedBuffer&& o) noexcept
    : device_(std::exchange(o.device_, VK_NULL_HANDLE)),
      destroy_(std::exchange(o.destroy_, nullptr)), memory_(std::move(o.memory_)),
      buffer_(std::exchange(o.buffer_, {})), size_(o.size_), what_(std::move(o.what_))
{
}

ImportedBuffer& ImportedBuffer::operator=(ImportedBuffer&& o) noexcept
{
	if (this != &o) {
		reset();
		device_ = std::exchange(o.device_, VK_NULL_HANDLE);
		destroy_ = std::exchange(o.destroy_, nullptr);
		memory_ = std::move(o.memory_);
		buffer_ = std::exchange(o.buffer_, {});
		size_ = o.size_;
		what_ = std::move(o.what_);
	}
	return *this;
}

ImportedBuffer::~ImportedBuffer()
{
	reset();
}

void ImportedBuffer::reset() noexcept
{
	if (buffer_ && destroy_)
		destroy_(device_, static_cast<VkBuffer>(buffer_), nullptr);
	buffer_ = nullptr;
	memory_ = ImportedMemory(); // after the buffer
}

BufferRange ImportedBuffer::range(vk::DeviceSize offset, vk::DeviceSize size) const
{
	if (offset > size_ || size > size_ - offset)
		throw Error(what_ + ": range [" + std::to_string(offset) + ", +" +
		                    std::to_string(size) + ") is outside the " +
		                    std::to_string(size_) + "-byte buffer",
		            ERANGE);
	return {buffer_, offset, size, true};
}

ImportedBuffer import_buffer(const Target& target, const DmaBuf& buf, vk::BufferUsageFlags usage,
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

	detail::Borrowed vk(target);
	constexpr auto handle = vk::ExternalMemoryHandleTypeFlagBits::eDmaBufEXT;
	auto ext = vk.physical().getExternalBufferProperties(
	        vk::PhysicalDeviceExternalBufferInfo({}, usage, handle));
	if (!(ext.externalMemoryProperties.externalMemoryFeatures &
	      vk::ExternalMemoryFeatureFlagBits::eImportable))
		throw MissingCapability(what + ": " + vk.name() +
		                        " cannot import dma-bufs as buffers with usage " +
		                        vk::to_string(usage));

	vk::StructureChain<vk::BufferCreateInfo, vk::ExternalMemoryBufferCreateInfo> info(
	        vk::BufferCreateInfo({}, size, usage, vk::SharingMode::eExclusive),
	        vk::ExternalMemoryBufferCreateInfo(handle));
	vk::raii::Buffer buffer = vk_call(what + ": vkCreateBuffer", [&] {
		return vk::raii::Buffer(vk.device(), info.get<vk::BufferCreateInfo>());
	});
	ImportedMemory memory = import_memory(target, buf, buffer.getMemoryRequirements(),
	                                      DedicatedTo{*buffer, {}}, what);
	vk_call(what + ": vkBindBufferMemory", [&] { buffer.bindMemory(memory.get(), 0); });
	return ImportedBuffer(target, std::move(memory), buffer.release(), size, what);
}

} // namespace vfio_dmabuf::vulkan
