// vk-demo's command line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace vk_demo
{

struct Options {
	std::string device;       // PCI address; empty: $VFIO_DMABUF_DEVICE
	std::uint32_t bar = 2;    // the BAR (vfio region index) with the frame header
	std::uint64_t offset = 0; // of the frame header in the BAR
	bool headless = false;    // --png DIR given: offscreen target, PNG files
	std::string png_dir;
	std::uint64_t frames = 0; // quit after this many presented frames (0: no limit)
	std::string script;       // --script "wait 2s; revoke; ..."
	bool validation = false;  // VK_LAYER_KHRONOS_validation; an error fails the run
	std::optional<std::uint32_t> render_into_bar; // return slot to compose into
	std::string json;                             // --json FILE: figures at exit
	std::string trace;     // --trace FILE: one line per event (common/trace.hpp)
	std::string vk_device; // --vk-device: physical device (physical_device.hpp)
	bool quiet = false;
};

// Parses argv; prints --help and exits 0 for -h/--help.  Throws
// std::invalid_argument with a one-line reason for bad usage.
Options parse_options(int argc, char** argv);

} // namespace vk_demo
