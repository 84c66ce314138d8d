// The fuzzer's random source: xoshiro256** seeded through splitmix64, so a
// run is a pure function of its seed (printed at the start: rerun with
// --seed to reproduce it call by call).  Helpers bias numbers towards the
// edges where uAPI checks live: 0, 1, page boundaries, the BAR end, 2^32,
// 2^63 and 2^64 - 1.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>

namespace vfio_dmabuf::fuzz
{

class Rng
{
public:
	explicit Rng(std::uint64_t seed) noexcept
	{
		for (auto& s : s_) {
			seed += 0x9e3779b97f4a7c15ull;
			std::uint64_t z = seed;
			z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
			z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
			s = z ^ (z >> 31);
		}
	}

	std::uint64_t next() noexcept
	{
		const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
		const std::uint64_t t = s_[1] << 17;
		s_[2] ^= s_[0];
		s_[3] ^= s_[1];
		s_[1] ^= s_[2];
		s_[0] ^= s_[3];
		s_[2] ^= t;
		s_[3] = rotl(s_[3], 45);
		return result;
	}

	// Uniform in [0, n); n > 0.
	std::uint64_t below(std::uint64_t n) noexcept { return next() % n; }
	// True with probability percent / 100.
	bool percent(unsigned p) noexcept { return below(100) < p; }

	template <typename T>
	T pick(std::initializer_list<T> values) noexcept
	{
		return values.begin()[below(values.size())];
	}

	// A number near an edge of [0, limit] that matters for a range of a BAR
	// of `limit` bytes with pages of `page` bytes: 0, page multiples, the
	// limit itself, just past it, unaligned neighbours, and the wrap-around
	// edges of 64 bits; uniform now and then.
	std::uint64_t edge(std::uint64_t limit, std::uint64_t page) noexcept
	{
		switch (below(12)) {
		case 0: return 0;
		case 1: return page;
		case 2: return page * below(limit / page + 2);
		case 3: return limit;
		case 4: return limit - page;
		case 5: return limit + page;
		case 6: return page * below(limit / page + 1) + pick<std::uint64_t>({1, page - 1});
		case 7: return UINT64_MAX - page * below(3) - pick<std::uint64_t>({0, page - 1});
		case 8: return 1ull << pick<unsigned>({31, 32, 47, 48, 63});
		case 9: return limit / 2;
		case 10: return next();
		default: return page * below(16);
		}
	}

private:
	static std::uint64_t rotl(std::uint64_t x, int k) noexcept
	{
		return (x << k) | (x >> (64 - k));
	}
	std::array<std::uint64_t, 4> s_{};
};

} // namespace vfio_dmabuf::fuzz
