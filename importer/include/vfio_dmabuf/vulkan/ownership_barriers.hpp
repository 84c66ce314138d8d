// Barriers around a pass's use of buffer ranges and images.  External
// (imported) resources are acquired from Device::external_queue_family()
// before use and released to it afterwards, as the external-memory chapter
// of the spec requires for memory another agent (the CPU mapping of the
// dma-buf, the exporting device) reads or writes.  Ordinary resources get
// plain barriers; after a pass their writes are made visible to the host.
#pragma once

#include "vfio_dmabuf/vulkan/buffer_range.hpp"
#include "vfio_dmabuf/vulkan/device.hpp"
#include "vfio_dmabuf/vulkan/image_ref.hpp"

#include <span>
#include <vulkan/vulkan_raii.hpp>

namespace vfio_dmabuf::vulkan
{

struct Access {
	vk::PipelineStageFlags stage;
	vk::AccessFlags access;
};

// Before a pass: external ranges are acquired for `use`; ordinary ones get
// a host-write -> `use` barrier.
void acquire_buffers(const Device& device, const vk::raii::CommandBuffer& cmd,
                     std::span<const BufferRange> ranges, Access use);

// After a pass that did `use`: external ranges are released; ordinary ones
// get a `use` -> host-read barrier.
void release_buffers(const Device& device, const vk::raii::CommandBuffer& cmd,
                     std::span<const BufferRange> ranges, Access use);

// Before a pass: `image` moves to `layout` for `use`.  External images are
// acquired from the external owner, keeping their contents unless
// `discard` (the pass overwrites every texel).
void acquire_image(const Device& device, const vk::raii::CommandBuffer& cmd, const ImageRef& image,
                   vk::ImageLayout layout, Access use, bool discard);

// After a pass: `image` (in `layout` after `use`) goes back to GENERAL;
// external images are released to the external owner, ordinary ones made
// visible to the host.
void release_image(const Device& device, const vk::raii::CommandBuffer& cmd, const ImageRef& image,
                   vk::ImageLayout layout, Access use);

} // namespace vfio_dmabuf::vulkan
