#include "vfio_dmabuf/testing/vulkan/copy_pass.hpp"

#include "vfio_dmabuf/shaders.hpp"
#include "vfio_dmabuf/vulkan/ownership_barriers.hpp"

namespace vfio_dmabuf::vulkan
{

CopyPass::CopyPass(const Device& device, std::optional<DispatchLimits> limits)
    : device_(device),
      pipeline_(device, shaders::copy_words_comp(), 2, sizeof(std::uint32_t), "copy pass", limits)
{
}

void CopyPass::run(const BufferRange& src, const BufferRange& dst)
{
	if (src.size != dst.size || src.size % 4)
		throw Error("copy pass: sizes " + std::to_string(src.size) + " and " +
		                    std::to_string(dst.size) + " must be equal multiples of 4",
		            EINVAL);
	if (src.buffer == dst.buffer && src.offset < dst.offset + dst.size &&
	    dst.offset < src.offset + src.size)
		throw Error("copy pass: source and destination overlap", EINVAL);
	const std::vector<Chunk> chunks = split_range(src.size, pipeline_.limits());
	const Access read{vk::PipelineStageFlagBits::eComputeShader,
	                  vk::AccessFlagBits::eShaderRead};
	const Access write{vk::PipelineStageFlagBits::eComputeShader,
	                   vk::AccessFlagBits::eShaderWrite};
	pipeline_.reset();
	device_.submit("copy pass", [&](const vk::raii::CommandBuffer& cmd) {
		acquire_buffers(device_, *cmd, {&src, 1}, read);
		acquire_buffers(device_, *cmd, {&dst, 1}, write);
		for (const Chunk& c : chunks) {
			// Disjoint chunks: no barrier between them.
			std::uint32_t words = static_cast<std::uint32_t>(c.size / 4);
			BufferRange bindings[] = {sub_range(src, c), sub_range(dst, c)};
			pipeline_.dispatch(cmd, bindings, std::as_bytes(std::span(&words, 1)),
			                   words);
		}
		release_buffers(device_, *cmd, {&src, 1}, read);
		release_buffers(device_, *cmd, {&dst, 1}, write);
	});
}

} // namespace vfio_dmabuf::vulkan
