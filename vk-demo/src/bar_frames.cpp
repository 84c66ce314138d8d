#include "bar_frames.hpp"

#include "common/frame_layout.hpp"
#include "vfio_dmabuf/error.hpp"
#include "vfio_dmabuf/export.hpp"
#include "vfio_dmabuf/vulkan/vk_error.hpp"

#include <sys/mman.h>
#include <sys/utsname.h>

namespace vk_demo
{

using vfio_dmabuf::Error;
namespace vkd = vfio_dmabuf::vulkan;

std::string kernel_release()
{
	utsname u{};
	return uname(&u) == 0 ? u.release : "(unknown)";
}

namespace
{

std::string hex(std::uint64_t v)
{
	char buf[32];
	std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
	return buf;
}

vk::Format vulkan_format(std::uint32_t fourcc)
{
	// XRGB8888 is B, G, R, X in memory: B8G8R8A8 (X read as alpha, unused);
	// ABGR8888 is R, G, B, A: R8G8B8A8.
	return fourcc == contract::fourcc_abgr8888 ? vk::Format::eR8G8B8A8Unorm
	                                           : vk::Format::eB8G8R8A8Unorm;
}

// The VkResult behind an import failure, for the one-line message.
std::string import_reason(const Error& e)
{
	if (auto m = dynamic_cast<const vkd::MissingCapability*>(&e))
		return vkd::result_name(m->result());
	if (auto v = dynamic_cast<const vkd::VulkanError*>(&e))
		return vkd::result_name(v->result());
	return e.what();
}

} // namespace

BarFrames::BarFrames(const Options& o, const VulkanContext& vk)
    : device_(vfio_dmabuf::VfioDevice::open(o.device)), bar_(o.bar), offset_(o.offset)
{
	const std::string bar_name = device_.address() + " BAR" + std::to_string(bar_);
	if (bar_ >= device_.num_regions())
		throw Error(bar_name + ": the device has " + std::to_string(device_.num_regions()) +
		                    " regions",
		            ENODEV);
	bar_size_ = device_.region(bar_).size;
	if (offset_ + contract::page_size > bar_size_)
		throw Error(bar_name + ": --offset " + hex(offset_) + " is past the BAR's " +
		                    hex(bar_size_) + " bytes",
		            EINVAL);

	// The header: its own one-page dma-buf, mapped; where the kernel cannot
	// mmap dma-bufs, the vfio region's mmap of the same page.
	header_buf_ = export_range(offset_, contract::page_size, "frame header");
	try {
		header_map_ = header_buf_.map(PROT_READ | PROT_WRITE, 0, contract::page_size);
		header_access_ = "dma-buf";
	} catch (const Error&) {
		const auto region = device_.region(bar_);
		if (!region.mappable())
			throw;
		header_map_ = vfio_dmabuf::Mapping(device_.fd(), off_t(region.offset + offset_),
		                                   contract::page_size, PROT_READ | PROT_WRITE,
		                                   "frame header page of " + bar_name);
		header_access_ = "vfio-region";
	}
	header_ = LiveHeader(header_map_.data());
	layout_ = header_.snapshot();
	const std::string why = check_header(layout_, offset_, bar_size_);
	if (!why.empty())
		throw Error(bar_name + " at offset " + hex(offset_) + ": " + why +
		                    (layout_.magic ? "" : "; is the producer running?"),
		            EPROTO);
	format_ = vulkan_format(layout_.fourcc);

	slot_images_.resize(layout_.slot_count);
	for (std::uint32_t i = 0; i < layout_.slot_count; ++i) {
		const bool is_return = layout_.slots[i].flags & contract::slot_flag_return;
		if (!is_return)
			slot_images_[i] = import_slot(vk, i, vk::ImageUsageFlagBits::eSampled);
	}
	if (o.render_into_bar) {
		const std::uint32_t s = *o.render_into_bar;
		if (s >= layout_.slot_count ||
		    !(layout_.slots[s].flags & contract::slot_flag_return))
			throw Error(bar_name + ": --render-into-bar " + std::to_string(s) +
			                    " is not a return slot of the frame header",
			            EINVAL);
		return_image_ = import_slot(vk, s,
		                            vk::ImageUsageFlagBits::eColorAttachment |
		                                    vk::ImageUsageFlagBits::eTransferSrc);
		return_slot_ = s;
	}
}

vfio_dmabuf::DmaBuf BarFrames::export_range(std::uint64_t offset, std::uint64_t length,
                                            const std::string& what) const
{
	const vfio_dmabuf::Range range{offset, length};
	vfio_dmabuf::DmaBuf buf = vfio_dmabuf::export_dma_buf(device_, bar_, {&range, 1});
	buf.set_name("vk-demo " + what);
	return buf;
}

vkd::ImportedImage BarFrames::import_slot(const VulkanContext& vk, std::uint32_t slot,
                                          vk::ImageUsageFlags usage)
{
	const std::string what = "frame slot " + std::to_string(slot);
	const std::uint64_t length = contract::slot_bytes(layout_.stride, layout_.height);
	vfio_dmabuf::DmaBuf buf = export_range(offset_ + layout_.slots[slot].offset, length, what);
	const vkd::LinearLayout layout{format_, extent(), 0, layout_.stride};
	try {
		vkd::ImportedImage image = vkd::import_image(vk.target(), buf, layout, usage);
		drm_modifier_ = image.drm_modifier();
		slot_bufs_.push_back(std::move(buf));
		return image;
	} catch (const Error& e) {
		// Say why in one line.  A CPU driver (lavapipe) imports by mmap(2)
		// of the dma-buf, which kernels without dma-buf mmap refuse.
		int mmap_errno = 0;
		try {
			buf.map(PROT_READ, 0, contract::page_size);
		} catch (const Error& m) {
			mmap_errno = m.code() ? m.code() : EINVAL;
		}
		const std::string head = "cannot show frames from " + device_.address() + " BAR" +
		                         std::to_string(bar_) + ": ";
		if (mmap_errno && vk.cpu_driver())
			throw Error(head + "kernel " + kernel_release() +
			                    " cannot mmap a vfio dma-buf (mmap: " +
			                    vfio_dmabuf::errno_name(mmap_errno) + "), and " +
			                    vk.name() +
			                    ", a CPU driver, imports dma-bufs by mmap (import of " +
			                    what + ": " + import_reason(e) + ")",
			            mmap_errno);
		throw Error(head + vk.name() + " cannot import " + what + ": " + e.what(),
		            e.code());
	}
}

LiveHeader& BarFrames::header()
{
	if (revoked_)
		throw Error("internal: the frame header was touched while the memory is revoked");
	return header_;
}

const vkd::ImportedImage& BarFrames::slot_image(std::uint32_t slot) const
{
	if (slot >= slot_images_.size() || !slot_images_[slot])
		throw Error("internal: slot " + std::to_string(slot) + " is not a producer slot");
	return *slot_images_[slot];
}

} // namespace vk_demo
