#include "vfio_dmabuf/testing/pattern.hpp"

#include <gtest/gtest.h>
#include <vector>

using namespace vfio_dmabuf;

TEST(Pattern, FillMatchesByteAtForUnalignedRanges)
{
	for (std::uint64_t base : {0ull, 1ull, 7ull, 8ull, 4093ull}) {
		std::vector<std::uint8_t> buf(37);
		pattern::fill(buf, 42, base);
		for (std::size_t i = 0; i < buf.size(); i++)
			ASSERT_EQ(buf[i], pattern::byte_at(42, base + i))
			        << "base " << base << " i " << i;
	}
}

TEST(Pattern, DependsOnSeedAndPosition)
{
	std::vector<std::uint8_t> a(4096), b(4096), c(4096);
	pattern::fill(a, 1, 0);
	pattern::fill(b, 2, 0);
	pattern::fill(c, 1, 4096);
	EXPECT_NE(a, b);
	EXPECT_NE(a, c);
}

TEST(Pattern, FirstMismatchFindsTheChangedByte)
{
	std::vector<std::uint8_t> buf(10000);
	pattern::fill(buf, 7, 100);
	EXPECT_FALSE(pattern::first_mismatch(buf, 7, 100).has_value());
	buf[9000] ^= 1;
	auto bad = pattern::first_mismatch(buf, 7, 100);
	ASSERT_TRUE(bad.has_value());
	EXPECT_EQ(*bad, 9100u);
}

TEST(Pattern, ShiftedDataDoesNotMatch)
{
	std::vector<std::uint8_t> buf(8192);
	pattern::fill(buf, 3, 4096);
	EXPECT_TRUE(pattern::first_mismatch(buf, 3, 0).has_value());
}

TEST(Pattern, ChecksumIsPositionDependent)
{
	std::vector<std::uint8_t> buf(1024);
	pattern::fill(buf, 5, 0);
	std::uint32_t sum = pattern::checksum32(buf, 0);
	EXPECT_NE(sum, pattern::checksum32(buf, 1));
	std::swap(buf[0], buf[4]);
	EXPECT_NE(sum, pattern::checksum32(buf, 0));
}

TEST(Pattern, ChecksumOfKnownWords)
{
	// words 1, 2 at word index 0, 1: 1*1 + 2*3 = 7
	std::vector<std::uint8_t> buf = {1, 0, 0, 0, 2, 0, 0, 0};
	EXPECT_EQ(pattern::checksum32(buf, 0), 7u);
	// at word index 10, 11: 1*21 + 2*23 = 67
	EXPECT_EQ(pattern::checksum32(buf, 10), 67u);
}
