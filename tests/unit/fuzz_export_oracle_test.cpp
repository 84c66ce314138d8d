// The fuzzer's oracle for export requests (importer/cli/fuzz/export_request):
// what the uAPI documentation allows for a request with each kind of defect,
// and that the generator is a function of its seed.
#include "fuzz/export_request.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <linux/vfio.h>

namespace vfio_dmabuf::fuzz
{
namespace
{

constexpr std::uint64_t page = 4096;
constexpr std::uint64_t bar_size = 64ull << 20;

BarModel ivshmem()
{
	BarModel m;
	m.size[0] = 256; // registers
	m.size[2] = bar_size;
	return m;
}

ExportRequest one(std::uint64_t offset, std::uint64_t length)
{
	return valid_request(2, {{offset, length}}, O_RDWR | O_CLOEXEC);
}

TEST(FuzzExportOracle, AValidRequestMustSucceed)
{
	EXPECT_EQ(allowed_outcomes(one(0, page), ivshmem()), Allowed{"fd"});
	EXPECT_EQ(allowed_outcomes(one(bar_size - page, page), ivshmem()), Allowed{"fd"});
	EXPECT_EQ(allowed_outcomes(one(0, bar_size), ivshmem()), Allowed{"fd"});
}

TEST(FuzzExportOracle, EachDefectAllowsOnlyItsErrno)
{
	EXPECT_EQ(allowed_outcomes(one(1, page), ivshmem()), Allowed{"EINVAL"});
	EXPECT_EQ(allowed_outcomes(one(0, 0), ivshmem()), Allowed{"EINVAL"});
	EXPECT_EQ(allowed_outcomes(one(bar_size, page), ivshmem()), Allowed{"EINVAL"});
	EXPECT_EQ(allowed_outcomes(one(UINT64_MAX - page + 1, 2 * page), ivshmem()),
	          (Allowed{"EINVAL", "EOVERFLOW"}));
	auto absent = one(0, page);
	absent.region = 3;
	EXPECT_EQ(allowed_outcomes(absent, ivshmem()), Allowed{"ENODEV"});
	auto registers = one(0, page);
	registers.region = 0;
	EXPECT_EQ(allowed_outcomes(registers, ivshmem()), Allowed{"EINVAL"});
	auto rom = one(0, page);
	rom.region = VFIO_PCI_ROM_REGION_INDEX;
	EXPECT_EQ(allowed_outcomes(rom, ivshmem()), Allowed{"ENODEV"});
}

TEST(FuzzExportOracle, ADmaBufLargerThanItsBarIsRefused)
{
	auto twice = valid_request(2, {{0, bar_size}, {0, page}}, O_RDWR);
	EXPECT_EQ(allowed_outcomes(twice, ivshmem()), Allowed{"EINVAL"});
}

TEST(FuzzExportOracle, HeaderDefectsComeBeforeTheFeature)
{
	auto r = one(1, page); // a bad range too, never reached
	r.argsz = 4;
	EXPECT_EQ(allowed_outcomes(r, ivshmem()), Allowed{"EINVAL"});
	r = one(0, page);
	r.feature_flags = VFIO_DEVICE_FEATURE_GET | 0xffff;
	EXPECT_EQ(allowed_outcomes(r, ivshmem()), Allowed{"ENOTTY"});
	r.feature_flags = VFIO_DEVICE_FEATURE_PROBE | VFIO_DEVICE_FEATURE_GET | 11;
	r.ranges[0].offset = 1; // PROBE does not look at the request
	EXPECT_EQ(allowed_outcomes(r, ivshmem()), Allowed{"ok"});
	r.feature_flags = VFIO_DEVICE_FEATURE_SET | 11;
	EXPECT_EQ(allowed_outcomes(r, ivshmem()), Allowed{"EINVAL"});
	r.placement = Placement::header_unmapped;
	EXPECT_EQ(allowed_outcomes(r, ivshmem()), Allowed{"EFAULT"});
}

TEST(FuzzExportOracle, CopiesTooLargeOrUnreadableFail)
{
	auto r = one(0, page);
	r.nr_ranges = 1u << 31;
	r.placement = Placement::ranges_cut;
	EXPECT_EQ(allowed_outcomes(r, ivshmem()), (Allowed{"EFAULT", "ENOMEM"}));
	r.nr_ranges = 2;
	EXPECT_EQ(allowed_outcomes(r, ivshmem()), Allowed{"EFAULT"});
	r.nr_ranges = 0;
	r.ranges.clear();
	r.placement = Placement::readable;
	EXPECT_EQ(allowed_outcomes(r, ivshmem()), Allowed{"EINVAL"});
}

TEST(FuzzExportOracle, ALargeButValidCopyMaySucceedOrRunOutOfMemory)
{
	std::vector<Range> many(4096, Range{0, page});
	auto r = valid_request(2, many, O_RDWR);
	EXPECT_EQ(allowed_outcomes(r, ivshmem()), (Allowed{"ENOMEM", "fd"}));
}

TEST(FuzzExportOracle, TheGeneratorIsAFunctionOfItsSeed)
{
	Rng a(42), b(42);
	for (int i = 0; i < 200; i++)
		EXPECT_EQ(random_request(a, ivshmem(), 2, 20000).describe(),
		          random_request(b, ivshmem(), 2, 20000).describe());
}

TEST(FuzzExportOracle, TheGeneratorReachesEveryOutcome)
{
	Rng rng(7);
	Allowed seen;
	for (int i = 0; i < 5000; i++)
		for (const auto& o : allowed_outcomes(random_request(rng, ivshmem(), 2, 20000), ivshmem()))
			seen.insert(o);
	for (const char* want : {"fd", "ok", "EINVAL", "ENODEV", "EFAULT", "ENOMEM", "EOVERFLOW", "ENOTTY"})
		EXPECT_TRUE(seen.count(want)) << want;
}

} // namespace
} // namespace vfio_dmabuf::fuzz
