#include "borrowed.hpp"

#include "vfio_dmabuf/error.hpp"
#include "vfio_dmabuf/vulkan/vk_error.hpp"

namespace vfio_dmabuf::vulkan::detail
{
namespace
{

void check(const Target& target)
{
	if (!target.instance || !target.physical_device || !target.device)
		throw Error(
		        "vfio_dmabuf::vulkan::Target needs instance, physical_device and device",
		        EINVAL);
}

} // namespace

Borrowed::Borrowed(const Target& target)
{
	check(target);
	instance_ = vk::raii::Instance(context_, target.instance);
	physical_ = vk::raii::PhysicalDevice(instance_, target.physical_device);
	device_ = vk::raii::Device(physical_, target.device);
	name_ = physical_.getProperties().deviceName.data();
}

Borrowed::~Borrowed()
{
	device_.release();
	physical_.release();
	instance_.release();
}

PFN_vkVoidFunction device_function(const Target& target, const char* name)
{
	check(target);
	PFN_vkVoidFunction fn = vkGetDeviceProcAddr(target.device, name);
	if (!fn)
		throw MissingCapability(std::string("the Vulkan device has no ") + name +
		                        " (is its extension enabled?)");
	return fn;
}

} // namespace vfio_dmabuf::vulkan::detail
