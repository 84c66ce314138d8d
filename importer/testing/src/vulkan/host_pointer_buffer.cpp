#include "vfio_dmabuf/testing/vulkan/host_pointer_buffer.hpp"

#include "vfio_dmabuf/vulkan/vk_error.hpp"

#include <cerrno>

namespace vfio_dmabuf::vulkan
{

namespace
{

using HandleType = vk::ExternalMemoryHandleTypeFlagBits;

// The first handle type the device imports `bytes` as, with the memory
// types it allows for them.
struct Choice {
	HandleType type;
	std::uint32_t memory_type_bits;
};

Choice choose(const Device& device, std::span<std::uint8_t> bytes, vk::BufferUsageFlags usage,
              const std::string& what)
{
	if (!device.enabled(VK_EXT_EXTERNAL_MEMORY_HOST_EXTENSION_NAME))
		throw MissingCapability(what + ": VK_EXT_external_memory_host is not enabled on " +
		                        device.name());
	const auto props = device.physical()
	                           .getProperties2<vk::PhysicalDeviceProperties2,
	                                           vk::PhysicalDeviceExternalMemoryHostPropertiesEXT>()
	                           .get<vk::PhysicalDeviceExternalMemoryHostPropertiesEXT>();
	const vk::DeviceSize align = props.minImportedHostPointerAlignment;
	if (bytes.empty() || reinterpret_cast<std::uintptr_t>(bytes.data()) % align ||
	    bytes.size() % align)
		throw Error(what + ": a host pointer import needs address and size aligned to " +
		                    std::to_string(align) + " bytes (minImportedHostPointerAlignment of " +
		                    device.name() + "), got " + std::to_string(bytes.size()) + " bytes",
		            EINVAL);
	std::string refused;
	for (HandleType type : {HandleType::eHostMappedForeignMemoryEXT,
	                        HandleType::eHostAllocationEXT}) {
		const auto ext = device.physical().getExternalBufferProperties(
		        vk::PhysicalDeviceExternalBufferInfo({}, usage, type));
		const auto features = ext.externalMemoryProperties.externalMemoryFeatures;
		if (!(features & vk::ExternalMemoryFeatureFlagBits::eImportable) ||
		    (features & vk::ExternalMemoryFeatureFlagBits::eDedicatedOnly)) {
			refused += " " + vk::to_string(type) + " (not importable for this usage)";
			continue;
		}
		try {
			auto host = device.get().getMemoryHostPointerPropertiesEXT(type, bytes.data());
			if (host.memoryTypeBits)
				return {type, host.memoryTypeBits};
			refused += " " + vk::to_string(type) + " (no memory type)";
		} catch (const vk::SystemError& e) {
			refused += " " + vk::to_string(type) + " (" + e.what() + ")";
		}
	}
	throw MissingCapability(what + ": " + device.name() +
	                        " imports the pointer as no host handle type:" + refused);
}

vk::raii::Buffer make_buffer(const Device& device, vk::DeviceSize size, vk::BufferUsageFlags usage,
                             HandleType type, const std::string& what)
{
	vk::StructureChain<vk::BufferCreateInfo, vk::ExternalMemoryBufferCreateInfo> info(
	        vk::BufferCreateInfo({}, size, usage, vk::SharingMode::eExclusive),
	        vk::ExternalMemoryBufferCreateInfo(type));
	return vk_call(what + ": vkCreateBuffer (external " + vk::to_string(type) + ")", [&] {
		return vk::raii::Buffer(device.get(), info.get<vk::BufferCreateInfo>());
	});
}

} // namespace

HostPointerBuffer::HostPointerBuffer(const Device& device, std::span<std::uint8_t> bytes,
                                     vk::BufferUsageFlags usage, const std::string& what)
    : type_(HandleType::eHostAllocationEXT), buffer_(nullptr), memory_(nullptr),
      size_(bytes.size())
{
	const Choice c = choose(device, bytes, usage, what);
	type_ = c.type;
	buffer_ = make_buffer(device, size_, usage, type_, what);
	const vk::MemoryRequirements req = buffer_.getMemoryRequirements();
	if (req.size > size_)
		throw MissingCapability(what + ": the buffer needs " + std::to_string(req.size) +
		                        " bytes of memory, the pointer covers " +
		                        std::to_string(size_));
	const std::uint32_t index =
	        device.memory_type(req.memoryTypeBits & c.memory_type_bits, {}, what);
	vk::StructureChain<vk::MemoryAllocateInfo, vk::ImportMemoryHostPointerInfoEXT> info(
	        vk::MemoryAllocateInfo(size_, index),
	        vk::ImportMemoryHostPointerInfoEXT(type_, bytes.data()));
	memory_ = vk_call(what + ": vkAllocateMemory (import of a host pointer)", [&] {
		return vk::raii::DeviceMemory(device.get(), info.get<vk::MemoryAllocateInfo>());
	});
	vk_call(what + ": vkBindBufferMemory", [&] { buffer_.bindMemory(*memory_, 0); });
}

} // namespace vfio_dmabuf::vulkan
