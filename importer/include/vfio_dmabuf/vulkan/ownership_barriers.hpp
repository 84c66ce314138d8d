// Barriers around a queue's use of imported buffer ranges and images.
//
// Imported (external) resources belong to VK_QUEUE_FAMILY_FOREIGN_EXT
// between uses: the device behind the BAR, or the CPU through a mapping, may
// read or write them.  Before a use they are acquired from it, after it
// released back (the external-memory chapter of the spec).  The first
// acquire of an imported image transitions from UNDEFINED (the layout it was
// created in), later ones from GENERAL, the layout images are released in;
// ImageRef::state tracks which (image_ref.hpp).  Resources that are not external get plain barriers
// (host writes made visible before, results made visible to the host after).
//
// Either record them (acquire_*/release_* into a command buffer, through
// the Vulkan loader), or take the barrier structures and record them with
// your own dispatch (*_barrier).  A barrier built is taken as recorded (the
// image's state moves on).
#pragma once

#include "vfio_dmabuf/vulkan/buffer_range.hpp"
#include "vfio_dmabuf/vulkan/image_ref.hpp"
#include "vfio_dmabuf/vulkan/target.hpp"

#include <span>
#include <vulkan/vulkan.hpp>

namespace vfio_dmabuf::vulkan
{

struct Access {
	vk::PipelineStageFlags stage;
	vk::AccessFlags access;
};

// Before a use: external ranges are acquired for `use`; ordinary ones get
// a host-write -> `use` barrier.
void acquire_buffers(const Target& target, vk::CommandBuffer cmd,
                     std::span<const BufferRange> ranges, Access use);

// After a use: external ranges are released; ordinary ones get a `use` ->
// host-read barrier.
void release_buffers(const Target& target, vk::CommandBuffer cmd,
                     std::span<const BufferRange> ranges, Access use);

// Before a use: `image` moves to `layout` for `use`.  External images are
// acquired from the foreign owner, keeping their contents unless `discard`
// (the use overwrites every texel).
void acquire_image(const Target& target, vk::CommandBuffer cmd, const ImageRef& image,
                   vk::ImageLayout layout, Access use, bool discard);

// After a use: `image` (in `layout` after `use`) goes to GENERAL; external
// images are released to the foreign owner, ordinary ones made visible to
// the host.
void release_image(const Target& target, vk::CommandBuffer cmd, const ImageRef& image,
                   vk::ImageLayout layout, Access use);

// The barrier acquire_image() records; its source stage is TOP_OF_PIPE for
// external images, HOST for ordinary ones.
vk::ImageMemoryBarrier acquire_image_barrier(const Target& target, const ImageRef& image,
                                             vk::ImageLayout layout, vk::AccessFlags use,
                                             bool discard);
// The barrier release_image() records (destination stage BOTTOM_OF_PIPE for
// external images, HOST for ordinary ones).
vk::ImageMemoryBarrier release_image_barrier(const Target& target, const ImageRef& image,
                                             vk::ImageLayout layout, vk::AccessFlags use);

} // namespace vfio_dmabuf::vulkan
