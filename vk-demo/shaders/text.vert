#version 450
#extension GL_GOOGLE_include_directive : require
// The text block's box as a 4-vertex triangle strip.
#include "text_block.glsl"

void main()
{
	vec2 corner = vec2(gl_VertexIndex & 1, (gl_VertexIndex >> 1) & 1);
	vec2 pixel = vec2(block.origin) + corner * vec2(block.size);
	gl_Position = vec4(pixel / block.target * 2.0 - 1.0, 0.0, 1.0);
}
