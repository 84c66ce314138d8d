// export.*: VFIO_DEVICE_FEATURE_DMA_BUF accepts what it should, with the
// sizes it should, as often as asked.
#include "../conformance/runner.hpp"
#include "common.hpp"
#include "vfio_dmabuf/testing/raw_export.hpp"

#include <fcntl.h>
#include <fstream>
#include <unistd.h>
#include <vector>

using namespace vfio_dmabuf;
using namespace vfio_dmabuf::cases;
using namespace vfio_dmabuf::conformance;

VFIO_DMABUF_CASE(probe_reports_supported, "export.probe_reports_supported",
                 "PROBE of VFIO_DEVICE_FEATURE_DMA_BUF (GET) succeeds")
{
	auto dev = ctx.open_device();
	require_export(dev);
}

VFIO_DMABUF_CASE(whole_bar, "export.whole_bar_has_bar_size",
                 "the BAR as one range exports; lseek(SEEK_END) of the dma-buf is the BAR size")
{
	auto [dev, bar] = open_export_target(ctx);
	Range r{0, bar.size};
	DmaBuf buf = export_dma_buf(dev, bar_index(), {&r, 1});
	check(buf.size() == bar.size,
	      "dma-buf size " + hex(buf.size()) + ", BAR size " + hex(bar.size));
}

VFIO_DMABUF_CASE(ranges_sum, "export.size_is_sum_of_ranges",
                 "three disjoint, out-of-order ranges export as one dma-buf of their total size")
{
	auto [dev, bar] = open_export_target(ctx);
	std::vector<Range> ranges = {{bar.size / 2, 8192}, {0, 4096}, {bar.size - 4096, 4096}};
	DmaBuf buf = export_dma_buf(dev, bar_index(), ranges);
	check(buf.size() == total_length(ranges),
	      "dma-buf size " + hex(buf.size()) + ", ranges total " + hex(total_length(ranges)));
}

VFIO_DMABUF_CASE(
        same_bar_twice, "export.same_bar_twice_concurrently",
        "two live dma-bufs of the same BAR range coexist (the RFC's p2pmem pool could not)")
{
	auto [dev, bar] = open_export_target(ctx);
	Range r{0, bar.size};
	DmaBuf a = export_dma_buf(dev, bar_index(), {&r, 1});
	DmaBuf b = export_dma_buf(dev, bar_index(), {&r, 1});
	check(a.size() == bar.size && b.size() == bar.size, "sizes differ from the BAR size");
}

VFIO_DMABUF_CASE(repeat_1000, "export.repeat_1000_times",
                 "1000 export+close cycles of the same BAR all succeed and leak no fd")
{
	auto [dev, bar] = open_export_target(ctx);
	Range r{0, bar.size};
	int before = count_open_fds();
	for (int i = 0; i < 1000; i++) {
		int fd = export_dma_buf_raw(dev, bar_index(), {&r, 1}, O_CLOEXEC);
		if (fd < 0)
			fail("export " + std::to_string(i) + " failed: " + errno_name(-fd));
		close(fd);
	}
	check(count_open_fds() == before, "fd count changed over 1000 exports");
}

VFIO_DMABUF_CASE(cloexec, "export.open_flags_cloexec_honoured",
                 "open_flags O_CLOEXEC gives an fd with FD_CLOEXEC; 0 gives one without")
{
	auto dev = ctx.open_device();
	require_export(dev);
	Range r{0, 4096};
	for (bool want : {true, false}) {
		int fd = export_dma_buf_raw(dev, bar_index(), {&r, 1}, want ? O_CLOEXEC : 0);
		if (fd < 0)
			fail("export failed: " + errno_name(-fd));
		bool has = fcntl(fd, F_GETFD) & FD_CLOEXEC;
		close(fd);
		check(has == want, std::string("FD_CLOEXEC is ") + (has ? "set" : "clear") +
		                           " with open_flags " + (want ? "O_CLOEXEC" : "0"));
	}
}

VFIO_DMABUF_CASE(is_dmabuf, "export.fd_is_a_dma_buf",
                 "the fd's /proc/self/fdinfo shows a dma-buf (exp_name) of the exported size")
{
	auto dev = ctx.open_device();
	require_export(dev);
	Range r{0, 3 * 4096};
	DmaBuf buf = export_dma_buf(dev, bar_index(), {&r, 1});
	std::ifstream info("/proc/self/fdinfo/" + std::to_string(buf.fd()));
	std::string line, exp_name, size;
	while (std::getline(info, line)) {
		if (line.rfind("exp_name:", 0) == 0)
			exp_name = line;
		if (line.rfind("size:", 0) == 0)
			size = line;
	}
	ctx.log(exp_name + " / " + size);
	check(!exp_name.empty(), "fdinfo has no exp_name: not a dma-buf");
	check(size.find(std::to_string(3 * 4096)) != std::string::npos, "fdinfo " + size);
}
