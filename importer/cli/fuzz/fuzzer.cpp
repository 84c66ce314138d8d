#include "fuzz_state.hpp"

#include "vfio_dmabuf/error.hpp"
#include "vfio_dmabuf/testing/pattern.hpp"

#include <chrono>
#include <cstdio>
#include <linux/vfio.h>
#include <sys/mman.h>
#include <unistd.h>

namespace vfio_dmabuf::fuzz
{
namespace
{

using clock = std::chrono::steady_clock;

double seconds_since(clock::time_point t0)
{
	return std::chrono::duration<double>(clock::now() - t0).count();
}

constexpr std::size_t max_bufs = 8;
// A range count that reaches past the BAR's size in pages.
constexpr std::uint32_t max_ranges_in_memory = (64u << 20) / 4096 + 2;

} // namespace

std::uint64_t BufInfo::bar_offset(std::uint64_t offset) const
{
	for (const Range& r : ranges) {
		if (offset < r.length)
			return r.offset + offset;
		offset -= r.length;
	}
	throw Error("fuzz model: offset past the end of dma-buf " + std::to_string(id));
}

Fuzzer::Fuzzer(const Options& opts)
    : opts_(opts), rng_(opts.seed), stalls_left_(opts.max_stalled_revokes)
{
	page_ = static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
	model_.page = page_;
	open_device();
	for (std::uint32_t i = 0; i < 6; i++)
		model_.size[i] = dev_->region(i).size;
	const std::uint64_t bar = model_.size[opts_.bar];
	if (bar < 16 * page_ || !dev_->region(opts_.bar).mappable())
		throw Error(opts_.device + " has no mappable BAR" + std::to_string(opts_.bar) +
		                    " of at least 16 pages to fuzz",
		            ENODEV);
	if (bar > (64ull << 20))
		throw Error("fuzz: BAR" + std::to_string(opts_.bar) + " of " + opts_.device +
		                    " is larger than 64 MiB, the largest the request arena "
		                    "covers page by page",
		            EINVAL);
	arena_ = std::make_unique<RequestArena>(24 + std::size_t{max_ranges_in_memory} * 16);
	scratch_begin_ = bar / 2;
	scratch_end_ = scratch_begin_ + bar / 8;
	scratch_seed_ = opts_.seed * 0x9e3779b97f4a7c15ull + 0x5c7a7c4;
	if (!scratch_seed_)
		scratch_seed_ = 1;
	try {
		edu_.emplace(drm::EduDrm::open());
	} catch (const Error& e) {
		log(std::string("no edu_drm: no PRIME import into a peer-to-peer importer (") +
		    e.what() + ")");
	}
	try {
		vgem_.emplace(drm::DrmDevice::open_driver("vgem"));
	} catch (const Error& e) {
		log(std::string("no vgem: no PRIME import into a static importer (") + e.what() +
		    ")");
	}
	try {
		timeline_.emplace();
	} catch (const Error& e) {
		log(std::string("no sw_sync: no fences under the fuzzer's control (") + e.what() +
		    ")");
	}
}

// Members go in reverse order: the timeline closes (signalling what is
// still pending) before the dma-bufs and the device do.
Fuzzer::~Fuzzer()
{
	join_signaller();
	for (Map& m : maps_)
		munmap(m.addr, m.length);
}

void Fuzzer::open_device()
{
	dev_.emplace(VfioDevice::open(opts_.device));
	generation_++;
	memory_on_ = dev_->memory_enabled();
	low_power_ = false;
}

bool Fuzzer::usable(const BufInfo& b) const noexcept
{
	return dev_ && b.generation == generation_ && memory_on_ && !low_power_;
}

void Fuzzer::log(const std::string& line) const
{
	if (opts_.verbose)
		std::fprintf(stderr, "fuzz: %s\n", line.c_str());
}

bool Fuzzer::record(const std::string& kind, const std::string& outcome, const Allowed& allowed,
                    const std::string& detail)
{
	bool ok = report_.table.record(call_, kind, outcome, allowed, detail);
	if (opts_.verbose || !ok)
		std::fprintf(stderr, "fuzz: #%llu %s %s: %s%s%s\n",
		             static_cast<unsigned long long>(call_), kind.c_str(), detail.c_str(),
		             outcome.c_str(), ok ? "" : ", allowed: ",
		             ok ? "" : describe(allowed).c_str());
	return ok;
}

std::optional<std::uint8_t> Fuzzer::expected_byte(std::uint64_t o) const
{
	if (in_scratch(o))
		return pattern::byte_at(scratch_seed_, o);
	if (!opts_.host_seed)
		return std::nullopt;
	return pattern::byte_at(opts_.host_seed, o);
}

bool Fuzzer::in_scratch(std::uint64_t o) const noexcept
{
	return o >= scratch_begin_ && o < scratch_end_;
}

// The scratch window holds the scratch pattern from the start, written
// through the vfio region: later writes of the same bytes change nothing,
// and poison shows up in the host's check.
void Fuzzer::fill_scratch()
{
	Mapping bar = dev_->map_region(opts_.bar, PROT_READ | PROT_WRITE);
	pattern::fill(bar.bytes().subspan(scratch_begin_, scratch_end_ - scratch_begin_),
	              scratch_seed_, scratch_begin_);
}

void Fuzzer::join_signaller()
{
	if (signaller_.joinable())
		signaller_.join();
}

void Fuzzer::settle_fences(Wait wait)
{
	join_signaller();
	if (!timeline_ || timeline_max_ <= timeline_value_)
		return;
	const std::uint32_t steps = timeline_max_ - timeline_value_;
	unsigned how = static_cast<unsigned>(rng_.below(100));
	if (wait == Wait::bounded && how >= 97 && stalls_left_) {
		stalls_left_--;
		log("leaving " + std::to_string(steps) +
		    " fence value(s) unsignalled across a revoke (bounded wait)");
		return;
	}
	timeline_value_ = timeline_max_;
	if (how < 70) {
		timeline_->advance(steps);
		return;
	}
	const auto delay = std::chrono::milliseconds(5 + rng_.below(45));
	signaller_ = std::thread([this, steps, delay] {
		std::this_thread::sleep_for(delay);
		timeline_->advance(steps);
	});
}

bool Fuzzer::export_call()
{
	if (!dev_)
		return reopen_device();
	ExportRequest req = random_request(rng_, model_, opts_.bar, max_ranges_in_memory);
	Allowed allowed = allowed_outcomes(req, model_);
	int rc = issue(dev_->fd(), req, *arena_);
	UniqueFd fd(rc > 0 ? rc : -1);
	std::string outcome = rc > 0 ? "fd" : errno_outcome(rc);
	if (!record("export", outcome, allowed, req.describe()))
		return false;
	if (!fd)
		return true;

	auto info = std::make_shared<BufInfo>();
	info->id = next_buf_id_++;
	info->ranges = req.ranges;
	info->size = total_length(req.ranges);
	info->generation = generation_;
	info->accmode = static_cast<int>(req.open_flags & O_ACCMODE);
	DmaBuf buf(std::move(fd), "fuzz dma-buf " + std::to_string(info->id));
	if (buf.size() != info->size)
		return record("export_size", std::to_string(buf.size()), {std::to_string(info->size)},
		              req.describe());

	// Spot check: the first and the last bytes, through a mapping.
	if (usable(*info) && info->readable()) {
		for (std::uint64_t at : {std::uint64_t{0}, info->size - page_}) {
			Mapping m = buf.map(PROT_READ, at, page_);
			const std::uint64_t where = at + (at ? page_ - 8 : 0);
			std::string outcome_check = "ok";
			for (std::uint64_t i = 0; i < 8; i++) {
				auto want = expected_byte(info->bar_offset(where + i));
				if (want && m.data()[where - at + i] != *want)
					outcome_check = "mismatch";
			}
			if (!record("export_check", outcome_check, {"ok"},
			            "dma-buf " + std::to_string(info->id) + " bytes at " +
			                    std::to_string(where)))
				return false;
		}
	}
	if (bufs_.size() >= max_bufs)
		bufs_.erase(bufs_.begin() + static_cast<long>(rng_.below(bufs_.size())));
	bufs_.push_back({std::move(buf), info});
	return true;
}

bool Fuzzer::close_buf()
{
	if (bufs_.empty())
		return export_call();
	auto it = bufs_.begin() + static_cast<long>(rng_.below(bufs_.size()));
	const std::string detail = "dma-buf " + std::to_string(it->info->id);
	bufs_.erase(it);
	return record("close_dmabuf", "ok", {"ok"}, detail);
}

bool Fuzzer::toggle_memory()
{
	if (!dev_)
		return reopen_device();
	const bool on = !memory_on_;
	if (!on)
		settle_fences(Wait::bounded);
	auto t0 = clock::now();
	dev_->set_memory_enabled(on);
	join_signaller();
	memory_on_ = on;
	return record("memory", "ok", {"ok"},
	              std::string(on ? "enable" : "disable") + " in " +
	                      std::to_string(seconds_since(t0)) + " s");
}

bool Fuzzer::low_power()
{
	if (!dev_)
		return reopen_device();
	if (!low_power_) {
		settle_fences(Wait::bounded);
		int err = 0;
		try {
			dev_->low_power_entry();
		} catch (const Error& e) {
			err = e.code() ? e.code() : EIO;
		}
		join_signaller();
		if (!err)
			low_power_ = true;
		return record("low_power_entry", errno_outcome(err), {"ok"}, "");
	}
	int err = 0;
	try {
		dev_->low_power_exit();
	} catch (const Error& e) {
		err = e.code() ? e.code() : EIO;
	}
	if (!err)
		low_power_ = false;
	return record("low_power_exit", errno_outcome(err), {"ok"}, "");
}

// VFIO_DEVICE_RESET or the dev set's hot reset: revoke and restore inside
// the ioctl.  vfio's virtual command register survives it, and low power
// stays.
bool Fuzzer::reset_with(const char* kind, void (VfioDevice::*reset)() const)
{
	if (!dev_)
		return reopen_device();
	settle_fences(Wait::bounded);
	int err = 0;
	try {
		((*dev_).*reset)();
	} catch (const Error& e) {
		err = e.code() ? e.code() : EIO;
	}
	join_signaller();
	return record(kind, errno_outcome(err), {"ok"}, low_power_ ? "in low power" : "") &&
	       record("reset_memory_bit", dev_->memory_enabled() == memory_on_ ? "kept" : "changed",
	              {"kept"}, kind);
}

bool Fuzzer::reset_device()
{
	return reset_with("reset", &VfioDevice::reset);
}

bool Fuzzer::hot_reset_device()
{
	return reset_with("hot_reset", &VfioDevice::hot_reset);
}

bool Fuzzer::close_device()
{
	if (!dev_)
		return reopen_device();
	settle_fences(Wait::bounded);
	auto t0 = clock::now();
	dev_.reset();
	join_signaller();
	return record("close_device", "ok", {"ok"},
	              std::to_string(bufs_.size()) + " dma-bufs, " + std::to_string(maps_.size()) +
	                      " mappings, " + std::to_string(gems_.size()) + " GEM imports open, " +
	                      std::to_string(seconds_since(t0)) + " s");
}

bool Fuzzer::reopen_device()
{
	if (dev_)
		return export_call();
	open_device();
	return record("open_device", "ok", {"ok"}, memory_on_ ? "" : "memory disabled");
}

// Back to a device that decodes its memory, so that the host's check
// and the guest's last look see the BAR as it is.
void Fuzzer::restore_everything()
{
	join_signaller();
	if (timeline_ && timeline_max_ > timeline_value_) {
		timeline_->advance(timeline_max_ - timeline_value_);
		timeline_value_ = timeline_max_;
	}
	if (!dev_)
		open_device();
	if (low_power_)
		dev_->low_power_exit();
	low_power_ = false;
	if (!memory_on_)
		dev_->set_memory_enabled(true);
	memory_on_ = true;
}

Report Fuzzer::run()
{
	struct Weighted {
		unsigned weight;
		Call call;
	};
	static const Weighted calls[] = {
	        {230, &Fuzzer::export_call},     {40, &Fuzzer::close_buf},
	        {110, &Fuzzer::mmap_call},       {160, &Fuzzer::touch},
	        {40, &Fuzzer::munmap_call},      {20, &Fuzzer::mremap_call},
	        {20, &Fuzzer::mprotect_call},    {25, &Fuzzer::madvise_call},
	        {40, &Fuzzer::sync_call},        {20, &Fuzzer::set_name},
	        {25, &Fuzzer::export_sync_file}, {25, &Fuzzer::import_sync_file},
	        {30, &Fuzzer::timeline_call},    {25, &Fuzzer::edu_import},
	        {8, &Fuzzer::vgem_import},       {20, &Fuzzer::gem_close},
	        {4, &Fuzzer::edu_read},          {25, &Fuzzer::toggle_memory},
	        {10, &Fuzzer::low_power},        {3, &Fuzzer::reset_device},
	        {2, &Fuzzer::hot_reset_device},  {3, &Fuzzer::close_device},
	};
	unsigned sum = 0;
	for (const auto& c : calls)
		sum += c.weight;

	auto t0 = clock::now();
	if (!memory_on_)
		dev_->set_memory_enabled(true);
	memory_on_ = true;
	fill_scratch();
	auto last_progress = t0;
	for (call_ = 0; call_ < opts_.calls; call_++) {
		Call call = nullptr;
		if (!dev_ && rng_.percent(30))
			call = &Fuzzer::reopen_device;
		// Revoked states last a few calls, so that granted access is
		// exercised as much as refused access.
		else if (dev_ && low_power_ && rng_.percent(15))
			call = &Fuzzer::low_power;
		else if (dev_ && !memory_on_ && rng_.percent(15))
			call = &Fuzzer::toggle_memory;
		for (unsigned pick = static_cast<unsigned>(rng_.below(sum)); !call;) {
			for (const auto& c : calls) {
				if (pick < c.weight) {
					call = c.call;
					break;
				}
				pick -= c.weight;
			}
		}
		report_.calls = call_ + 1;
		if (!(this->*call)())
			break;
		if (seconds_since(last_progress) >= 30) {
			last_progress = clock::now();
			std::fprintf(stderr, "fuzz: %llu of %llu calls, %.0f s\n",
			             static_cast<unsigned long long>(call_ + 1),
			             static_cast<unsigned long long>(opts_.calls), seconds_since(t0));
		}
	}
	restore_everything();
	// The guest's own last look at the scratch window, through the vfio
	// region (the host checks the whole BAR file).
	{
		Mapping bar = dev_->map_region(opts_.bar, PROT_READ);
		auto bad = pattern::first_mismatch(
		        bar.bytes().subspan(scratch_begin_, scratch_end_ - scratch_begin_),
		        scratch_seed_, scratch_begin_);
		record("final_scratch_check", bad ? "mismatch at " + std::to_string(*bad) : "ok",
		       {"ok"}, "the scratch window through the vfio region");
	}
	report_.scratch_offset = scratch_begin_;
	report_.scratch_length = scratch_end_ - scratch_begin_;
	report_.scratch_seed = scratch_seed_;
	report_.seconds = seconds_since(t0);
	return std::move(report_);
}

Report run(const Options& opts)
{
	Fuzzer f(opts);
	return f.run();
}

} // namespace vfio_dmabuf::fuzz
