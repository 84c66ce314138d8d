#include "vfio_dmabuf/vulkan/physical_device.hpp"

#include "vfio_dmabuf/vulkan/extensions.hpp"
#include "vfio_dmabuf/vulkan/vk_error.hpp"

#include <cstdio>
#include <optional>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <vulkan/vulkan.hpp>

namespace vfio_dmabuf::vulkan
{
namespace
{

struct Identity {
	std::string name;
	VkPhysicalDeviceType type = VK_PHYSICAL_DEVICE_TYPE_OTHER;
	std::uint32_t api = 0;
	std::optional<std::string> pci;       // "0000:03:00.0"
	std::optional<dev_t> render, primary; // DRM nodes
};

Identity identify(VkPhysicalDevice physical)
{
	Identity id;
	vk::PhysicalDeviceProperties2 props;
	vk::PhysicalDevicePCIBusInfoPropertiesEXT pci;
	vk::PhysicalDeviceDrmPropertiesEXT drm;
	const bool has_pci = offers_extension(physical, VK_EXT_PCI_BUS_INFO_EXTENSION_NAME);
	const bool has_drm = offers_extension(physical, VK_EXT_PHYSICAL_DEVICE_DRM_EXTENSION_NAME);
	void** next = &props.pNext;
	if (has_pci) {
		*next = &pci;
		next = &pci.pNext;
	}
	if (has_drm)
		*next = &drm;
	vkGetPhysicalDeviceProperties2(physical,
	                               reinterpret_cast<VkPhysicalDeviceProperties2*>(&props));
	id.name = props.properties.deviceName.data();
	id.type = static_cast<VkPhysicalDeviceType>(props.properties.deviceType);
	id.api = props.properties.apiVersion;
	if (has_pci) {
		char buf[32];
		std::snprintf(buf, sizeof(buf), "%04x:%02x:%02x.%x", pci.pciDomain, pci.pciBus,
		              pci.pciDevice, pci.pciFunction);
		id.pci = buf;
	}
	if (has_drm && drm.hasRender)
		id.render = makedev(static_cast<unsigned>(drm.renderMajor),
		                    static_cast<unsigned>(drm.renderMinor));
	if (has_drm && drm.hasPrimary)
		id.primary = makedev(static_cast<unsigned>(drm.primaryMajor),
		                     static_cast<unsigned>(drm.primaryMinor));
	return id;
}

const char* type_name(VkPhysicalDeviceType t)
{
	switch (t) {
	case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU:
		return "integrated GPU";
	case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU:
		return "discrete GPU";
	case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU:
		return "virtual GPU";
	case VK_PHYSICAL_DEVICE_TYPE_CPU:
		return "cpu";
	default:
		return "other";
	}
}

std::string node_name(std::optional<dev_t> d)
{
	if (!d)
		return "none";
	return std::to_string(major(*d)) + ":" + std::to_string(minor(*d));
}

// "0000:03:00.0" or "03:00.0" (domain 0).
std::optional<std::string> as_pci_address(const std::string& s)
{
	unsigned dom = 0, bus, dev, fn;
	char tail;
	if (std::sscanf(s.c_str(), "%x:%x:%x.%x%c", &dom, &bus, &dev, &fn, &tail) == 4 ||
	    (dom = 0, std::sscanf(s.c_str(), "%x:%x.%x%c", &bus, &dev, &fn, &tail) == 3)) {
		char buf[32];
		std::snprintf(buf, sizeof(buf), "%04x:%02x:%02x.%x", dom, bus, dev, fn);
		return std::string(buf);
	}
	return std::nullopt;
}

std::vector<VkPhysicalDevice> physical_devices(VkInstance instance)
{
	std::uint32_t n = 0;
	check_vk("vkEnumeratePhysicalDevices", vkEnumeratePhysicalDevices(instance, &n, nullptr));
	std::vector<VkPhysicalDevice> out(n);
	check_vk("vkEnumeratePhysicalDevices",
	         vkEnumeratePhysicalDevices(instance, &n, out.data()));
	out.resize(n);
	return out;
}

bool all_digits(const std::string& s)
{
	return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

} // namespace

std::string describe_physical_device(VkPhysicalDevice physical)
{
	Identity id = identify(physical);
	return id.name + ", " + type_name(id.type) + ", Vulkan " +
	       std::to_string(VK_API_VERSION_MAJOR(id.api)) + "." +
	       std::to_string(VK_API_VERSION_MINOR(id.api)) + ", PCI " +
	       id.pci.value_or("unknown") + ", render node " + node_name(id.render);
}

VkPhysicalDevice select_physical_device(VkInstance instance, const std::string& spec, bool images)
{
	auto devices = physical_devices(instance);
	if (devices.empty())
		throw MissingCapability(
		        "there is no Vulkan physical device (is a driver installed?)");

	std::string report;
	auto reject = [&](std::size_t i, const std::string& why) {
		report += "\n  [" + std::to_string(i) + "] " +
		          describe_physical_device(devices[i]) + ": " + why;
	};
	// A device the user named explicitly is taken even when it lacks
	// something: the import then says exactly what.  Only the automatic
	// choice skips unsuitable devices.
	std::optional<dev_t> node;
	if (spec.starts_with("/")) {
		struct stat st {
		};
		if (::stat(spec.c_str(), &st) < 0 || !S_ISCHR(st.st_mode))
			throw Error("--vk-device " + spec + ": not a character device node",
			            ENODEV);
		node = st.st_rdev;
	}
	const auto pci = spec.starts_with("/") ? std::nullopt : as_pci_address(spec);
	for (std::size_t i = 0; i < devices.size(); i++) {
		Identity id = identify(devices[i]);
		if (spec.empty()) {
			auto missing = missing_capabilities(devices[i], images);
			if (missing.empty())
				return devices[i];
			std::string why = "lacks";
			for (std::size_t k = 0; k < missing.size(); k++)
				why += (k ? ", " : " ") + missing[k];
			reject(i, why);
		} else if (node) {
			if (id.render == node || id.primary == node)
				return devices[i];
			reject(i, id.render || id.primary
			                  ? "other DRM nodes"
			                  : "does not say (no VK_EXT_physical_device_drm)");
		} else if (pci) {
			if (id.pci == pci)
				return devices[i];
			reject(i, id.pci ? "other PCI address"
			                 : "does not say (no VK_EXT_pci_bus_info)");
		} else if (all_digits(spec)) {
			if (std::to_string(i) == spec)
				return devices[i];
			reject(i, "other index");
		} else {
			if (id.name.find(spec) != std::string::npos)
				return devices[i];
			reject(i, "name does not contain '" + spec + "'");
		}
	}
	throw MissingCapability((spec.empty() ? std::string("no Vulkan device can import dma-bufs")
	                                      : "no Vulkan device matches '" + spec + "'") +
	                        report);
}

} // namespace vfio_dmabuf::vulkan
