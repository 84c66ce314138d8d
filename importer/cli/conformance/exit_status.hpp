// The exit status of `vfio-dmabuf conformance` for a run's results
// (../exit_codes.hpp).
#pragma once

#include "runner.hpp"

#include <vector>

namespace vfio_dmabuf::conformance
{

// failed (1) when a case failed; else environment (3) when one erred; else
// ok (0), unsupported cases included; unusable (4) when nothing ran.
int exit_status(const std::vector<Result>& results);

} // namespace vfio_dmabuf::conformance
