// Instance and device selection, the validation log, the embedded SPIR-V.
#include "vfio_dmabuf/shaders.hpp"
#include "vfio_dmabuf/vulkan/vk_error.hpp"
#include "vulkan_test_device.hpp"

#include <algorithm>
#include <cstring>

using namespace vfio_dmabuf;
using namespace vfio_dmabuf::vulkan;
using vfio_dmabuf::vulkan::test::VulkanTest;

namespace
{

TEST(VulkanShaders, EmbeddedSpirvIsWholeModules)
{
	for (auto code : {shaders::checksum_comp(), shaders::fill_pattern_comp(),
	                  shaders::copy_words_comp(), shaders::fullscreen_vert(),
	                  shaders::sample_image_frag(), shaders::pattern_color_frag()}) {
		ASSERT_GT(code.size(), 5u);
		EXPECT_EQ(code[0], 0x07230203u) << "SPIR-V magic";
	}
}

TEST(VulkanError, NamesTheResult)
{
	VulkanError e("vkAllocateMemory importing x", vk::Result::eErrorInvalidExternalHandle);
	EXPECT_NE(std::string(e.what()).find(
	                  "vkAllocateMemory importing x: VK_ERROR_INVALID_EXTERNAL_HANDLE"),
	          std::string::npos)
	        << e.what();
	EXPECT_EQ(result_name(vk::Result::eErrorOutOfDeviceMemory),
	          "VK_ERROR_OUT_OF_DEVICE_MEMORY");
}

using SetupTest = VulkanTest;

TEST_F(SetupTest, MissingExtensionsAreNamed)
{
	// Whatever the host's devices lack of the import extensions must be
	// named in the error (the host's lavapipe 22.3 has no dma-buf import).
	vk::raii::PhysicalDevices devices(instance().get());
	DeviceRequirements req;
	req.dma_buf_images = true;
	bool any_suitable = false;
	std::vector<std::string> lacking;
	for (auto& pd : devices) {
		auto missing = missing_capabilities(pd, req);
		any_suitable |= missing.empty();
		lacking.insert(lacking.end(), missing.begin(), missing.end());
	}
	if (any_suitable)
		GTEST_SKIP() << "this host's Vulkan device can import dma-bufs";
	try {
		Device d(instance(), req);
		FAIL() << "a device was created without " << lacking.front();
	} catch (const MissingCapability& e) {
		EXPECT_EQ(e.code(), EOPNOTSUPP);
		for (const auto& what : lacking)
			EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
	}
}

TEST_F(SetupTest, DeviceSpecSelectsByName)
{
	DeviceRequirements req;
	req.dma_buf = false;
	req.device = "no such device";
	EXPECT_THROW(Device(instance(), req), MissingCapability);
	req.device = device().name().substr(0, 4);
	Device again(instance(), req);
	EXPECT_EQ(again.name(), device().name());
}

TEST_F(SetupTest, ValidationErrorsAreRecorded)
{
	ASSERT_TRUE(instance().validation());
	// Anisotropic filtering without enabling the feature: a validation
	// error the driver itself ignores.
	vk::SamplerCreateInfo info;
	info.anisotropyEnable = VK_TRUE;
	info.maxAnisotropy = 2.0f;
	{
		vk::raii::Sampler sampler(device().get(), info);
	}
	auto errors = instance().log().errors();
	ASSERT_FALSE(errors.empty());
	EXPECT_TRUE(std::any_of(errors.begin(), errors.end(), [](const std::string& e) {
		return e.find("anisotropy") != std::string::npos;
	})) << errors.front();
	instance().log().clear();
}

} // namespace
