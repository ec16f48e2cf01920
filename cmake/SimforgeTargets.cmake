# simforge_device_sources(<files...>): sources written once as host-device code. They compile as
# CUDA in the CUDA build and as plain C++ (Thrust on OpenMP) in the CPU build.
function(simforge_device_sources)
  if(SIMFORGE_CUDA)
    set_source_files_properties(${ARGN} DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR} PROPERTIES LANGUAGE CUDA)
  endif()
endfunction()

# simforge_library(<name> SOURCES ... DEVICE_SOURCES ... DEPS ...): one library per folder,
# exported as simforge::<name>. Shared: registries fill themselves from registration lines in the
# files that define their entries (kernels/registry.hpp), and a static archive would drop the
# object files nothing references by name. Headers install under include/simforge/<name>/,
# subfolders kept.
function(simforge_library name)
  cmake_parse_arguments(A "" "" "SOURCES;DEVICE_SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(simforge_${name} SHARED ${A_SOURCES} ${A_DEVICE_SOURCES})
  add_library(simforge::${name} ALIAS simforge_${name})
  set_target_properties(simforge_${name} PROPERTIES EXPORT_NAME ${name} OUTPUT_NAME simforge_${name})
  simforge_device_sources(${A_DEVICE_SOURCES})
  target_link_libraries(simforge_${name} PUBLIC ${A_DEPS} PRIVATE ${A_PRIVATE_DEPS})
  # Designated initializers leave members at their defaults on purpose (GCC 12 warns about that).
  target_compile_options(simforge_${name} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wno-missing-field-initializers>)
  file(GLOB_RECURSE headers RELATIVE ${CMAKE_CURRENT_SOURCE_DIR} CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.hpp)
  foreach(h ${headers})
    get_filename_component(dir ${h} DIRECTORY)
    install(FILES ${h} DESTINATION include/simforge/${name}/${dir})
  endforeach()
  install(TARGETS simforge_${name} EXPORT simforgeTargets
    ARCHIVE DESTINATION lib LIBRARY DESTINATION lib RUNTIME DESTINATION bin)
endfunction()
