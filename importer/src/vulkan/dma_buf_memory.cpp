#include "vfio_dmabuf/vulkan/dma_buf_memory.hpp"

#include "vfio_dmabuf/vulkan/vk_error.hpp"

#include <cstdio>
#include <fcntl.h>
#include <sys/stat.h>

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

} // namespace

vk::raii::DeviceMemory import_dma_buf_memory(const Device& device, const DmaBuf& buf,
                                             const vk::MemoryRequirements& requirements,
                                             DedicatedTo dedicated, const std::string& what)
{
	const std::uint64_t size = buf.size();
	if (size == 0)
		throw Error(what + ": the dma-buf is empty", EINVAL);
	if (requirements.size > size)
		throw Error(what + ": the driver needs " + hex(requirements.size) +
		                    " bytes of memory (alignment " + hex(requirements.alignment) +
		                    "), the dma-buf has " + hex(size),
		            EINVAL);

	// vkGetMemoryFdPropertiesKHR may not look at the fd at all (lavapipe
	// does not): it only narrows the memory types.
	auto fd_props = vk_call(what + ": vkGetMemoryFdPropertiesKHR", [&] {
		return device.get().getMemoryFdPropertiesKHR(dma_buf_handle, buf.fd());
	});
	std::uint32_t types = fd_props.memoryTypeBits & requirements.memoryTypeBits;
	if (types == 0)
		throw Error(what + ": no memory type can hold it (dma-buf allows " +
		                    hex(fd_props.memoryTypeBits) + ", the resource needs " +
		                    hex(requirements.memoryTypeBits) + ")",
		            EINVAL);
	std::uint32_t type = device.memory_type(types, {}, what);

	return import_dma_buf_fd(device, buf, requirements.size, type, dedicated,
	                         what + " (dma-buf of " + hex(size) + " bytes)");
}

vk::raii::DeviceMemory import_dma_buf_fd(const Device& device, const DmaBuf& buf,
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
	try {
		vk::raii::DeviceMemory memory(device.get(), chain.get<vk::MemoryAllocateInfo>());
		fd.release(); // Vulkan owns it now
		return memory;
	} catch (const vk::SystemError& e) {
		if (!still_ours(fd.get(), id))
			fd.release(); // the driver closed it (lavapipe does): no double close
		throw_vk(what + ": vkAllocateMemory importing the dma-buf (" +
		                 hex(allocation_size) + " bytes, memory type " +
		                 std::to_string(memory_type) + ")",
		         static_cast<vk::Result>(e.code().value()));
	}
}

} // namespace vfio_dmabuf::vulkan
