#include "vfio_dmabuf/error.hpp"
#include "vfio_dmabuf/vfio_device.hpp"

#include <gtest/gtest.h>

using namespace vfio_dmabuf;

TEST(PciAddress, ShortFormGetsDomainZero)
{
	EXPECT_EQ(normalize_pci_address("01:00.0"), "0000:01:00.0");
}

TEST(PciAddress, FullFormIsLowercased)
{
	EXPECT_EQ(normalize_pci_address("0000:0A:1F.7"), "0000:0a:1f.7");
}

TEST(PciAddress, MalformedAddressesAreRejectedWithEinval)
{
	for (const char* bad :
	     {"", "1:0.0", "0000:01:00", "0000:01:00.8", "0000:01:20.0", "../x"}) {
		try {
			normalize_pci_address(bad);
			ADD_FAILURE() << "accepted '" << bad << "'";
		} catch (const Error& e) {
			EXPECT_EQ(e.code(), EINVAL);
			EXPECT_NE(std::string(e.what()).find("PCI address"), std::string::npos);
		}
	}
}

TEST(PciAddress, OpeningAnAbsentDeviceNamesIt)
{
	try {
		VfioDevice::open("ff:1f.7");
		ADD_FAILURE() << "opened a device that does not exist";
	} catch (const Error& e) {
		EXPECT_EQ(e.code(), ENODEV);
		EXPECT_NE(std::string(e.what()).find("0000:ff:1f.7"), std::string::npos);
	}
}
