// Helpers shared by the conformance cases.
#pragma once

#include "../conformance/case.hpp"
#include "vfio_dmabuf/export.hpp"
#include "vfio_dmabuf/vfio_device.hpp"

#include <cstdint>
#include <linux/vfio.h>
#include <string>
#include <sys/types.h>
#include <utility>

namespace vfio_dmabuf::cases
{

// The BAR under test: --bar, default BAR2 (ivshmem's shared memory in the
// VM).  The CLI sets it once, before any case runs.
std::uint32_t bar_index() noexcept;
void set_bar_index(std::uint32_t index) noexcept;

// "BAR2": the BAR under test, for messages.
std::string bar_name();

// The BAR under test of `dev`; Environment error when it is absent or not
// mappable.
RegionInfo bar_under_test(const VfioDevice& dev);

// The ground-truth seed, or unsupported when the host gave none.
std::uint64_t require_seed(const conformance::Context& ctx);

// Unsupported (with the errno) when the kernel cannot export at all.
void require_export(const VfioDevice& dev);

// What most cases start with: the device under test, opened, the export
// feature required and the BAR under test checked.
struct ExportTarget {
	VfioDevice dev;
	RegionInfo bar;
};
ExportTarget open_export_target(const conformance::Context& ctx);

// Maps a dma-buf, turning "the exporter has no mmap" into unsupported.
Mapping map_or_unsupported(const DmaBuf& buf, int prot, std::uint64_t length = 0);

// "0x1000"
std::string hex(std::uint64_t v);

// Which open file `fd` names, (device, inode): equal for a dup or an fd
// passed over a socket, different for another export.  Error naming `what`
// when fstat fails.
std::pair<dev_t, ino_t> file_of(int fd, const std::string& what);

} // namespace vfio_dmabuf::cases
