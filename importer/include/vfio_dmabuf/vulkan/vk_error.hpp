// Vulkan failures as vfio_dmabuf::Error: the failing call, its context (device
// address, BAR, range) and the VkResult's name.
#pragma once

#include "vfio_dmabuf/error.hpp"

#include <string>
#include <utility>
#include <vulkan/vulkan.hpp>

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

// The driver or device lacks a capability the caller needs (an extension,
// a format, a usage, peer-to-peer access to the BAR): a refusal, not a bug.
// code() is EOPNOTSUPP; result() is the VkResult that proved it, if any.
class MissingCapability : public Error
{
public:
	explicit MissingCapability(const std::string& what,
	                           vk::Result result = vk::Result::eErrorFeatureNotPresent)
	    : Error(what, EOPNOTSUPP), result_(result)
	{
	}
	vk::Result result() const noexcept { return result_; }

private:
	vk::Result result_;
};

// "VK_ERROR_OUT_OF_DEVICE_MEMORY" for the result's value.
std::string result_name(vk::Result result);

[[noreturn]] void throw_vk(const std::string& what, vk::Result result);

// Throws VulkanError naming `what` unless `result` is VK_SUCCESS.
void check_vk(const std::string& what, VkResult result);

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
