// A whole file mapped shared (the host side of the BAR: the file QEMU backs
// ivshmem's BAR2 with).  Unmapped and closed by the destructor.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace vk_demo
{

class FileMapping
{
public:
	// Maps all of `path`, read-write when `writable`.  Throws
	// std::runtime_error naming the file, the call and errno.
	FileMapping(const std::string& path, bool writable);
	FileMapping(const FileMapping&) = delete;
	FileMapping& operator=(const FileMapping&) = delete;
	~FileMapping();

	std::uint8_t* data() const noexcept { return data_; }
	std::size_t size() const noexcept { return size_; }
	const std::string& path() const noexcept { return path_; }

private:
	std::string path_;
	std::uint8_t* data_ = nullptr;
	std::size_t size_ = 0;
};

// "open /dev/shm/x: No such file or directory (ENOENT)"-style text for errno.
std::string errno_text(const std::string& what, int err);

} // namespace vk_demo
