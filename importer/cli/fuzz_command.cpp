// vfio-dmabuf fuzz [DEVICE] [OPTIONS]
#include "args.hpp"
#include "commands.hpp"
#include "conformance/report.hpp"
#include "device_arg.hpp"
#include "exit_codes.hpp"
#include "fuzz/fuzzer.hpp"
#include "vfio_dmabuf/error.hpp"
#include "vfio_dmabuf/vfio_device.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <linux/vfio.h>
#include <random>
#include <string>

namespace vfio_dmabuf::cli
{
namespace
{

void usage(std::FILE* out)
{
	std::fputs(
	        "usage: vfio-dmabuf fuzz [DEVICE] [OPTIONS]\n"
	        "\n"
	        "Throws seeded random and hostile calls at the dma-buf export of DEVICE\n"
	        "(default $VFIO_DMABUF_DEVICE) and checks every outcome against the documented\n"
	        "set for that call in the fuzzer's model of the device: export requests with\n"
	        "argsz, flags, region, nr_ranges, offsets and lengths at their edges (0, page\n"
	        "boundaries, the BAR end, 2^64 wrap, unreadable pointers); mmap, munmap,\n"
	        "mremap, mprotect, madvise and touches of dma-buf mappings, in this process\n"
	        "and in forked children (SIGBUS only where the memory is revoked);\n"
	        "DMA_BUF_IOCTL_SYNC, DMA_BUF_SET_NAME, sync_file export and import with\n"
	        "sw_sync fences that signal at once, late, or only when the timeline closes;\n"
	        "PRIME imports into edu_drm and vgem, edu DMA reads; memory disable and\n"
	        "enable, low power entry and exit, VFIO_DEVICE_RESET, hot reset, closing and\n"
	        "reopening the device, in random order.  Every read is compared with the\n"
	        "host's pattern; writes land only in a scratch window (the upper half's\n"
	        "first eighth of the BAR) with a pattern of their own, and writes that must\n"
	        "not land carry a poison value the host's check of the BAR file finds.\n"
	        "Stops at the first unexpected outcome and prints how to reproduce it.\n"
	        "Needs root, debugfs at /sys/kernel/debug for sw_sync (else no fences), the\n"
	        "edu_drm and vgem drivers for PRIME (else those calls are left out).\n"
	        "Options take their value as '--opt VALUE' or '--opt=VALUE'.\n"
	        "\n"
	        "  --seed N           the fuzzer's seed (default: random, printed); the same\n"
	        "                     seed, device state and kernel give the same calls\n"
	        "  --calls N          how many calls (default 10000)\n"
	        "  --bar N            the BAR to fuzz, 0-5 (default 2), mappable, 16 pages to\n"
	        "                     64 MiB\n"
	        "  --host-seed N      seed of the pattern the host wrote into the whole BAR\n"
	        "                     (default $VFIO_DMABUF_SEED; without it reads are not\n"
	        "                     compared)\n"
	        "  --max-stalls N     revokes that may find a fence that never signals and\n"
	        "                     wait the exporter's bound (5 s) for it (default 2)\n"
	        "  --json FILE        write the outcome table as JSON: seed, calls, seconds,\n"
	        "                     kinds: {call: {outcome: count}}, unexpected: [...]\n"
	        "  --bar-expect FILE  write what the host must find in the BAR afterwards:\n"
	        "                     'OFFSET LENGTH SEED' for the scratch window\n"
	        "  -v, --verbose      print every call and its outcome\n"
	        "\n"
	        "Exit status:\n"
	        "  0  every outcome was in its documented set\n"
	        "  1  an outcome was not (printed with its call number and the seed)\n"
	        "  2  bad usage\n"
	        "  3  the environment broke mid-run, or a report could not be written\n"
	        "  4  the device cannot be opened or has no BAR to fuzz\n",
	        out);
}

std::uint64_t random_seed()
{
	std::random_device rd;
	std::uint64_t s = (std::uint64_t{rd()} << 32) ^ rd() ^
	                  static_cast<std::uint64_t>(
	                          std::chrono::steady_clock::now().time_since_epoch().count());
	return s ? s : 1;
}

} // namespace

int fuzz_main(int argc, char** argv)
{
	fuzz::Options opts;
	std::string device, json, expect_file;
	const char* env_seed = std::getenv("VFIO_DMABUF_SEED");
	std::string host_seed_text = env_seed && *env_seed ? env_seed : "0";
	std::string seed_text;
	bool show_help = false, show_version = false;
	Args args("vfio-dmabuf fuzz");
	args.flag({"-h", "--help"}, &show_help)
	        .flag({"--version"}, &show_version)
	        .flag({"-v", "--verbose"}, &opts.verbose)
	        .value({"--seed"}, &seed_text)
	        .value({"--host-seed"}, &host_seed_text)
	        .value({"--json"}, &json)
	        .value({"--bar-expect"}, &expect_file)
	        .value({"--calls"}, [&](const std::string& v) { opts.calls = parse_number("--calls", v); })
	        .value({"--max-stalls"},
	               [&](const std::string& v) {
		               opts.max_stalled_revokes =
		                       static_cast<unsigned>(parse_number("--max-stalls", v, 1000));
	               })
	        .value({"--bar"}, [&](const std::string& v) {
		        opts.bar = static_cast<std::uint32_t>(
		                parse_number("--bar", v, VFIO_PCI_BAR5_REGION_INDEX));
	        });
	try {
		auto positional = args.parse(argc, argv);
		if (positional.size() > 1)
			throw UsageError("more than one DEVICE given");
		if (!positional.empty())
			device = positional[0];
		opts.host_seed = parse_number("--host-seed", host_seed_text);
		opts.seed = seed_text.empty() ? random_seed() : parse_number("--seed", seed_text);
		if (!opts.seed)
			throw UsageError("--seed: 0 is not a seed");
	} catch (const UsageError& e) {
		std::fprintf(stderr, "vfio-dmabuf fuzz: %s\n", e.what());
		return exit_code::usage;
	}
	if (show_help) {
		usage(stdout);
		return exit_code::ok;
	}
	if (show_version) {
		print_version();
		return exit_code::ok;
	}
	try {
		opts.device = normalize_pci_address(device_or_env(device));
	} catch (const std::exception& e) {
		std::fprintf(stderr, "vfio-dmabuf fuzz: %s\n", e.what());
		return exit_code::unusable;
	}

	std::printf("fuzz: seed %llu, %llu calls on BAR%u of %s (reproduce: vfio-dmabuf fuzz "
	            "%s --seed %llu --calls %llu)\n",
	            static_cast<unsigned long long>(opts.seed),
	            static_cast<unsigned long long>(opts.calls), opts.bar, opts.device.c_str(),
	            opts.device.c_str(), static_cast<unsigned long long>(opts.seed),
	            static_cast<unsigned long long>(opts.calls));
	std::fflush(stdout);
	fuzz::Report report;
	try {
		report = fuzz::run(opts);
	} catch (const Error& e) {
		std::fprintf(stderr, "vfio-dmabuf fuzz: %s\n", e.what());
		return exit_code::for_error(e.code());
	} catch (const std::exception& e) {
		std::fprintf(stderr, "vfio-dmabuf fuzz: %s\n", e.what());
		return exit_code::environment;
	}
	report.table.print(stdout);
	const auto& bad = report.table.unexpected();
	std::printf("fuzz: seed %llu: %llu calls in %.1f s, %zu unexpected outcome(s)\n",
	            static_cast<unsigned long long>(opts.seed),
	            static_cast<unsigned long long>(report.calls), report.seconds, bad.size());
	for (const auto& u : bad)
		std::printf("fuzz: UNEXPECTED at call #%llu: %s %s: %s, allowed %s\n"
		            "fuzz: reproduce: vfio-dmabuf fuzz %s --seed %llu --calls %llu\n",
		            static_cast<unsigned long long>(u.call), u.kind.c_str(), u.detail.c_str(),
		            u.outcome.c_str(), fuzz::describe(u.allowed).c_str(), opts.device.c_str(),
		            static_cast<unsigned long long>(opts.seed),
		            static_cast<unsigned long long>(u.call + 1));
	try {
		if (!json.empty())
			conformance::write_file(
			        json, "{\"seed\": " + std::to_string(opts.seed) +
			                      ", \"seconds\": " + std::to_string(report.seconds) +
			                      ", \"calls_made\": " + std::to_string(report.calls) +
			                      ", \"table\": " + report.table.to_json() + "}\n");
		if (!expect_file.empty())
			conformance::write_file(expect_file,
			                        std::to_string(report.scratch_offset) + " " +
			                                std::to_string(report.scratch_length) + " " +
			                                std::to_string(report.scratch_seed) + "\n");
	} catch (const std::exception& e) {
		std::fprintf(stderr, "vfio-dmabuf fuzz: %s\n", e.what());
		return exit_code::environment;
	}
	return bad.empty() ? exit_code::ok : exit_code::failed;
}

} // namespace vfio_dmabuf::cli
