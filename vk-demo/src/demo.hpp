// The demo: a loop that, per presented frame, picks the latest complete
// slot (seqlock), composes it with the overlay into the target (swapchain
// image, BAR return slot or offscreen image), waits for the GPU, re-renders
// if the slot was rewritten meanwhile, and presents (window) or writes a
// PNG (headless); between frames it runs keys and --script steps.
#pragma once

#include "bar_frames.hpp"
#include "common/frame_source.hpp"
#include "common/trace.hpp"
#include "compose_pass.hpp"
#include "font_texture.hpp"
#include "mapped_buffer.hpp"
#include "offscreen_target.hpp"
#include "options.hpp"
#include "overlay.hpp"
#include "script.hpp"
#include "stats.hpp"
#include "swapchain.hpp"
#include "validation.hpp"
#include "vfio_dmabuf/revoke_scope.hpp"
#include "vulkan_context.hpp"
#include "window.hpp"

#include <chrono>
#include <memory>
#include <optional>

namespace vk_demo
{

class Demo
{
public:
	Demo(const Options& options, ValidationLog* validation);
	~Demo();

	// Runs until --frames, a quit (key, window, script); throws on errors.
	void run();

private:
	struct Composed {
		ScreenState state = ScreenState::waiting;
		std::optional<FramePick> pick;
		std::uint64_t torn = 0;
		bool into_bar = false;
	};

	void warm_up();
	void check_blit(vk::Format screen) const;
	void present_frame();
	Composed compose(const std::optional<Swapchain::Image>& image);
	void record(const std::optional<Swapchain::Image>& image, const Composed& c,
	            std::uint64_t device_counter);
	void submit(const std::optional<Swapchain::Image>& image, bool first);
	void write_png(std::uint64_t n) const;

	void revoke();
	void restore();
	void exec(const std::string& command);

	Options options_;
	ValidationLog* validation_;
	std::unique_ptr<Glfw> glfw_;
	VulkanContext vk_;
	BarFrames bar_;
	TraceWriter trace_;
	vk::raii::CommandPool pool_{nullptr};
	vk::raii::CommandBuffer cmd_{nullptr};
	vk::raii::Fence fence_{nullptr};
	FontTexture font_;
	MappedBuffer text_;
	ComposePass compose_;
	std::optional<Window> window_;
	std::optional<Swapchain> swapchain_;
	std::uint64_t swapchain_generation_ = 0;
	std::optional<OffscreenTarget> offscreen_;
	Stats stats_;
	ScriptRunner script_;
	OverlayInfo overlay_;
	std::uint64_t presented_ = 0;
	std::uint64_t last_shown_ = 0;
	ScreenState last_state_ = ScreenState::waiting;
	bool quit_ = false;
	std::optional<std::chrono::steady_clock::time_point> auto_restore_;
	std::chrono::steady_clock::time_point last_progress_;
	// Last: destroyed first, restoring the memory if a run ends revoked.
	std::optional<vfio_dmabuf::RevokeScope> scope_;
};

} // namespace vk_demo
