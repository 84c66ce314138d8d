// vfio-dmabuf: inspect a vfio device's dma-buf export and run the
// conformance cases against it.
#include "commands.hpp"
#include "exit_codes.hpp"
#include "stress/vulkan_worker.hpp"
#include "vfio_dmabuf/version.hpp"

#include <cstdio>
#include <cstring>
#include <string>

namespace
{

void usage(std::FILE* out)
{
	std::fputs(
	        "usage: vfio-dmabuf COMMAND [ARGS...]\n"
	        "       vfio-dmabuf --version\n"
	        "\n"
	        "Commands:\n"
	        "  info DEVICE          regions, BAR sizes and flags, whether the kernel exports\n"
	        "                       dma-bufs from vfio-pci and whether they can be mmapped,\n"
	        "                       and the IOMMU mode\n"
	        "  conformance DEVICE   run the named conformance cases (--list to see them)\n"
	        "  fuzz DEVICE          throw seeded hostile calls at the export, its mappings\n"
	        "                       and its revocation; check every outcome\n"
	        "  stress DEVICE        race exports, mappings and edu DMA against revoke and\n"
	        "                       restore through every trigger; count the outcomes\n"
	        "  bench DEVICE         export and import cost against size and range count,\n"
	        "                       revoke and restore latency per trigger\n"
	        "\n"
	        "DEVICE is a PCI address (0000:01:00.0 or 01:00.0) of a device bound to\n"
	        "vfio-pci; it defaults to $VFIO_DMABUF_DEVICE (set in the test VM). To bind a\n"
	        "device:  echo vfio-pci > /sys/bus/pci/devices/DEVICE/driver_override\n"
	        "         echo DEVICE > /sys/bus/pci/devices/DEVICE/driver/unbind  (if bound)\n"
	        "         echo DEVICE > /sys/bus/pci/drivers_probe\n"
	        "Opening a vfio device needs root (or ownership of its /dev/vfio nodes).\n"
	        "Options take their value as '--opt VALUE' or '--opt=VALUE'.\n"
	        "\n"
	        "Run 'vfio-dmabuf COMMAND --help' for a command's options and exit statuses.\n",
	        out);
}

} // namespace

int main(int argc, char** argv)
{
	using namespace vfio_dmabuf::cli;
	if (argc < 2) {
		usage(stderr);
		return exit_code::usage;
	}
	std::string cmd = argv[1];
	if (cmd == "-h" || cmd == "--help" || cmd == "help") {
		usage(stdout);
		return exit_code::ok;
	}
	if (cmd == "--version") {
		print_version();
		return exit_code::ok;
	}
	if (cmd == "info")
		return info_main(argc - 1, argv + 1);
	if (cmd == "conformance")
		return conformance_main(argc - 1, argv + 1);
	if (cmd == "fuzz")
		return fuzz_main(argc - 1, argv + 1);
	if (cmd == "stress")
		return stress_main(argc - 1, argv + 1);
	if (cmd == "bench")
		return bench_main(argc - 1, argv + 1);
	if (cmd == vfio_dmabuf::stress::vulkan_worker_command)
		return stress_vulkan_worker_main(argc - 1, argv + 1);
	std::fprintf(stderr, "vfio-dmabuf: unknown command '%s' (try --help)\n", cmd.c_str());
	return exit_code::usage;
}
