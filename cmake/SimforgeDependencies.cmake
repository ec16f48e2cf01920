# Finds what each backend needs. Everything comes from Debian packages (scripts/setup.sh) or,
# in the CUDA build, from the CUDA toolkit.
find_package(OpenMP REQUIRED COMPONENTS CXX)
find_package(yaml-cpp REQUIRED)

# HDF5 (serial) by plain search rather than FindHDF5, so that a relocated copy (the unpacked Debian
# packages scripts/gpu-check.sh carries to a GPU machine) is found through CMAKE_PREFIX_PATH.
if(NOT TARGET simforge_hdf5)
  find_path(SIMFORGE_HDF5_INCLUDE hdf5.h PATH_SUFFIXES hdf5/serial REQUIRED)
  find_library(SIMFORGE_HDF5_LIBRARY NAMES hdf5_serial hdf5 PATH_SUFFIXES hdf5/serial REQUIRED)
  add_library(simforge_hdf5 INTERFACE IMPORTED)
  set_target_properties(simforge_hdf5 PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${SIMFORGE_HDF5_INCLUDE}" INTERFACE_LINK_LIBRARIES "${SIMFORGE_HDF5_LIBRARY}")
endif()

if(SIMFORGE_CUDA)
  if(NOT DEFINED CMAKE_CUDA_ARCHITECTURES)
    set(CMAKE_CUDA_ARCHITECTURES 80 90)
  endif()
  # One CUDA runtime for the whole process: each shared library linking the static runtime would
  # get its own copy (its own device state) otherwise.
  set(CMAKE_CUDA_RUNTIME_LIBRARY Shared)
  enable_language(CUDA)
  # CMake 3.25 (Debian 12) does not know that nvcc 13 accepts C++20: teach it the flag.
  if(NOT CMAKE_CUDA20_STANDARD_COMPILE_OPTION)
    set(CMAKE_CUDA20_STANDARD_COMPILE_OPTION "-std=c++20")
    set(CMAKE_CUDA20_EXTENSION_COMPILE_OPTION "-std=c++20")
  endif()
  set(CMAKE_CUDA_STANDARD 20)
  set(CMAKE_CUDA_STANDARD_REQUIRED ON)
  find_package(CUDAToolkit REQUIRED)
  # Host-compiled sources must see the toolkit's CCCL, never Debian's older Thrust in /usr/include.
  find_path(SIMFORGE_CCCL_INCLUDE thrust/version.h
    PATHS ${CUDAToolkit_INCLUDE_DIRS} PATH_SUFFIXES cccl NO_DEFAULT_PATH REQUIRED)
else()
  find_path(SIMFORGE_THRUST_INCLUDE thrust/version.h REQUIRED)
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(FFTW3 REQUIRED IMPORTED_TARGET fftw3 fftw3f)
  find_package(dnnl REQUIRED)  # oneDNN: the CPU build's convolutions (kernels/dnn_onednn.cpp)
endif()
