# place_step.tcl: run `place` on the design loaded in OpenROAD and take its placement back.
#
#   source place_step.tcl
#   run_place -lefs {tech.lef cells.lef macros.lef} [-density 0.7] [-overflow 0.1]
#             [-init_density_penalty 8e-5] [-bin_grid_count 64] [-skip_initial_place]
#             [-stage gp|lg|all] [-fix_macros] [-threads N] [-seed N]
#             [-bin /path/to/place] [-work DIR] [-extra {more place options}] [-keep]
#
# The design is written with write_def, `place` reads that DEF with the same LEFs (technology LEF
# first), and read_def -incremental brings the new component placements back into OpenDB.  `place`
# changes nothing else in the DEF (every other byte is reproduced), so the incremental read only
# moves instances.  Options named like global_placement's map onto place's (docs/OPENROAD.md):
#   -density -> --density, -overflow -> --overflow, -init_density_penalty -> --init-density-penalty,
#   -bin_grid_count -> --bins, -skip_initial_place -> --initial-iters 0.
# -stage gp (default) writes the global placement only, for OpenROAD's detailed_placement to
# legalize; -stage all lets place legalize too.  -fix_macros marks every block instance FIRM first
# (DEF "+ FIXED"), so place keeps an existing macro placement; otherwise PLACED macros are placed
# again together with the standard cells.  Tcl 8.5 or later.

proc run_place {args} {
  array set opt {
    -lefs {} -stage gp -bin place -work "" -extra {} -threads "" -seed ""
    -density "" -overflow "" -init_density_penalty "" -bin_grid_count ""
  }
  set skip_initial 0
  set fix_macros 0
  set keep 0
  while {[llength $args] > 0} {
    set key [lindex $args 0]
    set args [lrange $args 1 end]
    switch -- $key {
      -skip_initial_place { set skip_initial 1 }
      -fix_macros { set fix_macros 1 }
      -keep { set keep 1 }
      default {
        if {![info exists opt($key)]} {
          error "run_place: unknown option $key"
        }
        if {[llength $args] == 0} {
          error "run_place: option $key needs a value"
        }
        set opt($key) [lindex $args 0]
        set args [lrange $args 1 end]
      }
    }
  }
  if {[llength $opt(-lefs)] == 0} {
    error "run_place: give the LEF files with -lefs (technology LEF first)"
  }
  if {$opt(-work) eq ""} {
    set opt(-work) [file join [pwd] place_work]
  }
  file mkdir $opt(-work)
  set in_def [file join $opt(-work) place_in.def]
  set out_def [file join $opt(-work) place_out.def]

  if {$fix_macros} {
    foreach inst [[ord::get_db_block] getInsts] {
      if {[[$inst getMaster] isBlock] && [$inst isPlaced]} {
        $inst setPlacementStatus FIRM
      }
    }
  }
  write_def $in_def

  set cmd [list $opt(-bin) $in_def]
  foreach lef $opt(-lefs) {
    lappend cmd --lef $lef
  }
  lappend cmd -o $out_def --force --stage $opt(-stage)
  foreach {tcl_opt place_opt} {
    -density --density -overflow --overflow -init_density_penalty --init-density-penalty
    -bin_grid_count --bins -threads --threads -seed --seed
  } {
    if {$opt($tcl_opt) ne ""} {
      lappend cmd $place_opt $opt($tcl_opt)
    }
  }
  if {$skip_initial} {
    lappend cmd --initial-iters 0
  }
  foreach word $opt(-extra) {
    lappend cmd $word
  }
  puts "run_place: [join $cmd { }]"
  # place logs to stderr; a non-zero exit status raises an error here
  if {[catch {exec {*}$cmd 2>@ stderr} msg]} {
    error "run_place: place failed: $msg"
  }
  read_def -incremental $out_def
  if {!$keep} {
    file delete $in_def $out_def
  }
  return $out_def
}
