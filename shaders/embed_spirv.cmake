# cmake -DSPV=in.spv -DOUT=out.cpp -DIDENT=name -P embed_spirv.cmake
# Writes a C++ source defining vfio_dmabuf::shaders::IDENT(), the SPIR-V
# words of SPV.
file(READ ${SPV} hex HEX)
string(LENGTH "${hex}" nibbles)
math(EXPR rest "${nibbles} % 8")
if(nibbles EQUAL 0 OR NOT rest EQUAL 0)
  message(FATAL_ERROR "${SPV}: not a whole number of 32-bit words")
endif()
# SPIR-V files are little-endian words: bytes b0 b1 b2 b3 -> 0xb3b2b1b0.
string(REGEX REPLACE "(..)(..)(..)(..)" "0x\\4\\3\\2\\1u," words "${hex}")
string(REGEX REPLACE "(([^,]*,){8})" "\\1\n\t\t" words "${words}")
file(WRITE ${OUT}.tmp
"// Generated from ${SPV} by shaders/embed_spirv.cmake; do not edit.
#include \"vfio_dmabuf/shaders.hpp\"

namespace vfio_dmabuf::shaders {
namespace {
constexpr std::uint32_t words[] = {
\t\t${words}
};
} // namespace

std::span<const std::uint32_t> ${IDENT}() noexcept { return words; }

} // namespace vfio_dmabuf::shaders
")
file(RENAME ${OUT}.tmp ${OUT})
