#!/bin/sh
# routability_test.sh PLACE PLACE-GEN: `place --routability` end to end on a generated design
# (1500 cells at utilization 0.5) made congested by its capacity model (metal2-metal3 at 70% of
# the tracks, the same model for the placer and for report-congestion):
#  - the legal result with --routability has less RUDY overflow than without (and the first
#    inflation round happened);
#  - `place check` passes on it;
#  - --threads 1 and 2 give byte-identical DEF (the thread count changes nothing, run to run);
#  - the route map mode (pattern router) gives a legal result too;
#  - without the flag, the routability settings change nothing (byte-identical to the default);
#  - bad --routability-map / --routability-max-layer values are usage errors (exit 2).
set -u
place=$1; gen=$2
# spinning OpenMP barriers can take 10x longer on a busy machine; the results do not depend on it
export OMP_WAIT_POLICY=passive
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rt_test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass+1)); }
bad() { echo "FAIL: $*"; fail=$((fail+1)); }
"$gen" --cells 1500 --util 0.5 --seed 3 -o "$tmp/d" -q || { echo "FAIL: place-gen"; exit 1; }
L="--lef $tmp/d.lef"
RT="--routability --routability-max-layer 3 --routability-cap-scale 0.7"
rudy() {  # RUDY total overflow of a placement under the test's capacity model
  "$place" report-congestion "$1" $L --max-layer 3 --cap-scale 0.7 2>/dev/null |
    awk '/^rudy/ { for (i = 1; i <= NF; i++) if ($i == "overflow") print $(i+1) }'
}
"$place" "$tmp/d.def" $L -q -o "$tmp/base.def" || bad "default run failed"
"$place" "$tmp/d.def" $L $RT -o "$tmp/rt1.def" 2>"$tmp/rt1.log" || bad "--routability run failed"
grep -q "routability round 1:" "$tmp/rt1.log" && ok || bad "no inflation round in the log"
b=$(rudy "$tmp/base.def"); r=$(rudy "$tmp/rt1.def")
echo "RUDY overflow: default $b, --routability $r"
awk -v b="$b" -v r="$r" 'BEGIN { exit !(b > 0 && r + 0 < 0.75 * b) }' && ok ||
  bad "RUDY overflow not lower by a quarter: default $b, --routability $r"
"$place" check "$tmp/rt1.def" $L >/dev/null 2>&1 && ok || bad "place check failed on the result"
"$place" "$tmp/d.def" $L $RT --threads 2 -q -o "$tmp/rt2.def" || bad "--threads 2 run failed"
cmp -s "$tmp/rt1.def" "$tmp/rt2.def" && ok || bad "--threads 1 and 2 differ"
"$place" "$tmp/d.def" $L $RT --routability-map route -o "$tmp/rr1.def" 2>"$tmp/rr1.log" ||
  bad "route map run failed"
grep -q "map pattern route" "$tmp/rr1.log" && ok || bad "route map not used"
"$place" check "$tmp/rr1.def" $L >/dev/null 2>&1 && ok || bad "place check failed (route map)"
"$place" "$tmp/d.def" $L --routability-max-layer 3 --routability-cap-scale 0.7 -q -o "$tmp/off.def" ||
  bad "settings-only run failed"
cmp -s "$tmp/base.def" "$tmp/off.def" && ok || bad "settings without --routability changed the result"
"$place" "$tmp/d.def" $L --routability --routability-map maze -o "$tmp/x.def" 2>/dev/null
[ $? -eq 2 ] && ok || bad "--routability-map maze is not a usage error"
"$place" "$tmp/d.def" $L --routability --routability-max-layer 1 -o "$tmp/x.def" 2>/dev/null
[ $? -eq 2 ] && ok || bad "--routability-max-layer 1 is not a usage error"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
