// The exit statuses of the vfio-dmabuf CLI (documented in --help and the
// README).
#pragma once

#include <cerrno>

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

// The status for the errno of an Error that stopped a command: unusable
// when the device cannot be opened or used (ENODEV, ENOENT, EACCES), else
// the environment broke.
inline constexpr int for_error(int err) noexcept
{
	return err == ENODEV || err == ENOENT || err == EACCES ? unusable : environment;
}

} // namespace vfio_dmabuf::cli::exit_code
