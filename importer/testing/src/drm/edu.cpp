#include "vfio_dmabuf/testing/drm/edu.hpp"

#include "in_flight.hpp"
#include "vfio_dmabuf/drm/prime.hpp"
#include "vfio_dmabuf/error.hpp"
#include "vfio_dmabuf/testing/drm/edu_uapi.hpp"

#include <cerrno>
#include <xf86drm.h>

namespace vfio_dmabuf::drm
{

namespace
{

int edu_rw(int fd, unsigned long request, std::uint32_t handle, std::uint64_t offset,
           std::uint64_t size, const void* data, std::uint32_t flags)
{
	uapi::drm_edu_gem_rw args{};
	args.handle = handle;
	args.flags = flags;
	args.offset = offset;
	args.size = size;
	args.data_ptr = reinterpret_cast<std::uintptr_t>(data);
	return drmIoctl(fd, request, &args) == 0 ? 0 : -errno;
}

std::string describe_rw(const GemHandle& obj, std::uint64_t offset, std::uint64_t size)
{
	return "of " + std::to_string(size) + " bytes at offset " + std::to_string(offset) +
	       " of GEM handle " + std::to_string(obj.get());
}

} // namespace

EduDrm::EduDrm(DrmDevice dev)
    : dev_(std::move(dev)), in_flight_(std::make_shared<detail::InFlight>())
{
}

void EduDrm::wait_idle() const
{
	in_flight_->wait_idle();
}

unsigned EduDrm::transfers_in_flight() const
{
	return in_flight_->count();
}

EduDrm EduDrm::open()
{
	try {
		return EduDrm(DrmDevice::open_driver(driver_name));
	} catch (const Error& e) {
		if (e.code() == ENODEV)
			throw Error(std::string("no edu DRM device (the edu_drm test driver is not "
			                        "loaded or not bound): ") +
			                    e.what(),
			            ENODEV);
		throw;
	}
}

GemHandle EduDrm::import(int dmabuf_fd) const
{
	return prime_import(dev_, dmabuf_fd);
}

int EduDrm::read_raw(std::uint32_t handle, std::uint64_t offset, std::uint64_t size, void* data,
                     std::uint32_t flags) const
{
	detail::InFlight::Guard busy(*in_flight_);
	return edu_rw(dev_.fd(), uapi::DRM_IOCTL_EDU_GEM_READ, handle, offset, size, data, flags);
}

int EduDrm::write_raw(std::uint32_t handle, std::uint64_t offset, std::uint64_t size,
                      const void* data, std::uint32_t flags) const
{
	detail::InFlight::Guard busy(*in_flight_);
	return edu_rw(dev_.fd(), uapi::DRM_IOCTL_EDU_GEM_WRITE, handle, offset, size, data, flags);
}

void EduDrm::read(const GemHandle& obj, std::uint64_t offset, std::span<std::uint8_t> out) const
{
	if (int rc = read_raw(obj.get(), offset, out.size(), out.data()))
		throw_errno("edu DMA read " + describe_rw(obj, offset, out.size()), -rc);
}

void EduDrm::write(const GemHandle& obj, std::uint64_t offset,
                   std::span<const std::uint8_t> in) const
{
	if (int rc = write_raw(obj.get(), offset, in.size(), in.data()))
		throw_errno("edu DMA write " + describe_rw(obj, offset, in.size()), -rc);
}

} // namespace vfio_dmabuf::drm
