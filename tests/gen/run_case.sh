#!/bin/sh
# run_case.sh PLACE_GEN GEN_CHECK DIR netlist|peko ARGS...: generate a design into DIR with ARGS,
# check its header counts (counts.sh) and run gen_check on it.  In peko mode the design is made
# with --peko-placed, its HPWL must equal the .opt, and an unplaced --peko run must give the same
# .opt.
set -e
gen=$1; check=$2; dir=$3; mode=$4; shift 4
here=$(dirname "$0")
rm -rf "$dir"; mkdir -p "$dir"
if [ "$mode" = peko ]; then
  "$gen" -q --peko-placed "$@" -o "$dir/p"
  sh "$here/counts.sh" "$dir/p.def"
  "$check" peko "$dir/p.lef" "$dir/p.def" "$dir/p.opt"
  grep -q "^hpwl_dbu=[0-9]" "$dir/p.opt"
  "$gen" -q --peko "$@" -o "$dir/u"
  cmp "$dir/p.opt" "$dir/u.opt"
else
  "$gen" -q "$@" -o "$dir/d"
  sh "$here/counts.sh" "$dir/d.def"
  "$check" netlist "$dir/d.lef" "$dir/d.def"
fi
