#!/bin/sh
# Runs the Bookshelf reader on every malformed case in expected.txt: each must exit with status 1,
# print the expected "file:line:col: error: ..." line and leave no output file behind; then the
# valid tiny.aux must read and its .pl must be written.
# usage: run.sh BINARY [ARGS...]   the reader is invoked as "BINARY ARGS... CASE.aux -o OUT.pl":
#   run.sh build/tests/place_flow bookshelf      (the test driver, until `place` reads .aux)
#   run.sh build/place                           (once `place design.aux -o design.pl` exists)
set -u
bin=$1
shift
case $bin in /*) ;; */*) bin=$(pwd)/$bin ;; esac   # the cases run from this folder
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
cd "$here" || exit 1
while read -r file expected; do
  case "$file" in ''|'#'*) continue ;; esac
  out="$tmp/out.pl"
  rm -f "$out"
  "$bin" "$@" "$file" -o "$out" >/dev/null 2>"$tmp/err"
  rc=$?
  if [ $rc -ne 1 ]; then
    echo "FAIL $file: exit status $rc, want 1"; fail=$((fail+1)); continue
  fi
  if ! grep -qF -- "$expected" "$tmp/err"; then
    echo "FAIL $file: expected '$expected', got:"; sed 's/^/    /' "$tmp/err"; fail=$((fail+1)); continue
  fi
  leftover=0
  for f in "$tmp"/*.tmp.*; do [ -e "$f" ] && leftover=1; done
  if [ -e "$out" ] || [ $leftover -eq 1 ]; then
    echo "FAIL $file: output written despite the error"; fail=$((fail+1)); continue
  fi
  pass=$((pass+1))
done < "$here/expected.txt"
# the valid design itself must read, so the cases above fail for their own reason
if "$bin" "$@" tiny.aux -o "$tmp/good.pl" >/dev/null 2>"$tmp/err" && grep -q '^p2 60 35 : N /FIXED$' "$tmp/good.pl"; then
  pass=$((pass+1))
else
  echo "FAIL: the valid tiny.aux was rejected or its .pl is wrong:"; cat "$tmp/err"; fail=$((fail+1))
fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
