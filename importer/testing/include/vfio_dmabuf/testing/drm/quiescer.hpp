// The edu test driver as an importer in RevokeScope's protocol.  Its
// transfers are synchronous ioctls, so "my DMA is done" means no transfer
// of this process through `edu` (or a copy of it) is inside the ioctl:
// quiescing waits for that (EduDrm::wait_idle).  The application must not
// start new transfers until the scope is restored; if it does, they fail
// with ENODEV while the memory is revoked.
#pragma once

#include "vfio_dmabuf/revoke_scope.hpp"
#include "vfio_dmabuf/testing/drm/edu.hpp"

#include <functional>

namespace vfio_dmabuf::drm
{

// `edu` must outlive the scope.  `revalidate` runs after the restore, e.g. a
// DMA read of the imported buffer whose bytes it checks.
Quiescer edu_quiescer(const EduDrm& edu, std::function<void()> revalidate = {});

} // namespace vfio_dmabuf::drm
