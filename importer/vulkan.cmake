# The Vulkan part of libvfio-dmabuf (import dma-bufs as buffers and images,
# compute and graphics passes over them) and the vulkan.* conformance cases.
# Included from importer/CMakeLists.txt after the vfio_dmabuf and vfio-dmabuf
# targets exist.
#
# Build everything that uses the public vulkan/ headers with the same NDEBUG
# setting as the library: Vulkan-Hpp's dispatchers carry extra members when
# NDEBUG is unset, so mixing the two aborts in Vulkan-Hpp's header-version
# assertion (seen with a -O1 program linked against the RelWithDebInfo
# library).
set(VFIO_DMABUF_VULKAN_SOURCES
  src/vulkan/vk_error.cpp
  src/vulkan/validation_log.cpp
  src/vulkan/instance.cpp
  src/vulkan/device_requirements.cpp
  src/vulkan/device.cpp
  src/vulkan/dma_buf_memory.cpp
  src/vulkan/buffer_import.cpp
  src/vulkan/drm_modifier_properties.cpp
  src/vulkan/image_import.cpp
  src/vulkan/host_buffer.cpp
  src/vulkan/ownership_barriers.cpp
  src/vulkan/compute_pipeline.cpp
  src/vulkan/checksum_pass.cpp
  src/vulkan/fill_pass.cpp
  src/vulkan/copy_pass.cpp
  src/vulkan/graphics_pipeline.cpp
  src/vulkan/sample_pass.cpp
  src/vulkan/pattern_render_pass.cpp
  src/vulkan/quiescer.cpp
)
set(VFIO_DMABUF_VULKAN_CASES
  cli/cases/vulkan_case.cpp
  cli/cases/vulkan_buffer_cases.cpp
  cli/cases/vulkan_image_cases.cpp
  cli/cases/vulkan_fd_cases.cpp
  cli/cases/revoke_vulkan_cases.cpp
  cli/cases/revoke_vulkan_hostile.cpp
  cli/cases/revoke_close_vulkan.cpp
  cli/cases/vulkan_child.cpp
)

target_sources(vfio_dmabuf PRIVATE ${VFIO_DMABUF_VULKAN_SOURCES})
# shaders/ defines vfio_dmabuf_shaders (the embedded SPIR-V).
target_link_libraries(vfio_dmabuf PUBLIC Vulkan::Vulkan vfio_dmabuf_shaders)
if(TARGET vfio-dmabuf)
  target_sources(vfio-dmabuf PRIVATE ${VFIO_DMABUF_VULKAN_CASES})
endif()
