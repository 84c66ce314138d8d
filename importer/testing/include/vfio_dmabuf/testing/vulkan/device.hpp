// The test support's own logical device (the CLI's cases, the unit tests):
// the extensions of DeviceRequirements enabled, one queue with graphics and
// compute, a command pool for synchronous one-shot submissions.  It hands
// the library a Target, as an application would with its own device.
#pragma once

#include "vfio_dmabuf/testing/vulkan/device_requirements.hpp"
#include "vfio_dmabuf/testing/vulkan/instance.hpp"
#include "vfio_dmabuf/vulkan/target.hpp"

#include <functional>
#include <string>
#include <vulkan/vulkan_raii.hpp>

namespace vfio_dmabuf::vulkan
{

class Device
{
public:
	// Throws MissingCapability when no device fits `req`.
	Device(const Instance& instance, const DeviceRequirements& req = {});

	const vk::raii::PhysicalDevice& physical() const noexcept { return physical_; }
	const vk::raii::Device& get() const noexcept { return device_; }
	const vk::PhysicalDeviceProperties& properties() const noexcept { return properties_; }
	std::string name() const { return properties_.deviceName.data(); }
	// A CPU implementation (lavapipe): imports dma-bufs by mmap(2).
	bool is_cpu() const noexcept
	{
		return properties_.deviceType == vk::PhysicalDeviceType::eCpu;
	}
	ValidationLog& log() const noexcept { return log_; }

	// What the library's import functions take.
	const Target& target() const noexcept { return target_; }
	operator const Target&() const noexcept { return target_; }

	bool enabled(const char* extension) const;
	bool drm_format_modifiers() const
	{
		return enabled(VK_EXT_IMAGE_DRM_FORMAT_MODIFIER_EXTENSION_NAME);
	}

	std::uint32_t queue_family() const noexcept { return queue_family_; }

	// Index of a memory type in `type_bits` with all of `flags`; throws
	// Error naming `what` when there is none.
	std::uint32_t memory_type(std::uint32_t type_bits, vk::MemoryPropertyFlags flags,
	                          const std::string& what) const;

	// A submission in flight (submit_async).  Destroying it waits for it
	// (the command buffer and fence must outlive the device's use of them).
	class Submission
	{
	public:
		Submission(Submission&&) noexcept = default;
		Submission& operator=(Submission&&) = delete;
		~Submission();

		// Waits up to `timeout_ns`: true once the submission completed,
		// false when it is still pending.  Errors (device lost) throw.
		bool wait(std::uint64_t timeout_ns) const;

	private:
		friend class Device;
		Submission(const Device& device, std::string what, vk::raii::CommandBuffers cmds,
		           vk::raii::Fence fence);

		const Device* device_;
		std::string what_;
		vk::raii::CommandBuffers cmds_;
		vk::raii::Fence fence_;
	};

	// Records one command buffer with `record`, submits it and waits for it
	// (bounded wait; a hang is an Error naming `what`).  `wait` and
	// `signal` (may be null) are binary semaphores the submission waits for
	// (at `wait_stage`) and signals.
	void submit(const std::string& what,
	            const std::function<void(const vk::raii::CommandBuffer&)>& record,
	            vk::Semaphore wait = {}, vk::PipelineStageFlags wait_stage = {},
	            vk::Semaphore signal = {}) const;

	// The same, without waiting: for a submission that waits for a fence
	// the caller signals later.
	Submission submit_async(const std::string& what,
	                        const std::function<void(const vk::raii::CommandBuffer&)>& record,
	                        vk::Semaphore wait = {}, vk::PipelineStageFlags wait_stage = {},
	                        vk::Semaphore signal = {}) const;

	// How long submit() waits before it calls a submission hung.
	static constexpr std::uint64_t submit_timeout_ns = 120'000'000'000ull;

private:
	void note_modifier_list2_defect();

	ValidationLog& log_;
	vk::raii::PhysicalDevice physical_;
	vk::PhysicalDeviceProperties properties_;
	std::vector<std::string> extensions_;
	std::uint32_t queue_family_ = 0;
	vk::raii::Device device_{nullptr};
	vk::raii::Queue queue_{nullptr};
	vk::raii::CommandPool pool_{nullptr};
	Target target_;
};

} // namespace vfio_dmabuf::vulkan
