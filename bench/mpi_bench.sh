#!/bin/sh
# MPI scale-out benchmark (docs/SCALING.md): RL training throughput (episodes per second of wall
# time, from rank 0's "trained ..." line) at 1, 2 and 4 ranks on the generator's macro-heavy design
# (120 macros), one thread per rank, and the parallel efficiency; also the CPU seconds per episode
# of all ranks together (the cost of distributing, apart from how many cores were free: on a
# shared or small machine the wall-clock numbers measure the machine).  Every run saves its checkpoint;
# the table says whether all rank counts ended with the same bytes (they must: docs/SCALING.md).
# Machines with fewer cores than ranks oversubscribe (mpirun --oversubscribe): say so when
# reporting.  The load average before each run is printed, as other jobs change the numbers.
#   [RANKS="1 2 4"] [EPISODES=48] [REPEATS=2] [BATCH=8] bench/mpi_bench.sh [BUILD_DIR]
# BUILD_DIR (default build-mpi) must be configured with -DPLACE_MPI=ON.  The analytic hints are
# off (--no-hints: their global placement runs once on rank 0 and does not scale with ranks).
set -u
cd "$(dirname "$0")/.."
build=${1:-build-mpi}
ranks=${RANKS:-1 2 4}
episodes=${EPISODES:-48}
repeats=${REPEATS:-2}
batch=${BATCH:-8}
place=$build/place
gen=$build/src/gen/place-gen
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$gen" --preset macro-heavy --seed 1 -o "$tmp/mh" -q || exit 1
cores=$(nproc 2>/dev/null || echo "?")
echo "macro-heavy (place-gen --preset macro-heavy --seed 1), $episodes episodes, batch $batch," \
     "1 thread per rank, $cores cores, best of $repeats"
echo
echo "| ranks | episodes/s | speedup | efficiency | CPU s / episode | CPU efficiency | rank 0 waiting | load before | checkpoint |"
echo "|---|---|---|---|---|---|---|---|---|"
base=""; cbase=""
for np in $ranks; do
  best=""; bestw=""; load=""; bestc=""
  for r in $(seq "$repeats"); do
    l=$(cut -d' ' -f1 /proc/loadavg)
    timeout 3000 mpirun --oversubscribe -np "$np" nice "$place" macro-place "$tmp/mh.def" \
      --lef "$tmp/mh.lef" --no-cells --no-hints --episodes "$episodes" --batch "$batch" \
      --threads 1 --seed 1 --save "$tmp/ck$np.xml" >/dev/null 2>"$tmp/e" || { tail "$tmp/e"; exit 1; }
    # [INFO RL] trained 48 episodes in 6 updates, 11.52 s: 4.166 episodes/s (... waited 0.31 s ...)
    line=$(grep "\[INFO RL\] trained" "$tmp/e")
    eps=$(echo "$line" | awk '{ for (i = 1; i <= NF; i++) if ($i == "episodes/s") print $(i - 1) }')
    secs=$(echo "$line" | awk '{ for (i = 1; i <= NF; i++) if ($i == "s:") print $(i - 1) }')
    wait=$(echo "$line" | awk '{ for (i = 1; i <= NF; i++) if ($i == "waited") print $(i + 1) }')
    cpu=$(echo "$line" | awk '{ for (i = 1; i <= NF; i++) if ($i == "CPU") print $(i + 1) }')
    n=$(echo "$line" | awk '{ for (i = 1; i <= NF; i++) if ($i == "trained") print $(i + 1) }')
    if [ -z "$best" ] || awk -v a="$eps" -v b="$best" 'BEGIN { exit !(a > b) }'; then
      best=$eps; bestw=$(awk -v w="$wait" -v t="$secs" 'BEGIN { printf "%.0f%%", 100 * w / t }')
      load=$l; bestc=$(awk -v c="$cpu" -v n="$n" 'BEGIN { printf "%.4f", c / n }')
    fi
  done
  [ -z "$base" ] && base=$best && cbase=$bestc
  same="same"
  cmp -s "$tmp/ck$np.xml" "$tmp/ck$(echo "$ranks" | awk '{ print $1 }').xml" || same="DIFFERS"
  awk -v np="$np" -v e="$best" -v b="$base" -v w="$bestw" -v l="$load" -v s="$same" \
      -v c="$bestc" -v cb="$cbase" 'BEGIN {
    printf "| %d | %.2f | %.2f | %.0f%% | %.3f | %.0f%% | %s | %s | %s |\n", np, e, e / b,
           100 * e / (b * np), c, 100 * cb / c, w, l, s }'
done
