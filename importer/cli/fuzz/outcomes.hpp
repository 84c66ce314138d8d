// What each fuzzed call did, counted per call kind and outcome, against the
// outcomes documented for that call.  An outcome is "ok", "fd" (a new file
// descriptor), an errno name ("EINVAL"), a signal ("SIGBUS") or "mismatch"
// (data that differs from the host's pattern).
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace vfio_dmabuf::fuzz
{

using Allowed = std::set<std::string>;

// "EINVAL" for -EINVAL or EINVAL, "ok" for 0.
std::string errno_outcome(int err);

// "{EINVAL, EOVERFLOW}"
std::string describe(const Allowed& allowed);

struct Unexpected {
	std::uint64_t call;  // 0-based index of the call
	std::string kind;    // "export", "mmap", ...
	std::string detail;  // the call's arguments and the model's state
	std::string outcome; // what happened
	Allowed allowed;     // what the documentation allows
};

class OutcomeTable
{
public:
	// Counts `outcome` for `kind`; returns whether it is in `allowed`, and
	// keeps it as Unexpected when not.
	bool record(std::uint64_t call, const std::string& kind, const std::string& outcome,
	            const Allowed& allowed, const std::string& detail);

	std::uint64_t total() const noexcept { return total_; }
	const std::vector<Unexpected>& unexpected() const noexcept { return unexpected_; }

	// One line per kind: "export  1234  fd 400, EINVAL 700, ..."
	void print(std::FILE* out) const;
	// {"calls": N, "kinds": {"export": {"fd": 400, ...}, ...}, "unexpected": [...]}
	std::string to_json() const;

private:
	std::map<std::string, std::map<std::string, std::uint64_t>> counts_;
	std::vector<Unexpected> unexpected_;
	std::uint64_t total_ = 0;
};

} // namespace vfio_dmabuf::fuzz
