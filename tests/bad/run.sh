#!/bin/sh
# Runs `place` on every malformed input listed in expected.txt: each must exit with status 1,
# print the expected "file:line:col: error: ..." line, and leave no output file behind.
# usage: run.sh PLACE_BINARY   (from any folder)
set -u
place=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
while read -r file kind expected; do
  case "$file" in ''|'#'*) continue ;; esac
  out="$tmp/out.def"
  rm -f "$out"
  cd "$here"
  if [ "$kind" = lef ]; then
    "$place" tiny.def --lef "$file" -o "$out" -q 2>"$tmp/err"
  else
    "$place" "$file" --lef tiny.lef -o "$out" -q 2>"$tmp/err"
  fi
  rc=$?
  if [ $rc -ne 1 ]; then
    echo "FAIL $file: exit status $rc, want 1"; fail=$((fail+1)); continue
  fi
  if ! grep -qF -- "$expected" "$tmp/err"; then
    echo "FAIL $file: expected '$expected', got:"; sed 's/^/    /' "$tmp/err"; fail=$((fail+1)); continue
  fi
  if [ -e "$out" ] || ls "$tmp" | grep -q '\.tmp\.'; then
    echo "FAIL $file: output written despite the error"; fail=$((fail+1)); continue
  fi
  pass=$((pass+1))
done < "$here/expected.txt"
# the good pair itself must pass, so the cases above fail for their own reason
cd "$here"
if "$place" tiny.def --lef tiny.lef --stage read -o "$tmp/good.def" -q 2>"$tmp/err" && cmp -s tiny.def "$tmp/good.def"; then
  pass=$((pass+1))
else
  echo "FAIL: the valid tiny.def/tiny.lef pair was rejected or not reproduced:"; cat "$tmp/err"; fail=$((fail+1))
fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
