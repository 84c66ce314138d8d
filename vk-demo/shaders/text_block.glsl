// A block of text (vk-demo/common/screen_layout.hpp, TextBlock), as push
// constants shared by text.vert and text.frag; keep in step with
// TextPush in vk-demo/src/compose_pass.cpp.
layout(push_constant) uniform Block {
	ivec2 origin;   // top-left pixel of the box
	ivec2 size;     // the box's size in pixels
	uint columns;
	uint lines;
	uint scale;     // each glyph pixel is scale x scale
	uint line_gap;
	uint padding;
	uint first_line; // of the text buffer
	vec2 target;    // the target's size in pixels
	vec4 ink;
	vec4 paper;
} block;
