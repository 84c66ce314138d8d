// The compute shaders against the C++ reference, on ordinary host-visible
// buffers: checksum == pattern::checksum32, fill == pattern::fill, copy.
#include "vfio_dmabuf/testing/pattern.hpp"
#include "vfio_dmabuf/testing/vulkan/checksum_pass.hpp"
#include "vfio_dmabuf/testing/vulkan/copy_pass.hpp"
#include "vfio_dmabuf/testing/vulkan/fill_pass.hpp"
#include "vfio_dmabuf/testing/vulkan/host_buffer.hpp"
#include "vulkan_test_device.hpp"

#include <cstring>
#include <vector>

using namespace vfio_dmabuf;
using namespace vfio_dmabuf::vulkan;
using vfio_dmabuf::vulkan::test::VulkanTest;

namespace
{

constexpr auto usage = vk::BufferUsageFlagBits::eStorageBuffer |
                       vk::BufferUsageFlagBits::eTransferDst |
                       vk::BufferUsageFlagBits::eTransferSrc;

using ComputeTest = VulkanTest;

TEST_F(ComputeTest, ChecksumMatchesReference)
{
	HostBuffer buf(device(), 1 << 20, usage, "test buffer");
	pattern::fill(buf.bytes(), 0x1234, 0x300000);
	ChecksumPass pass(device());
	// Whole buffer, and an inner range at an aligned offset with a base
	// index beyond 32 bits (only its low bits matter).
	EXPECT_EQ(pass.run(buf.whole(), 0x300000 / 4),
	          pattern::checksum32(buf.bytes(), 0x300000 / 4));
	BufferRange inner{buf.buffer(), 4096, 12 * 4096 + 12, false};
	std::uint64_t base_word = (1ull << 34) + 1024 + 7;
	EXPECT_EQ(pass.run(inner, base_word),
	          pattern::checksum32(buf.bytes().subspan(4096, inner.size), base_word));
}

TEST_F(ComputeTest, ChecksumDetectsShiftAndSingleBitFlip)
{
	HostBuffer buf(device(), 64 * 1024, usage, "test buffer");
	pattern::fill(buf.bytes(), 99, 0);
	ChecksumPass pass(device());
	std::uint32_t good = pass.run(buf.whole(), 0);
	EXPECT_NE(pass.run(buf.whole(), 1), good) << "a range taken one word off must not match";
	buf.bytes()[40000] ^= 0x10;
	EXPECT_NE(pass.run(buf.whole(), 0), good);
	EXPECT_EQ(pass.run(buf.whole(), 0), pattern::checksum32(buf.bytes(), 0));
}

TEST_F(ComputeTest, ChecksumOfLargeBufferUsesEveryWord)
{
	// More words than groups * local size: the grid-stride loop.
	HostBuffer buf(device(), 16 << 20, usage, "large buffer");
	pattern::fill(buf.bytes(), 7, 0);
	EXPECT_EQ(ChecksumPass(device()).run(buf.whole(), 0), pattern::checksum32(buf.bytes(), 0));
}

TEST_F(ComputeTest, FillWritesTheProjectPattern)
{
	HostBuffer buf(device(), 2 << 20, usage, "test buffer");
	std::memset(buf.bytes().data(), 0, buf.size());
	FillPass pass(device());
	for (std::uint64_t base : {0ull, 4ull, 0x2000004ull, (1ull << 33) + 12}) {
		for (std::uint64_t seed : {1ull, 0xfedcba9876543210ull}) {
			pass.run(buf.whole(), seed, base);
			auto bad = pattern::first_mismatch(buf.bytes(), seed, base);
			EXPECT_FALSE(bad) << "seed " << seed << " base " << base
			                  << ": first bad offset " << *bad;
		}
	}
}

TEST_F(ComputeTest, FillTouchesOnlyItsRange)
{
	HostBuffer buf(device(), 64 * 1024, usage, "test buffer");
	std::memset(buf.bytes().data(), 0xa5, buf.size());
	BufferRange mid{buf.buffer(), 4096, 8192 + 4, false};
	FillPass(device()).run(mid, 5, 0x10000);
	EXPECT_FALSE(pattern::first_mismatch(buf.bytes().subspan(4096, mid.size), 5, 0x10000));
	for (std::size_t i = 0; i < buf.size(); i++) {
		if (i < 4096 || i >= 4096 + mid.size) {
			ASSERT_EQ(buf.bytes()[i], 0xa5)
			        << "byte " << i << " outside the range changed";
		}
	}
}

TEST_F(ComputeTest, CopyCopiesExactly)
{
	HostBuffer src(device(), 3 << 20, usage, "source");
	HostBuffer dst(device(), 3 << 20, usage, "destination");
	pattern::fill(src.bytes(), 11, 0x123000);
	std::memset(dst.bytes().data(), 0, dst.size());
	CopyPass(device()).run(src.whole(), dst.whole());
	EXPECT_EQ(std::memcmp(src.bytes().data(), dst.bytes().data(), src.size()), 0);
}

TEST_F(ComputeTest, PassesRejectBadRanges)
{
	HostBuffer buf(device(), 8192, usage, "test buffer");
	EXPECT_THROW(ChecksumPass(device()).run({buf.buffer(), 0, 4095, false}, 0), Error);
	EXPECT_THROW(FillPass(device()).run(buf.whole(), 1, 2), Error);
	EXPECT_THROW(CopyPass(device()).run({buf.buffer(), 0, 4096, false},
	                                    {buf.buffer(), 2048, 4096, false}),
	             Error);
	// Descriptor offsets below the device's alignment are refused, not
	// passed on to the driver.
	auto align = device().properties().limits.minStorageBufferOffsetAlignment;
	if (align > 4) {
		EXPECT_THROW(ChecksumPass(device()).run({buf.buffer(), 4, 4096, false}, 0), Error);
	}
}

} // namespace
