#include "exit_status.hpp"

#include "../exit_codes.hpp"

#include <algorithm>

namespace vfio_dmabuf::conformance
{

int exit_status(const std::vector<Result>& results)
{
	auto any = [&](Status s) {
		return std::any_of(results.begin(), results.end(),
		                   [s](const Result& r) { return r.status == s; });
	};
	if (results.empty())
		return cli::exit_code::unusable;
	if (any(Status::fail))
		return cli::exit_code::failed;
	if (any(Status::error))
		return cli::exit_code::environment;
	return cli::exit_code::ok;
}

} // namespace vfio_dmabuf::conformance
