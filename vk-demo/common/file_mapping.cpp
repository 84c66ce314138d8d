#include "file_mapping.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace vk_demo
{

std::string errno_text(const std::string& what, int err)
{
	const char* name = strerrorname_np(err);
	return what + ": " + std::strerror(err) + " (" +
	       (name ? std::string(name) : "errno " + std::to_string(err)) + ")";
}

FileMapping::FileMapping(const std::string& path, bool writable) : path_(path)
{
	const int fd = ::open(path.c_str(), (writable ? O_RDWR : O_RDONLY) | O_CLOEXEC);
	if (fd < 0)
		throw std::runtime_error(errno_text("open " + path, errno));
	struct stat st {
	};
	if (::fstat(fd, &st) != 0) {
		const int err = errno;
		::close(fd);
		throw std::runtime_error(errno_text("fstat " + path, err));
	}
	size_ = std::size_t(st.st_size);
	if (size_ == 0) {
		::close(fd);
		throw std::runtime_error(path + " is empty");
	}
	void* p =
	        ::mmap(nullptr, size_, PROT_READ | (writable ? PROT_WRITE : 0), MAP_SHARED, fd, 0);
	const int err = errno;
	::close(fd);
	if (p == MAP_FAILED)
		throw std::runtime_error(errno_text("mmap " + path, err));
	data_ = static_cast<std::uint8_t*>(p);
}

FileMapping::~FileMapping()
{
	if (data_)
		::munmap(data_, size_);
}

} // namespace vk_demo
