// A Vulkan instance (Vulkan 1.2) with VK_LAYER_KHRONOS_validation and a
// debug messenger that records its errors in a ValidationLog.
#pragma once

#include "vfio_dmabuf/testing/vulkan/validation_log.hpp"

#include <memory>
#include <optional>
#include <vulkan/vulkan_raii.hpp>

namespace vfio_dmabuf::vulkan
{

inline constexpr const char* validation_layer = "VK_LAYER_KHRONOS_validation";

struct InstanceOptions {
	// Enable VK_LAYER_KHRONOS_validation; throws Error naming the layer when
	// it is not installed.
	bool validation = true;
	const char* application = "vfio-dmabuf";
};

class Instance
{
public:
	explicit Instance(const InstanceOptions& options = {});
	Instance(Instance&&) = default;
	Instance& operator=(Instance&&) = default;

	const vk::raii::Instance& get() const noexcept { return instance_; }
	bool validation() const noexcept { return messenger_.has_value(); }
	ValidationLog& log() const noexcept { return *log_; }

private:
	std::unique_ptr<ValidationLog> log_; // stable address for the callback
	vk::raii::Context context_;
	vk::raii::Instance instance_{nullptr};
	std::optional<vk::raii::DebugUtilsMessengerEXT> messenger_;
};

} // namespace vfio_dmabuf::vulkan
