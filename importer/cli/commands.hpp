// The vfio-dmabuf CLI's subcommands.
#pragma once

namespace vfio_dmabuf::cli
{

int info_main(int argc, char** argv);
int conformance_main(int argc, char** argv);

} // namespace vfio_dmabuf::cli
