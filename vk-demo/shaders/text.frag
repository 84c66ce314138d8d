#version 450
#extension GL_GOOGLE_include_directive : require
// Opaque text: glyphs of the demo's font (an R8 texture, one 8x8 cell per
// character code from 32) scaled by block.scale, ink on paper.
#include "text_block.glsl"

const uint chars_per_line = 32;
const uint max_lines = 8;

layout(set = 0, binding = 0) uniform sampler2D font;
layout(set = 0, binding = 1) uniform Text {
	uvec4 codes[max_lines * chars_per_line / 4]; // one character code per uint
} text;
layout(location = 0) out vec4 color;

void main()
{
	ivec2 p = ivec2(gl_FragCoord.xy) - block.origin - ivec2(block.padding);
	int glyph = int(8u * block.scale);
	int pitch = glyph + int(block.line_gap);
	color = block.paper;
	if (p.x < 0 || p.y < 0)
		return;
	int column = p.x / glyph, line = p.y / pitch, gy = p.y % pitch;
	if (column >= int(block.columns) || line >= int(block.lines) || gy >= glyph)
		return;
	uint index = (block.first_line + uint(line)) * chars_per_line + uint(column);
	uint code = text.codes[index / 4u][index % 4u];
	ivec2 texel = ivec2(int(code - 32u) * 8 + (p.x % glyph) / int(block.scale),
	                    gy / int(block.scale));
	if (texelFetch(font, texel, 0).r > 0.5)
		color = block.ink;
}
