// Runs the registered cases that match a filter and collects results.
#pragma once

#include "case.hpp"

#include <string>
#include <vector>

namespace vfio_dmabuf::conformance
{

struct Result {
	std::string name;
	std::string expectation;
	Status status = Status::error;
	std::string detail; // human text, may span lines
	// The errno that proved the status (Unsupported, a vfio_dmabuf::Error
	// escaping the case, ...); 0 when none did.
	int err = 0;
	double duration_ms = 0;
};

// Cases whose name matches any of the comma-separated shell globs in
// `filter` ("" = all) and none of its "!glob" exclusions (only exclusions:
// all but those), sorted by name.
std::vector<const Case*> select_cases(const std::string& filter);

// Runs each case, printing progress to stderr, then releases what the cases
// shared (Context::release_shared).  A case that leaves more or fewer fds
// open than it found, besides those it declared held for the run, fails
// ("fd leak").
std::vector<Result> run_cases(const std::vector<const Case*>& cases, Context& ctx);

// Count of open file descriptors of this process.
int count_open_fds();

} // namespace vfio_dmabuf::conformance
