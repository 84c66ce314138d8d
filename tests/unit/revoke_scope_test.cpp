// RevokeScope's protocol with fake importers and a fake revocation: the
// order of the steps, what happens on each failure, and the destructor.
#include "vfio_dmabuf/error.hpp"
#include "vfio_dmabuf/revoke_scope.hpp"

#include <gtest/gtest.h>
#include <stdexcept>
#include <string>
#include <vector>

using namespace vfio_dmabuf;

namespace
{

struct Fakes {
	std::vector<std::string> steps;
	bool fail_wait = false, fail_revoke = false, fail_restore = false, fail_revalidate = false;

	Revocation revocation(bool with_restore = true)
	{
		Revocation r{"fake revoke",
		             [this] {
			             steps.push_back("revoke");
			             if (fail_revoke)
				             throw Error("revoke failed", EIO);
		             },
		             {}};
		if (with_restore)
			r.restore = [this] {
				steps.push_back("restore");
				if (fail_restore)
					throw Error("restore failed", EIO);
			};
		return r;
	}
	Quiescer quiescer(const std::string& name)
	{
		return {name,
		        [this, name] {
			        steps.push_back("wait " + name);
			        if (fail_wait)
				        throw std::runtime_error("device lost");
		        },
		        [this, name] {
			        steps.push_back("revalidate " + name);
			        if (fail_revalidate)
				        throw std::runtime_error("wrong bytes");
		        }};
	}
};

using Steps = std::vector<std::string>;

} // namespace

TEST(RevokeScope, QuiescesThenRevokesThenRestoresThenRevalidates)
{
	Fakes f;
	{
		RevokeScope scope(f.revocation(), {f.quiescer("vk"), f.quiescer("edu")});
		EXPECT_TRUE(scope.revoked());
		EXPECT_EQ(f.steps, (Steps{"wait vk", "wait edu", "revoke"}));
		scope.restore();
		EXPECT_FALSE(scope.revoked());
	}
	EXPECT_EQ(f.steps, (Steps{"wait vk", "wait edu", "revoke", "restore", "revalidate vk",
	                          "revalidate edu"}));
}

TEST(RevokeScope, DestructorRestoresWithoutRevalidating)
{
	Fakes f;
	{
		RevokeScope scope(f.revocation(), {f.quiescer("vk")});
	}
	EXPECT_EQ(f.steps, (Steps{"wait vk", "revoke", "restore"}));
}

TEST(RevokeScope, DestructorSwallowsRestoreErrors)
{
	Fakes f;
	f.fail_restore = true;
	EXPECT_NO_THROW({ RevokeScope scope(f.revocation(), {}); });
	EXPECT_EQ(f.steps, (Steps{"revoke", "restore"}));
}

TEST(RevokeScope, QuiesceFailureRevokesNothing)
{
	Fakes f;
	f.fail_wait = true;
	EXPECT_THROW(RevokeScope(f.revocation(), {f.quiescer("vk"), f.quiescer("edu")}),
	             std::runtime_error);
	EXPECT_EQ(f.steps, (Steps{"wait vk"}));
}

TEST(RevokeScope, RevokeFailureIsNotRestored)
{
	Fakes f;
	f.fail_revoke = true;
	try {
		RevokeScope scope(f.revocation(), {f.quiescer("vk")});
		FAIL() << "no exception";
	} catch (const Error& e) {
		EXPECT_EQ(e.code(), EIO);
	}
	EXPECT_EQ(f.steps, (Steps{"wait vk", "revoke"}));
}

TEST(RevokeScope, FailedRestoreStaysRevokedAndIsRetriedByTheDestructor)
{
	Fakes f;
	f.fail_restore = true;
	{
		RevokeScope scope(f.revocation(), {f.quiescer("vk")});
		EXPECT_THROW(scope.restore(), Error);
		EXPECT_TRUE(scope.revoked());
		f.fail_restore = false;
	}
	EXPECT_EQ(f.steps, (Steps{"wait vk", "revoke", "restore", "restore"}));
}

TEST(RevokeScope, RevalidationFailureThrowsAfterTheRestore)
{
	Fakes f;
	f.fail_revalidate = true;
	{
		RevokeScope scope(f.revocation(), {f.quiescer("vk"), f.quiescer("edu")});
		EXPECT_THROW(scope.restore(), std::runtime_error);
		EXPECT_FALSE(scope.revoked());
	}
	EXPECT_EQ(f.steps, (Steps{"wait vk", "wait edu", "revoke", "restore", "revalidate vk"}));
}

TEST(RevokeScope, SecondRestoreIsAnError)
{
	Fakes f;
	RevokeScope scope(f.revocation(), {});
	scope.restore();
	try {
		scope.restore();
		FAIL() << "no exception";
	} catch (const Error& e) {
		EXPECT_EQ(e.code(), EALREADY);
	}
	EXPECT_EQ(f.steps, (Steps{"revoke", "restore"}));
}

TEST(RevokeScope, ResetWithoutRestoreAction)
{
	Fakes f;
	{
		RevokeScope scope(f.revocation(false), {f.quiescer("vk")});
		scope.restore();
	}
	EXPECT_EQ(f.steps, (Steps{"wait vk", "revoke", "revalidate vk"}));
}
