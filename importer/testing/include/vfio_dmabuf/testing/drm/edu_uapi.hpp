// uAPI of the edu_drm test driver (kernel: include/uapi/drm/edu_drm.h of our
// series), mirrored here since no distribution header has it.  Values and
// layout are the kernel's, byte for byte.
#pragma once

#include <cstddef>
#include <linux/ioctl.h>
#include <linux/types.h>

namespace vfio_dmabuf::drm::uapi
{

inline constexpr unsigned drm_ioctl_base = 'd';    // DRM_IOCTL_BASE
inline constexpr unsigned drm_command_base = 0x40; // DRM_COMMAND_BASE

inline constexpr unsigned DRM_EDU_GEM_READ = 0x00;
inline constexpr unsigned DRM_EDU_GEM_WRITE = 0x01;

struct drm_edu_gem_rw {
	__u32 handle;
	__u32 flags; // must be 0
	__u64 offset;
	__u64 size;
	__u64 data_ptr;
};
static_assert(sizeof(drm_edu_gem_rw) == 32);
static_assert(offsetof(drm_edu_gem_rw, offset) == 8);
static_assert(offsetof(drm_edu_gem_rw, data_ptr) == 24);

inline constexpr unsigned long DRM_IOCTL_EDU_GEM_READ =
        _IOW(drm_ioctl_base, drm_command_base + DRM_EDU_GEM_READ, drm_edu_gem_rw);
inline constexpr unsigned long DRM_IOCTL_EDU_GEM_WRITE =
        _IOW(drm_ioctl_base, drm_command_base + DRM_EDU_GEM_WRITE, drm_edu_gem_rw);

} // namespace vfio_dmabuf::drm::uapi
