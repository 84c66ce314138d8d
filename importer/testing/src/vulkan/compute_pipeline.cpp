#include "vfio_dmabuf/testing/vulkan/compute_pipeline.hpp"

#include "vfio_dmabuf/vulkan/vk_error.hpp"

#include <algorithm>
#include <vector>

namespace vfio_dmabuf::vulkan
{

// Enough groups to keep every core of a CPU or GPU busy; the shaders loop
// over the rest.
static constexpr std::uint64_t max_groups = 1024;

ComputePipeline::ComputePipeline(const Device& device, std::span<const std::uint32_t> spirv,
                                 std::uint32_t bindings, std::uint32_t push_constant_size,
                                 std::string name, std::optional<DispatchLimits> limits)
    : device_(device), name_(std::move(name)), bindings_(bindings),
      limits_(DispatchLimits::of(device.properties().limits))
{
	if (limits)
		limits_ = limits_.tighter(*limits);
	limits_.chunk_bytes(); // throws if nothing fits
	const auto& dev = device.get();
	module_ = vk_call(name_ + ": vkCreateShaderModule", [&] {
		return vk::raii::ShaderModule(
		        dev, vk::ShaderModuleCreateInfo({}, spirv.size_bytes(), spirv.data()));
	});
	std::vector<vk::DescriptorSetLayoutBinding> slots;
	for (std::uint32_t i = 0; i < bindings; i++)
		slots.emplace_back(i, vk::DescriptorType::eStorageBuffer, 1,
		                   vk::ShaderStageFlagBits::eCompute);
	set_layout_ = vk_call(name_ + ": vkCreateDescriptorSetLayout", [&] {
		return vk::raii::DescriptorSetLayout(dev,
		                                     vk::DescriptorSetLayoutCreateInfo({}, slots));
	});
	vk::PushConstantRange push(vk::ShaderStageFlagBits::eCompute, 0, push_constant_size);
	vk::DescriptorSetLayout set_layout = *set_layout_;
	layout_ = vk_call(name_ + ": vkCreatePipelineLayout", [&] {
		return vk::raii::PipelineLayout(dev,
		                                vk::PipelineLayoutCreateInfo({}, set_layout, push));
	});
	vk::ComputePipelineCreateInfo info(
	        {},
	        vk::PipelineShaderStageCreateInfo({}, vk::ShaderStageFlagBits::eCompute, *module_,
	                                          "main"),
	        *layout_);
	pipeline_ = vk_call(name_ + ": vkCreateComputePipelines",
	                    [&] { return vk::raii::Pipeline(dev, nullptr, info); });
}

void ComputePipeline::reset()
{
	sets_.clear();
}

void ComputePipeline::dispatch(const vk::raii::CommandBuffer& cmd,
                               std::span<const BufferRange> buffers,
                               std::span<const std::byte> push, std::uint64_t items)
{
	if (buffers.size() != bindings_)
		throw Error(name_ + ": " + std::to_string(buffers.size()) + " buffers for " +
		                    std::to_string(bindings_) + " bindings",
		            EINVAL);
	std::vector<vk::DescriptorBufferInfo> infos;
	for (const BufferRange& r : buffers) {
		if (r.offset % limits_.offset_alignment)
			throw Error(
			        name_ + ": buffer offset " + std::to_string(r.offset) +
			                " is not a multiple of minStorageBufferOffsetAlignment " +
			                std::to_string(limits_.offset_alignment),
			        EINVAL);
		if (r.size > limits_.max_storage_range)
			throw Error(name_ + ": a binding of " + std::to_string(r.size) +
			                    " bytes exceeds maxStorageBufferRange " +
			                    std::to_string(limits_.max_storage_range),
			            EINVAL);
		infos.emplace_back(r.buffer, r.offset, r.size);
	}

	const auto& dev = device_.get();
	vk::DescriptorPoolSize size(vk::DescriptorType::eStorageBuffer, bindings_);
	vk::raii::DescriptorPool pool = vk_call(name_ + ": vkCreateDescriptorPool", [&] {
		return vk::raii::DescriptorPool(
		        dev,
		        vk::DescriptorPoolCreateInfo(
		                vk::DescriptorPoolCreateFlagBits::eFreeDescriptorSet, 1, size));
	});
	vk::DescriptorSetLayout set_layout = *set_layout_;
	vk::raii::DescriptorSet set = vk_call(name_ + ": vkAllocateDescriptorSets", [&] {
		vk::raii::DescriptorSets sets(dev,
		                              vk::DescriptorSetAllocateInfo(*pool, set_layout));
		return std::move(sets.front());
	});
	std::vector<vk::WriteDescriptorSet> writes;
	for (std::uint32_t i = 0; i < bindings_; i++)
		writes.emplace_back(*set, i, 0, 1, vk::DescriptorType::eStorageBuffer, nullptr,
		                    &infos[i]);
	dev.updateDescriptorSets(writes, {});

	cmd.bindPipeline(vk::PipelineBindPoint::eCompute, *pipeline_);
	cmd.bindDescriptorSets(vk::PipelineBindPoint::eCompute, *layout_, 0, *set, {});
	if (!push.empty())
		cmd.pushConstants<std::byte>(*layout_, vk::ShaderStageFlagBits::eCompute, 0, push);
	const std::uint64_t cap = std::min<std::uint64_t>(max_groups, limits_.max_group_count_x);
	std::uint64_t groups = std::clamp<std::uint64_t>(
	        (items + compute_local_size - 1) / compute_local_size, 1, cap);
	cmd.dispatch(static_cast<std::uint32_t>(groups), 1, 1);
	sets_.push_back({std::move(pool), std::move(set)});
}

} // namespace vfio_dmabuf::vulkan
