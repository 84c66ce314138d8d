// vfio-dmabuf stress [DEVICE] [OPTIONS]
#include "args.hpp"
#include "commands.hpp"
#include "conformance/report.hpp"
#include "device_arg.hpp"
#include "exit_codes.hpp"
#include "stress/revoke_stress.hpp"
#include "stress/vulkan_worker.hpp"
#include "vfio_dmabuf/error.hpp"
#include "vfio_dmabuf/vfio_device.hpp"

#include <cstdio>
#include <cstdlib>
#include <linux/vfio.h>
#include <string>

namespace vfio_dmabuf::cli
{
namespace
{

void usage(std::FILE* out)
{
	std::fputs(
	        "usage: vfio-dmabuf stress [DEVICE] [OPTIONS]\n"
	        "\n"
	        "Races revocation against its users on DEVICE (default $VFIO_DMABUF_DEVICE):\n"
	        "worker threads export BAR ranges, map and read them (in the thread and in\n"
	        "forked children), DMA from them through PRIME imports into edu_drm, and\n"
	        "send them to a Vulkan process that imports them and checksums them with a\n"
	        "compute dispatch, while the main thread revokes and restores through every\n"
	        "trigger in turn: memory disable, low power, VFIO_DEVICE_RESET, hot reset.\n"
	        "Outcomes are counted per kind and printed as a table; the documented set\n"
	        "for a race with a revoke is: reads give the host's bytes or SIGBUS, edu DMA\n"
	        "the bytes or ENODEV, the Vulkan checksum the bytes' checksum, or the Vulkan\n"
	        "process dies by SIGBUS or sees VK_ERROR_DEVICE_LOST (a new one is started);\n"
	        "exports and mappings succeed; inside a revoked window the revoker's own\n"
	        "read faults, after a restore it sees the bytes again.\n"
	        "Nothing is written; reads stay in the lower half of the BAR, which must\n"
	        "hold the host's pattern.  Needs root, the edu_drm driver and a Vulkan\n"
	        "device that imports dma-bufs.\n"
	        "Options take their value as '--opt VALUE' or '--opt=VALUE'.\n"
	        "\n"
	        "  --cycles N         revoke/restore cycles per trigger (default 100)\n"
	        "  --seed N           the workers' choices (default 1)\n"
	        "  --host-seed N      seed of the host's pattern in the BAR (default\n"
	        "                     $VFIO_DMABUF_SEED; without it bytes are not compared)\n"
	        "  --bar N            the BAR, 0-5 (default 2)\n"
	        "  --cpu-workers N    threads reading in-process (default 2)\n"
	        "  --child-workers N  threads reading in forked children (default 1)\n"
	        "  --edu-workers N    threads doing edu DMA (default 1; 0 without edu_drm)\n"
	        "  --vulkan-workers N Vulkan importer processes (default 1; 0 without Vulkan)\n"
	        "  --vk-device SPEC   their Vulkan device: a render node, PCI address, index\n"
	        "                     or name substring (default: the first suitable)\n"
	        "  --json FILE        write the outcome table as JSON\n"
	        "\n"
	        "Exit status: 0 every outcome in its set; 1 one was not; 2 bad usage;\n"
	        "3 the environment broke; 4 the device cannot be opened.\n",
	        out);
}

} // namespace

int stress_main(int argc, char** argv)
{
	stress::Options opts;
	std::string device, json;
	const char* env_seed = std::getenv("VFIO_DMABUF_SEED");
	std::string host_seed_text = env_seed && *env_seed ? env_seed : "0";
	bool show_help = false;
	auto number = [](const char* name, unsigned* out, std::uint64_t max) {
		return [=](const std::string& v) { *out = static_cast<unsigned>(parse_number(name, v, max)); };
	};
	Args args("vfio-dmabuf stress");
	args.flag({"-h", "--help"}, &show_help)
	        .value({"--host-seed"}, &host_seed_text)
	        .value({"--json"}, &json)
	        .value({"--seed"}, [&](const std::string& v) { opts.seed = parse_number("--seed", v); })
	        .value({"--cycles"}, number("--cycles", &opts.cycles, 10000000))
	        .value({"--cpu-workers"}, number("--cpu-workers", &opts.cpu_workers, 64))
	        .value({"--child-workers"}, number("--child-workers", &opts.child_workers, 64))
	        .value({"--edu-workers"}, number("--edu-workers", &opts.edu_workers, 64))
	        .value({"--vulkan-workers"}, number("--vulkan-workers", &opts.vulkan_workers, 16))
	        .value({"--vk-device"}, &opts.vk_device)
	        .value({"--bar"}, [&](const std::string& v) {
		        opts.bar = static_cast<std::uint32_t>(parse_number("--bar", v, VFIO_PCI_BAR5_REGION_INDEX));
	        });
	try {
		auto positional = args.parse(argc, argv);
		if (positional.size() > 1)
			throw UsageError("more than one DEVICE given");
		if (!positional.empty())
			device = positional[0];
		opts.host_seed = parse_number("--host-seed", host_seed_text);
	} catch (const UsageError& e) {
		std::fprintf(stderr, "vfio-dmabuf stress: %s\n", e.what());
		return exit_code::usage;
	}
	if (show_help) {
		usage(stdout);
		return exit_code::ok;
	}
	stress::Report report;
	try {
		opts.device = normalize_pci_address(device_or_env(device));
		std::printf("stress: seed %llu, %u cycles per trigger on BAR%u of %s\n",
		            static_cast<unsigned long long>(opts.seed), opts.cycles, opts.bar,
		            opts.device.c_str());
		std::fflush(stdout);
		report = stress::run(opts);
	} catch (const Error& e) {
		std::fprintf(stderr, "vfio-dmabuf stress: %s\n", e.what());
		return exit_code::for_error(e.code());
	}
	report.table.print(stdout);
	const auto& bad = report.table.unexpected();
	std::printf("stress: %u cycles per trigger (%s) in %.1f s, %zu unexpected outcome(s)\n",
	            report.cycles_done, report.triggers.c_str(), report.seconds, bad.size());
	try {
		if (!json.empty())
			conformance::write_file(json, "{\"seed\": " + std::to_string(opts.seed) +
			                                      ", \"cycles_per_trigger\": " +
			                                      std::to_string(report.cycles_done) +
			                                      ", \"seconds\": " + std::to_string(report.seconds) +
			                                      ", \"table\": " + report.table.to_json() + "}\n");
	} catch (const std::exception& e) {
		std::fprintf(stderr, "vfio-dmabuf stress: %s\n", e.what());
		return exit_code::environment;
	}
	return bad.empty() && report.cycles_done == opts.cycles ? exit_code::ok : exit_code::failed;
}

int stress_vulkan_worker_main(int argc, char** argv)
{
	if (argc < 3 || argc > 4) {
		std::fprintf(stderr, "vfio-dmabuf %s: internal command of `vfio-dmabuf stress`\n",
		             stress::vulkan_worker_command);
		return exit_code::usage;
	}
	try {
		int fd = static_cast<int>(parse_number("FD", argv[1], 1 << 20));
		std::uint64_t host_seed = parse_number("HOST_SEED", argv[2]);
		return stress::vulkan_worker_main(fd, host_seed, argc == 4 ? argv[3] : "");
	} catch (const UsageError& e) {
		std::fprintf(stderr, "vfio-dmabuf %s: %s\n", stress::vulkan_worker_command, e.what());
		return exit_code::usage;
	}
}

} // namespace vfio_dmabuf::cli
