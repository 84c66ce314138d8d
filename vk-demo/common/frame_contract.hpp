// The frame contract: how a device (frame grabber, FPGA, VMM, the test
// producer) lays out frames in its BAR for vk-demo.  vk-demo/README.md
// ("The frame contract") is the prose version; this is the normative one.
//
// At a page-aligned offset of the BAR (vk-demo --offset, default 0) lies a
// FrameHeader, in its own 4 KiB page.  It names the frame format and up to
// max_slots slots, each a page-aligned frame elsewhere in the BAR (offsets
// relative to the header).  Every field is little-endian and naturally
// aligned; there is no padding.
//
// Seqlock rule, per slot: the writer makes `sequence` odd before it changes
// a byte of the slot's pixels or its `frame` field and even again once it
// is done; so a reader that saw the same even value before and after its
// read (for vk-demo: before the GPU submission that samples the slot and
// after its fence signalled) read a complete frame, and otherwise a torn
// one.  `sequence` 0 means never written.
//
// Producer slots are written only by the device.  The producer publishes a
// complete slot by storing its index in `latest_slot`, then the frame's
// number in `frame_counter`.  It never starts writing the slot named by
// `latest_slot` nor the one the consumer names in `consumer_slot` (a hint
// the consumer writes; the seqlock still decides), so with three producer
// slots a consumer that keeps up never sees a torn frame.
//
// Return slots (flag slot_flag_return) are written only by the consumer
// (vk-demo --render-into-bar), under the same seqlock rule: the device reads
// what the GPU drew there.
#pragma once

#include <cstddef>
#include <cstdint>

namespace vk_demo::contract
{

// "VFDF" in memory order.
inline constexpr std::uint32_t magic = 0x46444656u;
inline constexpr std::uint32_t version = 1;
inline constexpr std::uint32_t max_slots = 8;
// The header's page: dma-buf exports are page-granular, so the header and
// every slot start on a page boundary and the header owns its page.
inline constexpr std::uint32_t page_size = 4096;
// latest_slot / consumer_slot: no slot.
inline constexpr std::uint32_t no_slot = 0xffffffffu;

// DRM fourcc codes (drm_fourcc.h) of the formats the contract allows.
// XRGB8888: a 32-bit word 0xXXRRGGBB, in memory B, G, R, X.
inline constexpr std::uint32_t fourcc_xrgb8888 = 0x34325258u; // 'X' 'R' '2' '4'
// ABGR8888: a 32-bit word 0xAABBGGRR, in memory R, G, B, A.
inline constexpr std::uint32_t fourcc_abgr8888 = 0x34324241u; // 'A' 'B' '2' '4'
inline constexpr std::uint32_t bytes_per_pixel = 4;

// SlotDescriptor::flags
inline constexpr std::uint32_t slot_flag_return = 1u << 0;

struct SlotDescriptor {
	std::uint64_t offset;   // 0x00 of the slot's first pixel, from the header; page-aligned
	std::uint32_t sequence; // 0x08 seqlock: odd while written, even when complete, 0 never
	std::uint32_t flags;    // 0x0c slot_flag_*
	std::uint64_t frame;    // 0x10 number of the frame the slot holds
	std::uint64_t reserved; // 0x18 zero
};

struct FrameHeader {
	std::uint32_t magic;         // 0x00 contract::magic, written last at initialisation
	std::uint32_t version;       // 0x04 contract::version
	std::uint32_t header_size;   // 0x08 sizeof(FrameHeader)
	std::uint32_t width;         // 0x0c pixels
	std::uint32_t height;        // 0x10 rows
	std::uint32_t stride;        // 0x14 bytes from one row to the next, >= width * 4
	std::uint32_t fourcc;        // 0x18 fourcc_xrgb8888 or fourcc_abgr8888
	std::uint32_t slot_count;    // 0x1c entries of slots[] in use, 2..max_slots
	std::uint32_t latest_slot;   // 0x20 index of the latest complete producer slot, or no_slot
	std::uint32_t consumer_slot; // 0x24 written by the consumer: the slot it reads, or no_slot
	std::uint64_t
	        frame_counter; // 0x28 number of the latest complete frame (frames count from 1)
	std::uint64_t frame_period_ns;   // 0x30 the producer's nominal frame period, 0 if unknown
	std::uint64_t reserved;          // 0x38 zero
	SlotDescriptor slots[max_slots]; // 0x40
};

static_assert(sizeof(SlotDescriptor) == 32);
static_assert(offsetof(SlotDescriptor, offset) == 0x00);
static_assert(offsetof(SlotDescriptor, sequence) == 0x08);
static_assert(offsetof(SlotDescriptor, flags) == 0x0c);
static_assert(offsetof(SlotDescriptor, frame) == 0x10);
static_assert(offsetof(SlotDescriptor, reserved) == 0x18);

static_assert(offsetof(FrameHeader, magic) == 0x00);
static_assert(offsetof(FrameHeader, version) == 0x04);
static_assert(offsetof(FrameHeader, header_size) == 0x08);
static_assert(offsetof(FrameHeader, width) == 0x0c);
static_assert(offsetof(FrameHeader, height) == 0x10);
static_assert(offsetof(FrameHeader, stride) == 0x14);
static_assert(offsetof(FrameHeader, fourcc) == 0x18);
static_assert(offsetof(FrameHeader, slot_count) == 0x1c);
static_assert(offsetof(FrameHeader, latest_slot) == 0x20);
static_assert(offsetof(FrameHeader, consumer_slot) == 0x24);
static_assert(offsetof(FrameHeader, frame_counter) == 0x28);
static_assert(offsetof(FrameHeader, frame_period_ns) == 0x30);
static_assert(offsetof(FrameHeader, reserved) == 0x38);
static_assert(offsetof(FrameHeader, slots) == 0x40);
static_assert(sizeof(FrameHeader) == 0x140);
static_assert(sizeof(FrameHeader) <= page_size);

// Bytes a slot occupies: stride * height rounded up to whole pages.
constexpr std::uint64_t slot_bytes(std::uint32_t stride, std::uint32_t height)
{
	std::uint64_t bytes = std::uint64_t(stride) * height;
	return (bytes + page_size - 1) / page_size * page_size;
}

constexpr bool is_supported_fourcc(std::uint32_t fourcc)
{
	return fourcc == fourcc_xrgb8888 || fourcc == fourcc_abgr8888;
}

} // namespace vk_demo::contract
