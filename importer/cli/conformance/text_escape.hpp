// Any byte string (a case's detail holds kernel and driver text, paths,
// bytes read back from a BAR) made safe for each report format.  All three
// produce valid UTF-8: an invalid UTF-8 sequence becomes U+FFFD.
#pragma once

#include <string>
#include <string_view>

namespace vfio_dmabuf::conformance
{

// `s` with every invalid UTF-8 sequence (stray continuation bytes,
// truncated or overlong sequences, surrogates, code points past U+10FFFF)
// replaced by U+FFFD, one per maximal subpart (as Python decodes with
// errors="replace").
std::string valid_utf8(std::string_view s);

// The inside of a JSON string literal: `"` and `\` escaped, control
// characters as \n, \t, \r or \u00XX.
std::string json_escape(std::string_view s);

// XML 1.0 character data or an attribute value (`attribute`): & < > " '
// escaped; characters XML 1.0 forbids (C0 controls other than tab,
// newline and carriage return, U+FFFE, U+FFFF) become U+FFFD; carriage
// returns, and in attributes tabs and newlines, as character references so
// that parsers do not normalise them away.
std::string xml_escape(std::string_view s, bool attribute);

// One line of TAP text: control characters (newlines included) become
// U+FFFD; with `description`, '#' and '\' are escaped as "\#" and "\\"
// ('#' would start a directive).
std::string tap_escape(std::string_view s, bool description);

} // namespace vfio_dmabuf::conformance
