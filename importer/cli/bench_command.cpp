// vfio-dmabuf bench [DEVICE] [OPTIONS]
#include "args.hpp"
#include "bench/figures.hpp"
#include "commands.hpp"
#include "conformance/report.hpp"
#include "conformance/text_escape.hpp"
#include "device_arg.hpp"
#include "exit_codes.hpp"
#include "vfio_dmabuf/error.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <linux/vfio.h>
#include <string>
#include <sys/utsname.h>

namespace vfio_dmabuf::cli
{
namespace
{

void usage(std::FILE* out)
{
	std::fputs(
	        "usage: vfio-dmabuf bench [DEVICE] [OPTIONS]\n"
	        "\n"
	        "Measures what the export costs on DEVICE (default $VFIO_DMABUF_DEVICE) and\n"
	        "prints one row per figure; benchmarks report ratios measured in one run,\n"
	        "so compare rows of the same run, not absolute times across machines.\n"
	        "  size    export; export + Vulkan import; export + PRIME import into\n"
	        "          edu_drm (attach); the same + first DMA, which maps the\n"
	        "          attachment (edu takes ~100 ms per command: most of that path);\n"
	        "          each freed again, for 4 MiB, 64 MiB, 256 MiB and 1 GiB (what\n"
	        "          the BAR holds), and t(1 GiB)/t(4 MiB)\n"
	        "  ranges  the same paths for 1, 16, 256 and 4096 ranges of one 16 MiB\n"
	        "          dma-buf: t(N)/t(1)\n"
	        "  memory  kernel memory (/proc/meminfo: Slab, PageTables, VmallocUsed,\n"
	        "          Percpu, KernelStack) per exported GiB while 128 dma-bufs of the\n"
	        "          whole BAR are held, each PRIME-imported (mapped) and\n"
	        "          Vulkan-imported\n"
	        "  sg      scatterlist entries per contiguous range as edu_drm maps them\n"
	        "          (its drm.debug PRIME line), for 1 and 16 ranges of 1 MiB\n"
	        "  throughput  over 64 MiB: Vulkan compute reading (checksum) and writing\n"
	        "          (fill) the imported dma-buf; memcpy from and to the vfio region\n"
	        "          mmap (the CPU's limit); the path without dma-buf (region mmap,\n"
	        "          memcpy, host-visible VkBuffer, the same compute); the ratios\n"
	        "  revoke  per trigger (memory disable, low power, VFIO_DEVICE_RESET, hot\n"
	        "          reset): the revoke (a 4 MiB dma-buf with every CPU PTE present,\n"
	        "          a mapped PRIME attachment and a Vulkan import) and the restore\n"
	        "          to the first successful access\n"
	        "Times are medians of --reps runs after one untimed warm-up.  A figure the\n"
	        "kernel cannot give (stock 7.3 has no dma-buf mmap, which lavapipe's\n"
	        "import needs) is listed without a value and with the reason.  The Vulkan\n"
	        "device runs without validation layers: they would be most of the time.\n"
	        "Progress goes to stderr.  Needs root, edu_drm and a Vulkan device.\n"
	        "Options take their value as '--opt VALUE' or '--opt=VALUE'.\n"
	        "\n"
	        "  --figures LIST   comma-separated: size,ranges,memory,sg,throughput,revoke\n"
	        "                   (default all)\n"
	        "  --reps N         timed repetitions per figure (default 9)\n"
	        "  --bar N          the BAR, 0-5 (default 2)\n"
	        "  --vk-device SPEC the Vulkan device (default: the first suitable)\n"
	        "  --no-vulkan      leave the Vulkan path out\n"
	        "  --no-prime       leave the PRIME path out\n"
	        "  --kernel NAME    the kernel's name in the JSON (default $VFIO_DMABUF_KERNEL)\n"
	        "  --json FILE      write the figures as JSON\n"
	        "\n"
	        "Exit status: 0 every figure asked for was measured or has its reason;\n"
	        "2 bad usage; 3 the environment broke; 4 the device cannot be opened.\n",
	        out);
}

std::string number_json(const std::optional<double>& v)
{
	if (!v || !std::isfinite(*v))
		return "null";
	char buf[64];
	std::snprintf(buf, sizeof(buf), "%.9g", *v);
	return buf;
}

std::string to_json(const std::string& kernel, unsigned reps, double seconds,
                    const std::vector<bench::Figure>& figures)
{
	using conformance::json_escape;
	utsname u{};
	uname(&u);
	std::string j = "{\"schema_version\": 1, \"kernel\": \"" + json_escape(kernel) +
	                "\", \"release\": \"" + json_escape(u.release) +
	                "\", \"reps\": " + std::to_string(reps) +
	                ", \"seconds\": " + number_json(seconds) + ", \"figures\": [";
	for (std::size_t i = 0; i < figures.size(); i++) {
		const auto& f = figures[i];
		j += std::string(i ? ", " : "") + "\n  {\"name\": \"" + json_escape(f.name) +
		     "\", \"unit\": \"" + json_escape(f.unit) + "\", \"value\": " + number_json(f.value) +
		     ", \"note\": \"" + json_escape(f.note) + "\"";
		if (f.timing)
			j += ", \"min_s\": " + number_json(f.timing->min_s) +
			     ", \"max_s\": " + number_json(f.timing->max_s) +
			     ", \"reps\": " + std::to_string(f.timing->reps);
		j += "}";
	}
	return j + "\n]}\n";
}

} // namespace

int bench_main(int argc, char** argv)
{
	bench::Options opts;
	std::string device, json, figures = "size,ranges,memory,sg,throughput,revoke";
	const char* env_kernel = std::getenv("VFIO_DMABUF_KERNEL");
	std::string kernel = env_kernel ? env_kernel : "";
	bool show_help = false, no_vulkan = false, no_prime = false;
	Args args("vfio-dmabuf bench");
	args.flag({"-h", "--help"}, &show_help)
	        .flag({"--no-vulkan"}, &no_vulkan)
	        .flag({"--no-prime"}, &no_prime)
	        .value({"--json"}, &json)
	        .value({"--figures"}, &figures)
	        .value({"--kernel"}, &kernel)
	        .value({"--vk-device"}, &opts.vk_device)
	        .value({"--reps"}, [&](const std::string& v) {
		        opts.reps = static_cast<unsigned>(parse_number("--reps", v, 100000));
		        if (!opts.reps)
			        throw UsageError("--reps must be at least 1");
	        })
	        .value({"--bar"}, [&](const std::string& v) {
		        opts.bar = static_cast<std::uint32_t>(parse_number("--bar", v, VFIO_PCI_BAR5_REGION_INDEX));
	        });
	std::vector<std::string> wanted;
	try {
		auto positional = args.parse(argc, argv);
		if (positional.size() > 1)
			throw UsageError("more than one DEVICE given");
		if (!positional.empty())
			device = positional[0];
		std::size_t at = 0;
		while (at <= figures.size()) {
			std::size_t comma = figures.find(',', at);
			std::string f = figures.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
			if (f != "size" && f != "ranges" && f != "memory" && f != "sg" &&
			    f != "throughput" && f != "revoke")
				throw UsageError("--figures: unknown figure '" + f +
				                 "' (size, ranges, memory, sg, throughput, revoke)");
			wanted.push_back(f);
			if (comma == std::string::npos)
				break;
			at = comma + 1;
		}
	} catch (const UsageError& e) {
		std::fprintf(stderr, "vfio-dmabuf bench: %s\n", e.what());
		return exit_code::usage;
	}
	if (show_help) {
		usage(stdout);
		return exit_code::ok;
	}
	opts.vulkan = !no_vulkan;
	opts.prime = !no_prime;

	std::vector<bench::Figure> out;
	const auto t0 = std::chrono::steady_clock::now();
	auto progress = [&](const std::string& what) {
		std::fprintf(stderr, "bench: [%5.0f s] %s\n", bench::seconds_since(t0), what.c_str());
	};
	try {
		opts.device = normalize_pci_address(device_or_env(device));
		for (const auto& f : wanted) {
			if (f == "size")
				bench::size_scaling(opts, progress, out);
			else if (f == "ranges")
				bench::range_scaling(opts, progress, out);
			else if (f == "sg")
				bench::sg_entries(opts, progress, out);
			else if (f == "memory")
				bench::kernel_memory(opts, progress, out);
			else if (f == "throughput")
				bench::throughput(opts, progress, out);
			else
				bench::revoke_latency(opts, progress, out);
		}
	} catch (const Error& e) {
		std::fprintf(stderr, "vfio-dmabuf bench: %s\n", e.what());
		return exit_code::for_error(e.code());
	}
	const double seconds = bench::seconds_since(t0);
	std::printf("%-52s %14s  %s\n", "figure", "value", "note");
	for (const auto& f : out) {
		char value[32] = "-";
		if (f.value)
			std::snprintf(value, sizeof(value), "%.6g %s", *f.value, f.unit == "s" ? "s" : "");
		std::printf("%-52s %14s  %s\n", f.name.c_str(), value, f.note.c_str());
	}
	std::printf("bench: %zu figures in %.1f s\n", out.size(), seconds);
	try {
		if (!json.empty())
			conformance::write_file(json, to_json(kernel, opts.reps, seconds, out));
	} catch (const std::exception& e) {
		std::fprintf(stderr, "vfio-dmabuf bench: %s\n", e.what());
		return exit_code::environment;
	}
	return exit_code::ok;
}

} // namespace vfio_dmabuf::cli
