// Internals shared by the DRM sources: the open DRM file and the owners of
// its GEM handles.
#pragma once

#include "vfio_dmabuf/unique_fd.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

namespace vfio_dmabuf::drm::detail
{

struct GemOwner;

struct DrmFile {
	UniqueFd fd;
	std::string path;
	std::string driver;

	// Held across every call that creates a handle and every GEM_CLOSE, so
	// that a handle the kernel hands out again is never closed under its
	// new owner.
	std::mutex lock;
	// handle -> its owner (the pointer identifies it while it is dying).
	std::map<std::uint32_t, std::pair<GemOwner*, std::weak_ptr<GemOwner>>> owners;
};

struct GemOwner {
	GemOwner(std::shared_ptr<DrmFile> f, std::uint32_t h) : file(std::move(f)), handle(h) {}
	GemOwner(const GemOwner&) = delete;
	GemOwner& operator=(const GemOwner&) = delete;
	~GemOwner();

	std::shared_ptr<DrmFile> file;
	std::uint32_t handle;
};

// With file->lock held: the owner of `handle` of `file`, shared with the
// live GemHandles of that handle, or new.
std::shared_ptr<GemOwner> own_locked(const std::shared_ptr<DrmFile>& file, std::uint32_t handle);

} // namespace vfio_dmabuf::drm::detail
