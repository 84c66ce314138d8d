#include "vulkan_case.hpp"

#include "../conformance/runner.hpp"
#include "vfio_dmabuf/testing/pattern.hpp"
#include "vfio_dmabuf/testing/vulkan/device_requirements.hpp"
#include "vfio_dmabuf/testing/vulkan/validation_log.hpp"

#include <cstdlib>
#include <sys/mman.h>

namespace vfio_dmabuf::cases
{

using namespace conformance;

namespace
{

// Instance creation with the validation layer is the larger part of what a
// device costs (under TCG ~1 s for the instance against ~0.5 s for the
// device), so the run keeps one.  Forked children never use it: they make
// their own after the fork.
std::shared_ptr<vulkan::Instance> shared_instance(Context& ctx)
{
	std::shared_ptr<void>& slot = ctx.shared("vulkan.instance");
	if (!slot) {
		int before = count_open_fds();
		auto instance = std::make_shared<vulkan::Instance>();
		ctx.add_held_fds(count_open_fds() - before);
		slot = instance;
	}
	return std::static_pointer_cast<vulkan::Instance>(slot);
}

} // namespace

VulkanCase::VulkanCase(Context& ctx, vulkan::DeviceRequirements req) : ctx_(ctx)
{
	req.device = ctx.vk_device();
	try {
		instance_ = shared_instance(ctx);
		instance_->log().reset();
		device_.emplace(*instance_, req);
	} catch (const vulkan::MissingCapability& e) {
		unsupported(e.what(), e.code());
	} catch (const std::exception& e) {
		// No loader, no validation layer, a driver that fails to
		// initialise: the machine is not set up for these cases.
		throw Environment(std::string("Vulkan setup: ") + e.what());
	}
	ctx_.log("Vulkan device: " + device_->name() + " (" +
	         vk::to_string(device_->properties().deviceType) + ", " +
	         (device_->drm_format_modifiers() ? "with" : "without") + " DRM format modifiers)");
}

VulkanCase::~VulkanCase()
{
	if (finished_ || !instance_)
		return;
	// The case is leaving early (failure, unsupported): keep what the layer
	// said, it often explains the failure.
	device_.reset();
	for (const std::string& e : instance_->log().ignored())
		ctx_.log("validation (ignored): " + e);
	for (const std::string& e : instance_->log().errors())
		ctx_.log("validation: " + e);
}

DmaBuf VulkanCase::export_importable(const VfioDevice& dev, std::span<const Range> ranges)
{
	require_export(dev);
	DmaBuf buf = export_dma_buf(dev, bar_index(), ranges);
	if (device_->is_cpu()) {
		// lavapipe mmaps the whole dma-buf at import.
		Mapping probe = map_or_unsupported(buf, PROT_READ | PROT_WRITE);
	}
	return buf;
}

vulkan::ImportedBuffer VulkanCase::import_buffer(const DmaBuf& buf, vk::BufferUsageFlags usage,
                                                 vk::DeviceSize size)
{
	try {
		return vulkan::import_buffer(*device_, buf, usage, size);
	} catch (const vulkan::MissingCapability& e) {
		unsupported(e.what(), e.code());
	}
}

vulkan::ImportedImage VulkanCase::import_image(const DmaBuf& buf,
                                               const vulkan::LinearLayout& layout,
                                               vk::ImageUsageFlags usage)
{
	try {
		return vulkan::import_image(*device_, buf, layout, usage);
	} catch (const vulkan::MissingCapability& e) {
		unsupported(e.what(), e.code());
	}
}

std::optional<vulkan::ImportedImage> VulkanCase::try_import_image(const DmaBuf& buf,
                                                                  const vulkan::LinearLayout& layout,
                                                                  vk::ImageUsageFlags usage)
{
	try {
		return vulkan::import_image(*device_, buf, layout, usage);
	} catch (const vulkan::LayoutMismatch& e) {
		ctx_.log(std::string("refused, the driver's layout differs: ") + e.what());
		return std::nullopt;
	} catch (const vulkan::MissingCapability& e) {
		unsupported(e.what(), e.code());
	}
}

void VulkanCase::finish()
{
	finished_ = true;
	device_.reset();
	const vulkan::ValidationLog& log = instance_->log();
	auto errors = log.errors(), ignored = log.ignored(), warnings = log.warnings();
	for (const std::string& w : warnings)
		ctx_.log("validation warning: " + w);
	for (const std::string& e : ignored)
		ctx_.log("validation (ignored): " + e);
	for (const std::string& e : errors)
		ctx_.log("validation: " + e);
	check(errors.empty(), std::to_string(errors.size()) + " validation error(s), first: " +
	                              (errors.empty() ? std::string() : errors.front()));
}

std::uint64_t write_seed(const Context& ctx, std::uint64_t tag)
{
	return ctx.seed() ^ (tag * 0x9e3779b97f4a7c15ull);
}

std::vector<std::uint8_t> expected_bytes(std::uint64_t seed, std::uint64_t base, std::size_t length)
{
	std::vector<std::uint8_t> out(length);
	pattern::fill(out, seed, base);
	return out;
}

void check_pattern(std::span<const std::uint8_t> bytes, std::uint64_t seed, std::uint64_t base,
                   const std::string& what)
{
	if (auto bad = pattern::first_mismatch(bytes, seed, base))
		fail(what + ": byte for BAR offset " + hex(*bad) + " is " +
		     hex(bytes[*bad - base]) + ", the pattern has " +
		     hex(pattern::byte_at(seed, *bad)));
}

} // namespace vfio_dmabuf::cases
