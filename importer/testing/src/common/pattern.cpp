#include "vfio_dmabuf/testing/pattern.hpp"

#include <algorithm>
#include <cstring>

namespace vfio_dmabuf::pattern
{
namespace
{

// splitmix64 finaliser: every bit of the input affects every output bit.
std::uint64_t mix(std::uint64_t x) noexcept
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

// The 8 pattern bytes of the 8-byte aligned word holding offset `word * 8`.
std::uint64_t word_at(std::uint64_t seed, std::uint64_t word) noexcept
{
	return mix(seed ^ mix(word));
}

} // namespace

std::uint8_t byte_at(std::uint64_t seed, std::uint64_t offset) noexcept
{
	return static_cast<std::uint8_t>(word_at(seed, offset / 8) >> (8 * (offset % 8)));
}

void fill(std::span<std::uint8_t> out, std::uint64_t seed, std::uint64_t base) noexcept
{
	std::size_t i = 0;
	for (; i < out.size() && (base + i) % 8; i++)
		out[i] = byte_at(seed, base + i);
	for (; i + 8 <= out.size(); i += 8) {
		std::uint64_t w = word_at(seed, (base + i) / 8);
		for (int b = 0; b < 8; b++)
			out[i + b] = static_cast<std::uint8_t>(w >> (8 * b));
	}
	for (; i < out.size(); i++)
		out[i] = byte_at(seed, base + i);
}

std::optional<std::uint64_t> first_mismatch(std::span<const std::uint8_t> in, std::uint64_t seed,
                                            std::uint64_t base) noexcept
{
	std::uint8_t chunk[4096];
	for (std::size_t done = 0; done < in.size();) {
		std::size_t n = std::min(sizeof(chunk), in.size() - done);
		fill({chunk, n}, seed, base + done);
		if (std::memcmp(chunk, in.data() + done, n) != 0) {
			for (std::size_t i = 0; i < n; i++)
				if (chunk[i] != in[done + i])
					return base + done + i;
		}
		done += n;
	}
	return std::nullopt;
}

std::uint32_t checksum32(std::span<const std::uint8_t> in, std::uint64_t base_word) noexcept
{
	std::uint32_t sum = 0;
	for (std::size_t i = 0; i + 4 <= in.size(); i += 4) {
		std::uint32_t w = std::uint32_t(in[i]) | std::uint32_t(in[i + 1]) << 8 |
		                  std::uint32_t(in[i + 2]) << 16 | std::uint32_t(in[i + 3]) << 24;
		std::uint32_t k = static_cast<std::uint32_t>(2 * (base_word + i / 4) + 1);
		sum += w * k;
	}
	return sum;
}

} // namespace vfio_dmabuf::pattern
