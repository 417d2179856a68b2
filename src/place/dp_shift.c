/*
 * dp_shift.c: single-segment clustering (cell shifting with the order kept).
 *
 * Method (Pan, Viswanathan, Chu, "An Efficient and Effective Detailed Placement Algorithm", ICCAD
 * 2005, Sec. 4.4, "single-segment clustering").  With every other cell fixed, the HPWL of cell i's
 * nets as a function of its x is convex and piecewise linear: sum over its nets n of
 * max(0, L_n - x) + max(0, x - U_n) + const, where [L_n, U_n] is the box of n without i, moved by
 * i's pin offset.  Its minimum is the median interval of the 2k values {L_n, U_n}.  The cells of a
 * run of one segment keep their order and are placed left to right, each as a cluster at the
 * point of its median interval nearest to where it is; a cluster that overlaps the previous one
 * merges with it (the merged cost is the sum of the members' costs with their offsets in the
 * cluster, so its minimum is the median of the union of their shifted values) until no two
 * overlap, as in Abacus (Spindler et al., ISPD 2008) with L1 instead of quadratic costs.
 * Positions are on the site grid (widths rounded up to whole sites, cluster x rounded to the
 * nearest site it may take).
 *
 * Cells of one run may share nets, so the costs are an estimate: the whole run's move is applied
 * only when the exact incremental evaluation gains; otherwise each cell of the run tries alone to
 * slide, inside the space between its neighbours, to the site nearest its optimal interval.  A
 * run is at most DP_RUN cells of a segment, between walls made by the cells around it; a pass
 * sweeps every segment DP_SHIFT_SWEEPS times, runs starting at alternating offsets from one sweep
 * to the next so that no boundary stays fixed.
 */
#include <stdlib.h>
#include <string.h>

#include "place/dp_int.h"

/* Sweeps over every segment per pass. */
#define DP_SHIFT_SWEEPS 2

typedef struct cluster_t {
  int32_t first;         /* index in the run of its first cell */
  dbu_t w;               /* total (site-rounded) width */
  dbu_t x;               /* placed x */
  dbu_t xcur;            /* where its first cell is now */
  int32_t v0, v1;        /* its sorted values in d->bp[v0 .. v1) */
} cluster_t;

static dbu_t clampd(dbu_t v, dbu_t lo, dbu_t hi) { return v < lo ? lo : v > hi ? hi : v; }

static int cmp_dbu(const void *pa, const void *pb) {
  dbu_t a = *(const dbu_t *)pa, b = *(const dbu_t *)pb;
  return a < b ? -1 : a > b;
}

/* Slide cell i alone inside its free span toward its optimal x interval. */
static int64_t shift_one(dp_t *d, int32_t i, int64_t *moves) {
  dbu_t xl, xh, yl, yh;
  if (!dp_opt_region(d, i, &xl, &xh, &yl, &yh)) return 0;
  dbu_t x = d->cx[i];
  if (x >= xl && x <= xh) return 0;
  int32_t s = d->cseg[i], t = d->cidx[i];
  dbu_t lo = dp_gap_lo(d, s, t), hi = dp_gap_hi(d, s, t + 1);
  dbu_t nx = dp_grid_near(d, s, lo, hi - d->cw[i], clampd(x, xl, xh));
  if (nx == DP_NONE || nx == x || !dp_disp_ok(d, i, nx, d->cy[i])) return 0;
  int64_t delta = dp_model_cost(d, nx, d->cy[i], d->co[i]) -
                  dp_model_cost(d, x, d->cy[i], d->co[i]);
  if (delta >= 0) return 0;
  uint8_t o = d->co[i];
  dbu_t y = d->cy[i];
  dp_try(d, 1, &i, &nx, &y, &o);
  dp_commit(d);
  (*moves)++;
  return -delta;
}

/* Place cluster c at the grid point of [lo, hi - c->w] nearest the median interval. */
static void cluster_place(const dp_t *d, int32_t s, cluster_t *c, dbu_t lo, dbu_t hi) {
  int32_t n = c->v1 - c->v0;
  dbu_t t = c->xcur;
  if (n > 0) {
    int32_t k = n / 2;
    dbu_t a = d->bp[c->v0 + k - 1], b = d->bp[c->v0 + k];
    t = clampd(t, a, b);
  }
  c->x = dp_grid_near(d, s, lo, hi - c->w, t);
}

/* Merge the sorted runs bp[a0 .. a1) and bp[a1 .. b1) in place. */
static void merge_runs(dp_t *d, int32_t a0, int32_t a1, int32_t b1) {
  int32_t i = a0, j = a1, k = 0;
  while (i < a1 || j < b1) {
    if (j >= b1 || (i < a1 && d->bp[i] <= d->bp[j])) d->bp2[k++] = d->bp[i++];
    else d->bp2[k++] = d->bp[j++];
  }
  memcpy(d->bp + a0, d->bp2, (size_t)k * sizeof *d->bp);
}

/* Cluster cells t0 .. t1-1 of segment s between the walls; returns the gain. */
static int64_t cluster_run(dp_t *d, int32_t s, int32_t t0, int32_t t1, int64_t *moves) {
  int32_t m = t1 - t0;
  dbu_t lo = dp_gap_lo(d, s, t0), hi = dp_gap_hi(d, s, t1);
  cluster_t cl[DP_RUN];
  int32_t nc = 0, top = 0;
  dbu_t weff[DP_RUN];
  for (int32_t q = 0; q < m; q++) {
    int32_t c = dp_seg_cell(d, s, t0 + q);
    weff[q] = dp_grid_ceil(d, s, (dbu_t)(d->g->seg_x0[s] + d->cw[c])) - d->g->seg_x0[s];
    dp_model_build(d, c);
    int32_t v0 = top;
    for (int k = 0; k < d->mk; k++) {
      const dbu_t *b = d->mbox + 4 * k;
      if (b[0] > b[1]) continue;
      dbu_t px, py;
      dp_entry_pos(d, d->centry[d->me0[k]], 0, 0, d->co[c], &px, &py);
      d->bp[top++] = b[0] - px;
      d->bp[top++] = b[1] - px;
    }
    qsort(d->bp + v0, (size_t)(top - v0), sizeof *d->bp, cmp_dbu);
    cluster_t cur = {q, weff[q], 0, d->cx[c], v0, top};
    cluster_place(d, s, &cur, lo, hi);
    while (nc > 0 && (int64_t)cl[nc - 1].x + cl[nc - 1].w > cur.x) {
      cluster_t *p = &cl[nc - 1];
      for (int32_t v = cur.v0; v < cur.v1; v++) d->bp[v] -= p->w;
      merge_runs(d, p->v0, cur.v0, cur.v1);
      cur.first = p->first;
      cur.w += p->w;
      cur.xcur = p->xcur;
      cur.v0 = p->v0;
      nc--;
      cluster_place(d, s, &cur, lo, hi);
    }
    if (cur.x == DP_NONE) return 0;   /* cannot happen: the cells fit where they are */
    cl[nc++] = cur;
  }
  /* the moves */
  int32_t *mc = d->rc;
  dbu_t *mx = d->rx, *my = d->ry;
  uint8_t *mo = d->ro;
  int nm = 0;
  for (int32_t k = 0; k < nc; k++) {
    dbu_t x = cl[k].x;
    int32_t end = k + 1 < nc ? cl[k + 1].first : m;
    for (int32_t q = cl[k].first; q < end; q++) {
      int32_t c = dp_seg_cell(d, s, t0 + q);
      if (x != d->cx[c]) {
        if (!dp_disp_ok(d, c, x, d->cy[c])) return 0;
        mc[nm] = c;
        mx[nm] = x;
        my[nm] = d->cy[c];
        mo[nm] = d->co[c];
        nm++;
      }
      x += weff[q];
    }
  }
  if (nm == 0) return 0;
  int64_t delta = dp_try(d, nm, mc, mx, my, mo);
  if (delta >= 0) {
    dp_revert(d);
    return 0;
  }
  dp_commit(d);
  (*moves) += nm;
  return -delta;
}

int64_t dp_pass_shift(dp_t *d, int64_t *moves) {
  int64_t gain = 0;
  for (int sweep = 0; sweep < DP_SHIFT_SWEEPS; sweep++) {
    int32_t off = (d->nshift++ & 1) ? DP_RUN / 2 : 0;
    for (int32_t s = 0; s < d->nsegs; s++) {
      int32_t n = d->sn[s];
      for (int32_t t0 = 0; t0 < n;) {
        int32_t t1 = t0 == 0 && off && n > DP_RUN ? off : t0 + DP_RUN;
        if (t1 > n) t1 = n;
        int dirty = 0;
        for (int32_t t = t0; t < t1 && !dirty; t++)
          dirty = dp_cell_dirty(d, dp_seg_cell(d, s, t));
        if (dirty) {
          int64_t got = cluster_run(d, s, t0, t1, moves);
          if (got > 0) {
            gain += got;
          } else {
            for (int32_t t = t0; t < t1; t++) gain += shift_one(d, dp_seg_cell(d, s, t), moves);
          }
        }
        t0 = t1;
      }
    }
  }
  return gain;
}
