// vk-demo's trace (--trace FILE): one line per event, what the host checker
// compares screenshots and the BAR with.  Format: the event name, then
// space-separated key=value fields; `cmd`, when present, is last and takes
// the rest of the line.  Times (t, end) are CLOCK_MONOTONIC nanoseconds of
// the machine the demo runs on.
//
//   start  t mode(window|headless) width height format import header device bar offset
//   frame  t n(present index, from 1) shown(frame number shown, 0 none)
//          counter(device's frame_counter when composing, 0 unknown)
//          state(live|revoked|waiting) torn(re-renders for torn frames) target(...)
//   revoke t      restore t      quit t
//   return t slot frame     (the composed frame `frame` is complete in return slot `slot`)
//   exec   t end status shown counter state cmd  (a script `exec`; rendering paused)
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace vk_demo
{

struct TraceEvent {
	std::string name;
	std::map<std::string, std::string> fields;

	const std::string& str(const std::string& key) const; // throws when absent
	std::uint64_t num(const std::string& key) const;      // throws when absent or not a number
};

// Every event of the trace at `path`; throws std::runtime_error naming the
// file and line of anything malformed.
std::vector<TraceEvent> read_trace(const std::string& path);

// Appends events to a trace file, flushed line by line.
class TraceWriter
{
public:
	TraceWriter() = default;
	explicit TraceWriter(const std::string& path); // throws std::runtime_error
	TraceWriter(const TraceWriter&) = delete;
	TraceWriter& operator=(const TraceWriter&) = delete;
	~TraceWriter();

	explicit operator bool() const noexcept { return file_ != nullptr; }

	// `fields` as written after the name ("t=1 n=2 ..."); no newline.
	void write(const std::string& name, const std::string& fields);

private:
	std::FILE* file_ = nullptr;
};

// CLOCK_MONOTONIC now, in nanoseconds.
std::uint64_t monotonic_ns() noexcept;

} // namespace vk_demo
