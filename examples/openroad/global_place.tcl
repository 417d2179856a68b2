# global_place.tcl: OpenROAD-flow-scripts' global placement step (3_3_place_gp) done by `place`.
#
# A drop-in for ORFS's flow/scripts/global_place.tcl: copy it over that file (or point the step at
# it) and set PLACE_BIN.  It loads the design as the ORFS step does, runs `place` through run_place
# (place_step.tcl, beside this file) and saves 3_3_place_gp.odb for the next step (resizing and
# detailed placement, which legalizes).  docs/OPENROAD.md explains the options and what is kept.
#
# Environment, besides what ORFS sets (SCRIPTS_DIR, RESULTS_DIR, TECH_LEF, SC_LEF, ADDITIONAL_LEFS,
# PLACE_DENSITY):
#   PLACE_BIN    the place executable (default: place on PATH)
#   PLACE_STAGE  gp (default; ORFS legalizes afterwards) or all (place legalizes as well)
#   PLACE_ARGS   more place options, e.g. "--threads 4 --seed 2"
#   PLACE_FIX_MACROS  1 (default) keeps the macro placement of the floorplan step

source [file join [file dirname [info script]] place_step.tcl]

if {[info commands load_design] eq ""} {
  source [file join $::env(SCRIPTS_DIR) load.tcl]
}
load_design 3_2_place_iop.odb 2_floorplan.sdc

proc env_or {name default} {
  if {[info exists ::env($name)] && $::env($name) ne ""} {
    return $::env($name)
  }
  return $default
}

# technology LEF first, then the standard cells, then macros
set lefs [list $::env(TECH_LEF)]
foreach lef [concat [env_or SC_LEF ""] [env_or ADDITIONAL_LEFS ""]] {
  lappend lefs $lef
}

set place_args [list -lefs $lefs -bin [env_or PLACE_BIN place] -stage [env_or PLACE_STAGE gp] \
                  -work [file join $::env(RESULTS_DIR) place_work] -extra [env_or PLACE_ARGS ""]]
if {[env_or PLACE_DENSITY ""] ne ""} {
  lappend place_args -density $::env(PLACE_DENSITY)
}
if {[env_or PLACE_FIX_MACROS 1]} {
  lappend place_args -fix_macros
}
# ORFS features place does not have: say so instead of silently ignoring them
foreach unsupported {GPL_TIMING_DRIVEN GPL_ROUTABILITY_DRIVEN CELL_PAD_IN_SITES_GLOBAL_PLACEMENT} {
  if {[env_or $unsupported 0] ne "0"} {
    puts "global_place.tcl: warning: $unsupported is set but place does not support it; ignored"
  }
}

run_place {*}$place_args

write_db [file join $::env(RESULTS_DIR) 3_3_place_gp.odb]
