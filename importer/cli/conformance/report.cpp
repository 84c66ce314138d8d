#include "report.hpp"

#include "vfio_dmabuf/error.hpp"

#include <cstdio>
#include <fstream>

namespace vfio_dmabuf::conformance
{
namespace
{

std::string json_escape(const std::string& s)
{
	std::string out;
	for (unsigned char c : s) {
		switch (c) {
		case '"':
			out += "\\\"";
			break;
		case '\\':
			out += "\\\\";
			break;
		case '\n':
			out += "\\n";
			break;
		case '\t':
			out += "\\t";
			break;
		default:
			if (c < 0x20) {
				char buf[8];
				std::snprintf(buf, sizeof(buf), "\\u%04x", c);
				out += buf;
			} else {
				out += static_cast<char>(c);
			}
		}
	}
	return out;
}

std::string xml_escape(const std::string& s)
{
	std::string out;
	for (char c : s) {
		switch (c) {
		case '<':
			out += "&lt;";
			break;
		case '>':
			out += "&gt;";
			break;
		case '&':
			out += "&amp;";
			break;
		case '"':
			out += "&quot;";
			break;
		default:
			out += c;
		}
	}
	return out;
}

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
	std::string s = "{\n  \"kernel\": \"" + json_escape(info.kernel) +
	                "\",\n  \"exporter\": \"" + json_escape(info.exporter) +
	                "\",\n  \"device\": \"" + json_escape(info.device) + "\",\n  \"cases\": [";
	for (std::size_t i = 0; i < results.size(); i++) {
		const Result& r = results[i];
		char ms[32];
		std::snprintf(ms, sizeof(ms), "%.1f", r.duration_ms);
		s += std::string(i ? "," : "") + "\n    {\"name\": \"" + json_escape(r.name) +
		     "\", \"status\": \"" + to_string(r.status) + "\", \"detail\": \"" +
		     json_escape(r.detail) + "\", \"duration_ms\": " + ms +
		     ", \"expectation\": \"" + json_escape(r.expectation) + "\"}";
	}
	s += "\n  ]\n}\n";
	return s;
}

std::string to_junit(const RunInfo& info, const std::vector<Result>& results)
{
	int failures = 0, errors = 0, skipped = 0;
	double total = 0;
	for (const auto& r : results) {
		failures += r.status == Status::fail;
		errors += r.status == Status::error;
		skipped += r.status == Status::unsupported;
		total += r.duration_ms;
	}
	char head[512];
	std::snprintf(
	        head, sizeof(head),
	        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  <testsuite "
	        "name=\"vfio-dmabuf conformance\" tests=\"%zu\" failures=\"%d\" errors=\"%d\" "
	        "skipped=\"%d\" time=\"%.3f\" hostname=\"%s\">\n",
	        results.size(), failures, errors, skipped, total / 1000,
	        xml_escape(info.kernel).c_str());
	std::string s = head;
	s += "    <properties><property name=\"kernel\" value=\"" + xml_escape(info.kernel) +
	     "\"/><property name=\"exporter\" value=\"" + xml_escape(info.exporter) +
	     "\"/><property name=\"device\" value=\"" + xml_escape(info.device) +
	     "\"/></properties>\n";
	for (const auto& r : results) {
		std::string cls = r.name.substr(0, r.name.find('.'));
		char t[32];
		std::snprintf(t, sizeof(t), "%.3f", r.duration_ms / 1000);
		s += "    <testcase classname=\"" + xml_escape(cls) + "\" name=\"" +
		     xml_escape(r.name) + "\" time=\"" + t + "\"";
		switch (r.status) {
		case Status::pass:
			s += "/>\n";
			continue;
		case Status::fail:
			s += "><failure message=\"" + xml_escape(r.detail) + "\"/>";
			break;
		case Status::error:
			s += "><error message=\"" + xml_escape(r.detail) + "\"/>";
			break;
		case Status::unsupported:
			s += "><skipped message=\"unsupported: " + xml_escape(r.detail) + "\"/>";
			break;
		}
		s += "</testcase>\n";
	}
	s += "  </testsuite>\n</testsuites>\n";
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
