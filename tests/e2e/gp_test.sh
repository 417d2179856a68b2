#!/bin/sh
# Global placement end to end: every design given must reach overflow <= 0.10 (--stage gp) with no
# unplaced component left, the same seed must give byte-identical DEF, and --threads 1 and 2 must
# give byte-identical DEF.  usage: gp_test.sh PLACE BENCH [--once] DEF:LEF [DEF:LEF ...]
# --once: one run per design (overflow and placement checks only, no determinism reruns).
set -u
place=$1; bench=$2; shift 2
once=0
if [ "${1:-}" = "--once" ]; then once=1; shift; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
for spec in "$@"; do
  def=${spec%%:*}; lef=${spec#*:}
  name=$(basename "$def" .def)
  if ! "$place" "$bench/$def" --lef "$bench/$lef" --stage gp --threads 1 -o "$tmp/$name.1.def" 2>"$tmp/log"; then
    echo "FAIL $name: place failed"; cat "$tmp/log"; fail=$((fail+1)); continue
  fi
  line=$(grep "GP\] done:" "$tmp/log")
  ovf=$(echo "$line" | sed -n 's/.*overflow \([0-9.]*\).*/\1/p')
  hpwl=$(echo "$line" | sed -n 's/.*hpwl \([0-9.]*\) um.*/\1/p')
  echo "$name: hpwl $hpwl um, overflow $ovf"
  if awk -v o="$ovf" 'BEGIN { exit !(o != "" && o <= 0.10) }'; then pass=$((pass+1)); else
    echo "FAIL $name: overflow '$ovf' > 0.10"; fail=$((fail+1)); fi
  "$place" "$tmp/$name.1.def" --lef "$bench/$lef" --stage read --report -q > "$tmp/rep" 2>&1
  if grep -q "unplaced 0)" "$tmp/rep"; then pass=$((pass+1)); else
    echo "FAIL $name: unplaced components remain"; fail=$((fail+1)); fi
  [ $once -eq 1 ] && continue
  "$place" "$bench/$def" --lef "$bench/$lef" --stage gp --threads 2 -q -o "$tmp/$name.2.def" 2>/dev/null
  if cmp -s "$tmp/$name.1.def" "$tmp/$name.2.def"; then pass=$((pass+1)); else
    echo "FAIL $name: --threads 1 and 2 differ"; fail=$((fail+1)); fi
  "$place" "$bench/$def" --lef "$bench/$lef" --stage gp --threads 2 -q -o "$tmp/$name.3.def" 2>/dev/null
  if cmp -s "$tmp/$name.2.def" "$tmp/$name.3.def"; then pass=$((pass+1)); else
    echo "FAIL $name: two runs with the same seed differ"; fail=$((fail+1)); fi
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
