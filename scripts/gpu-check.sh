#!/usr/bin/env bash
# The GPU check: build the `cuda` preset on a lent GPU machine, run the whole test suite there, run
# every benchmark with its peer, and write a table to $OUT. Two halves (docs/gpu.md):
#
#   scripts/gpu-check.sh prepare   # here: unpack the Debian packages the GPU machine lacks
#                                  # (HDF5, yaml-cpp, CLI11, GoogleTest) and the peer scripts
#                                  # into build/gpu-carry (a few MiB, under the 64 MiB carry limit)
#   scripts/gpu-check.sh run       # there, through the device tool with carry ["build/gpu-carry"]
set -euo pipefail
cd "$(dirname "$0")/.."
carry="${SIMFORGE_GPU_CARRY:-$PWD/build/gpu-carry}"

prepare() {
  rm -rf "$carry" && mkdir -p "$carry/debs" "$carry/root" "$carry/peers"
  (cd "$carry/debs" && apt-get download -qq libhdf5-dev libhdf5-103-1 libsz2 libaec0 libyaml-cpp-dev \
      libyaml-cpp0.7 libcli11-dev libgtest-dev >/dev/null)
  for d in "$carry"/debs/*.deb; do dpkg -x "$d" "$carry/root"; done
  rm -rf "$carry/debs"
  # Keep only what a CUDA build needs: headers, shared libraries, CMake package files.
  local lib="$carry/root/usr/lib/x86_64-linux-gnu"
  find "$carry/root" \( -name "*.a" -a ! -name "libgtest*.a" -a ! -name "libgmock*.a" \) -delete
  find "$lib/hdf5/serial" -maxdepth 1 -name "lib*" ! -name "libhdf5.so" ! -name "libhdf5_serial.so*" -delete 2>/dev/null || true
  rm -rf "$carry/root/usr/share/doc" "$carry/root/usr/share/man" "$lib/hdf5/serial/plugins" "$carry/root/usr/bin"
  # Links may not survive the carry: replace each by a copy of its target.
  find "$carry/root" -type l | while read -r l; do
    if [ -f "$l" ]; then cp --remove-destination -L "$l" "$l.tmp" && mv "$l.tmp" "$l"; else rm "$l"; fi
  done
  cp ../shared/peers/*.py "$carry/peers/"
  # The Exponax peer is pure Python; JAX, equinox and jaxtyping are already on the GPU image.
  pip download -q --no-deps -d "$carry/wheels" "exponax==0.2.0"
  du -sh "$carry"
}

run() {
  : "${OUT:=$PWD/build/gpu-out}"
  mkdir -p "$OUT"
  local root="$carry/root/usr" log="$OUT/gpu-check.log"
  # Outside the tree, so that a re-carried tree keeps the build (the machine stays warm a while).
  local bdir="${SIMFORGE_GPU_BUILD:-$HOME/simforge-build-cuda}"
  export CMAKE_PREFIX_PATH="$root${CMAKE_PREFIX_PATH:+:$CMAKE_PREFIX_PATH}"
  export LD_LIBRARY_PATH="$root/lib/x86_64-linux-gnu:$root/lib/x86_64-linux-gnu/hdf5/serial${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  export SIMFORGE_PEERS_DIR="$carry/peers" SIMFORGE_PEER_PYTHON="${SIMFORGE_PEER_PYTHON:-python3}"
  local launcher=""
  command -v ccache >/dev/null && launcher=ccache
  {
    echo "== machine"; date -u; nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
    nvcc --version | tail -1; g++ --version | head -1; cmake --version | head -1
    echo "== build (cuda preset)"
    cmake --preset cuda -B "$bdir" -DCMAKE_CUDA_COMPILER="$(command -v nvcc)" -DCMAKE_CUDA_ARCHITECTURES=90 \
      -DCMAKE_CXX_COMPILER_LAUNCHER="$launcher" -DCMAKE_CUDA_COMPILER_LAUNCHER="$launcher" >/dev/null
    cmake --build "$bdir" -j"$(nproc)" 2>&1 | tail -3
    echo "== tests"
    ctest --test-dir "$bdir" -j4 --timeout 300 --output-on-failure 2>&1 | tail -40 || true
    for t in "$bdir"/tests/test_*; do
      [ -x "$t" ] && { "$t" 2>&1 | grep -E "\[simforge\]|FAILED  \]|PASSED  \]" | sed "s|^|$(basename "$t"): |" || true; }
    done
    echo "== benchmarks"
    echo "-- bench_ns2d_step"; "$bdir/bench/bench_ns2d_step" 2>&1 || echo "(failed)"
    [ -x "$bdir/bench/bench_unet_train" ] && { echo "-- bench_unet_train"; "$bdir/bench/bench_unet_train" 2>&1 || echo "(failed)"; }
    # Walls and steady states (the finite-volume and elliptic families): throughput on the GPU.
    echo "-- bench_darcy (256^2 x 64 to 1e-6)"; "$bdir/bench/bench_darcy" 2>&1 || echo "(failed)"
    echo "-- bench_diffusion_reaction (FitzHugh–Nagumo 128^2; the scipy peer runs on the host)"
    "$bdir/bench/bench_diffusion_reaction" --batch 64 2>&1 || echo "(failed)"
    # Shocks (the godunov family): the four-quadrant Euler problem at 256^2 and the dam break (no
    # PyClaw on the GPU machine: the ratio is printed by the CPU run, the GPU gives absolute rates).
    echo "-- bench_godunov (Euler 256^2, dam break 128^2)"
    "$bdir/bench/bench_godunov" --problem quadrant --reps 3 2>&1 || echo "(failed)"
    "$bdir/bench/bench_godunov" --problem dam_break --reps 3 2>&1 || echo "(failed)"
    # Overlapped output (issue 11): one-GPU generation storing each batch inline vs on a writer thread.
    echo "-- bench_generate_output (heat 128^2, every step saved)"
    "$bdir/bench/bench_generate_output" --reps 3 --samples 64 2>&1 || echo "(failed)"
    echo "-- Gray–Scott 3D showcase (128^3, ETDRK4, float32)"
    for batch in 1 8 16; do
      "$bdir/bench/bench_spectral_run" --pde gray_scott --n 128 --dim 3 --length 2.5 --batch $batch --steps 100 --dt 1.0 --ic builtin 2>&1
    done
    echo "-- Exponax (JAX on the GPU) vs Simforge"
    python3 -m pip install -q --no-deps --target "$carry/pylib" "$carry"/wheels/*.whl 2>&1 | tail -1
    PYTHONPATH="$carry/pylib" python3 bench/exponax/compare.py --simforge "$bdir/bench/bench_spectral_run" 2>&1 || echo "(compare failed)"
  } 2>&1 | tee "$log"
}

case "${1:-}" in
  prepare) prepare ;;
  run) run ;;
  *) echo "usage: scripts/gpu-check.sh prepare|run" >&2; exit 2 ;;
esac
