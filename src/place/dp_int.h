/*
 * dp_int.h: what the detailed placement files share (dp_core.c, dp_swap.c, dp_reorder.c,
 * dp_ism.c, dp_shift.c, dp.c): the engine state, the exact incremental HPWL evaluator and the
 * segment lists.
 * Tests use it too (tests/unit/dp_*_test.c).  Not a public API.
 *
 * State.  cx/cy/co hold the current placement of every component (the database is written back
 * once, at the end).  A *movable* cell (cseg >= 0) is a single-row standard cell sitting in a free
 * segment of lg_grid; each segment keeps its cells sorted by x in scell[soff[s] .. soff[s]+sn[s]),
 * and cidx is a cell's index there.  Cells of a segment never overlap and lie inside it.
 *
 * Nets.  The pins with a position (component pins and placed IO pins) are *entries*: entry k of
 * net n (nstart[n] <= k < nstart[n+1]) belongs to movable cell ecell[k] with offset (ex, ey) in
 * orientation N, or has the fixed absolute position (ex, ey) when ecell[k] < 0; px/py hold every
 * entry's current position.  Each net caches its bounding box and how many entries sit on each
 * of its four sides (dp_box_t); HPWL is the sum of the boxes' half perimeters, exactly db_hpwl.
 *
 * Evaluation.  dp_try(moves) writes the new placements into cx/cy/co and px/py, updates a scratch
 * copy of the boxes of the nets the moved cells touch (remove the old pin, add the new one; a
 * side whose count falls to zero is recomputed from the net's entries), and returns the exact
 * HPWL change.  dp_commit keeps it, dp_revert restores the old placements; one of them must
 * follow each dp_try.  The passes update the segment lists themselves after a commit.
 */
#ifndef PLACE_DP_INT_H
#define PLACE_DP_INT_H

#include <stdint.h>

#include "netlist/db.h"
#include "place/dp.h"
#include "place/lg_grid.h"

#define DP_NONE INT32_MIN
/* Cells pushed aside on each side when a cell is inserted into a gap (dp_swap.c). */
#define DP_SHIFT_K 8
/* Most cells one single-segment clustering run moves (dp_shift.c). */
#define DP_RUN 48

/* A net's bounding box and the number of entries on each side (x0, x1, y0, y1). */
typedef struct dp_box_t {
  dbu_t x0, x1, y0, y1;
  int32_t k0, k1, k2, k3;
} dp_box_t;

typedef struct dp_stamp_t {
  uint32_t stamp;
  int32_t slot;
} dp_stamp_t;

/* A candidate move of the swap passes (dp_swap.c). */
typedef struct dp_cand_t {
  int64_t alone;                 /* the moved cell's own HPWL change */
  int32_t seq;
  int32_t kind, s, t, j;
  dbu_t xi, xj;
} dp_cand_t;
#define DP_MAX_CAND 2048

typedef struct dp_t {
  db_t *db;
  lg_grid_t *g;
  dp_opts_t o;
  int32_t ncells;

  /* components */
  dbu_t *cx, *cy, *cw, *ch;      /* current lower-left; master size (orientations are N/S/FN/FS) */
  uint8_t *co;                   /* current orientation */
  uint8_t *cmir;                 /* movable: 1 when mirrored about Y relative to its row */
  int32_t *cseg, *cidx;          /* movable: segment and index in it; -1 otherwise */
  int32_t *cfence;               /* fence-like region (lg_region_hard) or -1 */
  dbu_t *lx0, *lx1, *ly0, *ly1;  /* displacement box of the lower-left (NULL: no limit) */
  int32_t nmov;
  int32_t *mov;                  /* movable cells, ascending */
  size_t nfrozen;

  /* segments (lg_grid's), their cells, and the segments of each level by x */
  int32_t nsegs;
  int32_t *soff, *sn, *scap, *scell;
  int32_t *lseg_start, *lsegs;
  dbu_t maxw;                    /* widest movable cell */
  int wgrid;                     /* 1: every movable width is a multiple of every row's pitch */

  /* nets and entries */
  int32_t nnets;
  int32_t *nstart;               /* nnets + 1 */
  int32_t *ecell, *enet;
  dbu_t *ex, *ey;
  dbu_t *px, *py;                /* current pin position of every entry */
  int32_t *cstart, *centry;      /* per component: its entries, sorted by net (movable only) */
  int32_t maxcdeg;               /* most entries of one movable cell */
  dp_box_t *nb;                  /* cached box per net */
  int64_t hpwl;
  /* change tracking: dp_commit stamps the nets it touches with serial (one per pass run); a
   * pass skips cells none of whose nets changed since its previous run began (since) */
  uint32_t *nver;
  uint32_t serial, since;

  /* pending trial */
  int maxmove;
  int tn;
  int32_t *tc;
  dbu_t *tox, *toy;
  uint8_t *too;
  int64_t tdelta;
  int32_t ntn, capt;             /* touched nets and their scratch boxes */
  int32_t *tnet;
  dp_box_t *sb;
  int64_t *sh;
  int32_t npe;                   /* entries the trial moved: index and old position */
  int32_t *pek;
  dbu_t *pex, *pey;
  dp_stamp_t *nst;               /* per net: trial stamp and scratch slot */
  uint32_t stamp;

  /* pass scratch */
  dbu_t *medx, *medy;            /* 2 * maxcdeg values for the median */
  uint32_t *cstamp, cst;         /* per component */
  uint32_t *nmark, nmk;          /* per net */
  double *cost;                  /* ism_size^2 */
  uint8_t *corient;              /* ism_size^2: orientation chosen per (cell, slot) */
  int32_t *perm;                 /* ism_size */
  /* cost model of one cell (dp_model_build): its nets' boxes without it, and its entries */
  int32_t mcell, mk;
  dbu_t *mbox;                   /* 4 per net */
  int32_t *me0, *me1;            /* the cell's entries on that net: centry[me0 .. me1) */
  dp_cand_t *cand;               /* DP_MAX_CAND */
  int32_t nshift;                /* clustering passes run (runs start at alternating offsets) */
  /* clustering runs: breakpoints (2 per net per cell) and moves */
  dbu_t *bp, *bp2;
  int32_t *rc;
  dbu_t *rx, *ry;
  uint8_t *ro;
  int64_t cnt_try;               /* evaluations (statistics) */
} dp_t;

/* ---- dp_core.c ---- */
/* Build the engine over db's current (legal) placement.  Returns 0, UT_EINVAL (overlapping rows,
 * message in diag) or UT_ENOMEM. */
int dp_create(dp_t **out, db_t *db, const dp_opts_t *o, ut_diag_t *diag);
void dp_destroy(dp_t *d);            /* NULL-safe */
/* Write cx/cy/co of moved cells back to the database. */
void dp_write_back(dp_t *d);
/* HPWL recomputed from scratch over the entries (slow; for tests and assertions). */
int64_t dp_hpwl_slow(const dp_t *d);

int64_t dp_try(dp_t *d, int n, const int32_t *c, const dbu_t *x, const dbu_t *y, const uint8_t *o);
void dp_commit(dp_t *d);
void dp_revert(dp_t *d);

/* Segment lists. */
static inline int32_t dp_seg_cell(const dp_t *d, int32_t s, int32_t i) {
  return d->scell[d->soff[s] + i];
}
/* Free interval of gap i of segment s (0 <= i <= sn[s]): between cell i-1 and cell i. */
static inline dbu_t dp_gap_lo(const dp_t *d, int32_t s, int32_t i) {
  if (i == 0) return d->g->seg_x0[s];
  int32_t c = d->scell[d->soff[s] + i - 1];
  return d->cx[c] + d->cw[c];
}
static inline dbu_t dp_gap_hi(const dp_t *d, int32_t s, int32_t i) {
  return i == d->sn[s] ? d->g->seg_x1[s] : d->cx[d->scell[d->soff[s] + i]];
}
/* First index of segment s whose cell has x >= x (sn[s] when none). */
int32_t dp_seg_lower(const dp_t *d, int32_t s, dbu_t x);
void dp_seg_remove(dp_t *d, int32_t c);
void dp_seg_insert(dp_t *d, int32_t c, int32_t s);    /* at cx[c]; sets cseg/cidx */
static inline void dp_seg_put(dp_t *d, int32_t c, int32_t s, int32_t i) {
  d->scell[d->soff[s] + i] = c;
  d->cseg[c] = s;
  d->cidx[c] = i;
}
/* Recompute cmir of c from its orientation and its segment's row. */
void dp_sync_mirror(dp_t *d, int32_t c);

/* May movable cell c sit in segment s (fence, row height, site)? */
int dp_fits_seg(const dp_t *d, int32_t c, int32_t s);
/* Orientation c takes in segment s (its row's, mirrored when cmir[c]). */
int dp_orient_in(const dp_t *d, int32_t c, int32_t s);
/* Displacement limits: may c sit with lower-left (x, y)?  (Its current position always may.) */
static inline int dp_disp_ok(const dp_t *d, int32_t c, dbu_t x, dbu_t y) {
  if (!d->lx0) return 1;
  if (x == d->cx[c] && y == d->cy[c]) return 1;
  return x >= d->lx0[c] && x <= d->lx1[c] && y >= d->ly0[c] && y <= d->ly1[c];
}
static inline dbu_t dp_seg_y(const dp_t *d, int32_t s) { return d->g->row_y[d->g->seg_row[s]]; }
static inline int32_t dp_seg_level(const dp_t *d, int32_t s) {
  return d->g->row_level[d->g->seg_row[s]];
}
/* The site-grid x in [a, b] (lower-left bounds of segment s's row) nearest to t; DP_NONE if
 * none. */
dbu_t dp_grid_near(const dp_t *d, int32_t s, dbu_t a, dbu_t b, dbu_t t);
dbu_t dp_grid_ceil(const dp_t *d, int32_t s, dbu_t x);
dbu_t dp_grid_floor(const dp_t *d, int32_t s, dbu_t x);

/* Cost model of cell c: the boxes of its nets without it, so that dp_model_cost gives the HPWL of
 * c's nets with c at (x, y, o) and every other cell where it is now (exactly what a one-cell
 * dp_try measures), in O(pins of c).  Valid until the next dp_commit. */
void dp_model_build(dp_t *d, int32_t c);
int64_t dp_model_cost(const dp_t *d, dbu_t x, dbu_t y, int o);
/* Optimal region of c's lower-left (FastPlace: the median of the bounding boxes of its nets
 * without c); builds c's cost model.  Returns 0 when c has no net with another pin. */
int dp_opt_region(dp_t *d, int32_t c, dbu_t *xl, dbu_t *xh, dbu_t *yl, dbu_t *yh);
/* Bounding box of net n without the entries of cell c; returns 0 when no other entry. */
int dp_net_box_without(const dp_t *d, int32_t n, int32_t c, dbu_t *x0, dbu_t *x1, dbu_t *y0,
                       dbu_t *y1);
/* The same when c's entries on n are centry[e0 .. e1). */
int dp_net_box_without_r(const dp_t *d, int32_t n, int32_t c, int32_t e0, int32_t e1, dbu_t *x0,
                         dbu_t *x1, dbu_t *y0, dbu_t *y1);
/* Pin position of entry k with its cell at (x, y, o). */
static inline void dp_entry_pos(const dp_t *d, int32_t k, dbu_t x, dbu_t y, int o, dbu_t *px,
                                dbu_t *py) {
  int32_t c = d->ecell[k];
  /* N: (dx, dy); S: (w-dx, h-dy); FN: (w-dx, dy); FS: (dx, h-dy) */
  int mx = o == DB_S || o == DB_FN, my = o == DB_S || o == DB_FS;
  *px = x + (mx ? d->cw[c] - d->ex[k] : d->ex[k]);
  *py = y + (my ? d->ch[c] - d->ey[k] : d->ey[k]);
}
/* Did a net of c change since d->since (always true on a pass's first run)? */
int dp_cell_dirty(const dp_t *d, int32_t c);
/* Fresh stamps (clearing the arrays on wrap-around). */
uint32_t dp_cell_stamp(dp_t *d);
uint32_t dp_net_stamp(dp_t *d);

/* ---- passes: each returns the HPWL gain (DBU, >= 0) and counts accepted moves ---- */
int64_t dp_pass_gswap(dp_t *d, int64_t *moves);    /* dp_swap.c */
int64_t dp_pass_vswap(dp_t *d, int64_t *moves);
int64_t dp_pass_reorder(dp_t *d, int64_t *moves);  /* dp_reorder.c */
int64_t dp_pass_flip(dp_t *d, int64_t *moves);
int64_t dp_pass_ism(dp_t *d, int64_t *moves);      /* dp_ism.c */
int64_t dp_pass_shift(dp_t *d, int64_t *moves);    /* dp_shift.c */

/* Minimum-cost assignment of an n x n cost matrix (row-major, non-negative, integral values for
 * exactness): perm[i] = column of row i.  igraph_solve_lsap (Hungarian method).  Returns 0, or
 * UT_ENOMEM / UT_EINVAL when igraph fails (perm is then the identity). */
int dp_lsap(int n, const double *cost, int32_t *perm);

#endif
