#!/bin/sh
# Macro placement benchmark (docs/bench_rl.md): the three macro placers of `place macro-place`
# (rl, sa, analytic) on the macro-heavy designs, each followed by the same standard-cell flow
# (global placement with the macros fixed, legalization).  Prints a markdown table: the proxy cost
# of the macro placement with its three terms (weights 1 / 0.5 / 0.5), the final HPWL, legality by
# `place check`, and times.  RL and SA get the same wall-clock budget and the same threads.
#   [PLACERS="analytic sa rl sa+analytic"] [DESIGNS="mh ibm01 tinyrocket riscv"] \
#   bench/rl_bench.sh [BUILD_DIR] \
#     [BUDGET_SECONDS] [THREADS]
# Needs ../shared/benchmarks (PLACE_BENCH overrides) and the build's place and place-gen.
# CLOCK=cpu (default) makes the budget CPU seconds of all threads, so a busy machine buys the
# same work; CLOCK=wall for wall seconds.
set -u
cd "$(dirname "$0")/.."
build=${1:-build}
budget=${2:-120}
threads=${3:-2}
placers=${PLACERS:-analytic sa rl}
designs=${DESIGNS:-mh ibm01 tinyrocket riscv}
B=${PLACE_BENCH:-../shared/benchmarks}
clock=${CLOCK:-cpu}
place=$build/place
mp() { "$place" macro-place "$@"; }
gen=$build/src/gen/place-gen
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
keep=${KEEP:-}          # KEEP=DIR keeps every output DEF, log and training CSV there
[ -n "$keep" ] && mkdir -p "$keep"
"$gen" --preset macro-heavy --seed 1 -o "$tmp/mh" -q || exit 1

echo "| design | macros | placer | work | proxy cost | wirelength | density | congestion | final HPWL (um) | routed overflow | overflow GCells | legal | macro placer s | total s |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
run() {   # name def "lefs" extra...
  name=$1; def=$2; lefs=$3; shift 3
  lefargs=""
  for l in $lefs; do lefargs="$lefargs --lef $l"; done
  for placer in $placers; do
    case $placer in
    sa+analytic) popt="--macro-placer sa --sa-analytic-start" ;;   # SA from the analytic placement
    *) popt="--macro-placer $placer" ;;
    esac
    # shellcheck disable=SC2086
    mp "$def" $lefargs $popt --time "$budget" --budget-clock "$clock" --episodes 1000000 \
      --threads "$threads" --seed 1 \
      -o "$tmp/out.def" --log-csv "$tmp/$name.csv" "$@" >"$tmp/o" 2>"$tmp/e"
    rc=$?
    # shellcheck disable=SC2086
    if "$place" check "$tmp/out.def" $lefargs -q >/dev/null 2>&1; then legal=yes; else legal=no; fi
    [ $rc -ne 0 ] && legal="no (rc $rc)"
    # congestion of the final placement: our pattern router's overflow (place report-congestion)
    # shellcheck disable=SC2086
    "$place" report-congestion "$tmp/out.def" $lefargs >"$tmp/c" 2>/dev/null
    ovf=$(awk '$1 == "overflow" && $2 == "total" { print $3 }' "$tmp/c")
    ovg=$(awk '$1 == "overflow" && $2 == "gcells" { print $6 }' "$tmp/c" | tr -d '()')
    if [ -n "$keep" ]; then
      tag=$(echo "$name" | tr -c 'A-Za-z0-9\n' '_' | cut -c1-24)_$placer
      cp "$tmp/out.def" "$keep/$tag.def"; cp "$tmp/o" "$keep/$tag.out"; cp "$tmp/e" "$keep/$tag.log"
      cp "$tmp/c" "$keep/$tag.congestion"; [ -f "$tmp/$name.csv" ] && cp "$tmp/$name.csv" "$keep/$tag.csv"
    fi
    awk -v name="$name" -v placer="$placer" -v legal="$legal" -v ovf="$ovf" -v ovg="$ovg" '
      FNR == NR {
        if ($1 == "macros") nm = $2
        if ($1 == "training") work = $2 " episodes"
        if ($1 == "annealing") work = $2 " moves"
        if ($1 == "proxy" && $2 == "cost") { c = $3; wl = $8; dn = $13; cg = $18 }
        if ($1 == "hpwl") h = $2
        next
      }
      /\[INFO MP\] time:/ {
        for (i = 1; i <= NF; i++) {
          if ($i == "macros") ms = $(i + 1)
          if ($i == "total") tt = $(i + 1)
        }
      }
      END {
        if (work == "") work = "gp_run"
        printf "| %s | %s | %s | %s | %s | %s | %s | %s | %.0f | %s | %s | %s | %s | %s |\n", name, nm,
               placer, work, c, wl, dn, cg, h, ovf, ovg, legal, ms, tt
      }' "$tmp/o" "$tmp/e"
  done
}
for d in $designs; do
  case $d in
  mh) run "macro-heavy (place-gen, seed 1)" "$tmp/mh.def" "$tmp/mh.lef" ;;
  ibm01) run "ibm01" "$B/ibm_lefdef/ibm01/ibm01.def" "$B/ibm_lefdef/ibm01/ibm01.lef" ;;
  tinyrocket) run "tinyRocket (macros unfixed)" "$B/openroad_misc/RocketTile_ng45/tinyRocket.def" \
    "$B/tech/nangate45/Nangate45.lef $B/tech/nangate45/fakeram45_64x32.lef" --unfix-macros ;;
  riscv) run "riscv_top asap7 (macros unfixed)" "$B/openroad_misc/riscv_top_asap7/riscv.def" \
    "$B/tech/asap7/asap7_tech_1x_201209.lef $B/tech/asap7/asap7sc7p5t_28_R_1x_220121a.lef $B/tech/asap7/fakeram7_256x32.lef" \
    --unfix-macros ;;
  *) echo "unknown design $d" >&2 ;;
  esac
done
