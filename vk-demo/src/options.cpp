#include "options.hpp"

#include "script.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace vk_demo
{
namespace
{

const char* const usage = R"(usage: vk-demo [DEVICE] [--bar N] [--offset BYTES]
               [--window | --frames N --png DIR] [--script "..."] [--validation]
               [--render-into-bar SLOT] [--json FILE] [--trace FILE] [--vk-device SPEC]

Shows live frames that never leave a PCI device's BAR: opens DEVICE (a PCI
address; default $VFIO_DMABUF_DEVICE) through vfio, finds the frame header
of the frame contract (vk-demo/README.md) at --offset of BAR --bar, exports
the header and every frame slot as dma-bufs, imports each slot once as a
VkImage (DRM modifier LINEAR with the header's stride, or LINEAR tiling) and
samples the latest complete slot every frame, with an overlay: fps, the
device's frame counter, the latency in frames, the import path and the
revoke state.  No CPU copy of pixel data: the CPU reads only the header.

  DEVICE              PCI address of the device, e.g. 0000:01:00.0
  --bar N             BAR (vfio region index) holding the frames (default 2)
  --offset BYTES      offset of the frame header in the BAR (page-aligned,
                      default 0)
  --window            show a GLFW window of the frame's size (the default)
  --png DIR           headless: render offscreen and write every presented
                      frame to DIR/frame-NNNNNN.png (needs no window system)
  --frames N          quit after N presented frames (headless: required)
  --script "STEPS"    actions, separated by ';':
                        wait 2s | wait 500ms   keep showing frames that long
                        frames N               keep going for N more frames
                        revoke                 quiesce -> revoke (PCI memory
                                               decode off) through RevokeScope
                        restore                give the memory back, re-validate
                        exec COMMAND           run COMMAND with /bin/sh -c once
                                               the last frame is presented, and
                                               wait for it (e.g. a screenshot)
                        quit
  --validation        enable VK_LAYER_KHRONOS_validation; any validation
                      error is printed and makes the exit status 1
  --render-into-bar SLOT
                      compose (frame + overlay) into return slot SLOT of the
                      header, a BAR-backed colour attachment, so the device
                      reads what the GPU drew; the slot's `frame` field and
                      sequence follow the contract's seqlock rule
  --json FILE         write fps and latency (min/median/max) as JSON at exit
  --trace FILE        one line per frame and action (vk-demo/common/trace.hpp)
  --vk-device SPEC    Vulkan device: render node, PCI address, index or name
                      part (default: the first that can import dma-bufs)
  -q, --quiet         no progress lines
  -h, --help          this text

Keys (window): r  revoke, hold 1 s, restore     q, Esc  quit

While the memory is revoked the demo touches nothing in the BAR, the header
included, and shows a placeholder with "REVOKED".  At exit it prints fps and
device->screen latency (min/median/max).  Exit status: 0; 1 with a one-line
error naming the device, kernel and errno (e.g. a kernel that cannot mmap
vfio dma-bufs, which CPU Vulkan drivers such as lavapipe need), or when a
validation error was reported; 2 for bad usage.
)";

std::uint64_t number(const std::string& opt, const std::string& v)
{
	char* end = nullptr;
	errno = 0;
	const unsigned long long n = std::strtoull(v.c_str(), &end, 0);
	if (v.empty() || *end || errno || v[0] == '-')
		throw std::invalid_argument(opt + ": '" + v + "' is not a number");
	return n;
}

} // namespace

Options parse_options(int argc, char** argv)
{
	Options o;
	bool window = false;
	for (int i = 1; i < argc; ++i) {
		std::string a = argv[i];
		std::string inline_value;
		bool has_inline = false;
		if (a.rfind("--", 0) == 0 && a.find('=') != std::string::npos) {
			inline_value = a.substr(a.find('=') + 1);
			a.resize(a.find('='));
			has_inline = true;
		}
		auto value = [&]() -> std::string {
			if (has_inline)
				return inline_value;
			if (i + 1 >= argc)
				throw std::invalid_argument(a + " needs a value");
			return argv[++i];
		};
		if (a == "-h" || a == "--help") {
			std::fputs(usage, stdout);
			std::exit(0);
		} else if (a == "--bar") {
			o.bar = std::uint32_t(number(a, value()));
		} else if (a == "--offset") {
			o.offset = number(a, value());
		} else if (a == "--window") {
			window = true;
		} else if (a == "--png") {
			o.png_dir = value();
			o.headless = true;
		} else if (a == "--frames") {
			o.frames = number(a, value());
		} else if (a == "--script") {
			o.script = value();
		} else if (a == "--validation") {
			o.validation = true;
		} else if (a == "--render-into-bar") {
			o.render_into_bar = std::uint32_t(number(a, value()));
		} else if (a == "--json") {
			o.json = value();
		} else if (a == "--trace") {
			o.trace = value();
		} else if (a == "--vk-device") {
			o.vk_device = value();
		} else if (a == "-q" || a == "--quiet") {
			o.quiet = true;
		} else if (!a.empty() && a[0] == '-') {
			throw std::invalid_argument("unknown option " + a);
		} else if (o.device.empty()) {
			o.device = a;
		} else {
			throw std::invalid_argument("unexpected argument '" + a + "'");
		}
	}
	if (window && o.headless)
		throw std::invalid_argument("--window and --png exclude each other");
	if (o.headless && o.frames == 0)
		throw std::invalid_argument("--png needs --frames N");
	parse_script(o.script); // reject a malformed script before anything opens
	if (o.offset % 4096)
		throw std::invalid_argument("--offset " + std::to_string(o.offset) +
		                            " is not page-aligned");
	if (o.device.empty()) {
		const char* env = std::getenv("VFIO_DMABUF_DEVICE");
		if (!env || !*env)
			throw std::invalid_argument(
			        "no DEVICE given and $VFIO_DMABUF_DEVICE is not set");
		o.device = env;
	}
	return o;
}

} // namespace vk_demo
