#!/bin/sh
# The OpenROAD integration scripts (examples/openroad) run end to end against a mock OpenROAD: a
# tclsh prelude that stands in for read_lef/read_def/read_db/write_def/write_db and OpenDB, so the
# Tcl of run_place, global_place.tcl (ORFS drop-in) and place_openroad.sh really executes with the
# real `place`.  With --stage read, place reproduces its input DEF byte for byte, so the design
# "read back" must equal the input.  Also shellcheck on the shell scripts when it is installed.
# usage: openroad_mock_test.sh PLACE BENCH
set -u
place=$1
bench=$2
here=$(cd "$(dirname "$0")/../../examples/openroad" && pwd)
if ! command -v tclsh >/dev/null 2>&1; then
  echo "SKIP: tclsh is not installed (Debian: apt-get install tcl); the OpenROAD script test did not run"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { pass=$((pass+1)); }
bad() { echo "FAIL: $*"; fail=$((fail+1)); }
def=$bench/openroad_dpl/gcd/gcd_replace.def
lef=$bench/tech/nangate45/Nangate45.lef

# the mock: OpenROAD's design commands on files, OpenDB with no instances
cat > "$tmp/prelude.tcl" <<'EOF'
set ::LEFS {}
proc read_lef {f} { lappend ::LEFS $f }
proc read_db {f} { set ::DESIGN $f }
proc read_def {args} {
  if {[lindex $args 0] eq "-incremental"} {
    # OpenROAD reads the file at once: keep a copy, the caller may delete it
    set ::DESIGN $::env(MOCK_STATE)
    file copy -force [lindex $args 1] $::DESIGN
    set ::READ_BACK 1
    return
  }
  set ::DESIGN [lindex $args end]
}
proc write_def {f} {
  if {[file normalize $::DESIGN] ne [file normalize $f]} { file copy -force $::DESIGN $f }
}
proc write_db {f} { write_def $f }
proc load_design {odb sdc} { set ::DESIGN $::env(MOCK_DESIGN) }
namespace eval ord { proc get_db_block {} { return ::mock_block } }
proc ::mock_block {method args} { return {} }
EOF
cat > "$tmp/openroad" <<EOF
#!/bin/sh
# mock openroad: openroad -exit -no_init SCRIPT
cat "$tmp/prelude.tcl" "\$3" > "$tmp/run.tcl"
echo 'if {![info exists ::READ_BACK]} { puts stderr "mock: placement never read back"; exit 1 }' >> "$tmp/run.tcl"
exec tclsh "$tmp/run.tcl"
EOF
chmod +x "$tmp/openroad"

# 1. place_openroad.sh with a DEF in, a DEF out
export MOCK_STATE="$tmp/state.def"
if OPENROAD="$tmp/openroad" PLACE_BIN="$place" sh "$here/place_openroad.sh" -l "$lef" -i "$def" \
     -o "$tmp/out.def" -s read -- --seed 2 >"$tmp/log1" 2>&1 && cmp -s "$def" "$tmp/out.def"; then
  ok
else
  bad "place_openroad.sh did not round-trip the DEF:"; sed 's/^/    /' "$tmp/log1" | head -n 20
fi
if grep -q -- "--lef $lef" "$tmp/log1" && grep -q -- "--seed 2" "$tmp/log1"; then ok; else
  bad "run_place did not pass the LEF and the extra options: $(grep run_place "$tmp/log1")"
fi

# 2. global_place.tcl as ORFS runs it (its environment, load.tcl from SCRIPTS_DIR)
mkdir -p "$tmp/scripts" "$tmp/results"
echo '# load_design comes from the mock prelude' > "$tmp/scripts/load.tcl"
cat "$tmp/prelude.tcl" > "$tmp/orfs.tcl"
echo "source {$here/global_place.tcl}" >> "$tmp/orfs.tcl"
echo 'if {![info exists ::READ_BACK]} { puts stderr "mock: placement never read back"; exit 1 }' >> "$tmp/orfs.tcl"
if SCRIPTS_DIR="$tmp/scripts" RESULTS_DIR="$tmp/results" TECH_LEF="$lef" SC_LEF="" \
   ADDITIONAL_LEFS="" PLACE_DENSITY=0.65 PLACE_BIN="$place" PLACE_STAGE=read MOCK_DESIGN="$def" \
   GPL_TIMING_DRIVEN=1 tclsh "$tmp/orfs.tcl" >"$tmp/log2" 2>&1 &&
   cmp -s "$def" "$tmp/results/3_3_place_gp.odb"; then
  ok
else
  bad "global_place.tcl did not produce 3_3_place_gp:"; sed 's/^/    /' "$tmp/log2" | head -n 20
fi
if grep -q -- "--density 0.65" "$tmp/log2"; then ok; else bad "PLACE_DENSITY not passed as --density"; fi
if grep -q "GPL_TIMING_DRIVEN is set but place does not support it" "$tmp/log2"; then ok; else
  bad "no warning for an unsupported ORFS option"
fi

# 3. a failing place is an error in Tcl, not a silent success
if OPENROAD="$tmp/openroad" PLACE_BIN="$place" sh "$here/place_openroad.sh" -l "$lef" \
     -i "$def" -o "$tmp/out2.def" -s read -- --no-such-option >"$tmp/log3" 2>&1; then
  bad "a failed place run was not reported"
else
  if grep -q "run_place: place failed" "$tmp/log3"; then ok; else bad "failure message: $(cat "$tmp/log3")"; fi
fi

# 4. shellcheck, where installed
if command -v shellcheck >/dev/null 2>&1; then
  if shellcheck -s sh "$here/place_openroad.sh" >"$tmp/sc" 2>&1; then ok; else
    bad "shellcheck:"; head -n 20 "$tmp/sc"
  fi
else
  echo "note: shellcheck not installed; shell lint skipped"
fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
