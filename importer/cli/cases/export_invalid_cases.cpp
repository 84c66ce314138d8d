// export.rejects_*: every malformed VFIO_DEVICE_FEATURE_DMA_BUF request fails
// with mainline's errno for the same input, measured on Debian's 7.3.4 kernel
// (our 6.12 series must behave the same).  export.accepts_*: inputs mainline
// lets through, which we must not reject either.
#include "common.hpp"
#include "vfio_dmabuf/error.hpp"
#include "vfio_dmabuf/testing/raw_export.hpp"
#include "vfio_dmabuf/uapi.hpp"

#include <cerrno>
#include <climits>
#include <cstring>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <vector>

using namespace vfio_dmabuf;
using namespace vfio_dmabuf::cases;
using namespace vfio_dmabuf::conformance;

namespace
{

// One malformed request: returns the ioctl's result (fd or -errno).
using Request = int (*)(const VfioDevice& dev, const RegionInfo& bar);

struct Invalid {
	const char* name;
	const char* input;
	int expected_errno; // 0: mainline accepts it
	Request request;
};

int one_range(const VfioDevice& dev, std::uint32_t region, std::uint64_t off, std::uint64_t len,
              std::uint32_t open_flags = O_CLOEXEC, std::uint32_t flags = 0)
{
	Range r{off, len};
	return export_dma_buf_raw(dev, region, {&r, 1}, open_flags, flags);
}

// The ranges array lies on a PROT_NONE page: copy_from_user must fault.
int unreadable_ranges(const VfioDevice& dev, const RegionInfo&)
{
	const long page = sysconf(_SC_PAGESIZE);
	void* mem =
	        mmap(nullptr, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		throw Environment("mmap of two anonymous pages failed");
	auto* second = static_cast<std::uint8_t*>(mem) + page;
	mprotect(second, page, PROT_NONE);
	const std::size_t head = sizeof(vfio_device_feature) + sizeof(uapi::feature_dma_buf_args);
	auto* feature = reinterpret_cast<vfio_device_feature*>(second - head);
	feature->argsz = head + sizeof(uapi::region_dma_range);
	feature->flags = VFIO_DEVICE_FEATURE_GET | uapi::feature_dma_buf;
	uapi::feature_dma_buf_args req{bar_index(), O_CLOEXEC, 0, 1};
	std::memcpy(feature->data, &req, sizeof(req));
	int rc = ioctl(dev.fd(), VFIO_DEVICE_FEATURE, feature);
	int err = errno;
	munmap(mem, 2 * page);
	if (rc >= 0)
		close(rc);
	return rc < 0 ? -err : rc;
}

const Invalid invalid_inputs[] = {
        {"zero_ranges", "nr_ranges = 0", EINVAL,
         [](const VfioDevice& d, const RegionInfo&) {
	         return export_dma_buf_raw(d, bar_index(), {}, O_CLOEXEC);
         }},
        {"nonzero_flags", "flags = 1", EINVAL,
         [](const VfioDevice& d, const RegionInfo&) {
	         return one_range(d, bar_index(), 0, 4096, O_CLOEXEC, 1);
         }},
        {"region_out_of_range", "region_index = 99", ENODEV,
         [](const VfioDevice& d, const RegionInfo&) { return one_range(d, 99, 0, 4096); }},
        {"rom_region", "region_index = ROM (6)", ENODEV,
         [](const VfioDevice& d, const RegionInfo&) {
	         return one_range(d, VFIO_PCI_ROM_REGION_INDEX, 0, 4096);
         }},
        {"config_region", "region_index = config (7)", ENODEV,
         [](const VfioDevice& d, const RegionInfo&) {
	         return one_range(d, VFIO_PCI_CONFIG_REGION_INDEX, 0, 4096);
         }},
        {"absent_bar", "region_index = BAR3 (absent on the device)", ENODEV,
         [](const VfioDevice& d, const RegionInfo&) {
	         return one_range(d, VFIO_PCI_BAR3_REGION_INDEX, 0, 4096);
         }},
        {"zero_length", "one range of length 0", EINVAL,
         [](const VfioDevice& d, const RegionInfo&) { return one_range(d, bar_index(), 0, 0); }},
        {"unaligned_offset", "offset 1, length 4096", EINVAL,
         [](const VfioDevice& d, const RegionInfo&) { return one_range(d, bar_index(), 1, 4096); }},
        {"unaligned_length", "offset 0, length 100", EINVAL,
         [](const VfioDevice& d, const RegionInfo&) { return one_range(d, bar_index(), 0, 100); }},
        {"offset_plus_length_wraps", "offset 2^64 - 4096, length 8192", EOVERFLOW,
         [](const VfioDevice& d, const RegionInfo&) {
	         return one_range(d, bar_index(), ~0ull - 4095, 8192);
         }},
        {"range_past_bar_end", "offset BAR size - 4096, length 8192", EINVAL,
         [](const VfioDevice& d, const RegionInfo& bar) {
	         return one_range(d, bar_index(), bar.size - 4096, 8192);
         }},
        {"range_at_bar_end", "offset = BAR size, length 4096", EINVAL,
         [](const VfioDevice& d, const RegionInfo& bar) {
	         return one_range(d, bar_index(), bar.size, 4096);
         }},
        {"too_many_ranges", "nr_ranges = 2^31 (argsz covers one range)", ENOMEM,
         [](const VfioDevice& d, const RegionInfo&) {
	         // Ask for far more ranges than argsz covers: header says 2^31.
	         std::vector<std::uint64_t> buf(8);
	         auto* f = reinterpret_cast<vfio_device_feature*>(buf.data());
	         f->argsz = sizeof(*f) + sizeof(uapi::feature_dma_buf_args) +
	                    sizeof(uapi::region_dma_range);
	         f->flags = VFIO_DEVICE_FEATURE_GET | uapi::feature_dma_buf;
	         uapi::feature_dma_buf_args req{bar_index(), O_CLOEXEC, 0, 1u << 31};
	         std::memcpy(f->data, &req, sizeof(req));
	         int rc = ioctl(d.fd(), VFIO_DEVICE_FEATURE, f);
	         if (rc >= 0)
		         close(rc);
	         return rc < 0 ? -errno : rc;
         }},
        {"unreadable_ranges", "dma_ranges on a PROT_NONE page", EFAULT, unreadable_ranges},
        {"argsz_too_small", "argsz = header + 8 (less than the request struct)", EINVAL,
         [](const VfioDevice& d, const RegionInfo&) {
	         Range r{0, 4096};
	         return export_dma_buf_raw(d, bar_index(), {&r, 1}, O_CLOEXEC, 0,
	                                   -int(sizeof(uapi::region_dma_range) + 8));
         }},
        {"unknown_open_flags",
         "open_flags = O_RDWR | O_CREAT (only O_ACCMODE/O_CLOEXEC mean anything)", 0,
         [](const VfioDevice& d, const RegionInfo&) {
	         return one_range(d, bar_index(), 0, 4096, O_RDWR | O_CREAT | O_CLOEXEC);
         }},
};

void run_invalid(Context& ctx, const Invalid& t)
{
	auto [dev, bar] = open_export_target(ctx);
	int rc = t.request(dev, bar);
	if (t.expected_errno == 0) {
		if (rc < 0)
			fail(std::string(t.input) + " failed with " + errno_name(-rc) +
			             "; mainline accepts it",
			     -rc);
		close(rc);
		return;
	}
	if (rc >= 0) {
		close(rc);
		fail(std::string(t.input) + " was accepted; expected " +
		     errno_name(t.expected_errno));
	}
	if (-rc != t.expected_errno)
		fail(std::string(t.input) + " failed with " + errno_name(-rc) +
		             ", mainline fails with " + errno_name(t.expected_errno),
		     -rc);
}

const bool registered = [] {
	for (const Invalid& t : invalid_inputs)
		registry().push_back(
		        {std::string(t.expected_errno ? "export.rejects_" : "export.accepts_") +
		                 t.name,
		         std::string(t.input) +
		                 (t.expected_errno ? " fails with " + errno_name(t.expected_errno)
		                                   : std::string(" is accepted")),
		         [&t](Context& ctx) { run_invalid(ctx, t); }});
	return true;
}();

} // namespace
