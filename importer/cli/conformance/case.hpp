// The conformance case registry.  A case is one function plus one line:
//
//   VFIO_DMABUF_CASE(export_whole_bar, "export.whole_bar",
//                    "the BAR exports as one dma-buf whose size is the BAR size")
//   {
//           auto dev = ctx.open_device();
//           ...
//           check(size == bar.size, "size " + ...);
//   }
//
// Inside a case: return normally = pass; check()/fail() = fail;
// unsupported() = the kernel or driver lacks an optional capability (say
// which errno proved it); an Environment exception (e.g. from
// Context::open_device) = error; any other exception = fail, its message as
// the detail (and, for a vfio_dmabuf::Error, its code() as the errno).
#pragma once

#include "vfio_dmabuf/error.hpp"
#include "vfio_dmabuf/vfio_device.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace vfio_dmabuf::conformance
{

enum class Status { pass, fail, unsupported, error };
const char* to_string(Status s) noexcept;

// What a case throws to end with a status other than pass.  err is the
// errno that proved it (0: none); reports carry it as its own field.
class Outcome : public std::runtime_error
{
public:
	explicit Outcome(const std::string& what, int err = 0) : std::runtime_error(what), err_(err)
	{
	}
	int code() const noexcept { return err_; }

private:
	int err_;
};
struct CaseFailure : Outcome {
	using Outcome::Outcome;
};
struct Unsupported : Outcome {
	using Outcome::Outcome;
};
struct Environment : Outcome {
	using Outcome::Outcome;
};

// `err`: the errno the kernel or driver answered with, when that is the
// failure (e.g. the wrong errno for a malformed request).
[[noreturn]] void fail(const std::string& why, int err = 0);
inline void check(bool ok, const std::string& why)
{
	if (!ok)
		fail(why);
}
// Detail "why (ENAME)"; the errno also goes to the report's errno field.
[[noreturn]] void unsupported(const std::string& why, int err);

// What every case gets.
class Context
{
public:
	Context(std::string device, std::uint64_t seed, bool verbose);

	const std::string& device_address() const noexcept { return device_; }
	// Seed of the pattern the host wrote into the BAR (0: unknown, then
	// cases that compare against ground truth are unsupported).
	std::uint64_t seed() const noexcept { return seed_; }
	bool verbose() const noexcept { return verbose_; }
	// Which Vulkan physical device the vulkan.* cases use (--vk-device:
	// vulkan/physical_device.hpp); empty: the first that can import.
	const std::string& vk_device() const noexcept { return vk_device_; }
	void set_vk_device(std::string spec) { vk_device_ = std::move(spec); }

	// A fresh vfio open of the device under test, in the access mode of
	// --iommu-mode; failure is an Environment error (the device itself is
	// broken, not the case).
	VfioDevice open_device() const;
	AccessMode access_mode() const noexcept { return mode_; }
	void set_access_mode(AccessMode mode) noexcept { mode_ = mode; }

	// Layout of the BAR under test (--bar) for cases: the lower half holds
	// the host's pattern and is
	// never written; the upper half is handed out by scratch() in
	// page-aligned slots, one per request, never reused in a run.  Throws
	// Environment when the upper half is used up.
	std::uint64_t scratch(std::uint64_t bar_size, std::uint64_t bytes);

	// Declares what the host must find in the BAR file after the VM exits
	// for bytes the case wrote: pattern(seed) over [offset, offset+length).
	// Bytes no case declares must still hold pattern(this->seed()).
	// Declaring the same range again (a case that rewrites it) replaces
	// the earlier seed: declare each write as soon as it is done, so the
	// host check is right whichever way the case ends.
	void expect_bar(std::uint64_t offset, std::uint64_t length, std::uint64_t seed);
	struct BarExpectation {
		std::uint64_t offset, length, seed;
	};
	const std::vector<BarExpectation>& bar_expectations() const noexcept { return expect_; }

	// What a family of cases shares for the whole run, created by the
	// first case that needs it (the vulkan.* cases' VkInstance: creating
	// one per case was most of their time).  The runner releases it all
	// after the last case.  A case that creates such an object declares the
	// file descriptors it keeps open (add_held_fds), which the runner's
	// fd-leak check then expects; each case still gets its own objects
	// below it (VkDevice and down), so what one case leaks is still found.
	std::shared_ptr<void>& shared(const std::string& key) { return shared_[key]; }
	void add_held_fds(int n) noexcept { held_fds_ += n; }
	int held_fds() const noexcept { return held_fds_; }
	void release_shared();

	// Lines shown with -v and kept in the case's detail on failure.
	void log(const std::string& line);
	const std::vector<std::string>& lines() const noexcept { return lines_; }
	void clear_lines() { lines_.clear(); }

private:
	std::string device_;
	std::uint64_t seed_;
	bool verbose_;
	std::string vk_device_;
	AccessMode mode_ = AccessMode::automatic;
	std::vector<std::string> lines_;
	std::uint64_t scratch_used_ = 0;
	std::vector<BarExpectation> expect_;
	std::map<std::string, std::shared_ptr<void>> shared_;
	int held_fds_ = 0;
};

struct Case {
	std::string name;        // "export.whole_bar": family.what
	std::string expectation; // the documented expected outcome
	std::function<void(Context&)> run;
};

std::vector<Case>& registry();

struct Registration {
	Registration(const char* name, const char* expectation, void (*fn)(Context&));
};

#define VFIO_DMABUF_CASE(ident, name, expectation)                                                 \
	static void ident(::vfio_dmabuf::conformance::Context& ctx);                               \
	static const ::vfio_dmabuf::conformance::Registration ident##_registration(                \
	        name, expectation, ident);                                                         \
	static void ident([[maybe_unused]] ::vfio_dmabuf::conformance::Context& ctx)

} // namespace vfio_dmabuf::conformance
