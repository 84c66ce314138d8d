#include "script.hpp"

#include <cstdlib>
#include <stdexcept>

namespace vk_demo
{
namespace
{

std::string trim(const std::string& s)
{
	const auto b = s.find_first_not_of(" \t\n");
	if (b == std::string::npos)
		return {};
	return s.substr(b, s.find_last_not_of(" \t\n") - b + 1);
}

std::chrono::nanoseconds parse_duration(const std::string& step, const std::string& v)
{
	char* end = nullptr;
	const double n = std::strtod(v.c_str(), &end);
	const std::string unit = end;
	double scale = 0;
	if (unit == "s")
		scale = 1e9;
	else if (unit == "ms")
		scale = 1e6;
	if (v.empty() || end == v.c_str() || scale == 0 || !(n >= 0))
		throw std::invalid_argument("--script: '" + step + "': '" + v +
		                            "' is not a duration like 2s or 500ms");
	return std::chrono::nanoseconds(std::int64_t(n * scale));
}

} // namespace

std::vector<ScriptStep> parse_script(const std::string& script)
{
	std::vector<ScriptStep> steps;
	std::size_t start = 0;
	while (start <= script.size()) {
		auto end = script.find(';', start);
		if (end == std::string::npos)
			end = script.size();
		const std::string text = trim(script.substr(start, end - start));
		start = end + 1;
		if (text.empty())
			continue;
		const auto space = text.find_first_of(" \t");
		const std::string word = text.substr(0, space);
		const std::string arg = space == std::string::npos ? "" : trim(text.substr(space));
		ScriptStep s{ScriptStep::Kind::quit, {}, 0, {}, text};
		auto no_arg = [&]() {
			if (!arg.empty())
				throw std::invalid_argument("--script: '" + text + "': " + word +
				                            " takes no argument");
		};
		if (word == "wait") {
			s.kind = ScriptStep::Kind::wait;
			s.duration = parse_duration(text, arg);
		} else if (word == "frames") {
			char* e = nullptr;
			s.kind = ScriptStep::Kind::frames;
			s.count = std::strtoull(arg.c_str(), &e, 10);
			if (arg.empty() || *e || arg[0] == '-')
				throw std::invalid_argument("--script: '" + text +
				                            "': frames needs a count");
		} else if (word == "revoke") {
			no_arg();
			s.kind = ScriptStep::Kind::revoke;
		} else if (word == "restore") {
			no_arg();
			s.kind = ScriptStep::Kind::restore;
		} else if (word == "exec") {
			if (arg.empty())
				throw std::invalid_argument("--script: '" + text +
				                            "': exec needs a command");
			s.kind = ScriptStep::Kind::exec;
			s.command = arg;
		} else if (word == "quit") {
			no_arg();
			s.kind = ScriptStep::Kind::quit;
		} else {
			throw std::invalid_argument(
			        "--script: '" + text + "': unknown step '" + word +
			        "' (wait, frames, revoke, restore, exec, quit)");
		}
		steps.push_back(std::move(s));
	}
	return steps;
}

const ScriptStep* ScriptRunner::next(std::chrono::steady_clock::time_point now,
                                     std::uint64_t presented)
{
	while (index_ < steps_.size()) {
		const ScriptStep& s = steps_[index_];
		if (s.kind == ScriptStep::Kind::wait || s.kind == ScriptStep::Kind::frames) {
			if (!holding_) {
				holding_ = true;
				until_ = now + s.duration;
				until_frames_ = presented + s.count;
			}
			const bool over = s.kind == ScriptStep::Kind::wait
			                          ? now >= until_
			                          : presented >= until_frames_;
			if (!over)
				return nullptr;
			holding_ = false;
			++index_;
			continue;
		}
		++index_;
		return &s;
	}
	return nullptr;
}

} // namespace vk_demo
