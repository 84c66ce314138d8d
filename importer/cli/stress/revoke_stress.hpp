// The revoke-race stress behind `vfio-dmabuf stress`: worker threads and
// forked children export, map and read the BAR, PRIME-import it into
// edu_drm and DMA from it, and a Vulkan process (vulkan_worker.hpp) imports
// it and checksums it with compute, while the main thread revokes and
// restores through every trigger (memory disable, low power,
// VFIO_DEVICE_RESET, hot reset) for a fixed number of cycles.  Every
// outcome is counted per kind and must be in the documented set for a race
// with a revoke: a read gives the host's bytes or SIGBUS, never other
// bytes; edu DMA gives the bytes or ENODEV; the Vulkan checksum is the
// bytes' checksum, or the Vulkan process dies by SIGBUS or sees
// VK_ERROR_DEVICE_LOST (and another one is started); exports and mappings
// always succeed (a dma-buf exported while revoked is born revoked).
// Inside each revoked window the revoker's own read must fault, and after
// each restore it must see the bytes again.
#pragma once

#include "fuzz/outcomes.hpp"

#include <cstdint>
#include <string>

namespace vfio_dmabuf::stress
{

struct Options {
	std::string device;
	std::uint32_t bar = 2;
	std::uint64_t host_seed = 0; // the host's pattern (0: bytes not compared)
	std::uint64_t seed = 1;      // workers' choices
	unsigned cycles = 100;       // per trigger
	unsigned cpu_workers = 2;    // threads reading through dma-buf mappings
	unsigned child_workers = 1;  // threads reading in forked children
	unsigned edu_workers = 1;    // threads doing edu DMA through PRIME imports
	unsigned vulkan_workers = 1; // Vulkan importer processes, one thread each
	std::string vk_device;       // their Vulkan device (empty: the first suitable)
	bool verbose = false;
};

struct Report {
	fuzz::OutcomeTable table;
	unsigned cycles_done = 0; // per trigger
	double seconds = 0;
	std::string triggers; // "memory_disable low_power reset hot_reset"
};

// Throws Error when the environment breaks.
Report run(const Options& opts);

} // namespace vfio_dmabuf::stress
