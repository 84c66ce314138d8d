#version 450
// Samples the bound image at this fragment's texel centre: with a target of
// the image's size and a nearest sampler, the output is the image, texel by
// texel.
layout(set = 0, binding = 0) uniform sampler2D image;
layout(location = 0) out vec4 color;

void main()
{
	color = texture(image, gl_FragCoord.xy / vec2(textureSize(image, 0)));
}
