#include "vfio_dmabuf/vulkan/fill_pass.hpp"

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

FillPass::FillPass(const Device& device)
    : device_(device), pipeline_(device, shaders::fill_pattern_comp(), 1, sizeof(Push), "fill pass")
{
}

void FillPass::run(const BufferRange& range, std::uint64_t seed, std::uint64_t base)
{
	if (range.size % 4 || base % 4 || range.size / 4 >= (1ull << 31))
		throw Error("fill pass: size " + std::to_string(range.size) + " and base " +
		                    std::to_string(base) +
		                    " must be multiples of 4, size below 8 GiB",
		            EINVAL);
	Push push{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32),
	          static_cast<std::uint32_t>(base), static_cast<std::uint32_t>(base >> 32),
	          static_cast<std::uint32_t>(range.size / 4)};
	const Access write{vk::PipelineStageFlagBits::eComputeShader,
	                   vk::AccessFlagBits::eShaderWrite};
	device_.submit("fill pass", [&](const vk::raii::CommandBuffer& cmd) {
		acquire_buffers(device_, cmd, {&range, 1}, write);
		pipeline_.dispatch(cmd, {&range, 1}, std::as_bytes(std::span(&push, 1)),
		                   push.word_count);
		release_buffers(device_, cmd, {&range, 1}, write);
	});
}

} // namespace vfio_dmabuf::vulkan
