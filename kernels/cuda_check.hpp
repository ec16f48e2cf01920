#pragma once
// CUDA status codes turned into exceptions that name the call and the error (CUDA build only).
#include <cuda_runtime.h>

#include "kernels/error.hpp"

#define SIMFORGE_CUDA_CHECK(call)                                                        \
  do {                                                                                   \
    cudaError_t simforge_status_ = (call);                                               \
    SIMFORGE_CHECK(simforge_status_ == cudaSuccess, #call, " failed: ",                  \
                   cudaGetErrorName(simforge_status_), " (", cudaGetErrorString(simforge_status_), ")"); \
  } while (0)
