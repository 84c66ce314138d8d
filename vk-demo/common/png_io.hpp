// PNG files through libpng's simplified API (png_image): the demo's
// headless frames, the checker's screenshots.
#pragma once

#include "test_card.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace vk_demo
{

// 8-bit RGB, rows top to bottom, no padding.
struct RgbImage {
	std::uint32_t width = 0;
	std::uint32_t height = 0;
	std::vector<std::uint8_t> rgb;

	test_card::Rgb at(std::uint32_t x, std::uint32_t y) const noexcept
	{
		const std::uint8_t* p = &rgb[(std::size_t(y) * width + x) * 3];
		return {p[0], p[1], p[2]};
	}
};

// Byte order of a 4-byte pixel in memory.
enum class PixelOrder { bgrx, rgbx };

// An RgbImage from `height` rows of `width` 4-byte pixels, `stride` bytes
// apart.
RgbImage from_pixels(const std::uint8_t* pixels, std::uint32_t width, std::uint32_t height,
                     std::size_t stride, PixelOrder order);

// Writes `image` to `path` (RGB, 8 bits); throws std::runtime_error naming
// the file and libpng's reason.
void write_png(const std::string& path, const RgbImage& image);

// Reads any PNG as 8-bit RGB (alpha composited on black); throws
// std::runtime_error naming the file and libpng's reason.
RgbImage read_png(const std::string& path);

} // namespace vk_demo
