// Guest side of the NVMe device: enable the controller's Persistent Memory
// Region, as an NVMe driver does before it hands the PMR out.  QEMU keeps the
// PMR BAR disabled (reads as nothing, writes dropped) until PMRCTL.EN is set
// in BAR0, and keeps it enabled across controller and function level resets
// (so across vfio-pci's reset at every open and close).
//
//   nvme-pmr-enable [BDF]     (default $VFIO_DMABUF_NVME)
//
// Prints the PMR's BAR and size; exit status 1 with the reason when the
// controller has no PMR or it does not become ready.
#include "vfio_dmabuf/error.hpp"
#include "vfio_dmabuf/vfio_device.hpp"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <unistd.h>

using namespace vfio_dmabuf;

namespace
{

// NVMe 1.4 controller registers (BAR0) this needs.
constexpr std::uint32_t reg_cap = 0x0, reg_pmrcap = 0xe00, reg_pmrctl = 0xe04,
                        reg_pmrsts = 0xe08;
constexpr std::uint64_t cap_pmrs = 1ull << 56; // PMR supported
constexpr std::uint32_t pmrsts_nrdy = 1u << 8; // not ready

template <class T> T read_reg(const VfioDevice& dev, const RegionInfo& bar0, std::uint32_t reg)
{
	T v{};
	if (::pread(dev.fd(), &v, sizeof(v), static_cast<off_t>(bar0.offset + reg)) != sizeof(v))
		throw_errno("reading NVMe register " + std::to_string(reg) + " of " + dev.address());
	return v;
}

void write_reg(const VfioDevice& dev, const RegionInfo& bar0, std::uint32_t reg, std::uint32_t v)
{
	if (::pwrite(dev.fd(), &v, sizeof(v), static_cast<off_t>(bar0.offset + reg)) != sizeof(v))
		throw_errno("writing NVMe register " + std::to_string(reg) + " of " + dev.address());
}

} // namespace

int main(int argc, char** argv)
{
	if (argc > 1 && (!std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "--help"))) {
		std::puts("usage: nvme-pmr-enable [BDF]\nSets PMRCTL.EN of the NVMe controller BDF "
		          "(default $VFIO_DMABUF_NVME),\nbound to vfio-pci, and waits for its PMR to "
		          "become ready.");
		return 0;
	}
	const char* env = std::getenv("VFIO_DMABUF_NVME");
	std::string bdf = argc > 1 ? argv[1] : env ? env : "";
	if (bdf.empty()) {
		std::fputs("nvme-pmr-enable: no device: give a BDF or set VFIO_DMABUF_NVME\n", stderr);
		return 2;
	}
	try {
		VfioDevice dev = VfioDevice::open(bdf);
		RegionInfo bar0 = dev.region(0);
		if (bar0.size < reg_pmrsts + 4)
			throw Error("BAR0 of " + bdf + " is " + std::to_string(bar0.size) +
			                    " bytes: not an NVMe controller",
			            ENODEV);
		if (!(read_reg<std::uint64_t>(dev, bar0, reg_cap) & cap_pmrs))
			throw Error(bdf + ": CAP.PMRS is clear, the controller has no PMR", ENODEV);
		std::uint32_t pmrcap = read_reg<std::uint32_t>(dev, bar0, reg_pmrcap);
		unsigned bir = (pmrcap >> 5) & 0x7;
		write_reg(dev, bar0, reg_pmrctl, 1);
		auto end = std::chrono::steady_clock::now() + std::chrono::seconds(10);
		while (read_reg<std::uint32_t>(dev, bar0, reg_pmrsts) & pmrsts_nrdy) {
			if (std::chrono::steady_clock::now() > end)
				throw Error(bdf + ": PMRSTS.NRDY still set 10 s after PMRCTL.EN", ETIMEDOUT);
			std::this_thread::sleep_for(std::chrono::milliseconds(10));
		}
		RegionInfo pmr = dev.region(bir);
		std::printf("nvme-pmr-enable: %s: PMR enabled, BAR%u, %llu MiB\n", bdf.c_str(), bir,
		            static_cast<unsigned long long>(pmr.size >> 20));
		return 0;
	} catch (const Error& e) {
		std::fprintf(stderr, "nvme-pmr-enable: %s (%s)\n", e.what(),
		             errno_name(e.code()).c_str());
		return 1;
	}
}
