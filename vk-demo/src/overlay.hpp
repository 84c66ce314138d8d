// What the overlay says (common/screen_layout.hpp places it), line by line:
//
//   VK-DEMO LIVE | REVOKED | WAITING
//   SHOWN <frame shown> DEVICE <device's frame counter>
//   FPS <fps> LAG <frames> TORN <re-renders> REV <revokes>
//   IMPORT DRM-MOD LINEAR | IMPORT LINEAR TILING
//   HEADER DMA-BUF MMAP | HEADER VFIO REGION MMAP
//   PCI <address> BAR<n>[+<offset>]
//
// The host checker reads the first two lines back from screenshots.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vk_demo
{

enum class ScreenState { live, revoked, waiting };

// "live", "revoked", "waiting" (the trace's names).
const char* state_name(ScreenState state) noexcept;

struct OverlayInfo {
	ScreenState state = ScreenState::waiting;
	std::uint64_t shown = 0;          // live: the frame number shown
	std::uint64_t device_counter = 0; // live: the header's frame_counter
	double fps = 0;
	std::uint64_t lag = 0; // frames between the device's counter and the frame shown
	std::uint64_t torn = 0;
	std::uint64_t revokes = 0;
	bool drm_modifier = false;
	std::string header_access; // "dma-buf" or "vfio-region"
	std::string device;
	std::uint32_t bar = 0;
	std::uint64_t offset = 0;
};

std::vector<std::string> overlay_lines(const OverlayInfo& info);

} // namespace vk_demo
