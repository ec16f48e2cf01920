include(CMakePackageConfigHelpers)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/generated/simforge/version.hpp DESTINATION include/simforge/simforge)
# FindSimforgeKokkos: for driver programs that wrap Simforge fields as Kokkos views (examples/kokkos_driver).
install(FILES cmake/SimforgeDependencies.cmake cmake/FindSimforgeKokkos.cmake DESTINATION lib/cmake/simforge)
install(EXPORT simforgeTargets NAMESPACE simforge:: DESTINATION lib/cmake/simforge)
configure_package_config_file(cmake/simforgeConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/simforgeConfig.cmake INSTALL_DESTINATION lib/cmake/simforge)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/simforgeConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/simforgeConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/simforgeConfigVersion.cmake DESTINATION lib/cmake/simforge)
