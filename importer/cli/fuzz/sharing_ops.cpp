// The fuzzer's dma-buf ioctls, sw_sync fences and PRIME imports.
#include "fuzz_state.hpp"

#include "vfio_dmabuf/drm/prime.hpp"
#include "vfio_dmabuf/error.hpp"

#include <algorithm>
#include <linux/dma-buf.h>
#include <sys/ioctl.h>

namespace vfio_dmabuf::fuzz
{
namespace
{

constexpr std::size_t max_fences = 4;
constexpr std::size_t max_gems = 6;

// DMA_BUF_SYNC_* flags: valid ones, and ones the core must refuse.
std::uint64_t sync_flags(Rng& rng, bool& valid)
{
	valid = rng.percent(80);
	if (valid)
		return rng.pick<std::uint64_t>({DMA_BUF_SYNC_START, DMA_BUF_SYNC_END}) |
		       rng.pick<std::uint64_t>({DMA_BUF_SYNC_READ, DMA_BUF_SYNC_WRITE, DMA_BUF_SYNC_RW});
	return rng.pick<std::uint64_t>({0, DMA_BUF_SYNC_END, DMA_BUF_SYNC_READ | 8,
	                                DMA_BUF_SYNC_RW | (1ull << 40), UINT64_MAX});
}

// DMA_BUF_SYNC_READ/WRITE for the sync_file ioctls, or an invalid value.
std::uint32_t rw_flags(Rng& rng, bool& valid)
{
	valid = rng.percent(85);
	if (valid)
		return rng.pick<std::uint32_t>({DMA_BUF_SYNC_READ, DMA_BUF_SYNC_WRITE, DMA_BUF_SYNC_RW});
	return rng.pick<std::uint32_t>({0, 4, DMA_BUF_SYNC_READ | 0x80000000u});
}

int ioctl_result(int rc)
{
	return rc < 0 ? -errno : rc;
}

} // namespace

bool Fuzzer::sync_call()
{
	if (bufs_.empty())
		return export_call();
	const Buf& b = bufs_[rng_.below(bufs_.size())];
	bool valid = false;
	dma_buf_sync sync{sync_flags(rng_, valid)};
	if (valid && !(sync.flags & DMA_BUF_SYNC_END))
		settle_fences(Wait::unbounded); // START waits for the fences
	int rc = ioctl_result(ioctl(b.buf.fd(), DMA_BUF_IOCTL_SYNC, &sync));
	return record("dmabuf_sync", errno_outcome(rc), {valid ? "ok" : "EINVAL"},
	              "flags " + std::to_string(sync.flags));
}

bool Fuzzer::set_name()
{
	if (bufs_.empty())
		return export_call();
	const Buf& b = bufs_[rng_.below(bufs_.size())];
	const std::size_t len = rng_.pick<std::size_t>({0, 5, 31, 32, 40});
	std::string name(len, 'a');
	for (char& c : name)
		c = static_cast<char>('a' + rng_.below(26));
	const bool unreadable = rng_.percent(8);
	const char* arg = unreadable ? static_cast<const char*>(arena_->unreadable()) : name.c_str();
	int rc = ioctl_result(ioctl(b.buf.fd(), DMA_BUF_SET_NAME, arg));
	// DMA_BUF_NAME_LEN is 32 with the terminating NUL.
	Allowed allowed = unreadable ? Allowed{"EFAULT"} : len >= 32 ? Allowed{"EINVAL"} : Allowed{"ok"};
	return record("dmabuf_set_name", errno_outcome(rc), allowed,
	              unreadable ? "unreadable pointer" : "length " + std::to_string(len));
}

bool Fuzzer::export_sync_file()
{
	if (bufs_.empty())
		return export_call();
	const Buf& b = bufs_[rng_.below(bufs_.size())];
	bool valid = false;
	dma_buf_export_sync_file arg{rw_flags(rng_, valid), -1};
	int rc = ioctl_result(ioctl(b.buf.fd(), DMA_BUF_IOCTL_EXPORT_SYNC_FILE, &arg));
	UniqueFd fence(rc == 0 ? arg.fd : -1);
	if (fence && fences_.size() < max_fences)
		fences_.push_back(std::move(fence));
	return record("export_sync_file", rc == 0 ? "fd" : errno_outcome(rc),
	              {valid ? "fd" : "EINVAL"}, "flags " + std::to_string(arg.flags));
}

bool Fuzzer::import_sync_file()
{
	if (bufs_.empty())
		return export_call();
	const Buf& b = bufs_[rng_.below(bufs_.size())];
	bool valid = false;
	dma_buf_import_sync_file arg{rw_flags(rng_, valid), -1};
	std::size_t fence = fences_.size();
	if (!fences_.empty() && rng_.percent(85)) {
		fence = rng_.below(fences_.size());
		arg.fd = fences_[fence].get();
	} else {
		arg.fd = rng_.pick<int>({-1, b.buf.fd(), 1 << 20});
		valid = false; // not a sync_file
	}
	int rc = ioctl_result(ioctl(b.buf.fd(), DMA_BUF_IOCTL_IMPORT_SYNC_FILE, &arg));
	if (fence < fences_.size() && rng_.percent(50))
		fences_.erase(fences_.begin() + static_cast<long>(fence));
	return record("import_sync_file", errno_outcome(rc), {valid ? "ok" : "EINVAL"},
	              "flags " + std::to_string(arg.flags) + " fd " + std::to_string(arg.fd));
}

bool Fuzzer::timeline_call()
{
	if (!timeline_)
		return export_call();
	join_signaller();
	const unsigned how = static_cast<unsigned>(rng_.below(10));
	if (how < 5 && fences_.size() < max_fences) {
		const std::uint32_t value = timeline_value_ + 1 + static_cast<std::uint32_t>(rng_.below(3));
		fences_.push_back(timeline_->create_fence(value, "fuzz"));
		timeline_max_ = std::max(timeline_max_, value);
		return record("fence_create", "fd", {"fd"}, "value " + std::to_string(value));
	}
	if (how < 9) {
		const std::uint32_t steps = 1 + static_cast<std::uint32_t>(rng_.below(2));
		timeline_->advance(steps);
		timeline_value_ += steps;
		timeline_max_ = std::max(timeline_max_, timeline_value_);
		return record("timeline_advance", "ok", {"ok"}, std::to_string(steps));
	}
	// Closing the timeline signals every fence still pending on it.
	timeline_.reset();
	timeline_.emplace();
	timeline_value_ = timeline_max_ = 0;
	return record("timeline_close", "ok", {"ok"}, "");
}

bool Fuzzer::edu_import()
{
	if (!edu_)
		return vgem_import();
	if (bufs_.empty())
		return export_call();
	if (gems_.size() >= max_gems)
		return gem_close();
	const Buf& b = bufs_[rng_.below(bufs_.size())];
	// A dma-buf the file imported already gives its handle again, without
	// attaching; a new attach is refused while revoked.
	Allowed allowed = b.info->edu_imports || usable(*b.info) ? Allowed{"ok"} : Allowed{"ENODEV"};
	std::string outcome = "ok";
	try {
		gems_.push_back({edu_->import(b.buf.fd()), b.info});
		b.info->edu_imports++;
	} catch (const Error& e) {
		outcome = errno_outcome(e.code() ? e.code() : EIO);
	}
	return record("prime_import_edu", outcome, allowed,
	              "dma-buf " + std::to_string(b.info->id) + (usable(*b.info) ? "" : " (revoked)"));
}

bool Fuzzer::vgem_import()
{
	if (!vgem_ || bufs_.empty())
		return export_call();
	const Buf& b = bufs_[rng_.below(bufs_.size())];
	std::string outcome = "ok";
	try {
		drm::GemHandle h = drm::prime_import(*vgem_, b.buf.fd());
	} catch (const Error& e) {
		outcome = errno_outcome(e.code() ? e.code() : EIO);
	}
	// vgem attaches statically, without peer-to-peer: always refused.
	return record("prime_import_vgem", outcome, {"EOPNOTSUPP"},
	              "dma-buf " + std::to_string(b.info->id));
}

bool Fuzzer::gem_close()
{
	if (gems_.empty())
		return edu_import();
	const std::size_t i = rng_.below(gems_.size());
	gems_[i].info->edu_imports--;
	gems_.erase(gems_.begin() + static_cast<long>(i));
	return record("gem_close", "ok", {"ok"}, "");
}

bool Fuzzer::edu_read()
{
	if (gems_.empty())
		return edu_import();
	const Gem& g = gems_[rng_.below(gems_.size())];
	const BufInfo& info = *g.info;
	settle_fences(Wait::unbounded);
	join_signaller();
	const std::uint64_t offset = page_ * rng_.below(info.size / page_);
	std::uint8_t data[64] = {};
	int rc = edu_->read_raw(g.handle.get(), offset, sizeof(data), data);
	std::string outcome = errno_outcome(rc);
	if (rc == 0) {
		for (std::size_t i = 0; i < sizeof(data); i++) {
			auto want = expected_byte(info.bar_offset(offset + i));
			if (want && data[i] != *want)
				outcome = "mismatch";
		}
	}
	return record("edu_read", outcome, {usable(info) ? "ok" : "ENODEV"},
	              "dma-buf " + std::to_string(info.id) + " offset " + std::to_string(offset) +
	                      (usable(info) ? "" : " (revoked)"));
}

} // namespace vfio_dmabuf::fuzz
