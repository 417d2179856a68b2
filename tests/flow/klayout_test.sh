#!/bin/sh
# A second parser agrees: KLayout's LEF/DEF reader (klayout -b, tests/flow/klayout_check.py) reads
# DEFs we wrote and must find the same placed components as our reader, each at the same location
# (lower-left of the macro outline, DBU) with the same orientation.  DEFs checked:
#   - gcd-opt.def (NanGate45) and aes_place.def (ASAP7) rewritten by `place --stage read -o`
#     (the splicing writer),
#   - the same two and tinyRocket.def (2 FIXED RAM macros) rewritten from the database alone by
#     def_emit (place_flow emit).
# Exits 77 (CTest: skipped) with a message when klayout is not installed.
# usage: klayout_test.sh PLACE PLACE_FLOW BENCH
set -u
place=$1
flow=$2
bench=$3
if ! command -v klayout >/dev/null 2>&1; then
  echo "SKIP: klayout is not installed (Debian: apt-get install klayout); the KLayout cross-check did not run"
  exit 77
fi
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ng=$bench/tech/nangate45/Nangate45.lef
a7="$bench/tech/asap7/asap7_tech_1x_201209.lef $bench/tech/asap7/asap7sc7p5t_28_R_1x_220121a.lef"
a7args="--lef $bench/tech/asap7/asap7_tech_1x_201209.lef --lef $bench/tech/asap7/asap7sc7p5t_28_R_1x_220121a.lef"

# check NAME DEF LEF... : our reader and KLayout's list the same placed components
check() {
  name=$1; def=$2; shift 2
  lefs=$(echo "$*" | tr ' ' ',')
  lefargs=""
  for l in "$@"; do lefargs="$lefargs --lef $l"; done
  units=$(sed -n 's/^ *UNITS DISTANCE MICRONS \([0-9]*\).*/\1/p' "$def" | head -n 1)
  # shellcheck disable=SC2086
  "$flow" dump "$def" $lefargs 2>"$tmp/ours.err" | LC_ALL=C sort > "$tmp/ours"
  QT_QPA_PLATFORM=offscreen klayout -b -r "$here/klayout_check.py" -rd def_path="$def" \
    -rd lefs="$lefs" -rd units="$units" -rd out="$tmp/theirs.raw" >"$tmp/kl.log" 2>&1
  if [ ! -s "$tmp/theirs.raw" ]; then
    echo "FAIL $name: KLayout did not read $def:"; sed 's/^/    /' "$tmp/kl.log" | head -n 20
    fail=$((fail+1)); return
  fi
  LC_ALL=C sort "$tmp/theirs.raw" > "$tmp/theirs"
  count=$(grep '^count' "$tmp/ours")
  if [ "$count" != "count 0" ] && [ -n "$count" ] && cmp -s "$tmp/ours" "$tmp/theirs"; then
    echo "ok $name: KLayout agrees on all ${count#count } components (location and orientation)"
    pass=$((pass+1))
  else
    echo "FAIL $name: KLayout and place disagree ($count for place, $(grep '^count' "$tmp/theirs") for KLayout):"
    diff "$tmp/ours" "$tmp/theirs" | head -n 10 | sed 's/^/    /'
    fail=$((fail+1))
  fi
}

gcd=$bench/openroad_dpl/gcd/gcd-opt.def
aes7=$bench/openroad_misc/aes_cipher_top_asap7/aes_place.def
rocket=$bench/openroad_misc/RocketTile_ng45/tinyRocket.def

"$place" "$gcd" --lef "$ng" --stage read -o "$tmp/gcd_spliced.def" -q && check gcd_spliced "$tmp/gcd_spliced.def" "$ng"
# shellcheck disable=SC2086
"$place" "$aes7" $a7args --stage read -o "$tmp/aes7_spliced.def" -q &&
  check aes_asap7_spliced "$tmp/aes7_spliced.def" $a7
"$flow" emit "$gcd" --lef "$ng" -o "$tmp/gcd_emitted.def" >/dev/null 2>&1 && check gcd_emitted "$tmp/gcd_emitted.def" "$ng"
# shellcheck disable=SC2086
"$flow" emit "$aes7" $a7args -o "$tmp/aes7_emitted.def" >/dev/null 2>&1 &&
  check aes_asap7_emitted "$tmp/aes7_emitted.def" $a7
"$flow" emit "$rocket" --lef "$ng" --lef "$bench/tech/nangate45/fakeram45_64x32.lef" -o "$tmp/rocket_emitted.def" >/dev/null 2>&1 &&
  check tinyRocket_emitted "$tmp/rocket_emitted.def" "$ng" "$bench/tech/nangate45/fakeram45_64x32.lef"
[ $((pass + fail)) -eq 5 ] || { echo "FAIL: $((5 - pass - fail)) DEFs were not written"; fail=$((fail+1)); }
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
