// Vulkan failures as vfio_dmabuf::Error: the failing call, its context (device
// address, BAR, range) and the VkResult's name.
#pragma once

#include "vfio_dmabuf/error.hpp"

#include <string>
#include <utility>
#include <vulkan/vulkan_raii.hpp>

namespace vfio_dmabuf::vulkan
{

class VulkanError : public Error
{
public:
	// Message: "<what>: VK_ERROR_... (<result code>)".
	VulkanError(const std::string& what, vk::Result result);

	vk::Result result() const noexcept { return result_; }

private:
	vk::Result result_;
};

// "VK_ERROR_OUT_OF_DEVICE_MEMORY" for the result's value.
std::string result_name(vk::Result result);

[[noreturn]] void throw_vk(const std::string& what, vk::Result result);

// Runs `call` (a Vulkan-Hpp call that throws vk::SystemError) and rethrows
// its failure as VulkanError naming `what`.
template <class Call> decltype(auto) vk_call(const std::string& what, Call&& call)
{
	try {
		return std::forward<Call>(call)();
	} catch (const vk::SystemError& e) {
		throw_vk(what, static_cast<vk::Result>(e.code().value()));
	}
}

} // namespace vfio_dmabuf::vulkan
