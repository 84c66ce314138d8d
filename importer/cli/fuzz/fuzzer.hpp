// The seeded uAPI fuzzer behind `vfio-dmabuf fuzz`: a model of the device,
// its dma-bufs, their CPU mappings, PRIME imports and sw_sync fences, and a
// loop that picks one call at a time (export requests pushed to the edges,
// mmap/munmap/mremap/mprotect/madvise, touches in this process and in
// forked children, the dma-buf ioctls, sync_file import and export, PRIME
// imports into edu_drm and vgem, edu DMA, memory toggles, low power, resets,
// hot resets, closing and reopening the device) and checks its outcome
// against the documented set for the model's state.  Reads are checked
// against the host's pattern; writes go only to a scratch window of the BAR
// (the pattern of the scratch seed while access is granted, a poison value
// where they must not land), so the host's byte check of the BAR file
// after the run catches a write that landed while revoked.
#pragma once

#include "outcomes.hpp"

#include <cstdint>
#include <string>

namespace vfio_dmabuf::fuzz
{

struct Options {
	std::string device;       // PCI address, bound to vfio-pci
	std::uint32_t bar = 2;    // the BAR under test
	std::uint64_t seed = 1;   // the fuzzer's seed: the run is a function of it
	std::uint64_t host_seed = 0; // pattern the host wrote into the BAR (0: none)
	std::uint64_t calls = 10000;
	bool verbose = false;
	// Long stalls the run may provoke: a revoke with a fence that never
	// signals waits the exporter's bound (5 s) each time.
	unsigned max_stalled_revokes = 2;
};

struct Report {
	OutcomeTable table;
	std::uint64_t calls = 0;          // calls made (the last one failed when
	                                  // the table has an unexpected outcome)
	std::uint64_t scratch_offset = 0; // of the scratch window in the BAR
	std::uint64_t scratch_length = 0;
	std::uint64_t scratch_seed = 0;   // its pattern after the run
	double seconds = 0;
};

// Runs the fuzzer; stops at the first unexpected outcome (the table holds
// it).  Throws Error when the environment breaks (the device cannot be
// opened at all, fork fails, ...).
Report run(const Options& opts);

} // namespace vfio_dmabuf::fuzz
