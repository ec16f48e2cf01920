# FindSimforgeKokkos: Kokkos for driver programs that share Simforge's fields with Kokkos kernels
# (examples/kokkos_driver). Defines the imported target Kokkos::kokkoscore and
# SimforgeKokkos_FOUND; SimforgeKokkos_CUDA is true when that Kokkos has the CUDA backend.
#
# A Kokkos built from source installs a working CMake package (with the compiler settings that its
# CUDA backend needs): it is used when it provides Kokkos::kokkoscore. Debian's Kokkos is the
# Trilinos build: its package has no Kokkos::kokkoscore, and its Kokkos::kokkos target points at
# /usr/lib/include, which does not exist. Then the header and the library are found by name
# (Debian: /usr/include/trilinos and libtrilinos_kokkoscore.so).
#
# Usage (against an installed Simforge, which installs this file next to simforgeConfig.cmake):
#   find_package(simforge REQUIRED)
#   list(APPEND CMAKE_MODULE_PATH ${simforge_DIR})
#   find_package(SimforgeKokkos REQUIRED)

include(FindPackageHandleStandardArgs)

if(NOT TARGET Kokkos::kokkoscore)
  find_package(Kokkos CONFIG QUIET)
endif()

if(TARGET Kokkos::kokkoscore)
  set(SimforgeKokkos_CUDA ${Kokkos_ENABLE_CUDA})
  find_package_handle_standard_args(SimforgeKokkos
    REQUIRED_VARS Kokkos_DIR
    VERSION_VAR Kokkos_VERSION)
  return()
endif()

find_path(SimforgeKokkos_INCLUDE_DIR Kokkos_Core.hpp PATH_SUFFIXES trilinos kokkos
  DOC "folder holding Kokkos_Core.hpp")
find_library(SimforgeKokkos_LIBRARY NAMES kokkoscore trilinos_kokkoscore
  DOC "the Kokkos core library")

# The version and the backends are in the generated configuration header.
set(_sf_kokkos_config "${SimforgeKokkos_INCLUDE_DIR}/KokkosCore_config.h")
set(SimforgeKokkos_CUDA OFF)
if(SimforgeKokkos_INCLUDE_DIR AND EXISTS "${_sf_kokkos_config}")
  file(STRINGS "${_sf_kokkos_config}" _sf_version REGEX "^#define KOKKOS_VERSION [0-9]+")
  if(_sf_version MATCHES "KOKKOS_VERSION ([0-9]+)")
    math(EXPR _major "${CMAKE_MATCH_1} / 10000")
    math(EXPR _minor "${CMAKE_MATCH_1} / 100 % 100")
    math(EXPR _patch "${CMAKE_MATCH_1} % 100")
    set(SimforgeKokkos_VERSION "${_major}.${_minor}.${_patch}")
  endif()
  file(STRINGS "${_sf_kokkos_config}" _sf_cuda REGEX "^#define KOKKOS_ENABLE_CUDA$")
  if(_sf_cuda)
    # A CUDA-enabled Kokkos needs its own CMake package (nvcc flags, architecture): a bare header
    # search cannot reproduce them.
    message(WARNING "FindSimforgeKokkos: ${SimforgeKokkos_INCLUDE_DIR} is a CUDA build of Kokkos; "
                    "point Kokkos_DIR at its CMake package instead")
    set(SimforgeKokkos_CUDA ON)
  endif()
endif()

find_package_handle_standard_args(SimforgeKokkos
  REQUIRED_VARS SimforgeKokkos_LIBRARY SimforgeKokkos_INCLUDE_DIR
  VERSION_VAR SimforgeKokkos_VERSION)

if(SimforgeKokkos_FOUND AND NOT TARGET Kokkos::kokkoscore)
  add_library(Kokkos::kokkoscore UNKNOWN IMPORTED)
  # SYSTEM: Kokkos 3.x headers warn under C++20 (volatile, enum arithmetic); they are not ours to fix.
  set_target_properties(Kokkos::kokkoscore PROPERTIES
    IMPORTED_LOCATION "${SimforgeKokkos_LIBRARY}"
    INTERFACE_SYSTEM_INCLUDE_DIRECTORIES "${SimforgeKokkos_INCLUDE_DIR}"
    INTERFACE_INCLUDE_DIRECTORIES "${SimforgeKokkos_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${CMAKE_DL_LIBS}")
endif()
mark_as_advanced(SimforgeKokkos_INCLUDE_DIR SimforgeKokkos_LIBRARY)
