#include "png_io.hpp"

#include <cstring>
#include <png.h>
#include <stdexcept>

namespace vk_demo
{

RgbImage from_pixels(const std::uint8_t* pixels, std::uint32_t width, std::uint32_t height,
                     std::size_t stride, PixelOrder order)
{
	RgbImage img{width, height, std::vector<std::uint8_t>(std::size_t(width) * height * 3)};
	for (std::uint32_t y = 0; y < height; ++y) {
		const std::uint8_t* src = pixels + y * stride;
		std::uint8_t* dst = &img.rgb[std::size_t(y) * width * 3];
		for (std::uint32_t x = 0; x < width; ++x, src += 4, dst += 3) {
			if (order == PixelOrder::bgrx) {
				dst[0] = src[2], dst[1] = src[1], dst[2] = src[0];
			} else {
				dst[0] = src[0], dst[1] = src[1], dst[2] = src[2];
			}
		}
	}
	return img;
}

void write_png(const std::string& path, const RgbImage& image)
{
	png_image png;
	std::memset(&png, 0, sizeof png);
	png.version = PNG_IMAGE_VERSION;
	png.width = image.width;
	png.height = image.height;
	png.format = PNG_FORMAT_RGB;
	if (!png_image_write_to_file(&png, path.c_str(), 0, image.rgb.data(),
	                             png_int_32(image.width * 3), nullptr)) {
		std::string why = png.message;
		png_image_free(&png);
		throw std::runtime_error("cannot write PNG " + path + ": " + why);
	}
}

RgbImage read_png(const std::string& path)
{
	png_image png;
	std::memset(&png, 0, sizeof png);
	png.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_file(&png, path.c_str()))
		throw std::runtime_error("cannot read PNG " + path + ": " + png.message);
	png.format = PNG_FORMAT_RGB;
	RgbImage img{png.width, png.height, std::vector<std::uint8_t>(PNG_IMAGE_SIZE(png))};
	const png_color black{0, 0, 0};
	if (!png_image_finish_read(&png, &black, img.rgb.data(), png_int_32(png.width * 3),
	                           nullptr)) {
		std::string why = png.message;
		png_image_free(&png);
		throw std::runtime_error("cannot decode PNG " + path + ": " + why);
	}
	return img;
}

} // namespace vk_demo
