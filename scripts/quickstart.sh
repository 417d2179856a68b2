#!/bin/sh
# Quick start: installs the dependencies, builds `place`, and runs it on the bundled example
# (examples/small, made by the project's own generator), writing out/small_placed.def and a
# picture of it, out/small_placed.png.
set -eu
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
sh scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$jobs"
mkdir -p out
if [ ! -f examples/small/small.def ]; then
  ./build/src/gen/place-gen --preset small --seed 1 -o examples/small/small
fi
./build/place examples/small/small.def --lef examples/small/small.lef \
  -o out/small_placed.def --png out/small_placed.png --report
echo "wrote out/small_placed.def and out/small_placed.png"
