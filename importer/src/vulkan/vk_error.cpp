#include "vfio_dmabuf/vulkan/vk_error.hpp"

namespace vfio_dmabuf::vulkan
{

std::string result_name(vk::Result result)
{
	// vk::to_string gives "ErrorOutOfDeviceMemory"; the C name is what
	// people search for.
	switch (static_cast<VkResult>(result)) {
#define VFIO_DMABUF_RESULT(r)                                                                      \
	case r:                                                                                    \
		return #r;
		VFIO_DMABUF_RESULT(VK_SUCCESS)
		VFIO_DMABUF_RESULT(VK_NOT_READY)
		VFIO_DMABUF_RESULT(VK_TIMEOUT)
		VFIO_DMABUF_RESULT(VK_INCOMPLETE)
		VFIO_DMABUF_RESULT(VK_ERROR_OUT_OF_HOST_MEMORY)
		VFIO_DMABUF_RESULT(VK_ERROR_OUT_OF_DEVICE_MEMORY)
		VFIO_DMABUF_RESULT(VK_ERROR_INITIALIZATION_FAILED)
		VFIO_DMABUF_RESULT(VK_ERROR_DEVICE_LOST)
		VFIO_DMABUF_RESULT(VK_ERROR_MEMORY_MAP_FAILED)
		VFIO_DMABUF_RESULT(VK_ERROR_LAYER_NOT_PRESENT)
		VFIO_DMABUF_RESULT(VK_ERROR_EXTENSION_NOT_PRESENT)
		VFIO_DMABUF_RESULT(VK_ERROR_FEATURE_NOT_PRESENT)
		VFIO_DMABUF_RESULT(VK_ERROR_INCOMPATIBLE_DRIVER)
		VFIO_DMABUF_RESULT(VK_ERROR_TOO_MANY_OBJECTS)
		VFIO_DMABUF_RESULT(VK_ERROR_FORMAT_NOT_SUPPORTED)
		VFIO_DMABUF_RESULT(VK_ERROR_FRAGMENTED_POOL)
		VFIO_DMABUF_RESULT(VK_ERROR_UNKNOWN)
		VFIO_DMABUF_RESULT(VK_ERROR_OUT_OF_POOL_MEMORY)
		VFIO_DMABUF_RESULT(VK_ERROR_INVALID_EXTERNAL_HANDLE)
		VFIO_DMABUF_RESULT(VK_ERROR_FRAGMENTATION)
		VFIO_DMABUF_RESULT(VK_ERROR_INVALID_OPAQUE_CAPTURE_ADDRESS)
		VFIO_DMABUF_RESULT(VK_ERROR_INVALID_DRM_FORMAT_MODIFIER_PLANE_LAYOUT_EXT)
		VFIO_DMABUF_RESULT(VK_ERROR_NOT_PERMITTED_KHR)
		VFIO_DMABUF_RESULT(VK_ERROR_VALIDATION_FAILED_EXT)
#undef VFIO_DMABUF_RESULT
	default:
		return "VkResult " + std::to_string(static_cast<int>(result));
	}
}

VulkanError::VulkanError(const std::string& what, vk::Result result)
    : Error(what + ": " + result_name(result), 0), result_(result)
{
}

void throw_vk(const std::string& what, vk::Result result)
{
	throw VulkanError(what, result);
}

void check_vk(const std::string& what, VkResult result)
{
	if (result != VK_SUCCESS)
		throw_vk(what, static_cast<vk::Result>(result));
}

} // namespace vfio_dmabuf::vulkan
