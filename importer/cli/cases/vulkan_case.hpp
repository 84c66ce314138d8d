// What every vulkan.* case shares: a Vulkan instance (one for the whole run,
// Context::shared) and a device of its own under VK_LAYER_KHRONOS_validation
// whose errors fail the case, and dma-buf exports
// of the BAR under test that turn "this exporter cannot be imported here" into
// unsupported with the errno that proved it.
#pragma once

#include "common.hpp"
#include "vfio_dmabuf/dmabuf.hpp"
#include "vfio_dmabuf/testing/vulkan/device.hpp"
#include "vfio_dmabuf/testing/vulkan/instance.hpp"
#include "vfio_dmabuf/vulkan/buffer_import.hpp"
#include "vfio_dmabuf/vulkan/image_import.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

namespace vfio_dmabuf::cases
{

// How most cases use an imported buffer: compute storage, and copies both
// ways.
inline constexpr auto storage_usage = vk::BufferUsageFlagBits::eStorageBuffer |
                                      vk::BufferUsageFlagBits::eTransferSrc |
                                      vk::BufferUsageFlagBits::eTransferDst;

// One at a time: a second one would restart the shared validation log.
class VulkanCase
{
public:
	// The run's instance (created by the first case that needs it) and a
	// new device for `req` (the physical device chosen by --vk-device,
	// Context::vk_device()).  The instance's validation log starts afresh
	// for the case (ValidationLog::reset).  A
	// driver without the needed extensions is unsupported; a missing
	// validation layer is an Environment error.
	explicit VulkanCase(conformance::Context& ctx, vulkan::DeviceRequirements req = {});
	~VulkanCase();
	VulkanCase(const VulkanCase&) = delete;
	VulkanCase& operator=(const VulkanCase&) = delete;

	vulkan::Device& device() { return *device_; }

	// Exports `ranges` of the BAR under test and checks that the device can import the
	// result: a CPU device (lavapipe) imports by mmap(2), so an exporter
	// without mmap (stock kernels) makes the case unsupported with mmap's
	// errno.  A kernel that cannot export at all: unsupported (PROBE errno).
	DmaBuf export_importable(const VfioDevice& dev, std::span<const Range> ranges);

	// The library's imports, with MissingCapability (the driver cannot
	// import this usage or format) turned into unsupported.
	vulkan::ImportedBuffer import_buffer(const DmaBuf& buf, vk::BufferUsageFlags usage,
	                                     vk::DeviceSize size = 0);
	vulkan::ImportedImage import_image(const DmaBuf& buf, const vulkan::LinearLayout& layout,
	                                   vk::ImageUsageFlags usage);
	// The same, for a case that has another layout to try: a driver that
	// reports another layout back (LayoutMismatch) yields nullopt, with
	// the driver's answer logged; other MissingCapability is unsupported.
	std::optional<vulkan::ImportedImage> try_import_image(const DmaBuf& buf,
	                                                      const vulkan::LinearLayout& layout,
	                                                      vk::ImageUsageFlags usage);

	// Destroys the device (the layer reports leaked objects then) and fails
	// the case if the layer reported any error during the case.
	void finish();

private:
	conformance::Context& ctx_;
	std::shared_ptr<vulkan::Instance> instance_;
	std::optional<vulkan::Device> device_;
	bool finished_ = false;
};

// A seed for what case `tag` writes, distinct from the host's seed so that a
// write that never happened is detected.
std::uint64_t write_seed(const conformance::Context& ctx, std::uint64_t tag);

// pattern(seed) for [base, base + length) as bytes.
std::vector<std::uint8_t> expected_bytes(std::uint64_t seed, std::uint64_t base,
                                         std::size_t length);

// Fails naming `what` unless `bytes` equal pattern(seed) from `base` on.
void check_pattern(std::span<const std::uint8_t> bytes, std::uint64_t seed, std::uint64_t base,
                   const std::string& what);

} // namespace vfio_dmabuf::cases
