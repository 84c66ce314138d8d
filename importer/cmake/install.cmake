# Install rules of the libraries: headers, shared and static libraries, the
# CMake package vfio_dmabuf (vfio_dmabufConfig.cmake, version file, targets)
# and one pkg-config file per library.  Included from importer/CMakeLists.txt.
include(CMakePackageConfigHelpers)

set(VFIO_DMABUF_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/vfio_dmabuf)
set(libs vfio_dmabuf_core vfio_dmabuf_vulkan vfio_dmabuf_drm)
install(TARGETS ${libs} vfio_dmabuf_core_static vfio_dmabuf_vulkan_static
                vfio_dmabuf_drm_static
  EXPORT vfio_dmabuf_targets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT runtime NAMELINK_COMPONENT development
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT development
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/include/vfio_dmabuf
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT development
  FILES_MATCHING PATTERN "*.hpp")
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/include/vfio_dmabuf/version.hpp
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/vfio_dmabuf COMPONENT development)

install(EXPORT vfio_dmabuf_targets NAMESPACE vfio_dmabuf::
  FILE vfio_dmabufTargets.cmake DESTINATION ${VFIO_DMABUF_CMAKE_DIR} COMPONENT development)
configure_package_config_file(${CMAKE_CURRENT_SOURCE_DIR}/cmake/vfio_dmabufConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/vfio_dmabufConfig.cmake
  INSTALL_DESTINATION ${VFIO_DMABUF_CMAKE_DIR})
# 0.x: a new minor version may break the API (SameMinorVersion); from 1.0
# on, SameMajorVersion.
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/vfio_dmabufConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/vfio_dmabufConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/vfio_dmabufConfigVersion.cmake
  DESTINATION ${VFIO_DMABUF_CMAKE_DIR} COMPONENT development)

# pkg-config: vfio-dmabuf, vfio-dmabuf-vulkan, vfio-dmabuf-drm.  Relocatable:
# prefix is found from the .pc file's own directory, so `cmake --install
# --prefix DIR` anywhere gives working files.
file(RELATIVE_PATH VFIO_DMABUF_PC_TO_PREFIX
  ${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" VFIO_DMABUF_PC_TO_PREFIX "${VFIO_DMABUF_PC_TO_PREFIX}")
foreach(pc vfio-dmabuf vfio-dmabuf-vulkan vfio-dmabuf-drm)
  configure_file(${CMAKE_CURRENT_SOURCE_DIR}/cmake/${pc}.pc.in
    ${CMAKE_CURRENT_BINARY_DIR}/pkgconfig/${pc}.pc @ONLY)
  install(FILES ${CMAKE_CURRENT_BINARY_DIR}/pkgconfig/${pc}.pc
    DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT development)
endforeach()
