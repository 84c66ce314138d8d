// HostPointerBuffer (the bench's pointer-import row) on an anonymous
// mapping: the shaders see what the CPU wrote and the CPU sees what they
// wrote, with the validation layer on; misaligned or un-enabled imports are
// refused with the reason.
#include "vfio_dmabuf/testing/pattern.hpp"
#include "vfio_dmabuf/testing/vulkan/checksum_pass.hpp"
#include "vfio_dmabuf/testing/vulkan/fill_pass.hpp"
#include "vfio_dmabuf/testing/vulkan/host_pointer_buffer.hpp"
#include "vulkan_test_device.hpp"

#include <cerrno>
#include <sys/mman.h>

using namespace vfio_dmabuf;
using namespace vfio_dmabuf::vulkan;

namespace
{

constexpr std::size_t size = 1 << 20;

// An anonymous shared mapping, unmapped at scope exit.
struct Anonymous {
	void* addr = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	~Anonymous()
	{
		if (addr != MAP_FAILED)
			::munmap(addr, size);
	}
	std::span<std::uint8_t> bytes() const { return {static_cast<std::uint8_t*>(addr), size}; }
};

class HostPointerTest : public test::VulkanTest
{
protected:
	DeviceRequirements requirements() const override
	{
		DeviceRequirements r = VulkanTest::requirements();
		r.host_pointer = true;
		return r;
	}
	void SetUp() override
	{
		VulkanTest::SetUp();
		if (!IsSkipped() && !device().enabled(VK_EXT_EXTERNAL_MEMORY_HOST_EXTENSION_NAME))
			GTEST_SKIP() << device().name() << " does not offer VK_EXT_external_memory_host";
		ASSERT_NE(mapping.addr, MAP_FAILED) << "mmap of " << size << " anonymous bytes";
	}
	Anonymous mapping;
};

using NoHostPointerTest = test::VulkanTest;

TEST_F(HostPointerTest, ShadersReadAndWriteTheMappedBytes)
{
	pattern::fill(mapping.bytes(), 0x51, 0);
	HostPointerBuffer buf(device(), mapping.bytes(), vk::BufferUsageFlagBits::eStorageBuffer,
	                      "anonymous mapping");
	EXPECT_EQ(buf.size(), size);
	EXPECT_EQ(ChecksumPass(device()).run(buf.whole(), 0),
	          pattern::checksum32(mapping.bytes(), 0));
	FillPass(device()).run(buf.whole(), 0x77, 0);
	const auto bad = pattern::first_mismatch(mapping.bytes(), 0x77, 0);
	EXPECT_FALSE(bad) << "first byte the fill did not reach the mapping: " << *bad;
}

TEST_F(HostPointerTest, MisalignedPointerIsRefusedWithEinval)
{
	try {
		HostPointerBuffer buf(device(), mapping.bytes().subspan(64, size - 4096),
		                      vk::BufferUsageFlagBits::eStorageBuffer, "misaligned");
		FAIL() << "a pointer 64 bytes into a page was imported";
	} catch (const MissingCapability& e) {
		FAIL() << "refused as a missing capability instead of EINVAL: " << e.what();
	} catch (const Error& e) {
		EXPECT_EQ(e.code(), EINVAL) << e.what();
		EXPECT_NE(std::string(e.what()).find("minImportedHostPointerAlignment"),
		          std::string::npos)
		        << e.what();
	}
}

TEST_F(NoHostPointerTest, ImportWithoutTheExtensionNamesIt)
{
	Anonymous mapping;
	ASSERT_NE(mapping.addr, MAP_FAILED);
	try {
		HostPointerBuffer buf(device(), mapping.bytes(), vk::BufferUsageFlagBits::eStorageBuffer,
		                      "no extension");
		FAIL() << "imported a host pointer on a device without VK_EXT_external_memory_host";
	} catch (const MissingCapability& e) {
		EXPECT_NE(std::string(e.what()).find("VK_EXT_external_memory_host"), std::string::npos)
		        << e.what();
	}
}

} // namespace
