// Conformance results whose detail text is as hostile as a kernel, a driver
// or bytes read back from a BAR can make it: quotes, markup, control
// characters, invalid UTF-8, several lines.  Shared by report_test.cpp and
// the report-sample program whose output Python parses.
#pragma once

#include "conformance/report.hpp"

#include <cerrno>
#include <string>
#include <vector>

namespace vfio_dmabuf::conformance::test
{

// Every byte class a report must survive, on several lines.
inline const std::string hostile_detail =
        std::string("got \"EINVAL\" <expected> & 'ENODEV' ]]> --> #1 \\ tab\there") +
        "\x01\x02\x1b[31m\x7f" +         // C0 controls, an ANSI escape, DEL
        "\xff\xfe|\xc3(|\xe2\x82|\x80" + // invalid UTF-8: bad lead, bad 2nd, truncated, stray
        "|\xed\xa0\x80|\xc0\xaf" +       // a surrogate and an overlong '/'
        "|caf\xc3\xa9 \xe2\x9c\x93" +    // valid UTF-8: é and a check mark
        "\r\nsecond line <b>&amp;</b>\n\n  third line \x0b\x0c end";

inline std::vector<Result> hostile_results()
{
	return {
	        {"export.passes", "passes", Status::pass, "", 0, 1.5},
	        {"export.fails", "fails with detail", Status::fail, hostile_detail, EINVAL, 2},
	        {"mmap.unsupported", "is unsupported", Status::unsupported,
	         "no mmap here (EINVAL)\n" + hostile_detail, EINVAL, 0.25},
	        {"revoke.errs", "errs", Status::error, hostile_detail, 0, 3},
	};
}

inline RunInfo hostile_run_info()
{
	return {"6.12.0 <\"&'>", "patched\x01", "0000:00:03.0", 2, "group/type1v2 <\"&>"};
}

} // namespace vfio_dmabuf::conformance::test
