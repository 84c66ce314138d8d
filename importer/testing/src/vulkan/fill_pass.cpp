#include "vfio_dmabuf/testing/vulkan/fill_pass.hpp"

#include "vfio_dmabuf/shaders.hpp"
#include "vfio_dmabuf/vulkan/ownership_barriers.hpp"

namespace vfio_dmabuf::vulkan
{
namespace
{

// Matches the push constant block of shaders/fill_pattern.comp.
struct Push {
	std::uint32_t seed_lo, seed_hi;
	std::uint32_t base_lo, base_hi;
	std::uint32_t word_count;
};

} // namespace

FillPass::FillPass(const Device& device, std::optional<DispatchLimits> limits)
    : device_(device),
      pipeline_(device, shaders::fill_pattern_comp(), 1, sizeof(Push), "fill pass", limits)
{
}

void FillPass::run(const BufferRange& range, std::uint64_t seed, std::uint64_t base)
{
	device_.submit("fill pass",
	               [&](const vk::raii::CommandBuffer& cmd) { record(cmd, range, seed, base); });
}

void FillPass::record(const vk::raii::CommandBuffer& cmd, const BufferRange& range,
                      std::uint64_t seed, std::uint64_t base)
{
	if (range.size % 4 || base % 4)
		throw Error("fill pass: size " + std::to_string(range.size) + " and base " +
		                    std::to_string(base) + " must be multiples of 4",
		            EINVAL);
	const std::vector<Chunk> chunks = split_range(range.size, pipeline_.limits());
	const Access write{vk::PipelineStageFlagBits::eComputeShader,
	                   vk::AccessFlagBits::eShaderWrite};
	pipeline_.reset();
	acquire_buffers(device_, *cmd, {&range, 1}, write);
	for (const Chunk& c : chunks) {
		// The chunks are disjoint: no barrier between them.
		std::uint64_t at = base + c.offset;
		Push push{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32),
		          static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(at >> 32),
		          static_cast<std::uint32_t>(c.size / 4)};
		BufferRange binding = sub_range(range, c);
		pipeline_.dispatch(cmd, {&binding, 1}, std::as_bytes(std::span(&push, 1)),
		                   push.word_count);
	}
	release_buffers(device_, *cmd, {&range, 1}, write);
}

} // namespace vfio_dmabuf::vulkan
