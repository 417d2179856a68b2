#!/bin/sh
# Runs the whole test suite: installs the dependencies, builds warning-free with tests, runs CTest,
# builds `place` with MPI (-DPLACE_MPI=ON, build-mpi/) and runs the MPI tests (`ctest -R mpi`: 2
# and 4 ranks over loopback), then rebuilds with AddressSanitizer + UndefinedBehaviorSanitizer and
# runs CTest again, then fuzzes the readers for a bounded time (PLACE_FUZZ_SECONDS per target,
# default 20).
#   scripts/test.sh          both configurations + a short fuzzing run (what CI runs)
#   scripts/test.sh --fast   the release configuration only
set -eu
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)
# CTest runs tests side by side and some of them use 2 OpenMP threads: idle OpenMP threads must
# sleep, not spin, or an oversubscribed machine spends its time spinning (results do not depend
# on it: every parallel loop is deterministic)
export OMP_WAIT_POLICY=passive
sh scripts/install-deps.sh

echo "== release build + tests"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPLACE_WERROR=ON >/dev/null
cmake --build build -j "$jobs"
(cd build && ctest --output-on-failure -j "$jobs")

echo "== MPI build (-DPLACE_MPI=ON) + MPI tests"
cmake -S . -B build-mpi -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPLACE_WERROR=ON -DPLACE_MPI=ON >/dev/null
cmake --build build-mpi -j "$jobs" --target place mpi_rl_test
(cd build-mpi && ctest --output-on-failure -R mpi)

if [ "${1:-}" != "--fast" ]; then
  echo "== sanitizer build (address, undefined) + tests"
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DPLACE_SANITIZE=ON -DPLACE_WERROR=ON >/dev/null
  cmake --build build-asan -j "$jobs"
  # fontconfig keeps a few hundred bytes for the life of the process: suppressed, see the file
  (cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
     LSAN_OPTIONS=suppressions=$PWD/../tests/viz/lsan.supp \
     UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j "$jobs")
fi
if [ "${1:-}" != "--fast" ]; then
  echo "== fuzzing (libFuzzer, ${PLACE_FUZZ_SECONDS:-20} s per target)"
  sh bench/fuzz "${PLACE_FUZZ_SECONDS:-20}"
fi
echo "== all tests passed"
