#include "edu_case.hpp"

#include "../conformance/case.hpp"
#include "vfio_dmabuf/error.hpp"

namespace vfio_dmabuf::cases
{

drm::EduDrm require_edu()
{
	try {
		return drm::EduDrm::open();
	} catch (const Error& e) {
		if (e.code() == ENODEV)
			conformance::unsupported(e.what(), ENODEV);
		throw;
	}
}

} // namespace vfio_dmabuf::cases
