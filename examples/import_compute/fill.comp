#version 450
// word[i] = (first_word + i) * 2654435761 + seed, over the whole buffer.
layout(local_size_x = 64) in;

layout(std430, set = 0, binding = 0) writeonly buffer Words { uint words[]; } buf;
layout(push_constant) uniform Params { uint word_count; uint first_word; uint seed; } p;

void main()
{
	uint stride = gl_NumWorkGroups.x * gl_WorkGroupSize.x;
	for (uint i = gl_GlobalInvocationID.x; i < p.word_count; i += stride)
		buf.words[i] = (p.first_word + i) * 2654435761u + p.seed;
}
