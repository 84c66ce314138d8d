// Conformance reports: the human table, JSON (schema below) and JUnit XML.
//
// JSON: {"kernel": uname -r, "exporter": "patched|mainline|...",
//        "device": BDF, "cases": [{"name", "status", "detail", "duration_ms"}]}
#pragma once

#include "runner.hpp"

#include <cstdio>
#include <string>
#include <vector>

namespace vfio_dmabuf::conformance
{

struct RunInfo {
	std::string kernel;
	std::string exporter;
	std::string device;
};

void print_table(std::FILE* out, const std::vector<Result>& results, bool colour);
std::string to_json(const RunInfo& info, const std::vector<Result>& results);
std::string to_junit(const RunInfo& info, const std::vector<Result>& results);

// Writes `text` to `path` (atomically via a temporary file); throws Error.
void write_file(const std::string& path, const std::string& text);

} // namespace vfio_dmabuf::conformance
