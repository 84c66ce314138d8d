// Kernel uAPI this library uses that older <linux/vfio.h> (Debian 12 ships
// 6.1 headers) lacks: the vfio cdev/iommufd ioctls (6.6) and mainline's
// dma-buf export feature (7.0).  Values and layouts are mainline's, byte for
// byte; tests/unit/uapi_layout_test.cpp pins them.
#pragma once

#include <linux/ioctl.h>
#include <linux/types.h>
#include <linux/vfio.h>

namespace vfio_dmabuf::uapi
{

// --- <linux/iommufd.h> ----------------------------------------------------
inline constexpr unsigned iommufd_type = ';';

struct iommu_destroy {
	__u32 size;
	__u32 id;
};
inline constexpr unsigned long IOMMU_DESTROY = _IO(iommufd_type, 0x80);

struct iommu_ioas_alloc {
	__u32 size;
	__u32 flags;
	__u32 out_ioas_id;
};
inline constexpr unsigned long IOMMU_IOAS_ALLOC = _IO(iommufd_type, 0x81);

// --- <linux/vfio.h>: device cdev -------------------------------------------
struct vfio_device_bind_iommufd {
	__u32 argsz;
	__u32 flags;
	__s32 iommufd;
	__u32 out_devid;
};
inline constexpr unsigned long VFIO_DEVICE_BIND_IOMMUFD = _IO(VFIO_TYPE, VFIO_BASE + 18);

struct vfio_device_attach_iommufd_pt {
	__u32 argsz;
	__u32 flags;
	__u32 pt_id;
};
inline constexpr unsigned long VFIO_DEVICE_ATTACH_IOMMUFD_PT = _IO(VFIO_TYPE, VFIO_BASE + 19);

// --- <linux/vfio.h>: dma-buf export (mainline v6.19+) ------------------------
inline constexpr __u32 VFIO_DEVICE_FEATURE_DMA_BUF = 11;

struct vfio_region_dma_range {
	__u64 offset;
	__u64 length;
};

// Followed in memory by nr_ranges vfio_region_dma_range entries.
struct vfio_device_feature_dma_buf {
	__u32 region_index;
	__u32 open_flags;
	__u32 flags;
	__u32 nr_ranges;
};

} // namespace vfio_dmabuf::uapi
