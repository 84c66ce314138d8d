// vfio-dmabuf info DEVICE
#include "commands.hpp"
#include "device_arg.hpp"
#include "vfio_dmabuf/error.hpp"
#include "vfio_dmabuf/export.hpp"
#include "vfio_dmabuf/vfio_device.hpp"

#include <cstdio>
#include <linux/vfio.h>
#include <string>
#include <sys/mman.h>
#include <sys/utsname.h>

namespace vfio_dmabuf::cli
{
namespace
{

const char* region_name(std::uint32_t i)
{
	static const char* names[] = {"BAR0", "BAR1", "BAR2",   "BAR3", "BAR4",
	                              "BAR5", "ROM",  "config", "VGA"};
	return i < sizeof(names) / sizeof(names[0]) ? names[i] : "device-specific";
}

std::string flags_text(const RegionInfo& r)
{
	std::string s;
	s += r.readable() ? "r" : "-";
	s += r.writable() ? "w" : "-";
	s += r.mappable() ? "m" : "-";
	return s;
}

// "yes", or why not.
std::string cpu_mmap_verdict(const VfioDevice& dev, std::uint32_t bar)
{
	try {
		Range r{0, 4096};
		DmaBuf buf = export_dma_buf(dev, bar, {&r, 1});
		try {
			Mapping m = buf.map(PROT_READ, 0, 4096);
			volatile std::uint8_t b = m.data()[0];
			(void)b;
			return "yes";
		} catch (const Error& e) {
			return "no: mmap of the dma-buf fails with " + errno_name(e.code());
		}
	} catch (const Error& e) {
		return "unknown: export of BAR" + std::to_string(bar) + " fails with " +
		       errno_name(e.code());
	}
}

} // namespace

int info_main(int argc, char** argv)
{
	std::string device;
	for (int i = 1; i < argc; i++) {
		std::string a = argv[i];
		if (a == "-h" || a == "--help") {
			std::puts("usage: vfio-dmabuf info [DEVICE]\n"
			          "Prints the device's vfio regions (size, flags: r=read w=write "
			          "m=mmap),\n"
			          "whether the kernel exports dma-bufs from vfio-pci (feature "
			          "PROBE),\n"
			          "whether such a dma-buf can be CPU-mapped, and how the device is "
			          "opened\n"
			          "(iommufd, IOMMU group with type1, or no-IOMMU mode).\n"
			          "DEVICE defaults to $VFIO_DMABUF_DEVICE.");
			return 0;
		}
		if (!a.empty() && a[0] == '-') {
			std::fprintf(stderr, "vfio-dmabuf info: unknown option %s\n", a.c_str());
			return 2;
		}
		device = a;
	}
	try {
		VfioDevice dev = VfioDevice::open(device_or_env(device));
		utsname u{};
		uname(&u);
		std::printf("device     %s\nkernel     %s\naccess     %s\n", dev.address().c_str(),
		            u.release, dev.access_mode().c_str());
		std::printf("regions    %u\n", dev.num_regions());
		int first_bar = -1;
		for (const RegionInfo& r : dev.regions()) {
			if (r.size == 0)
				continue;
			std::printf("  %-2u %-7s %12llu bytes (0x%llx)  %s\n", r.index,
			            region_name(r.index), (unsigned long long)r.size,
			            (unsigned long long)r.size, flags_text(r).c_str());
			if (first_bar < 0 && r.index <= VFIO_PCI_BAR5_REGION_INDEX &&
			    r.mappable() && r.size >= 4096)
				first_bar = static_cast<int>(r.index);
		}
		int probe = probe_dma_buf(dev);
		std::printf(
		        "dma-buf    %s\n",
		        probe == 0
		                ? "exported (VFIO_DEVICE_FEATURE_DMA_BUF)"
		                : ("not supported: PROBE fails with " + errno_name(probe)).c_str());
		if (probe == 0 && first_bar >= 0)
			std::printf("cpu mmap   %s (dma-buf of BAR%d)\n",
			            cpu_mmap_verdict(dev, static_cast<std::uint32_t>(first_bar))
			                    .c_str(),
			            first_bar);
		else if (first_bar < 0)
			std::printf("cpu mmap   n/a: no mappable memory BAR\n");
		return 0;
	} catch (const std::exception& e) {
		std::fprintf(stderr, "vfio-dmabuf info: %s\n", e.what());
		return 1;
	}
}

} // namespace vfio_dmabuf::cli
