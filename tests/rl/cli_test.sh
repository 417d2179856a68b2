#!/bin/sh
# `place macro-place` (cmd_macro_place): exit codes (0 done, 2 usage), the summary on stdout (all
# three proxy terms with their weights), a legal output DEF (checked by `place check`), the CSV
# log, and the same stdout for the same seed.  Then `place --macro-placer` (macros first, then the
# whole cell flow with detailed placement): legal, deterministic across threads, checkpoints, and
# --unfix-macros.
# usage: cli_test.sh PLACE_BINARY   (run from the repository root)
set -u
place=$1
mp() { "$place" macro-place "$@"; }
d=tests/rl
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass+1)); }
bad() { echo "FAIL: $*"; fail=$((fail+1)); }
expect_rc() { want=$1; shift; "$@" >"$tmp/o" 2>"$tmp/e"; rc=$?; [ $rc -eq "$want" ] && ok || { bad "'$*' exited $rc, want $want"; cat "$tmp/e"; }; }

expect_rc 0 mp --help
grep -q -- "--macro-placer" "$tmp/o" && ok || bad "--help lists --macro-placer"
expect_rc 2 mp "$d/small.def"
grep -q "no LEF given" "$tmp/e" && ok || bad "missing LEF message"
expect_rc 2 mp "$d/small.def" --lef "$d/small.lef" --macro-placer foo
expect_rc 2 mp "$d/small.def" --lef "$d/small.lef" --episodes -3
expect_rc 2 mp "$d/small.def" --lef "$d/small.lef" --canvas 1x300
expect_rc 2 mp "$d/small.def" --lef "$d/small.lef" --bogus
expect_rc 2 mp "$d/small.def" --lef "$d/small.lef" -o "$d/small.def"
expect_rc 1 mp "$tmp/missing.def" --lef "$d/small.lef"

for placer in rl sa analytic; do
  expect_rc 0 mp "$d/obst.def" --lef "$d/small.lef" --macro-placer $placer --episodes 16 \
    --sa-moves 300 --threads 2 --seed 3 -o "$tmp/$placer.def" --log-csv "$tmp/$placer.csv" -q
  cp "$tmp/o" "$tmp/$placer.out"
  grep -q "^proxy cost .* = 1.00 \* wirelength .* + 0.50 \* density .* + 0.50 \* congestion " \
    "$tmp/o" && ok || bad "$placer: proxy terms and weights on stdout"
  grep -q "^legality errors  *0$" "$tmp/o" && ok || bad "$placer: legal"
  expect_rc 0 "$place" check "$tmp/$placer.def" --lef "$d/small.lef"
done
[ -s "$tmp/rl.csv" ] && [ "$(wc -l < "$tmp/rl.csv")" -eq 17 ] && ok || bad "RL CSV log has 16 episodes"
# same seed, same output
expect_rc 0 mp "$d/obst.def" --lef "$d/small.lef" --episodes 16 --threads 1 --seed 3 \
  -o "$tmp/rl2.def" -q
cmp -s "$tmp/o" "$tmp/rl.out" && ok || bad "same seed: same summary (1 vs 2 threads)"
cmp -s "$tmp/rl.def" "$tmp/rl2.def" && ok || bad "same seed: same DEF"
# weights are reported as given
expect_rc 0 mp "$d/small.def" --lef "$d/small.lef" --macro-placer sa --sa-moves 200 \
  --w-density 1 --w-congestion 0.25 --canvas 20x18 --no-cells -q
grep -q "^proxy cost .* = 1.00 \* wirelength .* + 1.00 \* density .* + 0.25 \* congestion .*(20 x 18 grid)" \
  "$tmp/o" && ok || bad "weights and canvas reported"

# --- the main flow with a macro placer first ---
expect_rc 2 "$place" "$d/obst.def" --lef "$d/small.lef" --macro-placer nope
expect_rc 2 "$place" "$d/obst.def" --lef "$d/small.lef" --rl-save "$tmp/x.xml"
grep -q "need --macro-placer" "$tmp/e" && ok || bad "--rl-save without --macro-placer"
expect_rc 2 "$place" "$d/obst.def" --lef "$d/small.lef" --macro-placer sa --budget-clock moon
for placer in rl sa analytic; do
  expect_rc 0 "$place" "$d/obst.def" --lef "$d/small.lef" --macro-placer $placer --rl-episodes 16 \
    --rl-time 3 --budget-clock cpu --threads 2 --seed 5 -o "$tmp/f$placer.def"
  grep -q "macro placement ($placer): proxy cost .* = 1.00 \* wirelength" "$tmp/e" && ok \
    || bad "flow $placer: proxy logged"
  grep -q "\[INFO DP\] done" "$tmp/e" && ok || bad "flow $placer: detailed placement ran"
  expect_rc 0 "$place" check "$tmp/f$placer.def" --lef "$d/small.lef"
done
expect_rc 0 "$place" "$d/obst.def" --lef "$d/small.lef" --macro-placer rl --rl-episodes 16 \
  --threads 1 --seed 5 -o "$tmp/f1.def" --rl-save "$tmp/p.xml" --rl-log-csv "$tmp/f.csv"
expect_rc 0 "$place" "$d/obst.def" --lef "$d/small.lef" --macro-placer rl --rl-episodes 16 \
  --threads 2 --seed 5 -o "$tmp/f2.def"
cmp -s "$tmp/f1.def" "$tmp/f2.def" && ok || bad "flow rl: threads 1 and 2 give the same DEF"
[ "$(wc -l < "$tmp/f.csv")" -eq 17 ] && ok || bad "flow rl: CSV log of 16 episodes"
grep -q "<place-rl-checkpoint version=\"1\"" "$tmp/p.xml" && ok || bad "flow rl: checkpoint"
expect_rc 0 "$place" "$d/small.def" --lef "$d/small.lef" --macro-placer rl --rl-episodes 8 \
  --rl-load "$tmp/p.xml" -o "$tmp/ft.def"
grep -q "p.xml" "$tmp/e" && ok || bad "flow rl: fine-tuning names the checkpoint"
expect_rc 1 "$place" "$d/small.def" --lef "$d/small.lef" --macro-placer rl --rl-load "$tmp/missing.xml" \
  -o "$tmp/bad.def"
[ ! -e "$tmp/bad.def" ] && ok || bad "flow rl: no output after a bad checkpoint"
# a FIXED macro stays put without --unfix-macros, and may move with it (still legal)
fx=$(grep -c "+ FIXED" "$d/obst.def")
expect_rc 0 "$place" "$d/obst.def" --lef "$d/small.lef" --macro-placer sa --rl-time 2 \
  --unfix-macros -o "$tmp/unfix.def"
expect_rc 0 "$place" check "$tmp/unfix.def" --lef "$d/small.lef"
[ "$fx" -gt 0 ] && ok || bad "obst.def has FIXED components"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
