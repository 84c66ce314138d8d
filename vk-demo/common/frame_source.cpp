#include "frame_source.hpp"

namespace vk_demo
{

std::optional<FramePick> pick_latest(LiveHeader& header, int attempts)
{
	const std::uint32_t count = header.snapshot().slot_count;
	for (int i = 0; i < attempts; ++i) {
		const std::uint32_t slot = header.latest_slot();
		if (slot == contract::no_slot || slot >= count)
			return std::nullopt;
		header.set_consumer_slot(slot);
		const std::uint32_t seq = header.sequence(slot);
		if (seq == 0 || seq % 2)
			continue; // being rewritten already: look again
		return FramePick{slot, seq, header.slot_frame(slot)};
	}
	return std::nullopt;
}

} // namespace vk_demo
