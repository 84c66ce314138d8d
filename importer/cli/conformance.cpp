// vfio-dmabuf conformance [DEVICE] [OPTIONS]
#include "args.hpp"
#include "cases/common.hpp"
#include "commands.hpp"
#include "conformance/exit_status.hpp"
#include "conformance/report.hpp"
#include "conformance/runner.hpp"
#include "device_arg.hpp"
#include "exit_codes.hpp"
#include "vfio_dmabuf/error.hpp"
#include "vfio_dmabuf/vfio_device.hpp"

#include <cstdio>
#include <cstdlib>
#include <linux/vfio.h>
#include <string>
#include <sys/utsname.h>
#include <unistd.h>
#include <vector>

namespace vfio_dmabuf::cli
{
namespace
{

void usage(std::FILE* out)
{
	std::fputs(
	        "usage: vfio-dmabuf conformance [DEVICE] [OPTIONS]\n"
	        "\n"
	        "Runs the named conformance cases against DEVICE (default $VFIO_DMABUF_DEVICE),\n"
	        "a PCI device bound to vfio-pci whose BAR N (--bar) is the memory under test.\n"
	        "Options take their value as '--opt VALUE' or '--opt=VALUE'.\n"
	        "\n"
	        "  --list             print every case with its expected outcome, run nothing\n"
	        "  --filter GLOBS     only cases matching one of the comma-separated shell\n"
	        "                     globs, e.g. 'export.*,mmap.read_*'; a glob after '!'\n"
	        "                     excludes what it matches: 'revoke.*,!revoke.flr.*'\n"
	        "  --bar N            the BAR under test, 0-5 (default 2: ivshmem's memory);\n"
	        "                     at least 8 KiB and mappable; cases write only into its\n"
	        "                     upper half\n"
	        "  --iommu-mode MODE  how every case opens the device: auto (default: cdev +\n"
	        "                     iommufd where the kernel has them, else the IOMMU\n"
	        "                     group's container), iommufd, group-type1,\n"
	        "                     group-type1v2, iommufd-compat (the group in iommufd's\n"
	        "                     /dev/vfio/vfio) or noiommu (a no-IOMMU group); a mode\n"
	        "                     the kernel does not offer is exit status 4\n"
	        "  --vk-device SPEC   the Vulkan physical device of the vulkan.* cases: a DRM\n"
	        "                     render node (/dev/dri/renderD128), a PCI address\n"
	        "                     (0000:03:00.0), an index (0, 1, ...) or a part of its\n"
	        "                     name (llvmpipe); default: the first that can import\n"
	        "                     dma-bufs\n"
	        "  --json FILE        write results as JSON (schema_version 2: kernel,\n"
	        "                     exporter, device, bar, access_mode, cases: [{name, status, detail,\n"
	        "                     errno, errno_value, duration_ms, expectation}])\n"
	        "  --junit FILE       write results as JUnit XML\n"
	        "  --tap FILE         write results as TAP 13, kselftest style ('-': stdout;\n"
	        "                     the table then goes to stderr)\n"
	        "  --seed N           seed of the pattern the host wrote into the whole BAR\n"
	        "                     (default $VFIO_DMABUF_SEED; without it, cases that compare\n"
	        "                     against ground truth report unsupported)\n"
	        "  --bar-expect FILE  write what the host must find in the BAR afterwards:\n"
	        "                     one 'OFFSET LENGTH SEED' line per range a case wrote\n"
	        "  --exporter NAME    label for the report (default $VFIO_DMABUF_KERNEL, or\n"
	        "                     'unknown')\n"
	        "  -v, --verbose      print each case's steps\n"
	        "  --version          print the version and exit\n"
	        "\n"
	        "Status per case: pass; fail (the kernel or driver misbehaved); unsupported\n"
	        "(an optional capability is missing, with the errno that proved it); error\n"
	        "(the environment broke).\n"
	        "\n"
	        "Exit status:\n"
	        "  0  nothing failed or erred (unsupported cases are fine)\n"
	        "  1  at least one case failed\n"
	        "  2  bad usage\n"
	        "  3  the environment broke: a case erred and none failed, or a report could\n"
	        "     not be written\n"
	        "  4  nothing could run: the device cannot be opened or used, or no case\n"
	        "     matches the filter\n",
	        out);
}

std::string env_or(const char* name, const char* fallback)
{
	const char* v = std::getenv(name);
	return v && *v ? v : fallback;
}

// A report to FILE, or to stdout for "-".
void write_report(const std::string& path, const std::string& text)
{
	if (path == "-") {
		std::fputs(text.c_str(), stdout);
		std::fflush(stdout);
		return;
	}
	conformance::write_file(path, text);
}

// Throws Error(ENODEV) unless BAR `bar` of `device` can be the BAR under
// test; every other error of opening the device propagates.  Returns the
// access mode the open used ("iommufd", "group/type1v2", ...).
std::string check_device(const std::string& device, std::uint32_t bar, AccessMode mode)
{
	VfioDevice dev = VfioDevice::open(device, mode);
	RegionInfo r = dev.region(bar);
	if (r.size < 2 * 4096 || !r.mappable())
		throw Error(device + " has no mappable memory BAR" + std::to_string(bar) +
		                    " of at least 8 KiB (the BAR under test, --bar); see "
		                    "'vfio-dmabuf info " +
		                    device + "'",
		            ENODEV);
	return dev.access_mode();
}

} // namespace

int conformance_main(int argc, char** argv)
{
	using namespace conformance;
	std::string device, filter, json, junit, tap, expect_file, vk_device;
	std::string exporter = env_or("VFIO_DMABUF_KERNEL", "unknown");
	std::string seed_text = env_or("VFIO_DMABUF_SEED", "0");
	std::string seed_source = "VFIO_DMABUF_SEED";
	std::uint32_t bar = VFIO_PCI_BAR2_REGION_INDEX;
	AccessMode mode = AccessMode::automatic;
	std::string mode_used;
	bool list = false, verbose = false, show_help = false, show_version = false;
	std::uint64_t seed = 0;
	Args args("vfio-dmabuf conformance");
	args.flag({"-h", "--help"}, &show_help)
	        .flag({"--version"}, &show_version)
	        .flag({"--list"}, &list)
	        .flag({"-v", "--verbose"}, &verbose)
	        .value({"--filter"}, &filter)
	        .value({"--json"}, &json)
	        .value({"--junit"}, &junit)
	        .value({"--tap"}, &tap)
	        .value({"--bar-expect"}, &expect_file)
	        .value({"--exporter"}, &exporter)
	        .value({"--vk-device"}, &vk_device)
	        .value({"--iommu-mode"},
	               [&](const std::string& v) {
		               try {
			               mode = parse_access_mode(v);
		               } catch (const Error& e) {
			               throw UsageError(std::string("--iommu-mode: ") + e.what());
		               }
	               })
	        .value({"--seed"},
	               [&](const std::string& v) {
		               seed_text = v;
		               seed_source = "--seed";
	               })
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
		seed = parse_number(seed_source, seed_text);
	} catch (const UsageError& e) {
		std::fprintf(stderr, "vfio-dmabuf conformance: %s\n", e.what());
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

	auto cases = select_cases(filter);
	if (cases.empty()) {
		std::fprintf(stderr, "vfio-dmabuf conformance: no case matches '%s' (see --list)\n",
		             filter.c_str());
		return exit_code::unusable;
	}
	if (list) {
		for (const Case* c : cases)
			std::printf("%-48s %s\n", c->name.c_str(), c->expectation.c_str());
		return exit_code::ok;
	}
	try {
		// Fail early, in one line, when the device cannot be used at all.
		device = normalize_pci_address(device_or_env(device));
		mode_used = check_device(device, bar, mode);
	} catch (const std::exception& e) {
		std::fprintf(stderr, "vfio-dmabuf conformance: %s\n", e.what());
		return exit_code::unusable;
	}

	cases::set_bar_index(bar);
	Context ctx(device, seed, verbose);
	ctx.set_vk_device(vk_device);
	ctx.set_access_mode(mode);
	auto results = run_cases(cases, ctx);
	utsname u{};
	uname(&u);
	RunInfo info{u.release, exporter, device, bar, mode_used};
	std::FILE* table = tap == "-" ? stderr : stdout;
	print_table(table, results, isatty(fileno(table)));
	try {
		if (!json.empty())
			write_report(json, to_json(info, results));
		if (!junit.empty())
			write_report(junit, to_junit(info, results));
		if (!tap.empty())
			write_report(tap, to_tap(info, results));
		if (!expect_file.empty()) {
			std::string text;
			for (const auto& e : ctx.bar_expectations())
				text += std::to_string(e.offset) + " " + std::to_string(e.length) +
				        " " + std::to_string(e.seed) + "\n";
			write_file(expect_file, text);
		}
	} catch (const std::exception& e) {
		std::fprintf(stderr, "vfio-dmabuf conformance: %s\n", e.what());
		return exit_code::environment;
	}
	return exit_status(results);
}

} // namespace vfio_dmabuf::cli
