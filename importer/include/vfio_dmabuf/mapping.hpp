// An owning mmap(2) of a file range: unmapped exactly once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <sys/types.h>
#include <utility>

namespace vfio_dmabuf
{

class Mapping
{
public:
	Mapping() noexcept = default;
	// Maps `length` bytes of `fd` at `offset`, shared; throws Error
	// mentioning `what` (e.g. "BAR2 of 0000:01:00.0") on failure.
	Mapping(int fd, off_t offset, std::size_t length, int prot, const std::string& what);
	Mapping(Mapping&& other) noexcept
	    : addr_(std::exchange(other.addr_, nullptr)), length_(std::exchange(other.length_, 0))
	{
	}
	Mapping& operator=(Mapping&& other) noexcept;
	Mapping(const Mapping&) = delete;
	Mapping& operator=(const Mapping&) = delete;
	~Mapping() { reset(); }

	std::uint8_t* data() const noexcept { return static_cast<std::uint8_t*>(addr_); }
	std::size_t size() const noexcept { return length_; }
	std::span<std::uint8_t> bytes() const noexcept { return {data(), length_}; }
	void reset() noexcept;

private:
	void* addr_ = nullptr;
	std::size_t length_ = 0;
};

} // namespace vfio_dmabuf
