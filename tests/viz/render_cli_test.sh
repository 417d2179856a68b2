#!/bin/sh
# `place render` on shared designs: exit codes and messages for usage errors, PNG / SVG / PDF
# outputs (magic bytes, size), --from arrows matched by name, a density heatmap, flylines, an
# unwritable output, and no temporary files left behind.
# usage: render_cli_test.sh RENDER_COMMAND...   (e.g. "place render" or the viz_render_cli driver)
# Exits 77 (skipped) when the shared benchmarks are missing.
set -u
bench=${PLACE_BENCH:-../shared/benchmarks}
def=$bench/openroad_dpl/gcd/gcd_replace.def
opt=$bench/openroad_dpl/gcd/gcd-opt.def
lef=$bench/tech/nangate45/Nangate45.lef
if [ ! -f "$def" ] || [ ! -f "$lef" ]; then echo "SKIP: no shared benchmarks at $bench"; exit 77; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass+1)); }
bad() { echo "FAIL: $*"; fail=$((fail+1)); }
expect_rc() { want=$1; shift; "$@" >"$tmp/o" 2>"$tmp/e"; rc=$?; [ $rc -eq "$want" ] && ok || { bad "'$*' exited $rc, want $want"; cat "$tmp/e"; }; }
magic() { head -c "$2" "$1" 2>/dev/null | od -An -c | tr -d ' \n'; }

expect_rc 0 "$@" --help
grep -q "usage: place render" "$tmp/o" && ok || bad "--help text"
expect_rc 2 "$@"
expect_rc 2 "$@" "$def" --lef "$lef"                                   # no -o
expect_rc 2 "$@" "$def" --lef "$lef" -o "$tmp/x.jpg"
grep -q "must end in .png, .svg or .pdf" "$tmp/e" && ok || bad "extension message"
expect_rc 2 "$@" "$def" --lef "$lef" -o "$tmp/x.png" --layers die,bogus
grep -q "unknown layer 'bogus'" "$tmp/e" && ok || bad "layer message"
expect_rc 2 "$@" "$def" --lef "$lef" -o "$tmp/x.png" --heatmap rudy
expect_rc 2 "$@" "$def" --lef "$lef" -o "$tmp/x.png" --width 10
expect_rc 2 "$@" "$def" --lef "$lef" -o "$tmp/x.png" --bogus
expect_rc 1 "$@" "$tmp/missing.def" --lef "$lef" -o "$tmp/x.png"
[ ! -e "$tmp/x.png" ] && ok || bad "output written for a missing design"

expect_rc 0 "$@" "$def" --lef "$lef" -o "$tmp/a.png" --width 900
[ "$(magic "$tmp/a.png" 4)" = "211PNG" ] && ok || bad "PNG magic: $(magic "$tmp/a.png" 4)"
grep -q "wrote $tmp/a.png (900 x " "$tmp/e" && ok || bad "wrote message: $(cat "$tmp/e")"
expect_rc 0 "$@" "$def" --lef "$lef" -o "$tmp/b.png" --width 900 -q
cmp -s "$tmp/a.png" "$tmp/b.png" && ok || bad "PNG differs between runs"
[ ! -s "$tmp/e" ] && ok || bad "-q still printed: $(cat "$tmp/e")"
expect_rc 0 "$@" "$def" --lef "$lef" -o "$tmp/a.svg" -q
head -c 200 "$tmp/a.svg" | grep -q "<svg" && ok || bad "SVG header"
expect_rc 0 "$@" "$def" --lef "$lef" -o "$tmp/a.pdf" -q
[ "$(magic "$tmp/a.pdf" 5)" = "%PDF-" ] && ok || bad "PDF magic"
expect_rc 0 "$@" "$opt" --lef "$lef" -o "$tmp/disp.png" --from "$def" --heatmap density \
  --flylines 3 --nets clk,no_such_net --layers=-rows
grep -q "549 of 549 components matched by name" "$tmp/e" && ok || bad "--from message: $(cat "$tmp/e")"
grep -q "no net named 'no_such_net'" "$tmp/e" && ok || bad "unknown net warning"
[ -s "$tmp/disp.png" ] && ok || bad "no arrows picture"
expect_rc 1 "$@" "$def" --lef "$lef" -o "$tmp/no/such/dir/x.png"
grep -q "cannot create a temporary file" "$tmp/e" && ok || bad "unwritable message"
ls "$tmp" | grep -q '\.tmp\.' && bad "temporary file left behind" || ok

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
