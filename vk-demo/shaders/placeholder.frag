#version 450
// What the demo shows while it may not touch the BAR: dark red diagonal
// stripes 16 pixels wide (vk-demo/common/screen_layout.hpp, placeholder()).
layout(location = 0) out vec4 color;

void main()
{
	uvec2 p = uvec2(gl_FragCoord.xy);
	bool light = (((p.x + p.y) / 16u) & 1u) != 0u;
	color = light ? vec4(96.0, 24.0, 24.0, 255.0) / 255.0 : vec4(48.0, 12.0, 12.0, 255.0) / 255.0;
}
