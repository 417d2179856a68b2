/*
 * lg_abacus.h: standard-cell legalization by Abacus (Spindler, Schlichtmann, Johannes, ISPD 2008)
 * over the free segments of lg_grid, and the greedy placement of multi-row cells that runs before
 * it.  Both are driven by lg_run (lg_legalize.h); they are separate so detailed placement and
 * tests can call them.
 */
#ifndef PLACE_LG_ABACUS_H
#define PLACE_LG_ABACUS_H

#include <stdint.h>

#include "netlist/db.h"
#include "place/lg_grid.h"
#include "util/ut.h"

/* Cost of a candidate position: the increase of the weighted quadratic movement of every cell the
 * move shifts (default), or only the cell's own displacement, squared Euclidean or Manhattan. */
enum { LG_COST_CLUSTER = 0, LG_COST_QUADRATIC = 1, LG_COST_MANHATTAN = 2 };

typedef struct lg_abacus_opts_t {
  dbu_t max_disp_x, max_disp_y;   /* limits on |x - tx|, |y - ty| (DBU); 0 = none */
  int weight_by_width;            /* Abacus weights e_i: 1 = cell width, 0 = 1 for every cell */
  int cost;                       /* LG_COST_* */
} lg_abacus_opts_t;

void lg_abacus_opts_default(lg_abacus_opts_t *o);

/* Legalize cells[0..n) (standard cells that fit one row: lg_grid_single_row) into the segments of
 * g, which must have been built with every other placed object as an obstacle.  tx, ty: target
 * lower-left per component (indexed by component).  Each cell ends on a site of a segment of its
 * fence (seg_region == its hard region, or -1), in the row's orientation, status PLACED.
 * Returns 0; UT_EINVAL when cells could not be placed (each one named in diag; they keep their
 * position); UT_ENOMEM. */
int lg_abacus_run(db_t *db, const lg_grid_t *g, const int32_t *cells, int32_t n, const dbu_t *tx,
                  const dbu_t *ty, const lg_abacus_opts_t *o, ut_diag_t *diag);

/* Place cells[0..n) that span several rows (or sit on rows of a multi-height site) one by one,
 * tallest first, each at the free stack of rows nearest its target (squared distance), keeping
 * clear of g's segments' obstacles and of each other.  Same returns as lg_abacus_run. */
int lg_multi_run(db_t *db, const lg_grid_t *g, const int32_t *cells, int32_t n, const dbu_t *tx,
                 const dbu_t *ty, const lg_abacus_opts_t *o, ut_diag_t *diag);

#endif
