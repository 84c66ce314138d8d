// shaders/copy_words.comp: copies one buffer range into another on the GPU
// (a shader, not vkCmdCopyBuffer, so the BAR is read and written by shader
// storage accesses).
#pragma once

#include "vfio_dmabuf/testing/vulkan/compute_pipeline.hpp"

#include <optional>

namespace vfio_dmabuf::vulkan
{

class CopyPass
{
public:
	// `limits` (tests): act as if the device had these tighter limits.
	explicit CopyPass(const Device& device, std::optional<DispatchLimits> limits = {});

	// Copies src.size bytes (a multiple of 4, equal to dst.size) from `src`
	// to `dst`; the ranges must not overlap.  Ranges larger than
	// maxStorageBufferRange are copied in several dispatches.
	void run(const BufferRange& src, const BufferRange& dst);

	// Dispatches the last run() recorded.
	std::size_t dispatches() const noexcept { return pipeline_.dispatch_count(); }

private:
	const Device& device_;
	ComputePipeline pipeline_;
};

} // namespace vfio_dmabuf::vulkan
