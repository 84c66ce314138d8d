# The DRM part of libvfio-dmabuf (find a DRM device by driver, PRIME import
# and export, owned GEM handles, the edu_drm test driver's ioctls) and the
# prime.* conformance cases.  Included from importer/CMakeLists.txt after the
# vfio_dmabuf and vfio-dmabuf targets exist.
find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBDRM REQUIRED IMPORTED_TARGET libdrm)

set(VFIO_DMABUF_DRM_SOURCES
  src/drm/device.cpp
  src/drm/gem_handle.cpp
  src/drm/prime.cpp
  src/drm/edu.cpp
  src/drm/quiescer.cpp
)
set(VFIO_DMABUF_PRIME_CASES
  cli/cases/edu_case.cpp
  cli/cases/prime_cases.cpp
  cli/cases/revoke_prime_cases.cpp
)

target_sources(vfio_dmabuf PRIVATE ${VFIO_DMABUF_DRM_SOURCES})
target_link_libraries(vfio_dmabuf PRIVATE PkgConfig::LIBDRM)
if(TARGET vfio-dmabuf)
  target_sources(vfio-dmabuf PRIVATE ${VFIO_DMABUF_PRIME_CASES})
endif()
