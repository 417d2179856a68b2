#!/bin/sh
# qrouter_gcd.sh: check the routing estimates of src/route against a real detailed router.
#
# Routes a placed design (default: the legal gcd placement openroad_dpl/gcd/gcd-opt.def with
# tech/nangate45/Nangate45.lef) with qrouter (Debian package qrouter, installed with apt-get when
# missing), then reports whether every net routed, qrouter's routed wirelength, and our HPWL,
# Steiner and pattern-routed estimates for the same placement (bench/rt_bench from a build folder).
#
#   sh bench/qrouter_gcd.sh [DEF [LEF]]          WORK defaults to qrouter_gcd in $TMPDIR (or the system temporary folder)
#   sh bench/qrouter_gcd.sh --ours [DEF [LEF]]   place DEF with our placer first, route OUR result
#
# --ours: DEF defaults to the unplaced-equivalent gcd floorplan openroad_dpl/gcd/gcd_replace.def
# (Nangate45.lef; the RePlAce positions in it are ignored: `place` starts from its own initial
# placement) and is placed by the full flow of `place` (PLACE, default: build-rt/place or
# build/place; extra options in PLACE_OPTS, e.g. PLACE_OPTS=--routability); the legal result,
# $WORK/placed_NAME.def, is what qrouter routes and what our estimates are computed on.
#
# qrouter needs a configuration: it is generated here from the LEF (every routing layer with its
# name, direction, pitch and width; qrouter reads vias and cell geometry from the LEF itself).
# Three adaptations of the DEF, none changing the placement or the netlist:
#  - "+ PORT" lines in PINS are dropped: qrouter 1.4's DEF reader does not know DEF 5.7+ PORT and
#    would ignore the IO pins' geometry (their nets would lose the IO terminal);
#  - TRACKS: only the preferred-direction statement of each layer is kept: qrouter keeps just the
#    last TRACKS statement per layer, which for vertical layers would be the horizontal one;
#  - NETS: each net's closing ';' goes on its own line: qrouter writes routes into the output
#    only for nets whose ';' starts a line (single-line nets would come out unannotated, though
#    routed).
# Wirelength is measured from the output DEF: the sum of |dx| + |dy| between consecutive points of
# every ROUTED/NEW path in NETS, plus the short metal1 stubs qrouter adds in SPECIALNETS (reported
# separately); vias count zero length.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=${PLACE_BENCH:-$ROOT/../shared/benchmarks}
OURS=0
if [ "${1:-}" = --ours ]; then OURS=1; shift; fi
if [ $OURS = 1 ]; then
  DEF=${1:-$BENCH/openroad_dpl/gcd/gcd_replace.def}
else
  DEF=${1:-$BENCH/openroad_dpl/gcd/gcd-opt.def}
fi
LEF=${2:-$BENCH/tech/nangate45/Nangate45.lef}
WORK=${WORK:-${TMPDIR:-/tmp}/qrouter_gcd}
NAME=$(basename "$DEF" .def)

for f in "$DEF" "$LEF"; do
  [ -r "$f" ] || { echo "qrouter_gcd: error: cannot read $f" >&2; exit 1; }
done

if ! command -v qrouter >/dev/null 2>&1; then
  echo "qrouter_gcd: qrouter not found, installing the Debian package" >&2
  if [ "$(id -u)" = 0 ]; then SUDO=; elif command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "qrouter_gcd: error: qrouter missing and not root (apt-get install qrouter)" >&2; exit 1
  fi
  $SUDO apt-get install -y qrouter >/dev/null 2>&1 ||
    { $SUDO apt-get update >/dev/null 2>&1 && $SUDO apt-get install -y qrouter >/dev/null 2>&1; } ||
    { echo "qrouter_gcd: error: apt-get install qrouter failed" >&2; exit 1; }
fi

mkdir -p "$WORK"
case "$DEF" in /*) ;; *) DEF=$(pwd)/$DEF ;; esac
case "$LEF" in /*) ;; *) LEF=$(pwd)/$LEF ;; esac

# ---- --ours: our placement of DEF is what gets routed ------------------------------------------
if [ $OURS = 1 ]; then
  PLACE=${PLACE:-}
  if [ -z "$PLACE" ]; then
    for d in "$ROOT"/build-rt "$ROOT"/build "$ROOT"/build*; do
      if [ -x "$d/place" ]; then PLACE="$d/place"; break; fi
    done
  fi
  [ -n "$PLACE" ] || { echo "qrouter_gcd: error: no place binary built (set PLACE)" >&2; exit 1; }
  case "$PLACE" in /*) ;; *) PLACE=$(pwd)/$PLACE ;; esac
  echo "qrouter_gcd: placing $DEF with $PLACE ${PLACE_OPTS:-}" >&2
  # shellcheck disable=SC2086
  "$PLACE" "$DEF" --lef "$LEF" ${PLACE_OPTS:-} -q -o "$WORK/placed_${NAME}.def" ||
    { echo "qrouter_gcd: error: place failed on $DEF" >&2; exit 1; }
  "$PLACE" check "$WORK/placed_${NAME}.def" --lef "$LEF" >/dev/null 2>&1 ||
    { echo "qrouter_gcd: error: our placement is not legal" >&2; exit 1; }
  DEF=$WORK/placed_${NAME}.def
  NAME=${NAME}_ours
  echo "qrouter_gcd: our placement: $DEF (legal)" >&2
fi
cd "$WORK"

# ---- configuration from the LEF: routing layers bottom-up --------------------------------------
awk -v lef="$LEF" -v dirs="$WORK/layers.txt" '
/^[ \t]*MACRO[ \t]/ { inmacro = 1 }
/^[ \t]*LAYER[ \t]+[^ \t;]+[ \t]*$/ && !inmacro { cur = $2; routing = 0; next }
cur != "" && /TYPE[ \t]+ROUTING/ { routing = 1; nl++; name[nl] = cur; next }
cur != "" && routing && /^[ \t]*DIRECTION/ { dir[nl] = $2 }
cur != "" && routing && /^[ \t]*PITCH/ { pitch[nl] = $2 }
cur != "" && routing && /^[ \t]*WIDTH[ \t]+[0-9.]+[ \t]*;/ { width[nl] = $2 }
cur != "" && /^[ \t]*END[ \t]/ && $2 == cur { cur = ""; routing = 0 }
END {
  print "# qrouter configuration generated from " lef " by bench/qrouter_gcd.sh"
  print "read_lef " lef
  print "num_layers " nl
  for (i = 1; i <= nl; i++) {
    d = (dir[i] == "VERTICAL") ? "vertical" : "horizontal"
    print "layer_" i "_name " name[i]
    print "layer " i " wire pitch " pitch[i]
    print "layer " i " " d
    if (i <= 9 && width[i] != "") print "layer_" i "_width " width[i]
    print name[i], d > dirs
  }
}' "$LEF" > "$NAME.cfg"

# ---- the DEF, adapted to qrouter's reader (see the header) ---------------------------------------
awk -v dirs="$WORK/layers.txt" '
BEGIN { while ((getline l < dirs) > 0) { split(l, a, " "); d[a[1]] = a[2] } }
/^PINS[ \t]/ { inpins = 1 }
/^END PINS/ { inpins = 0 }
inpins && /^[ \t]*\+[ \t]*PORT[ \t]*$/ { next }
/^TRACKS[ \t]/ {
  for (i = 1; i <= NF; i++) if ($i == "LAYER") lay = $(i + 1)
  if (lay in d && (($2 == "X") != (d[lay] == "vertical"))) next
}
/^NETS[ \t]/ { print; innets = 1; next }
/^END NETS/ { innets = 0 }
innets && /;[ \t]*$/ { sub(/[ \t]*;[ \t]*$/, ""); print; print "      ;"; next }
{ print }' "$DEF" > "$NAME.def"

cat > "$NAME.tcl" <<EOF
read_config $NAME.cfg
vdd VDD
gnd VSS
read_def $NAME.def
qrouter::standard_route ${NAME}_routed.def false
quit
EOF

echo "qrouter_gcd: routing $DEF in $WORK (qrouter -nog -s $NAME.tcl)" >&2
T0=$(date +%s)
set +e
timeout 1800 qrouter -nog -s "$NAME.tcl" > qrouter.log 2>&1
QRC=$?
set -e
T1=$(date +%s)
[ -s "${NAME}_routed.def" ] ||
  { echo "qrouter_gcd: error: qrouter wrote no output (exit $QRC); see $WORK/qrouter.log" >&2; exit 1; }

# ---- measure the routed DEF ------------------------------------------------------------------
DBU=$(awk '/^UNITS DISTANCE MICRONS/ { print $4; exit }' "$DEF")
awk -v dbu="$DBU" '
/^NETS[ \t]/ { sec = "n"; next }
/^END NETS/ { sec = ""; next }
/^SPECIALNETS[ \t]/ { sec = "s"; next }
/^END SPECIALNETS/ { sec = ""; next }
sec == "n" && /^[ \t]*-[ \t]/ { nets++; cur = $2 }
sec != "" && /(\+ ROUTED|NEW)[ \t]/ {
  if (sec == "n" && /\+ ROUTED/ && !(cur in seen)) { seen[cur] = 1; routed++ }
  have = 0
  for (i = 1; i <= NF; i++) {
    if ($i != "(") { if ($i ~ /^[A-Za-z]/ && $i != "ROUTED" && $i != "NEW" && i > 2 && prevtok == ")") vias++; prevtok = $i; continue }
    x = $(i + 1); y = $(i + 2)
    if (x == "*") x = px
    if (y == "*") y = py
    if (have) { len = (x > px ? x - px : px - x) + (y > py ? y - py : py - y); if (sec == "n") wl += len; else stub += len }
    px = x; py = y; have = 1; prevtok = ")"; i += 3
  }
}
END {
  printf "qrouter: %d nets in NETS, %d with routes, wirelength %.1f um (+ %.1f um of SPECIALNETS stubs), %d vias\n", nets, routed, wl / dbu, stub / dbu, vias
}' "${NAME}_routed.def" | tee summary.txt
FINAL=$(grep -m1 "^Final:" qrouter.log || echo "Final: (no summary line; exit $QRC)")
echo "qrouter: $FINAL (exit $QRC, $((T1 - T0)) s)" | tee -a summary.txt

# ---- our estimates for the same placement ------------------------------------------------------
RTB=
for d in "$ROOT"/build-rt "$ROOT"/build "$ROOT"/build*; do
  if [ -x "$d/bench/rt_bench" ]; then RTB="$d/bench/rt_bench"; break; fi
done
if [ -n "$RTB" ]; then
  "$RTB" -n 1 "$DEF" "$LEF" | tee -a summary.txt
else
  echo "qrouter_gcd: bench/rt_bench not built (cmake --build build --target rt_bench); no estimates" >&2
fi
