#!/bin/sh
# A rank that dies during distributed training (tests/mpi.cmake): PLACE_TEST_KILL_RANK="R:K" makes
# rank R kill itself (SIGKILL) when it starts update K + 1.  mpirun must stop the job within the
# timeout with a non-zero status and a message naming the rank, write no DEF, and leave the last
# periodic checkpoint (--rl-save-every 1) intact; --rl-load --rl-resume from it ends with the same
# checkpoint bytes as the run that was never interrupted.
# usage: kill_test.sh PLACE_BINARY MPIRUN   (run from the repository root)
set -u
place=$1
mpirun=$2
MR_TIMEOUT=120
. "$(dirname "$0")/common.sh"

flow="$d/obst.def --lef $d/small.lef --macro-placer rl --rl-episodes 40 --seed 5 --threads 1"
# shellcheck disable=SC2086
"$place" $flow -q -o "$tmp/full.def" --rl-save "$tmp/full.xml" || bad "uninterrupted run"

for victim in 1 0; do
  rm -f "$tmp/k.xml" "$tmp/k.def"
  # shellcheck disable=SC2086
  PLACE_TEST_KILL_RANK=$victim:2 mr 2 "$place" $flow -o "$tmp/k.def" --rl-save "$tmp/k.xml" \
    --rl-save-every 1 >"$tmp/o" 2>"$tmp/e"
  rc=$?
  [ $rc -ne 0 ] && [ $rc -ne 124 ] && ok || bad "rank $victim killed: mpirun exited $rc (124: hang)"
  grep -q "rank $victim" "$tmp/e" && ok || { bad "rank $victim killed: message names the rank"; cat "$tmp/e"; }
  [ ! -e "$tmp/k.def" ] && ok || bad "rank $victim killed: no DEF written"
  # rank 0 saved update 2 before the collective that let rank 1 start update 3
  grep -q '<training episodes="16"' "$tmp/k.xml" && ok || bad "rank $victim killed: checkpoint after update 2"
  # shellcheck disable=SC2086
  mr 2 "$place" $flow -q -o "$tmp/r.def" --rl-save "$tmp/r.xml" --rl-load "$tmp/k.xml" \
    --rl-resume >"$tmp/o" 2>"$tmp/e" && ok || { bad "resume after rank $victim died"; cat "$tmp/e"; }
  cmp -s "$tmp/r.xml" "$tmp/full.xml" && ok || bad "resumed run ends with the uninterrupted run's checkpoint"
  "$place" check "$tmp/r.def" --lef "$d/small.lef" -q >/dev/null 2>&1 && ok || bad "resumed run: legal DEF"
done
# resuming in one process works as well
# shellcheck disable=SC2086
"$place" $flow -q -o "$tmp/r1.def" --rl-save "$tmp/r1.xml" --rl-load "$tmp/k.xml" --rl-resume \
  && ok || bad "resume in one process"
cmp -s "$tmp/r1.xml" "$tmp/full.xml" && ok || bad "resumed in one process: same checkpoint"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
