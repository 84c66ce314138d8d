// Building and checking frame headers (frame_contract.hpp): the producer
// lays one out, the demo and the host checker validate what they find.
#pragma once

#include "frame_contract.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace vk_demo
{

struct LayoutRequest {
	std::uint32_t width = 640;
	std::uint32_t height = 480;
	std::uint32_t stride = 0; // 0: width * 4
	std::uint32_t fourcc = contract::fourcc_xrgb8888;
	std::uint32_t producer_slots = 3;
	std::uint32_t return_slots = 1;
};

// A complete header for `request`: the header page first, then the producer
// slots, then the return slots, each slot_bytes() apart; no frame yet
// (latest_slot, consumer_slot no_slot).  Throws std::invalid_argument when
// the request breaks the contract.
contract::FrameHeader make_header(const LayoutRequest& request);

// Bytes from the header to the end of its last slot.
std::uint64_t layout_bytes(const contract::FrameHeader& header);

// Why `header`, found at `header_offset` of a BAR of `bar_size` bytes,
// cannot be used (wrong magic or version, a format outside the contract, a
// slot that is unaligned, overlaps another or leaves the BAR, fewer than 2
// producer slots, ...); empty when it can.
std::string check_header(const contract::FrameHeader& header, std::uint64_t header_offset,
                         std::uint64_t bar_size);

// Index of the first return slot of `header` at or after `from`, if any.
std::optional<std::uint32_t> return_slot(const contract::FrameHeader& header,
                                         std::uint32_t from = 0);

// "XRGB8888" / "ABGR8888" / "fourcc 0x..."; and back (case-insensitive).
std::string fourcc_name(std::uint32_t fourcc);
std::optional<std::uint32_t> parse_fourcc(const std::string& name);

} // namespace vk_demo
