// The application's Vulkan handles (a Target) seen through Vulkan-Hpp RAII
// objects with the library's own dispatchers.  They are borrowed: the
// destructor releases them, never destroys them.  Objects created through
// them (vk::raii::Image, ...) must be released into plain handles before
// the Borrowed goes, which is what the import functions do.
#pragma once

#include "vfio_dmabuf/vulkan/target.hpp"

#include <vulkan/vulkan_raii.hpp>

namespace vfio_dmabuf::vulkan::detail
{

class Borrowed
{
public:
	explicit Borrowed(const Target& target);
	~Borrowed();
	Borrowed(const Borrowed&) = delete;
	Borrowed& operator=(const Borrowed&) = delete;

	const vk::raii::PhysicalDevice& physical() const noexcept { return physical_; }
	const vk::raii::Device& device() const noexcept { return device_; }
	// "llvmpipe (LLVM 19.1.7, 256 bits)"
	const std::string& name() const noexcept { return name_; }

private:
	vk::raii::Context context_;
	vk::raii::Instance instance_{nullptr};
	vk::raii::PhysicalDevice physical_{nullptr};
	vk::raii::Device device_{nullptr};
	std::string name_;
};

// vkGetDeviceProcAddr(target.device, name) through the target's loader;
// throws MissingCapability naming `name` when the device has no such
// function (its extension is not enabled).
PFN_vkVoidFunction device_function(const Target& target, const char* name);

template <class Fn> Fn device_fn(const Target& target, const char* name)
{
	return reinterpret_cast<Fn>(device_function(target, name));
}

} // namespace vfio_dmabuf::vulkan::detail
