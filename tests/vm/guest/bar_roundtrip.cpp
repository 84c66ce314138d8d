// Guest side of the BAR round trip: open the vfio device, mmap BAR2 through
// the vfio region, check the host's seeded pattern over the whole BAR, then
// write a second pattern into [--write-offset, +--write-length).  The host
// checks the file behind the BAR afterwards (tests/vm/host/bar_pattern).
#include "vfio_dmabuf/error.hpp"
#include "vfio_dmabuf/testing/pattern.hpp"
#include "vfio_dmabuf/vfio_device.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <linux/vfio.h>
#include <string>
#include <sys/mman.h>

using namespace vfio_dmabuf;

namespace
{

void usage()
{
	std::puts("usage: bar-roundtrip --seed N --write-seed N --write-offset N --write-length N "
	          "[--device BDF]\n"
	          "Checks BAR2 of the vfio device (default $VFIO_DMABUF_DEVICE) against the\n"
	          "pattern of --seed, then writes the pattern of --write-seed into the range.");
}

std::uint64_t number(const char* s)
{
	char* end = nullptr;
	errno = 0;
	unsigned long long v = std::strtoull(s, &end, 0);
	if (errno || !end || *end)
		throw Error(std::string("not a number: '") + s + "'", EINVAL);
	return v;
}

} // namespace

int main(int argc, char** argv)
try {
	std::uint64_t seed = 0, wseed = 0, woff = 0, wlen = 0;
	const char* env = std::getenv("VFIO_DMABUF_DEVICE");
	std::string bdf = env ? env : "";
	for (int i = 1; i < argc; i++) {
		std::string a = argv[i];
		if (a == "-h" || a == "--help") {
			usage();
			return 0;
		}
		if (i + 1 >= argc)
			throw Error("option " + a + " needs a value", EINVAL);
		const char* v = argv[++i];
		if (a == "--seed")
			seed = number(v);
		else if (a == "--write-seed")
			wseed = number(v);
		else if (a == "--write-offset")
			woff = number(v);
		else if (a == "--write-length")
			wlen = number(v);
		else if (a == "--device")
			bdf = v;
		else
			throw Error("unknown option " + a, EINVAL);
	}
	if (bdf.empty())
		throw Error("no device: pass --device or set VFIO_DMABUF_DEVICE", EINVAL);

	VfioDevice dev = VfioDevice::open(bdf);
	std::printf("opened %s via %s, %u regions\n", dev.address().c_str(),
	            dev.access_mode().c_str(), dev.num_regions());
	Mapping bar = dev.map_region(VFIO_PCI_BAR2_REGION_INDEX, PROT_READ | PROT_WRITE);
	std::printf("BAR2: %zu bytes mapped\n", bar.size());
	if (woff > bar.size() || wlen > bar.size() - woff)
		throw Error("write range exceeds BAR2", EINVAL);

	if (auto bad = pattern::first_mismatch(bar.bytes(), seed, 0)) {
		std::printf("FAIL: BAR2 byte at 0x%llx is 0x%02x, pattern(seed %llu) says 0x%02x\n",
		            (unsigned long long)*bad, bar.data()[*bad], (unsigned long long)seed,
		            pattern::byte_at(seed, *bad));
		return 1;
	}
	std::printf("BAR2 matches the host pattern (seed %llu) over %zu bytes\n",
	            (unsigned long long)seed, bar.size());

	pattern::fill(bar.bytes().subspan(woff, wlen), wseed, woff);
	if (auto bad = pattern::first_mismatch(bar.bytes().subspan(woff, wlen), wseed, woff)) {
		std::printf("FAIL: read-back after write differs at 0x%llx\n",
		            (unsigned long long)*bad);
		return 1;
	}
	std::printf("wrote pattern(seed %llu) to [0x%llx, 0x%llx)\n", (unsigned long long)wseed,
	            (unsigned long long)woff, (unsigned long long)(woff + wlen));
	return 0;
} catch (const std::exception& e) {
	std::fprintf(stderr, "bar-roundtrip: %s\n", e.what());
	return 1;
}
