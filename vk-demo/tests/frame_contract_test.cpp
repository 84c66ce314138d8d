// The frame contract is an interface a device's firmware implements: its
// byte layout, the header checks, the seqlock rule and the test card's
// formula are pinned here (CTest label "unit").
#include "common/font.hpp"
#include "common/frame_contract.hpp"
#include "common/frame_layout.hpp"
#include "common/live_header.hpp"
#include "common/png_io.hpp"
#include "common/screen_layout.hpp"
#include "common/test_card.hpp"
#include "common/text_reader.hpp"

#include <cstddef>
#include <cstring>
#include <drm_fourcc.h>
#include <filesystem>
#include <gtest/gtest.h>
#include <set>
#include <unistd.h>
#include <vector>

using namespace vk_demo;
using namespace vk_demo::contract;

TEST(FrameContract, HeaderLayoutIsPinned)
{
	EXPECT_EQ(sizeof(FrameHeader), 320u);
	EXPECT_EQ(offsetof(FrameHeader, magic), 0x00u);
	EXPECT_EQ(offsetof(FrameHeader, version), 0x04u);
	EXPECT_EQ(offsetof(FrameHeader, header_size), 0x08u);
	EXPECT_EQ(offsetof(FrameHeader, width), 0x0cu);
	EXPECT_EQ(offsetof(FrameHeader, height), 0x10u);
	EXPECT_EQ(offsetof(FrameHeader, stride), 0x14u);
	EXPECT_EQ(offsetof(FrameHeader, fourcc), 0x18u);
	EXPECT_EQ(offsetof(FrameHeader, slot_count), 0x1cu);
	EXPECT_EQ(offsetof(FrameHeader, latest_slot), 0x20u);
	EXPECT_EQ(offsetof(FrameHeader, consumer_slot), 0x24u);
	EXPECT_EQ(offsetof(FrameHeader, frame_counter), 0x28u);
	EXPECT_EQ(offsetof(FrameHeader, frame_period_ns), 0x30u);
	EXPECT_EQ(offsetof(FrameHeader, slots), 0x40u);
	EXPECT_EQ(sizeof(SlotDescriptor), 32u);
	EXPECT_EQ(offsetof(SlotDescriptor, offset), 0x00u);
	EXPECT_EQ(offsetof(SlotDescriptor, sequence), 0x08u);
	EXPECT_EQ(offsetof(SlotDescriptor, flags), 0x0cu);
	EXPECT_EQ(offsetof(SlotDescriptor, frame), 0x10u);
	EXPECT_EQ(max_slots, 8u);
	EXPECT_EQ(page_size, 4096u);
}

TEST(FrameContract, FieldsAreLittleEndianInMemory)
{
	FrameHeader h = make_header({640, 480, 2816, fourcc_xrgb8888, 3, 1});
	h.frame_counter = 0x0102030405060708ull;
	std::uint8_t bytes[sizeof h];
	std::memcpy(bytes, &h, sizeof h);
	EXPECT_EQ(std::string(reinterpret_cast<char*>(bytes), 4), "VFDF");
	EXPECT_EQ(bytes[0x0c], 0x80); // width 640 = 0x280
	EXPECT_EQ(bytes[0x0d], 0x02);
	EXPECT_EQ(std::string(reinterpret_cast<char*>(bytes + 0x18), 4), "XR24");
	EXPECT_EQ(bytes[0x28], 0x08);
	EXPECT_EQ(bytes[0x2f], 0x01);
}

TEST(FrameContract, FourccsAreDrmFourccs)
{
	EXPECT_EQ(fourcc_xrgb8888, std::uint32_t(DRM_FORMAT_XRGB8888));
	EXPECT_EQ(fourcc_abgr8888, std::uint32_t(DRM_FORMAT_ABGR8888));
	EXPECT_EQ(parse_fourcc("xrgb8888"), fourcc_xrgb8888);
	EXPECT_EQ(parse_fourcc("AB24"), fourcc_abgr8888);
	EXPECT_FALSE(parse_fourcc("NV12"));
	EXPECT_EQ(fourcc_name(fourcc_abgr8888), "ABGR8888");
}

TEST(FrameLayout, DefaultLayoutPacksPageAlignedSlotsAfterTheHeader)
{
	const FrameHeader h = make_header({});
	EXPECT_EQ(h.magic, magic);
	EXPECT_EQ(h.version, 1u);
	EXPECT_EQ(h.header_size, sizeof(FrameHeader));
	EXPECT_EQ(h.stride, 2560u);
	EXPECT_EQ(h.slot_count, 4u);
	EXPECT_EQ(h.latest_slot, no_slot);
	EXPECT_EQ(h.consumer_slot, no_slot);
	const std::uint64_t size = slot_bytes(2560, 480);
	EXPECT_EQ(size, 1228800u); // 300 pages exactly
	for (std::uint32_t i = 0; i < 4; ++i) {
		EXPECT_EQ(h.slots[i].offset, page_size + i * size);
		EXPECT_EQ(h.slots[i].sequence, 0u);
	}
	EXPECT_EQ(h.slots[3].flags, slot_flag_return);
	EXPECT_EQ(return_slot(h), 3u);
	EXPECT_EQ(layout_bytes(h), page_size + 4 * size);
	EXPECT_EQ(check_header(h, 0, 64 << 20), "");
	EXPECT_EQ(slot_bytes(2564, 3), 8192u);
}

TEST(FrameLayout, CheckHeaderSaysWhatIsWrong)
{
	const FrameHeader good = make_header({});
	auto why = [](FrameHeader h, std::uint64_t offset = 0, std::uint64_t bar = 64 << 20) {
		return check_header(h, offset, bar);
	};
	FrameHeader h = good;
	h.magic = 0;
	EXPECT_NE(why(h).find("no frame header"), std::string::npos);
	h = good, h.version = 2;
	EXPECT_NE(why(h).find("version 2"), std::string::npos);
	h = good, h.fourcc = DRM_FORMAT_NV12;
	EXPECT_NE(why(h).find("not XRGB8888 or ABGR8888"), std::string::npos);
	h = good, h.stride = 2556;
	EXPECT_NE(why(h).find("stride 2556"), std::string::npos);
	h = good, h.slots[1].offset += 16;
	EXPECT_NE(why(h).find("not page-aligned"), std::string::npos);
	h = good, h.slots[2].offset = h.slots[1].offset + page_size;
	EXPECT_NE(why(h).find("overlaps slot 1"), std::string::npos);
	EXPECT_NE(why(good, 0, 4 << 20).find("leaves the BAR"), std::string::npos);
	EXPECT_NE(why(good, 62 << 20).find("leaves the BAR"), std::string::npos);
	h = good, h.slots[1].flags = h.slots[2].flags = slot_flag_return;
	EXPECT_NE(why(h).find("1 producer slots"), std::string::npos);
	h = good, h.latest_slot = 3;
	EXPECT_NE(why(h).find("latest_slot 3 is not a producer slot"), std::string::npos);
	EXPECT_THROW(make_header({640, 480, 0, fourcc_xrgb8888, 1, 1}), std::invalid_argument);
	EXPECT_THROW(make_header({640, 480, 100, fourcc_xrgb8888, 3, 1}), std::invalid_argument);
}

TEST(LiveHeader, SeqlockIsOddWhileWritingAndEvenAfter)
{
	alignas(page_size) static FrameHeader mem;
	LiveHeader live(&mem);
	live.initialise(make_header({}));
	EXPECT_EQ(live.snapshot().magic, magic);
	EXPECT_EQ(live.sequence(1), 0u);
	live.begin_write(1);
	EXPECT_EQ(live.sequence(1) % 2, 1u);
	live.end_write(1, 7);
	EXPECT_EQ(live.sequence(1), 2u);
	EXPECT_EQ(live.slot_frame(1), 7u);
	live.publish(1, 7);
	EXPECT_EQ(live.latest_slot(), 1u);
	EXPECT_EQ(live.frame_counter(), 7u);
	mem.slots[0].sequence = 0xffffffffu; // wraps past 0 to 2
	live.end_write(0, 8);
	EXPECT_EQ(live.sequence(0), 2u);
	live.set_consumer_slot(2);
	EXPECT_EQ(mem.consumer_slot, 2u);
}

TEST(TestCard, FormulaIsPinned)
{
	using test_card::pixel;
	using test_card::Rgb;
	// Border: 8x8 checker cells, white where x/8 + y/8 is odd.
	EXPECT_EQ(pixel(0, 0, 5, 640, 480), (Rgb{0, 0, 0}));
	EXPECT_EQ(pixel(8, 0, 5, 640, 480), (Rgb{255, 255, 255}));
	EXPECT_EQ(pixel(639, 479, 5, 640, 480), (Rgb{0, 0, 0}));
	EXPECT_EQ(pixel(15, 100, 5, 640, 480), (Rgb{255, 255, 255})); // 15/8 + 100/8 = 13
	// Gradient: r = x + 2f, g = y + f, b = (x + y) / 2 + 3f, all mod 256.
	EXPECT_EQ(pixel(20, 30, 0, 640, 480), (Rgb{20, 30, 25}));
	EXPECT_EQ(pixel(20, 30, 100, 640, 480), (Rgb{220, 130, 69}));
	EXPECT_EQ(pixel(300, 400, 256, 640, 480), (Rgb{44, 144, 94}));
	// Digits box of a 640x480 frame: [120, 520) x [208, 272).
	const test_card::Box box = test_card::digits_box(640, 480);
	EXPECT_EQ(box.x, 120u);
	EXPECT_EQ(box.y, 208u);
	EXPECT_EQ(box.width, 400u);
	EXPECT_EQ(box.height, 64u);
	EXPECT_EQ(pixel(121, 209, 9, 640, 480), (Rgb{0, 0, 0}));
	EXPECT_EQ(test_card::digit(12345678901ull, 0), 4u);
	EXPECT_EQ(test_card::digit(12345678901ull, 7), 1u);
	EXPECT_EQ(test_card::digit(42, 5), 0u);
	EXPECT_EQ(test_card::digit(42, 6), 4u);
}

TEST(TestCard, StoredBytesFollowTheFourcc)
{
	std::uint8_t p[4];
	test_card::store(p, {1, 2, 3}, fourcc_xrgb8888);
	EXPECT_EQ(std::vector<int>(p, p + 4), (std::vector<int>{3, 2, 1, 255}));
	EXPECT_EQ(test_card::load(p, fourcc_xrgb8888), (test_card::Rgb{1, 2, 3}));
	test_card::store(p, {1, 2, 3}, fourcc_abgr8888);
	EXPECT_EQ(std::vector<int>(p, p + 4), (std::vector<int>{1, 2, 3, 255}));
}

namespace
{

RgbImage card_image(std::uint32_t w, std::uint32_t h, std::uint64_t frame)
{
	RgbImage img{w, h, std::vector<std::uint8_t>(std::size_t(w) * h * 3)};
	for (std::uint32_t y = 0; y < h; ++y)
		for (std::uint32_t x = 0; x < w; ++x) {
			const auto c = test_card::pixel(x, y, frame, w, h);
			std::uint8_t* p = &img.rgb[(std::size_t(y) * w + x) * 3];
			p[0] = c.r, p[1] = c.g, p[2] = c.b;
		}
	return img;
}

} // namespace

TEST(TestCard, DigitsReadBackAsTheFrameNumber)
{
	for (std::uint64_t frame : {0ull, 7ull, 1234ull, 99999999ull, 123456789ull})
		EXPECT_EQ(read_card_number(card_image(640, 480, frame)), frame % 100000000);
	EXPECT_EQ(read_card_number(card_image(test_card::min_width, test_card::min_height, 31)),
	          31u);
}

TEST(Font, GlyphsAreDistinctAndCaseFolded)
{
	std::set<font::Glyph> seen;
	for (char c : font::charset())
		EXPECT_TRUE(seen.insert(font::glyph(c)).second) << "glyph of '" << c << "' repeats";
	EXPECT_GE(font::charset().size(), 60u);
	EXPECT_EQ(font::glyph('a'), font::glyph('A'));
	EXPECT_EQ(font::drawn_char('@'), '?');
	for (char c : font::charset())
		EXPECT_EQ(match_glyph(font::glyph(c)), c);
}

TEST(TextReader, OverlayTextReadsBack)
{
	const screen::TextBlock block = screen::overlay;
	EXPECT_EQ(block.box().x, 8u);
	EXPECT_EQ(block.box().width, 488u);
	EXPECT_EQ(block.box().height, 124u);
	const std::vector<std::string> lines = {"VK-DEMO LIVE",         "SHOWN 42 DEV 44",
	                                        "FPS 3.5 LAG 2",        "",
	                                        "HEADER: DMA-BUF MMAP", "0000:01:00.0 BAR2"};
	RgbImage img{640, 480, std::vector<std::uint8_t>(640 * 480 * 3)};
	const auto box = block.box();
	for (std::uint32_t y = box.y; y < box.y + box.height; ++y)
		for (std::uint32_t x = box.x; x < box.x + box.width; ++x) {
			const auto c = text_pixel(block, lines, x, y);
			std::uint8_t* p = &img.rgb[(std::size_t(y) * 640 + x) * 3];
			p[0] = c.r, p[1] = c.g, p[2] = c.b;
		}
	EXPECT_EQ(read_text(img, block), lines);
	const auto label = screen::revoked_label(640, 480);
	EXPECT_EQ(label.box().width, 352u);
	EXPECT_EQ(label.box().x, 144u);
}

TEST(PngIo, WritesAndReadsBackRgb)
{
	const RgbImage img = card_image(640, 480, 77);
	const auto path = std::filesystem::temp_directory_path() /
	                  ("vk-demo-png-test-" + std::to_string(getpid()) + ".png");
	write_png(path, img);
	const RgbImage back = read_png(path);
	std::filesystem::remove(path);
	EXPECT_EQ(back.width, 640u);
	EXPECT_EQ(back.height, 480u);
	EXPECT_EQ(back.rgb, img.rgb);
	EXPECT_THROW(read_png("/nonexistent/x.png"), std::runtime_error);
	std::uint8_t bgrx[8] = {3, 2, 1, 0, 6, 5, 4, 0};
	EXPECT_EQ(from_pixels(bgrx, 2, 1, 8, PixelOrder::bgrx).rgb,
	          (std::vector<std::uint8_t>{1, 2, 3, 4, 5, 6}));
}
