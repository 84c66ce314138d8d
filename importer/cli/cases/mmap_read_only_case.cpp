// mmap.read_only_export_maps_read_only: a dma-buf exported with O_RDONLY
// maps read-only.  mmap() clears VM_SHARED of a shared mapping of a file
// opened read-only, so an exporter that tests VM_SHARED instead of
// VM_MAYSHARE refuses it with EINVAL.  Mainline has no dma-buf mmap at all:
// unsupported there, with the errno of the read-write mapping tried first.
#include "child_process.hpp"
#include "common.hpp"
#include "vfio_dmabuf/testing/pattern.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <string>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>

using namespace vfio_dmabuf;
using namespace vfio_dmabuf::cases;
using namespace vfio_dmabuf::conformance;
using namespace std::chrono_literals;

VFIO_DMABUF_CASE(mmap_read_only, "mmap.read_only_export_maps_read_only",
                 "a dma-buf exported O_RDONLY maps PROT_READ, MAP_SHARED and reads the host's "
                 "pattern; a PROT_WRITE mapping and mprotect(PROT_WRITE) fail with EACCES and a "
                 "write through the mapping faults (SIGSEGV), changing nothing")
{
	std::uint64_t seed = require_seed(ctx);
	auto [dev, bar] = open_export_target(ctx);
	// A scratch slot: should a write get through, the host's check of the
	// BAR file sees it (no case declares writing there).
	const std::uint64_t len = 64 * 1024;
	Range r{ctx.scratch(bar.size, len), len};
	{
		// Whether the exporter maps its dma-bufs at all.
		DmaBuf rw = export_dma_buf(dev, bar_index(), {&r, 1});
		map_or_unsupported(rw, PROT_READ);
	}

	DmaBuf buf = export_dma_buf(dev, bar_index(), {&r, 1}, O_RDONLY | O_CLOEXEC);
	int mode = fcntl(buf.fd(), F_GETFL) & O_ACCMODE;
	check(mode == O_RDONLY,
	      "the dma-buf file has access mode " + std::to_string(mode) + ", expected O_RDONLY");

	void* p = mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_SHARED, buf.fd(), 0);
	if (p != MAP_FAILED) {
		munmap(p, len);
		fail("a PROT_WRITE mapping of the read-only dma-buf was accepted");
	}
	check(errno == EACCES,
	      "the PROT_WRITE mapping failed with " + errno_name(errno) + ", expected EACCES");

	Mapping m;
	try {
		m = buf.map(PROT_READ);
	} catch (const Error& e) {
		fail("PROT_READ, MAP_SHARED of the read-only dma-buf failed with " +
		     errno_name(e.code()) + " (the read-write one maps)");
	}
	if (auto bad = pattern::first_mismatch(m.bytes(), seed, r.offset))
		fail("BAR byte " + hex(*bad) +
		     " read through the mapping differs from the host's pattern");

	ChildProcess writer([&] {
		struct rlimit no_core = {0, 0};
		setrlimit(RLIMIT_CORE, &no_core);
		std::signal(SIGSEGV, SIG_DFL);
		volatile std::uint8_t* b = m.data();
		b[0] = static_cast<std::uint8_t>(~b[0]);
		return 0;
	});
	auto status = writer.wait_for(30s);
	if (!status)
		fail("the child writing through the mapping did not finish in 30 s");
	check(WIFSIGNALED(*status) && WTERMSIG(*status) == SIGSEGV,
	      "a write through the read-only mapping: the child " + describe_wait_status(*status) +
	              ", expected it killed by SIGSEGV");

	check(mprotect(m.data(), m.size(), PROT_READ | PROT_WRITE) == -1,
	      "mprotect(PROT_WRITE) of the read-only mapping succeeded");
	check(errno == EACCES,
	      "mprotect(PROT_WRITE) failed with " + errno_name(errno) + ", expected EACCES");

	if (auto bad = pattern::first_mismatch(m.bytes(), seed, r.offset))
		fail("BAR byte " + hex(*bad) + " changed although the mapping is read-only");
	ctx.log("read " + std::to_string(len) + " bytes through the read-only mapping");
}
