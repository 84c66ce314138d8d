// The GLFW window (no client API: Vulkan presents into it) and its keys.
#pragma once

#include <string>
#include <vector>
#include <vulkan/vulkan_raii.hpp>

struct GLFWwindow;

namespace vk_demo
{

// glfwInit .. glfwTerminate.  Throws vfio_dmabuf::Error with GLFW's reason
// (e.g. no $DISPLAY) when there is no window system.
class Glfw
{
public:
	Glfw();
	~Glfw();
	Glfw(const Glfw&) = delete;
	Glfw& operator=(const Glfw&) = delete;

	// The instance extensions a surface needs (VK_KHR_surface, ...).
	std::vector<const char*> instance_extensions() const;
	static bool can_present(VkInstance instance, VkPhysicalDevice physical,
	                        std::uint32_t family);
};

class Window
{
public:
	enum class Key { revoke, quit };

	// A fixed-size window of width x height pixels (the frame's size).
	Window(const Glfw& glfw, std::uint32_t width, std::uint32_t height,
	       const std::string& title);
	~Window();
	Window(const Window&) = delete;
	Window& operator=(const Window&) = delete;

	vk::raii::SurfaceKHR create_surface(const vk::raii::Instance& instance) const;

	// Processes window events; the keys pressed since the last call (closing
	// the window counts as quit).
	std::vector<Key> poll();

private:
	static void on_key(GLFWwindow* w, int key, int scancode, int action, int mods);
	GLFWwindow* window_ = nullptr;
	std::vector<Key> pressed_;
};

} // namespace vk_demo
