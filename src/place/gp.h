/*
 * gp.h: global placement, ePlace/RePlAce style (Lu et al., TODAES 2015; Cheng et al., TCAD 2018).
 *
 * gp_run places every movable component (standard cells and macros together, mixed-size) of the
 * database at overflow <= target, writing lower-left DBU positions back with status PLACED.  The
 * result is not legal: legalization (lg_) follows.  Fixed components, placement blockages and IO
 * pins stay where they are and act as fixed charge (components, blockages) or fixed pins (IO).
 */
#ifndef PLACE_GP_H
#define PLACE_GP_H

#include <stdint.h>

#include "netlist/db.h"
#include "util/ut.h"

typedef struct gp_opts_t {
  double target_density;        /* rho_t, default 0.7 */
  double target_overflow;       /* stop when overflow <= this, default 0.10 */
  int max_iters;                /* Nesterov iterations, default 2000 */
  int initial_iters;            /* bound-to-bound rounds, default 8 (0 skips initial placement) */
  double init_density_penalty;  /* lambda_0 scale (RePlAce 8e-5) */
  uint64_t seed;                /* filler positions */
  int bins_x, bins_y;           /* 0: chosen from the cell count */
  double filler_scale;          /* filler area = this x the average movable cell's (default 4) */
  int progress_every;           /* progress line every N iterations (0: none) */
  /* Called every frame_every iterations (and at the end) with the centers (DBU) of all db->ncells
   * components: the current positions of movable ones, the database positions of fixed ones. */
  void (*frame_cb)(void *ctx, int iter, const double *cx, const double *cy);
  void *frame_ctx;
  int frame_every;
  /* Routability-driven mode (RePlAce, Cheng et al., TCAD 2019, section V; OpenROAD gpl's
   * routeBase): cells in congested GCells are inflated in the density term.  Off by default; when
   * off nothing below is read and the placement is the same as without these fields. */
  int routability;              /* 1: on */
  int rt_map;                   /* GP_RT_MAP_RUDY (default) or GP_RT_MAP_ROUTE (pattern router) */
  double rt_check_overflow;     /* measure congestion when the overflow falls to this (0.3) */
  double rt_snapshot_overflow;  /* positions saved here, restored after each inflation (0.6) */
  double rt_target_rc;          /* done when RC = (ACE(0.5%) + ACE(1%)) / 2 is below this (1.01) */
  int rt_rounds;                /* inflation rounds at most (5) */
  double rt_power;              /* a cell's inflation = min(ratio^power, max_ratio) (2.5) */
  double rt_max_ratio;          /* area inflation of one cell over all rounds, at most (2.5) */
  double rt_max_inflation;      /* total added area <= this x movable standard-cell area (0.3) */
  double rt_max_density;        /* target density may rise to this when fillers run out (0.99) */
  int rt_max_layer;             /* capacity model: top routing layer counted (0: all) */
  double rt_cap_scale;          /* capacity model: capacity multiplier (1) */
} gp_opts_t;

enum { GP_RT_MAP_RUDY = 0, GP_RT_MAP_ROUTE = 1 };

typedef struct gp_stats_t {
  int iters, backtracks, nmovable, nfillers, bins_x, bins_y;
  double hpwl_um;               /* exact HPWL of the written placement */
  double initial_hpwl_um;       /* after the bound-to-bound initial placement */
  double overflow, lambda;
  int converged;                /* overflow target reached */
  int recoveries;               /* divergences recovered from a snapshot */
  double t_total, t_initial, t_wl, t_density, t_fft;   /* seconds */
  /* routability mode (zero when off); overflow = total congestion overflow of the map (tracks) */
  int rt_checks, rt_rounds;     /* congestion measurements, inflation rounds applied */
  int rt_maps;                  /* congestion maps built */
  double rt_overflow_first;     /* at the first check (no inflation yet) */
  double rt_overflow_best;      /* lowest seen at a check */
  double rt_overflow_final, rt_rc_final;   /* of the written global placement */
  double rt_inflation_pct;      /* area added to the cells kept, % of the movable area */
  double t_rt_map;              /* seconds in congestion maps */
} gp_stats_t;

void gp_opts_default(gp_opts_t *o);
/* Returns 0, UT_EINVAL (with a message in diag: density below utilization, unplaced IO pins, no
 * rows) or UT_ENOMEM. */
int gp_run(db_t *db, const gp_opts_t *opts, gp_stats_t *st, ut_diag_t *diag);

#endif
