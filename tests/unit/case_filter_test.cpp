// select_cases(): the --filter of vfio-dmabuf conformance, with "!glob"
// exclusions.
#include "conformance/case.hpp"
#include "conformance/runner.hpp"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace
{

VFIO_DMABUF_CASE(filter_a_one, "filtertest.a.one", "") {}
VFIO_DMABUF_CASE(filter_a_two, "filtertest.a.two", "") {}
VFIO_DMABUF_CASE(filter_b_one, "filtertest.b.one", "") {}

std::vector<std::string> selected(const std::string& filter)
{
	std::vector<std::string> names;
	for (const auto* c : vfio_dmabuf::conformance::select_cases(filter))
		if (c->name.rfind("filtertest.", 0) == 0)
			names.push_back(c->name);
	return names;
}

TEST(CaseFilter, PlainGlobsSelectWhatTheyMatch)
{
	EXPECT_EQ(selected("filtertest.a.*"),
	          (std::vector<std::string>{"filtertest.a.one", "filtertest.a.two"}));
	EXPECT_EQ(selected("filtertest.b.*,filtertest.a.two"),
	          (std::vector<std::string>{"filtertest.a.two", "filtertest.b.one"}));
}

TEST(CaseFilter, AnExclusionRemovesWhatItMatchesFromTheSelection)
{
	EXPECT_EQ(selected("filtertest.*,!filtertest.a.*"),
	          (std::vector<std::string>{"filtertest.b.one"}));
	EXPECT_EQ(selected("filtertest.a.*,!*.two"),
	          (std::vector<std::string>{"filtertest.a.one"}));
}

TEST(CaseFilter, OnlyExclusionsSelectEverythingElse)
{
	EXPECT_EQ(selected("!filtertest.a.*"), (std::vector<std::string>{"filtertest.b.one"}));
	EXPECT_EQ(selected("!filtertest.a.one,!filtertest.b.one"),
	          (std::vector<std::string>{"filtertest.a.two"}));
}

TEST(CaseFilter, EmptyGlobsAreIgnored)
{
	EXPECT_EQ(selected(",filtertest.b.*,,"), (std::vector<std::string>{"filtertest.b.one"}));
	EXPECT_EQ(selected("").size(), 3u);
}

} // namespace
