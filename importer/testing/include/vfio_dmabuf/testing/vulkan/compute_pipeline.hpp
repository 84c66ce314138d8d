// A compute pipeline over storage buffers: one descriptor set layout of
// `bindings` storage buffers (bindings 0..n-1) and push constants.  Every
// dispatch gets a descriptor set of its own, so that one command buffer
// may hold several (a pass over a range larger than maxStorageBufferRange
// dispatches once per chunk: dispatch_limits.hpp).
#pragma once

#include "vfio_dmabuf/testing/vulkan/device.hpp"
#include "vfio_dmabuf/testing/vulkan/dispatch_limits.hpp"
#include "vfio_dmabuf/vulkan/buffer_range.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>
#include <vulkan/vulkan_raii.hpp>

namespace vfio_dmabuf::vulkan
{

// Local size of every compute shader in shaders/.
inline constexpr std::uint32_t compute_local_size = 64;

class ComputePipeline
{
public:
	// `limits` (tests): act as if the device had these tighter limits.
	ComputePipeline(const Device& device, std::span<const std::uint32_t> spirv,
	                std::uint32_t bindings, std::uint32_t push_constant_size, std::string name,
	                std::optional<DispatchLimits> limits = {});

	// The device's limits, or the tighter ones given at construction.
	const DispatchLimits& limits() const noexcept { return limits_; }

	// Frees the descriptor sets of earlier dispatches.  Call before
	// recording a new command buffer, once the ones recorded before have
	// completed (Device::submit waits for them).
	void reset();

	// Points the bindings at `buffers` (one per binding, each at most
	// maxStorageBufferRange bytes at an offset that is a multiple of
	// minStorageBufferOffsetAlignment, else Error) in a new descriptor set,
	// binds the pipeline, pushes `push` and dispatches enough groups for
	// `items` (capped by maxComputeWorkGroupCount[0]; the shaders loop with
	// a grid stride).
	void dispatch(const vk::raii::CommandBuffer& cmd, std::span<const BufferRange> buffers,
	              std::span<const std::byte> push, std::uint64_t items);

	// Dispatches recorded since the last reset().
	std::size_t dispatch_count() const noexcept { return sets_.size(); }

	const std::string& name() const noexcept { return name_; }

private:
	struct Set {
		vk::raii::DescriptorPool pool;
		vk::raii::DescriptorSet set;
	};

	const Device& device_;
	std::string name_;
	std::uint32_t bindings_;
	DispatchLimits limits_;
	vk::raii::ShaderModule module_{nullptr};
	vk::raii::DescriptorSetLayout set_layout_{nullptr};
	vk::raii::PipelineLayout layout_{nullptr};
	vk::raii::Pipeline pipeline_{nullptr};
	std::vector<Set> sets_;
};

// `range`'s bytes [chunk.offset, chunk.offset + chunk.size).
inline BufferRange sub_range(const BufferRange& range, const Chunk& chunk)
{
	return {range.buffer, range.offset + chunk.offset, chunk.size, range.external};
}

} // namespace vfio_dmabuf::vulkan
