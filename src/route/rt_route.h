/*
 * rt_route.h: a 2-D pattern global router on the rt_grid GCell grid, for congestion estimation.
 *
 * Each net (>= 2 placed pins in >= 2 GCells, POWER/GROUND skipped) becomes a rectilinear Steiner
 * tree over its pins' GCells (rt_steiner); each tree edge is a 2-pin segment routed with an L or
 * Z pattern (one or two bends inside the segment's box) chosen by an overflow-aware edge cost;
 * then nets crossing overflowing edges are ripped up and rerouted for a few rounds with history
 * costs.  A net uses an edge at most once (its own segments share wire).  Demand is in tracks
 * (one per net per edge); vias and layers are not modelled.  Deterministic and single-threaded.
 *
 * Edge indexing is rt_grid's: horizontal edge (i, j) at j*(nx-1)+i, vertical (i, j) at j*nx+i.
 */
#ifndef PLACE_RT_ROUTE_H
#define PLACE_RT_ROUTE_H

#include <stdint.h>

#include "netlist/db.h"
#include "route/rt_grid.h"

typedef struct rt_route_opts_t {
  int rounds;         /* rip-up and reroute rounds (default 4; 0: patterns only) */
  int zmid;           /* interior Z bend positions tried per segment in the first pass (default
                         8, evenly spaced); rip-up passes try up to 4x as many */
  int exact_max;      /* Steiner trees exact up to this many distinct GCells (default 8) */
  double penalty;     /* beta: weight of the overflow term (default 4) */
  double slope;       /* alpha: logistic slope per track (default 1) */
  double history;     /* history cost added per round to each overflowing edge (default 1) */
} rt_route_opts_t;

typedef struct rt_route_stats_t {
  int32_t nets_routed;      /* nets with >= 2 GCells */
  int32_t nets_local;       /* nets with all pins in one GCell (no global demand) */
  int64_t nsegs;            /* 2-pin segments */
  int64_t wl_gcells;        /* edges used, summed over nets = sum of all edge demand */
  double wl_um;             /* the same in microns (GCell centre to centre per edge) */
  double overflow0;         /* total overflow after the pattern pass */
  double overflow;          /* ... after the last round */
  int rounds_done;
  int64_t ripped;           /* net reroutes over all rounds */
} rt_route_stats_t;

typedef struct rt_route_t rt_route_t;

void rt_route_opts_default(rt_route_opts_t *o);
/* The router for grid g (kept by reference: it must outlive the router).  Returns 0, UT_EINVAL
 * (bad options) or UT_ENOMEM. */
int rt_route_create(rt_route_t **out, const rt_grid_t *g, const rt_route_opts_t *o);
void rt_route_destroy(rt_route_t *r);   /* NULL-safe */

/* Route every net of db from scratch (demand and history are reset).  Returns 0 or UT_ENOMEM. */
int rt_route_run(rt_route_t *r, const db_t *db);

/* Demand per edge (tracks), valid until the next run: (nx-1)*ny and nx*(ny-1) entries. */
const int32_t *rt_route_demand_h(const rt_route_t *r);
const int32_t *rt_route_demand_v(const rt_route_t *r);
/* The same as doubles, into the caller's arrays. */
void rt_route_demand(const rt_route_t *r, double *dem_h, double *dem_v);
void rt_route_stats(const rt_route_t *r, rt_route_stats_t *out);

/* Segments, for inspection and drawing: nsegs of them; segment k belongs to db net *net and runs
 * through the 4 GCell corner points (col, row) in pts[0..7] (consecutive points are axis-aligned;
 * some may coincide). */
int64_t rt_route_nsegs(const rt_route_t *r);
void rt_route_seg(const rt_route_t *r, int64_t k, int32_t *net, int32_t pts[8]);

#endif
