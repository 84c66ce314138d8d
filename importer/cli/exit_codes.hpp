// The exit statuses of the vfio-dmabuf CLI (documented in --help and the
// README).
#pragma once

namespace vfio_dmabuf::cli::exit_code
{

// Nothing failed or erred (unsupported cases are fine).
inline constexpr int ok = 0;
// conformance: at least one case failed.
inline constexpr int failed = 1;
// Bad usage: an unknown option, a missing or malformed value.
inline constexpr int usage = 2;
// conformance: the environment broke (a case reported error and none
// failed, or a report could not be written).
inline constexpr int environment = 3;
// Nothing could run: the device cannot be opened or used, or no case
// matches the filter.
inline constexpr int unusable = 4;

} // namespace vfio_dmabuf::cli::exit_code
