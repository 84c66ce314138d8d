// A FrameHeader in memory shared with the other side (a mapping of the BAR,
// or of the file behind it): every field read and written through
// std::atomic_ref, with the ordering the seqlock rule of frame_contract.hpp
// needs.  Both sides use it: the producer writes slots and publishes them,
// the consumer reads the latest one and writes its return slots.
#pragma once

#include "frame_contract.hpp"

#include <atomic>
#include <cstdint>

namespace vk_demo
{

class LiveHeader
{
public:
	LiveHeader() = default;
	explicit LiveHeader(void* header) : h_(static_cast<contract::FrameHeader*>(header)) {}

	explicit operator bool() const noexcept { return h_ != nullptr; }

	// A copy of every field (for validation; the live fields may move on).
	contract::FrameHeader snapshot() const noexcept;

	// Writes all of `header` with magic last (initialisation by the producer).
	void initialise(const contract::FrameHeader& header) noexcept;

	std::uint32_t latest_slot() const noexcept { return load(h_->latest_slot); }
	std::uint64_t frame_counter() const noexcept { return load(h_->frame_counter); }
	std::uint32_t consumer_slot() const noexcept { return load(h_->consumer_slot); }
	std::uint32_t sequence(std::uint32_t slot) const noexcept
	{
		return load(h_->slots[slot].sequence);
	}
	std::uint64_t slot_frame(std::uint32_t slot) const noexcept
	{
		return load(h_->slots[slot].frame);
	}

	void set_consumer_slot(std::uint32_t slot) noexcept { store(h_->consumer_slot, slot); }

	// Writer side of a slot's seqlock: begin makes the sequence odd, end
	// records the frame number and makes it even again.
	void begin_write(std::uint32_t slot) noexcept;
	void end_write(std::uint32_t slot, std::uint64_t frame) noexcept;

	// Producer: `slot` (complete) now holds the latest frame, `frame`.
	void publish(std::uint32_t slot, std::uint64_t frame) noexcept;

private:
	template <class T> static T load(T& field) noexcept
	{
		return std::atomic_ref<T>(field).load(std::memory_order_acquire);
	}
	template <class T> static void store(T& field, T value) noexcept
	{
		std::atomic_ref<T>(field).store(value, std::memory_order_release);
	}

	contract::FrameHeader* h_ = nullptr;
};

} // namespace vk_demo
