#!/bin/sh
# `place check` (cmd_check, run through the lg_check_cli driver): exit codes 0 legal / 1 illegal or
# unreadable / 2 usage, the summary table, the verdict line and named offenders.
# usage: check_cli.sh CHECK_BINARY   (run from the repository root)
set -u
bin=$1
here=tests/place
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass+1)); }
bad() { echo "FAIL: $*"; fail=$((fail+1)); }
expect_rc() { want=$1; shift; "$@" >"$tmp/o" 2>"$tmp/e"; rc=$?; [ $rc -eq "$want" ] && ok || bad "'$*' exited $rc, want $want"; }

expect_rc 0 "$bin" check "$here/chk_legal.def" --lef "$here/lg.lef"
grep -q "^LEGAL: " "$tmp/o" && ok || bad "legal verdict"
grep -q "^overlap  *0 " "$tmp/o" && ok || bad "summary table"
expect_rc 1 "$bin" check "$here/chk_overlap.def" --lef "$here/lg.lef"
grep -q "^ILLEGAL: .*1 violations" "$tmp/o" && ok || bad "illegal verdict"
grep -q "a (INV) at (2.000, 2.000) and b (INV)" "$tmp/o" && ok || bad "offender named"
expect_rc 1 "$bin" check "$here/chk_fence.def" -l "$here/lg.lef" -n 1
[ "$(grep -c 'outside its region r' "$tmp/o")" -eq 1 ] && ok || bad "-n 1 lists one offender"
expect_rc 0 "$bin" check "$here/chk_fixed_overlap.def" --lef "$here/lg.lef" -q
[ "$(wc -l < "$tmp/o")" -eq 1 ] && grep -q "1 warnings" "$tmp/o" && ok || bad "-q prints the verdict only"
expect_rc 1 "$bin" check "$here/chk_legal.def" --lef "$here/lg.lef" --macro-halo 0.2
grep -q "^halo  *2 " "$tmp/o" && ok || bad "--macro-halo"
expect_rc 0 "$bin" check "$here/chk_halo.def" --lef "$here/lg.lef" --no-halo
# displacement against a reference placement: the file against itself (nothing moved), then
# against a copy where cell a sat 0.6 um to the right
expect_rc 0 "$bin" check "$here/chk_legal.def" --lef "$here/lg.lef" --orig "$here/chk_legal.def" --max-disp 0.001
sed 's/- a INV + PLACED ( 2000 2000 ) N/- a INV + PLACED ( 2600 2000 ) N/' "$here/chk_legal.def" > "$tmp/orig.def"
expect_rc 1 "$bin" check "$here/chk_legal.def" --lef "$here/lg.lef" --orig "$tmp/orig.def" --max-disp 0.5,0.5
grep -q "^max_disp  *1 " "$tmp/o" && ok || bad "--max-disp counts a"
expect_rc 0 "$bin" check "$here/chk_legal.def" --lef "$here/lg.lef" --orig "$tmp/orig.def" --max-disp 0.6
# usage errors and unreadable input
expect_rc 2 "$bin" check
expect_rc 2 "$bin" check "$here/chk_legal.def"
expect_rc 2 "$bin" check "$here/chk_legal.def" --lef "$here/lg.lef" --bogus
expect_rc 2 "$bin" check "$here/chk_legal.def" --lef "$here/lg.lef" -n 99
expect_rc 2 "$bin" check "$here/chk_legal.def" --lef "$here/lg.lef" --max-disp 5
expect_rc 0 "$bin" check --help
grep -q "usage: place check" "$tmp/o" && ok || bad "--help text"
expect_rc 1 "$bin" check "$tmp/missing.def" --lef "$here/lg.lef"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
