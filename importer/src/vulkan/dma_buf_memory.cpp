#include "vfio_dmabuf/vulkan/dma_buf_memory.hpp"

#include "borrowed.hpp"
#include "vfio_dmabuf/vulkan/vk_error.hpp"

#include <cstdio>
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <utility>

namespace vfio_dmabuf::vulkan
{
namespace
{

constexpr auto dma_buf_handle = vk::ExternalMemoryHandleTypeFlagBits::eDmaBufEXT;

std::string hex(std::uint64_t v)
{
	char buf[24];
	std::snprintf(buf, sizeof(buf), "0x%llx", static_cast<unsigned long long>(v));
	return buf;
}

struct FileId {
	dev_t dev;
	ino_t ino;
};

FileId file_id(int fd, const std::string& what)
{
	struct stat st {
	};
	if (::fstat(fd, &st) < 0)
		throw_errno(what + ": fstat");
	return {st.st_dev, st.st_ino};
}

// After a failed import: does `fd` still refer to the file `id`, i.e. did
// the driver leave it to us as the spec says?
bool still_ours(int fd, FileId id)
{
	struct stat st {
	};
	return ::fcntl(fd, F_GETFD) >= 0 && ::fstat(fd, &st) == 0 && st.st_dev == id.dev &&
	       st.st_ino == id.ino;
}

// Whether `fd` is a dma-buf: a file of the kernel's dma-buf pseudo file
// system.  Asking the driver about any other fd breaks a valid-usage rule
// of vkGetMemoryFdPropertiesKHR (fd must be a dma-buf), which drivers need
// not catch (lavapipe does not look at the fd).
void require_dma_buf(int fd, const std::string& what)
{
	struct statfs fs {
	};
	if (::fstatfs(fd, &fs) < 0)
		throw_errno(what + ": fstatfs of fd " + std::to_string(fd));
	if (static_cast<unsigned long>(fs.f_type) != DMA_BUF_MAGIC)
		throw Error(what + ": fd " + std::to_string(fd) +
		                    " is not a dma-buf (a file of file system type " +
		                    hex(static_cast<unsigned long>(fs.f_type)) +
		                    ", not DMA_BUF_MAGIC)",
		            EINVAL);
}

// The first memory type in `bits` (any properties do for an import).
std::uint32_t first_type(std::uint32_t bits)
{
	for (std::uint32_t i = 0; i < 32; i++)
		if (bits & (1u << i))
			return i;
	return 0;
}

} // namespace

ImportedMemory::ImportedMemory() noexcept = default;

ImportedMemory::ImportedMemory(const Target& target, vk::DeviceMemory memory, vk::DeviceSize size,
                               std::uint32_t type) noexcept
    : device_(target.device), memory_(memory), size_(size), type_(type)
{
	try {
		free_ = detail::device_fn<PFN_vkFreeMemory>(target, "vkFreeMemory");
	} catch (...) {
		free_ = &vkFreeMemory; // core: the loader's trampoline
	}
}

ImportedMemory::ImportedMemory(ImportedMemory&& o) noexcept
    : device_(std::exchange(o.device_, VK_NULL_HANDLE)), free_(std::exchange(o.free_, nullptr)),
      memory_(std::exchange(o.memory_, {})), size_(o.size_), type_(o.type_)
{
}

ImportedMemory& ImportedMemory::operator=(ImportedMemory&& o) noexcept
{
	if (this != &o) {
		reset();
		device_ = std::exchange(o.device_, VK_NULL_HANDLE);
		free_ = std::exchange(o.free_, nullptr);
		memory_ = std::exchange(o.memory_, {});
		size_ = o.size_;
		type_ = o.type_;
	}
	return *this;
}

ImportedMemory::~ImportedMemory()
{
	reset();
}

void ImportedMemory::reset() noexcept
{
	if (memory_ && free_)
		free_(device_, static_cast<VkDeviceMemory>(memory_), nullptr);
	memory_ = nullptr;
}

ImportedMemory import_memory(const Target& target, const DmaBuf& buf,
                             const vk::MemoryRequirements& requirements, DedicatedTo dedicated,
                             const std::string& what)
{
	require_dma_buf(buf.fd(), what);
	const std::uint64_t size = buf.size();
	if (size == 0)
		throw Error(what + ": the dma-buf is empty", EINVAL);
	if (requirements.size > size)
		throw Error(what + ": the driver needs " + hex(requirements.size) +
		                    " bytes of memory (alignment " + hex(requirements.alignment) +
		                    "), the dma-buf has " + hex(size),
		            EINVAL);

	// The driver's verdict on the fd: which memory types can hold it.  A
	// driver that cannot use this memory at all (no peer-to-peer path to
	// the BAR, an exporter it does not accept) says
	// VK_ERROR_INVALID_EXTERNAL_HANDLE here: a refusal, not a failure.
	// Some drivers (lavapipe) do not look at the fd: the import then is
	// the real check.
	auto get_props = detail::device_fn<PFN_vkGetMemoryFdPropertiesKHR>(
	        target, "vkGetMemoryFdPropertiesKHR");
	vk::MemoryFdPropertiesKHR props;
	VkResult r = get_props(target.device,
	                       static_cast<VkExternalMemoryHandleTypeFlagBits>(dma_buf_handle),
	                       buf.fd(), reinterpret_cast<VkMemoryFdPropertiesKHR*>(&props));
	if (r == VK_ERROR_INVALID_EXTERNAL_HANDLE)
		throw MissingCapability(
		        what + ": the Vulkan driver refuses this dma-buf "
		               "(vkGetMemoryFdPropertiesKHR: "
		               "VK_ERROR_INVALID_EXTERNAL_HANDLE; it cannot reach the "
		               "memory, e.g. no peer-to-peer path to the BAR)",
		        vk::Result::eErrorInvalidExternalHandle);
	check_vk(what + ": vkGetMemoryFdPropertiesKHR", r);
	std::uint32_t types = props.memoryTypeBits & requirements.memoryTypeBits;
	if (types == 0)
		throw MissingCapability(what + ": no memory type can hold it (the dma-buf allows " +
		                        hex(props.memoryTypeBits) + ", the resource needs " +
		                        hex(requirements.memoryTypeBits) + ")");
	return import_memory_unchecked(target, buf, requirements.size, first_type(types), dedicated,
	                               what + " (dma-buf of " + hex(size) + " bytes)");
}

ImportedMemory import_memory_unchecked(const Target& target, const DmaBuf& buf,
                                       vk::DeviceSize allocation_size, std::uint32_t memory_type,
                                       DedicatedTo dedicated, const std::string& what)
{
	UniqueFd fd = buf.dup();
	const FileId id = file_id(fd.get(), what);
	vk::StructureChain<vk::MemoryAllocateInfo, vk::ImportMemoryFdInfoKHR,
	                   vk::MemoryDedicatedAllocateInfo>
	        chain(vk::MemoryAllocateInfo(allocation_size, memory_type),
	              vk::ImportMemoryFdInfoKHR(dma_buf_handle, fd.get()),
	              vk::MemoryDedicatedAllocateInfo(dedicated.image, dedicated.buffer));
	if (!dedicated.image && !dedicated.buffer)
		chain.unlink<vk::MemoryDedicatedAllocateInfo>();
	auto allocate = detail::device_fn<PFN_vkAllocateMemory>(target, "vkAllocateMemory");
	VkDeviceMemory memory = VK_NULL_HANDLE;
	VkResult r = allocate(
	        target.device,
	        reinterpret_cast<const VkMemoryAllocateInfo*>(&chain.get<vk::MemoryAllocateInfo>()),
	        nullptr, &memory);
	if (r == VK_SUCCESS) {
		fd.release(); // Vulkan owns it now
		return ImportedMemory(target, memory, allocation_size, memory_type);
	}
	if (!still_ours(fd.get(), id))
		fd.release(); // the driver closed it (lavapipe does): no double close
	const std::string call = what + ": vkAllocateMemory importing the dma-buf (" +
	                         hex(allocation_size) + " bytes, memory type " +
	                         std::to_string(memory_type) + ")";
	if (r == VK_ERROR_INVALID_EXTERNAL_HANDLE)
		throw MissingCapability(call + ": VK_ERROR_INVALID_EXTERNAL_HANDLE (the driver "
		                               "cannot import this dma-buf)",
		                        vk::Result::eErrorInvalidExternalHandle);
	throw_vk(call, static_cast<vk::Result>(r));
}

} // namespace vfio_dmabuf::vulkan
