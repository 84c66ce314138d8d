#version 450
// Position-dependent checksum of a buffer range, the same value as
// vfio_dmabuf::pattern::checksum32: sum over i of word[i] * (2 * (base_word
// + i) + 1) modulo 2^32.  Addition modulo 2^32 is commutative, so every
// invocation sums a strided subset and the partial sums are added in any
// order: the result is exact, not approximate.
layout(local_size_x = 64) in;

layout(std430, set = 0, binding = 0) readonly buffer Data { uint words[]; } data;
layout(std430, set = 0, binding = 1) buffer Result { uint sum; } result;

layout(push_constant) uniform Params {
	uint word_count;
	uint base_word; // low 32 bits of the absolute index of words[0]
} params;

shared uint partial[64];

void main()
{
	uint stride = gl_NumWorkGroups.x * gl_WorkGroupSize.x;
	uint sum = 0u;
	for (uint i = gl_GlobalInvocationID.x; i < params.word_count; i += stride)
		sum += data.words[i] * (2u * (params.base_word + i) + 1u);

	uint lane = gl_LocalInvocationID.x;
	partial[lane] = sum;
	barrier();
	for (uint half_size = 32u; half_size > 0u; half_size >>= 1) {
		if (lane < half_size)
			partial[lane] += partial[lane + half_size];
		barrier();
	}
	if (lane == 0u)
		atomicAdd(result.sum, partial[0]);
}
