#include "common.hpp"

#include "vfio_dmabuf/error.hpp"

#include <cerrno>
#include <cstdio>
#include <sys/stat.h>

namespace vfio_dmabuf::cases
{

using namespace conformance;

namespace
{

std::uint32_t bar_under_test_index = VFIO_PCI_BAR2_REGION_INDEX;

} // namespace

std::uint32_t bar_index() noexcept
{
	return bar_under_test_index;
}

void set_bar_index(std::uint32_t index) noexcept
{
	bar_under_test_index = index;
}

std::string bar_name()
{
	return "BAR" + std::to_string(bar_index());
}

RegionInfo bar_under_test(const VfioDevice& dev)
{
	RegionInfo r = dev.region(bar_index());
	if (r.size < 2 * 4096 || !r.mappable())
		throw Environment(bar_name() + " of " + dev.address() +
		                          " is absent, smaller than 8 KiB or not mappable",
		                  ENODEV);
	return r;
}

std::uint64_t require_seed(const Context& ctx)
{
	if (ctx.seed() == 0)
		throw Unsupported(
		        "no ground truth: pass --seed (the seed the host wrote into the BAR)");
	return ctx.seed();
}

void require_export(const VfioDevice& dev)
{
	if (int err = probe_dma_buf(dev))
		unsupported("the kernel does not export dma-bufs from vfio-pci: PROBE fails", err);
}

ExportTarget open_export_target(const Context& ctx)
{
	VfioDevice dev = ctx.open_device();
	require_export(dev);
	RegionInfo bar = bar_under_test(dev);
	return {std::move(dev), bar};
}

Mapping map_or_unsupported(const DmaBuf& buf, int prot, std::uint64_t length)
{
	try {
		return buf.map(prot, 0, length);
	} catch (const Error& e) {
		if (e.code() == EINVAL || e.code() == ENODEV || e.code() == EOPNOTSUPP)
			unsupported("the exporter does not support CPU mmap of its dma-bufs",
			            e.code());
		throw;
	}
}

std::string hex(std::uint64_t v)
{
	char buf[32];
	std::snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)v);
	return buf;
}

std::pair<dev_t, ino_t> file_of(int fd, const std::string& what)
{
	struct stat st{};
	if (::fstat(fd, &st) != 0)
		throw Error(what + ": fstat of fd " + std::to_string(fd), errno);
	return {st.st_dev, st.st_ino};
}

} // namespace vfio_dmabuf::cases
