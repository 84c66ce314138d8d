// An open DRM device node (render node or primary node), found by the name
// of its kernel driver.  Copies share the one open file; the GEM handles it
// hands out keep it open (see gem_handle.hpp).
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace vfio_dmabuf::drm
{

namespace detail
{
struct DrmFile;
}

class DrmDevice
{
public:
	// The first node of driver `driver` (as DRM_IOCTL_VERSION names it:
	// "edu", "vgem", ...): render nodes first, then primary nodes, each in
	// name order.  Throws Error(ENODEV) listing the drivers that were found
	// when none matches.
	static DrmDevice open_driver(const std::string& driver);
	// Opens the node `path` (e.g. /dev/dri/renderD128) read-write.
	static DrmDevice open(const std::string& path);

	int fd() const noexcept;
	const std::string& path() const noexcept;
	const std::string& driver() const noexcept;
	// "edu on /dev/dri/renderD129"
	std::string describe() const;

	const std::shared_ptr<detail::DrmFile>& file() const noexcept { return file_; }

private:
	explicit DrmDevice(std::shared_ptr<detail::DrmFile> file) : file_(std::move(file)) {}
	std::shared_ptr<detail::DrmFile> file_;
};

// The DRM nodes of this system: render nodes, then primary nodes, by name.
std::vector<std::string> drm_node_paths();

// The driver name DRM_IOCTL_VERSION reports for an open DRM fd; throws Error.
std::string drm_driver_name(int fd);

} // namespace vfio_dmabuf::drm
