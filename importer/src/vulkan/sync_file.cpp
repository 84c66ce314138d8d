#include "vfio_dmabuf/vulkan/sync_file.hpp"

#include "borrowed.hpp"
#include "vfio_dmabuf/vulkan/extensions.hpp"
#include "vfio_dmabuf/vulkan/vk_error.hpp"

#include <utility>

namespace vfio_dmabuf::vulkan
{
namespace
{

constexpr auto sync_fd = VK_EXTERNAL_SEMAPHORE_HANDLE_TYPE_SYNC_FD_BIT;

} // namespace

bool sync_file_supported(VkPhysicalDevice physical)
{
	if (!offers_extension(physical, VK_KHR_EXTERNAL_SEMAPHORE_FD_EXTENSION_NAME))
		return false;
	vk::PhysicalDeviceExternalSemaphoreInfo info(
	        vk::ExternalSemaphoreHandleTypeFlagBits::eSyncFd);
	vk::ExternalSemaphoreProperties props;
	vkGetPhysicalDeviceExternalSemaphoreProperties(
	        physical, reinterpret_cast<VkPhysicalDeviceExternalSemaphoreInfo*>(&info),
	        reinterpret_cast<VkExternalSemaphoreProperties*>(&props));
	const auto both = vk::ExternalSemaphoreFeatureFlagBits::eImportable |
	                  vk::ExternalSemaphoreFeatureFlagBits::eExportable;
	return (props.externalSemaphoreFeatures & both) == both;
}

Semaphore::Semaphore(const Target& target) : device_(target.device)
{
	if (!sync_file_supported(target.physical_device))
		throw MissingCapability("the Vulkan device cannot import and export semaphores as "
		                        "sync_files (VK_KHR_external_semaphore_fd, SYNC_FD)");
	auto create = detail::device_fn<PFN_vkCreateSemaphore>(target, "vkCreateSemaphore");
	destroy_ = detail::device_fn<PFN_vkDestroySemaphore>(target, "vkDestroySemaphore");
	VkExportSemaphoreCreateInfo exportable{VK_STRUCTURE_TYPE_EXPORT_SEMAPHORE_CREATE_INFO,
	                                       nullptr, sync_fd};
	VkSemaphoreCreateInfo info{VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO, &exportable, 0};
	VkSemaphore s = VK_NULL_HANDLE;
	check_vk("vkCreateSemaphore (exportable as a sync_file)",
	         create(target.device, &info, nullptr, &s));
	semaphore_ = s;
}

Semaphore::Semaphore(Semaphore&& o) noexcept
    : device_(std::exchange(o.device_, VK_NULL_HANDLE)),
      destroy_(std::exchange(o.destroy_, nullptr)), semaphore_(std::exchange(o.semaphore_, {}))
{
}

Semaphore& Semaphore::operator=(Semaphore&& o) noexcept
{
	if (this != &o) {
		reset();
		device_ = std::exchange(o.device_, VK_NULL_HANDLE);
		destroy_ = std::exchange(o.destroy_, nullptr);
		semaphore_ = std::exchange(o.semaphore_, {});
	}
	return *this;
}

Semaphore::~Semaphore()
{
	reset();
}

void Semaphore::reset() noexcept
{
	if (semaphore_ && destroy_)
		destroy_(device_, static_cast<VkSemaphore>(semaphore_), nullptr);
	semaphore_ = nullptr;
}

void import_sync_file(const Target& target, vk::Semaphore semaphore, UniqueFd sync_file)
{
	auto import_fd =
	        detail::device_fn<PFN_vkImportSemaphoreFdKHR>(target, "vkImportSemaphoreFdKHR");
	// SYNC_FD payloads are always temporary (the spec requires the flag).
	VkImportSemaphoreFdInfoKHR info{VK_STRUCTURE_TYPE_IMPORT_SEMAPHORE_FD_INFO_KHR,
	                                nullptr,
	                                static_cast<VkSemaphore>(semaphore),
	                                VK_SEMAPHORE_IMPORT_TEMPORARY_BIT,
	                                sync_fd,
	                                sync_file.get()};
	check_vk("vkImportSemaphoreFdKHR (sync_file " + std::to_string(sync_file.get()) + ")",
	         import_fd(target.device, &info));
	sync_file.release(); // Vulkan owns it now
}

UniqueFd export_sync_file(const Target& target, vk::Semaphore semaphore)
{
	auto get_fd = detail::device_fn<PFN_vkGetSemaphoreFdKHR>(target, "vkGetSemaphoreFdKHR");
	VkSemaphoreGetFdInfoKHR info{VK_STRUCTURE_TYPE_SEMAPHORE_GET_FD_INFO_KHR, nullptr,
	                             static_cast<VkSemaphore>(semaphore), sync_fd};
	int fd = -1;
	check_vk("vkGetSemaphoreFdKHR (as a sync_file)", get_fd(target.device, &info, &fd));
	return UniqueFd(fd);
}

} // namespace vfio_dmabuf::vulkan
