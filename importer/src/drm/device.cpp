#include "vfio_dmabuf/drm/device.hpp"

#include "drm_file.hpp"
#include "vfio_dmabuf/error.hpp"

#include <algorithm>
#include <cerrno>
#include <dirent.h>
#include <fcntl.h>
#include <xf86drm.h>

namespace vfio_dmabuf::drm
{

namespace
{

constexpr const char* dri_dir = "/dev/dri";

std::shared_ptr<detail::DrmFile> open_node(const std::string& path)
{
	auto file = std::make_shared<detail::DrmFile>();
	file->fd = open_file(path.c_str(), O_RDWR);
	file->path = path;
	file->driver = drm_driver_name(file->fd.get());
	return file;
}

} // namespace

std::vector<std::string> drm_node_paths()
{
	std::vector<std::string> render, primary;
	if (DIR* d = ::opendir(dri_dir)) {
		while (const dirent* e = ::readdir(d)) {
			std::string name = e->d_name;
			if (name.rfind("renderD", 0) == 0)
				render.push_back(std::string(dri_dir) + "/" + name);
			else if (name.rfind("card", 0) == 0)
				primary.push_back(std::string(dri_dir) + "/" + name);
		}
		::closedir(d);
	}
	// Numeric order: renderD128 < renderD129, card2 < card10.
	auto by_number = [](const std::string& a, const std::string& b) {
		return a.size() != b.size() ? a.size() < b.size() : a < b;
	};
	std::sort(render.begin(), render.end(), by_number);
	std::sort(primary.begin(), primary.end(), by_number);
	render.insert(render.end(), primary.begin(), primary.end());
	return render;
}

std::string drm_driver_name(int fd)
{
	drmVersionPtr v = drmGetVersion(fd);
	if (!v)
		throw_errno("DRM_IOCTL_VERSION on fd " + std::to_string(fd),
		            errno ? errno : ENOTTY);
	std::string name(v->name, v->name_len);
	drmFreeVersion(v);
	return name;
}

DrmDevice DrmDevice::open(const std::string& path)
{
	return DrmDevice(open_node(path));
}

DrmDevice DrmDevice::open_driver(const std::string& driver)
{
	std::string seen;
	for (const std::string& path : drm_node_paths()) {
		std::shared_ptr<detail::DrmFile> file;
		try {
			file = open_node(path);
		} catch (const Error& e) {
			seen += (seen.empty() ? "" : ", ") + path + " (" + errno_name(e.code()) +
			        ")";
			continue;
		}
		if (file->driver == driver)
			return DrmDevice(std::move(file));
		seen += (seen.empty() ? "" : ", ") + path + " (" + file->driver + ")";
	}
	throw Error("no DRM device of driver '" + driver + "' in " + dri_dir +
	                    "; found: " + (seen.empty() ? "none" : seen),
	            ENODEV);
}

int DrmDevice::fd() const noexcept
{
	return file_->fd.get();
}
const std::string& DrmDevice::path() const noexcept
{
	return file_->path;
}
const std::string& DrmDevice::driver() const noexcept
{
	return file_->driver;
}
std::string DrmDevice::describe() const
{
	return driver() + " on " + path();
}

} // namespace vfio_dmabuf::drm
