// A compute pipeline over storage buffers: one descriptor set of
// `bindings` storage buffers (bindings 0..n-1), push constants, and one
// descriptor set that is rewritten for each dispatch (submissions are
// synchronous, so it is never in use while rewritten).
#pragma once

#include "vfio_dmabuf/vulkan/buffer_range.hpp"
#include "vfio_dmabuf/vulkan/device.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <vulkan/vulkan_raii.hpp>

namespace vfio_dmabuf::vulkan
{

// Local size of every compute shader in shaders/.
inline constexpr std::uint32_t compute_local_size = 64;

class ComputePipeline
{
public:
	ComputePipeline(const Device& device, std::span<const std::uint32_t> spirv,
	                std::uint32_t bindings, std::uint32_t push_constant_size, std::string name);

	// Points the bindings at `buffers` (one per binding; offsets must be
	// multiples of minStorageBufferOffsetAlignment, else Error), binds the
	// pipeline, pushes `push` and dispatches enough groups for `items`
	// (capped; the shaders loop with a grid stride).
	void dispatch(const vk::raii::CommandBuffer& cmd, std::span<const BufferRange> buffers,
	              std::span<const std::byte> push, std::uint64_t items);

	const std::string& name() const noexcept { return name_; }

private:
	const Device& device_;
	std::string name_;
	std::uint32_t bindings_;
	vk::raii::ShaderModule module_{nullptr};
	vk::raii::DescriptorSetLayout set_layout_{nullptr};
	vk::raii::PipelineLayout layout_{nullptr};
	vk::raii::Pipeline pipeline_{nullptr};
	vk::raii::DescriptorPool pool_{nullptr};
	vk::raii::DescriptorSet set_{nullptr};
};

} // namespace vfio_dmabuf::vulkan
