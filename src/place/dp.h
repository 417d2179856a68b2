/*
 * dp.h: detailed placement.  Wirelength-driven passes over a legal placement that keep it legal:
 * global swap and vertical swap (FastPlace 3.0's detailed placer), local reordering in small
 * windows, independent set matching (NTUplace3's cell matching, solved as an assignment problem
 * with igraph's LSAP), single-segment clustering ("shift": cells slide along their row, order
 * kept), and mirroring about the Y axis.
 *
 * Input: a legal placement in the database (after lg_run).  Moved: single-row standard cells
 * that sit in a free segment of lg_grid (lg_grid.h) of their fence.  Everything else (FIXED
 * components, macros, multi-row cells, pads, and any cell that does not fit the row model) stays
 * where it is and is an obstacle.  Every move keeps site alignment, the row orientation rules
 * (N/FS by row; the Y mirror only with SYMMETRY Y), no overlap, fences, blockages, halos and the
 * optional displacement limits; the result passes lg_check when the input did.
 *
 * Each pass applies only moves whose exact HPWL change (DBU, as db_hpwl measures it) is negative
 * and reports its gain; a round runs every enabled pass, and rounds repeat until a round gains
 * less than opts->min_gain of the HPWL or opts->max_rounds is reached.  Deterministic and
 * single-threaded: the same input gives the same output.
 */
#ifndef PLACE_DP_H
#define PLACE_DP_H

#include <stddef.h>
#include <stdint.h>

#include "netlist/db.h"
#include "util/ut.h"

/* Passes, in the order a round runs them. */
enum { DP_PASS_GSWAP = 0, DP_PASS_VSWAP, DP_PASS_REORDER, DP_PASS_ISM, DP_PASS_SHIFT,
       DP_PASS_FLIP, DP_NPASSES };

typedef struct dp_opts_t {
  uint8_t pass[DP_NPASSES];      /* 1 = run the pass (default: all on) */
  int max_rounds;                /* default 10 */
  double min_gain;               /* stop after a round gaining less than this fraction of the
                                  * HPWL (default 0.001) */
  int window;                    /* local reordering window, 2..4 cells (default 3) */
  int ism_size;                  /* cells per independent set, 2..32 (default 12) */
  int search_sites;              /* half-width of the swap / matching search windows, in sites
                                  * (default 24) */
  dbu_t max_disp_x, max_disp_y;  /* displacement limits for moved cells, DBU; 0 = none */
  const dbu_t *orig_x, *orig_y;  /* per component: where displacement is measured from (the
                                  * global placement); NULL = the input DEF position
                                  * (db->cell_orig_x/y), as lg_check measures it.  Pulled into
                                  * the core box like lg_run and lg_check do. */
  dbu_t macro_halo;              /* keep-out around every macro, DBU (as given to lg_run) */
  int verbose;                   /* 1: one log line per pass per round (default 1) */
} dp_opts_t;

typedef struct dp_stats_t {
  int64_t hpwl_before, hpwl_after;     /* DBU */
  int rounds;
  int64_t gain[DP_NPASSES];            /* total HPWL gain per pass, DBU (>= 0) */
  int64_t moves[DP_NPASSES];           /* accepted moves per pass */
  double seconds[DP_NPASSES];
  double seconds_setup, seconds_total;
  size_t ncells;                       /* cells detailed placement may move */
  size_t nfrozen;                      /* standard cells left in place (off the row model) */
} dp_stats_t;

void dp_opts_default(dp_opts_t *o);
/* Short stable name of a pass ("gswap", "vswap", "reorder", "ism", "shift", "flip"). */
const char *dp_pass_name(int pass);

/* Improve db's placement in place.  opts may be NULL (defaults); st may be NULL.  Returns 0;
 * UT_EINVAL for invalid options (named in diag); UT_ENOMEM.  A design whose rows overlap one
 * another is left unchanged (with a warning). */
int dp_run(db_t *db, const dp_opts_t *opts, dp_stats_t *st, ut_diag_t *diag);

#endif
