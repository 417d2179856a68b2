#!/bin/sh
# The `place` command line: exit codes, --help/--version, refusing to overwrite the input, .gz
# input and output, an existing output surviving a failed run, and --report.
# usage: cli_test.sh PLACE_BINARY
set -u
place=$1
here=$(cd "$(dirname "$0")/../bad" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass+1)); }
bad() { echo "FAIL: $*"; fail=$((fail+1)); }
expect_rc() { want=$1; shift; "$@" >"$tmp/o" 2>"$tmp/e"; rc=$?; [ $rc -eq "$want" ] && ok || bad "'$*' exited $rc, want $want"; }

expect_rc 0 "$place" --help
grep -q "usage: place" "$tmp/o" && ok || bad "--help text"
expect_rc 0 "$place" --version
grep -q "^place [0-9]" "$tmp/o" && ok || bad "--version text"
expect_rc 2 "$place" --bogus
expect_rc 2 "$place" "$here/tiny.def"                      # no LEF
expect_rc 2 "$place" --lef "$here/tiny.lef"                # no design
expect_rc 2 "$place" "$here/tiny.def" --lef "$here/tiny.lef" --threads 0
expect_rc 2 "$place" "$here/tiny.def" --lef "$here/tiny.lef" --seed x
expect_rc 1 "$place" "$tmp/missing.def" --lef "$here/tiny.lef"
grep -q "missing.def: error: cannot open file" "$tmp/e" && ok || bad "missing file message"

# -o equal to the input is refused without --force, and the input is untouched
cp "$here/tiny.def" "$tmp/in.def"
expect_rc 2 "$place" "$tmp/in.def" --lef "$here/tiny.lef" -o "$tmp/in.def"
cmp -s "$tmp/in.def" "$here/tiny.def" && ok || bad "input changed after refusal"
expect_rc 0 "$place" "$tmp/in.def" --lef "$here/tiny.lef" -o "$tmp/in.def" --force -q --stage read
cmp -s "$tmp/in.def" "$here/tiny.def" && ok || bad "--force rewrite differs"

# .gz input and output
gzip -c "$here/tiny.def" > "$tmp/in.def.gz"
gzip -c "$here/tiny.lef" > "$tmp/tiny.lef.gz"
expect_rc 0 "$place" "$tmp/in.def.gz" --lef "$tmp/tiny.lef.gz" -o "$tmp/out.def.gz" -q --stage read
gzip -dc "$tmp/out.def.gz" | cmp -s - "$here/tiny.def" && ok || bad "gz round trip differs"

# a failed run leaves an existing output intact and no temporary files
echo "previous result" > "$tmp/keep.def"
expect_rc 1 "$place" "$here/def_truncated.def" --lef "$here/tiny.lef" -o "$tmp/keep.def"
[ "$(cat "$tmp/keep.def")" = "previous result" ] && ok || bad "existing output clobbered"
ls "$tmp" | grep -q '\.tmp\.' && bad "temporary file left behind" || ok

# an unwritable output folder is an error, not a crash
expect_rc 1 "$place" "$here/tiny.def" --lef "$here/tiny.lef" -o "$tmp/no/such/dir/out.def" -q
grep -q "cannot create a temporary file" "$tmp/e" && ok || bad "unwritable output message"

# --report: counts and HPWL of the tiny design.  u1 and u2 (unplaced) sit at (0,0); pin A's center
# is (150,600), Z's (450,600); IO pin 'in' is at (0,5000) + shape center (0,50).
# n1 = |150-0| + |5050-600| = 4600 dbu, n2 = |450-150| = 300 dbu -> 4.900 um.
expect_rc 0 "$place" "$here/tiny.def" --lef "$here/tiny.lef" --report -q --stage read
grep -q "^components *2 (movable 2, fixed 0, unplaced 1)" "$tmp/o" && ok || bad "report components"
grep -q "^nets *2" "$tmp/o" && ok || bad "report nets"
grep -q "^hpwl *4.900 um" "$tmp/o" && ok || bad "report hpwl: $(grep hpwl "$tmp/o")"

# the default run places: the unplaced u2 gets a placement inside the core, u1 keeps a placement
expect_rc 0 "$place" "$here/tiny.def" --lef "$here/tiny.lef" -o "$tmp/placed.def" -q
grep -q "^- u2 INV + PLACED ( [0-9]* [0-9]* ) N ;" "$tmp/placed.def" && ok || bad "u2 not placed"
grep -q "^- u1 INV + PLACED" "$tmp/placed.def" && ok || bad "u1 lost its placement"
expect_rc 0 "$place" "$tmp/placed.def" --lef "$here/tiny.lef" --report -q --stage read
grep -q "unplaced 0)" "$tmp/o" && ok || bad "placed output still has unplaced cells"
# bad option values are usage errors
expect_rc 2 "$place" "$here/tiny.def" --lef "$here/tiny.lef" --density 1.5
expect_rc 2 "$place" "$here/tiny.def" --lef "$here/tiny.lef" --stage nope
# a density below the utilization is a clear error
expect_rc 1 "$place" "$here/tiny.def" --lef "$here/tiny.lef" --density 0.001 -q
grep -q "below the design's utilization" "$tmp/e" && ok || bad "density below utilization message"

# outputs get the usual permissions (0666 minus the umask), not mkstemp's 0600
want=$(printf '%o' $(( 0666 & ~$(umask) )))
got=$(stat -c %a "$tmp/placed.def")
[ "$got" = "$want" ] && ok || bad "output mode $got, want $want"

# pictures, frames and the HTML report of a run
expect_rc 0 "$place" "$here/tiny.def" --lef "$here/tiny.lef" -o "$tmp/p.def" --png "$tmp/p.png" \
  --report-html "$tmp/r.html" --frames "$tmp/frames" --frame-every 1 -q
head -c 8 "$tmp/p.png" | od -An -c | grep -q "P   N   G" && ok || bad "--png is not a PNG"
grep -q "global placement" "$tmp/r.html" && grep -q "data:image/png;base64" "$tmp/r.html" && ok || bad "report content"
[ -f "$tmp/frames/frame_0000.png" ] && ok || bad "--frames wrote no frame"

# congestion heatmaps from the routing estimator
for h in congestion rudy-h rudy-v; do
  expect_rc 0 "$place" render "$here/tiny.def" --lef "$here/tiny.lef" --heatmap $h -o "$tmp/c_$h.png" -q
  [ -s "$tmp/c_$h.png" ] && ok || bad "--heatmap $h wrote no picture"
done
expect_rc 2 "$place" render "$here/tiny.def" --lef "$here/tiny.lef" --heatmap nope -o "$tmp/c.png"

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
