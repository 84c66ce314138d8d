// vfio-dmabuf conformance DEVICE [--filter GLOB] [--json FILE] [--junit FILE] [--list]
#include "commands.hpp"
#include "conformance/report.hpp"
#include "conformance/runner.hpp"
#include "device_arg.hpp"
#include "vfio_dmabuf/error.hpp"
#include "vfio_dmabuf/vfio_device.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <linux/vfio.h>
#include <string>
#include <sys/utsname.h>
#include <unistd.h>

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
	        "a PCI device bound to vfio-pci whose BAR2 is the memory under test.\n"
	        "\n"
	        "  --list            print every case with its expected outcome, run nothing\n"
	        "  --filter GLOBS    only cases matching one of the comma-separated shell\n"
	        "                    globs, e.g. 'export.*,mmap.read_*'\n"
	        "  --json FILE       write results as JSON: {kernel, exporter, device,\n"
	        "                    cases: [{name, status, detail, duration_ms}]}\n"
	        "  --junit FILE      write results as JUnit XML\n"
	        "  --seed N          seed of the pattern the host wrote into the whole BAR\n"
	        "                    (default $VFIO_DMABUF_SEED; without it, cases that compare\n"
	        "                    against ground truth report unsupported)\n"
	        "  --bar-expect FILE write what the host must find in the BAR file afterwards:\n"
	        "                    one 'OFFSET LENGTH SEED' line per range a case wrote\n"
	        "  --exporter NAME   label for the report (default $VFIO_DMABUF_KERNEL, or\n"
	        "                    'unknown')\n"
	        "  -v, --verbose     print each case's steps\n"
	        "\n"
	        "Status per case: pass; fail (the kernel or driver misbehaved); unsupported\n"
	        "(an optional capability is missing, with the errno that proved it); error\n"
	        "(the environment broke). Exit status 0 only when nothing failed or erred;\n"
	        "1 otherwise; 2 for bad usage.\n",
	        out);
}

std::string env_or(const char* name, const char* fallback)
{
	const char* v = std::getenv(name);
	return v && *v ? v : fallback;
}

} // namespace

int conformance_main(int argc, char** argv)
{
	using namespace conformance;
	std::string device, filter, json, junit, expect_file;
	std::string exporter = env_or("VFIO_DMABUF_KERNEL", "unknown");
	std::string seed_text = env_or("VFIO_DMABUF_SEED", "0");
	bool list = false, verbose = false;
	for (int i = 1; i < argc; i++) {
		std::string a = argv[i];
		auto value = [&]() -> std::string {
			if (i + 1 >= argc) {
				std::fprintf(stderr, "vfio-dmabuf conformance: %s needs a value\n",
				             a.c_str());
				std::exit(2);
			}
			return argv[++i];
		};
		if (a == "-h" || a == "--help") {
			usage(stdout);
			return 0;
		} else if (a == "--list") {
			list = true;
		} else if (a == "--filter") {
			filter = value();
		} else if (a == "--json") {
			json = value();
		} else if (a == "--junit") {
			junit = value();
		} else if (a == "--seed") {
			seed_text = value();
		} else if (a == "--bar-expect") {
			expect_file = value();
		} else if (a == "--exporter") {
			exporter = value();
		} else if (a == "-v" || a == "--verbose") {
			verbose = true;
		} else if (!a.empty() && a[0] == '-') {
			std::fprintf(stderr,
			             "vfio-dmabuf conformance: unknown option %s (try --help)\n",
			             a.c_str());
			return 2;
		} else if (device.empty()) {
			device = a;
		} else {
			std::fprintf(stderr,
			             "vfio-dmabuf conformance: more than one DEVICE given\n");
			return 2;
		}
	}
	char* end = nullptr;
	std::uint64_t seed = std::strtoull(seed_text.c_str(), &end, 0);
	if (!end || *end) {
		std::fprintf(stderr, "vfio-dmabuf conformance: seed '%s' is not a number\n",
		             seed_text.c_str());
		return 2;
	}

	auto cases = select_cases(filter);
	if (list) {
		for (const Case* c : cases)
			std::printf("%-48s %s\n", c->name.c_str(), c->expectation.c_str());
		return 0;
	}
	if (cases.empty()) {
		std::fprintf(stderr, "vfio-dmabuf conformance: no case matches '%s' (see --list)\n",
		             filter.c_str());
		return 2;
	}
	try {
		// Fail early, in one line, when the device cannot be used at all.
		device = normalize_pci_address(device_or_env(device));
		VfioDevice dev = VfioDevice::open(device);
		RegionInfo bar = dev.region(VFIO_PCI_BAR2_REGION_INDEX);
		if (bar.size < 2 * 4096 || !bar.mappable())
			throw Error(
			        device +
			                " has no mappable memory BAR2 of at least 8 KiB (the BAR "
			                "under test); see 'vfio-dmabuf info " +
			                device + "'",
			        ENODEV);
	} catch (const std::exception& e) {
		std::fprintf(stderr, "vfio-dmabuf conformance: %s\n", e.what());
		return 1;
	}

	Context ctx(device, seed, verbose);
	auto results = run_cases(cases, ctx);
	utsname u{};
	uname(&u);
	RunInfo info{u.release, exporter, device};
	print_table(stdout, results, isatty(STDOUT_FILENO));
	try {
		if (!json.empty())
			write_file(json, to_json(info, results));
		if (!junit.empty())
			write_file(junit, to_junit(info, results));
		if (!expect_file.empty()) {
			std::string text;
			for (const auto& e : ctx.bar_expectations())
				text += std::to_string(e.offset) + " " + std::to_string(e.length) +
				        " " + std::to_string(e.seed) + "\n";
			write_file(expect_file, text);
		}
	} catch (const std::exception& e) {
		std::fprintf(stderr, "vfio-dmabuf conformance: %s\n", e.what());
		return 1;
	}
	for (const auto& r : results)
		if (r.status == Status::fail || r.status == Status::error)
			return 1;
	return 0;
}

} // namespace vfio_dmabuf::cli
