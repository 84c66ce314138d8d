// The vfio-dmabuf CLI's subcommands.
#pragma once

namespace vfio_dmabuf::cli
{

int info_main(int argc, char** argv);
int conformance_main(int argc, char** argv);
int fuzz_main(int argc, char** argv);
int stress_main(int argc, char** argv);
int bench_main(int argc, char** argv);
// Internal: `vfio-dmabuf __stress-vulkan-worker FD HOST_SEED [VK_DEVICE]`,
// the process `stress` starts for its Vulkan importer (stress/vulkan_worker.hpp).
int stress_vulkan_worker_main(int argc, char** argv);

// "vfio-dmabuf 0.2.0" (the library linked at run time) on stdout.
void print_version();

} // namespace vfio_dmabuf::cli
