// Where the demo draws what is not the device's frame, so that a screenshot
// can be checked pixel for pixel: outside the text blocks below, a live
// screen is exactly the slot's pixels (test_card.hpp for the producer's),
// and a revoked one exactly placeholder().
//
// The demo's overlay shader (vk-demo/shaders/overlay.frag) and placeholder
// shader (placeholder.frag) implement these; the host checker reads the text
// back with the same font.
#pragma once

#include "font.hpp"
#include "test_card.hpp"

#include <cstdint>

namespace vk_demo::screen
{

using test_card::Box;
using test_card::Rgb;

// A block of text: `lines` lines of `columns` glyphs, each glyph pixel a
// scale x scale square, lines line_gap pixels apart, all inside a box with
// `padding` pixels of background around the text.  Opaque: text pixels are
// `ink`, every other pixel of the box `paper`.
struct TextBlock {
	std::uint32_t x = 0, y = 0;
	std::uint32_t columns = 0, lines = 0;
	std::uint32_t scale = 1, line_gap = 0, padding = 0;
	Rgb ink, paper;

	constexpr std::uint32_t glyph_size() const noexcept { return font::cell * scale; }
	constexpr std::uint32_t line_pitch() const noexcept { return glyph_size() + line_gap; }
	constexpr Box box() const noexcept
	{
		return {x, y, 2 * padding + columns * glyph_size(),
		        2 * padding + lines * line_pitch() - line_gap};
	}
	// Top-left pixel of the glyph cell at (column, line).
	constexpr std::uint32_t cell_x(std::uint32_t column) const noexcept
	{
		return x + padding + column * glyph_size();
	}
	constexpr std::uint32_t cell_y(std::uint32_t line) const noexcept
	{
		return y + padding + line * line_pitch();
	}
};

// The overlay: top left, 6 lines of 30 characters at scale 2, white on dark
// blue.  With a 640x480 frame its box is [8, 496) x [8, 132).
inline constexpr TextBlock overlay{8, 8, 30, 6, 2, 4, 4, {255, 255, 255}, {16, 16, 48}};

// The word shown across the middle while the memory is revoked: "REVOKED"
// at the producer's digit size, white on black, centred like its digits.
inline constexpr const char* revoked_word = "REVOKED";
constexpr TextBlock revoked_label(std::uint32_t width, std::uint32_t height) noexcept
{
	TextBlock t{0,
	            0,
	            7,
	            1,
	            test_card::digit_scale,
	            0,
	            test_card::digits_padding,
	            {255, 255, 255},
	            {0, 0, 0}};
	const Box b = t.box();
	t.x = (width - b.width) / 2;
	t.y = (height - b.height) / 2;
	return t;
}

// What the demo shows where the frame would be while it has none it may
// touch (revoked, or no complete frame yet): dark red diagonal stripes,
// 16 pixels wide.
constexpr Rgb placeholder(std::uint32_t x, std::uint32_t y) noexcept
{
	return ((x + y) / 16) & 1u ? Rgb{96, 24, 24} : Rgb{48, 12, 12};
}

} // namespace vk_demo::screen
