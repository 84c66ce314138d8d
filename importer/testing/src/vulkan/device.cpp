#include "vfio_dmabuf/testing/vulkan/device.hpp"

#include "vfio_dmabuf/vulkan/drm_modifier_properties.hpp"
#include "vfio_dmabuf/vulkan/extensions.hpp"
#include "vfio_dmabuf/vulkan/vk_error.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace vfio_dmabuf::vulkan
{
Device::Device(const Instance& instance, const DeviceRequirements& req)
    : log_(instance.log()), physical_(select_physical_device(instance.get(), req)),
      properties_(physical_.getProperties())
{
	const auto both = vk::QueueFlagBits::eGraphics | vk::QueueFlagBits::eCompute;
	auto families = physical_.getQueueFamilyProperties();
	for (std::uint32_t i = 0; i < families.size(); i++) {
		if ((families[i].queueFlags & both) == both) {
			queue_family_ = i;
			break;
		}
	}

	// What an application importing dma-bufs enables (extensions.hpp);
	// without dma_buf (tests of the passes on ordinary memory) nothing.
	// The host pointer import only where the driver has it.
	std::vector<const char*> exts;
	if (req.dma_buf)
		exts = device_extensions(*physical_);
	const char* host_pointer = VK_EXT_EXTERNAL_MEMORY_HOST_EXTENSION_NAME;
	if (req.host_pointer && offers_extension(*physical_, host_pointer))
		exts.push_back(host_pointer);
	for (const char* e : exts)
		extensions_.emplace_back(e);

	float priority = 1.0f;
	vk::DeviceQueueCreateInfo queue_info({}, queue_family_, 1, &priority);
	vk::DeviceCreateInfo info({}, queue_info, {}, exts);
	device_ = vk_call("vkCreateDevice on " + name(),
	                  [&] { return vk::raii::Device(physical_, info); });
	queue_ = vk::raii::Queue(device_, queue_family_, 0);
	if (drm_format_modifiers())
		note_modifier_list2_defect();
	pool_ = vk_call("vkCreateCommandPool", [&] {
		return vk::raii::CommandPool(
		        device_, vk::CommandPoolCreateInfo(
		                         vk::CommandPoolCreateFlagBits::eTransient, queue_family_));
	});
	target_ = Target{*instance.get(), *physical_, *device_, queue_family_,
	                 drm_format_modifiers()};
}

void Device::note_modifier_list2_defect()
{
	// With Vulkan 1.3 the validation layer takes DRM-modifier format
	// features from VkDrmFormatModifierPropertiesList2EXT.  A driver that
	// lists LINEAR only in the older list (lavapipe 25.0) makes every view
	// of a modifier image look featureless to the layer.
	if (properties_.apiVersion < VK_API_VERSION_1_3)
		return;
	const auto probe = vk::Format::eR8G8B8A8Unorm;
	if (!linear_modifier_features(*physical_, probe) ||
	    modifier_count_list2(*physical_, probe) != 0)
		return;
	log_.ignore(
	        "VUID-VkImageViewCreateInfo-None-02273", "VK_IMAGE_TILING_DRM_FORMAT_MODIFIER_EXT",
	        "driver defect (" + name() +
	                " lists DRM_FORMAT_MOD_LINEAR in VkDrmFormatModifierPropertiesListEXT but "
	                "leaves VkDrmFormatModifierPropertiesList2EXT empty)");
}

bool Device::enabled(const char* extension) const
{
	return std::find(extensions_.begin(), extensions_.end(), extension) != extensions_.end();
}

std::uint32_t Device::memory_type(std::uint32_t type_bits, vk::MemoryPropertyFlags flags,
                                  const std::string& what) const
{
	auto mem = physical_.getMemoryProperties();
	for (std::uint32_t i = 0; i < mem.memoryTypeCount; i++)
		if ((type_bits & (1u << i)) && (mem.memoryTypes[i].propertyFlags & flags) == flags)
			return i;
	throw Error(
	        what + ": no memory type in bits 0x" +
	                [&] {
		                char buf[16];
		                std::snprintf(buf, sizeof(buf), "%x", type_bits);
		                return std::string(buf);
	                }() +
	                " has " + vk::to_string(flags) + " on " + name(),
	        0);
}

void Device::submit(const std::string& what,
                    const std::function<void(const vk::raii::CommandBuffer&)>& record,
                    vk::Semaphore wait, vk::PipelineStageFlags wait_stage,
                    vk::Semaphore signal) const
{
	Submission s = submit_async(what, record, wait, wait_stage, signal);
	if (!s.wait(submit_timeout_ns))
		throw_vk(what + ": vkWaitForFences (gave up after " +
		                 std::to_string(submit_timeout_ns / 1'000'000'000ull) + " s)",
		         vk::Result::eTimeout);
}

Device::Submission Device::submit_async(
        const std::string& what, const std::function<void(const vk::raii::CommandBuffer&)>& record,
        vk::Semaphore wait, vk::PipelineStageFlags wait_stage, vk::Semaphore signal) const
{
	vk::raii::CommandBuffers cmds = vk_call(what + ": vkAllocateCommandBuffers", [&] {
		return vk::raii::CommandBuffers(
		        device_,
		        vk::CommandBufferAllocateInfo(*pool_, vk::CommandBufferLevel::ePrimary, 1));
	});
	const vk::raii::CommandBuffer& cmd = cmds.front();
	vk_call(what + ": vkBeginCommandBuffer", [&] {
		cmd.begin(
		        vk::CommandBufferBeginInfo(vk::CommandBufferUsageFlagBits::eOneTimeSubmit));
	});
	record(cmd);
	vk_call(what + ": vkEndCommandBuffer", [&] { cmd.end(); });

	vk::raii::Fence fence = vk_call(what + ": vkCreateFence", [&] {
		return vk::raii::Fence(device_, vk::FenceCreateInfo());
	});
	vk::CommandBuffer handle = *cmd;
	vk::SubmitInfo submit({}, {}, handle);
	if (wait) {
		submit.setWaitSemaphores(wait);
		submit.setWaitDstStageMask(wait_stage);
	}
	if (signal)
		submit.setSignalSemaphores(signal);
	vk_call(what + ": vkQueueSubmit", [&] { queue_.submit(submit, *fence); });
	return Submission(*this, what, std::move(cmds), std::move(fence));
}

Device::Submission::Submission(const Device& device, std::string what,
                               vk::raii::CommandBuffers cmds, vk::raii::Fence fence)
    : device_(&device), what_(std::move(what)), cmds_(std::move(cmds)), fence_(std::move(fence))
{
}

bool Device::Submission::wait(std::uint64_t timeout_ns) const
{
	vk::Result r = vk_call(what_ + ": vkWaitForFences", [&] {
		return device_->device_.waitForFences(*fence_, VK_TRUE, timeout_ns);
	});
	if (r == vk::Result::eTimeout)
		return false;
	if (r != vk::Result::eSuccess)
		throw_vk(what_ + ": vkWaitForFences", r);
	return true;
}

Device::Submission::~Submission()
{
	if (!*fence_)
		return; // moved from
	try {
		if (wait(submit_timeout_ns))
			return;
	} catch (const std::exception&) {
	}
	// Hung or lost: the fence and command buffer must not be destroyed
	// while the device may still use them.
	try {
		device_->device_.waitIdle();
	} catch (const std::exception&) {
	}
}

} // namespace vfio_dmabuf::vulkan
