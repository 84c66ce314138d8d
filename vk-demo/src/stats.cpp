#include "stats.hpp"

#include "vfio_dmabuf/error.hpp"

#include <algorithm>
#include <cstdio>

namespace vk_demo
{

void Stats::presented(std::uint64_t t_ns, bool live, std::uint64_t lag)
{
	times_.push_back(t_ns);
	if (live)
		lags_.push_back(lag);
}

double Stats::seconds() const noexcept
{
	if (times_.size() < 2)
		return 0;
	const std::uint64_t span = times_.back() - times_.front();
	return double(span > paused_ns_ ? span - paused_ns_ : span) / 1e9;
}

double Stats::fps() const noexcept
{
	const double s = seconds();
	return s > 0 ? double(times_.size() - 1) / s : 0;
}

double Stats::recent_fps() const noexcept
{
	if (times_.size() < 2)
		return 0;
	const std::uint64_t end = times_.back();
	std::size_t first = times_.size() - 1;
	while (first > 0 && end - times_[first - 1] <= 1000000000ull)
		--first;
	if (first == times_.size() - 1)
		first = times_.size() - 2; // slower than 1 fps: the last interval
	return double(times_.size() - 1 - first) * 1e9 / double(end - times_[first]);
}

Spread Stats::latency_frames() const
{
	if (lags_.empty())
		return {};
	std::vector<std::uint64_t> s = lags_;
	std::sort(s.begin(), s.end());
	const std::size_t n = s.size();
	const double median =
	        n % 2 ? double(s[n / 2]) : (double(s[n / 2 - 1]) + double(s[n / 2])) / 2;
	return {double(s.front()), median, double(s.back())};
}

std::string Stats::summary(std::uint64_t period_ns) const
{
	const Spread l = latency_frames();
	const double seconds = this->seconds();
	char buf[512];
	int n = std::snprintf(buf, sizeof buf,
	                      "%llu frames in %.1f s (%.2f fps, script exec pauses excluded); "
	                      "device->screen latency "
	                      "min/median/max %.0f/%.1f/%.0f frames",
	                      (unsigned long long)frames(), seconds, fps(), l.min, l.median, l.max);
	if (period_ns && n > 0 && std::size_t(n) < sizeof buf)
		n += std::snprintf(buf + n, sizeof buf - std::size_t(n),
		                   " (%.0f/%.0f/%.0f ms at the device's %.1f fps)",
		                   l.min * double(period_ns) / 1e6,
		                   l.median * double(period_ns) / 1e6,
		                   l.max * double(period_ns) / 1e6, 1e9 / double(period_ns));
	if (n > 0 && std::size_t(n) < sizeof buf)
		std::snprintf(buf + n, sizeof buf - std::size_t(n),
		              "; %llu torn re-renders, %llu revokes", (unsigned long long)torn_,
		              (unsigned long long)revokes_);
	return buf;
}

void Stats::write_json(const std::string& path, std::uint64_t period_ns,
                       const std::string& extra) const
{
	std::FILE* f = std::fopen(path.c_str(), "we");
	if (!f)
		vfio_dmabuf::throw_errno("cannot write --json " + path);
	const Spread l = latency_frames();
	const double ms = double(period_ns) / 1e6;
	const double seconds = this->seconds();
	std::fprintf(f,
	             "{\n  \"frames\": %llu,\n  \"seconds\": %.3f,\n  \"fps\": %.3f,\n"
	             "  \"latency_frames\": {\"min\": %.0f, \"median\": %.1f, \"max\": %.0f},\n"
	             "  \"latency_ms\": {\"min\": %.1f, \"median\": %.1f, \"max\": %.1f},\n"
	             "  \"device_period_ns\": %llu,\n  \"torn_rerenders\": %llu,\n"
	             "  \"revokes\": %llu%s%s\n}\n",
	             (unsigned long long)frames(), seconds, fps(), l.min, l.median, l.max,
	             l.min * ms, l.median * ms, l.max * ms, (unsigned long long)period_ns,
	             (unsigned long long)torn_, (unsigned long long)revokes_,
	             extra.empty() ? "" : ",\n  ", extra.c_str());
	if (std::fclose(f) != 0)
		vfio_dmabuf::throw_errno("cannot write --json " + path);
}

} // namespace vk_demo
