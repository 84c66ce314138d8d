// vk-demo-producer: plays the device for vk-demo.  Maps the file behind the
// BAR (QEMU's ivshmem memory backend) and writes the animated test card into
// its frame slots at a steady rate, following the frame contract.
#include "common/file_mapping.hpp"
#include "common/frame_layout.hpp"
#include "common/live_header.hpp"
#include "common/test_card.hpp"
#include "draw_card.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <stdexcept>
#include <string>

namespace
{

using namespace vk_demo;

const char* const usage = R"(usage: vk-demo-producer BAR_FILE [OPTIONS]

Plays the device for vk-demo: writes an animated test card into the frame
slots of the frame contract (vk-demo/README.md) inside BAR_FILE, the host file
behind the VM's ivshmem BAR2 (tests/vm/run-guest --bar-file), at a steady
rate, until SIGINT/SIGTERM or --frames.  The file must exist and be large
enough; its other bytes are not touched.

  --offset BYTES     where the frame header goes in the file (page-aligned;
                     default 0): vk-demo --offset must say the same
  --size WxH         frame size (default 640x480; at least 432x96)
  --stride BYTES     bytes from one row to the next (default width * 4);
                     padding bytes are written as 0x5a
  --format FORMAT    XRGB8888 (default) or ABGR8888
  --slots N          producer slots (default 3, at least 2)
  --return-slots N   slots the producer never writes, for vk-demo
                     --render-into-bar (default 1)
  --fps RATE         frames per second (default 30)
  --frames N         stop after N frames (default: run until signalled)
  -q, --quiet        no progress lines
  -h, --help         this text

Every pixel is a function of (x, y, frame number): see
vk-demo/common/test_card.hpp.  Progress goes to stderr every 5 s; at exit the
last line says how many frames were written.  Exit status: 0, or 1 with a
one-line error.
)";

volatile std::sig_atomic_t stop_requested = 0;

void on_signal(int)
{
	stop_requested = 1;
}

struct Options {
	std::string file;
	std::uint64_t offset = 0;
	LayoutRequest layout;
	double fps = 30;
	std::uint64_t frames = 0;
	bool quiet = false;
};

std::uint64_t parse_number(const std::string& opt, const std::string& v)
{
	char* end = nullptr;
	errno = 0;
	const unsigned long long n = std::strtoull(v.c_str(), &end, 0);
	if (v.empty() || *end || errno || v[0] == '-')
		throw std::runtime_error(opt + ": '" + v + "' is not a number");
	return n;
}

Options parse(int argc, char** argv)
{
	Options o;
	for (int i = 1; i < argc; ++i) {
		std::string a = argv[i];
		auto value = [&]() -> std::string {
			if (i + 1 >= argc)
				throw std::runtime_error(a + " needs a value");
			return argv[++i];
		};
		if (a == "-h" || a == "--help") {
			std::fputs(usage, stdout);
			std::exit(0);
		} else if (a == "--offset") {
			o.offset = parse_number(a, value());
		} else if (a == "--size") {
			const std::string v = value();
			const auto x = v.find('x');
			if (x == std::string::npos)
				throw std::runtime_error("--size: '" + v + "' is not WxH");
			o.layout.width = std::uint32_t(parse_number(a, v.substr(0, x)));
			o.layout.height = std::uint32_t(parse_number(a, v.substr(x + 1)));
		} else if (a == "--stride") {
			o.layout.stride = std::uint32_t(parse_number(a, value()));
		} else if (a == "--format") {
			const std::string v = value();
			const auto f = parse_fourcc(v);
			if (!f)
				throw std::runtime_error("--format: '" + v +
				                         "' is not XRGB8888 or ABGR8888");
			o.layout.fourcc = *f;
		} else if (a == "--slots") {
			o.layout.producer_slots = std::uint32_t(parse_number(a, value()));
		} else if (a == "--return-slots") {
			o.layout.return_slots = std::uint32_t(parse_number(a, value()));
		} else if (a == "--fps") {
			const std::string v = value();
			char* end = nullptr;
			o.fps = std::strtod(v.c_str(), &end);
			if (v.empty() || *end || !(o.fps > 0 && o.fps <= 1000))
				throw std::runtime_error("--fps: '" + v +
				                         "' is not a rate in (0, 1000]");
		} else if (a == "--frames") {
			o.frames = parse_number(a, value());
		} else if (a == "-q" || a == "--quiet") {
			o.quiet = true;
		} else if (!a.empty() && a[0] == '-') {
			throw std::runtime_error("unknown option " + a + " (see --help)");
		} else if (o.file.empty()) {
			o.file = a;
		} else {
			throw std::runtime_error("unexpected argument '" + a + "' (see --help)");
		}
	}
	if (o.file.empty())
		throw std::runtime_error("no BAR_FILE given (see --help)");
	if (o.offset % contract::page_size)
		throw std::runtime_error("--offset " + std::to_string(o.offset) +
		                         " is not a multiple of 4096");
	if (o.layout.width < vk_demo::test_card::min_width ||
	    o.layout.height < vk_demo::test_card::min_height)
		throw std::runtime_error("--size: the test card needs at least " +
		                         std::to_string(vk_demo::test_card::min_width) + "x" +
		                         std::to_string(vk_demo::test_card::min_height));
	return o;
}

// A producer slot that is neither the latest nor the consumer's, the one
// holding the oldest frame; with no such slot, the oldest that is not the
// latest (the consumer's seqlock check then catches the overlap).
std::uint32_t pick_slot(const LiveHeader& live, const contract::FrameHeader& h)
{
	const std::uint32_t latest = live.latest_slot();
	const std::uint32_t held = live.consumer_slot();
	std::uint32_t best = contract::no_slot, fallback = contract::no_slot;
	for (std::uint32_t i = 0; i < h.slot_count; ++i) {
		if ((h.slots[i].flags & contract::slot_flag_return) || i == latest)
			continue;
		auto older = [&](std::uint32_t cur) {
			return cur == contract::no_slot ||
			       live.slot_frame(i) < live.slot_frame(cur);
		};
		if (i != held && older(best))
			best = i;
		if (older(fallback))
			fallback = i;
	}
	return best != contract::no_slot ? best : fallback;
}

double seconds_since(std::chrono::steady_clock::time_point t)
{
	return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

int run(const Options& o)
{
	FileMapping file(o.file, true);
	const contract::FrameHeader h = make_header(o.layout);
	const std::uint64_t need = o.offset + layout_bytes(h);
	if (need > file.size())
		throw std::runtime_error(o.file + " has " + std::to_string(file.size()) +
		                         " bytes, the frame layout at offset " +
		                         std::to_string(o.offset) + " needs " +
		                         std::to_string(need));
	contract::FrameHeader init = h;
	const auto period = std::chrono::nanoseconds(std::int64_t(1e9 / o.fps));
	init.frame_period_ns = std::uint64_t(period.count());
	LiveHeader live(file.data() + o.offset);
	live.initialise(init);
	std::uint32_t returns = h.slot_count - o.layout.producer_slots;
	std::fprintf(stderr,
	             "vk-demo-producer: %s: %ux%u %s, stride %u, %u producer slots + %u return "
	             "slot(s) at offset 0x%llx (0x%llx bytes), %.1f fps\n",
	             o.file.c_str(), h.width, h.height, fourcc_name(h.fourcc).c_str(), h.stride,
	             o.layout.producer_slots, returns, (unsigned long long)o.offset,
	             (unsigned long long)layout_bytes(h), o.fps);

	std::signal(SIGINT, on_signal);
	std::signal(SIGTERM, on_signal);
	const auto start = std::chrono::steady_clock::now();
	auto last_report = start;
	std::uint64_t frame = 0, late = 0, reported = 0;
	timespec next{};
	clock_gettime(CLOCK_MONOTONIC, &next);
	while (!stop_requested && (o.frames == 0 || frame < o.frames)) {
		++frame;
		const std::uint32_t slot = pick_slot(live, h);
		live.begin_write(slot);
		producer::draw_card(file.data() + o.offset + h.slots[slot].offset, h.width,
		                    h.height, h.stride, h.fourcc, frame);
		live.end_write(slot, frame);
		live.publish(slot, frame);

		if (!o.quiet && seconds_since(last_report) >= 5) {
			const double dt = seconds_since(last_report);
			std::fprintf(stderr, "vk-demo-producer: frame %llu (%.1f fps, %llu late)\n",
			             (unsigned long long)frame, double(frame - reported) / dt,
			             (unsigned long long)late);
			last_report = std::chrono::steady_clock::now();
			reported = frame;
		}
		next.tv_nsec += long(period.count());
		while (next.tv_nsec >= 1000000000L)
			next.tv_nsec -= 1000000000L, ++next.tv_sec;
		timespec now{};
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec > next.tv_sec ||
		    (now.tv_sec == next.tv_sec && now.tv_nsec > next.tv_nsec)) {
			++late; // behind: start a new schedule from now
			next = now;
			continue;
		}
		while (!stop_requested &&
		       clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, nullptr) == EINTR) {
		}
	}
	const double dt = seconds_since(start);
	std::fprintf(
	        stderr,
	        "vk-demo-producer: stopped after %llu frames in %.1f s (%.1f fps, %llu late)\n",
	        (unsigned long long)frame, dt, dt > 0 ? double(frame) / dt : 0.0,
	        (unsigned long long)late);
	return 0;
}

} // namespace

int main(int argc, char** argv)
{
	try {
		return run(parse(argc, argv));
	} catch (const std::exception& e) {
		std::fprintf(stderr, "vk-demo-producer: %s\n", e.what());
		return 1;
	}
}
