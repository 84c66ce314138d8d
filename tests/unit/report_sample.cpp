// report-sample DIR: writes the JSON, JUnit and TAP reports of the hostile
// results (hostile_results.hpp) into DIR for check_reports.py to parse.
#include "conformance/report.hpp"
#include "hostile_results.hpp"

#include <cstdio>
#include <exception>
#include <string>

using namespace vfio_dmabuf::conformance;

int main(int argc, char** argv)
{
	if (argc != 2) {
		std::fprintf(stderr, "usage: report-sample DIR\n");
		return 2;
	}
	std::string dir = argv[1];
	try {
		const auto results = test::hostile_results();
		const RunInfo info = test::hostile_run_info();
		write_file(dir + "/report.json", to_json(info, results));
		write_file(dir + "/report.xml", to_junit(info, results));
		write_file(dir + "/report.tap", to_tap(info, results));
		write_file(dir + "/detail.bin", test::hostile_detail);
	} catch (const std::exception& e) {
		std::fprintf(stderr, "report-sample: %s\n", e.what());
		return 1;
	}
	return 0;
}
