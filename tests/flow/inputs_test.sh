#!/bin/sh
# The other flow entry points through `place` itself: a Bookshelf design (ibm01: 246 movable macros)
# placed to a legal result and written as .pl, and a gate-level Verilog netlist (gcd, NanGate45)
# floorplanned, placed and written as a full DEF that reads back legal.
# usage: inputs_test.sh PLACE BENCH
set -u
place=$1; B=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
[ -f "$B/ibm_bookshelf/ibm01/ibm01.aux" ] || { echo "shared benchmarks not found: skipped"; exit 77; }
if "$place" "$B/ibm_bookshelf/ibm01/ibm01.aux" --density 0.9 -o "$tmp/ibm01.pl" -q 2>"$tmp/e1"; then
  n=$(grep -c "^ *[a-z][0-9]* " "$tmp/ibm01.pl")
  [ "$n" -ge 12000 ] && pass=$((pass+1)) || { echo "FAIL ibm01: only $n placed nodes in the .pl"; fail=$((fail+1)); }
else
  echo "FAIL ibm01: place failed"; cat "$tmp/e1"; fail=$((fail+1))
fi
N=$B/tech/nangate45/Nangate45.lef
if "$place" --verilog "$B/openroad_netlists/gcd_nangate45/gcd_nangate45.v" --lef "$N" \
     --die 0,0,100.13,100.8 --core 10.07,11.2,90.25,91 -o "$tmp/gcd.def" -q 2>"$tmp/e2"; then
  pass=$((pass+1))
  if "$place" check "$tmp/gcd.def" --lef "$N" -q >/dev/null 2>&1; then pass=$((pass+1)); else
    echo "FAIL gcd: the written DEF is not legal by place check"; fail=$((fail+1)); fi
  c=$(awk '/^COMPONENTS/ { print $2 }' "$tmp/gcd.def")
  [ "$c" = 362 ] && pass=$((pass+1)) || { echo "FAIL gcd: $c components, want 362"; fail=$((fail+1)); }
else
  echo "FAIL gcd: place --verilog failed"; cat "$tmp/e2"; fail=$((fail+1))
fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
