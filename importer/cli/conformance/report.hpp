// Conformance reports: the human table, JSON, JUnit XML and TAP.
//
// JSON (schema_version 2):
//   {"schema_version": 2, "kernel": uname -r, "exporter": "patched|mainline|...",
//    "device": BDF, "bar": N,
//    "cases": [{"name", "status": "pass|fail|unsupported|error",
//               "detail": human text, "errno": "EINVAL" or null,
//               "errno_value": 22 or null, "duration_ms", "expectation"}]}
// JUnit: one <testcase> per case; <failure>, <error> or <skipped> (for
// unsupported) with the first line of the detail as `message`, the errno
// name as `type` and the whole detail as the element's text.  Valid XML
// 1.0 whatever bytes the detail holds (text_escape.hpp).
// TAP (version 13, as kselftest prints it): "ok N name", "not ok N name",
// "ok N name # SKIP reason" for unsupported, "not ok N name # error: ..."
// for error; detail lines as "# " comments before the result line.
#pragma once

#include "runner.hpp"

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace vfio_dmabuf::conformance
{

inline constexpr int json_schema_version = 2;

struct RunInfo {
	std::string kernel;
	std::string exporter;
	std::string device;
	std::uint32_t bar = 2;
	std::string access_mode; // VfioDevice::access_mode() of the run's opens
};

void print_table(std::FILE* out, const std::vector<Result>& results, bool colour);
std::string to_json(const RunInfo& info, const std::vector<Result>& results);
std::string to_junit(const RunInfo& info, const std::vector<Result>& results);
std::string to_tap(const RunInfo& info, const std::vector<Result>& results);

// Writes `text` to `path` (atomically via a temporary file); throws Error.
void write_file(const std::string& path, const std::string& text);

} // namespace vfio_dmabuf::conformance
