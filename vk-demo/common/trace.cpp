#include "trace.hpp"

#include "file_mapping.hpp"

#include <cerrno>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace vk_demo
{

const std::string& TraceEvent::str(const std::string& key) const
{
	const auto it = fields.find(key);
	if (it == fields.end())
		throw std::runtime_error("trace event '" + name + "' has no field '" + key + "'");
	return it->second;
}

std::uint64_t TraceEvent::num(const std::string& key) const
{
	const std::string& v = str(key);
	char* end = nullptr;
	errno = 0;
	const unsigned long long n = std::strtoull(v.c_str(), &end, 10);
	if (v.empty() || *end || errno)
		throw std::runtime_error("trace event '" + name + "': " + key + "='" + v +
		                         "' is not a number");
	return n;
}

std::vector<TraceEvent> read_trace(const std::string& path)
{
	std::ifstream in(path);
	if (!in)
		throw std::runtime_error(errno_text("open " + path, errno));
	std::vector<TraceEvent> events;
	std::string line;
	for (int lineno = 1; std::getline(in, line); ++lineno) {
		if (line.empty())
			continue;
		TraceEvent e;
		std::string rest = line;
		const auto cmd = rest.find(" cmd=");
		if (cmd != std::string::npos) {
			e.fields["cmd"] = rest.substr(cmd + 5);
			rest.resize(cmd);
		}
		std::istringstream words(rest);
		words >> e.name;
		for (std::string w; words >> w;) {
			const auto eq = w.find('=');
			if (eq == std::string::npos || eq == 0)
				throw std::runtime_error(path + ":" + std::to_string(lineno) +
				                         ": '" + w + "' is not key=value");
			e.fields[w.substr(0, eq)] = w.substr(eq + 1);
		}
		events.push_back(std::move(e));
	}
	return events;
}

TraceWriter::TraceWriter(const std::string& path) : file_(std::fopen(path.c_str(), "we"))
{
	if (!file_)
		throw std::runtime_error(errno_text("cannot create trace " + path, errno));
}

TraceWriter::~TraceWriter()
{
	if (file_)
		std::fclose(file_);
}

void TraceWriter::write(const std::string& name, const std::string& fields)
{
	if (!file_)
		return;
	std::fprintf(file_, "%s %s\n", name.c_str(), fields.c_str());
	std::fflush(file_);
}

std::uint64_t monotonic_ns() noexcept
{
	timespec ts{};
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return std::uint64_t(ts.tv_sec) * 1000000000ull + std::uint64_t(ts.tv_nsec);
}

} // namespace vk_demo
