// The uAPI structs must be mainline's byte for byte (include/uapi/linux/vfio.h
// and iommufd.h of Linux 7.x): sizes, offsets and ioctl numbers.  Where the
// system's own headers define the same things (Linux >= 6.6 for the cdev
// and iommufd, >= 6.19 for the dma-buf feature), the private definitions
// must equal them; this file compiles against whatever <linux/vfio.h> the
// build host has (6.1 on Debian 12, 6.12 on Debian 13).
#include "vfio_dmabuf/uapi.hpp"

#include <cstddef>
#include <gtest/gtest.h>
#if __has_include(<linux/iommufd.h>)
#include <linux/iommufd.h>
#endif

namespace uapi = vfio_dmabuf::uapi;

TEST(UapiLayout, DmaBufFeatureMatchesMainline)
{
	EXPECT_EQ(uapi::feature_dma_buf, 11u);
	EXPECT_EQ(sizeof(uapi::region_dma_range), 16u);
	EXPECT_EQ(offsetof(uapi::region_dma_range, offset), 0u);
	EXPECT_EQ(offsetof(uapi::region_dma_range, length), 8u);
	EXPECT_EQ(sizeof(uapi::feature_dma_buf_args), 16u);
	EXPECT_EQ(offsetof(uapi::feature_dma_buf_args, region_index), 0u);
	EXPECT_EQ(offsetof(uapi::feature_dma_buf_args, open_flags), 4u);
	EXPECT_EQ(offsetof(uapi::feature_dma_buf_args, flags), 8u);
	EXPECT_EQ(offsetof(uapi::feature_dma_buf_args, nr_ranges), 12u);
}

TEST(UapiLayout, CdevAndIommufdIoctlsMatchMainline)
{
	EXPECT_EQ(uapi::ioctl_device_bind_iommufd, 0x3b76u);
	EXPECT_EQ(uapi::ioctl_device_attach_iommufd_pt, 0x3b77u);
	EXPECT_EQ(uapi::ioctl_iommu_ioas_alloc, 0x3b81u);
	EXPECT_EQ(uapi::ioctl_iommu_destroy, 0x3b80u);
	EXPECT_EQ(sizeof(uapi::device_bind_iommufd_args), 16u);
	EXPECT_EQ(sizeof(uapi::device_attach_iommufd_pt_args), 12u);
	EXPECT_EQ(sizeof(uapi::iommu_ioas_alloc_args), 12u);
}

TEST(UapiLayout, DeviceFeatureHeaderIsUnchanged)
{
	EXPECT_EQ(sizeof(vfio_device_feature), 8u);
	EXPECT_EQ(VFIO_DEVICE_FEATURE, 0x3b75u);
	EXPECT_EQ(VFIO_DEVICE_FEATURE_PROBE, 1u << 18);
	EXPECT_EQ(VFIO_DEVICE_FEATURE_GET, 1u << 16);
}

// Against the system header: compile-time, so a mismatch fails the build
// on the host whose headers disagree.  Each block is empty where the
// header is too old to have the definition.
#ifdef VFIO_DEVICE_BIND_IOMMUFD
static_assert(uapi::ioctl_device_bind_iommufd == VFIO_DEVICE_BIND_IOMMUFD);
static_assert(uapi::ioctl_device_attach_iommufd_pt == VFIO_DEVICE_ATTACH_IOMMUFD_PT);
static_assert(sizeof(uapi::device_bind_iommufd_args) == sizeof(vfio_device_bind_iommufd));
static_assert(offsetof(uapi::device_bind_iommufd_args, iommufd) ==
              offsetof(vfio_device_bind_iommufd, iommufd));
static_assert(offsetof(uapi::device_bind_iommufd_args, out_devid) ==
              offsetof(vfio_device_bind_iommufd, out_devid));
static_assert(sizeof(uapi::device_attach_iommufd_pt_args) == sizeof(vfio_device_attach_iommufd_pt));
static_assert(offsetof(uapi::device_attach_iommufd_pt_args, pt_id) ==
              offsetof(vfio_device_attach_iommufd_pt, pt_id));
#endif
#ifdef IOMMU_IOAS_ALLOC
static_assert(uapi::ioctl_iommu_ioas_alloc == IOMMU_IOAS_ALLOC);
static_assert(uapi::ioctl_iommu_destroy == IOMMU_DESTROY);
static_assert(sizeof(uapi::iommu_ioas_alloc_args) == sizeof(iommu_ioas_alloc));
static_assert(offsetof(uapi::iommu_ioas_alloc_args, out_ioas_id) ==
              offsetof(iommu_ioas_alloc, out_ioas_id));
#endif
#ifdef VFIO_DEVICE_FEATURE_DMA_BUF
static_assert(uapi::feature_dma_buf == VFIO_DEVICE_FEATURE_DMA_BUF);
static_assert(sizeof(uapi::feature_dma_buf_args) == sizeof(vfio_device_feature_dma_buf));
static_assert(offsetof(uapi::feature_dma_buf_args, nr_ranges) ==
              offsetof(vfio_device_feature_dma_buf, nr_ranges));
static_assert(sizeof(uapi::region_dma_range) == sizeof(vfio_region_dma_range));
static_assert(offsetof(uapi::region_dma_range, length) == offsetof(vfio_region_dma_range, length));
#endif
