#include "report.hpp"

#include "text_escape.hpp"
#include "vfio_dmabuf/error.hpp"

#include <cstdio>
#include <fstream>
#include <string_view>

namespace vfio_dmabuf::conformance
{
namespace
{

const char* colour_of(Status s)
{
	switch (s) {
	case Status::pass:
		return "\033[32m";
	case Status::fail:
		return "\033[31m";
	case Status::unsupported:
		return "\033[33m";
	case Status::error:
		return "\033[35m";
	}
	return "";
}

std::string first_line(const std::string& s)
{
	return s.substr(0, s.find('\n'));
}

std::vector<std::string_view> lines_of(const std::string& s)
{
	std::vector<std::string_view> out;
	std::string_view rest = s;
	while (!rest.empty()) {
		std::size_t nl = rest.find('\n');
		out.push_back(rest.substr(0, nl));
		if (nl == std::string_view::npos)
			break;
		rest.remove_prefix(nl + 1);
	}
	return out;
}

std::string json_errno(int err)
{
	if (err == 0)
		return "\"errno\": null, \"errno_value\": null";
	return "\"errno\": \"" + json_escape(errno_name(err)) +
	       "\", \"errno_value\": " + std::to_string(err);
}

} // namespace

void print_table(std::FILE* out, const std::vector<Result>& results, bool colour)
{
	std::size_t width = 4;
	for (const auto& r : results)
		width = std::max(width, r.name.size());
	int counts[4] = {};
	for (const auto& r : results) {
		counts[static_cast<int>(r.status)]++;
		std::string first = r.detail.substr(0, r.detail.find('\n'));
		std::fprintf(out, "%-*s  %s%-11s%s %7.0f ms  %s\n", int(width), r.name.c_str(),
		             colour ? colour_of(r.status) : "", to_string(r.status),
		             colour ? "\033[0m" : "", r.duration_ms, first.c_str());
		if (r.status == Status::fail || r.status == Status::error) {
			std::size_t nl = r.detail.find('\n');
			if (nl != std::string::npos)
				std::fprintf(out, "%s\n", r.detail.substr(nl + 1).c_str());
		}
	}
	std::fprintf(out, "%d passed, %d failed, %d unsupported, %d error\n", counts[0], counts[1],
	             counts[2], counts[3]);
}

std::string to_json(const RunInfo& info, const std::vector<Result>& results)
{
	std::string s = "{\n  \"schema_version\": " + std::to_string(json_schema_version) +
	                ",\n  \"kernel\": \"" + json_escape(info.kernel) +
	                "\",\n  \"exporter\": \"" + json_escape(info.exporter) +
	                "\",\n  \"device\": \"" + json_escape(info.device) +
	                "\",\n  \"bar\": " + std::to_string(info.bar) +
	                ",\n  \"access_mode\": \"" + json_escape(info.access_mode) +
	                "\",\n  \"cases\": [";
	for (std::size_t i = 0; i < results.size(); i++) {
		const Result& r = results[i];
		char ms[32];
		std::snprintf(ms, sizeof(ms), "%.1f", r.duration_ms);
		s += std::string(i ? "," : "") + "\n    {\"name\": \"" + json_escape(r.name) +
		     "\", \"status\": \"" + to_string(r.status) + "\", \"detail\": \"" +
		     json_escape(r.detail) + "\", " + json_errno(r.err) +
		     ", \"duration_ms\": " + ms + ", \"expectation\": \"" +
		     json_escape(r.expectation) + "\"}";
	}
	s += "\n  ]\n}\n";
	return s;
}

std::string to_junit(const RunInfo& info, const std::vector<Result>& results)
{
	auto attr = [](std::string_view v) { return xml_escape(v, true); };
	int failures = 0, errors = 0, skipped = 0;
	double total = 0;
	for (const auto& r : results) {
		failures += r.status == Status::fail;
		errors += r.status == Status::error;
		skipped += r.status == Status::unsupported;
		total += r.duration_ms;
	}
	// The suite's name carries the access mode, so that the runs of one
	// kernel in several modes stay apart in a JUnit viewer.
	std::string name = "vfio-dmabuf conformance";
	if (!info.access_mode.empty())
		name += " (" + info.access_mode + ")";
	char head[256];
	std::snprintf(head, sizeof(head),
	              "\" tests=\"%zu\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" "
	              "time=\"%.3f\" ",
	              results.size(), failures, errors, skipped, total / 1000);
	std::string s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  <testsuite "
	                "name=\"" +
	                attr(name) + head;
	s += "hostname=\"" + attr(info.kernel) + "\">\n";
	s += "    <properties><property name=\"kernel\" value=\"" + attr(info.kernel) +
	     "\"/><property name=\"exporter\" value=\"" + attr(info.exporter) +
	     "\"/><property name=\"device\" value=\"" + attr(info.device) +
	     "\"/><property name=\"bar\" value=\"" + std::to_string(info.bar) +
	     "\"/><property name=\"access_mode\" value=\"" + attr(info.access_mode) +
	     "\"/></properties>\n";
	for (const auto& r : results) {
		std::string cls = r.name.substr(0, r.name.find('.'));
		char t[32];
		std::snprintf(t, sizeof(t), "%.3f", r.duration_ms / 1000);
		s += "    <testcase classname=\"" + attr(cls) + "\" name=\"" + attr(r.name) +
		     "\" time=\"" + t + "\"";
		const char* element = nullptr;
		std::string message = first_line(r.detail);
		switch (r.status) {
		case Status::pass:
			s += "/>\n";
			continue;
		case Status::fail:
			element = "failure";
			break;
		case Status::error:
			element = "error";
			break;
		case Status::unsupported:
			element = "skipped";
			message = "unsupported: " + message;
			break;
		}
		s += ">\n      <" + std::string(element) + " message=\"" + attr(message) + "\"";
		if (r.err)
			s += " type=\"" + attr(errno_name(r.err)) + "\"";
		s += ">" + xml_escape(r.detail, false) + "</" + element + ">\n    </testcase>\n";
	}
	s += "  </testsuite>\n</testsuites>\n";
	return s;
}

std::string to_tap(const RunInfo& info, const std::vector<Result>& results)
{
	std::string s = "TAP version 13\n1.." + std::to_string(results.size()) + "\n";
	s += "# vfio-dmabuf conformance: kernel " + tap_escape(info.kernel, false) + ", exporter " +
	     tap_escape(info.exporter, false) + ", device " + tap_escape(info.device, false) +
	     ", BAR" + std::to_string(info.bar) +
	     (info.access_mode.empty() ? std::string()
	                               : ", access mode " + tap_escape(info.access_mode, false)) +
	     "\n";
	int counts[4] = {};
	for (std::size_t i = 0; i < results.size(); i++) {
		const Result& r = results[i];
		counts[static_cast<int>(r.status)]++;
		std::vector<std::string_view> lines = lines_of(r.detail);
		// The first line goes into the directive where there is one.
		bool first_in_directive =
		        r.status == Status::unsupported || r.status == Status::error;
		for (std::size_t k = first_in_directive ? 1 : 0; k < lines.size(); k++)
			s += "# " + tap_escape(lines[k], false) + "\n";
		std::string reason = lines.empty() ? "" : tap_escape(lines[0], false);
		std::string id = std::to_string(i + 1) + " " + tap_escape(r.name, true);
		switch (r.status) {
		case Status::pass:
			s += "ok " + id + "\n";
			break;
		case Status::fail:
			s += "not ok " + id + "\n";
			break;
		case Status::unsupported:
			s += "ok " + id + " # SKIP " + (reason.empty() ? "unsupported" : reason) +
			     "\n";
			break;
		case Status::error:
			s += "not ok " + id + " # error: " + reason + "\n";
			break;
		}
	}
	s += "# Totals: pass:" + std::to_string(counts[0]) + " fail:" + std::to_string(counts[1]) +
	     " xfail:0 xpass:0 skip:" + std::to_string(counts[2]) +
	     " error:" + std::to_string(counts[3]) + "\n";
	return s;
}

void write_file(const std::string& path, const std::string& text)
{
	std::string tmp = path + ".tmp";
	{
		std::ofstream f(tmp, std::ios::trunc);
		if (!f)
			throw_errno("cannot write " + tmp);
		f << text;
		f.flush();
		if (!f)
			throw_errno("write to " + tmp);
	}
	if (std::rename(tmp.c_str(), path.c_str()) < 0)
		throw_errno("rename " + tmp + " to " + path);
}

} // namespace vfio_dmabuf::conformance
