// vulkan::device_quiescer in a RevokeScope on the host's lavapipe (ordinary
// memory, a fake revocation): the scope waits idle on the device before the
// revoke, and the re-validation after the restore runs on the same memory.
#include "vfio_dmabuf/revoke_scope.hpp"
#include "vfio_dmabuf/testing/pattern.hpp"
#include "vfio_dmabuf/testing/vulkan/checksum_pass.hpp"
#include "vfio_dmabuf/testing/vulkan/fill_pass.hpp"
#include "vfio_dmabuf/testing/vulkan/host_buffer.hpp"
#include "vfio_dmabuf/vulkan/quiescer.hpp"
#include "vulkan_test_device.hpp"

#include <stdexcept>
#include <vector>

using namespace vfio_dmabuf;
using namespace vfio_dmabuf::vulkan;
using VulkanQuiescerTest = vfio_dmabuf::vulkan::test::VulkanTest;

namespace
{

constexpr auto usage = vk::BufferUsageFlagBits::eStorageBuffer |
                       vk::BufferUsageFlagBits::eTransferDst |
                       vk::BufferUsageFlagBits::eTransferSrc;

} // namespace

TEST_F(VulkanQuiescerTest, RevalidatesTheSameMemoryAfterTheRestore)
{
	HostBuffer buf(device(), 64 * 1024, usage, "test buffer");
	FillPass(device()).run(buf.whole(), 11, 0);
	std::vector<std::uint8_t> want(buf.bytes().size());
	pattern::fill(want, 11, 0);
	ChecksumPass sum(device());

	std::vector<std::string> steps;
	Revocation fake{"fake", [&] { steps.push_back("revoke"); },
	                [&] { steps.push_back("restore"); }};
	RevokeScope scope(fake, {device_quiescer(device(), device().name(), [&] {
		                  steps.push_back("revalidate");
		                  if (sum.run(buf.whole(), 0) != pattern::checksum32(want, 0))
			                  throw std::runtime_error("wrong checksum");
	                  })});
	scope.restore();
	EXPECT_EQ(steps, (std::vector<std::string>{"revoke", "restore", "revalidate"}));
}

TEST_F(VulkanQuiescerTest, RevalidationFailureReachesTheCaller)
{
	HostBuffer buf(device(), 4096, usage, "test buffer");
	FillPass(device()).run(buf.whole(), 1, 0);
	ChecksumPass sum(device());
	RevokeScope scope(Revocation{"fake", [] {}, [] {}},
	                  {device_quiescer(device(), device().name(), [&] {
		                  if (sum.run(buf.whole(), 0) != 0)
			                  throw std::runtime_error("memory not usable");
	                  })});
	EXPECT_THROW(scope.restore(), std::runtime_error);
	EXPECT_FALSE(scope.revoked());
}
