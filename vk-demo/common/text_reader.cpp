#include "text_reader.hpp"

namespace vk_demo
{

using test_card::Rgb;

namespace
{

int distance(Rgb a, Rgb b)
{
	auto d = [](int x, int y) { return (x - y) * (x - y); };
	return d(a.r, b.r) + d(a.g, b.g) + d(a.b, b.b);
}

font::Glyph sample_glyph(const RgbImage& image, std::uint32_t x0, std::uint32_t y0,
                         std::uint32_t scale, Rgb ink, Rgb paper)
{
	font::Glyph g{};
	for (std::uint32_t y = 0; y < font::cell; ++y)
		for (std::uint32_t x = 0; x < font::cell; ++x) {
			const std::uint32_t px = x0 + x * scale + scale / 2;
			const std::uint32_t py = y0 + y * scale + scale / 2;
			if (px >= image.width || py >= image.height)
				continue;
			const Rgb c = image.at(px, py);
			if (distance(c, ink) < distance(c, paper))
				g[y] |= std::uint8_t(1u << (7 - x));
		}
	return g;
}

std::uint32_t differing_pixels(const font::Glyph& a, const font::Glyph& b)
{
	std::uint32_t n = 0;
	for (std::uint32_t y = 0; y < font::cell; ++y)
		n += std::uint32_t(__builtin_popcount(unsigned(a[y] ^ b[y])));
	return n;
}

} // namespace

char match_glyph(const font::Glyph& g, std::uint32_t tolerance)
{
	char best = unreadable;
	std::uint32_t best_d = tolerance + 1, count_at_best = 0;
	for (char c : font::charset()) {
		const std::uint32_t d = differing_pixels(g, font::glyph(c));
		if (d == 0)
			return c;
		if (d < best_d) {
			best_d = d, best = c, count_at_best = 1;
		} else if (d == best_d) {
			++count_at_best;
		}
	}
	return count_at_best == 1 ? best : unreadable;
}

std::vector<std::string> read_text(const RgbImage& image, const screen::TextBlock& block)
{
	std::vector<std::string> lines;
	for (std::uint32_t l = 0; l < block.lines; ++l) {
		std::string line;
		for (std::uint32_t c = 0; c < block.columns; ++c)
			line += match_glyph(sample_glyph(image, block.cell_x(c), block.cell_y(l),
			                                 block.scale, block.ink, block.paper));
		line.erase(line.find_last_not_of(' ') + 1);
		lines.push_back(line);
	}
	return lines;
}

Rgb text_pixel(const screen::TextBlock& block, const std::vector<std::string>& lines,
               std::uint32_t x, std::uint32_t y)
{
	if (x < block.x + block.padding || y < block.y + block.padding)
		return block.paper;
	const std::uint32_t cx = x - block.x - block.padding;
	const std::uint32_t cy = y - block.y - block.padding;
	const std::uint32_t column = cx / block.glyph_size();
	const std::uint32_t line = cy / block.line_pitch();
	const std::uint32_t gy = cy % block.line_pitch();
	if (column >= block.columns || line >= block.lines || gy >= block.glyph_size())
		return block.paper;
	const char ch =
	        line < lines.size() && column < lines[line].size() ? lines[line][column] : ' ';
	const std::uint32_t gx = cx % block.glyph_size() / block.scale;
	return font::pixel(font::glyph(ch), gx, gy / block.scale) ? block.ink : block.paper;
}

std::optional<std::uint64_t> read_card_number(const RgbImage& image)
{
	std::uint64_t n = 0;
	for (std::uint32_t i = 0; i < test_card::digit_count; ++i) {
		const test_card::Box cell = test_card::digit_cell(image.width, image.height, i);
		const char c =
		        match_glyph(sample_glyph(image, cell.x, cell.y, test_card::digit_scale,
		                                 test_card::white, test_card::black));
		if (c < '0' || c > '9')
			return std::nullopt;
		n = n * 10 + std::uint64_t(c - '0');
	}
	return n;
}

} // namespace vk_demo
