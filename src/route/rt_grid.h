/*
 * rt_grid.h: the routing resource model.  A 2-D GCell grid over the die with a horizontal and a
 * vertical capacity (in tracks) on every edge between neighbouring GCells, summed over the routing
 * layers counted for signal routing.  Built once per design; the estimators (rt_rudy, rt_route)
 * and the reports read it.  docs/ROUTING.md describes the model in full.
 *
 * Layout (read-only for callers):
 *  - GCell (i, j), 0 <= i < nx, 0 <= j < ny, covers [xs[i], xs[i+1]) x [ys[j], ys[j+1]) in DBU;
 *    the boundaries are strictly increasing and xs[0] = die.x0, xs[nx] = die.x1 (same in y).
 *    GCell maps are nx*ny arrays, row-major: [j*nx + i].
 *  - Horizontal edge (i, j) joins GCell (i, j) and (i+1, j): index j*(nx-1) + i, (nx-1)*ny edges.
 *    Vertical edge (i, j) joins (i, j) and (i, j+1): index j*nx + i, nx*(ny-1) edges.
 *  - Capacity of a horizontal edge = the horizontal tracks (of horizontal layers) whose y lies in
 *    GCell row j, each counted by the fraction of the edge's span (centre of GCell i to centre of
 *    GCell i+1) that no obstruction blocks; likewise vertical.  Fractional after blockages.
 *  - Routing layers are numbered 1.. bottom-up (LEF order of TYPE ROUTING layers); per-layer
 *    arrays are indexed 0..nlayers-1.
 */
#ifndef PLACE_RT_GRID_H
#define PLACE_RT_GRID_H

#include <stdint.h>
#include <stdio.h>

#include "netlist/db.h"

typedef struct rt_grid_opts_t {
  int use_def_gcells;    /* 1: take the grid from DEF GCELLGRID when present (default 1) */
  int tracks_per_gcell;  /* automatic grid: GCell side ~ this many tracks of the most common
                            preferred pitch, rounded to whole rows (default 15) */
  dbu_t gcell_size;      /* > 0: square GCells of this size in DBU, overrides both (default 0) */
  int min_layer;         /* lowest routing layer (1-based) counted for signals (default 2: metal1
                            is left to the cells' own pins and power rails, as routers do) */
  int max_layer;         /* highest counted routing layer, 0 = the top one (default 0) */
  int cell_obs;          /* 1: LEF OBS of every placed component blocks capacity (default 1) */
  int blockages;         /* 1: DEF BLOCKAGES LAYER block capacity (default 1) */
  double cap_scale;      /* capacity multiplier in (0, 1], e.g. 0.8 to reserve 20% (default 1) */
} rt_grid_opts_t;

typedef struct rt_grid_t {
  int nx, ny;
  dbu_t *xs, *ys;               /* nx+1 and ny+1 GCell boundaries (DBU) */
  int from_def;                 /* 1: boundaries from DEF GCELLGRID, 0: automatic */
  int dbu;                      /* DBU per micron of the design */

  /* routing layers, bottom-up */
  int nlayers;
  int32_t *layer_db;            /* database layer index */
  uint8_t *layer_dir;           /* DB_DIR_HORIZONTAL or DB_DIR_VERTICAL (inferred if unset) */
  uint8_t *layer_used;          /* counted in cap_h / cap_v */
  uint8_t *layer_def_tracks;    /* 1: tracks from DEF TRACKS, 0: from the LEF pitch and offset */
  dbu_t *layer_pitch;           /* preferred-direction track pitch (DBU) */
  int32_t *layer_ntracks;       /* preferred-direction tracks over the die */
  double *layer_cap_raw;        /* sum of the layer's edge capacities before blockages */
  double *layer_cap;            /* ... after blockages (and cap_scale) */
  int64_t *layer_cap_start;     /* per-layer edge capacities: lcap[layer_cap_start[l] + e], e an
                                   edge index of the layer's direction */
  double *lcap;

  /* edge capacities summed over the used layers (tracks) */
  double *cap_h;                /* (nx-1)*ny */
  double *cap_v;                /* nx*(ny-1) */
  int64_t nedges_h, nedges_v;

  /* counts kept for the summary */
  int64_t nobs_rects, nblk_rects;
} rt_grid_t;

void rt_grid_opts_default(rt_grid_opts_t *o);
/* Build the grid and capacities for db (LEF layers, DEF die, tracks, gcells, blockages, placed
 * components).  Returns 0, UT_EINVAL (no die, no routing layer, bad options), UT_ELIMIT (more
 * than 2^26 GCells) or UT_ENOMEM. */
int rt_grid_create(rt_grid_t **out, const db_t *db, const rt_grid_opts_t *o);
void rt_grid_destroy(rt_grid_t *g);   /* NULL-safe */

/* GCell column / row holding a coordinate (clamped into the grid). */
int rt_grid_col(const rt_grid_t *g, int64_t x);
int rt_grid_row(const rt_grid_t *g, int64_t y);
/* Centre of GCell column i / row j (DBU, doubled to stay integral: returns xs[i] + xs[i+1]). */
static inline int64_t rt_grid_cx2(const rt_grid_t *g, int i) {
  return (int64_t)g->xs[i] + g->xs[i + 1];
}
static inline int64_t rt_grid_cy2(const rt_grid_t *g, int j) {
  return (int64_t)g->ys[j] + g->ys[j + 1];
}

/* Per-GCell capacity maps (nx*ny, tracks): the mean capacity of the GCell's incident horizontal
 * (vertical) edges; what a per-GCell demand such as RUDY is compared with. */
void rt_grid_gcell_capacity(const rt_grid_t *g, double *cap_h, double *cap_v);

/* The per-layer capacity summary (layer, direction, pitch, tracks per GCell, total capacity,
 * blocked %), one line per routing layer plus totals, as text to f. */
void rt_grid_print(const rt_grid_t *g, const db_t *db, FILE *f);

#endif
