#include "vfio_dmabuf/mapping.hpp"

#include "vfio_dmabuf/error.hpp"

#include <sys/mman.h>

namespace vfio_dmabuf
{

Mapping::Mapping(int fd, off_t offset, std::size_t length, int prot, const std::string& what)
{
	void* addr = ::mmap(nullptr, length, prot, MAP_SHARED, fd, offset);
	if (addr == MAP_FAILED)
		throw_errno("mmap of " + what + " (" + std::to_string(length) +
		            " bytes at offset " + std::to_string(offset) + ")");
	addr_ = addr;
	length_ = length;
}

Mapping& Mapping::operator=(Mapping&& other) noexcept
{
	if (this != &other) {
		reset();
		addr_ = std::exchange(other.addr_, nullptr);
		length_ = std::exchange(other.length_, 0);
	}
	return *this;
}

void Mapping::reset() noexcept
{
	if (addr_)
		::munmap(addr_, length_);
	addr_ = nullptr;
	length_ = 0;
}

} // namespace vfio_dmabuf
