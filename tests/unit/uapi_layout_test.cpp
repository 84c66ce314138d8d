// The uAPI structs must be mainline's byte for byte (include/uapi/linux/vfio.h
// and iommufd.h of Linux 7.x): sizes, offsets and ioctl numbers.
#include "vfio_dmabuf/uapi.hpp"

#include <cstddef>
#include <gtest/gtest.h>

using namespace vfio_dmabuf::uapi;

TEST(UapiLayout, DmaBufFeatureMatchesMainline)
{
	EXPECT_EQ(VFIO_DEVICE_FEATURE_DMA_BUF, 11u);
	EXPECT_EQ(sizeof(vfio_region_dma_range), 16u);
	EXPECT_EQ(offsetof(vfio_region_dma_range, offset), 0u);
	EXPECT_EQ(offsetof(vfio_region_dma_range, length), 8u);
	EXPECT_EQ(sizeof(vfio_device_feature_dma_buf), 16u);
	EXPECT_EQ(offsetof(vfio_device_feature_dma_buf, region_index), 0u);
	EXPECT_EQ(offsetof(vfio_device_feature_dma_buf, open_flags), 4u);
	EXPECT_EQ(offsetof(vfio_device_feature_dma_buf, flags), 8u);
	EXPECT_EQ(offsetof(vfio_device_feature_dma_buf, nr_ranges), 12u);
}

TEST(UapiLayout, CdevAndIommufdIoctlsMatchMainline)
{
	EXPECT_EQ(VFIO_DEVICE_BIND_IOMMUFD, 0x3b76u);
	EXPECT_EQ(VFIO_DEVICE_ATTACH_IOMMUFD_PT, 0x3b77u);
	EXPECT_EQ(IOMMU_IOAS_ALLOC, 0x3b81u);
	EXPECT_EQ(IOMMU_DESTROY, 0x3b80u);
	EXPECT_EQ(sizeof(vfio_device_bind_iommufd), 16u);
	EXPECT_EQ(sizeof(vfio_device_attach_iommufd_pt), 12u);
	EXPECT_EQ(sizeof(iommu_ioas_alloc), 12u);
}

TEST(UapiLayout, DeviceFeatureHeaderIsUnchanged)
{
	EXPECT_EQ(sizeof(vfio_device_feature), 8u);
	EXPECT_EQ(VFIO_DEVICE_FEATURE, 0x3b75u);
	EXPECT_EQ(VFIO_DEVICE_FEATURE_PROBE, 1u << 18);
	EXPECT_EQ(VFIO_DEVICE_FEATURE_GET, 1u << 16);
}
