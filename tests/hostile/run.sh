#!/bin/sh
# Hostile and broken designs: each must give a clear error (exit 1) or a documented, safe result
# (exit 0), never a crash (exit >= 128), a hang (timeout) or a sanitizer report.  The designs are
# generated here from tests/bad/tiny.lef so nothing large is committed.
# usage: run.sh PLACE
set -u
place=$1
here=$(cd "$(dirname "$0")" && pwd)
lef="$here/../bad/tiny.lef"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
# expect NAME WANT_RC GREP_PATTERN DEF [extra place options]
expect() {
  name=$1; want=$2; pat=$3; def=$4; shift 4
  timeout 120 "$place" "$def" --lef "$lef" -o "$tmp/$name.out.def" -q "$@" >"$tmp/$name.log" 2>&1
  rc=$?
  if [ $rc -ne "$want" ]; then echo "FAIL $name: exit $rc, want $want"; tail -5 "$tmp/$name.log"; fail=$((fail+1)); return; fi
  if [ -n "$pat" ] && ! grep -q -- "$pat" "$tmp/$name.log"; then
    echo "FAIL $name: no '$pat' in:"; tail -5 "$tmp/$name.log"; fail=$((fail+1)); return; fi
  if [ "$want" -ne 0 ] && [ -e "$tmp/$name.out.def" ]; then echo "FAIL $name: output written"; fail=$((fail+1)); return; fi
  pass=$((pass+1))
}
header() {  # DIEAREA x1 y1, rows
  printf 'VERSION 5.8 ;\nDESIGN hostile ;\nUNITS DISTANCE MICRONS 1000 ;\nDIEAREA ( 0 0 ) ( %s %s ) ;\n' "$1" "$2"
}

# 1. coordinates near 2^31: a design at the top of the int32 range places without overflow
{ header 2147483000 2147483000
  echo "ROW r0 core 2147400000 2147400000 N DO 200 BY 1 STEP 200 0 ;"
  echo "ROW r1 core 2147400000 2147402000 FS DO 200 BY 1 STEP 200 0 ;"
  echo "COMPONENTS 2 ;"; echo "- a INV + PLACED ( 2147400000 2147400000 ) N ;"; echo "- b INV ;"; echo "END COMPONENTS"
  echo "NETS 1 ;"; echo "- n ( a Z ) ( b A ) ;"; echo "END NETS"; echo "END DESIGN"; } > "$tmp/big_coords.def"
expect big_coords 0 "" "$tmp/big_coords.def"
if [ -f "$tmp/big_coords.out.def" ] && grep -q "^- b INV + PLACED ( 21474[0-9]* 21474[0-9]* )" "$tmp/big_coords.out.def"; then pass=$((pass+1)); else
  echo "FAIL big_coords: b not placed inside the rows"; fail=$((fail+1)); fi
# 2. a coordinate beyond int32 is an error, not a wrap-around
{ header 4294967296 1000; echo "END DESIGN"; } > "$tmp/huge.def"
expect huge_coords 1 "out of range" "$tmp/huge.def"
# 3. one net on every component (60k pins): the wirelength model and the B2B initial placement
#    (which leaves nets above 200 pins out) must stay linear in the net's size
awk 'BEGIN {
  n = 60000; printf "VERSION 5.8 ;\nDESIGN hostile ;\nUNITS DISTANCE MICRONS 1000 ;\nDIEAREA ( 0 0 ) ( 400000 400000 ) ;\n";
  for (r = 0; r < 190; r++) printf "ROW r%d core 0 %d %s DO 1900 BY 1 STEP 200 0 ;\n", r, r * 2000, (r % 2) ? "FS" : "N";
  printf "COMPONENTS %d ;\n", n; for (i = 0; i < n; i++) printf "- c%d INV ;\n", i; printf "END COMPONENTS\n";
  printf "NETS 1 ;\n- big"; for (i = 0; i < n; i++) printf " ( c%d A )", i; printf " ;\nEND NETS\nEND DESIGN\n" }' > "$tmp/bignet.def"
expect big_net 0 "" "$tmp/bignet.def" --stage gp --gp-iters 50
# 3b. no IO pins and nothing fixed: the initial placement collapses to a point; the cells must
#     still spread (a symmetric start once left them all on one spot)
awk 'BEGIN {
  n = 2000; printf "VERSION 5.8 ;\nDESIGN hostile ;\nUNITS DISTANCE MICRONS 1000 ;\nDIEAREA ( 0 0 ) ( 80000 80000 ) ;\n";
  for (r = 0; r < 39; r++) printf "ROW r%d core 0 %d %s DO 390 BY 1 STEP 200 0 ;\n", r, r * 2000, (r % 2) ? "FS" : "N";
  printf "COMPONENTS %d ;\n", n; for (i = 0; i < n; i++) printf "- c%d INV ;\n", i; printf "END COMPONENTS\n";
  printf "NETS %d ;\n", n - 1; for (i = 1; i < n; i++) printf "- n%d ( c%d Z ) ( c%d A ) ;\n", i, i - 1, i;
  printf "END NETS\nEND DESIGN\n" }' > "$tmp/noio.def"
expect no_io 0 "" "$tmp/noio.def" --stage gp
distinct=$(grep -o "PLACED ( [0-9]* [0-9]* )" "$tmp/no_io.out.def" 2>/dev/null | sort -u | wc -l)
if [ "$distinct" -gt 1900 ]; then pass=$((pass+1)); else echo "FAIL no_io: only $distinct distinct positions for 2000 cells"; fail=$((fail+1)); fi
# 4. no rows: nothing to place into
{ header 10000 10000; echo "COMPONENTS 1 ;"; echo "- a INV ;"; echo "END COMPONENTS"; echo "END DESIGN"; } > "$tmp/norows.def"
expect no_rows 1 "no ROWs" "$tmp/norows.def"
# 5. utilization above 100%: more cell area than rows
{ header 10000 10000; echo "ROW r0 core 0 0 N DO 5 BY 1 STEP 200 0 ;"; echo "COMPONENTS 3 ;"
  echo "- a INV ;"; echo "- b INV ;"; echo "- c INV ;"; echo "END COMPONENTS"; echo "END DESIGN"; } > "$tmp/overfull.def"
expect overfull 1 "utilization" "$tmp/overfull.def"
# 6. unplaced IO pin on a net: an error that names the pin (the placer does not place pins)
{ header 10000 10000; echo "ROW r0 core 0 0 N DO 50 BY 1 STEP 200 0 ;"; echo "COMPONENTS 1 ;"; echo "- a INV ;"; echo "END COMPONENTS"
  echo "PINS 1 ;"; echo "- p + NET n + LAYER m1 ( 0 0 ) ( 10 10 ) ;"; echo "END PINS"
  echo "NETS 1 ;"; echo "- n ( PIN p ) ( a A ) ;"; echo "END NETS"; echo "END DESIGN"; } > "$tmp/unplaced_io.def"
expect unplaced_io 1 "IO pin 'p'" "$tmp/unplaced_io.def"
# 7. empty design (no components): reads and writes unchanged
{ header 10000 10000; echo "ROW r0 core 0 0 N DO 50 BY 1 STEP 200 0 ;"; echo "END DESIGN"; } > "$tmp/empty.def"
expect empty_design 0 "" "$tmp/empty.def"
# 8. all components fixed: nothing to move, output equals input
{ header 10000 10000; echo "ROW r0 core 0 0 N DO 50 BY 1 STEP 200 0 ;"; echo "COMPONENTS 1 ;"; echo "- a INV + FIXED ( 0 0 ) N ;"
  echo "END COMPONENTS"; echo "END DESIGN"; } > "$tmp/allfixed.def"
expect all_fixed 0 "" "$tmp/allfixed.def"
cmp -s "$tmp/allfixed.def" "$tmp/all_fixed.out.def" && pass=$((pass+1)) || { echo "FAIL all_fixed: output differs"; fail=$((fail+1)); }
# 9. a deeply nested / very long line: 10 MB of one token
awk 'BEGIN { printf "VERSION 5.8 ;\nDESIGN "; for (i = 0; i < 1000000; i++) printf "xxxxxxxxxx"; printf " ;\nEND DESIGN\n" }' > "$tmp/longtok.def"
expect long_token 1 "no DIEAREA" "$tmp/longtok.def"

# 10. a die with no room for a macro: a 10 x 8 um block in a 6 um wide core
mlef="$tmp/macro.lef"
{ cat "$lef" | sed '/^END LIBRARY/d'
  printf 'MACRO RAM\n CLASS BLOCK ;\n SIZE 10 BY 8 ;\n PIN D\n PORT\n LAYER m1 ;\n RECT 0 0 0.2 0.2 ;\n END\n END D\nEND RAM\nEND LIBRARY\n'; } > "$mlef"
{ header 6000 20000; for r in 0 1 2 3 4 5 6 7 8; do echo "ROW r$r core 0 $((r * 2000)) N DO 30 BY 1 STEP 200 0 ;"; done
  echo "COMPONENTS 2 ;"; echo "- big RAM ;"; echo "- a INV ;"; echo "END COMPONENTS"
  echo "NETS 1 ;"; echo "- n ( big D ) ( a A ) ;"; echo "END NETS"; echo "END DESIGN"; } > "$tmp/noroom.def"
timeout 120 "$place" "$tmp/noroom.def" --lef "$mlef" -o "$tmp/noroom.out.def" -q --density 1.0 >"$tmp/noroom.log" 2>&1
rc=$?
if [ $rc -eq 1 ] && grep -q "big" "$tmp/noroom.log" && [ ! -e "$tmp/noroom.out.def" ]; then pass=$((pass+1)); else
  echo "FAIL no_room_for_macro: exit $rc (want 1, an error naming 'big', nothing written):"; tail -3 "$tmp/noroom.log"; fail=$((fail+1)); fi
# 11. a fence that cannot hold its members: 3 cells (1.8 um) in a 0.8 um fence
{ header 10000 10000; echo "ROW r0 core 0 0 N DO 50 BY 1 STEP 200 0 ;"
  echo "REGIONS 1 ;"; echo "- f ( 0 0 ) ( 800 2000 ) + TYPE FENCE ;"; echo "END REGIONS"
  echo "COMPONENTS 3 ;"; for c in a b c; do echo "- $c INV + REGION f ;"; done; echo "END COMPONENTS"
  echo "END DESIGN"; } > "$tmp/fence.def"
expect fence_too_small 1 "fence\|region" "$tmp/fence.def"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
