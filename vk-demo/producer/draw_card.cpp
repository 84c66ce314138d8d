#include "draw_card.hpp"

#include "common/test_card.hpp"

#include <cstring>

namespace vk_demo::producer
{

void draw_card(std::uint8_t* dst, std::uint32_t width, std::uint32_t height, std::uint32_t stride,
               std::uint32_t fourcc, std::uint64_t frame)
{
	for (std::uint32_t y = 0; y < height; ++y) {
		std::uint8_t* row = dst + std::size_t(y) * stride;
		for (std::uint32_t x = 0; x < width; ++x)
			test_card::store(row + x * 4, test_card::pixel(x, y, frame, width, height),
			                 fourcc);
		if (stride > width * 4)
			std::memset(row + width * 4, 0x5a, stride - width * 4);
	}
}

} // namespace vk_demo::producer
