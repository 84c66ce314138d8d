#include "vfio_dmabuf/testing/vulkan/pattern_render_pass.hpp"

#include "vfio_dmabuf/shaders.hpp"
#include "vfio_dmabuf/vulkan/ownership_barriers.hpp"
#include "vfio_dmabuf/vulkan/vk_error.hpp"

namespace vfio_dmabuf::vulkan
{
namespace
{

constexpr auto attachment_layout = vk::ImageLayout::eColorAttachmentOptimal;

// Matches the push constant block of shaders/pattern_color.frag.
struct Push {
	std::uint32_t seed_lo, seed_hi;
	std::uint32_t base_lo, base_hi;
	std::uint32_t row_pitch;
};

} // namespace

PatternRenderPass::PatternRenderPass(const Device& device, vk::Format format)
    : device_(device), format_(format),
      render_pass_(make_color_render_pass(device, format, attachment_layout)),
      pipeline_(device, *render_pass_, shaders::pattern_color_frag(), nullptr, sizeof(Push),
                "pattern render pass")
{
}

void PatternRenderPass::run(const ImageRef& target, std::uint64_t seed, std::uint64_t base,
                            std::uint32_t row_pitch)
{
	if (target.format != format_)
		throw Error("pattern render pass: target is " + vk::to_string(target.format) +
		                    ", the pass renders " + vk::to_string(format_),
		            EINVAL);
	if (base % 4 || row_pitch % 4)
		throw Error("pattern render pass: base and row pitch must be multiples of 4",
		            EINVAL);
	vk::raii::Framebuffer framebuffer =
	        vk_call("pattern render pass: vkCreateFramebuffer", [&] {
		        return vk::raii::Framebuffer(
		                device_.get(),
		                vk::FramebufferCreateInfo({}, *render_pass_, target.view,
		                                          target.extent.width, target.extent.height,
		                                          1));
	        });
	Push push{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32),
	          static_cast<std::uint32_t>(base), static_cast<std::uint32_t>(base >> 32),
	          row_pitch};
	const Access drawn{vk::PipelineStageFlagBits::eColorAttachmentOutput,
	                   vk::AccessFlagBits::eColorAttachmentWrite};
	device_.submit("pattern render pass", [&](const vk::raii::CommandBuffer& cmd) {
		// Every texel is overwritten: the old contents may be discarded.
		acquire_image(device_, *cmd, target, attachment_layout, drawn, true);
		cmd.beginRenderPass(vk::RenderPassBeginInfo(*render_pass_, *framebuffer,
		                                            {{0, 0}, target.extent}),
		                    vk::SubpassContents::eInline);
		cmd.pushConstants<Push>(pipeline_.layout(), vk::ShaderStageFlagBits::eFragment, 0,
		                        push);
		pipeline_.draw(cmd, target.extent);
		cmd.endRenderPass();
		release_image(device_, *cmd, target, attachment_layout, drawn);
	});
}

} // namespace vfio_dmabuf::vulkan
