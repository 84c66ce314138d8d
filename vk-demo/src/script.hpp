// The --script language: actions run between frames, for tests and demos.
//
//   wait DURATION    keep showing frames for DURATION (500ms, 2s, 1.5s)
//   frames N         keep going for N more presented frames
//   revoke           quiesce -> revoke -> (until restore)
//   restore          restore and re-validate
//   exec COMMAND     run COMMAND (/bin/sh -c) and wait for it
//   quit
//
// Steps are separated by ';' (so COMMAND cannot contain one).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace vk_demo
{

struct ScriptStep {
	enum class Kind { wait, frames, revoke, restore, exec, quit } kind;
	std::chrono::nanoseconds duration{}; // wait
	std::uint64_t count = 0;             // frames
	std::string command;                 // exec
	std::string text;                    // the step as written
};

// Throws std::invalid_argument naming the step and what is wrong with it.
std::vector<ScriptStep> parse_script(const std::string& script);

// Runs the steps against the demo's clock and frame count: next() returns
// the action to take now, or nothing while a wait or frames step holds.
class ScriptRunner
{
public:
	explicit ScriptRunner(std::vector<ScriptStep> steps) : steps_(std::move(steps)) {}

	// The next step to perform now (revoke, restore, exec, quit), if any;
	// `presented` is the number of frames presented so far.
	const ScriptStep* next(std::chrono::steady_clock::time_point now, std::uint64_t presented);
	bool done() const noexcept { return index_ >= steps_.size(); }

private:
	std::vector<ScriptStep> steps_;
	std::size_t index_ = 0;
	bool holding_ = false;
	std::chrono::steady_clock::time_point until_;
	std::uint64_t until_frames_ = 0;
};

} // namespace vk_demo
