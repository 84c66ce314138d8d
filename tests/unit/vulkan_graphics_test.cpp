// The graphics passes on the host, with linear host-visible images standing
// in for imported ones: sampling returns the image's bytes, rendering the
// pattern puts pattern(seed) at each texel's linear offset.
#include "vfio_dmabuf/testing/pattern.hpp"
#include "vfio_dmabuf/testing/vulkan/pattern_render_pass.hpp"
#include "vfio_dmabuf/testing/vulkan/sample_pass.hpp"
#include "vulkan_test_device.hpp"

#include <cstring>

using namespace vfio_dmabuf;
using namespace vfio_dmabuf::vulkan;
using vfio_dmabuf::vulkan::test::VulkanTest;

namespace
{

// A LINEAR image in host-visible memory, mapped, in PREINITIALIZED layout.
class LinearHostImage
{
public:
	LinearHostImage(const Device& device, vk::Format format, vk::Extent2D extent,
	                vk::ImageUsageFlags usage)
	    : format_(format), extent_(extent)
	{
		const auto& dev = device.get();
		image_ =
		        vk::raii::Image(dev, vk::ImageCreateInfo({}, vk::ImageType::e2D, format,
		                                                 vk::Extent3D(extent, 1), 1, 1,
		                                                 vk::SampleCountFlagBits::e1,
		                                                 vk::ImageTiling::eLinear, usage,
		                                                 vk::SharingMode::eExclusive, {},
		                                                 vk::ImageLayout::ePreinitialized));
		auto req = image_.getMemoryRequirements();
		auto type = device.memory_type(req.memoryTypeBits,
		                               vk::MemoryPropertyFlagBits::eHostVisible |
		                                       vk::MemoryPropertyFlagBits::eHostCoherent,
		                               "linear test image");
		memory_ = vk::raii::DeviceMemory(dev, vk::MemoryAllocateInfo(req.size, type));
		image_.bindMemory(*memory_, 0);
		view_ = vk::raii::ImageView(
		        dev,
		        vk::ImageViewCreateInfo({}, *image_, vk::ImageViewType::e2D, format, {},
		                                {vk::ImageAspectFlagBits::eColor, 0, 1, 0, 1}));
		layout_ = image_.getSubresourceLayout({vk::ImageAspectFlagBits::eColor, 0, 0});
		data_ = static_cast<std::uint8_t*>(memory_.mapMemory(0, VK_WHOLE_SIZE));
	}

	ImageRef ref() const
	{
		return {*image_,
		        *view_,
		        format_,
		        extent_,
		        false,
		        nullptr,
		        vk::ImageLayout::ePreinitialized};
	}
	std::span<std::uint8_t> row(std::uint32_t y) const
	{
		return {data_ + layout_.offset + y * layout_.rowPitch,
		        std::size_t(extent_.width) * 4};
	}
	vk::DeviceSize pitch() const { return layout_.rowPitch; }

private:
	vk::Format format_;
	vk::Extent2D extent_;
	vk::raii::DeviceMemory memory_{nullptr};
	vk::raii::Image image_{nullptr};
	vk::raii::ImageView view_{nullptr};
	vk::SubresourceLayout layout_;
	std::uint8_t* data_ = nullptr;
};

using GraphicsTest = VulkanTest;

TEST_F(GraphicsTest, SamplePassReturnsEveryTexel)
{
	const vk::Extent2D extent{96, 40};
	LinearHostImage src(device(), vk::Format::eR8G8B8A8Unorm, extent,
	                    vk::ImageUsageFlagBits::eSampled);
	for (std::uint32_t y = 0; y < extent.height; y++)
		pattern::fill(src.row(y), 21, y * src.pitch());
	SamplePass pass(device(), vk::Format::eR8G8B8A8Unorm, extent);
	auto out = pass.run(src.ref());
	ASSERT_EQ(out.size(), std::size_t(extent.width) * extent.height * 4);
	for (std::uint32_t y = 0; y < extent.height; y++) {
		auto bad = pattern::first_mismatch(
		        out.subspan(y * extent.width * 4, extent.width * 4), 21, y * src.pitch());
		ASSERT_FALSE(bad) << "row " << y << ": first bad pattern offset " << *bad;
	}
}

TEST_F(GraphicsTest, SamplePassRefusesAnotherSize)
{
	LinearHostImage src(device(), vk::Format::eR8G8B8A8Unorm, {8, 8},
	                    vk::ImageUsageFlagBits::eSampled);
	SamplePass pass(device(), vk::Format::eR8G8B8A8Unorm, {16, 8});
	EXPECT_THROW(pass.run(src.ref()), Error);
}

TEST_F(GraphicsTest, PatternRenderPassWritesLinearOffsets)
{
	const vk::Extent2D extent{200, 24};
	LinearHostImage dst(device(), vk::Format::eR32Uint, extent,
	                    vk::ImageUsageFlagBits::eColorAttachment);
	for (std::uint32_t y = 0; y < extent.height; y++)
		std::memset(dst.row(y).data(), 0, dst.row(y).size());
	const std::uint64_t base = (1ull << 32) + 0x4000, seed = 0x5eed;
	PatternRenderPass pass(device(), vk::Format::eR32Uint);
	pass.run(dst.ref(), seed, base, static_cast<std::uint32_t>(dst.pitch()));
	for (std::uint32_t y = 0; y < extent.height; y++) {
		auto bad = pattern::first_mismatch(dst.row(y), seed, base + y * dst.pitch());
		ASSERT_FALSE(bad) << "row " << y << ": first bad pattern offset " << *bad;
	}
}

} // namespace
