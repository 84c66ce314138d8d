#include "vfio_dmabuf/vulkan/quiescer.hpp"

#include "vfio_dmabuf/vulkan/vk_error.hpp"

namespace vfio_dmabuf::vulkan
{

Quiescer device_quiescer(const Device& device, std::function<void()> revalidate)
{
	return {"Vulkan device " + device.name(),
	        [&device] {
		        vk_call("vkDeviceWaitIdle on " + device.name() + " before a revoke",
		                [&] { device.get().waitIdle(); });
	        },
	        std::move(revalidate)};
}

} // namespace vfio_dmabuf::vulkan
