// vk-demo: live frames that never leave a PCI device's BAR, imported into
// Vulkan as dma-bufs through vfio (see --help and vk-demo/README.md).
#include "demo.hpp"
#include "options.hpp"
#include "progress.hpp"
#include "validation.hpp"
#include "vfio_dmabuf/error.hpp"

#include <cstdio>
#include <memory>
#include <stdexcept>

int main(int argc, char** argv)
{
	vk_demo::Options options;
	try {
		options = vk_demo::parse_options(argc, argv);
	} catch (const std::exception& e) {
		std::fprintf(stderr, "vk-demo: %s (see --help)\n", e.what());
		return 2;
	}
	// Outlives the demo: messages sent while the device and the instance
	// are destroyed still count.
	vk_demo::set_quiet(options.quiet);
	vk_demo::progress("opening " + options.device + ", Vulkan" +
	                  (options.validation ? " with validation layers" : ""));
	auto validation = options.validation ? std::make_unique<vk_demo::ValidationLog>() : nullptr;
	int status = 0;
	try {
		vk_demo::Demo demo(options, validation.get());
		demo.run();
	} catch (const std::exception& e) {
		std::fprintf(stderr, "vk-demo: %s\n", e.what());
		status = 1;
	}
	if (status == 0)
		vk_demo::progress("done (Vulkan objects, imports and the device closed)");
	if (validation && validation->excused())
		std::fprintf(stderr,
		             "vk-demo: %zu validation messages excused as a known driver defect\n",
		             validation->excused());
	if (validation && validation->errors()) {
		std::fprintf(stderr, "vk-demo: %zu validation errors, the first:\n",
		             validation->errors());
		for (const auto& m : validation->first_errors())
			std::fprintf(stderr, "  %s\n", m.c_str());
		status = 1;
	}
	return status;
}
