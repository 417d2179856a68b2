/*
 * lg_legalize.h: the legalization stage: movable macros first (lg_macro.h), then multi-row
 * standard cells (greedy), then single-row standard cells (Abacus, lg_abacus.h), all over the row
 * model of lg_grid.h; optional mirroring of cells for wirelength; displacement statistics.
 *
 * Input: the global placement in the database (each movable component's lower-left is its
 * target; UNPLACED components are placed too, from wherever they are).  Output: every movable
 * macro and standard cell legal (lg_check.h) and PLACED; FIXED components untouched.
 */
#ifndef PLACE_LG_LEGALIZE_H
#define PLACE_LG_LEGALIZE_H

#include <stddef.h>
#include <stdint.h>

#include "netlist/db.h"
#include "util/ut.h"

typedef struct lg_opts_t {
  dbu_t macro_halo;              /* keep-out around every macro, DBU (default 0) */
  dbu_t max_disp_x, max_disp_y;  /* displacement limits for standard cells, DBU; 0 = none.
                                  * Measured from the input position pulled into the core box. */
  int macro_passes;              /* macro refinement passes (default 4) */
  int flip;                      /* mirror cells / flip macros when it shortens their nets (1) */
  int weight_by_width;           /* Abacus weights: 1 = cell width (default), 0 = 1 */
  int cost;                      /* LG_COST_* of lg_abacus.h (default LG_COST_CLUSTER) */
} lg_opts_t;

typedef struct lg_stats_t {
  size_t nmacros, ncells, nmulti, nflipped, nfailed;
  /* Manhattan displacement from the input position, microns: standard cells, then macros */
  double disp_mean_um, disp_max_um, disp_total_um;
  double macro_disp_mean_um, macro_disp_max_um;
  int32_t worst_cell;            /* standard cell with the largest displacement, -1 if none */
  int64_t hpwl_before, hpwl_after;   /* DBU */
  double seconds_macro, seconds_cells, seconds_total;
} lg_stats_t;

void lg_opts_default(lg_opts_t *o);

/* Legalize db in place.  opts may be NULL (defaults); st may be NULL.  Returns 0; UT_EINVAL when
 * the design cannot be legalized (no rows, a component that fits nowhere or not within the
 * displacement limits: every one named in diag); UT_ENOMEM. */
int lg_run(db_t *db, const lg_opts_t *opts, lg_stats_t *st, ut_diag_t *diag);

#endif
