// Reading text back out of pixels drawn with font.hpp: the overlay and the
// "REVOKED" label (screen_layout.hpp) and the test card's frame number
// (test_card.hpp).  Each glyph pixel is judged at the centre of its scaled
// square (ink if nearer `ink` than `paper`) and matched to the font.
#pragma once

#include "png_io.hpp"
#include "screen_layout.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vk_demo
{

// Character the font draws for a glyph equal to `g`; within `tolerance`
// differing pixels of exactly one glyph, that one; otherwise unreadable.
inline constexpr char unreadable = '~';
char match_glyph(const font::Glyph& g, std::uint32_t tolerance = 2);

// The lines of `block` in `image`, trailing blanks removed.
std::vector<std::string> read_text(const RgbImage& image, const screen::TextBlock& block);

// The colour `block` has at (x, y) (inside its box) when it shows `lines`.
test_card::Rgb text_pixel(const screen::TextBlock& block, const std::vector<std::string>& lines,
                          std::uint32_t x, std::uint32_t y);

// The frame number the test card in `image` shows, when all its digits
// read as digits.
std::optional<std::uint64_t> read_card_number(const RgbImage& image);

} // namespace vk_demo
