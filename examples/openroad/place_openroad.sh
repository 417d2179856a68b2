#!/bin/sh
# place_openroad.sh: place a design held by OpenROAD with `place`, outside OpenROAD-flow-scripts.
# OpenROAD reads the LEFs and the design (DEF or ODB), run_place (place_step.tcl) writes it as DEF,
# runs `place` and reads the placements back, and OpenROAD writes the result (DEF, or ODB for a
# .odb name) for the rest of the flow.
#
# usage: place_openroad.sh -l TECH.lef [-l CELLS.lef ...] (-i IN.def | -d IN.odb) -o OUT.def|OUT.odb
#                          [-s gp|lg|all] [-- PLACE OPTIONS...]
# environment: OPENROAD (default openroad), PLACE_BIN (default place)
# example:
#   sh place_openroad.sh -l Nangate45_tech.lef -l Nangate45_stdcell.lef -d 3_2_place_iop.odb \
#      -o 3_3_place_gp.odb -s gp -- --density 0.6 --threads 4
set -eu
here=$(cd "$(dirname "$0")" && pwd)
lefs=""
in_def=""
in_odb=""
out=""
stage=gp
usage() {
  echo "usage: place_openroad.sh -l LEF [-l LEF ...] (-i IN.def | -d IN.odb) -o OUT.def|OUT.odb [-s gp|lg|all] [-- PLACE OPTIONS]" >&2
  exit 2
}
while [ $# -gt 0 ]; do
  case $1 in
    -l) [ $# -ge 2 ] || usage; lefs="$lefs $2"; shift 2 ;;
    -i) [ $# -ge 2 ] || usage; in_def=$2; shift 2 ;;
    -d) [ $# -ge 2 ] || usage; in_odb=$2; shift 2 ;;
    -o) [ $# -ge 2 ] || usage; out=$2; shift 2 ;;
    -s) [ $# -ge 2 ] || usage; stage=$2; shift 2 ;;
    --) shift; break ;;
    *) usage ;;
  esac
done
if [ -z "$lefs" ] || [ -z "$out" ]; then usage; fi
if [ -z "$in_def" ] && [ -z "$in_odb" ]; then usage; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tcl=$work/place.tcl
# Tcl words are written in braces: paths must not contain braces
{
  for lef in $lefs; do
    echo "read_lef {$lef}"
  done
  if [ -n "$in_odb" ]; then
    echo "read_db {$in_odb}"
  else
    echo "read_def {$in_def}"
  fi
  echo "source {$here/place_step.tcl}"
  printf 'run_place -lefs {%s} -stage %s -bin {%s} -work {%s} -extra {%s}\n' \
    "$lefs" "$stage" "${PLACE_BIN:-place}" "$work" "$*"
  case $out in
    *.odb) echo "write_db {$out}" ;;
    *) echo "write_def {$out}" ;;
  esac
} > "$tcl"
"${OPENROAD:-openroad}" -exit -no_init "$tcl"
