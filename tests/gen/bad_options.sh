#!/bin/sh
# bad_options.sh PLACE_GEN OUTDIR: bad options exit 2 with "place-gen: error:", impossible designs
# exit 1, and neither leaves any file (or .tmp file) behind.
gen=$1; out=$2
rm -rf "$out"; mkdir -p "$out"
fail=0
expect() {   # expect CODE ARGS...
  code=$1; shift
  "$gen" "$@" -o "$out/x" > "$out/stdout" 2> "$out/stderr"
  rc=$?
  if [ $rc -ne "$code" ]; then echo "exit $rc (want $code): $*"; fail=1; fi
  if ! grep -q "^place-gen: error: " "$out/stderr"; then echo "no error message: $*"; fail=1; fi
  if ls "$out"/x* > /dev/null 2>&1; then echo "left files behind: $*"; ls "$out"; fail=1; fi
}
expect 2 --cells abc
expect 2 --cells 5
expect 2 --cells 100000000
expect 2 --util 1.5
expect 2 --rent 0
expect 2 --aspect -1
expect 2 --macro-size 20
expect 2 --macro-size 50,10
expect 2 --macro-status maybe
expect 2 --degree-dist 1:5
expect 2 --degree-dist 2:60,x
expect 2 --preset huge
expect 2 --name 9lives
expect 2 --seed -3
expect 2 --frobnicate
expect 2 --cells
expect 2 --gz=yes
expect 2 --peko --macros 3
expect 2 --peko --ios 10
expect 1 --cells 10 --ios 5000
expect 1 --cells 200 --ios 0 --macros 60 --macro-size 200,400 --fixed-macros --util 0.95
[ $fail -eq 0 ] && echo "bad options ok"
exit $fail
