#version 450
#extension GL_GOOGLE_include_directive : require
// Fills a buffer range with the project's seeded pattern, as if the range
// started at absolute byte offset `base` (a multiple of 4): after the fill,
// pattern::first_mismatch(bytes, seed, base) finds nothing.
layout(local_size_x = 64) in;

#include "pattern.glsl"

layout(std430, set = 0, binding = 0) writeonly buffer Data { uint words[]; } data;

layout(push_constant) uniform Params {
	uvec2 seed;
	uvec2 base;
	uint word_count;
} params;

void main()
{
	uint stride = gl_NumWorkGroups.x * gl_WorkGroupSize.x;
	for (uint i = gl_GlobalInvocationID.x; i < params.word_count; i += stride) {
		uvec2 offset = add64(params.base, uvec2(i << 2, i >> 30));
		data.words[i] = pattern_word(params.seed, offset);
	}
}
