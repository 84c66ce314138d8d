// Seeded, position-dependent test pattern.  The byte at absolute offset `o`
// depends on the seed and on `o`, so data that is shifted, truncated or read
// from the wrong range does not match.  The host writes it into the file
// behind the BAR, the guest checks it (and the reverse for writes).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace vfio_dmabuf::pattern
{

// The pattern byte at absolute offset `offset` for `seed`.
std::uint8_t byte_at(std::uint64_t seed, std::uint64_t offset) noexcept;

// Writes the pattern for [base, base + out.size()) into `out`.
void fill(std::span<std::uint8_t> out, std::uint64_t seed, std::uint64_t base) noexcept;

// First absolute offset in [base, base + in.size()) whose byte differs from
// the pattern, or nullopt when all match.
std::optional<std::uint64_t> first_mismatch(std::span<const std::uint8_t> in, std::uint64_t seed,
                                            std::uint64_t base) noexcept;

// Position-dependent checksum of `in` taken as 32-bit little-endian words
// starting at absolute word index `base_word`: sum over i of
// word[i] * (2 * (base_word + i) + 1), modulo 2^32.  The compute shader
// computes the same value, so shifted or reordered data changes it.
std::uint32_t checksum32(std::span<const std::uint8_t> in, std::uint64_t base_word) noexcept;

} // namespace vfio_dmabuf::pattern
