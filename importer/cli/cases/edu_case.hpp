// What the cases that use the edu test driver share.
#pragma once

#include "vfio_dmabuf/testing/drm/edu.hpp"

namespace vfio_dmabuf::cases
{

// The edu test driver, or unsupported (ENODEV) when it is not there.
drm::EduDrm require_edu();

} // namespace vfio_dmabuf::cases
