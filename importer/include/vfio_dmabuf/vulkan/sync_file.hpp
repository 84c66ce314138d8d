// Explicit sync between Vulkan and other users of a dma-buf: sync_file fds
// (VK_KHR_external_semaphore_fd, handle type SYNC_FD) in and out of binary
// semaphores.  With DmaBuf::export_sync_file() / import_sync_file() this lets
// a submission wait for, and signal, other devices' work on the same
// dma-buf:
//
//   // wait for whatever writes the dma-buf's fences promise
//   Semaphore ready(target);
//   import_sync_file(target, ready.get(), buf.export_sync_file(DMA_BUF_SYNC_WRITE));
//   ... submit with `ready` as a wait semaphore, and `done` as a signal ...
//   buf.import_sync_file(export_sync_file(target, done.get()), DMA_BUF_SYNC_WRITE);
//
// The device must have VK_KHR_external_semaphore_fd enabled, and the driver
// must support SYNC_FD import/export (sync_file_supported()).
#pragma once

#include "vfio_dmabuf/unique_fd.hpp"
#include "vfio_dmabuf/vulkan/target.hpp"

#include <vulkan/vulkan.hpp>

namespace vfio_dmabuf::vulkan
{

// Whether `physical` can import and export binary semaphores as sync_files.
bool sync_file_supported(VkPhysicalDevice physical);

// An owned binary semaphore that can be exported as a sync_file.
class Semaphore
{
public:
	explicit Semaphore(const Target& target);
	Semaphore(Semaphore&&) noexcept;
	Semaphore& operator=(Semaphore&&) noexcept;
	~Semaphore();

	vk::Semaphore get() const noexcept { return semaphore_; }

private:
	void reset() noexcept;
	VkDevice device_ = VK_NULL_HANDLE;
	PFN_vkDestroySemaphore destroy_ = nullptr;
	vk::Semaphore semaphore_;
};

// Gives `semaphore` the fence of `sync_file` as a temporary payload: the
// next wait on it waits for that fence.  Vulkan takes the fd on success; on
// failure it is closed here.  Throws VulkanError / MissingCapability.
void import_sync_file(const Target& target, vk::Semaphore semaphore, UniqueFd sync_file);

// A sync_file for the signal operation queued on `semaphore` (submitted
// already); the semaphore is then unsignalled again, as the spec says for
// SYNC_FD export.
UniqueFd export_sync_file(const Target& target, vk::Semaphore semaphore);

} // namespace vfio_dmabuf::vulkan
