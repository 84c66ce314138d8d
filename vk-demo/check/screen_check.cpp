#include "screen_check.hpp"

#include "common/screen_layout.hpp"
#include "common/test_card.hpp"
#include "common/text_reader.hpp"

#include <cstdlib>
#include <functional>

namespace vk_demo::check
{

using test_card::Box;
using test_card::Rgb;

namespace
{

struct Comparison {
	std::uint64_t compared = 0;
	std::uint64_t wrong = 0;
	std::string first_wrong;
};

bool near(Rgb a, Rgb b, std::uint32_t tol)
{
	return std::uint32_t(std::abs(a.r - b.r)) <= tol &&
	       std::uint32_t(std::abs(a.g - b.g)) <= tol &&
	       std::uint32_t(std::abs(a.b - b.b)) <= tol;
}

std::string rgb(Rgb c)
{
	return "(" + std::to_string(c.r) + "," + std::to_string(c.g) + "," + std::to_string(c.b) +
	       ")";
}

// Compares every pixel for which `expected` gives a colour.
Comparison compare(const RgbImage& img, std::uint32_t tol,
                   const std::function<std::optional<Rgb>(std::uint32_t, std::uint32_t)>& expected)
{
	Comparison c;
	for (std::uint32_t y = 0; y < img.height; ++y)
		for (std::uint32_t x = 0; x < img.width; ++x) {
			const auto want = expected(x, y);
			if (!want)
				continue;
			++c.compared;
			const Rgb got = img.at(x, y);
			if (near(got, *want, tol))
				continue;
			if (c.wrong++ == 0)
				c.first_wrong = "(" + std::to_string(x) + ", " + std::to_string(y) +
				                ") is " + rgb(got) + ", expected " + rgb(*want);
		}
	return c;
}

void judge(ScreenVerdict& v, const std::string& what, const Comparison& c)
{
	if (c.wrong)
		v.problems.push_back(what + ": " + std::to_string(c.wrong) + " of " +
		                     std::to_string(c.compared) + " pixels wrong, first " +
		                     c.first_wrong);
	else
		v.notes.push_back(what + ": " + std::to_string(c.compared) + " pixels right");
}

// The checker band's inner edge on the left and right (outside the overlay
// box): every row must be the band's cells, ending at border_width.  A
// stride error shifts row y by a multiple of y; an offset error shifts every
// row.
void judge_checker_edge(ScreenVerdict& v, const RgbImage& img, std::uint32_t tol)
{
	const std::uint32_t b = test_card::border_width;
	const Box overlay = screen::overlay.box();
	std::uint32_t bent = 0;
	std::string first;
	for (std::uint32_t y = b; y + b < img.height; ++y) {
		bool straight = true;
		for (std::uint32_t i = 0; i < b && straight; ++i) {
			const std::uint32_t left = i, right = img.width - 1 - i;
			if (!overlay.contains(left, y))
				straight = near(img.at(left, y), test_card::checker(left, y), tol);
			if (straight && !overlay.contains(right, y))
				straight =
				        near(img.at(right, y), test_card::checker(right, y), tol);
		}
		if (!straight && bent++ == 0)
			first = std::to_string(y);
	}
	if (bent)
		v.problems.push_back("checker edge not straight in " + std::to_string(bent) +
		                     " rows (first row " + first + "): stride or offset wrong");
	else
		v.notes.push_back("checker edge straight in all " +
		                  std::to_string(img.height - 2 * b) + " rows");
}

std::optional<Rgb> in_block(const screen::TextBlock& block, const std::vector<std::string>& lines,
                            std::uint32_t x, std::uint32_t y)
{
	if (!block.box().contains(x, y))
		return std::nullopt;
	return text_pixel(block, lines, x, y);
}

} // namespace

ScreenVerdict check_screen(const RgbImage& img, std::uint32_t tol)
{
	ScreenVerdict v;
	if (img.width < test_card::min_width || img.height < test_card::min_height) {
		v.problems.push_back("picture is " + std::to_string(img.width) + "x" +
		                     std::to_string(img.height) + ", smaller than any frame");
		return v;
	}
	const screen::TextBlock& ov = screen::overlay;
	v.overlay = read_text(img, ov);
	judge(v, "overlay box", compare(img, tol, [&](std::uint32_t x, std::uint32_t y) {
		      return in_block(ov, v.overlay, x, y);
	      }));
	const std::string head = v.overlay.empty() ? "" : v.overlay[0];
	if (head == "VK-DEMO LIVE")
		v.state = "live";
	else if (head == "VK-DEMO REVOKED")
		v.state = "revoked";
	else if (head == "VK-DEMO WAITING")
		v.state = "waiting";
	else {
		v.problems.push_back("overlay's first line reads '" + head + "'");
		return v;
	}
	const Box box = ov.box();
	if (v.state == "live") {
		judge_checker_edge(v, img, tol);
		v.frame = read_card_number(img);
		if (!v.frame) {
			v.problems.push_back("the frame number's digits do not read as digits");
			return v;
		}
		const std::uint64_t f = *v.frame;
		judge(v, "test card of frame " + std::to_string(f) + " outside the overlay",
		      compare(img, tol,
		              [&](std::uint32_t x, std::uint32_t y) -> std::optional<Rgb> {
			              if (box.contains(x, y))
				              return std::nullopt;
			              return test_card::pixel(x, y, f, img.width, img.height);
		              }));
		const std::string shown = v.overlay.size() > 1 ? v.overlay[1] : "";
		const std::string want = "SHOWN " + std::to_string(f) + " ";
		if (shown.rfind(want, 0) != 0)
			v.problems.push_back("overlay says '" + shown +
			                     "' but the card shows frame " + std::to_string(f));
		return v;
	}
	const screen::TextBlock label = screen::revoked_label(img.width, img.height);
	std::vector<std::string> word;
	if (v.state == "revoked") {
		word = read_text(img, label);
		if (word.empty() || word[0] != screen::revoked_word)
			v.problems.push_back("no 'REVOKED' across the middle (reads '" +
			                     (word.empty() ? "" : word[0]) + "')");
		judge(v, "REVOKED label", compare(img, tol, [&](std::uint32_t x, std::uint32_t y) {
			      return in_block(label, {screen::revoked_word}, x, y);
		      }));
	}
	judge(v, "placeholder outside the overlay",
	      compare(img, tol, [&](std::uint32_t x, std::uint32_t y) -> std::optional<Rgb> {
		      if (box.contains(x, y) ||
		          (v.state == "revoked" && label.box().contains(x, y)))
			      return std::nullopt;
		      return screen::placeholder(x, y);
	      }));
	return v;
}

} // namespace vk_demo::check
