// Asserts that the guest's Vulkan driver (lavapipe from the trixie rootfs)
// advertises the extensions the importer needs: VK_KHR_external_memory_fd
// and VK_EXT_external_memory_dma_buf.  Prints every device and what it has.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <vector>
#include <vulkan/vulkan_raii.hpp>

int main()
try {
	vk::raii::Context context;
	vk::ApplicationInfo app("vk-dmabuf-ext", 1, "vfio-dmabuf", 1, VK_API_VERSION_1_1);
	vk::raii::Instance instance(context, vk::InstanceCreateInfo({}, &app));
	const char* wanted[] = {"VK_KHR_external_memory_fd", "VK_EXT_external_memory_dma_buf"};
	int good = 0;
	vk::raii::PhysicalDevices devices(instance);
	if (devices.empty()) {
		std::puts("FAIL: no Vulkan physical device");
		return 1;
	}
	for (const auto& pd : devices) {
		auto props = pd.getProperties();
		auto exts = pd.enumerateDeviceExtensionProperties();
		bool all = true;
		std::printf("%s (%s, Vulkan %u.%u):", props.deviceName.data(),
		            vk::to_string(props.deviceType).c_str(),
		            VK_API_VERSION_MAJOR(props.apiVersion),
		            VK_API_VERSION_MINOR(props.apiVersion));
		for (const char* w : wanted) {
			bool has = std::any_of(exts.begin(), exts.end(), [&](const auto& e) {
				return std::strcmp(e.extensionName.data(), w) == 0;
			});
			std::printf(" %s%s", has ? "+" : "-", w);
			all = all && has;
		}
		std::puts("");
		good += all;
	}
	if (!good) {
		std::puts("FAIL: no device advertises every extension above");
		return 1;
	}
	return 0;
} catch (const std::exception& e) {
	std::fprintf(stderr, "vk-dmabuf-ext: %s\n", e.what());
	return 1;
}
