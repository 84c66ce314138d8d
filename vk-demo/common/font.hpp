// The demo's bitmap font: 5x7 glyphs in 8x8 cells, drawn by the overlay
// shader from a texture made of this table (font_texture.cpp), by the
// producer scaled up for the frame number, and matched by the host checker
// to read text back out of screenshots.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace vk_demo::font
{

inline constexpr std::uint32_t cell = 8; // glyph cells are cell x cell pixels
// The texture holds the printable ASCII range, one cell per code.
inline constexpr char first_code = ' ';
inline constexpr char last_code = '~';
inline constexpr std::uint32_t code_count = last_code - first_code + 1;

// Row bits of a glyph: rows[y] bit (7 - x) is pixel (x, y) of the cell.
using Glyph = std::array<std::uint8_t, cell>;

// The glyph drawn for `c`: lower case as upper case; '?' for characters
// the font lacks.
const Glyph& glyph(char c) noexcept;

// Whether the font has a glyph of its own for `c` (after case folding).
bool has_glyph(char c) noexcept;

// The character drawn for `c` (upper-cased, '?' when the font lacks it).
char drawn_char(char c) noexcept;

// Every character with a glyph of its own, in code order.
std::string_view charset() noexcept;

inline bool pixel(const Glyph& g, std::uint32_t x, std::uint32_t y) noexcept
{
	return (g[y] >> (7 - x)) & 1u;
}

} // namespace vk_demo::font
