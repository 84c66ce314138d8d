#version 450
// The device's frame over the whole target.  With a target of the frame's
// size and a nearest sampler this is the slot texel for texel; the fourth
// byte (X of XRGB8888) is not shown.
layout(set = 0, binding = 0) uniform sampler2D frame;
layout(push_constant) uniform Target {
	vec2 size;
} target;
layout(location = 0) out vec4 color;

void main()
{
	color = vec4(texture(frame, gl_FragCoord.xy / target.size).rgb, 1.0);
}
