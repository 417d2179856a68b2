#!/bin/sh
# Global placement benchmark: quality and speed of `place --stage gp` on the OpenROAD gpl designs,
# at 1 and 2 threads.  Prints a markdown table (HPWL, overflow, iterations, seconds, s/iteration,
# and the split between wirelength, density and FFT) for docs/BENCHMARKS.md.
#   bench/gp_bench.sh [PLACE] [EXTRA OPTIONS...]
set -u
cd "$(dirname "$0")/.."
place=${1:-./build/place}
[ $# -gt 0 ] && shift
B=../shared/benchmarks
LEF=$B/tech/nangate45_gpl/nangate45.lef
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "| design | threads | HPWL (um) | overflow | iterations | seconds | s / iteration | wirelength s | density s | FFT s | initial placement s |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for d in gcd/simple01 aes_cipher_top/aes_cipher_top ibex_core/ibex_core; do
  for t in 1 2; do
    "$place" "$B/openroad_gpl/$d.def" --lef "$LEF" --stage gp --threads $t "$@" -o "$tmp/out.def" \
      2>"$tmp/log" >/dev/null || { echo "| $d | $t | failed |"; continue; }
    line=$(grep "GP\] done:" "$tmp/log")
    init=$(grep "initial placement:" "$tmp/log" | sed -n 's/.*(\([0-9.]*\) s).*/\1/p')
    echo "$line" | awk -v d="$(basename $d)" -v t=$t -v init="$init" '{
      for (i = 1; i <= NF; i++) {
        if ($i == "iterations,") it = $(i-1);
        if ($i == "hpwl") h = $(i+1);
        if ($i == "overflow") o = $(i+1);
        if ($i ~ /^\(/) { s = substr($i, 2) }
        if ($i == "wirelength") w = $(i+1);
        if ($i == "density") dn = $(i+1);
        if ($i == "fft") f = $(i+1);
      }
      gsub(",", "", w); gsub(",", "", dn); gsub("\\)", "", f); gsub(",", "", o);
      printf "| %s | %d | %s | %s | %d | %s | %.4f | %s | %s | %s | %s |\n", d, t, h, o, it, s, s / it, w, dn, f, init
    }'
  done
done
