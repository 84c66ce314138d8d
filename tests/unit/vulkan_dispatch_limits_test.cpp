// Ranges larger than the device's maxStorageBufferRange: the passes split
// them into dispatches that respect the limits, and give the same result as
// the C++ reference.  The host's lavapipe has large limits, so the tests make
// it look smaller (the passes' test-only DispatchLimits).
#include "vfio_dmabuf/error.hpp"
#include "vfio_dmabuf/testing/pattern.hpp"
#include "vfio_dmabuf/testing/vulkan/checksum_pass.hpp"
#include "vfio_dmabuf/testing/vulkan/copy_pass.hpp"
#include "vfio_dmabuf/testing/vulkan/dispatch_limits.hpp"
#include "vfio_dmabuf/testing/vulkan/fill_pass.hpp"
#include "vfio_dmabuf/testing/vulkan/host_buffer.hpp"
#include "vulkan_test_device.hpp"

#include <cstring>

using namespace vfio_dmabuf;
using namespace vfio_dmabuf::vulkan;
using vfio_dmabuf::vulkan::test::VulkanTest;

namespace
{

constexpr auto usage = vk::BufferUsageFlagBits::eStorageBuffer |
                       vk::BufferUsageFlagBits::eTransferDst |
                       vk::BufferUsageFlagBits::eTransferSrc;

// Not a multiple of the alignment, and few groups: every limit matters.
constexpr DispatchLimits small{100'000, 256, 3};

TEST(DispatchLimits, ChunksAreAlignedAndCoverTheRange)
{
	EXPECT_EQ(small.chunk_bytes(), 99'840u); // 390 * 256
	auto chunks = split_range(250'004, small);
	ASSERT_EQ(chunks.size(), 3u);
	EXPECT_EQ(chunks[0].offset, 0u);
	EXPECT_EQ(chunks[1].offset, 99'840u);
	EXPECT_EQ(chunks[2].offset, 199'680u);
	EXPECT_EQ(chunks[2].size, 250'004u - 199'680u);
	EXPECT_TRUE(split_range(0, small).empty());
	EXPECT_EQ(split_range(99'840, small).size(), 1u);
	// A 4 GiB - 1 limit with 4-byte alignment (a GPU's): words fit.
	DispatchLimits gpu{0xffffffffu, 1, 65535};
	EXPECT_EQ(gpu.chunk_bytes(), 0xfffffffcu);
	EXPECT_EQ(split_range(1ull << 33, gpu).size(), 3u);
}

TEST(DispatchLimits, TighterNeverLoosensAndNothingFittingThrows)
{
	DispatchLimits device{1u << 27, 64, 65535};
	DispatchLimits t = device.tighter({1u << 30, 16, 3});
	EXPECT_EQ(t.max_storage_range, 1u << 27);
	EXPECT_EQ(t.offset_alignment, 64u);
	EXPECT_EQ(t.max_group_count_x, 3u);
	EXPECT_THROW((DispatchLimits{100, 256, 1}.chunk_bytes()), Error);
}

using DispatchLimitsTest = VulkanTest;

TEST_F(DispatchLimitsTest, ChecksumOverManyChunksMatchesReference)
{
	HostBuffer buf(device(), 1 << 20, usage, "test buffer");
	pattern::fill(buf.bytes(), 0x5eed, 0x400000);
	ChecksumPass pass(device(), small);
	EXPECT_EQ(pass.run(buf.whole(), 0x400000 / 4),
	          pattern::checksum32(buf.bytes(), 0x400000 / 4));
	EXPECT_EQ(pass.dispatches(), (std::size_t{1 << 20} + 99'839) / 99'840);
	// An inner range at an aligned offset, not a multiple of the chunk, with
	// a base index beyond 32 bits.
	BufferRange inner{buf.buffer(), 4096, 300'000, false};
	std::uint64_t base_word = (1ull << 34) + 7;
	EXPECT_EQ(pass.run(inner, base_word),
	          pattern::checksum32(buf.bytes().subspan(4096, inner.size), base_word));
	EXPECT_EQ(pass.dispatches(), 4u);
}

TEST_F(DispatchLimitsTest, FillOverManyChunksWritesThePatternAndNothingElse)
{
	HostBuffer buf(device(), 1 << 20, usage, "test buffer");
	std::memset(buf.bytes().data(), 0xa5, buf.size());
	FillPass pass(device(), small);
	BufferRange mid{buf.buffer(), 8192, 500'004, false};
	std::uint64_t base = (1ull << 33) + 12;
	pass.run(mid, 0xfedcba9876543210ull, base);
	EXPECT_EQ(pass.dispatches(), 6u);
	auto bytes = buf.bytes();
	auto bad =
	        pattern::first_mismatch(bytes.subspan(8192, mid.size), 0xfedcba9876543210ull, base);
	EXPECT_FALSE(bad) << "first bad offset " << *bad;
	for (std::size_t i :
	     {std::size_t{0}, std::size_t{8191}, std::size_t{8192 + 500'004}, bytes.size() - 1})
		EXPECT_EQ(bytes[i], 0xa5) << "byte " << i << " outside the range";
}

TEST_F(DispatchLimitsTest, CopyOverManyChunksCopiesEveryWord)
{
	HostBuffer src(device(), 1 << 20, usage, "source");
	HostBuffer dst(device(), 1 << 20, usage, "destination");
	pattern::fill(src.bytes(), 3, 0);
	std::memset(dst.bytes().data(), 0, dst.size());
	CopyPass pass(device(), small);
	pass.run(src.whole(), dst.whole());
	EXPECT_GT(pass.dispatches(), 10u);
	EXPECT_EQ(std::memcmp(src.bytes().data(), dst.bytes().data(), src.size()), 0);
}

TEST_F(DispatchLimitsTest, UnalignedOffsetIsRefusedUnderTheTighterAlignment)
{
	HostBuffer buf(device(), 1 << 16, usage, "test buffer");
	EXPECT_THROW(ChecksumPass(device(), small).run({buf.buffer(), 128, 4096, false}, 0), Error);
}

} // namespace
