#!/bin/sh
# bench/routability.sh: routability-driven global placement (`place --routability`) against the
# default flow on the most congested shared designs.  Each design is placed twice (full flow: GP,
# legalization, detailed placement, check), with the same capacity model for the placer and for
# the measurement, and `place report-congestion` measures the legal result.  Prints a markdown
# table for docs/ROUTING.md:
#   HPWL (um) of the legal result; RUDY (per GCell): total overflow (tracks) and share of GCells
#   over capacity; pattern router (per GCell edge): total and largest overflow, share of GCells
#   with an overflowing edge, ACE(0.5, 1, 2, 5) in percent; wall seconds of the whole run.
#
#   bench/routability.sh [--quick] [--place BIN] [--gen BIN] [--threads N]
#   bench/routability.sh --speed [--cells N] [--place BIN] [--gen BIN] [--threads N]
#
# --quick: the generated design, ibm01 and aes only (about a minute); without it ibex too.
# --speed: the overhead instead, on a generated design of N cells (default 100000, utilization
# 0.5): global placement alone (--stage gp) without and with --routability, under the full layer
# stack (no congestion: one check, no inflation) and under metal2-metal4 (congested: 13% of the
# GCells over capacity; inflation rounds, each a trip back to the snapshot), with the RUDY and
# the route map.  Columns: GP seconds and iterations, checks / rounds, maps built and ms per map.
# The capacity model ("layers") is report-congestion's: metal2 up to --max-layer (the placer gets
# the same through --routability-max-layer) and --cap-scale (--routability-cap-scale).
set -u
cd "$(dirname "$0")/.."
quick=0; speed=0; cells=100000; place=./build/place; gen=./build/src/gen/place-gen; threads=1
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --speed) speed=1 ;;
    --cells) cells=$2; shift ;;
    --place) place=$2; shift ;;
    --gen) gen=$2; shift ;;
    --threads) threads=$2; shift ;;
    *) echo "usage: bench/routability.sh [--quick | --speed [--cells N]] [--place BIN] [--gen BIN] [--threads N]" >&2
       exit 2 ;;
  esac
  shift
done
B=${PLACE_BENCH:-../shared/benchmarks}
[ -x "$place" ] || { echo "bench/routability.sh: $place not built" >&2; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/routability.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

if [ $speed -eq 1 ]; then
  [ -x "$gen" ] || { echo "bench/routability.sh: $gen not built" >&2; exit 1; }
  "$gen" --cells "$cells" --util 0.5 --seed 1 -o "$tmp/big" -q || exit 1
  echo "| cells | capacity model | mode | GP s | iterations | checks / rounds | maps | ms per map | HPWL after GP (um) |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for model in full congested; do
    case $model in
      full) rtopt=""; label="metal2-top" ;;
      congested) rtopt="--routability-max-layer 4"; label="metal2-metal4" ;;
    esac
    for mode in default rudy route; do
      case $mode in
        default) [ $model = full ] || continue; extra="" ;;
        rudy) extra="--routability $rtopt" ;;
        route) extra="--routability --routability-map route $rtopt" ;;
      esac
      # shellcheck disable=SC2086
      "$place" "$tmp/big.def" --lef "$tmp/big.lef" --stage gp --threads "$threads" $extra \
        -o "$tmp/big.out.def" 2>"$tmp/log" >/dev/null || { echo "| $cells | $label | $mode | failed |"; continue; }
      awk -v c="$cells" -v l="$label" -v m="$mode" '
        /GP\] done:/ { for (i = 1; i <= NF; i++) { if ($i == "iterations,") it = $(i-1); if ($i == "hpwl") h = $(i+1)
                                                  if ($i ~ /^\(/) s = substr($i, 2) } }
        /GP\] routability: [0-9]+ checks/ { for (i = 1; i <= NF; i++) { if ($i == "checks,") ck = $(i-1)
                                           if ($i == "rounds,") rd = $(i-1); if ($i == "maps") { mp = $(i-1); ms = $(i+2) } } }
        END { if (mp == "") printf "| %s | %s | %s | %s | %s | - | - | - | %s |\n", c, l, m, s, it, h
              else printf "| %s | %s | %s | %s | %s | %s / %s | %s | %.1f | %s |\n", c, l, m, s, it, ck, rd, mp, 1000 * ms / mp, h }' "$tmp/log"
    done
  done
  exit 0
fi

# a small congested design from the generator (the tests use the same recipe at 1500 cells)
if [ -x "$gen" ]; then
  "$gen" --cells 3000 --util 0.5 --seed 3 -o "$tmp/gen3k" -q || exit 1
fi

N45=$B/tech/nangate45_gpl/nangate45.lef
# name | DEF | LEFs | place options | max layer (0: all) | capacity scale
specs="gen3k|$tmp/gen3k.def|$tmp/gen3k.lef||3|0.7
ibm01|$B/ibm_lefdef/ibm01/ibm01.def|$B/ibm_lefdef/ibm01/ibm01.lef|--density 0.9|0|1
aes_cipher_top|$B/openroad_gpl/aes_cipher_top/aes_cipher_top.def|$N45||0|1
aes_cipher_top|$B/openroad_gpl/aes_cipher_top/aes_cipher_top.def|$N45||4|1
ibex_core|$B/openroad_gpl/ibex_core/ibex_core.def|$N45||4|1"

echo "| design | layers | mode | HPWL (um) | RUDY overflow | RUDY GCells over % | routed overflow (total / max) | routed GCells over % | ACE 0.5 / 1 / 2 / 5 % | GP s | total s |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
echo "$specs" | while IFS='|' read -r name def lefs popt ml cs; do
  [ -r "$def" ] || continue
  if [ $quick -eq 1 ] && [ "$name" = ibex_core ]; then continue; fi
  largs=""; for l in $lefs; do largs="$largs --lef $l"; done
  ropt=""; rtopt=""
  [ "$ml" != 0 ] && { ropt="--max-layer $ml"; rtopt="--routability-max-layer $ml"; }
  [ "$cs" != 1 ] && { ropt="$ropt --cap-scale $cs"; rtopt="$rtopt --routability-cap-scale $cs"; }
  layers="metal2-$( [ "$ml" = 0 ] && echo top || echo "metal$ml")$( [ "$cs" != 1 ] && echo " x $cs")"
  for mode in default routability route-map; do
    case $mode in
      default) extra="" ;;
      routability) extra="--routability $rtopt" ;;
      route-map) [ "$name" = aes_cipher_top ] && [ "$ml" != 0 ] || continue
                 extra="--routability --routability-map route $rtopt" ;;
    esac
    out=$tmp/$name.$mode.def
    s0=$(date +%s.%N)
    # shellcheck disable=SC2086
    "$place" "$def" $largs $popt $extra --threads "$threads" -o "$out" 2>"$tmp/log" >/dev/null ||
      { echo "| $name | $layers | $mode | failed |"; continue; }
    s1=$(date +%s.%N)
    gp=$(sed -n 's/.*GP\] done:.*(\([0-9.]*\) s:.*/\1/p' "$tmp/log")
    # shellcheck disable=SC2086
    "$place" report-congestion "$out" $largs $ropt 2>/dev/null | awk -v name="$name" -v layers="$layers" \
      -v mode="$( [ $mode = route-map ] && echo "routability, route map" || echo $mode)" \
      -v t="$(echo "$s1 - $s0" | bc)" -v gp="$gp" '
      /^rudy/ { for (i = 1; i <= NF; i++) { if ($i == "overflow") ro = $(i+1); if ($i == "of") rg = $(i-1) } }
      /^overflow  / { for (i = 1; i <= NF; i++) { if ($i == "total") tot = $(i+1); if ($i == "max") mx = $(i+1) } }
      /^overflow gcells/ { g = $NF; gsub(/[()%]/, "", g) }
      /^ACE/ { a = $3 " / " $5 " / " $7 " / " $9 }
      /^wirelength/ && /steiner/ && !/routed/ { h = $3 }
      END { gsub(",", "", mx); gsub("%", "", rg);
            printf "| %s | %s | %s | %s | %s | %s | %s / %s | %s | %s | %s | %.1f |\n",
                   name, layers, mode, h, ro, rg, tot, mx, g, a, gp, t }'
  done
done
