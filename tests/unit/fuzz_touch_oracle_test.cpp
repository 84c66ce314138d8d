// The fuzzer's oracle for touches of a dma-buf mapping
// (importer/cli/fuzz/touch_oracle.hpp).
#include "fuzz/touch_oracle.hpp"

#include <gtest/gtest.h>

namespace vfio_dmabuf::fuzz
{
namespace
{

TEST(FuzzTouchOracle, PermittedTouchOfUsableMemoryRunsHereAndSucceeds)
{
	TouchPlan p = plan_touch(true, true, false, false);
	EXPECT_EQ(p.allowed, "ok");
	EXPECT_TRUE(p.here);
}

TEST(FuzzTouchOracle, RefusedProtectionFaultsWithSigsegvInAChild)
{
	TouchPlan p = plan_touch(false, true, false, false);
	EXPECT_EQ(p.allowed, "SIGSEGV");
	EXPECT_FALSE(p.here);
}

TEST(FuzzTouchOracle, RevokedMemoryFaultsWithSigbusInAChild)
{
	TouchPlan p = plan_touch(true, false, false, false);
	EXPECT_EQ(p.allowed, "SIGBUS");
	EXPECT_FALSE(p.here);
}

// Seed 25634164627956, call #1349 on the debug kernel: a revoked touch of a
// MADV_DONTFORK mapping ran in a child, which had no such mapping, and the
// oracle wanted SIGBUS where the child could only get SIGSEGV.
TEST(FuzzTouchOracle, RevokedTouchOfADontforkMappingFaultsWithSigsegvInTheChild)
{
	TouchPlan p = plan_touch(true, false, false, true);
	EXPECT_EQ(p.allowed, "SIGSEGV");
	EXPECT_FALSE(p.here);
}

TEST(FuzzTouchOracle, DontforkMappingTouchedHereStillSucceeds)
{
	TouchPlan p = plan_touch(true, true, false, true);
	EXPECT_EQ(p.allowed, "ok");
	EXPECT_TRUE(p.here);
}

TEST(FuzzTouchOracle, DontforkMappingTouchedInAChildFaultsWithSigsegv)
{
	TouchPlan p = plan_touch(true, true, true, true);
	EXPECT_EQ(p.allowed, "SIGSEGV");
	EXPECT_FALSE(p.here);
}

} // namespace
} // namespace vfio_dmabuf::fuzz
