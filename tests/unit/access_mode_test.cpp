// The names of the vfio access modes (--iommu-mode) and their parser.
#include "vfio_dmabuf/error.hpp"
#include "vfio_dmabuf/vfio_device.hpp"

#include <cerrno>
#include <gtest/gtest.h>
#include <string>

using namespace vfio_dmabuf;

TEST(AccessMode, EveryModeParsesFromItsName)
{
	for (AccessMode m : {AccessMode::automatic, AccessMode::iommufd, AccessMode::group_type1,
	                     AccessMode::group_type1v2, AccessMode::iommufd_compat,
	                     AccessMode::noiommu})
		EXPECT_EQ(parse_access_mode(to_string(m)), m) << to_string(m);
	EXPECT_STREQ(to_string(AccessMode::automatic), "auto");
	EXPECT_STREQ(to_string(AccessMode::group_type1v2), "group-type1v2");
}

TEST(AccessMode, AnUnknownNameIsEinvalListingTheNames)
{
	for (const char* bad : {"", "type1", "group/type1", "IOMMUFD", "noiommu "}) {
		try {
			parse_access_mode(bad);
			ADD_FAILURE() << "'" << bad << "' parsed";
		} catch (const Error& e) {
			EXPECT_EQ(e.code(), EINVAL);
			EXPECT_NE(std::string(e.what()).find("(auto, iommufd, group-type1, group-type1v2, "
			                                     "iommufd-compat, noiommu)"),
			          std::string::npos)
			        << e.what();
		}
	}
}
