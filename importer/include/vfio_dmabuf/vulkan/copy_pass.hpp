// shaders/copy_words.comp: copies one buffer range into another on the GPU
// (a shader, not vkCmdCopyBuffer, so the BAR is read and written by shader
// storage accesses).
#pragma once

#include "vfio_dmabuf/vulkan/compute_pipeline.hpp"

namespace vfio_dmabuf::vulkan
{

class CopyPass
{
public:
	explicit CopyPass(const Device& device);

	// Copies src.size bytes (a multiple of 4, equal to dst.size) from `src`
	// to `dst`; the ranges must not overlap.
	void run(const BufferRange& src, const BufferRange& dst);

private:
	const Device& device_;
	ComputePipeline pipeline_;
};

} // namespace vfio_dmabuf::vulkan
