/*
 * rt_report.h: congestion metrics of an edge demand (from rt_route, or any other estimate mapped
 * onto the GCell edges) against rt_grid's capacities.
 *
 *  - overflow of an edge = max(0, demand - capacity); total, maximum, per direction;
 *  - overflowing GCells: those with at least one overflowing incident edge, as a share of all;
 *  - ACE(x) for x = 0.5, 1, 2, 5 (the DAC 2012 routability-driven placement contest, Viswanathan
 *    et al., DAC 2012): congestion of an edge = demand / capacity over the edges (H and V of the
 *    2-D grid in one list) with capacity > 0; ACE(x) = mean of the largest ceil(x% of them)
 *    values, in percent; rc = the plain mean of the four ACE values (a one-number summary; the
 *    contest folds the same four values into its routability penalty).
 * docs/ROUTING.md gives the exact definitions.
 */
#ifndef PLACE_RT_REPORT_H
#define PLACE_RT_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "route/rt_grid.h"

typedef struct rt_report_t {
  int64_t nedges;            /* H + V edges */
  int64_t nedges_cap;        /* ... with capacity > 0 (the ACE population) */
  int64_t nedges_over;       /* demand > capacity */
  int64_t nedges_blocked_used;  /* capacity 0 but demand > 0 (overflow, not in ACE) */
  double overflow_total, overflow_h, overflow_v, overflow_max;
  int64_t ngcells, ngcells_over;
  double gcells_over_pct;
  double ace[4];             /* ACE(0.5), ACE(1), ACE(2), ACE(5), percent */
  double rc;                 /* mean of ace[] */
  double max_congestion_pct; /* largest demand / capacity over the ACE population */
  double demand_total, capacity_total;
  /* wirelength, filled by the caller (NAN/0 when unknown) */
  double wl_routed_um, wl_steiner_um, wl_hpwl_um;
  int64_t wl_routed_gcells;
} rt_report_t;

extern const double rt_ace_pct[4];   /* 0.5, 1, 2, 5 */

/* Metrics of the demand dem_h ((nx-1)*ny) and dem_v (nx*(ny-1)).  Wirelength fields are zeroed.
 * Returns 0 or UT_ENOMEM (it sorts a copy of the congestion values). */
int rt_report_congestion(const rt_grid_t *g, const double *dem_h, const double *dem_v,
                         rt_report_t *out);
/* The same metrics for per-GCell demand maps (e.g. RUDY, nx*ny each) against per-GCell
 * capacities (rt_grid_gcell_capacity): "edges" are then the GCells, once per direction. */
int rt_report_gcells(const rt_grid_t *g, const double *dem_h, const double *dem_v,
                     const double *cap_h, const double *cap_v, rt_report_t *out);
/* Per-GCell congestion map (nx*ny): the largest demand/capacity of the GCell's incident edges, a
 * capacity below one track counting as one (so fully blocked edges show their demand). */
void rt_report_gcell_map(const rt_grid_t *g, const double *dem_h, const double *dem_v,
                         double *map);
void rt_report_print(const rt_report_t *r, FILE *f);

#endif
