#include "text_escape.hpp"

#include <cstdint>
#include <cstdio>

namespace vfio_dmabuf::conformance
{
namespace
{

constexpr char32_t replacement = 0xfffd;

void append_utf8(std::string& out, char32_t c)
{
	if (c < 0x80) {
		out += static_cast<char>(c);
	} else if (c < 0x800) {
		out += static_cast<char>(0xc0 | (c >> 6));
		out += static_cast<char>(0x80 | (c & 0x3f));
	} else if (c < 0x10000) {
		out += static_cast<char>(0xe0 | (c >> 12));
		out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
		out += static_cast<char>(0x80 | (c & 0x3f));
	} else {
		out += static_cast<char>(0xf0 | (c >> 18));
		out += static_cast<char>(0x80 | ((c >> 12) & 0x3f));
		out += static_cast<char>(0x80 | ((c >> 6) & 0x3f));
		out += static_cast<char>(0x80 | (c & 0x3f));
	}
}

// Decodes one code point at s[i], advancing i.  An ill-formed sequence
// yields one U+FFFD per maximal subpart (the Unicode standard's practice,
// as Python's "replace" does): the lead byte plus the continuation bytes
// that were still valid for it.  Well-formed means RFC 3629's table: no
// overlongs, no surrogates, nothing past U+10FFFF.
char32_t decode(std::string_view s, std::size_t& i)
{
	auto byte = [&](std::size_t k) -> unsigned { return static_cast<unsigned char>(s[k]); };
	unsigned b0 = byte(i);
	if (b0 < 0x80) {
		i++;
		return b0;
	}
	std::size_t len;
	unsigned lo = 0x80, hi = 0xbf; // allowed range of the second byte
	char32_t c;
	if (b0 >= 0xc2 && b0 <= 0xdf) {
		len = 2, c = b0 & 0x1f;
	} else if (b0 >= 0xe0 && b0 <= 0xef) {
		len = 3, c = b0 & 0x0f;
		if (b0 == 0xe0)
			lo = 0xa0;
		if (b0 == 0xed)
			hi = 0x9f;
	} else if (b0 >= 0xf0 && b0 <= 0xf4) {
		len = 4, c = b0 & 0x07;
		if (b0 == 0xf0)
			lo = 0x90;
		if (b0 == 0xf4)
			hi = 0x8f;
	} else {
		i++;
		return replacement;
	}
	for (std::size_t k = 1; k < len; k++) {
		unsigned min = k == 1 ? lo : 0x80, max = k == 1 ? hi : 0xbf;
		if (i + k >= s.size() || byte(i + k) < min || byte(i + k) > max) {
			i += k;
			return replacement;
		}
		c = (c << 6) | (byte(i + k) & 0x3f);
	}
	i += len;
	return c;
}

template <class Fn> void for_each_code_point(std::string_view s, Fn fn)
{
	for (std::size_t i = 0; i < s.size();)
		fn(decode(s, i));
}

std::string char_ref(const char* format, unsigned c)
{
	char buf[16];
	std::snprintf(buf, sizeof(buf), format, c);
	return buf;
}

} // namespace

std::string valid_utf8(std::string_view s)
{
	std::string out;
	out.reserve(s.size());
	for_each_code_point(s, [&](char32_t c) { append_utf8(out, c); });
	return out;
}

std::string json_escape(std::string_view s)
{
	std::string out;
	out.reserve(s.size());
	for_each_code_point(s, [&](char32_t c) {
		switch (c) {
		case '"':
			out += "\\\"";
			break;
		case '\\':
			out += "\\\\";
			break;
		case '\n':
			out += "\\n";
			break;
		case '\t':
			out += "\\t";
			break;
		case '\r':
			out += "\\r";
			break;
		default:
			if (c < 0x20 || c == 0x7f)
				out += char_ref("\\u%04x", static_cast<unsigned>(c));
			else
				append_utf8(out, c);
		}
	});
	return out;
}

std::string xml_escape(std::string_view s, bool attribute)
{
	std::string out;
	out.reserve(s.size());
	for_each_code_point(s, [&](char32_t c) {
		switch (c) {
		case '<':
			out += "&lt;";
			return;
		case '>':
			out += "&gt;";
			return;
		case '&':
			out += "&amp;";
			return;
		case '"':
			out += "&quot;";
			return;
		case '\'':
			out += "&apos;";
			return;
		case '\r':
			out += "&#13;";
			return;
		case '\n':
		case '\t':
			if (attribute)
				out += char_ref("&#%u;", static_cast<unsigned>(c));
			else
				out += static_cast<char>(c);
			return;
		}
		if (c < 0x20 || c == 0xfffe || c == 0xffff)
			c = replacement;
		append_utf8(out, c);
	});
	return out;
}

std::string tap_escape(std::string_view s, bool description)
{
	std::string out;
	out.reserve(s.size());
	for_each_code_point(s, [&](char32_t c) {
		if (description && (c == '#' || c == '\\'))
			out += c == '#' ? "\\#" : "\\\\";
		else if ((c < 0x20 && c != '\t') || c == 0x7f)
			append_utf8(out, replacement);
		else
			append_utf8(out, c);
	});
	return out;
}

} // namespace vfio_dmabuf::conformance
