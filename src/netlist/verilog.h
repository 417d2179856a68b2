/*
 * verilog.h: flat gate-level structural Verilog in, and a floorplan made for it (floorplan.c).
 *
 * vl_read reads one module (the top) of a synthesized netlist into a database that already holds
 * the LEF library: module ports (input/output/inout, buses [msb:lsb], ANSI or not), wire/tri
 * declarations, cell instances "MASTER inst ( .PIN(net), .PIN(bus[3]), .PIN({a, b[2:0]}), ... );"
 * (bus pins of macros map msb first onto the LEF pins PIN[k]), "assign a = b;" (net aliasing),
 * constants (1'b0, 4'hA, {2{1'b1}}), escaped identifiers (\name ), (* attributes *) and comments.
 * Nothing behavioural: always/initial/function/generate, instance arrays, positional connections
 * and instances of other modules in the file (a hierarchical netlist: flatten it first) are
 * reported as errors.
 *
 * Names follow OpenROAD's (OpenSTA's) convention so that DEFs agree with OpenROAD's: an escaped
 * identifier loses its backslash and keeps a backslash before '[', ']', '/' and '\' (and before
 * the few characters DEF cannot start or end a word with); a bit of a declared bus is "bus[3]".
 * Each module port bit becomes an IO pin of that name on the net of the same name.  A net joined
 * to other nets by assign takes the name of a port among them (the first declared), else of the
 * first declared net.  A pin tied to a constant (1'b0/1'b1, directly or through assign) is left
 * unconnected and counted: tie cells are synthesis' job, and a constant net has no placement
 * meaning.  Pins with LEF USE POWER/GROUND are left to the power grid (SPECIALNETS).
 * Components are UNPLACED; nets with no connection are dropped.
 *
 * vl_floorplan then creates die, core, rows, tracks and IO pin positions, like OpenROAD's
 * initialize_floorplan + make_tracks + place_pins:
 *  - die and core from explicit boxes (microns), or from a utilization U and aspect ratio A
 *    (height / width): core area = instance area / U, core rounded up to whole sites and rows,
 *    die = core + margin on every side;
 *  - rows of the CORE site most instances use, filling the core from its lower-left corner
 *    (whole sites, whole rows), named ROW_<k>, orientations alternating FS, N, FS, ... from the
 *    bottom, as OpenROAD does;
 *  - TRACKS X and Y for every routing layer with a pitch, from the die's lower-left plus the LEF
 *    OFFSET (half a pitch when absent), covering the die;
 *  - IO pins in port declaration order, counterclockwise from the lower-left corner (bottom edge
 *    left to right, right edge upward, top edge right to left, left edge downward), spread evenly
 *    on tracks of a horizontal layer (left/right edges) or vertical layer (top/bottom edges):
 *    by default the lowest routing layer of each direction above the first routing layer.  Each
 *    pin is a rectangle of the layer's width, 2 pitches deep, inside the die and touching its
 *    edge, PLACED.  Macros stay unplaced (global placement places them); no tapcells or endcaps
 *    are inserted (OpenROAD's tapcell step does that).
 */
#ifndef PLACE_VERILOG_H
#define PLACE_VERILOG_H

#include "netlist/db.h"
#include "util/ut.h"

/* Read module `top` (NULL: the only module, or the one no other module instantiates) of a
 * gate-level netlist (plain or .gz) into db, which holds the LEF library.  Binds the library
 * units (the LEF DATABASE MICRONS, else 1000) and calls db_finish.  Returns 0 or a negative error
 * with diagnostics ("file:line:col: error: ...") in diag. */
int vl_read(db_t *db, const char *path, const char *top, ut_diag_t *diag);
/* Same from memory (name for diagnostics). */
int vl_read_buffer(db_t *db, const char *buf, size_t len, const char *name, const char *top,
                   ut_diag_t *diag);

typedef struct vl_floorplan_opts_t {
  int has_boxes;              /* 1: die_um and core_um are given */
  double die_um[4];           /* x0 y0 x1 y1, microns */
  double core_um[4];
  double utilization;         /* used when !has_boxes: 0 < U <= 1 (default 0.5) */
  double aspect;              /* core height / width (default 1) */
  double core_margin_um;      /* die - core on every side, utilization mode (default 0) */
  const char *site;           /* NULL: the CORE site most instances use */
  const char *io_hor_layer;   /* NULL: automatic (see above) */
  const char *io_ver_layer;
} vl_floorplan_opts_t;

void vl_floorplan_opts_default(vl_floorplan_opts_t *o);
/* Create the floorplan for the design vl_read built (die, rows, tracks, IO pin placement);
 * calls db_finish again.  Returns 0, UT_EINVAL (message in diag) or UT_ENOMEM. */
int vl_floorplan(db_t *db, const vl_floorplan_opts_t *o, ut_diag_t *diag);

#endif
