// vfio-dmabuf info [DEVICE] [--bar N]
#include "args.hpp"
#include "commands.hpp"
#include "device_arg.hpp"
#include "exit_codes.hpp"
#include "vfio_dmabuf/error.hpp"
#include "vfio_dmabuf/export.hpp"
#include "vfio_dmabuf/vfio_device.hpp"

#include <cstdio>
#include <linux/vfio.h>
#include <string>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <vector>

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
	const char* const help =
	        "usage: vfio-dmabuf info [DEVICE] [--bar N]\n"
	        "Prints the device's vfio regions (size, flags: r=read w=write m=mmap),\n"
	        "whether the kernel exports dma-bufs from vfio-pci (feature PROBE),\n"
	        "whether a dma-buf of BAR N (default 2) can be CPU-mapped, and how the\n"
	        "device is opened (iommufd, IOMMU group with type1, or no-IOMMU mode).\n"
	        "DEVICE defaults to $VFIO_DMABUF_DEVICE.\n"
	        "\n"
	        "  --bar N       the BAR whose dma-buf the mmap verdict is about (0-5)\n"
	        "  --version     print the version and exit\n"
	        "\n"
	        "Exit status: 0 done; 2 bad usage; 4 the device cannot be opened or used.";
	std::string device;
	std::uint32_t bar = VFIO_PCI_BAR2_REGION_INDEX;
	bool show_help = false, show_version = false;
	Args args("vfio-dmabuf info");
	args.flag({"-h", "--help"}, &show_help)
	        .flag({"--version"}, &show_version)
	        .value({"--bar"}, [&](const std::string& v) {
		        bar = static_cast<std::uint32_t>(
		                parse_number("--bar", v, VFIO_PCI_BAR5_REGION_INDEX));
	        });
	try {
		std::vector<std::string> positional = args.parse(argc, argv);
		if (positional.size() > 1)
			throw UsageError("more than one DEVICE given ('" + positional[0] + "', '" +
			                 positional[1] + "')");
		if (!positional.empty())
			device = positional[0];
	} catch (const UsageError& e) {
		std::fprintf(stderr, "vfio-dmabuf info: %s\n", e.what());
		return exit_code::usage;
	}
	if (show_help) {
		std::puts(help);
		return exit_code::ok;
	}
	if (show_version) {
		print_version();
		return exit_code::ok;
	}
	try {
		VfioDevice dev = VfioDevice::open(device_or_env(device));
		utsname u{};
		uname(&u);
		std::printf("device     %s\nkernel     %s\naccess     %s\n", dev.address().c_str(),
		            u.release, dev.access_mode().c_str());
		std::printf("regions    %u\n", dev.num_regions());
		bool bar_usable = false;
		for (const RegionInfo& r : dev.regions()) {
			if (r.size == 0)
				continue;
			std::printf("  %-2u %-7s %12llu bytes (0x%llx)  %s\n", r.index,
			            region_name(r.index), (unsigned long long)r.size,
			            (unsigned long long)r.size, flags_text(r).c_str());
			if (r.index == bar && r.mappable() && r.size >= 4096)
				bar_usable = true;
		}
		int probe = probe_dma_buf(dev);
		std::printf(
		        "dma-buf    %s\n",
		        probe == 0
		                ? "exported (VFIO_DEVICE_FEATURE_DMA_BUF)"
		                : ("not supported: PROBE fails with " + errno_name(probe)).c_str());
		if (!bar_usable)
			std::printf("cpu mmap   n/a: BAR%u is absent, smaller than 4 KiB or not "
			            "mappable (--bar)\n",
			            bar);
		else if (probe == 0)
			std::printf("cpu mmap   %s (dma-buf of BAR%u)\n",
			            cpu_mmap_verdict(dev, bar).c_str(), bar);
		return exit_code::ok;
	} catch (const std::exception& e) {
		std::fprintf(stderr, "vfio-dmabuf info: %s\n", e.what());
		return exit_code::unusable;
	}
}

} // namespace vfio_dmabuf::cli
