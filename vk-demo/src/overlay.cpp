#include "overlay.hpp"

#include <cstdio>

namespace vk_demo
{

const char* state_name(ScreenState state) noexcept
{
	switch (state) {
	case ScreenState::live:
		return "live";
	case ScreenState::revoked:
		return "revoked";
	default:
		return "waiting";
	}
}

std::vector<std::string> overlay_lines(const OverlayInfo& i)
{
	std::vector<std::string> lines;
	const char* head = i.state == ScreenState::live      ? "VK-DEMO LIVE"
	                   : i.state == ScreenState::revoked ? "VK-DEMO REVOKED"
	                                                     : "VK-DEMO WAITING";
	lines.emplace_back(head);
	if (i.state == ScreenState::live)
		lines.push_back("SHOWN " + std::to_string(i.shown) + " DEVICE " +
		                std::to_string(i.device_counter));
	else
		lines.emplace_back("SHOWN - DEVICE -");
	char fps[32];
	std::snprintf(fps, sizeof fps, "%.1f", i.fps);
	lines.push_back("FPS " + std::string(fps) + " LAG " +
	                (i.state == ScreenState::live ? std::to_string(i.lag) : "-") + " TORN " +
	                std::to_string(i.torn) + " REV " + std::to_string(i.revokes));
	lines.emplace_back(i.drm_modifier ? "IMPORT DRM-MOD LINEAR" : "IMPORT LINEAR TILING");
	lines.emplace_back(i.header_access == "dma-buf" ? "HEADER DMA-BUF MMAP"
	                                                : "HEADER VFIO REGION MMAP");
	lines.push_back("PCI " + i.device + " BAR" + std::to_string(i.bar) +
	                (i.offset ? "+" + std::to_string(i.offset) : ""));
	return lines;
}

} // namespace vk_demo
