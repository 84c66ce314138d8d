// The project's test pattern (importer/src/common/pattern.cpp) in GLSL, with
// 64-bit integers as uvec2 (x = low 32 bits, y = high 32 bits) so that no
// device needs shaderInt64.  The byte at absolute offset o is byte (o % 8) of
// mix(seed ^ mix(o / 8)), little-endian; mix is splitmix64's finaliser.

uvec2 add64(uvec2 a, uvec2 b)
{
	uint carry;
	uint lo = uaddCarry(a.x, b.x, carry);
	return uvec2(lo, a.y + b.y + carry);
}

uvec2 mul64(uvec2 a, uvec2 b)
{
	uint hi, lo;
	umulExtended(a.x, b.x, hi, lo);
	return uvec2(lo, hi + a.x * b.y + a.y * b.x);
}

// a >> n for 0 < n < 32.
uvec2 shr64(uvec2 a, uint n)
{
	return uvec2((a.x >> n) | (a.y << (32u - n)), a.y >> n);
}

uvec2 splitmix_finalize(uvec2 x)
{
	x = add64(x, uvec2(0x7f4a7c15u, 0x9e3779b9u));
	x = mul64(x ^ shr64(x, 30u), uvec2(0x1ce4e5b9u, 0xbf58476du));
	x = mul64(x ^ shr64(x, 27u), uvec2(0x133111ebu, 0x94d049bbu));
	return x ^ shr64(x, 31u);
}

// The 32-bit little-endian pattern word at absolute byte offset `offset`
// (a multiple of 4).
uint pattern_word(uvec2 seed, uvec2 offset)
{
	uvec2 word8 = shr64(offset, 3u);
	uvec2 bytes8 = splitmix_finalize(seed ^ splitmix_finalize(word8));
	return (offset.x & 4u) != 0u ? bytes8.y : bytes8.x;
}
