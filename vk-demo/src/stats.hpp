// Benchmark figures of a run: fps and device->screen latency.  Printed at
// exit and written by --json; never asserted by a test.
//
// fps: presented frames over the time from the first to the last, less
// the time the loop stood still for a script's exec (screenshots).
//
// Latency is counted in the device's frames: when a frame is presented, the
// header's frame_counter minus the number of the frame shown.  With the
// device's nominal period (frame_period_ns) that is also given in ms.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vk_demo
{

struct Spread {
	double min = 0, median = 0, max = 0;
};

class Stats
{
public:
	// A presented frame at `t_ns`; `lag` for live frames.
	void presented(std::uint64_t t_ns, bool live, std::uint64_t lag);
	void torn() noexcept { ++torn_; }
	void revoked() noexcept { ++revokes_; }
	// Time the loop stood still on purpose (a script's exec): not counted
	// in the fps.
	void paused(std::uint64_t ns) noexcept { paused_ns_ += ns; }

	std::uint64_t frames() const noexcept { return times_.size(); }
	std::uint64_t torn_count() const noexcept { return torn_; }
	std::uint64_t revokes() const noexcept { return revokes_; }
	// Frames per second over the whole run, and over its last second.
	double fps() const noexcept;
	double recent_fps() const noexcept;
	Spread latency_frames() const;

	// "42 frames in 12.3 s (3.4 fps); device->screen latency min/median/max
	// 1/2/4 frames (33/67/133 ms at the device's 30.0 fps); ..."
	std::string summary(std::uint64_t period_ns) const;
	// Writes the figures and `extra` (JSON members, "key": value, ...).
	void write_json(const std::string& path, std::uint64_t period_ns,
	                const std::string& extra) const;

private:
	std::vector<std::uint64_t> times_;
	std::vector<std::uint64_t> lags_;
	std::uint64_t torn_ = 0, revokes_ = 0, paused_ns_ = 0;
	double seconds() const noexcept;
};

} // namespace vk_demo
