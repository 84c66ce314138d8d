#include "vfio_dmabuf/testing/drm/quiescer.hpp"

namespace vfio_dmabuf::drm
{

Quiescer edu_quiescer(const EduDrm& edu, std::function<void()> revalidate)
{
	return {edu.device().describe(), [&edu] { edu.wait_idle(); }, std::move(revalidate)};
}

} // namespace vfio_dmabuf::drm
