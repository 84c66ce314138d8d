// The stress's Vulkan importer: a separate process (this executable,
// re-executed with the internal command `__stress-vulkan-worker`) that
// imports the dma-bufs it is sent into its own Vulkan device and checksums
// them with a compute dispatch, racing the revoker.
//
// Why a process of its own: the driver (lavapipe) reads an imported
// dma-buf through a CPU mapping on its own threads, so a read that races a
// revoke ends the whole process by SIGBUS, which is one of the outcomes
// the race allows.  And why exec instead of fork: the stress's parent has
// threads, and a forked copy of a threaded process may not initialize a
// Vulkan driver (locks held by threads that do not exist in the child).
//
// The protocol, over a SOCK_SEQPACKET socket on fd 3 of the worker:
//   parent -> worker: a Request, with the dma-buf fd in SCM_RIGHTS;
//   worker -> parent: the outcome as text: "ok", "mismatch", a VkResult
//                     name ("VK_ERROR_DEVICE_LOST"), or "error: ...".
// The worker answers "ready" once its device and pipeline exist, and exits
// when the parent closes the socket (or dies: PR_SET_PDEATHSIG).
#pragma once

#include "vfio_dmabuf/dmabuf.hpp"
#include "vfio_dmabuf/unique_fd.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <sys/types.h>

namespace vfio_dmabuf::stress
{

inline constexpr const char* vulkan_worker_command = "__stress-vulkan-worker";

// The parent's end of one worker process.
class VulkanWorker
{
public:
	// Starts `exe` as a worker comparing with the host's pattern `host_seed`
	// (0: no comparison) on the Vulkan device `vk_device` (empty: the
	// first suitable).  Throws Error when the process cannot be started.
	VulkanWorker(const std::string& exe, std::uint64_t host_seed, const std::string& vk_device);
	VulkanWorker(const VulkanWorker&) = delete;
	VulkanWorker& operator=(const VulkanWorker&) = delete;
	~VulkanWorker(); // closes the socket, waits for the worker (SIGKILL after 2 s)

	// Waits up to `timeout_s` for the worker's next answer: "ready" after
	// the start, or a request's outcome.  When the worker died instead, its
	// end as an outcome ("SIGBUS", "exit 3", ...) and the worker is reaped;
	// "timeout" when it said nothing in time (it is then killed).
	std::string answer(int timeout_s);

	// Sends a checksum request for `buf`, which maps BAR offset `bar_offset`.
	// False when the worker is gone (answer() then says how it ended).
	bool request(const DmaBuf& buf, std::uint64_t bar_offset);

	pid_t pid() const noexcept { return pid_; }

private:
	std::string reap(bool kill_first);
	UniqueFd sock_;
	pid_t pid_ = -1;
};

// The worker process's main: serves requests on `sock` until EOF.
int vulkan_worker_main(int sock, std::uint64_t host_seed, const std::string& vk_device);

} // namespace vfio_dmabuf::stress
