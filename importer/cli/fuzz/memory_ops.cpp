// The fuzzer's CPU mapping calls: mmap, touches (in this process and in
// forked children), munmap, mremap, mprotect, madvise.
#include "fault_guard.hpp"
#include "fuzz_state.hpp"
#include "touch_oracle.hpp"

#include "vfio_dmabuf/error.hpp"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <sys/mman.h>

namespace vfio_dmabuf::fuzz
{
namespace
{

constexpr std::size_t max_maps = 12;

std::string prot_name(int prot)
{
	if (prot == PROT_NONE)
		return "NONE";
	return std::string(prot & PROT_READ ? "R" : "") + (prot & PROT_WRITE ? "W" : "");
}

// "dma-buf 7 map 0x7f..+8192: ", naming the mapping a call works on.
std::string map_name(const Map& m)
{
	char addr[32];
	std::snprintf(addr, sizeof(addr), "%p", static_cast<void*>(m.addr));
	return "dma-buf " + std::to_string(m.info->id) + " map " + addr + "+" +
	       std::to_string(m.length) + (m.dontfork ? " (dontfork)" : "") + ": ";
}

} // namespace

bool Fuzzer::mmap_call()
{
	if (bufs_.empty())
		return export_call();
	if (maps_.size() >= max_maps)
		return munmap_call();
	const Buf& b = bufs_[rng_.below(bufs_.size())];
	const BufInfo& info = *b.info;
	const std::uint64_t pages = info.size / page_;
	std::uint64_t offset = page_ * rng_.below(pages);
	std::uint64_t length = page_ * (1 + rng_.below(std::min<std::uint64_t>(pages - offset / page_, 64)));
	switch (rng_.below(12)) {
	case 0: length = 0; break;
	case 1: offset += 1; break;
	case 2: length = info.size - offset + page_; break; // one page past the end
	case 3: offset = info.size; break;
	case 4: length += page_ / 2; break;               // rounded up by mmap
	case 5: offset = rng_.edge(info.size, page_) / page_ * page_; break;
	case 6: offset = 0, length = info.size; break;
	default: break;
	}
	const int prot = rng_.pick<int>({PROT_READ, PROT_READ | PROT_WRITE, PROT_READ | PROT_WRITE,
	                                 PROT_WRITE, PROT_NONE});
	const bool shared = !rng_.percent(8);

	Allowed errs;
	std::uint64_t end = 0;
	const bool wraps = __builtin_add_overflow(offset, (length + page_ - 1) / page_ * page_, &end);
	if (!length || offset % page_)
		errs.insert("EINVAL");
	if (!info.readable() || (shared && (prot & PROT_WRITE) && !info.writable()))
		errs.insert("EACCES");
	if (wraps || end > info.size)
		errs.insert("EINVAL");
	if (wraps || end >= (1ull << 63))
		errs.insert("EOVERFLOW");
	if (!shared)
		errs.insert("EINVAL"); // shared mappings only
	if (!dev_ || info.generation != generation_)
		errs.insert("ENODEV"); // the device that exported it is gone
	Allowed allowed = errs.empty() ? Allowed{"ok"} : errs;

	void* p = mmap(nullptr, length, prot, shared ? MAP_SHARED : MAP_PRIVATE, b.buf.fd(),
	               static_cast<off_t>(offset));
	const std::string outcome = p == MAP_FAILED ? errno_outcome(errno) : "ok";
	const std::string detail = "dma-buf " + std::to_string(info.id) + " offset " +
	                           std::to_string(offset) + " length " + std::to_string(length) +
	                           " prot " + prot_name(prot) + (shared ? " shared" : " private");
	if (p != MAP_FAILED) {
		const std::size_t mapped = (length + page_ - 1) / page_ * page_;
		if (!allowed.count("ok")) {
			munmap(p, mapped);
		} else {
			maps_.push_back({static_cast<std::uint8_t*>(p), mapped, offset, prot, false,
			                 b.info});
		}
	}
	return record("mmap", outcome, allowed, detail);
}

bool Fuzzer::touch()
{
	if (maps_.empty())
		return mmap_call();
	const Map& m = maps_[rng_.below(maps_.size())];
	const BufInfo& info = *m.info;
	// Prefer the scratch window, where writes are allowed.
	std::uint64_t at = m.length / page_;
	for (int tries = 0; tries < 4 && rng_.percent(70); tries++) {
		std::uint64_t candidate = rng_.below(m.length / page_);
		if (in_scratch(info.bar_offset(m.buf_offset + candidate * page_))) {
			at = candidate;
			break;
		}
	}
	if (at == m.length / page_)
		at = rng_.below(m.length / page_);
	const std::uint64_t in_map = at * page_ + 8 * rng_.below(page_ / 8);
	const std::uint64_t bar_off = info.bar_offset(m.buf_offset + in_map);
	const bool write = rng_.percent(40);
	const bool child = rng_.percent(10);

	// x86 has no write-only pages: a PROT_WRITE mapping reads too.
	const bool can_read = m.prot & (PROT_READ | PROT_WRITE);
	const bool can_write = m.prot & PROT_WRITE;
	const TouchPlan plan = plan_touch(write ? can_write : can_read, usable(info), child, m.dontfork);
	const std::string& allowed = plan.allowed;
	const bool here = plan.here;

	// What to write: the scratch pattern where access is granted and the
	// window allows it, poison wherever the write must not land.
	std::uint8_t data[8];
	bool do_write = write;
	for (int i = 0; i < 8; i++) {
		auto want = expected_byte(bar_off + i);
		data[i] = want ? *want : 0;
		if (allowed != "ok")
			data[i] ^= 0xa5;
	}
	if (write && allowed == "ok" && !in_scratch(bar_off))
		do_write = false; // outside the window: read instead
	volatile std::uint8_t* where = m.addr + in_map;
	auto access = [&, this]() -> std::string {
		if (do_write) {
			for (int i = 0; i < 8; i++)
				where[i] = data[i];
			return "ok";
		}
		std::string result = "ok";
		for (int i = 0; i < 8; i++) {
			std::uint8_t got = where[i];
			auto want = expected_byte(bar_off + i);
			if (want && got != *want)
				result = "mismatch";
		}
		return result;
	};
	std::string outcome = here ? guarded(access) : in_child(access);
	return record(do_write ? "touch_write" : "touch_read", outcome, {allowed},
	              "dma-buf " + std::to_string(info.id) + " BAR offset " + std::to_string(bar_off) +
	                      " prot " + prot_name(m.prot) + (here ? "" : " in a child") +
	                      (m.dontfork ? " (dontfork)" : "") +
	                      (usable(info) ? "" : " (revoked)"));
}

bool Fuzzer::munmap_call()
{
	if (maps_.empty())
		return mmap_call();
	const std::size_t i = rng_.below(maps_.size());
	Map& m = maps_[i];
	const std::uint64_t pages = m.length / page_;
	const unsigned how = pages > 1 ? static_cast<unsigned>(rng_.below(3)) : 0;
	const std::uint64_t cut = page_ * (1 + rng_.below(std::max<std::uint64_t>(pages - 1, 1)));
	int rc = 0;
	std::string detail = map_name(m);
	if (how == 0) {
		rc = munmap(m.addr, m.length);
		detail += "all " + std::to_string(m.length);
	} else if (how == 1) { // the head
		rc = munmap(m.addr, cut);
		detail += "head " + std::to_string(cut);
	} else { // the tail
		rc = munmap(m.addr + m.length - cut, cut);
		detail += "tail " + std::to_string(cut);
	}
	const std::string outcome = rc ? errno_outcome(errno) : "ok";
	if (!rc) {
		if (how == 0) {
			maps_.erase(maps_.begin() + static_cast<long>(i));
		} else if (how == 1) {
			m.addr += cut;
			m.buf_offset += cut;
			m.length -= cut;
		} else {
			m.length -= cut;
		}
	}
	return record("munmap", outcome, {"ok"}, detail);
}

bool Fuzzer::mremap_call()
{
	if (maps_.empty())
		return mmap_call();
	Map& m = maps_[rng_.below(maps_.size())];
	const unsigned how = static_cast<unsigned>(rng_.below(3));
	if (how == 0 && m.length > page_) { // shrink in place
		const std::size_t len = m.length - page_ * (1 + rng_.below(m.length / page_ - 1));
		void* p = mremap(m.addr, m.length, len, 0);
		std::string outcome = p == MAP_FAILED ? errno_outcome(errno) : "ok";
		if (p != MAP_FAILED)
			m.length = len;
		return record("mremap_shrink", outcome, {"ok"}, map_name(m) + std::to_string(len));
	}
	if (how == 1) { // grow: a VM_DONTEXPAND | VM_PFNMAP mapping cannot
		const std::string name = map_name(m);
		void* p = mremap(m.addr, m.length, m.length + page_, 0);
		std::string outcome = p == MAP_FAILED ? errno_outcome(errno) : "ok";
		if (p != MAP_FAILED)
			munmap(static_cast<std::uint8_t*>(p) + m.length, page_);
		return record("mremap_grow", outcome, {"EFAULT"}, name + std::to_string(m.length + page_));
	}
	// Move to an address reserved for it.
	const std::string name = map_name(m);
	void* to = mmap(nullptr, m.length, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (to == MAP_FAILED)
		throw_errno("mmap of a target for mremap");
	void* p = mremap(m.addr, m.length, m.length, MREMAP_MAYMOVE | MREMAP_FIXED, to);
	std::string outcome = p == MAP_FAILED ? errno_outcome(errno) : "ok";
	if (p == MAP_FAILED)
		munmap(to, m.length);
	else
		m.addr = static_cast<std::uint8_t*>(p);
	return record("mremap_move", outcome, {"ok"}, name + std::to_string(m.length));
}

bool Fuzzer::mprotect_call()
{
	if (maps_.empty())
		return mmap_call();
	Map& m = maps_[rng_.below(maps_.size())];
	const int prot = rng_.pick<int>({PROT_READ, PROT_READ | PROT_WRITE, PROT_NONE, PROT_WRITE});
	// A shared mapping of a read-only dma-buf never becomes writable.
	Allowed allowed = (prot & PROT_WRITE) && !m.info->writable() ? Allowed{"EACCES"}
	                                                               : Allowed{"ok"};
	int rc = mprotect(m.addr, m.length, prot);
	if (!rc)
		m.prot = prot;
	return record("mprotect", rc ? errno_outcome(errno) : "ok", allowed, map_name(m) + prot_name(prot));
}

bool Fuzzer::madvise_call()
{
	if (maps_.empty())
		return mmap_call();
	Map& m = maps_[rng_.below(maps_.size())];
	struct Advice {
		int advice;
		const char* name;
		Allowed allowed;
	};
	// A VM_IO | VM_PFNMAP mapping: nothing to drop, age or page out
	// (EINVAL), no copy into children to re-enable, nothing to dump.
	static const Advice advice[] = {
	        {MADV_NORMAL, "NORMAL", {"ok"}},
	        {MADV_RANDOM, "RANDOM", {"ok"}},
	        {MADV_SEQUENTIAL, "SEQUENTIAL", {"ok"}},
	        {MADV_WILLNEED, "WILLNEED", {"ok", "EBADF", "EINVAL"}},
	        {MADV_DONTNEED, "DONTNEED", {"EINVAL"}},
	        {MADV_FREE, "FREE", {"EINVAL"}},
	        {MADV_COLD, "COLD", {"EINVAL"}},
	        {MADV_PAGEOUT, "PAGEOUT", {"EINVAL"}},
	        {MADV_DONTFORK, "DONTFORK", {"ok"}},
	        {MADV_DOFORK, "DOFORK", {"EINVAL"}},
	        {MADV_DONTDUMP, "DONTDUMP", {"ok"}},
	        {MADV_DODUMP, "DODUMP", {"EINVAL"}},
	};
	const Advice& a = advice[rng_.below(std::size(advice))];
	// A kernel built without CONFIG_ADVISE_SYSCALLS (tinyconfig's default)
	// has no madvise at all.
	static const bool have_madvise = [] {
		void* p = mmap(nullptr, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		const bool have = madvise(p, 4096, MADV_NORMAL) == 0 || errno != ENOSYS;
		munmap(p, 4096);
		return have;
	}();
	const std::string name = map_name(m);
	int rc = madvise(m.addr, m.length, a.advice);
	if (!have_madvise)
		return record("madvise", rc ? errno_outcome(errno) : "ok", {"ENOSYS"},
		              name + a.name + " (kernel without madvise)");
	if (!rc && a.advice == MADV_DONTFORK)
		m.dontfork = true;
	return record("madvise", rc ? errno_outcome(errno) : "ok", a.allowed, name + a.name);
}

} // namespace vfio_dmabuf::fuzz
