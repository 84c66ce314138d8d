// The checker the demo tests rely on: it accepts a screen drawn exactly as
// the contract says and names what is wrong with one that is not.
#include "check/screen_check.hpp"
#include "common/frame_layout.hpp"
#include "common/frame_source.hpp"
#include "common/live_header.hpp"
#include "common/screen_layout.hpp"
#include "common/test_card.hpp"
#include "common/text_reader.hpp"

#include <gtest/gtest.h>
#include <string>
#include <vector>

using namespace vk_demo;

namespace
{

constexpr std::uint32_t W = 640, H = 480;

void put(RgbImage& img, std::uint32_t x, std::uint32_t y, test_card::Rgb c)
{
	std::uint8_t* p = &img.rgb[(std::size_t(y) * img.width + x) * 3];
	p[0] = c.r, p[1] = c.g, p[2] = c.b;
}

// A screen as the demo composes it; `shift` moves row y of the frame by
// y * shift pixels, as a wrong stride would.
RgbImage screen_of(bool live, std::uint64_t frame, int shift = 0)
{
	RgbImage img{W, H, std::vector<std::uint8_t>(std::size_t(W) * H * 3)};
	for (std::uint32_t y = 0; y < H; ++y)
		for (std::uint32_t x = 0; x < W; ++x) {
			const std::uint32_t sx =
			        std::uint32_t(int(x) + int(y) * shift + int(W) * 64) % W;
			put(img, x, y,
			    live ? test_card::pixel(sx, y, frame, W, H)
			         : screen::placeholder(x, y));
		}
	const std::vector<std::string> lines = {
	        live ? "VK-DEMO LIVE" : "VK-DEMO REVOKED",
	        live ? "SHOWN " + std::to_string(frame) + " DEVICE " + std::to_string(frame + 2)
	             : "SHOWN - DEVICE -"};
	auto draw = [&](const screen::TextBlock& b, const std::vector<std::string>& text) {
		const auto box = b.box();
		for (std::uint32_t y = box.y; y < box.y + box.height; ++y)
			for (std::uint32_t x = box.x; x < box.x + box.width; ++x)
				put(img, x, y, text_pixel(b, text, x, y));
	};
	draw(screen::overlay, lines);
	if (!live)
		draw(screen::revoked_label(W, H), {screen::revoked_word});
	return img;
}

} // namespace

TEST(ScreenCheck, AcceptsALiveScreenAndReadsItsFrame)
{
	const auto v = check::check_screen(screen_of(true, 1234), 0);
	EXPECT_EQ(v.state, "live");
	EXPECT_EQ(v.frame, 1234u);
	EXPECT_TRUE(v.problems.empty()) << v.problems.front();
}

TEST(ScreenCheck, AcceptsARevokedScreen)
{
	const auto v = check::check_screen(screen_of(false, 0), 0);
	EXPECT_EQ(v.state, "revoked");
	EXPECT_TRUE(v.problems.empty()) << v.problems.front();
}

TEST(ScreenCheck, SeesAStrideError)
{
	const auto v = check::check_screen(screen_of(true, 1234, 1), 0);
	bool edge = false;
	for (const auto& p : v.problems)
		edge |= p.find("checker edge not straight") != std::string::npos;
	EXPECT_TRUE(edge);
}

TEST(ScreenCheck, SeesAChangedPixel)
{
	RgbImage img = screen_of(true, 99);
	put(img, 600, 400, {1, 2, 3});
	const auto v = check::check_screen(img, 0);
	ASSERT_EQ(v.problems.size(), 1u);
	EXPECT_NE(v.problems[0].find("(600, 400) is (1,2,3)"), std::string::npos) << v.problems[0];
}

TEST(FrameSource, PicksTheLatestAndSeesARewrite)
{
	alignas(contract::page_size) static contract::FrameHeader mem;
	LiveHeader live(&mem);
	live.initialise(make_header({}));
	EXPECT_FALSE(pick_latest(live)); // nothing published yet
	live.begin_write(1);
	live.end_write(1, 5);
	live.publish(1, 5);
	const auto pick = pick_latest(live);
	ASSERT_TRUE(pick);
	EXPECT_EQ(pick->slot, 1u);
	EXPECT_EQ(pick->frame, 5u);
	EXPECT_EQ(live.consumer_slot(), 1u);
	EXPECT_TRUE(still_complete(live, *pick));
	live.begin_write(1);
	EXPECT_FALSE(still_complete(live, *pick));
	EXPECT_FALSE(pick_latest(live)); // odd: being written
}
