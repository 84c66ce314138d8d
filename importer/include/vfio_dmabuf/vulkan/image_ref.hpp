// A 2D colour image as the graphics passes take it.
#pragma once

#include <vulkan/vulkan.hpp>

namespace vfio_dmabuf::vulkan
{

struct ImageRef {
	vk::Image image;
	vk::ImageView view;
	vk::Format format = vk::Format::eUndefined;
	vk::Extent2D extent;
	// Imported from a dma-buf: ownership is acquired from and released to
	// the external queue family around each use; the external owner's
	// layout is GENERAL.
	bool external = false;
	// For images that are not external: the layout they are in before a
	// pass (PREINITIALIZED for host-written linear images).
	vk::ImageLayout layout = vk::ImageLayout::eGeneral;
};

} // namespace vfio_dmabuf::vulkan
