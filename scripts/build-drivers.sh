#!/usr/bin/env bash
# Configures, builds and runs the example driver programs against an installed Simforge, the way a
# user's own project would find it (find_package(simforge) through CMAKE_PREFIX_PATH):
#   cmake --install build/cpu --prefix "$PREFIX" && scripts/build-drivers.sh "$PREFIX"
# Build trees: build/drivers/<name> (fresh each run: a cached simforge_DIR would outlive the
# prefix); the C++ driver's dataset and model go to build/drivers/out.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -ne 1 ] || [ ! -f "$1/lib/cmake/simforge/simforgeConfig.cmake" ]; then
  echo "usage: scripts/build-drivers.sh PREFIX   (PREFIX: where 'cmake --install' put Simforge)" >&2
  exit 2
fi
prefix="$(cd "$1" && pwd)"
root=build/drivers
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)

for name in driver kokkos_driver; do
  echo "== build-drivers: examples/$name"
  rm -rf "$root/$name"
  cmake -S "examples/$name" -B "$root/$name" "${generator[@]}" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
  cmake --build "$root/$name"
done

echo "== build-drivers: run simforge_driver"
"$root/driver/simforge_driver" "$root/out"
echo "== build-drivers: run simforge_kokkos_driver"
"$root/kokkos_driver/simforge_kokkos_driver"
