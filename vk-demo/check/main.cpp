// vk-demo-check: the host side of the demo tests.  Reads what the demo
// showed (screenshots, headless PNGs) or wrote (the return slot in the BAR
// file) and judges it against the producer's formula and the demo's trace.
#include "common/file_mapping.hpp"
#include "common/frame_layout.hpp"
#include "common/live_header.hpp"
#include "common/png_io.hpp"
#include "common/trace.hpp"
#include "screen_check.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

namespace
{

using namespace vk_demo;

const char* const usage =
        R"(usage: vk-demo-check screen PNG [--trace FILE (--exec TEXT | --frame N)]
                          [--expect live|revoked] [--max-lag N] [--tolerance N]
       vk-demo-check return-slot BAR_FILE [--offset BYTES] [--slot N] [--trace FILE]
                          [--tolerance N]
       vk-demo-check trace FILE [--revokes N]

screen       a screenshot or headless PNG of the demo: the overlay reads back
             with the demo's font; live: the producer's digits name frame F
             and every pixel outside the overlay box is test card F
             (common/test_card.hpp), the checker band's edge is straight;
             revoked: "REVOKED" across the middle and the placeholder
             elsewhere.  With --trace: --exec TEXT picks the script `exec`
             whose command contains TEXT (the screenshot it took), --frame N
             the N-th presented frame (headless frame-N.png); the state must
             match the trace's, F must be a frame the demo presented just
             before (exec) or exactly (frame), at least as new as the
             device's frame counter when the demo began composing it, and
             the counter at the instant of the picture at most --max-lag
             frames ahead of F.
return-slot  the demo's composed output in the BAR's return slot (vk-demo
             --render-into-bar): sequence even, and the picture a live screen
             of the frame number the slot's `frame` field names; with
             --trace, the demo's last `return` event names the same frame.
trace        the demo's trace: every revoke restored, frames while revoked
             show the revoked state, and after each restore the demo shows
             live frames newer than any before the revoke.

--tolerance: largest per-channel difference taken as equal (default 0).
--max-lag: default 30.  Exit status 0 when everything holds, 1 otherwise
(each problem on its own line), 2 for bad usage or unreadable input.
)";

struct Args {
	std::vector<std::string> positional;
	std::string trace, exec, expect;
	std::int64_t frame = -1;
	std::uint64_t offset = 0, max_lag = 30, tolerance = 0, revokes = 1;
	std::int64_t slot = -1;
};

std::uint64_t number(const std::string& opt, const std::string& v)
{
	char* end = nullptr;
	const unsigned long long n = std::strtoull(v.c_str(), &end, 0);
	if (v.empty() || *end || v[0] == '-')
		throw std::invalid_argument(opt + ": '" + v + "' is not a number");
	return n;
}

Args parse(int argc, char** argv)
{
	Args a;
	for (int i = 2; i < argc; ++i) {
		const std::string o = argv[i];
		auto value = [&]() -> std::string {
			if (i + 1 >= argc)
				throw std::invalid_argument(o + " needs a value");
			return argv[++i];
		};
		if (o == "--trace")
			a.trace = value();
		else if (o == "--exec")
			a.exec = value();
		else if (o == "--frame")
			a.frame = std::int64_t(number(o, value()));
		else if (o == "--expect")
			a.expect = value();
		else if (o == "--max-lag")
			a.max_lag = number(o, value());
		else if (o == "--tolerance")
			a.tolerance = number(o, value());
		else if (o == "--offset")
			a.offset = number(o, value());
		else if (o == "--slot")
			a.slot = std::int64_t(number(o, value()));
		else if (o == "--revokes")
			a.revokes = number(o, value());
		else if (!o.empty() && o[0] == '-')
			throw std::invalid_argument("unknown option " + o);
		else
			a.positional.push_back(o);
	}
	if (a.positional.size() != 1)
		throw std::invalid_argument("expected exactly one file argument");
	return a;
}

int report(const std::string& what, const check::ScreenVerdict& v,
           const std::vector<std::string>& more_problems,
           const std::vector<std::string>& more_notes)
{
	std::vector<std::string> problems = v.problems;
	problems.insert(problems.end(), more_problems.begin(), more_problems.end());
	std::printf("%s: %s%s\n", what.c_str(), v.state.empty() ? "unreadable" : v.state.c_str(),
	            v.frame ? (", frame " + std::to_string(*v.frame)).c_str() : "");
	for (const auto& l : v.overlay)
		std::printf("  overlay | %s\n", l.c_str());
	for (const auto& n : v.notes)
		std::printf("  ok: %s\n", n.c_str());
	for (const auto& n : more_notes)
		std::printf("  ok: %s\n", n.c_str());
	for (const auto& p : problems)
		std::printf("  FAIL: %s\n", p.c_str());
	return problems.empty() ? 0 : 1;
}

int screen(const Args& a)
{
	const std::string& png = a.positional[0];
	const check::ScreenVerdict v =
	        check::check_screen(read_png(png), std::uint32_t(a.tolerance));
	std::vector<std::string> problems, notes;
	if (!a.expect.empty() && v.state != a.expect)
		problems.push_back("expected the " + a.expect + " state");
	if (!a.trace.empty()) {
		const auto events = read_trace(a.trace);
		const TraceEvent* at = nullptr;
		std::vector<std::uint64_t> candidates;
		std::vector<const TraceEvent*> frames;
		for (const auto& e : events) {
			if (e.name == "frame")
				frames.push_back(&e);
			if (!a.exec.empty() && e.name == "exec" &&
			    e.str("cmd").find(a.exec) != std::string::npos) {
				at = &e;
				break;
			}
			if (a.frame >= 0 && e.name == "frame" &&
			    e.num("n") == std::uint64_t(a.frame)) {
				at = &e;
				break;
			}
		}
		if (!at)
			throw std::invalid_argument(a.trace + " has no " +
			                            (a.exec.empty()
			                                     ? "frame " + std::to_string(a.frame)
			                                     : "exec of '" + a.exec + "'"));
		if (at->str("state") != v.state && !v.state.empty())
			problems.push_back("the trace says the demo was " + at->str("state") +
			                   " then, the picture shows " + v.state);
		if (at->name == "frame") {
			candidates.push_back(at->num("shown"));
		} else {
			// The window system may still show one of the last frames
			// presented before the capture began.
			for (std::size_t k = frames.size(); k > 0 && candidates.size() < 3; --k)
				candidates.push_back(frames[k - 1]->num("shown"));
		}
		if (v.frame && v.state == "live") {
			const std::uint64_t f = *v.frame;
			// The frame event that presented f, and the one before it.
			std::size_t presenter = frames.size();
			for (std::size_t k = frames.size();
			     k > 0 && frames.size() - k < candidates.size(); --k)
				if (frames[k - 1]->num("shown") == f) {
					presenter = k - 1;
					break;
				}
			std::string list;
			for (auto c : candidates)
				list += (list.empty() ? "" : ", ") + std::to_string(c);
			if (presenter == frames.size())
				problems.push_back("frame " + std::to_string(f) +
				                   " is not what the demo presented then (" + list +
				                   ")");
			// Picked when composing began, just after the previous frame
			// was presented: it must be at least as new as the device's
			// counter then.
			if (presenter < frames.size() && presenter > 0) {
				const std::uint64_t before = frames[presenter - 1]->num("counter");
				if (f < before)
					problems.push_back("frame " + std::to_string(f) +
					                   " is older than the device's counter " +
					                   std::to_string(before) +
					                   " when the demo began composing it");
				else
					notes.push_back(
					        "the newest frame when composing began (device "
					        "counter then " +
					        std::to_string(before) + ")");
			}
			const std::uint64_t counter = at->num("counter");
			const std::uint64_t lag = counter > f ? counter - f : 0;
			if (counter < f)
				problems.push_back("frame " + std::to_string(f) +
				                   " is ahead of the device's counter " +
				                   std::to_string(counter));
			else if (lag > a.max_lag)
				problems.push_back(
				        "the device was at frame " + std::to_string(counter) +
				        ", " + std::to_string(lag) + " ahead of the picture (max " +
				        std::to_string(a.max_lag) + ")");
			else
				notes.push_back("presented as frame " + std::to_string(f) +
				                ", device counter at that instant " +
				                std::to_string(counter) + " (lag " +
				                std::to_string(lag) + ", max " +
				                std::to_string(a.max_lag) + ")");
		}
	}
	return report(png, v, problems, notes);
}

int return_slot_cmd(const Args& a)
{
	const FileMapping bar(a.positional[0], false);
	if (a.offset + contract::page_size > bar.size())
		throw std::invalid_argument("--offset is past the end of " + bar.path());
	const LiveHeader live(bar.data() + a.offset);
	const contract::FrameHeader h = live.snapshot();
	const std::string why = check_header(h, a.offset, bar.size());
	if (!why.empty())
		throw std::invalid_argument(bar.path() + ": " + why);
	const auto slot =
	        a.slot >= 0 ? std::optional<std::uint32_t>(std::uint32_t(a.slot)) : return_slot(h);
	if (!slot || *slot >= h.slot_count || !(h.slots[*slot].flags & contract::slot_flag_return))
		throw std::invalid_argument(bar.path() + ": no such return slot");
	const std::uint32_t seq = h.slots[*slot].sequence;
	const std::uint64_t frame = h.slots[*slot].frame;
	std::vector<std::string> problems, notes;
	if (seq == 0 || seq % 2)
		problems.push_back("return slot " + std::to_string(*slot) + " sequence " +
		                   std::to_string(seq) +
		                   (seq ? " (odd: torn)" : " (never written)"));
	else
		notes.push_back("return slot " + std::to_string(*slot) + " sequence " +
		                std::to_string(seq) + ", frame field " + std::to_string(frame));
	const RgbImage img = from_pixels(
	        bar.data() + a.offset + h.slots[*slot].offset, h.width, h.height, h.stride,
	        h.fourcc == contract::fourcc_abgr8888 ? PixelOrder::rgbx : PixelOrder::bgrx);
	const check::ScreenVerdict v = check::check_screen(img, std::uint32_t(a.tolerance));
	if (v.state != "live")
		problems.push_back("the return slot does not hold a live frame");
	if (v.frame && *v.frame != frame % 100000000)
		problems.push_back("the slot's frame field says " + std::to_string(frame) +
		                   ", its picture shows " + std::to_string(*v.frame));
	if (!a.trace.empty()) {
		std::int64_t last = -1;
		for (const auto& e : read_trace(a.trace))
			if (e.name == "return" && e.num("slot") == *slot)
				last = std::int64_t(e.num("frame"));
		if (last != std::int64_t(frame))
			problems.push_back("the demo's last return event names frame " +
			                   std::to_string(last) + ", the slot holds " +
			                   std::to_string(frame));
		else
			notes.push_back("the demo's last composed frame, " + std::to_string(last));
	}
	return report(bar.path() + " return slot " + std::to_string(*slot), v, problems, notes);
}

int trace_cmd(const Args& a)
{
	const auto events = read_trace(a.positional[0]);
	std::vector<std::string> problems;
	std::uint64_t revokes = 0, restores = 0, live_after = 0, newest_before = 0, newest = 0;
	std::uint64_t frames = 0;
	bool revoked = false, quit = false;
	for (const auto& e : events) {
		if (e.name == "revoke") {
			if (revoked)
				problems.push_back("revoke while revoked");
			revoked = true, ++revokes;
			newest_before = newest;
			live_after = 0;
		} else if (e.name == "restore") {
			if (!revoked)
				problems.push_back("restore while not revoked");
			revoked = false, ++restores;
		} else if (e.name == "frame") {
			++frames;
			const std::string& st = e.str("state");
			if (revoked && st != "revoked")
				problems.push_back("frame " + e.str("n") + " is " + st +
				                   " while revoked");
			if (!revoked && st == "revoked")
				problems.push_back("frame " + e.str("n") +
				                   " is revoked after restore");
			if (st == "live") {
				const std::uint64_t shown = e.num("shown");
				if (shown < newest)
					problems.push_back("frame " + e.str("n") + " shows " +
					                   e.str("shown") + ", older than " +
					                   std::to_string(newest));
				newest = std::max(newest, shown);
				if (revokes && shown > newest_before)
					++live_after;
			}
		} else if (e.name == "quit") {
			quit = true;
		}
	}
	if (revokes != a.revokes || restores != a.revokes)
		problems.push_back(std::to_string(revokes) + " revokes and " +
		                   std::to_string(restores) + " restores, expected " +
		                   std::to_string(a.revokes) + " of each");
	if (a.revokes && live_after < 2)
		problems.push_back("after the last restore only " + std::to_string(live_after) +
		                   " live frames newer than those before the revoke");
	if (!quit)
		problems.push_back("the demo did not quit normally (no quit event)");
	std::printf("%s: %llu frames, %llu revokes, newest frame shown %llu, %llu newer after the "
	            "last restore\n",
	            a.positional[0].c_str(), (unsigned long long)frames,
	            (unsigned long long)revokes, (unsigned long long)newest,
	            (unsigned long long)live_after);
	for (const auto& p : problems)
		std::printf("  FAIL: %s\n", p.c_str());
	return problems.empty() ? 0 : 1;
}

} // namespace

int main(int argc, char** argv)
{
	const std::string cmd = argc > 1 ? argv[1] : "";
	if (cmd == "-h" || cmd == "--help") {
		std::fputs(usage, stdout);
		return 0;
	}
	try {
		const Args a = parse(argc, argv);
		if (cmd == "screen")
			return screen(a);
		if (cmd == "return-slot")
			return return_slot_cmd(a);
		if (cmd == "trace")
			return trace_cmd(a);
		throw std::invalid_argument("unknown command '" + cmd + "'");
	} catch (const std::exception& e) {
		std::fprintf(stderr, "vk-demo-check: %s (see --help)\n", e.what());
		return 2;
	}
}
