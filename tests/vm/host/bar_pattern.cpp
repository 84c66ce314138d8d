// Host side of the BAR tests: writes the seeded pattern into the file behind
// the ivshmem BAR before the VM boots, and checks it byte for byte after.
//
//   bar-pattern fill  FILE --seed N [--offset N] [--length N] [--size N]
//   bar-pattern check FILE --seed N [--offset N] [--length N]
//   bar-pattern verify FILE --seed N --expect EXPECT_FILE
#include "vfio_dmabuf/error.hpp"
#include "vfio_dmabuf/mapping.hpp"
#include "vfio_dmabuf/testing/pattern.hpp"
#include "vfio_dmabuf/unique_fd.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <string>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

using namespace vfio_dmabuf;

namespace
{

std::uint64_t number(const std::string& s)
{
	char* end = nullptr;
	errno = 0;
	unsigned long long v = std::strtoull(s.c_str(), &end, 0);
	if (errno || !end || *end || s.empty())
		throw Error("not a number: '" + s + "'", EINVAL);
	return v;
}

struct Expectation {
	std::uint64_t offset, length, seed;
};

// Every byte of `file` must be pattern(seed) except the ranges listed in
// `expect_path` ("OFFSET LENGTH SEED" lines, written by the conformance
// runner for what its cases wrote), which must hold their own pattern.
int verify(std::span<const std::uint8_t> file, const std::string& path, std::uint64_t seed,
           const std::string& expect_path)
{
	std::vector<Expectation> ex;
	std::ifstream in(expect_path);
	if (!in)
		throw_errno("open " + expect_path);
	Expectation e{};
	while (in >> e.offset >> e.length >> e.seed)
		ex.push_back(e);
	std::sort(ex.begin(), ex.end(), [](auto& a, auto& b) { return a.offset < b.offset; });
	std::uint64_t pos = 0, checked_writes = 0;
	auto check = [&](std::uint64_t off, std::uint64_t len, std::uint64_t s, const char* what) {
		if (off > file.size() || len > file.size() - off)
			throw Error(expect_path + ": range beyond " + path, EINVAL);
		if (auto bad = pattern::first_mismatch(file.subspan(off, len), s, off)) {
			std::printf(
			        "%s: byte at 0x%llx is 0x%02x, %s pattern(seed %llu) says 0x%02x\n",
			        path.c_str(), (unsigned long long)*bad, file[*bad], what,
			        (unsigned long long)s, pattern::byte_at(s, *bad));
			return false;
		}
		return true;
	};
	for (const auto& x : ex) {
		if (x.offset < pos)
			throw Error(expect_path + ": overlapping ranges at " +
			                    std::to_string(x.offset),
			            EINVAL);
		if (!check(pos, x.offset - pos, seed, "untouched"))
			return 1;
		if (!check(x.offset, x.length, x.seed, "written"))
			return 1;
		pos = x.offset + x.length;
		checked_writes += x.length;
	}
	if (!check(pos, file.size() - pos, seed, "untouched"))
		return 1;
	std::printf("%s: all %zu bytes as expected (%zu written ranges, %llu bytes; the rest "
	            "untouched)\n",
	            path.c_str(), file.size(), ex.size(), (unsigned long long)checked_writes);
	return 0;
}

int usage(int rc)
{
	std::puts(
	        "usage: bar-pattern fill|check FILE --seed N [--offset N] [--length N] [--size N]\n"
	        "       bar-pattern verify FILE --seed N --expect EXPECT_FILE\n"
	        "  fill   write the pattern of --seed into [offset, offset+length) of FILE\n"
	        "         (--size creates/sizes FILE first)\n"
	        "  check  compare that range of FILE with the pattern; exit 1 on the first\n"
	        "         differing byte, printing its offset\n"
	        "  verify the whole FILE is pattern(--seed) except the 'OFFSET LENGTH SEED'\n"
	        "         ranges of EXPECT_FILE, which hold pattern(SEED)\n"
	        "  length defaults to the rest of the file.");
	return rc;
}

} // namespace

int main(int argc, char** argv)
try {
	if (argc < 3)
		return usage(argc > 1 && std::string(argv[1]).starts_with("-h") ? 0 : 2);
	std::string cmd = argv[1], path = argv[2];
	std::uint64_t seed = 0, offset = 0, size = 0;
	std::int64_t length = -1;
	bool have_seed = false;
	std::string expect;
	for (int i = 3; i < argc; i += 2) {
		std::string a = argv[i];
		if (i + 1 >= argc)
			throw Error("option " + a + " needs a value", EINVAL);
		if (a == "--expect") {
			expect = argv[i + 1];
			continue;
		}
		std::uint64_t v = number(argv[i + 1]);
		if (a == "--seed")
			seed = v, have_seed = true;
		else if (a == "--offset")
			offset = v;
		else if (a == "--length")
			length = static_cast<std::int64_t>(v);
		else if (a == "--size")
			size = v;
		else
			throw Error("unknown option " + a, EINVAL);
	}
	if (!have_seed)
		throw Error("--seed is required", EINVAL);
	bool fill = cmd == "fill";
	if (!fill && cmd != "check" && cmd != "verify")
		return usage(2);
	if ((cmd == "verify") != !expect.empty())
		throw Error("--expect goes with verify, and verify needs it", EINVAL);

	UniqueFd fd = open_file(path.c_str(), fill ? O_RDWR | O_CREAT : O_RDONLY);
	if (fill && size && ftruncate(fd.get(), static_cast<off_t>(size)) < 0)
		throw_errno("ftruncate " + path);
	struct stat st {
	};
	if (fstat(fd.get(), &st) < 0)
		throw_errno("stat " + path);
	std::uint64_t fsize = static_cast<std::uint64_t>(st.st_size);
	std::uint64_t len = length < 0 ? fsize - std::min(offset, fsize) : std::uint64_t(length);
	if (offset > fsize || len > fsize - offset)
		throw Error(path + ": range [" + std::to_string(offset) + ", +" +
		                    std::to_string(len) + ") exceeds its " + std::to_string(fsize) +
		                    " bytes",
		            EINVAL);
	if (len == 0 && cmd != "verify")
		return 0;
	Mapping map(fd.get(), 0, fsize, fill ? PROT_READ | PROT_WRITE : PROT_READ, path);
	if (cmd == "verify")
		return verify(map.bytes(), path, seed, expect);
	auto range = map.bytes().subspan(offset, len);
	if (fill) {
		pattern::fill(range, seed, offset);
		if (msync(map.data(), map.size(), MS_SYNC) < 0)
			throw_errno("msync " + path);
		return 0;
	}
	if (auto bad = pattern::first_mismatch(range, seed, offset)) {
		std::printf("%s: byte at 0x%llx is 0x%02x, pattern(seed %llu) says 0x%02x\n",
		            path.c_str(), (unsigned long long)*bad, map.data()[*bad],
		            (unsigned long long)seed, pattern::byte_at(seed, *bad));
		return 1;
	}
	std::printf("%s: [0x%llx, 0x%llx) matches pattern(seed %llu)\n", path.c_str(),
	            (unsigned long long)offset, (unsigned long long)(offset + len),
	            (unsigned long long)seed);
	return 0;
} catch (const std::exception& e) {
	std::fprintf(stderr, "bar-pattern: %s\n", e.what());
	return 2;
}
