#include "frame_layout.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <stdexcept>

namespace vk_demo
{

using namespace contract;

namespace
{

std::string hex(std::uint64_t v)
{
	char buf[32];
	std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
	return buf;
}

} // namespace

FrameHeader make_header(const LayoutRequest& r)
{
	const std::uint32_t stride = r.stride ? r.stride : r.width * bytes_per_pixel;
	const std::uint32_t slots = r.producer_slots + r.return_slots;
	if (r.width == 0 || r.height == 0)
		throw std::invalid_argument("frame size must not be 0");
	if (stride < r.width * bytes_per_pixel || stride % bytes_per_pixel)
		throw std::invalid_argument("stride " + std::to_string(stride) +
		                            " is not a multiple of 4 of at least width * 4 (" +
		                            std::to_string(r.width * bytes_per_pixel) + ")");
	if (!is_supported_fourcc(r.fourcc))
		throw std::invalid_argument("format " + fourcc_name(r.fourcc) +
		                            " is not XRGB8888 or ABGR8888");
	if (r.producer_slots < 2 || slots > max_slots)
		throw std::invalid_argument("need 2 or more producer slots and at most " +
		                            std::to_string(max_slots) + " slots in all");
	FrameHeader h{};
	h.version = version;
	h.header_size = sizeof(FrameHeader);
	h.width = r.width;
	h.height = r.height;
	h.stride = stride;
	h.fourcc = r.fourcc;
	h.slot_count = slots;
	h.latest_slot = no_slot;
	h.consumer_slot = no_slot;
	const std::uint64_t size = slot_bytes(stride, r.height);
	for (std::uint32_t i = 0; i < slots; ++i) {
		h.slots[i].offset = page_size + i * size;
		h.slots[i].flags = i >= r.producer_slots ? slot_flag_return : 0;
	}
	h.magic = magic;
	return h;
}

std::uint64_t layout_bytes(const FrameHeader& h)
{
	std::uint64_t end = page_size;
	const std::uint64_t size = slot_bytes(h.stride, h.height);
	for (std::uint32_t i = 0; i < std::min(h.slot_count, max_slots); ++i)
		end = std::max(end, h.slots[i].offset + size);
	return end;
}

std::string check_header(const FrameHeader& h, std::uint64_t header_offset, std::uint64_t bar_size)
{
	if (h.magic != magic)
		return "no frame header (magic " + hex(h.magic) + ", expected " + hex(magic) + ")";
	if (h.version != version)
		return "frame header version " + std::to_string(h.version) + ", this demo knows " +
		       std::to_string(version);
	if (h.header_size < sizeof(FrameHeader) || h.header_size > page_size)
		return "header_size " + std::to_string(h.header_size) + " is not in [" +
		       std::to_string(sizeof(FrameHeader)) + ", " + std::to_string(page_size) + "]";
	if (!is_supported_fourcc(h.fourcc))
		return "format " + fourcc_name(h.fourcc) + " is not XRGB8888 or ABGR8888";
	if (h.width == 0 || h.height == 0)
		return "frame size " + std::to_string(h.width) + "x" + std::to_string(h.height);
	if (h.stride < std::uint64_t(h.width) * bytes_per_pixel || h.stride % bytes_per_pixel)
		return "stride " + std::to_string(h.stride) + " for width " +
		       std::to_string(h.width);
	if (h.slot_count < 2 || h.slot_count > max_slots)
		return "slot_count " + std::to_string(h.slot_count) + " is not in [2, " +
		       std::to_string(max_slots) + "]";
	const std::uint64_t size = slot_bytes(h.stride, h.height);
	std::uint32_t producers = 0;
	for (std::uint32_t i = 0; i < h.slot_count; ++i) {
		const SlotDescriptor& s = h.slots[i];
		const std::string name = "slot " + std::to_string(i);
		if (s.offset % page_size)
			return name + " offset " + hex(s.offset) + " is not page-aligned";
		if (s.offset < page_size)
			return name + " offset " + hex(s.offset) + " overlaps the header page";
		if (header_offset + s.offset + size > bar_size)
			return name + " [" + hex(header_offset + s.offset) + ", +" + hex(size) +
			       ") leaves the BAR (" + hex(bar_size) + " bytes)";
		for (std::uint32_t j = 0; j < i; ++j) {
			const std::uint64_t o = h.slots[j].offset;
			if (s.offset < o + size && o < s.offset + size)
				return name + " overlaps slot " + std::to_string(j);
		}
		if (s.flags & ~slot_flag_return)
			return name + " has unknown flags " + hex(s.flags);
		if (!(s.flags & slot_flag_return))
			++producers;
	}
	if (producers < 2)
		return std::to_string(producers) + " producer slots, the contract needs 2 or more";
	if (h.latest_slot != no_slot &&
	    (h.latest_slot >= h.slot_count || (h.slots[h.latest_slot].flags & slot_flag_return)))
		return "latest_slot " + std::to_string(h.latest_slot) + " is not a producer slot";
	return {};
}

std::optional<std::uint32_t> return_slot(const FrameHeader& h, std::uint32_t from)
{
	for (std::uint32_t i = from; i < std::min(h.slot_count, max_slots); ++i)
		if (h.slots[i].flags & slot_flag_return)
			return i;
	return std::nullopt;
}

std::string fourcc_name(std::uint32_t fourcc)
{
	if (fourcc == fourcc_xrgb8888)
		return "XRGB8888";
	if (fourcc == fourcc_abgr8888)
		return "ABGR8888";
	return "fourcc " + hex(fourcc);
}

std::optional<std::uint32_t> parse_fourcc(const std::string& name)
{
	std::string up = name;
	std::transform(up.begin(), up.end(), up.begin(),
	               [](unsigned char c) { return char(std::toupper(c)); });
	if (up == "XRGB8888" || up == "XR24")
		return fourcc_xrgb8888;
	if (up == "ABGR8888" || up == "AB24")
		return fourcc_abgr8888;
	return std::nullopt;
}

} // namespace vk_demo
