// Repeated timing for `vfio-dmabuf bench`: the median of N runs of a
// step, on the monotonic clock.  Benchmarks report ratios measured in one
// run (the machine is shared and TCG makes absolute times meaningless), so
// only the median is kept; min and max go to the JSON as a spread.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <vector>

namespace vfio_dmabuf::bench
{

struct Timing {
	double median_s = 0;
	double min_s = 0;
	double max_s = 0;
	unsigned reps = 0;
};

inline double seconds_since(std::chrono::steady_clock::time_point t0)
{
	return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Runs `step` `reps` times (one extra, untimed, first: page tables, caches,
// lazily created driver state) and returns the spread of the timed runs.
template <class Step>
Timing time_median(unsigned reps, Step&& step)
{
	step();
	std::vector<double> t;
	t.reserve(reps);
	for (unsigned i = 0; i < reps; i++) {
		auto t0 = std::chrono::steady_clock::now();
		step();
		t.push_back(seconds_since(t0));
	}
	std::sort(t.begin(), t.end());
	Timing r;
	r.reps = reps;
	r.min_s = t.front();
	r.max_s = t.back();
	r.median_s = t.size() % 2 ? t[t.size() / 2] : (t[t.size() / 2 - 1] + t[t.size() / 2]) / 2;
	return r;
}

} // namespace vfio_dmabuf::bench
