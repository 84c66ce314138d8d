// The consumer side of the seqlock rule (frame_contract.hpp): pick the
// latest complete producer slot, hold it (consumer_slot), and tell after the
// read whether it stayed complete.
#pragma once

#include "live_header.hpp"

#include <cstdint>
#include <optional>

namespace vk_demo
{

struct FramePick {
	std::uint32_t slot = 0;
	std::uint32_t sequence = 0; // even, non-zero
	std::uint64_t frame = 0;
};

// The latest complete slot, now named in consumer_slot; nothing when the
// producer has published none yet (or kept writing into every pick).
std::optional<FramePick> pick_latest(LiveHeader& header, int attempts = 4);

// Whether `pick`'s slot still holds the same complete frame: call after the
// read (the GPU's fence) finished.
inline bool still_complete(const LiveHeader& header, const FramePick& pick)
{
	return header.sequence(pick.slot) == pick.sequence;
}

} // namespace vk_demo
