#!/bin/sh
# Distributed RL training from the command line (tests/mpi.cmake): `mpirun -np 2` and `-np 4` give
# the same checkpoint bytes, CSV log and DEF as one process (the batch's episodes are split over
# the ranks, the gradients added in episode order on rank 0: docs/SCALING.md), whatever the
# threads per rank; only rank 0 writes and logs INFO lines; `place macro-place` prints its summary
# once, the same as one process.
# usage: rl_test.sh PLACE_BINARY MPIRUN   (run from the repository root)
set -u
place=$1
mpirun=$2
. "$(dirname "$0")/common.sh"

flow="$d/obst.def --lef $d/small.lef --macro-placer rl --rl-episodes 24 --seed 5"
# shellcheck disable=SC2086
expect_rc 0 "$place" $flow --threads 1 -o "$tmp/a.def" --rl-save "$tmp/a.xml" --rl-log-csv "$tmp/a.csv"
for np in 2 4; do
  for thr in 1 2; do
    [ "$np" -eq 4 ] && [ "$thr" -eq 2 ] && continue
    # shellcheck disable=SC2086
    expect_rc 0 mr $np "$place" $flow --threads $thr -o "$tmp/b.def" --rl-save "$tmp/b.xml" \
      --rl-log-csv "$tmp/b.csv"
    cmp -s "$tmp/a.xml" "$tmp/b.xml" && ok || bad "$np ranks x $thr threads: checkpoint differs from one process"
    cmp -s "$tmp/a.csv" "$tmp/b.csv" && ok || bad "$np ranks x $thr threads: training log differs"
    cmp -s "$tmp/a.def" "$tmp/b.def" && ok || bad "$np ranks x $thr threads: DEF differs"
    [ "$(grep -c '\[INFO MAIN\] wrote' "$tmp/e")" -eq 1 ] && ok || bad "$np ranks: one rank writes"
    grep -q "MPI: $np ranks" "$tmp/e" && ok || bad "$np ranks: rank 0 logs the rank count"
    grep -q '^\[INFO [A-Z]*\] rank [1-9]' "$tmp/e" && bad "$np ranks: INFO lines from ranks > 0" || ok
    rm -f "$tmp/b.def" "$tmp/b.xml" "$tmp/b.csv"
  done
done
# the subcommand: the summary once, as one process prints it
mp="$d/small.def --lef $d/small.lef --episodes 16 --seed 2 --threads 1 -q"
# shellcheck disable=SC2086
expect_rc 0 "$place" macro-place $mp -o "$tmp/m1.def"
cp "$tmp/o" "$tmp/m1.out"
# shellcheck disable=SC2086
expect_rc 0 mr 2 "$place" macro-place $mp -o "$tmp/m2.def"
cmp -s "$tmp/o" "$tmp/m1.out" && ok || bad "macro-place: 2 ranks print the summary of one process"
cmp -s "$tmp/m1.def" "$tmp/m2.def" && ok || bad "macro-place: 2 ranks write the DEF of one process"
expect_rc 0 "$place" check "$tmp/m2.def" --lef "$d/small.lef"
# a bad checkpoint stops every rank with the message, no hang
# shellcheck disable=SC2086
expect_rc 1 mr 2 "$place" $flow --rl-load "$tmp/missing.xml" -o "$tmp/bad.def"
grep -q "missing.xml" "$tmp/e" && ok || bad "bad checkpoint named"
[ ! -e "$tmp/bad.def" ] && ok || bad "nothing written after a bad checkpoint"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
