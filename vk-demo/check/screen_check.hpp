// Judging a picture of the demo's output (a screenshot, a headless PNG, the
// return slot) against what it must show: outside the overlay box exactly
// the test card of the frame its digits name (live) or the placeholder and
// the "REVOKED" label (revoked).
#pragma once

#include "common/png_io.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vk_demo::check
{

struct ScreenVerdict {
	std::string state;                  // "live", "revoked", "waiting" or "" (unreadable)
	std::optional<std::uint64_t> frame; // the card's digits (live)
	std::vector<std::string> overlay;   // the overlay's lines as read
	std::vector<std::string> problems;  // empty: the picture is right
	std::vector<std::string> notes;     // what was checked
};

// `tolerance`: largest difference per colour channel still taken as equal.
ScreenVerdict check_screen(const RgbImage& image, std::uint32_t tolerance);

} // namespace vk_demo::check
