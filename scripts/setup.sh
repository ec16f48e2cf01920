#!/usr/bin/env bash
# Installs every Debian package Simforge needs (idempotent, non-interactive), then configures and
# builds the `cpu` preset. Usage: scripts/setup.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build ccache pkg-config git          # toolchain
  libthrust-dev libomp-dev libfftw3-dev                            # CPU backend: Thrust/OpenMP, FFTW
  libhdf5-dev hdf5-tools libyaml-cpp-dev libcli11-dev              # io/ and apps/
  libgtest-dev libdnnl-dev ocl-icd-opencl-dev                      # tests; oneDNN (its CMake config needs OpenCL, only a Recommends)
  libopenmpi-dev openmpi-bin                                       # mpirun -n R simforge generate (docs/hpc.md)
  python3-torch python3-h5py python3-numpy python3-scipy           # peer benchmarks, dataset checks
  gfortran python3-dev python3-venv                                # the PyClaw peer, built from PyPI (bench/pyclaw/setup_venv.sh)
  libtrilinos-kokkos-dev                                           # examples/kokkos_driver
  python3-matplotlib python3-ipykernel python3-nbconvert jupyter-nbconvert  # notebooks (scripts/run-notebooks.sh)
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "${1:-}" != "--no-build" ]; then
  cmake --preset cpu >/dev/null
  cmake --build --preset cpu
fi
