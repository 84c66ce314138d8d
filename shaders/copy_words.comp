#version 450
// Copies word_count 32-bit words from one buffer range to another.
layout(local_size_x = 64) in;

layout(std430, set = 0, binding = 0) readonly buffer Source { uint words[]; } src;
layout(std430, set = 0, binding = 1) writeonly buffer Destination { uint words[]; } dst;

layout(push_constant) uniform Params { uint word_count; } params;

void main()
{
	uint stride = gl_NumWorkGroups.x * gl_WorkGroupSize.x;
	for (uint i = gl_GlobalInvocationID.x; i < params.word_count; i += stride)
		dst.words[i] = src.words[i];
}
