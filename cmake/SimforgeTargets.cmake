# simforge_device_sources(<files...>): sources written once as host-device code. They compile as
# CUDA in the CUDA build and as plain C++ (Thrust on OpenMP) in the CPU build.
function(simforge_device_sources)
  if(SIMFORGE_CUDA)
    set_source_files_properties(${ARGN} DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR} PROPERTIES LANGUAGE CUDA)
  endif()
endfunction()

# simforge_library(<name> SOURCES ... DEVICE_SOURCES ... DEPS ...): one library per folder,
# exported as simforge::<name>.
function(simforge_library name)
  cmake_parse_arguments(A "" "" "SOURCES;DEVICE_SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(simforge_${name} ${A_SOURCES} ${A_DEVICE_SOURCES})
  add_library(simforge::${name} ALIAS simforge_${name})
  set_target_properties(simforge_${name} PROPERTIES EXPORT_NAME ${name} OUTPUT_NAME simforge_${name})
  simforge_device_sources(${A_DEVICE_SOURCES})
  target_link_libraries(simforge_${name} PUBLIC ${A_DEPS} PRIVATE ${A_PRIVATE_DEPS})
  target_compile_options(simforge_${name} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra>)
  file(GLOB headers RELATIVE ${CMAKE_CURRENT_SOURCE_DIR} ${CMAKE_CURRENT_SOURCE_DIR}/*.hpp)
  foreach(h ${headers})
    install(FILES ${h} DESTINATION include/simforge/${name})
  endforeach()
  install(TARGETS simforge_${name} EXPORT simforgeTargets
    ARCHIVE DESTINATION lib LIBRARY DESTINATION lib RUNTIME DESTINATION bin)
endfunction()
