// The fuzzer's model of what it holds (private to fuzz/): the device and
// its state, the dma-bufs it exported, their CPU mappings and GEM imports,
// the sw_sync timeline and its fences.  Every call kind is a member of
// Fuzzer; fuzzer.cpp has the loop, the device and export calls,
// memory_ops.cpp the mmap family and the touches, sharing_ops.cpp the
// dma-buf ioctls, fences and PRIME.
#pragma once

#include "export_request.hpp"
#include "fuzzer.hpp"
#include "outcomes.hpp"
#include "rng.hpp"
#include "vfio_dmabuf/dmabuf.hpp"
#include "vfio_dmabuf/drm/device.hpp"
#include "vfio_dmabuf/drm/gem_handle.hpp"
#include "vfio_dmabuf/testing/drm/edu.hpp"
#include "vfio_dmabuf/testing/sw_sync.hpp"
#include "vfio_dmabuf/vfio_device.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace vfio_dmabuf::fuzz
{

// What stays true of an exported dma-buf while anything (its fd, a mapping,
// a GEM import) refers to it.
struct BufInfo {
	unsigned id = 0;
	std::vector<Range> ranges;
	std::uint64_t size = 0;
	std::uint64_t generation = 0; // of the device open it came from
	int accmode = O_RDWR;
	unsigned edu_imports = 0;     // live GEM entries in our edu file

	bool readable() const noexcept { return accmode == O_RDONLY || accmode == O_RDWR; }
	bool writable() const noexcept { return accmode == O_WRONLY || accmode == O_RDWR; }
	// The BAR offset of byte `offset` of the dma-buf.
	std::uint64_t bar_offset(std::uint64_t offset) const;
};

struct Buf {
	DmaBuf buf;
	std::shared_ptr<BufInfo> info;
};

struct Map {
	std::uint8_t* addr = nullptr;
	std::size_t length = 0;
	std::uint64_t buf_offset = 0; // of addr in the dma-buf
	int prot = 0;
	bool dontfork = false;
	std::shared_ptr<BufInfo> info;
};

struct Gem {
	drm::GemHandle handle;
	std::shared_ptr<BufInfo> info;
};

class Fuzzer
{
public:
	explicit Fuzzer(const Options& opts);
	~Fuzzer();
	Report run();

private:
	using Call = bool (Fuzzer::*)();
	// fuzzer.cpp
	void open_device();
	bool usable(const BufInfo& b) const noexcept;
	bool record(const std::string& kind, const std::string& outcome, const Allowed& allowed,
	            const std::string& detail);
	void log(const std::string& line) const;
	void fill_scratch();
	void restore_everything();
	bool export_call();
	bool close_buf();
	bool toggle_memory();
	bool low_power();
	bool reset_with(const char* kind, void (VfioDevice::*reset)() const);
	bool reset_device();
	bool hot_reset_device();
	bool close_device();
	bool reopen_device();
	// Before an action that waits for the fences of the dma-bufs (a revoke
	// waits with a bound, DMA_BUF_IOCTL_SYNC and edu DMA without): signal
	// the pending ones now, or from a thread a little later, or (a revoke
	// only, a few times a run) never.
	enum class Wait { bounded, unbounded };
	void settle_fences(Wait wait);
	void join_signaller();
	// memory_ops.cpp
	bool mmap_call();
	bool touch();
	bool munmap_call();
	bool mremap_call();
	bool mprotect_call();
	bool madvise_call();
	// Expected byte at BAR offset `o` ("the pattern, or the scratch
	// pattern"); nullopt when the host gave no seed.
	std::optional<std::uint8_t> expected_byte(std::uint64_t o) const;
	bool in_scratch(std::uint64_t bar_offset) const noexcept;
	// sharing_ops.cpp
	bool sync_call();
	bool set_name();
	bool export_sync_file();
	bool import_sync_file();
	bool timeline_call();
	bool edu_import();
	bool vgem_import();
	bool gem_close();
	bool edu_read();

	Options opts_;
	Rng rng_;
	Report report_;
	std::uint64_t call_ = 0;
	BarModel model_;
	std::uint64_t page_ = 4096;
	std::uint64_t scratch_begin_ = 0, scratch_end_ = 0, scratch_seed_ = 0;
	std::unique_ptr<RequestArena> arena_;

	std::optional<VfioDevice> dev_;
	std::uint64_t generation_ = 0;
	bool memory_on_ = true;
	bool low_power_ = false;
	unsigned next_buf_id_ = 0;
	unsigned stalls_left_ = 0;

	std::vector<Buf> bufs_;
	std::vector<Map> maps_;
	std::vector<Gem> gems_;
	std::optional<drm::EduDrm> edu_;
	std::optional<drm::DrmDevice> vgem_;

	std::optional<SwSyncTimeline> timeline_;
	std::uint32_t timeline_value_ = 0, timeline_max_ = 0;
	std::vector<UniqueFd> fences_; // sync_files not imported yet
	std::thread signaller_;
};

} // namespace vfio_dmabuf::fuzz
