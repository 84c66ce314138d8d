#include "window.hpp"

#include "vfio_dmabuf/error.hpp"
#include "vfio_dmabuf/vulkan/vk_error.hpp"

#define GLFW_INCLUDE_NONE
#define GLFW_INCLUDE_VULKAN
#include <GLFW/glfw3.h>

namespace vk_demo
{

using vfio_dmabuf::Error;

namespace
{

std::string last_error;

void on_error(int, const char* description)
{
	last_error = description ? description : "(no description)";
}

} // namespace

Glfw::Glfw()
{
	glfwSetErrorCallback(on_error);
	if (!glfwInit())
		throw Error("cannot open a window: GLFW: " + last_error +
		            " (headless: --frames N --png DIR)");
	if (!glfwVulkanSupported()) {
		glfwTerminate();
		throw Error("cannot open a window: GLFW finds no Vulkan loader");
	}
}

Glfw::~Glfw()
{
	glfwTerminate();
}

std::vector<const char*> Glfw::instance_extensions() const
{
	std::uint32_t count = 0;
	const char** names = glfwGetRequiredInstanceExtensions(&count);
	if (!names)
		throw Error(
		        "cannot open a window: GLFW: no Vulkan surface for this window system (" +
		        last_error + ")");
	return {names, names + count};
}

bool Glfw::can_present(VkInstance instance, VkPhysicalDevice physical, std::uint32_t family)
{
	return glfwGetPhysicalDevicePresentationSupport(instance, physical, family) == GLFW_TRUE;
}

Window::Window(const Glfw&, std::uint32_t width, std::uint32_t height, const std::string& title)
{
	glfwWindowHint(GLFW_CLIENT_API, GLFW_NO_API);
	glfwWindowHint(GLFW_RESIZABLE, GLFW_FALSE);
	window_ = glfwCreateWindow(int(width), int(height), title.c_str(), nullptr, nullptr);
	if (!window_)
		throw Error("cannot open a " + std::to_string(width) + "x" +
		            std::to_string(height) + " window: GLFW: " + last_error);
	glfwSetWindowUserPointer(window_, this);
	glfwSetKeyCallback(window_, on_key);
}

Window::~Window()
{
	glfwDestroyWindow(window_);
}

vk::raii::SurfaceKHR Window::create_surface(const vk::raii::Instance& instance) const
{
	VkSurfaceKHR surface = VK_NULL_HANDLE;
	vfio_dmabuf::vulkan::check_vk(
	        "glfwCreateWindowSurface",
	        glfwCreateWindowSurface(*instance, window_, nullptr, &surface));
	return vk::raii::SurfaceKHR(instance, surface);
}

void Window::on_key(GLFWwindow* w, int key, int, int action, int)
{
	if (action != GLFW_PRESS)
		return;
	auto* self = static_cast<Window*>(glfwGetWindowUserPointer(w));
	if (key == GLFW_KEY_R)
		self->pressed_.push_back(Key::revoke);
	else if (key == GLFW_KEY_Q || key == GLFW_KEY_ESCAPE)
		self->pressed_.push_back(Key::quit);
}

std::vector<Window::Key> Window::poll()
{
	glfwPollEvents();
	if (glfwWindowShouldClose(window_))
		pressed_.push_back(Key::quit);
	return std::exchange(pressed_, {});
}

} // namespace vk_demo
