// Kernel uAPI this library uses that older <linux/vfio.h> (Debian 12 ships
// 6.1 headers) lacks: the vfio cdev/iommufd ioctls (6.6) and mainline's
// dma-buf export feature (6.19).  Values and layouts are mainline's, byte for
// byte; tests/unit/uapi_layout_test.cpp pins them, and checks them against
// the system's <linux/vfio.h> and <linux/iommufd.h> wherever those define
// the same things.
//
// Private to the build (never installed), and spelled so that it cannot
// collide with the system header whatever its version: newer headers define
// VFIO_DEVICE_BIND_IOMMUFD, VFIO_DEVICE_FEATURE_DMA_BUF, struct
// vfio_device_feature_dma_buf ... themselves, so every name here is a
// lower-case constant or type inside vfio_dmabuf::uapi.
#pragma once

#include <linux/ioctl.h>
#include <linux/types.h>
#include <linux/vfio.h>

namespace vfio_dmabuf::uapi
{

// --- <linux/iommufd.h> ----------------------------------------------------
inline constexpr unsigned iommufd_type = ';';

struct iommu_destroy_args {
	__u32 size;
	__u32 id;
};
inline constexpr unsigned long ioctl_iommu_destroy = _IO(iommufd_type, 0x80);

struct iommu_ioas_alloc_args {
	__u32 size;
	__u32 flags;
	__u32 out_ioas_id;
};
inline constexpr unsigned long ioctl_iommu_ioas_alloc = _IO(iommufd_type, 0x81);

// --- <linux/vfio.h>: device cdev -------------------------------------------
struct device_bind_iommufd_args {
	__u32 argsz;
	__u32 flags;
	__s32 iommufd;
	__u32 out_devid;
};
inline constexpr unsigned long ioctl_device_bind_iommufd = _IO(VFIO_TYPE, VFIO_BASE + 18);

struct device_attach_iommufd_pt_args {
	__u32 argsz;
	__u32 flags;
	__u32 pt_id;
};
inline constexpr unsigned long ioctl_device_attach_iommufd_pt = _IO(VFIO_TYPE, VFIO_BASE + 19);

// --- <linux/vfio.h>: dma-buf export (mainline v6.19+) ------------------------
inline constexpr __u32 feature_dma_buf = 11;

struct region_dma_range {
	__u64 offset;
	__u64 length;
};

// Followed in memory by nr_ranges region_dma_range entries.
struct feature_dma_buf_args {
	__u32 region_index;
	__u32 open_flags;
	__u32 flags;
	__u32 nr_ranges;
};

} // namespace vfio_dmabuf::uapi
