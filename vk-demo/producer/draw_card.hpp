// Drawing the test card (common/test_card.hpp) into a slot.
#pragma once

#include "common/frame_contract.hpp"

#include <cstdint>

namespace vk_demo::producer
{

// Writes frame `frame` of the card into the `height` rows at `dst`, `stride`
// bytes apart, in `fourcc`'s byte order; the bytes of each row past
// width * 4 are set to 0x5a (so a consumer that reads them shows stripes).
void draw_card(std::uint8_t* dst, std::uint32_t width, std::uint32_t height, std::uint32_t stride,
               std::uint32_t fourcc, std::uint64_t frame);

} // namespace vk_demo::producer
