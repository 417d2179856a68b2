/*
 * lg_macro.h: legalization of movable macros (db_cell_is_macro, not FIXED), before the standard
 * cells: no overlap with each other, with fixed components or hard placement blockages, halos kept,
 * inside the core, lower-left on a base row's y and on its site grid, members inside their
 * fence and others outside fences.  Driven by lg_run (lg_legalize.h).
 */
#ifndef PLACE_LG_MACRO_H
#define PLACE_LG_MACRO_H

#include <stdint.h>

#include "netlist/db.h"
#include "place/lg_grid.h"
#include "util/ut.h"

typedef struct lg_macro_opts_t {
  dbu_t macro_halo;      /* keep-out around every macro (DBU), added to DEF + HALO */
  int passes;            /* refinement passes after the greedy pass (default 4) */
  int flip;              /* try the symmetric orientations, keep the shortest nets (default 1) */
} lg_macro_opts_t;

typedef struct lg_macro_stats_t {
  int32_t nmacros;       /* movable macros legalized */
  int32_t nflipped;      /* orientation changed for wirelength */
  int32_t nrefined;      /* single-macro moves made by the refinement passes */
  int32_t nshifts;       /* order-preserving x or y shifts applied */
  double disp_total;     /* Manhattan displacement from the targets, DBU */
  double disp_max;
} lg_macro_stats_t;

void lg_macro_opts_default(lg_macro_opts_t *o);

/* Legalize every movable macro of db.  tx, ty: target lower-left per component.  Writes the
 * positions (status PLACED).  Returns 0; UT_EINVAL when a macro has no legal position (named in
 * diag); UT_ENOMEM. */
int lg_macro_run(db_t *db, const lg_grid_t *g, const dbu_t *tx, const dbu_t *ty,
                 const lg_macro_opts_t *o, lg_macro_stats_t *st, ut_diag_t *diag);

#endif
