#include "vfio_dmabuf/testing/vulkan/checksum_pass.hpp"

#include "vfio_dmabuf/shaders.hpp"
#include "vfio_dmabuf/vulkan/ownership_barriers.hpp"

#include <cstring>

namespace vfio_dmabuf::vulkan
{
namespace
{

struct Push {
	std::uint32_t word_count;
	std::uint32_t base_word;
};

} // namespace

ChecksumPass::ChecksumPass(const Device& device, std::optional<DispatchLimits> limits)
    : device_(device),
      pipeline_(device, shaders::checksum_comp(), 2, sizeof(Push), "checksum pass", limits),
      result_(device, 4,
              vk::BufferUsageFlagBits::eStorageBuffer | vk::BufferUsageFlagBits::eTransferDst,
              "checksum result")
{
}

std::uint32_t ChecksumPass::run(const BufferRange& range, std::uint64_t base_word)
{
	if (range.size % 4)
		throw Error("checksum pass: range size " + std::to_string(range.size) +
		                    " is not a multiple of 4",
		            EINVAL);
	const std::vector<Chunk> chunks = split_range(range.size, pipeline_.limits());
	BufferRange result = result_.whole();
	const Access read{vk::PipelineStageFlagBits::eComputeShader,
	                  vk::AccessFlagBits::eShaderRead};
	const Access update{vk::PipelineStageFlagBits::eComputeShader,
	                    vk::AccessFlagBits::eShaderRead | vk::AccessFlagBits::eShaderWrite};
	pipeline_.reset();
	device_.submit("checksum pass", [&](const vk::raii::CommandBuffer& cmd) {
		cmd.fillBuffer(result.buffer, 0, 4, 0);
		vk::BufferMemoryBarrier cleared(vk::AccessFlagBits::eTransferWrite, update.access,
		                                VK_QUEUE_FAMILY_IGNORED, VK_QUEUE_FAMILY_IGNORED,
		                                result.buffer, 0, 4);
		cmd.pipelineBarrier(vk::PipelineStageFlagBits::eTransfer, update.stage, {}, {},
		                    cleared, {});
		acquire_buffers(device_, *cmd, {&range, 1}, read);
		for (std::size_t i = 0; i < chunks.size(); i++) {
			if (i > 0) {
				// Each dispatch adds its partial sums to the same word.
				vk::BufferMemoryBarrier added(
				        update.access, update.access, VK_QUEUE_FAMILY_IGNORED,
				        VK_QUEUE_FAMILY_IGNORED, result.buffer, 0, 4);
				cmd.pipelineBarrier(update.stage, update.stage, {}, {}, added, {});
			}
			// Only the low 32 bits of the index matter modulo 2^32.
			Push push{static_cast<std::uint32_t>(chunks[i].size / 4),
			          static_cast<std::uint32_t>(base_word + chunks[i].offset / 4)};
			BufferRange bindings[] = {sub_range(range, chunks[i]), result};
			pipeline_.dispatch(cmd, bindings, std::as_bytes(std::span(&push, 1)),
			                   push.word_count);
		}
		release_buffers(device_, *cmd, {&range, 1}, read);
		release_buffers(device_, *cmd, {&result, 1}, update);
	});
	std::uint32_t sum;
	std::memcpy(&sum, result_.bytes().data(), sizeof(sum));
	return sum;
}

} // namespace vfio_dmabuf::vulkan
