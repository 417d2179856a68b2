#!/bin/sh
# Crash safety: `place` killed with SIGKILL at random moments (reading, placing, writing) never
# leaves a truncated or clobbered file at the output path: afterwards the path holds either the
# previous file, byte for byte, or the complete result (equal to an uninterrupted run's, since runs
# are deterministic).  SIGKILL cannot be caught, so a temporary file may be left beside the output;
# it never replaces it.
# usage: kill_test.sh PLACE BENCH [KILLS]
set -u
place=$1; bench=$2; kills=${3:-12}
def=$bench/openroad_gpl/aes_cipher_top/aes_cipher_top.def
lef=$bench/tech/nangate45_gpl/nangate45.lef
[ -f "$def" ] || { echo "shared benchmarks not found: skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
args="--stage gp --gp-iters 15 --initial-iters 2 -q"
start=$(date +%s.%N)
"$place" "$def" --lef "$lef" $args -o "$tmp/ref.def" 2>/dev/null || { echo "reference run failed"; exit 1; }
end=$(date +%s.%N)
span=$(echo "$start $end" | awk '{ print $2 - $1 }')
echo "reference run: $span s"
pass=0; fail=0; old=0; new=0
i=0
while [ $i -lt "$kills" ]; do
  printf 'previous result %d\n' $i > "$tmp/out.def"
  cp "$tmp/out.def" "$tmp/prev.def"
  delay=$(awk -v s="$span" -v i=$i 'BEGIN { srand(1000 + i); printf "%.3f", rand() * s * 1.1 }')
  "$place" "$def" --lef "$lef" $args -o "$tmp/out.def" 2>/dev/null &
  pid=$!
  sleep "$delay"
  kill -9 $pid 2>/dev/null
  wait $pid 2>/dev/null
  if cmp -s "$tmp/out.def" "$tmp/prev.def"; then old=$((old+1)); pass=$((pass+1))
  elif cmp -s "$tmp/out.def" "$tmp/ref.def"; then new=$((new+1)); pass=$((pass+1))
  else echo "FAIL: kill after ${delay}s left a different file at the output path"; fail=$((fail+1)); fi
  i=$((i+1))
done
echo "kills: $kills (output untouched $old times, complete $new times)"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
