#include "args.hpp"

#include <cerrno>
#include <cstdlib>

namespace vfio_dmabuf::cli
{

Args& Args::value(std::vector<std::string> names, std::string* out)
{
	return value(std::move(names), [out](const std::string& v) { *out = v; });
}

Args& Args::value(std::vector<std::string> names, std::function<void(const std::string&)> set)
{
	options_.push_back({std::move(names), true, std::move(set)});
	return *this;
}

Args& Args::flag(std::vector<std::string> names, bool* out)
{
	options_.push_back({std::move(names), false, [out](const std::string&) { *out = true; }});
	return *this;
}

const Args::Option* Args::find(const std::string& name) const
{
	for (const Option& o : options_)
		for (const std::string& n : o.names)
			if (n == name)
				return &o;
	return nullptr;
}

std::vector<std::string> Args::parse(int argc, char** argv) const
{
	std::vector<std::string> positional;
	bool options_done = false;
	for (int i = 1; i < argc; i++) {
		std::string a = argv[i];
		if (options_done || a.size() < 2 || a[0] != '-') {
			positional.push_back(a);
			continue;
		}
		if (a == "--") {
			options_done = true;
			continue;
		}
		std::string name = a, value;
		bool inline_value = false;
		if (std::size_t eq = a.find('='); a.starts_with("--") && eq != std::string::npos) {
			name = a.substr(0, eq);
			value = a.substr(eq + 1);
			inline_value = true;
		}
		const Option* o = find(name);
		if (!o)
			throw UsageError("unknown option " + name + " (try '" + command_ +
			                 " --help')");
		if (!o->takes_value) {
			if (inline_value)
				throw UsageError(name + " takes no value (got '" + a + "')");
			o->set("");
			continue;
		}
		if (!inline_value) {
			if (i + 1 >= argc)
				throw UsageError(name + " needs a value");
			value = argv[++i];
		}
		if (value.empty())
			throw UsageError(name + " needs a non-empty value");
		o->set(value);
	}
	return positional;
}

std::uint64_t parse_number(const std::string& option, const std::string& text, std::uint64_t max)
{
	const char* s = text.c_str();
	char* end = nullptr;
	errno = 0;
	unsigned long long v = std::strtoull(s, &end, 0);
	if (text.empty() || text[0] == '-' || text[0] == '+' || !end || *end || errno == ERANGE ||
	    v > max)
		throw UsageError(option + ": '" + text + "' is not a number from 0 to " +
		                 std::to_string(max));
	return v;
}

} // namespace vfio_dmabuf::cli
