#include "demo.hpp"

#include "common/frame_layout.hpp"
#include "common/png_io.hpp"
#include "progress.hpp"
#include "vfio_dmabuf/error.hpp"
#include "vfio_dmabuf/revocation.hpp"
#include "vfio_dmabuf/vulkan/drm_modifier_properties.hpp"
#include "vfio_dmabuf/vulkan/ownership_barriers.hpp"
#include "vfio_dmabuf/vulkan/quiescer.hpp"
#include "vfio_dmabuf/vulkan/vk_error.hpp"

#include <cstdio>
#include <filesystem>
#include <spawn.h>
#include <sys/wait.h>

extern char** environ;

namespace vk_demo
{

using vfio_dmabuf::Error;
namespace vkd = vfio_dmabuf::vulkan;
using Stage = vk::PipelineStageFlagBits;
using AccessBit = vk::AccessFlagBits;
using Layout = vk::ImageLayout;

namespace
{

constexpr int max_torn_rerenders = 3;
const vk::ImageSubresourceRange color_range(vk::ImageAspectFlagBits::eColor, 0, 1, 0, 1);

VulkanRequest vulkan_request(const Options& o, const Glfw* glfw, ValidationLog* validation)
{
	VulkanRequest r;
	r.physical_device = o.vk_device;
	r.validation = validation;
	if (glfw) {
		r.instance_extensions = glfw->instance_extensions();
		r.swapchain = true;
		r.can_present = &Glfw::can_present;
	}
	return r;
}

std::unique_ptr<Glfw> make_glfw(const Options& o)
{
	return o.headless ? nullptr : std::make_unique<Glfw>();
}

// A same-family layout change of an image the demo owns (not imported).
vk::ImageMemoryBarrier transition(vk::Image image, Layout from, Layout to, vk::AccessFlags src,
                                  vk::AccessFlags dst)
{
	return vk::ImageMemoryBarrier(src, dst, from, to, VK_QUEUE_FAMILY_IGNORED,
	                              VK_QUEUE_FAMILY_IGNORED, image, color_range);
}

std::string hex(std::uint64_t v)
{
	char buf[32];
	std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
	return buf;
}

} // namespace

Demo::Demo(const Options& o, ValidationLog* validation)
    : options_(o), validation_(validation), glfw_(make_glfw(o)),
      vk_(vulkan_request(o, glfw_.get(), validation)), bar_(o, vk_),
      trace_(o.trace.empty() ? TraceWriter() : TraceWriter(o.trace)),
      pool_(vk_.device(),
            vk::CommandPoolCreateInfo(vk::CommandPoolCreateFlagBits::eResetCommandBuffer,
                                      vk_.queue_family())),
      cmd_(std::move(vk::raii::CommandBuffers(vk_.device(),
                                              vk::CommandBufferAllocateInfo(
                                                      *pool_, vk::CommandBufferLevel::ePrimary, 1))
                             .front())),
      fence_(vk_.device(), vk::FenceCreateInfo()), font_(vk_, pool_),
      text_(vk_, TextLayout::bytes, vk::BufferUsageFlagBits::eUniformBuffer, "the overlay text"),
      compose_(vk_, font_, text_, contract::max_slots), script_(parse_script(o.script)),
      last_progress_(std::chrono::steady_clock::now())
{
	const contract::FrameHeader& h = bar_.layout();
	for (std::uint32_t i = 0; i < h.slot_count; ++i)
		if (!(h.slots[i].flags & contract::slot_flag_return))
			compose_.add_source(i, bar_.slot_image(i).view());
	if (!o.headless) {
		const std::string title =
		        "vk-demo: " + bar_.device().address() + " BAR" + std::to_string(bar_.bar());
		window_.emplace(*glfw_, h.width, h.height, title);
		swapchain_.emplace(vk_, window_->create_surface(vk_.instance()), bar_.extent());
		swapchain_generation_ = swapchain_->generation();
		if (bar_.return_image() && swapchain_->format() != bar_.format())
			check_blit(swapchain_->format());
	} else {
		std::filesystem::create_directories(o.png_dir);
		offscreen_.emplace(vk_, bar_.format(), bar_.extent());
	}

	overlay_.drm_modifier = bar_.drm_modifier();
	overlay_.header_access = bar_.header_access();
	overlay_.device = bar_.device().address();
	overlay_.bar = bar_.bar();
	overlay_.offset = bar_.offset();

	const std::string import = bar_.drm_modifier() ? "drm-modifier-linear" : "linear-tiling";
	progress(bar_.device().address() + " BAR" + std::to_string(bar_.bar()) + "+" +
	         hex(bar_.offset()) + ": " + std::to_string(h.width) + "x" +
	         std::to_string(h.height) + " " + fourcc_name(h.fourcc) + ", stride " +
	         std::to_string(h.stride) + ", " + std::to_string(h.slot_count) +
	         " slots; header through " + bar_.header_access() + " mmap; slots imported into " +
	         vk_.name() + " as VkImages (" + import + ")" +
	         (bar_.return_image()
	                  ? "; composing into return slot " + std::to_string(bar_.return_slot())
	                  : ""));
	if (swapchain_)
		progress("window " + std::to_string(swapchain_->extent().width) + "x" +
		         std::to_string(swapchain_->extent().height) + ", swapchain " +
		         vk::to_string(swapchain_->format()) + ", " + swapchain_->present_mode());
	progress("warm-up draw (the driver compiles its pipelines)");
	warm_up();
	trace_.write("start", "t=" + std::to_string(monotonic_ns()) +
	                              " mode=" + (o.headless ? "headless" : "window") +
	                              " width=" + std::to_string(h.width) +
	                              " height=" + std::to_string(h.height) +
	                              " format=" + fourcc_name(h.fourcc) + " import=" + import +
	                              " header=" + bar_.header_access() +
	                              " device=" + bar_.device().address() +
	                              " bar=" + std::to_string(bar_.bar()) +
	                              " offset=" + std::to_string(bar_.offset()));
}

Demo::~Demo()
{
	// Nothing may be in flight when images, buffers and the device go.
	try {
		vk_.device().waitIdle();
	} catch (...) {
	}
}

void Demo::check_blit(vk::Format screen) const
{
	// --render-into-bar in a window of another format: the composed output
	// is blitted from the BAR's (linear) image to the swapchain image.
	const VkPhysicalDevice physical = *vk_.physical();
	const vk::FormatFeatureFlags src =
	        bar_.drm_modifier()
	                ? vkd::linear_modifier_features(physical, bar_.format())
	                : vk_.physical().getFormatProperties(bar_.format()).linearTilingFeatures;
	const vk::FormatFeatureFlags dst =
	        vk_.physical().getFormatProperties(screen).optimalTilingFeatures;
	if (!(src & vk::FormatFeatureFlagBits::eBlitSrc) ||
	    !(dst & vk::FormatFeatureFlagBits::eBlitDst))
		throw vkd::MissingCapability("--render-into-bar: " + vk_.name() + " cannot blit " +
		                             vk::to_string(bar_.format()) +
		                             " (linear) to the window's " + vk::to_string(screen) +
		                             "; use a frame format equal to the window's");
}

void Demo::warm_up()
{
	// Drivers may compile pipelines at their first draw (llvmpipe does:
	// seconds under TCG).  Draw everything once off screen, in every target
	// format, before the first frame is picked, so that its latency is not
	// start-up time.
	std::vector<vk::Format> formats{bar_.format()};
	if (swapchain_ && swapchain_->format() != bar_.format())
		formats.push_back(swapchain_->format());
	std::uint32_t slot = 0;
	while (bar_.layout().slots[slot].flags & contract::slot_flag_return)
		++slot;
	const vkd::ImageRef frame = bar_.slot_image(slot).ref();
	const std::vector<TextDraw> texts{
	        {screen::overlay, 0},
	        {screen::revoked_label(bar_.extent().width, bar_.extent().height),
	         screen::overlay.lines}};
	for (vk::Format f : formats) {
		const OffscreenTarget warm(vk_, f, bar_.extent());
		const vk::raii::CommandBuffer& cmd = cmd_;
		cmd.reset();
		cmd.begin(
		        vk::CommandBufferBeginInfo(vk::CommandBufferUsageFlagBits::eOneTimeSubmit));
		cmd.pipelineBarrier(Stage::eColorAttachmentOutput, Stage::eColorAttachmentOutput,
		                    {}, {}, {},
		                    transition(warm.target().image, Layout::eUndefined,
		                               Layout::eColorAttachmentOptimal, {},
		                               AccessBit::eColorAttachmentWrite));
		vkd::acquire_image(vk_.target(), *cmd, frame, Layout::eShaderReadOnlyOptimal,
		                   {Stage::eFragmentShader, AccessBit::eShaderRead}, false);
		compose_.record(cmd, warm.target(), slot, texts);
		compose_.record(cmd, warm.target(), std::nullopt, texts);
		vkd::release_image(vk_.target(), *cmd, frame, Layout::eShaderReadOnlyOptimal,
		                   {Stage::eFragmentShader, AccessBit::eShaderRead});
		cmd.end();
		submit(std::nullopt, false);
		compose_.forget_framebuffers(); // before `warm`'s view goes
	}
}

void Demo::run()
{
	using clock = std::chrono::steady_clock;
	while (!quit_) {
		if (window_)
			for (Window::Key k : window_->poll()) {
				if (k == Window::Key::quit)
					quit_ = true;
				else if (!scope_) {
					revoke();
					auto_restore_ = clock::now() + std::chrono::seconds(1);
				}
			}
		if (auto_restore_ && clock::now() >= *auto_restore_) {
			auto_restore_.reset();
			restore();
		}
		while (const ScriptStep* step = script_.next(clock::now(), presented_)) {
			progress("script: " + step->text);
			switch (step->kind) {
			case ScriptStep::Kind::revoke:
				revoke();
				break;
			case ScriptStep::Kind::restore:
				restore();
				break;
			case ScriptStep::Kind::exec:
				exec(step->command);
				break;
			case ScriptStep::Kind::quit:
				quit_ = true;
				break;
			default:
				break;
			}
			if (quit_)
				break;
		}
		if (quit_ || (options_.frames && presented_ >= options_.frames))
			break;
		present_frame();
		if (clock::now() - last_progress_ >= std::chrono::seconds(5)) {
			last_progress_ = clock::now();
			char fps[32];
			std::snprintf(fps, sizeof fps, "%.2f", stats_.recent_fps());
			progress(std::to_string(presented_) + " frames presented, showing frame " +
			         std::to_string(last_shown_) + ", " + fps + " fps");
		}
	}
	vk_.device().waitIdle();
	trace_.write("quit", "t=" + std::to_string(monotonic_ns()));
	const std::uint64_t period = bar_.revoked() ? 0 : bar_.layout().frame_period_ns;
	progress(stats_.summary(period));
	if (!options_.json.empty())
		stats_.write_json(
		        options_.json, bar_.layout().frame_period_ns,
		        "\"mode\": \"" + std::string(options_.headless ? "headless" : "window") +
		                "\",\n  \"device\": \"" + bar_.device().address() +
		                "\",\n  \"kernel\": \"" + kernel_release() +
		                "\",\n  \"vulkan_device\": \"" + vk_.name() +
		                "\",\n  \"import\": \"" +
		                (bar_.drm_modifier() ? "drm-modifier-linear" : "linear-tiling") +
		                "\",\n  \"header\": \"" + bar_.header_access() +
		                "\",\n  \"render_into_bar\": " +
		                (bar_.return_image() ? "true" : "false") +
		                ",\n  \"validation_errors\": " +
		                std::to_string(validation_ ? validation_->errors() : 0));
}

void Demo::present_frame()
{
	std::optional<Swapchain::Image> image;
	if (swapchain_) {
		image = swapchain_->acquire();
		if (swapchain_->generation() != swapchain_generation_) {
			swapchain_generation_ = swapchain_->generation();
			compose_.forget_framebuffers();
		}
		if (!image)
			return; // made again: next round
	}
	const Composed c = compose(image);

	const std::uint64_t n = ++presented_;
	if (swapchain_) {
		const vk::Semaphore signal = image->presentable;
		vk_.queue().submit(vk::SubmitInfo({}, {}, {}, signal));
		if (!swapchain_->present(*image)) {
			swapchain_generation_ = swapchain_->generation();
			compose_.forget_framebuffers();
		}
	} else {
		write_png(n);
	}
	const std::uint64_t t = monotonic_ns();
	std::uint64_t counter = 0, lag = 0;
	if (c.state == ScreenState::live) {
		counter = bar_.header().frame_counter();
		lag = counter > c.pick->frame ? counter - c.pick->frame : 0;
		last_shown_ = c.pick->frame;
		overlay_.lag = lag;
	}
	last_state_ = c.state;
	stats_.presented(t, c.state == ScreenState::live, lag);
	trace_.write("frame", "t=" + std::to_string(t) + " n=" + std::to_string(n) +
	                              " shown=" + std::to_string(c.pick ? c.pick->frame : 0) +
	                              " counter=" + std::to_string(counter) + " state=" +
	                              state_name(c.state) + " torn=" + std::to_string(c.torn) +
	                              " target=" + (c.into_bar ? "bar" : "local"));
	if (n == 1)
		progress("first frame presented (" + std::string(state_name(c.state)) + ")");
}

Demo::Composed Demo::compose(const std::optional<Swapchain::Image>& image)
{
	Composed c;
	c.into_bar = bar_.return_image() && !bar_.revoked();
	LiveHeader* header = bar_.revoked() ? nullptr : &bar_.header();
	if (header)
		c.pick = pick_latest(*header);
	c.state = bar_.revoked() ? ScreenState::revoked
	          : c.pick       ? ScreenState::live
	                         : ScreenState::waiting;
	if (c.into_bar)
		header->begin_write(bar_.return_slot());
	for (int attempt = 0;; ++attempt) {
		const std::uint64_t counter = header ? header->frame_counter() : 0;
		record(image, c, counter);
		submit(image, attempt == 0);
		if (!c.pick || still_complete(*header, *c.pick) || attempt == max_torn_rerenders)
			break;
		// The producer rewrote the slot while the GPU read it: the
		// composed frame may be torn.  Compose the latest again.
		++c.torn;
		stats_.torn();
		overlay_.torn = stats_.torn_count();
		if (auto again = pick_latest(*header))
			c.pick = again;
	}
	if (c.into_bar) {
		const std::uint64_t frame = c.pick ? c.pick->frame : 0;
		header->end_write(bar_.return_slot(), frame);
		trace_.write("return", "t=" + std::to_string(monotonic_ns()) +
		                               " slot=" + std::to_string(bar_.return_slot()) +
		                               " frame=" + std::to_string(frame));
	}
	return c;
}

void Demo::record(const std::optional<Swapchain::Image>& image, const Composed& c,
                  std::uint64_t device_counter)
{
	overlay_.state = c.state;
	overlay_.shown = c.pick ? c.pick->frame : 0;
	overlay_.device_counter = device_counter;
	overlay_.fps = stats_.recent_fps();
	overlay_.revokes = stats_.revokes();
	const std::vector<std::string> lines = overlay_lines(overlay_);
	TextLayout::write(text_.data(), 0, lines);
	const std::string word = screen::revoked_word;
	TextLayout::write(text_.data(), screen::overlay.lines, {&word, 1});

	const vkd::Target& target = vk_.target();
	const vk::raii::CommandBuffer& cmd = cmd_;
	cmd.reset();
	cmd.begin(vk::CommandBufferBeginInfo(vk::CommandBufferUsageFlagBits::eOneTimeSubmit));

	// Where the screen is composed.
	ComposeTarget where;
	const vkd::ImportedImage* bar_target = c.into_bar ? bar_.return_image() : nullptr;
	if (bar_target) {
		where = {bar_target->image(), bar_target->view(), bar_target->layout().format,
		         bar_target->layout().extent};
		vkd::acquire_image(
		        target, *cmd, bar_target->ref(), Layout::eColorAttachmentOptimal,
		        {Stage::eColorAttachmentOutput, AccessBit::eColorAttachmentWrite},
		        /*discard=*/true);
	} else {
		where = image ? image->target : offscreen_->target();
		cmd.pipelineBarrier(
		        Stage::eColorAttachmentOutput, Stage::eColorAttachmentOutput, {}, {}, {},
		        transition(where.image, Layout::eUndefined, Layout::eColorAttachmentOptimal,
		                   {}, AccessBit::eColorAttachmentWrite));
	}

	// The frame: the slot is the foreign device's between uses.
	std::optional<std::uint32_t> source;
	if (c.state == ScreenState::live) {
		source = c.pick->slot;
		vkd::acquire_image(target, *cmd, bar_.slot_image(*source).ref(),
		                   Layout::eShaderReadOnlyOptimal,
		                   {Stage::eFragmentShader, AccessBit::eShaderRead}, false);
	}
	std::vector<TextDraw> texts{{screen::overlay, 0}};
	if (c.state == ScreenState::revoked)
		texts.push_back({screen::revoked_label(where.extent.width, where.extent.height),
		                 screen::overlay.lines});
	compose_.record(cmd, where, source, texts);
	if (source)
		vkd::release_image(target, *cmd, bar_.slot_image(*source).ref(),
		                   Layout::eShaderReadOnlyOptimal,
		                   {Stage::eFragmentShader, AccessBit::eShaderRead});

	// Out of the composed image: to the screen, to the PNG buffer.
	if (bar_target) {
		cmd.pipelineBarrier(Stage::eColorAttachmentOutput, Stage::eTransfer, {}, {}, {},
		                    transition(where.image, Layout::eColorAttachmentOptimal,
		                               Layout::eTransferSrcOptimal,
		                               AccessBit::eColorAttachmentWrite,
		                               AccessBit::eTransferRead));
		if (image) {
			const ComposeTarget& sc = image->target;
			cmd.pipelineBarrier(Stage::eTransfer, Stage::eTransfer, {}, {}, {},
			                    transition(sc.image, Layout::eUndefined,
			                               Layout::eTransferDstOptimal, {},
			                               AccessBit::eTransferWrite));
			const vk::ImageSubresourceLayers layers(vk::ImageAspectFlagBits::eColor, 0,
			                                        0, 1);
			if (sc.format == where.format) {
				cmd.copyImage(where.image, Layout::eTransferSrcOptimal, sc.image,
				              Layout::eTransferDstOptimal,
				              vk::ImageCopy(layers, {}, layers, {},
				                            {where.extent.width,
				                             where.extent.height, 1}));
			} else {
				const std::array<vk::Offset3D, 2> box{
				        vk::Offset3D{0, 0, 0},
				        vk::Offset3D{std::int32_t(where.extent.width),
				                     std::int32_t(where.extent.height), 1}};
				cmd.blitImage(where.image, Layout::eTransferSrcOptimal, sc.image,
				              Layout::eTransferDstOptimal,
				              vk::ImageBlit(layers, box, layers, box),
				              vk::Filter::eNearest);
			}
			cmd.pipelineBarrier(Stage::eTransfer, Stage::eBottomOfPipe, {}, {}, {},
			                    transition(sc.image, Layout::eTransferDstOptimal,
			                               Layout::ePresentSrcKHR,
			                               AccessBit::eTransferWrite, {}));
		} else {
			offscreen_->record_readback(cmd, where.image);
		}
		vkd::release_image(target, *cmd, bar_target->ref(), Layout::eTransferSrcOptimal,
		                   {Stage::eTransfer, AccessBit::eTransferRead});
	} else if (image) {
		cmd.pipelineBarrier(Stage::eColorAttachmentOutput, Stage::eBottomOfPipe, {}, {}, {},
		                    transition(where.image, Layout::eColorAttachmentOptimal,
		                               Layout::ePresentSrcKHR,
		                               AccessBit::eColorAttachmentWrite, {}));
	} else {
		cmd.pipelineBarrier(Stage::eColorAttachmentOutput, Stage::eTransfer, {}, {}, {},
		                    transition(where.image, Layout::eColorAttachmentOptimal,
		                               Layout::eTransferSrcOptimal,
		                               AccessBit::eColorAttachmentWrite,
		                               AccessBit::eTransferRead));
		offscreen_->record_readback(cmd, where.image);
	}
	cmd.end();
}

void Demo::submit(const std::optional<Swapchain::Image>& image, bool first)
{
	const vk::CommandBuffer handle = *cmd_;
	const vk::PipelineStageFlags wait_stage = Stage::eColorAttachmentOutput | Stage::eTransfer;
	vk::SubmitInfo info({}, {}, handle);
	if (image && first)
		info.setWaitSemaphores(image->acquired).setWaitDstStageMask(wait_stage);
	vk_.device().resetFences(*fence_);
	vk_.queue().submit(info, *fence_);
	vkd::check_vk("vkWaitForFences (compose)",
	              VkResult(vk_.device().waitForFences(*fence_, VK_TRUE, UINT64_MAX)));
}

void Demo::write_png(std::uint64_t n) const
{
	char name[32];
	std::snprintf(name, sizeof name, "frame-%06llu.png", static_cast<unsigned long long>(n));
	const auto& rb = offscreen_->readback();
	const PixelOrder order =
	        bar_.format() == vk::Format::eR8G8B8A8Unorm ? PixelOrder::rgbx : PixelOrder::bgrx;
	const vk::Extent2D e = bar_.extent();
	vk_demo::write_png((std::filesystem::path(options_.png_dir) / name).string(),
	                   from_pixels(static_cast<const std::uint8_t*>(rb.data()), e.width,
	                               e.height, offscreen_->readback_stride(), order));
}

void Demo::revoke()
{
	if (scope_)
		return;
	progress("revoke: quiesce (vkDeviceWaitIdle), then PCI memory decode off");
	bar_.header().set_consumer_slot(contract::no_slot);
	auto revalidate = [this] {
		const auto magic = bar_.header().snapshot().magic;
		if (magic != contract::magic)
			throw Error("after restore the frame header reads magic " + hex(magic));
	};
	scope_.emplace(vfio_dmabuf::revocation::memory_disable(bar_.device()),
	               std::vector{vkd::device_quiescer(vk_.target(), "Vulkan device " + vk_.name(),
	                                                revalidate)});
	bar_.set_revoked(true);
	stats_.revoked();
	trace_.write("revoke", "t=" + std::to_string(monotonic_ns()));
}

void Demo::restore()
{
	if (!scope_)
		return;
	progress("restore: PCI memory decode on, re-validate");
	bar_.set_revoked(false);
	try {
		scope_->restore();
	} catch (...) {
		bar_.set_revoked(true);
		throw;
	}
	scope_.reset();
	trace_.write("restore", "t=" + std::to_string(monotonic_ns()));
}

void Demo::exec(const std::string& command)
{
	// What this frame shows is on its way to the screen: wait for the queue.
	vk_.queue().waitIdle();
	const std::uint64_t t0 = monotonic_ns();
	const std::uint64_t counter = bar_.revoked() ? 0 : bar_.header().frame_counter();
	const char* state = state_name(bar_.revoked() ? ScreenState::revoked : last_state_);
	const char* argv[] = {"sh", "-c", command.c_str(), nullptr};
	pid_t pid = 0;
	int status = 127;
	const int err = posix_spawn(&pid, "/bin/sh", nullptr, nullptr,
	                            const_cast<char* const*>(argv), environ);
	if (err != 0)
		vfio_dmabuf::throw_errno("--script exec: posix_spawn /bin/sh", err);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
	}
	const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	const std::uint64_t t1 = monotonic_ns();
	stats_.paused(t1 - t0);
	if (code != 0)
		std::fprintf(stderr, "vk-demo: --script exec '%s' exited with status %d\n",
		             command.c_str(), code);
	trace_.write("exec", "t=" + std::to_string(t0) + " end=" + std::to_string(t1) +
	                             " status=" + std::to_string(code) +
	                             " shown=" + std::to_string(last_shown_) +
	                             " counter=" + std::to_string(counter) + " state=" + state +
	                             " cmd=" + command);
}

} // namespace vk_demo
