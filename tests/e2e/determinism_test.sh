#!/bin/sh
# Determinism of the whole flow (global placement, legalization, check, write): for each design,
# two runs with the same seed and runs with --threads 1 and --threads 2 give byte-identical DEF,
# and a different seed gives a different (still legal) placement.
# usage: determinism_test.sh PLACE BENCH
set -u
place=$1; B=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
check() { if cmp -s "$1" "$2"; then pass=$((pass+1)); else echo "FAIL: $3"; fail=$((fail+1)); fi; }
for spec in "gcd_tapcells|openroad_gpl/gcd/gcd_tapcells.def|tech/nangate45_gpl/nangate45.lef|" \
            "wb_dma_top|openroad_gpl/wb_dma_top/wb_dma_top.def|tech/a2a_contest/contest.lef|--density 0.9" \
            "ispd19_test1|ispd2019/ispd19_test1/ispd19_test1.input.def|tech/ispd19_test1/ispd19_test1.input.lef|--density 0.95" \
            "aes_cipher_top|openroad_gpl/aes_cipher_top/aes_cipher_top.def|tech/nangate45_gpl/nangate45.lef|"; do
  IFS='|' read -r name def lef extra <<EOS
$spec
EOS
  if [ "$name" = aes_cipher_top ] && [ "${PLACE_QUICK:-0}" = 1 ]; then continue; fi
  for run in a b; do
    for t in 1 2; do
      "$place" "$B/$def" --lef "$B/$lef" $extra --threads $t -q -o "$tmp/$name.$run.$t.def" 2>"$tmp/$name.log" \
        || { echo "FAIL: $name run $run threads $t failed:"; tail -3 "$tmp/$name.log"; fail=$((fail+1)); }
    done
  done
  check "$tmp/$name.a.1.def" "$tmp/$name.b.1.def" "$name: two runs with --threads 1 differ"
  check "$tmp/$name.a.1.def" "$tmp/$name.a.2.def" "$name: --threads 1 and 2 differ"
  check "$tmp/$name.a.2.def" "$tmp/$name.b.2.def" "$name: two runs with --threads 2 differ"
  "$place" "$B/$def" --lef "$B/$lef" $extra --seed 7 -q -o "$tmp/$name.s7.def" 2>/dev/null
  if [ -f "$tmp/$name.s7.def" ] && ! cmp -s "$tmp/$name.a.1.def" "$tmp/$name.s7.def"; then pass=$((pass+1)); else
    echo "FAIL: $name: --seed 7 did not run or gave the same placement"; fail=$((fail+1)); fi
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
