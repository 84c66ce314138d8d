#version 450
#extension GL_GOOGLE_include_directive : require
// Writes the project's seeded pattern into a 32-bit-per-texel colour target
// laid out linearly: texel (x, y) lies at absolute byte offset
// base + y * row_pitch + 4 * x and receives the pattern word of that offset.
#include "pattern.glsl"

layout(location = 0) out uint color;

layout(push_constant) uniform Params {
	uvec2 seed;
	uvec2 base;
	uint row_pitch;
} params;

void main()
{
	uvec2 texel = uvec2(gl_FragCoord.xy);
	uint hi, lo;
	umulExtended(texel.y, params.row_pitch, hi, lo);
	uvec2 offset = add64(add64(params.base, uvec2(lo, hi)), uvec2(texel.x * 4u, 0u));
	color = pattern_word(params.seed, offset);
}
