#!/bin/sh
# Multi-start placement (`place --starts K`): the K starts run with seeds seed..seed+K-1 and the
# result is byte-identical to the single run of the best seed (smallest HPWL, ties: the lowest
# start); usage errors; --starts-metric proxy.  With MPIRUN (tests/mpi.cmake, -DPLACE_MPI=ON):
# 2 and 4 ranks (more ranks than starts too) write the same DEF as the sequential run.
# usage: starts_test.sh PLACE_BINARY [MPIRUN]   (run from the repository root)
set -u
place=$1
mpirun=${2:-}
. "$(dirname "$0")/common.sh"
design="$d/small.def --lef $d/small.lef --threads 1"

expect_rc 2 "$place" $design --starts 0
expect_rc 2 "$place" $design --starts 3 --starts-metric area
expect_rc 2 "$place" $design --starts 3 --stage gp
grep -q "needs global placement and legalization" "$tmp/e" && ok || bad "--starts with --stage gp: message"
expect_rc 2 "$place" $design --starts 3 --first-stage lg
expect_rc 2 "$place" $design --starts 3 --frames "$tmp/fr"

if [ -z "$mpirun" ]; then
  # each seed alone; the best by HPWL (ties: the first)
  best=""; bh=""
  for s in 3 4 5 6; do
    # shellcheck disable=SC2086
    expect_rc 0 "$place" $design --seed $s -o "$tmp/s$s.def" --report
    h=$(awk '$1 == "hpwl" { print $2 }' "$tmp/o")
    if [ -z "$bh" ] || awk -v a="$h" -v b="$bh" 'BEGIN { exit !(a < b) }'; then best=$s; bh=$h; fi
  done
  # shellcheck disable=SC2086
  expect_rc 0 "$place" $design --seed 3 --starts 4 -o "$tmp/k.def" --report
  cmp -s "$tmp/k.def" "$tmp/s$best.def" && ok || bad "--starts 4 writes the single run of the best seed ($best)"
  grep -q "start $((best - 2)) (seed $best) is the best of 4 (4 legal) by HPWL" "$tmp/e" && ok \
    || bad "the log names the best start"
  expect_rc 0 "$place" check "$tmp/k.def" --lef "$d/small.lef"
  # proxy metric: runs, reports the proxy of every start, legal output
  # shellcheck disable=SC2086
  expect_rc 0 "$place" $design --seed 3 --starts 3 --starts-metric proxy -o "$tmp/p.def"
  grep -q "is the best of 3 (3 legal) by proxy cost" "$tmp/e" && ok || bad "proxy metric logged"
  expect_rc 0 "$place" check "$tmp/p.def" --lef "$d/small.lef"
  # with a macro placer first: the starts place the cells around the same macros
  # shellcheck disable=SC2086
  expect_rc 0 "$place" $d/obst.def --lef $d/small.lef --macro-placer sa --rl-time 1 --starts 2 \
    -o "$tmp/ms.def"
  expect_rc 0 "$place" check "$tmp/ms.def" --lef "$d/small.lef"
else
  for metric in hpwl proxy; do
    # shellcheck disable=SC2086
    expect_rc 0 "$place" $design --seed 3 --starts 5 --starts-metric $metric -o "$tmp/seq.def"
    for np in 2 4 6; do
      # shellcheck disable=SC2086
      expect_rc 0 mr $np "$place" $design --seed 3 --starts 5 --starts-metric $metric -o "$tmp/m.def"
      cmp -s "$tmp/seq.def" "$tmp/m.def" && ok || bad "$metric, $np ranks: DEF differs from the sequential run"
      [ "$(grep -c '\[INFO MAIN\] wrote' "$tmp/e")" -eq 1 ] && ok || bad "$np ranks: one rank writes"
      rm -f "$tmp/m.def"
    done
  done
  # RL training over the ranks, then the starts over the ranks
  flow="$d/obst.def --lef $d/small.lef --macro-placer rl --rl-episodes 16 --seed 4 --starts 3 --threads 1"
  # shellcheck disable=SC2086
  expect_rc 0 "$place" $flow -o "$tmp/rs1.def"
  # shellcheck disable=SC2086
  expect_rc 0 mr 2 "$place" $flow -o "$tmp/rs2.def"
  cmp -s "$tmp/rs1.def" "$tmp/rs2.def" && ok || bad "rl + starts: 2 ranks write the DEF of one process"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
