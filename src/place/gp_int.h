/*
 * gp_int.h: what the global placer's own files share (not a public API): the netlist view, the
 * B2B initial placement (gp_init.c), the congestion map (gp_route.c) and the routability rounds
 * (gp_routability.c) that gp.c's Nesterov loop drives.
 */
#ifndef PLACE_GP_INT_H
#define PLACE_GP_INT_H

#include <stdint.h>

#include "netlist/db.h"
#include "place/gp.h"
#include "place/gp_density.h"
#include "util/ut.h"

/* The placer's netlist: movable cells 0..n-1 by center; pins by offset from their cell's center,
 * or absolute position when pin_cell = -1 (fixed pins). */
typedef struct gp_net_view_t {
  int ncells, nnets;
  const int *net_pin_start, *pin_cell;
  const double *pin_dx, *pin_dy;
} gp_net_view_t;

/* Bound-to-bound quadratic initial placement (Spindler, Schlichtmann, Johannes, "Kraftwerk2",
 * TCAD 2008, section III-B) solved by preconditioned conjugate gradient, `rounds` times, each
 * round re-deriving the B2B weights from the previous solution.  x, y hold the starting centers
 * and receive the result, clamped to [xl,xh] x [yl,yh].  Returns 0 or UT_ENOMEM. */
int gp_b2b_place(const gp_net_view_t *nv, double *x, double *y, double xl, double yl, double xh,
                 double yh, int rounds, int max_net_degree);

/* ---- routability (gp_route.c) ----
 * The congestion map the routability mode reads: a GCell grid with capacities (rt_grid), and per
 * GCell demand from RUDY over the placer's own net boxes, or from the pattern router (rt_route)
 * after writing the placer's positions into the database.  gp_routability.c owns the policy (when
 * to measure, how the rounds go); this module measures and turns congestion into per-cell
 * inflation. */
typedef struct gp_rt_t gp_rt_t;

typedef struct gp_rt_cong_t {
  double overflow;        /* total overflow of the map: sum of max(0, demand - capacity), tracks */
  double overflow_max;    /* largest single overflow */
  double gcells_over_pct; /* share of GCells with overflow */
  double ace[4];          /* ACE(0.5, 1, 2, 5), percent */
  double rc;              /* gpl's RC with coefficients 1, 1, 0, 0: (ACE(0.5) + ACE(1)) / 200 */
} gp_rt_cong_t;

/* Build the grid (capacities from db's LEF/DEF; the movable cells' own OBS are not counted: they
 * are about to move) and the scratch maps.  cell_of maps the nv->ncells movable cells to db
 * components and w, h are their true sizes (kept by reference, for writing positions into db in
 * GP_RT_MAP_ROUTE mode).  Returns 0, UT_EINVAL (no routing layers, bad options) or UT_ENOMEM. */
int gp_rt_create(gp_rt_t **out, db_t *db, const gp_opts_t *o, const gp_net_view_t *nv,
                 const int32_t *cell_of, const double *w, const double *h);
void gp_rt_destroy(gp_rt_t *r);   /* NULL-safe */

/* Congestion of the placement with movable cell centers x[i], y[i] (DBU, i < nv->ncells).  Keeps
 * the per-GCell congestion ratio for gp_rt_inflate.  Returns 0 or UT_ENOMEM. */
int gp_rt_measure(gp_rt_t *r, const double *x, const double *y, gp_rt_cong_t *out);
/* Seconds spent in gp_rt_measure so far, and how many maps it built. */
double gp_rt_seconds(const gp_rt_t *r, int *nmaps);

/* One inflation round from the last measurement.  For every cell i with inflatable[i], the ratio
 * c of the GCell holding its center asks for an area inflation min(c^power, max_ratio) (when
 * c >= 1.01, gpl's minimum) on top of its cumulative infl[i], which stays <= max_ratio.  If the
 * requested extra area sum(area[i] * (new - old)) exceeds budget, every cell's increment is
 * scaled by the same factor.  Updates infl[] and returns the area added (<= budget). */
double gp_rt_inflate(const gp_rt_t *r, const double *x, const double *y, const double *area,
                     const uint8_t *inflatable, double power, double max_ratio, double budget,
                     double *infl);

/* ---- routability rounds (gp_routability.c) ----
 * RePlAce's routability mode (TCAD 2019, section V) as gpl runs it: save the Nesterov state at
 * overflow rt_snapshot_overflow, measure congestion at rt_check_overflow, inflate the cells of
 * congested GCells and go back to the saved state, keep the sizes of the least congested check.
 * gp.c creates it only with o.routability and calls gp_routability_step after every iteration. */
typedef struct gp_routability_t gp_routability_t;

/* The placer's objects the rounds resize: n objects, the nmov movable cells first (cell_of maps
 * them to db components), then the fillers; w, h, area are their density sizes (DBU), which the
 * rounds overwrite, and dens is the density grid whose target they may raise. */
typedef struct gp_sizes_t {
  int n, nmov;
  const int32_t *cell_of;
  double *w, *h, *area;
  gp_density_t *dens;
} gp_sizes_t;

/* The Nesterov state (ePlace section 5.2) a round saves and restores: the major solution u, the
 * reference solutions v and v_prev (2n each: x then y), lambda, gamma and a_k. */
typedef struct gp_nesterov_state_t {
  double *u, *v, *v_prev;
  double lambda, gamma, a;
} gp_nesterov_state_t;

/* Keeps the true sizes of sz's movable cells (the current w, h) and builds the congestion map
 * (gp_rt_create).  free_area is the core area not covered by fixed objects, mov_area the movable
 * cells' area.  Returns 0, UT_EINVAL (no routing capacity model; error in diag) or UT_ENOMEM. */
int gp_routability_create(gp_routability_t **out, db_t *db, const gp_opts_t *o,
                          const gp_net_view_t *nv, const gp_sizes_t *sz, double free_area,
                          double mov_area, ut_diag_t *diag);
void gp_routability_destroy(gp_routability_t *r);   /* NULL-safe */

/* After Nesterov iteration `it`, at density overflow `overflow`, with state s: saves s at the
 * snapshot overflow; at the check overflow measures congestion and may inflate.  When the
 * placement must go back to the snapshot (new sizes in sz), s receives the saved state and *back
 * the iterations since the snapshot (the loop repeats them); otherwise *back = -1 and s is
 * unchanged.  Returns 0 or an error code. */
int gp_routability_step(gp_routability_t *r, int it, double overflow, gp_nesterov_state_t *s,
                        int *back);
/* Congestion of the final placement (movable centers x, y) and the rounds' counts into st's rt_
 * fields; the true sizes back in sz's w, h for the write-back.  Returns 0 or UT_ENOMEM. */
int gp_routability_finish(gp_routability_t *r, const double *x, const double *y,
                          gp_stats_t *st);

#endif
