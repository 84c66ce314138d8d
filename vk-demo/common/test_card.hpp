// The producer's animated test card: every pixel is a documented function of
// (x, y, frame number), so whoever looks at a frame (the host checker, a
// unit test, a person) can tell which frame it is and whether every pixel is
// where it belongs.  The producer draws it, the checker recomputes it; this
// header is the one definition both use.
//
//   border   a band of border_width pixels along all four edges:
//            8x8 checker cells, white where (x / 8 + y / 8) is odd, else
//            black.  A wrong stride slants its inner edge, a wrong offset
//            shifts it.
//   digits   the frame number modulo 10^8 as 8 decimal digits, glyphs of
//            font.hpp scaled digit_scale times, white on black, in the box
//            digits_box() (centred).
//   gradient everywhere else, moving with the frame number f:
//            r = (x + 2 f) mod 256, g = (y + f) mod 256,
//            b = ((x + y) / 2 + 3 f) mod 256.
//
// In memory the colour is stored as the frame format says (frame_contract:
// XRGB8888 as B, G, R, 0xff; ABGR8888 as R, G, B, 0xff).
#pragma once

#include "font.hpp"
#include "frame_contract.hpp"

#include <cstdint>

namespace vk_demo::test_card
{

struct Rgb {
	std::uint8_t r = 0, g = 0, b = 0;
	friend bool operator==(const Rgb&, const Rgb&) = default;
};

struct Box {
	std::uint32_t x = 0, y = 0, width = 0, height = 0;
	bool contains(std::uint32_t px, std::uint32_t py) const noexcept
	{
		return px >= x && px < x + width && py >= y && py < y + height;
	}
};

inline constexpr std::uint32_t border_width = 16;
inline constexpr std::uint32_t checker_cell = 8;
inline constexpr std::uint32_t digit_count = 8;
inline constexpr std::uint32_t digit_scale = 6;
inline constexpr std::uint32_t digit_size = font::cell * digit_scale; // 48
inline constexpr std::uint32_t digits_padding = 8;
inline constexpr std::uint32_t digits_modulus = 100000000;
// Smallest frame the card fits in (digits box plus the border on each side).
inline constexpr std::uint32_t min_width =
        2 * border_width + 2 * digits_padding + digit_count * digit_size;
inline constexpr std::uint32_t min_height = 2 * border_width + 2 * digits_padding + digit_size;

inline constexpr Rgb white{255, 255, 255};
inline constexpr Rgb black{0, 0, 0};

constexpr Box digits_box(std::uint32_t width, std::uint32_t height) noexcept
{
	Box b;
	b.width = 2 * digits_padding + digit_count * digit_size;
	b.height = 2 * digits_padding + digit_size;
	b.x = (width - b.width) / 2;
	b.y = (height - b.height) / 2;
	return b;
}

// Top-left pixel of digit `i` (0 = most significant) inside the frame.
constexpr Box digit_cell(std::uint32_t width, std::uint32_t height, std::uint32_t i) noexcept
{
	Box box = digits_box(width, height);
	return {box.x + digits_padding + i * digit_size, box.y + digits_padding, digit_size,
	        digit_size};
}

constexpr bool in_border(std::uint32_t x, std::uint32_t y, std::uint32_t width,
                         std::uint32_t height) noexcept
{
	return x < border_width || y < border_width || x >= width - border_width ||
	       y >= height - border_width;
}

constexpr Rgb checker(std::uint32_t x, std::uint32_t y) noexcept
{
	return ((x / checker_cell + y / checker_cell) & 1u) ? white : black;
}

constexpr Rgb gradient(std::uint32_t x, std::uint32_t y, std::uint64_t frame) noexcept
{
	const auto f = std::uint32_t(frame & 0xffu);
	return {std::uint8_t((x + 2 * f) & 0xffu), std::uint8_t((y + f) & 0xffu),
	        std::uint8_t(((x + y) / 2 + 3 * f) & 0xffu)};
}

// Decimal digit `i` (0 = most significant) of the number the card shows.
constexpr std::uint32_t digit(std::uint64_t frame, std::uint32_t i) noexcept
{
	std::uint64_t n = frame % digits_modulus;
	for (std::uint32_t k = i + 1; k < digit_count; ++k)
		n /= 10;
	return std::uint32_t(n % 10);
}

// The card's colour at (x, y) of frame `frame` in a width x height frame
// (at least min_width x min_height).
inline Rgb pixel(std::uint32_t x, std::uint32_t y, std::uint64_t frame, std::uint32_t width,
                 std::uint32_t height) noexcept
{
	if (in_border(x, y, width, height))
		return checker(x, y);
	const Box box = digits_box(width, height);
	if (!box.contains(x, y))
		return gradient(x, y, frame);
	const Box first = digit_cell(width, height, 0);
	if (y < first.y || y >= first.y + digit_size || x < first.x ||
	    x >= first.x + digit_count * digit_size)
		return black;
	const std::uint32_t i = (x - first.x) / digit_size;
	const std::uint32_t gx = (x - first.x) % digit_size / digit_scale;
	const std::uint32_t gy = (y - first.y) / digit_scale;
	const char c = char('0' + digit(frame, i));
	return font::pixel(font::glyph(c), gx, gy) ? white : black;
}

// The four bytes of `c` in memory for the frame format `fourcc`.
inline void store(std::uint8_t* p, Rgb c, std::uint32_t fourcc) noexcept
{
	if (fourcc == contract::fourcc_abgr8888) {
		p[0] = c.r, p[1] = c.g, p[2] = c.b;
	} else {
		p[0] = c.b, p[1] = c.g, p[2] = c.r;
	}
	p[3] = 0xff;
}

inline Rgb load(const std::uint8_t* p, std::uint32_t fourcc) noexcept
{
	if (fourcc == contract::fourcc_abgr8888)
		return {p[0], p[1], p[2]};
	return {p[2], p[1], p[0]};
}

} // namespace vk_demo::test_card
