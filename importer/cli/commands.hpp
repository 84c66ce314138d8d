// The vfio-dmabuf CLI's subcommands.
#pragma once

namespace vfio_dmabuf::cli
{

int info_main(int argc, char** argv);
int conformance_main(int argc, char** argv);
int fuzz_main(int argc, char** argv);
int stress_main(int argc, char** argv);

// "vfio-dmabuf 0.2.0" (the library linked at run time) on stdout.
void print_version();

} // namespace vfio_dmabuf::cli
