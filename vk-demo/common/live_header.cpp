#include "live_header.hpp"

namespace vk_demo
{

using namespace contract;

FrameHeader LiveHeader::snapshot() const noexcept
{
	FrameHeader c{};
	c.magic = load(h_->magic);
	c.version = load(h_->version);
	c.header_size = load(h_->header_size);
	c.width = load(h_->width);
	c.height = load(h_->height);
	c.stride = load(h_->stride);
	c.fourcc = load(h_->fourcc);
	c.slot_count = load(h_->slot_count);
	c.latest_slot = load(h_->latest_slot);
	c.consumer_slot = load(h_->consumer_slot);
	c.frame_counter = load(h_->frame_counter);
	c.frame_period_ns = load(h_->frame_period_ns);
	c.reserved = load(h_->reserved);
	for (std::uint32_t i = 0; i < max_slots; ++i) {
		c.slots[i].offset = load(h_->slots[i].offset);
		c.slots[i].sequence = load(h_->slots[i].sequence);
		c.slots[i].flags = load(h_->slots[i].flags);
		c.slots[i].frame = load(h_->slots[i].frame);
		c.slots[i].reserved = load(h_->slots[i].reserved);
	}
	return c;
}

void LiveHeader::initialise(const FrameHeader& c) noexcept
{
	store(h_->magic, 0u);
	std::atomic_thread_fence(std::memory_order_seq_cst);
	store(h_->version, c.version);
	store(h_->header_size, c.header_size);
	store(h_->width, c.width);
	store(h_->height, c.height);
	store(h_->stride, c.stride);
	store(h_->fourcc, c.fourcc);
	store(h_->slot_count, c.slot_count);
	store(h_->latest_slot, c.latest_slot);
	store(h_->consumer_slot, c.consumer_slot);
	store(h_->frame_counter, c.frame_counter);
	store(h_->frame_period_ns, c.frame_period_ns);
	store(h_->reserved, c.reserved);
	for (std::uint32_t i = 0; i < max_slots; ++i) {
		store(h_->slots[i].offset, c.slots[i].offset);
		store(h_->slots[i].sequence, c.slots[i].sequence);
		store(h_->slots[i].flags, c.slots[i].flags);
		store(h_->slots[i].frame, c.slots[i].frame);
		store(h_->slots[i].reserved, c.slots[i].reserved);
	}
	std::atomic_thread_fence(std::memory_order_seq_cst);
	store(h_->magic, c.magic);
}

void LiveHeader::begin_write(std::uint32_t slot) noexcept
{
	std::atomic_ref<std::uint32_t> seq(h_->slots[slot].sequence);
	const std::uint32_t s = seq.load(std::memory_order_relaxed);
	seq.store(s | 1u, std::memory_order_relaxed);
	// Nothing written after this may become visible before the odd value.
	std::atomic_thread_fence(std::memory_order_seq_cst);
}

void LiveHeader::end_write(std::uint32_t slot, std::uint64_t frame) noexcept
{
	store(h_->slots[slot].frame, frame);
	std::atomic_ref<std::uint32_t> seq(h_->slots[slot].sequence);
	const std::uint32_t s = seq.load(std::memory_order_relaxed);
	// Odd -> the next even value, never 0 (never written) again.
	std::uint32_t next = (s | 1u) + 1u;
	seq.store(next ? next : 2u, std::memory_order_release);
}

void LiveHeader::publish(std::uint32_t slot, std::uint64_t frame) noexcept
{
	store(h_->latest_slot, slot);
	store(h_->frame_counter, frame);
}

} // namespace vk_demo
