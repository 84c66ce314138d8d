#include "vfio_dmabuf/vulkan/quiescer.hpp"

#include "borrowed.hpp"
#include "vfio_dmabuf/vulkan/vk_error.hpp"

namespace vfio_dmabuf::vulkan
{

Quiescer device_quiescer(const Target& target, std::string name, std::function<void()> revalidate)
{
	auto wait_idle = detail::device_fn<PFN_vkDeviceWaitIdle>(target, "vkDeviceWaitIdle");
	VkDevice device = target.device;
	return {name,
	        [wait_idle, device, name] {
		        check_vk("vkDeviceWaitIdle on " + name + " before a revoke",
		                 wait_idle(device));
	        },
	        std::move(revalidate)};
}

} // namespace vfio_dmabuf::vulkan
