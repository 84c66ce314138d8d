// A 2D colour image as barriers and passes take it.
#pragma once

#include <vulkan/vulkan.hpp>

namespace vfio_dmabuf::vulkan
{

// How far an imported image has come, kept by its ImportedImage.  An image
// on external memory must be created in UNDEFINED
// (VUID-VkImageCreateInfo-pNext-01443), and its bytes are the external
// memory's, which an acquire from the foreign queue family keeps: the first
// acquire names UNDEFINED, the layout the image is in (as wlroots does),
// later ones GENERAL, the layout it was released in.
struct ExternalImageState {
	bool acquired = false;
};

struct ImageRef {
	vk::Image image;
	vk::ImageView view;
	vk::Format format = vk::Format::eUndefined;
	vk::Extent2D extent;
	// Imported from a dma-buf: ownership is acquired from and released to
	// VK_QUEUE_FAMILY_FOREIGN_EXT around each use, tracked in `state`.
	bool external = false;
	ExternalImageState* state = nullptr;
	// For images that are not external: the layout they are in before a
	// pass (PREINITIALIZED for host-written linear images).
	vk::ImageLayout layout = vk::ImageLayout::eGeneral;
};

} // namespace vfio_dmabuf::vulkan
