#include "outcomes.hpp"

#include "../conformance/text_escape.hpp"
#include "vfio_dmabuf/error.hpp"

#include <cstdlib>

namespace vfio_dmabuf::fuzz
{

std::string errno_outcome(int err)
{
	return err == 0 ? "ok" : errno_name(std::abs(err));
}

std::string describe(const Allowed& allowed)
{
	std::string s = "{";
	for (const auto& a : allowed)
		s += (s.size() > 1 ? ", " : "") + a;
	return s + "}";
}

bool OutcomeTable::record(std::uint64_t call, const std::string& kind, const std::string& outcome,
                          const Allowed& allowed, const std::string& detail)
{
	total_++;
	counts_[kind][outcome]++;
	if (allowed.count(outcome))
		return true;
	unexpected_.push_back({call, kind, detail, outcome, allowed});
	return false;
}

void OutcomeTable::print(std::FILE* out) const
{
	std::fprintf(out, "%-18s %8s  outcomes\n", "call", "count");
	for (const auto& [kind, outcomes] : counts_) {
		std::uint64_t n = 0;
		std::string line;
		for (const auto& [outcome, count] : outcomes) {
			n += count;
			line += (line.empty() ? "" : ", ") + outcome + " " + std::to_string(count);
		}
		std::fprintf(out, "%-18s %8llu  %s\n", kind.c_str(),
		             static_cast<unsigned long long>(n), line.c_str());
	}
	std::fprintf(out, "%-18s %8llu  %zu unexpected\n", "total",
	             static_cast<unsigned long long>(total_), unexpected_.size());
}

std::string OutcomeTable::to_json() const
{
	using conformance::json_escape;
	std::string s = "{\"calls\": " + std::to_string(total_) + ", \"kinds\": {";
	bool first_kind = true;
	for (const auto& [kind, outcomes] : counts_) {
		s += std::string(first_kind ? "" : ", ") + "\"" + json_escape(kind) + "\": {";
		first_kind = false;
		bool first = true;
		for (const auto& [outcome, count] : outcomes) {
			s += std::string(first ? "" : ", ") + "\"" + json_escape(outcome) +
			     "\": " + std::to_string(count);
			first = false;
		}
		s += "}";
	}
	s += "}, \"unexpected\": [";
	for (std::size_t i = 0; i < unexpected_.size(); i++) {
		const auto& u = unexpected_[i];
		s += std::string(i ? ", " : "") + "{\"call\": " + std::to_string(u.call) +
		     ", \"kind\": \"" + json_escape(u.kind) + "\", \"outcome\": \"" +
		     json_escape(u.outcome) + "\", \"allowed\": \"" + json_escape(describe(u.allowed)) +
		     "\", \"detail\": \"" + json_escape(u.detail) + "\"}";
	}
	return s + "]}";
}

} // namespace vfio_dmabuf::fuzz
