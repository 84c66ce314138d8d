// The conformance reports and what feeds them: text made safe for each
// format, the JSON/JUnit/TAP layout, the exit status of a run, and the CLI's
// option parser.  (check_reports.py parses the same reports with Python's
// XML and JSON parsers.)
#include "args.hpp"
#include "conformance/exit_status.hpp"
#include "conformance/report.hpp"
#include "conformance/text_escape.hpp"
#include "hostile_results.hpp"

#include <algorithm>
#include <gtest/gtest.h>
#include <sstream>

using namespace vfio_dmabuf;
using namespace vfio_dmabuf::conformance;

namespace
{

const std::string fffd = "\xef\xbf\xbd";

std::vector<std::string> lines(const std::string& s)
{
	std::vector<std::string> out;
	std::istringstream in(s);
	for (std::string l; std::getline(in, l);)
		out.push_back(l);
	return out;
}

TEST(TextEscape, ValidUtf8KeepsValidTextAndReplacesEachMaximalSubpart)
{
	EXPECT_EQ(valid_utf8("caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x98\x80"),
	          "caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x98\x80");
	EXPECT_EQ(valid_utf8("a\xff"
	                     "b"),
	          "a" + fffd + "b");         // never a lead byte
	EXPECT_EQ(valid_utf8("\x80"), fffd); // stray continuation
	EXPECT_EQ(valid_utf8("\xe2\x82"
	                     "x"),
	          fffd + "x");                                     // truncated: one subpart
	EXPECT_EQ(valid_utf8("\xe2\x82"), fffd);                   // truncated at the end
	EXPECT_EQ(valid_utf8("\xc0\xaf"), fffd + fffd);            // overlong '/'
	EXPECT_EQ(valid_utf8("\xed\xa0\x80"), fffd + fffd + fffd); // a surrogate
	EXPECT_EQ(valid_utf8("\xf4\x90\x80\x80"), fffd + fffd + fffd + fffd); // past U+10FFFF
}

TEST(TextEscape, JsonEscapesQuotesBackslashesAndControls)
{
	EXPECT_EQ(json_escape("a\"b\\c\nd\te\rf\x01g\x7f"),
	          "a\\\"b\\\\c\\nd\\te\\rf\\u0001g\\u007f");
	EXPECT_EQ(json_escape("x\xffy"), "x" + fffd + "y");
}

TEST(TextEscape, XmlEscapesMarkupAndReplacesForbiddenCharacters)
{
	EXPECT_EQ(xml_escape("<a href=\"x\">&'</a>", false),
	          "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;");
	EXPECT_EQ(xml_escape("a\x01\x1b"
	                     "b\xef\xbf\xbe",
	                     false),
	          "a" + fffd + fffd + "b" + fffd);
	// Text keeps tabs and newlines; attributes carry them as references.
	EXPECT_EQ(xml_escape("a\tb\nc\rd", false), "a\tb\nc&#13;d");
	EXPECT_EQ(xml_escape("a\tb\nc\rd", true), "a&#9;b&#10;c&#13;d");
}

TEST(TextEscape, TapLinesHaveNoControlCharactersAndDescriptionsNoHash)
{
	EXPECT_EQ(tap_escape("a\nb\rc\x01\td", false),
	          "a" + fffd + "b" + fffd + "c" + fffd + "\td");
	EXPECT_EQ(tap_escape("case #1 \\", true), "case \\#1 \\\\");
	EXPECT_EQ(tap_escape("case #1", false), "case #1");
}

TEST(Report, JsonHasSchemaVersionAndErrnoFields)
{
	std::string json = to_json(test::hostile_run_info(), test::hostile_results());
	EXPECT_NE(json.find("\"schema_version\": 2,"), std::string::npos) << json;
	EXPECT_NE(json.find("\"bar\": 2,"), std::string::npos);
	EXPECT_NE(json.find("\"errno\": \"EINVAL\", \"errno_value\": 22"), std::string::npos);
	EXPECT_NE(json.find("\"errno\": null, \"errno_value\": null"), std::string::npos);
	EXPECT_EQ(valid_utf8(json), json) << "the JSON must be valid UTF-8";
	for (char c : json)
		EXPECT_FALSE(static_cast<unsigned char>(c) < 0x20 && c != '\n')
		        << "raw control character " << int(c) << " in JSON";
}

TEST(Report, EveryReportNamesTheAccessMode)
{
	const RunInfo info{"k", "e", "d", 2, "iommufd"};
	const std::vector<Result> results = {{"a.passes", "", Status::pass, "", 0, 1}};
	EXPECT_NE(to_json(info, results).find("\"access_mode\": \"iommufd\","), std::string::npos);
	std::string xml = to_junit(info, results);
	EXPECT_NE(xml.find("<testsuite name=\"vfio-dmabuf conformance (iommufd)\" tests=\"1\""),
	          std::string::npos)
	        << xml;
	EXPECT_NE(xml.find("<property name=\"access_mode\" value=\"iommufd\"/>"),
	          std::string::npos);
	EXPECT_NE(to_tap(info, results).find(", BAR2, access mode iommufd\n"), std::string::npos);
	// Escaped like every other field.
	std::string hostile = to_junit(test::hostile_run_info(), results);
	EXPECT_NE(hostile.find("name=\"vfio-dmabuf conformance (group/type1v2 &lt;&quot;&amp;&gt;)\""),
	          std::string::npos)
	        << hostile;
}

TEST(Report, JunitPutsFirstLineInMessageAndWholeDetailInBody)
{
	std::vector<Result> results = {
	        {"a.fails", "", Status::fail, "first <line>\nsecond & line", ENODEV, 1}};
	std::string xml = to_junit({"k", "e", "d", 2, ""}, results);
	EXPECT_NE(xml.find("<failure message=\"first &lt;line&gt;\" type=\"ENODEV\">"
	                   "first &lt;line&gt;\nsecond &amp; line</failure>"),
	          std::string::npos)
	        << xml;
}

TEST(Report, JunitOfHostileDetailHasNoRawMarkupOrForbiddenBytes)
{
	std::string xml = to_junit(test::hostile_run_info(), test::hostile_results());
	EXPECT_EQ(valid_utf8(xml), xml);
	EXPECT_EQ(xml.find("<expected>"), std::string::npos);
	EXPECT_EQ(xml.find("]]>"), std::string::npos);
	for (char c : xml) {
		unsigned char u = static_cast<unsigned char>(c);
		EXPECT_FALSE(u < 0x20 && c != '\n' && c != '\t')
		        << "character " << int(u) << " XML 1.0 forbids (or parsers normalise)";
	}
}

TEST(Report, TapFollowsKselftest)
{
	auto tap = lines(to_tap(test::hostile_run_info(), test::hostile_results()));
	ASSERT_GE(tap.size(), 3u);
	EXPECT_EQ(tap[0], "TAP version 13");
	EXPECT_EQ(tap[1], "1..4");
	std::vector<std::string> results;
	for (std::size_t i = 2; i < tap.size(); i++) {
		const std::string& l = tap[i];
		if (l.starts_with("ok ") || l.starts_with("not ok ")) {
			results.push_back(l);
			continue;
		}
		EXPECT_TRUE(l.starts_with("# ")) << "neither a result nor a comment: " << l;
	}
	ASSERT_EQ(results.size(), 4u);
	EXPECT_EQ(results[0], "ok 1 export.passes");
	EXPECT_EQ(results[1], "not ok 2 export.fails");
	EXPECT_EQ(results[2], "ok 3 mmap.unsupported # SKIP no mmap here (EINVAL)");
	EXPECT_TRUE(results[3].starts_with("not ok 4 revoke.errs # error: got \"EINVAL\""))
	        << results[3];
	EXPECT_EQ(tap.back(), "# Totals: pass:1 fail:1 xfail:0 xpass:0 skip:1 error:1");
	// The failure's detail lines are comments before its result line.
	auto fail_at = std::find(tap.begin(), tap.end(), results[1]);
	EXPECT_EQ(*(fail_at - 1), "#   third line " + fffd + fffd + " end");
}

TEST(ExitStatus, FailBeatsErrorBeatsUnsupported)
{
	auto with = [](std::vector<Status> statuses) {
		std::vector<Result> r;
		for (Status s : statuses)
			r.push_back({"c", "", s, "", 0, 0});
		return exit_status(r);
	};
	EXPECT_EQ(with({}), 4) << "nothing ran";
	EXPECT_EQ(with({Status::pass, Status::unsupported}), 0);
	EXPECT_EQ(with({Status::pass, Status::error, Status::unsupported}), 3);
	EXPECT_EQ(with({Status::error, Status::fail, Status::pass}), 1);
}

struct Parsed {
	std::string json, filter;
	bool list = false, verbose = false;
	std::vector<std::string> positional;
};

Parsed parse(std::vector<std::string> argv)
{
	Parsed p;
	cli::Args args("vfio-dmabuf test");
	args.value({"--json"}, &p.json)
	        .value({"--filter"}, &p.filter)
	        .flag({"--list"}, &p.list)
	        .flag({"-v", "--verbose"}, &p.verbose);
	argv.insert(argv.begin(), "test");
	std::vector<char*> raw;
	for (std::string& a : argv)
		raw.push_back(a.data());
	p.positional = args.parse(static_cast<int>(raw.size()), raw.data());
	return p;
}

std::string usage_error(std::vector<std::string> argv)
{
	try {
		parse(std::move(argv));
	} catch (const cli::UsageError& e) {
		return e.what();
	}
	return "(no error)";
}

TEST(Args, TakesValuesBothWaysAndKeepsPositionals)
{
	Parsed p = parse({"01:00.0", "--json", "a.json", "--filter=export.*,mmap.*", "-v", "-",
	                  "--", "--list"});
	EXPECT_EQ(p.json, "a.json");
	EXPECT_EQ(p.filter, "export.*,mmap.*");
	EXPECT_TRUE(p.verbose);
	EXPECT_FALSE(p.list);
	EXPECT_EQ(p.positional, (std::vector<std::string>{"01:00.0", "-", "--list"}));
	EXPECT_EQ(parse({"--json=x=y"}).json, "x=y");
}

TEST(Args, ErrorsNameTheOption)
{
	EXPECT_EQ(usage_error({"--jsn", "x"}),
	          "unknown option --jsn (try 'vfio-dmabuf test --help')");
	EXPECT_EQ(usage_error({"--jsn=x"}), "unknown option --jsn (try 'vfio-dmabuf test --help')");
	EXPECT_EQ(usage_error({"--json"}), "--json needs a value");
	EXPECT_EQ(usage_error({"--json="}), "--json needs a non-empty value");
	EXPECT_EQ(usage_error({"--list=yes"}), "--list takes no value (got '--list=yes')");
}

TEST(Args, NumbersAreCheckedAgainstTheirRange)
{
	EXPECT_EQ(cli::parse_number("--bar", "5", 5), 5u);
	EXPECT_EQ(cli::parse_number("--seed", "0x10"), 16u);
	for (const char* bad : {"6", "-1", "2x", "", "+1", "99999999999999999999"}) {
		try {
			cli::parse_number("--bar", bad, 5);
			ADD_FAILURE() << "'" << bad << "' accepted";
		} catch (const cli::UsageError& e) {
			EXPECT_EQ(std::string(e.what()),
			          "--bar: '" + std::string(bad) + "' is not a number from 0 to 5");
		}
	}
}

} // namespace
