// One VFIO_DEVICE_FEATURE call aimed at the dma-buf export, as the fuzzer
// builds it (mostly valid requests with one or two fields pushed to an edge,
// some entirely random), and the outcomes the uAPI documentation
// (kernel-doc of VFIO_DEVICE_FEATURE_DMA_BUF, vfio_device_feature) allows
// for it.  The oracle is a pure function so that host unit tests pin it.
#pragma once

#include "outcomes.hpp"
#include "rng.hpp"
#include "vfio_dmabuf/export.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace vfio_dmabuf::fuzz
{

// What the fuzzer knows of the device: the size of each BAR (0: absent).
struct BarModel {
	std::array<std::uint64_t, 6> size{};
	std::uint64_t page = 4096;
};

// Where the request sits in memory.
enum class Placement {
	readable,    // all of it, and argsz does not matter for the ranges
	ranges_cut,  // the ranges after `ranges.size()` lie on an unmapped page
	header_unmapped, // the argument pointer itself is on an unmapped page
};

struct ExportRequest {
	std::uint32_t argsz = 0;         // vfio_device_feature.argsz
	std::uint32_t feature_flags = 0; // vfio_device_feature.flags (index | GET ...)
	std::uint32_t region = 0;
	std::uint32_t open_flags = 0;
	std::uint32_t flags = 0;
	std::uint32_t nr_ranges = 0;
	std::vector<Range> ranges; // what is in memory: at most nr_ranges
	Placement placement = Placement::readable;

	// "argsz=48 flags=GET|11 region=2 open=O_RDWR nr=2 [0x0,+0x1000) ..."
	std::string describe() const;
};

// The real size of the argument for `nr` ranges: header + request + ranges.
std::uint32_t exact_argsz(std::uint32_t nr) noexcept;

// A well-formed request for `ranges` of BAR `region` (GET, exact argsz).
ExportRequest valid_request(std::uint32_t region, std::vector<Range> ranges,
                            std::uint32_t open_flags);

// A request for the fuzzer: ranges inside `bar` (the BAR under test) with
// edge-biased mutations, or random fields.  `max_in_memory` bounds
// `ranges.size()`.
ExportRequest random_request(Rng& rng, const BarModel& model, std::uint32_t bar,
                             std::uint32_t max_in_memory);

// The outcomes the documentation allows: "fd" for a new dma-buf, "ok" for a
// PROBE, else the errno of every defect the request has (the kernel reports
// the first it checks; which one that is, is not part of the uAPI).
Allowed allowed_outcomes(const ExportRequest& req, const BarModel& model);

} // namespace vfio_dmabuf::fuzz

namespace vfio_dmabuf::fuzz
{

// Memory for requests: `capacity` bytes followed by an unmapped guard page.
// place() writes a request so that it ends right at the guard, which is
// what makes ranges_cut and header_unmapped real unreadable pointers.
class RequestArena
{
public:
	explicit RequestArena(std::size_t capacity);
	~RequestArena();
	RequestArena(const RequestArena&) = delete;
	RequestArena& operator=(const RequestArena&) = delete;

	// The argument of VFIO_DEVICE_FEATURE for `req`.
	void* place(const ExportRequest& req);
	// The first byte of the guard page: an unreadable user pointer.
	void* unreadable() const noexcept;
	std::size_t capacity() const noexcept { return capacity_; }

private:
	std::uint8_t* base_ = nullptr;
	std::size_t capacity_ = 0;
};

// VFIO_DEVICE_FEATURE with `req` placed in `arena`: the ioctl's return
// value (a dma-buf fd, or 0 for a PROBE) or -errno.
int issue(int device_fd, const ExportRequest& req, RequestArena& arena);

} // namespace vfio_dmabuf::fuzz
