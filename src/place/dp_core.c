/*
 * dp_core.c: the detailed placement engine: which cells move, their segment lists, the net
 * boxes, and the exact incremental HPWL evaluator every pass uses (dp_int.h has the model).
 *
 * Setup.  Single-row standard cells that are placed, not FIXED, in an N/S/FN/FS orientation, on
 * their row's site grid and inside a free segment of their fence (lg_grid_segments with every
 * other component as an obstacle) are movable.  A cell that does not fit (or overlaps another
 * one) becomes an obstacle too and the segments are rebuilt, until every movable cell sits in
 * its segment: that is the invariant the passes keep.
 *
 * Net boxes (as in FastPlace-DP, Pan, Viswanathan, Chu, ICCAD 2005, Sec. 4: cached bounding
 * boxes make a move cost O(pins of the moved cells)).  Each side of a box carries the number of
 * pins on it; removing the last pin of a side forces a rescan of that net, adding a pin outside
 * moves the side.  The result is the exact HPWL of db_hpwl (OpenROAD's pin model, no weights).
 *
 * Optimal region (FastPlace 3.0 DP, Sec. 4.1, after Goto's "optimal region"): the median interval
 * of the 2k box ends of the cell's k nets, computed without the cell, per axis.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "place/dp_int.h"

static void *zalloc(size_t n, size_t sz) { return ut_calloc(n ? n : 1, sz); }

void dp_destroy(dp_t *d) {
  if (!d) return;
  lg_grid_destroy(d->g);
  void *arrs[] = {d->cx, d->cy, d->cw, d->ch, d->co, d->cmir, d->cseg, d->cidx, d->cfence,
                  d->lx0, d->lx1, d->ly0, d->ly1, d->mov, d->soff, d->sn, d->scap, d->scell,
                  d->lseg_start, d->lsegs, d->nstart, d->ecell, d->enet, d->ex, d->ey,
                  d->cstart, d->centry, d->nb, d->tc, d->tox, d->toy, d->too, d->tnet, d->sb,
                  d->sh, d->nst, d->medx, d->medy, d->cstamp, d->nmark, d->cost, d->corient,
                  d->perm, d->mbox, d->me0, d->me1, d->nver, d->bp, d->bp2, d->rc, d->rx, d->ry,
                  d->ro, d->cand, d->px, d->py, d->pek, d->pex, d->pey};
  for (size_t i = 0; i < sizeof arrs / sizeof arrs[0]; i++) ut_free(arrs[i]);
  ut_free(d);
}

uint32_t dp_cell_stamp(dp_t *d) {
  if (++d->cst == 0) {
    memset(d->cstamp, 0, (size_t)d->ncells * sizeof *d->cstamp);
    d->cst = 1;
  }
  return d->cst;
}

int dp_cell_dirty(const dp_t *d, int32_t c) {
  if (d->since == 0) return 1;
  for (int32_t e = d->cstart[c]; e < d->cstart[c + 1]; e++)
    if (d->nver[d->enet[d->centry[e]]] >= d->since) return 1;
  return 0;
}

uint32_t dp_net_stamp(dp_t *d) {
  if (++d->nmk == 0) {
    memset(d->nmark, 0, (size_t)d->nnets * sizeof *d->nmark);
    d->nmk = 1;
  }
  return d->nmk;
}

/* ---- geometry helpers ------------------------------------------------------------------- */

static int64_t floor_div(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

dbu_t dp_grid_ceil(const dp_t *d, int32_t s, dbu_t x) {
  int32_t r = d->g->seg_row[s];
  int64_t p = d->g->row_pitch[r], o = d->g->row_x0[r];
  return (dbu_t)(o - floor_div(o - (int64_t)x, p) * p);
}

dbu_t dp_grid_floor(const dp_t *d, int32_t s, dbu_t x) {
  int32_t r = d->g->seg_row[s];
  int64_t p = d->g->row_pitch[r], o = d->g->row_x0[r];
  return (dbu_t)(o + floor_div((int64_t)x - o, p) * p);
}

dbu_t dp_grid_near(const dp_t *d, int32_t s, dbu_t a, dbu_t b, dbu_t t) {
  int32_t r = d->g->seg_row[s];
  int64_t p = d->g->row_pitch[r], o = d->g->row_x0[r];
  int64_t lo = o - floor_div(o - (int64_t)a, p) * p;   /* ceil to grid */
  int64_t hi = o + floor_div((int64_t)b - o, p) * p;   /* floor to grid */
  if (lo > hi) return DP_NONE;
  int64_t tt = t < lo ? lo : t > hi ? hi : t;
  int64_t f = o + floor_div(tt - o, p) * p;
  if (f < lo) f = lo;
  int64_t c = f == tt ? f : f + p;
  if (c > hi) c = hi;
  return (dbu_t)(tt - f <= c - tt ? f : c);
}

int dp_fits_seg(const dp_t *d, int32_t c, int32_t s) {
  const lg_grid_t *g = d->g;
  int32_t r = g->seg_row[s];
  if (g->seg_region[s] != d->cfence[c] || g->row_h[r] != d->ch[c]) return 0;
  return lg_grid_row_takes(g, d->db, d->db->cell_master[c], d->ch[c], r);
}

int dp_orient_in(const dp_t *d, int32_t c, int32_t s) {
  int ro = d->g->row_orient[d->g->seg_row[s]];
  return d->cmir[c] ? lg_orient_mirror_y(ro) : ro;
}

void dp_sync_mirror(dp_t *d, int32_t c) {
  int ro = d->g->row_orient[d->g->seg_row[d->cseg[c]]];
  d->cmir[c] = d->co[c] != ro;
}

/* ---- segment lists ------------------------------------------------------------------------ */

int32_t dp_seg_lower(const dp_t *d, int32_t s, dbu_t x) {
  const int32_t *a = d->scell + d->soff[s];
  int32_t lo = 0, hi = d->sn[s];
  while (lo < hi) {
    int32_t mid = lo + (hi - lo) / 2;
    if (d->cx[a[mid]] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

void dp_seg_remove(dp_t *d, int32_t c) {
  int32_t s = d->cseg[c], i = d->cidx[c];
  int32_t *a = d->scell + d->soff[s];
  for (int32_t k = i; k + 1 < d->sn[s]; k++) {
    a[k] = a[k + 1];
    d->cidx[a[k]] = k;
  }
  d->sn[s]--;
  d->cseg[c] = -1;
  d->cidx[c] = -1;
}

void dp_seg_insert(dp_t *d, int32_t c, int32_t s) {
  int32_t i = dp_seg_lower(d, s, d->cx[c]);
  int32_t *a = d->scell + d->soff[s];
  for (int32_t k = d->sn[s]; k > i; k--) {
    a[k] = a[k - 1];
    d->cidx[a[k]] = k;
  }
  a[i] = c;
  d->sn[s]++;
  d->cseg[c] = s;
  d->cidx[c] = i;
}

/* ---- nets --------------------------------------------------------------------------------- */

static inline void entry_now(const dp_t *d, int32_t k, dbu_t *px, dbu_t *py) {
  *px = d->px[k];
  *py = d->py[k];
}

/* Full box of net n from the current placement (x0 > x1 when it has no entry). */
static void net_scan(const dp_t *d, int32_t n, dp_box_t *b) {
  dp_box_t r = {INT32_MAX, INT32_MIN, INT32_MAX, INT32_MIN, 0, 0, 0, 0};
  const dbu_t *px = d->px, *py = d->py;
  for (int32_t e = d->nstart[n]; e < d->nstart[n + 1]; e++) {
    dbu_t x = px[e], y = py[e];
    if (x < r.x0) { r.x0 = x; r.k0 = 1; } else if (x == r.x0) r.k0++;
    if (x > r.x1) { r.x1 = x; r.k1 = 1; } else if (x == r.x1) r.k1++;
    if (y < r.y0) { r.y0 = y; r.k2 = 1; } else if (y == r.y0) r.k2++;
    if (y > r.y1) { r.y1 = y; r.k3 = 1; } else if (y == r.y1) r.k3++;
  }
  *b = r;
}

static inline int64_t box_hpwl(const dp_box_t *b) {
  if (b->x0 > b->x1) return 0;
  return ((int64_t)b->x1 - b->x0) + ((int64_t)b->y1 - b->y0);
}

int64_t dp_hpwl_slow(const dp_t *d) {
  int64_t s = 0;
  for (int32_t n = 0; n < d->nnets; n++) {
    dp_box_t b;
    net_scan(d, n, &b);
    s += box_hpwl(&b);
  }
  return s;
}

int dp_net_box_without_r(const dp_t *d, int32_t n, int32_t c, int32_t e0, int32_t e1, dbu_t *x0,
                         dbu_t *x1, dbu_t *y0, dbu_t *y1) {
  int32_t on[4] = {0, 0, 0, 0};
  const dp_box_t *nb = &d->nb[n];
  for (int32_t e = e0; e < e1; e++) {
    dbu_t x, y;
    entry_now(d, d->centry[e], &x, &y);
    on[0] += x == nb->x0;
    on[1] += x == nb->x1;
    on[2] += y == nb->y0;
    on[3] += y == nb->y1;
  }
  int32_t total = d->nstart[n + 1] - d->nstart[n];
  if (total - (e1 - e0) <= 0) return 0;
  if (on[0] < nb->k0 && on[1] < nb->k1 && on[2] < nb->k2 && on[3] < nb->k3) {
    *x0 = nb->x0;
    *x1 = nb->x1;
    *y0 = nb->y0;
    *y1 = nb->y1;
    return 1;
  }
  dbu_t a0 = INT32_MAX, a1 = INT32_MIN, b0 = INT32_MAX, b1 = INT32_MIN;
  for (int32_t e = d->nstart[n]; e < d->nstart[n + 1]; e++) {
    if (d->ecell[e] == c) continue;
    dbu_t x, y;
    entry_now(d, e, &x, &y);
    if (x < a0) a0 = x;
    if (x > a1) a1 = x;
    if (y < b0) b0 = y;
    if (y > b1) b1 = y;
  }
  *x0 = a0;
  *x1 = a1;
  *y0 = b0;
  *y1 = b1;
  return 1;
}

int dp_net_box_without(const dp_t *d, int32_t n, int32_t c, dbu_t *x0, dbu_t *x1, dbu_t *y0,
                       dbu_t *y1) {
  int32_t e0 = d->cstart[c], e1 = d->cstart[c + 1];
  while (e0 < e1 && d->enet[d->centry[e0]] != n) e0++;
  int32_t e = e0;
  while (e < e1 && d->enet[d->centry[e]] == n) e++;
  return dp_net_box_without_r(d, n, c, e0, e, x0, x1, y0, y1);
}

static void sort_dbu(dbu_t *v, int n) {
  for (int i = 1; i < n; i++) {
    dbu_t x = v[i];
    int j = i;
    while (j > 0 && v[j - 1] > x) {
      v[j] = v[j - 1];
      j--;
    }
    v[j] = x;
  }
}

void dp_model_build(dp_t *d, int32_t c) {
  int k = 0;
  int32_t e = d->cstart[c], end = d->cstart[c + 1];
  while (e < end) {
    int32_t n = d->enet[d->centry[e]];
    int32_t e2 = e + 1;
    while (e2 < end && d->enet[d->centry[e2]] == n) e2++;
    dbu_t *b = d->mbox + 4 * k;
    if (!dp_net_box_without_r(d, n, c, e, e2, &b[0], &b[1], &b[2], &b[3])) {
      b[0] = b[2] = INT32_MAX;
      b[1] = b[3] = INT32_MIN;
    }
    d->me0[k] = e;
    d->me1[k] = e2;
    k++;
    e = e2;
  }
  d->mcell = c;
  d->mk = k;
}

int64_t dp_model_cost(const dp_t *d, dbu_t x, dbu_t y, int o) {
  int64_t s = 0;
  int32_t c = d->mcell;
  int mx = o == DB_S || o == DB_FN, my = o == DB_S || o == DB_FS;
  dbu_t w = d->cw[c], h = d->ch[c];
  for (int k = 0; k < d->mk; k++) {
    const dbu_t *b = d->mbox + 4 * k;
    dbu_t x0 = b[0], x1 = b[1], y0 = b[2], y1 = b[3];
    for (int32_t e = d->me0[k]; e < d->me1[k]; e++) {
      int32_t q = d->centry[e];
      dbu_t px = x + (mx ? w - d->ex[q] : d->ex[q]);
      dbu_t py = y + (my ? h - d->ey[q] : d->ey[q]);
      if (px < x0) x0 = px;
      if (px > x1) x1 = px;
      if (py < y0) y0 = py;
      if (py > y1) y1 = py;
    }
    s += ((int64_t)x1 - x0) + ((int64_t)y1 - y0);
  }
  return s;
}

int dp_opt_region(dp_t *d, int32_t c, dbu_t *xl, dbu_t *xh, dbu_t *yl, dbu_t *yh) {
  dp_model_build(d, c);
  int k = 0;
  for (int q = 0; q < d->mk; q++) {
    const dbu_t *b = d->mbox + 4 * q;
    if (b[0] > b[1]) continue;   /* no other pin */
    dbu_t px, py;
    dp_entry_pos(d, d->centry[d->me0[q]], 0, 0, d->co[c], &px, &py);
    d->medx[2 * k] = b[0] - px;
    d->medx[2 * k + 1] = b[1] - px;
    d->medy[2 * k] = b[2] - py;
    d->medy[2 * k + 1] = b[3] - py;
    k++;
  }
  if (!k) return 0;
  sort_dbu(d->medx, 2 * k);
  sort_dbu(d->medy, 2 * k);
  *xl = d->medx[k - 1];
  *xh = d->medx[k];
  *yl = d->medy[k - 1];
  *yh = d->medy[k];
  return 1;
}

/* ---- the incremental evaluator ------------------------------------------------------------ */

int64_t dp_try(dp_t *d, int n, const int32_t *c, const dbu_t *x, const dbu_t *y, const uint8_t *o) {
  assert(n <= d->maxmove);
  d->cnt_try++;
  d->tn = n;
  for (int i = 0; i < n; i++) {
    int32_t ci = c[i];
    d->tc[i] = ci;
    d->tox[i] = d->cx[ci];
    d->toy[i] = d->cy[ci];
    d->too[i] = d->co[ci];
  }
  for (int i = 0; i < n; i++) {
    d->cx[c[i]] = x[i];
    d->cy[c[i]] = y[i];
    d->co[c[i]] = o[i];
  }
  if (++d->stamp == 0) {
    for (int32_t q = 0; q < d->nnets; q++) d->nst[q].stamp = 0;
    d->stamp = 1;
  }
  d->ntn = 0;
  d->npe = 0;
  for (int i = 0; i < n; i++) {
    int32_t ci = c[i];
    for (int32_t e = d->cstart[ci]; e < d->cstart[ci + 1]; e++) {
      int32_t k = d->centry[e], net = d->enet[k], s;
      dp_stamp_t *st = &d->nst[net];
      if (st->stamp != d->stamp) {
        st->stamp = d->stamp;
        s = d->ntn++;
        st->slot = s;
        d->tnet[s] = net;
        d->sb[s] = d->nb[net];
      } else {
        s = st->slot;
      }
      dp_box_t *b = &d->sb[s];
      dbu_t px = d->px[k], py = d->py[k];
      int32_t q = d->npe++;
      d->pek[q] = k;
      d->pex[q] = px;
      d->pey[q] = py;
      if (px == b->x0) b->k0--;
      if (px == b->x1) b->k1--;
      if (py == b->y0) b->k2--;
      if (py == b->y1) b->k3--;
      dp_entry_pos(d, k, x[i], y[i], o[i], &px, &py);
      d->px[k] = px;
      d->py[k] = py;
      if (px < b->x0) { b->x0 = px; b->k0 = 1; } else if (px == b->x0) b->k0++;
      if (px > b->x1) { b->x1 = px; b->k1 = 1; } else if (px == b->x1) b->k1++;
      if (py < b->y0) { b->y0 = py; b->k2 = 1; } else if (py == b->y0) b->k2++;
      if (py > b->y1) { b->y1 = py; b->k3 = 1; } else if (py == b->y1) b->k3++;
    }
  }
  int64_t delta = 0;
  for (int32_t s = 0; s < d->ntn; s++) {
    int32_t net = d->tnet[s];
    dp_box_t *b = &d->sb[s];
    if (b->k0 <= 0 || b->k1 <= 0 || b->k2 <= 0 || b->k3 <= 0) net_scan(d, net, b);
    int64_t h = box_hpwl(b);
    d->sh[s] = h;
    delta += h - box_hpwl(&d->nb[net]);
  }
  d->tdelta = delta;
  return delta;
}

void dp_commit(dp_t *d) {
  for (int32_t s = 0; s < d->ntn; s++) {
    int32_t net = d->tnet[s];
    const dp_box_t *a = &d->nb[net], *b = &d->sb[s];
    /* a net whose box did not move looks the same to its other cells */
    if (a->x0 != b->x0 || a->x1 != b->x1 || a->y0 != b->y0 || a->y1 != b->y1)
      d->nver[net] = d->serial;
    d->nb[net] = *b;
  }
  d->hpwl += d->tdelta;
  d->npe = 0;
  d->ntn = 0;
  d->tn = 0;
}

void dp_revert(dp_t *d) {
  for (int32_t q = d->npe - 1; q >= 0; q--) {
    d->px[d->pek[q]] = d->pex[q];
    d->py[d->pek[q]] = d->pey[q];
  }
  d->npe = 0;
  for (int i = d->tn - 1; i >= 0; i--) {
    int32_t c = d->tc[i];
    d->cx[c] = d->tox[i];
    d->cy[c] = d->toy[i];
    d->co[c] = d->too[i];
  }
  d->ntn = 0;
  d->tn = 0;
}

/* ---- setup -------------------------------------------------------------------------------- */

/* Do two base rows overlap (same level side by side, or levels closer than a row height)? */
static int rows_overlap(const lg_grid_t *g) {
  for (int32_t l = 0; l < g->nlevels; l++) {
    dbu_t top = g->level_y[l];
    for (int32_t k = g->level_start[l]; k < g->level_start[l + 1]; k++) {
      int32_t r = g->level_rows[k];
      if (k + 1 < g->level_start[l + 1] && g->row_x1[r] > g->row_x0[g->level_rows[k + 1]]) return 1;
      if (g->row_y[r] + g->row_h[r] > top) top = g->row_y[r] + g->row_h[r];
    }
    for (int32_t l2 = l + 1; l2 < g->nlevels && g->level_y[l2] < top; l2++)
      for (int32_t k = g->level_start[l]; k < g->level_start[l + 1]; k++)
        for (int32_t k2 = g->level_start[l2]; k2 < g->level_start[l2 + 1]; k2++) {
          int32_t r = g->level_rows[k], r2 = g->level_rows[k2];
          if (g->row_y[r] + g->row_h[r] > g->row_y[r2] && g->row_x0[r] < g->row_x1[r2] &&
              g->row_x0[r2] < g->row_x1[r])
            return 1;
        }
  }
  return 0;
}

static int std_orient(int o) { return o == DB_N || o == DB_S || o == DB_FN || o == DB_FS; }

/* Segment of base row level l holding c at its current place, or -1. */
static int32_t find_seg(const dp_t *d, int32_t c) {
  const lg_grid_t *g = d->g;
  const db_t *db = d->db;
  int32_t l = lg_grid_level_at(g, d->cy[c]);
  if (l < 0) return -1;
  int32_t m = db->cell_master[c];
  dbu_t x = d->cx[c], w = d->cw[c], h = d->ch[c];
  for (int32_t k = g->level_start[l]; k < g->level_start[l + 1]; k++) {
    int32_t r = g->level_rows[k];
    if (g->row_x0[r] > x || (int64_t)x + w > g->row_x1[r] || g->row_h[r] != h) continue;
    if ((x - g->row_x0[r]) % g->row_pitch[r] != 0) continue;
    if (!lg_grid_row_takes(g, db, m, h, r) || !lg_orient_std_ok(db, m, g->row_orient[r], d->co[c]))
      continue;
    int32_t lo = g->row_seg_start[r], hi = g->row_seg_start[r + 1];
    while (lo < hi) {   /* last segment with x0 <= x */
      int32_t mid = lo + (hi - lo) / 2;
      if (g->seg_x0[mid] <= x) lo = mid + 1;
      else hi = mid;
    }
    int32_t s = lo - 1;
    if (s < g->row_seg_start[r] || (int64_t)x + w > g->seg_x1[s]) continue;
    if (g->seg_region[s] != d->cfence[c]) continue;
    return s;
  }
  return -1;
}

/* qsort_r is not C11: sort each segment's cells by x with an insertion sort on (x, index). */
static void sort_cells_x(const dbu_t *cx, int32_t *a, int32_t n) {
  for (int32_t i = 1; i < n; i++) {
    int32_t v = a[i];
    int32_t j = i;
    while (j > 0 && (cx[a[j - 1]] > cx[v] || (cx[a[j - 1]] == cx[v] && a[j - 1] > v))) {
      a[j] = a[j - 1];
      j--;
    }
    a[j] = v;
  }
}

/* Assign movable cells to segments; demote the ones that do not fit.  Returns 1 when a cell was
 * demoted (segments must be rebuilt), 0 when all fit, UT_ENOMEM. */
static int assign_segments(dp_t *d, uint8_t *cand, uint8_t *obst) {
  const lg_grid_t *g = d->g;
  int changed = 0;
  int32_t ns = g->nsegs;
  ut_free(d->sn);
  ut_free(d->soff);
  ut_free(d->scap);
  ut_free(d->scell);
  d->scell = NULL;
  d->sn = zalloc((size_t)ns, sizeof *d->sn);
  d->soff = zalloc((size_t)ns + 1, sizeof *d->soff);
  d->scap = zalloc((size_t)ns, sizeof *d->scap);
  if (!d->sn || !d->soff || !d->scap) return UT_ENOMEM;
  for (int32_t c = 0; c < d->ncells; c++) {
    d->cseg[c] = d->cidx[c] = -1;
    if (!cand[c]) continue;
    int32_t s = find_seg(d, c);
    if (s < 0) {
      cand[c] = 0;
      obst[c] = 1;
      changed = 1;
      continue;
    }
    d->cseg[c] = s;
    d->sn[s]++;
  }
  if (changed) return 1;
  /* capacity: as many of the narrowest movable cells as fit */
  dbu_t minw = INT32_MAX;
  d->maxw = 0;
  for (int32_t c = 0; c < d->ncells; c++)
    if (cand[c]) {
      if (d->cw[c] < minw) minw = d->cw[c];
      if (d->cw[c] > d->maxw) d->maxw = d->cw[c];
    }
  size_t tot = 0;
  for (int32_t s = 0; s < ns; s++) {
    int64_t cap = minw > 0 && minw < INT32_MAX ? ((int64_t)g->seg_x1[s] - g->seg_x0[s]) / minw : 0;
    if (cap < d->sn[s]) cap = d->sn[s];
    d->scap[s] = (int32_t)cap;
    d->soff[s] = (int32_t)tot;
    tot += (size_t)cap;
  }
  d->soff[ns] = (int32_t)tot;
  d->scell = zalloc(tot, sizeof *d->scell);
  if (!d->scell) return UT_ENOMEM;
  memset(d->sn, 0, (size_t)ns * sizeof *d->sn);
  for (int32_t c = 0; c < d->ncells; c++)
    if (cand[c]) {
      int32_t s = d->cseg[c];
      d->scell[d->soff[s] + d->sn[s]++] = c;
    }
  for (int32_t s = 0; s < ns; s++) {
    int32_t *a = d->scell + d->soff[s];
    sort_cells_x(d->cx, a, d->sn[s]);
    for (int32_t i = 0; i + 1 < d->sn[s]; i++)
      if ((int64_t)d->cx[a[i]] + d->cw[a[i]] > d->cx[a[i + 1]]) {
        cand[a[i]] = cand[a[i + 1]] = 0;
        obst[a[i]] = obst[a[i + 1]] = 1;
        changed = 1;
      }
    for (int32_t i = 0; i < d->sn[s]; i++) d->cidx[a[i]] = i;
  }
  return changed;
}

int dp_create(dp_t **out, db_t *db, const dp_opts_t *o, ut_diag_t *diag) {
  *out = NULL;
  dp_t *d = ut_calloc(1, sizeof *d);
  if (!d) return UT_ENOMEM;
  d->db = db;
  d->o = *o;
  int32_t n = (int32_t)db->ncells;
  d->ncells = n;
  int rc = UT_ENOMEM;
  uint8_t *cand = zalloc((size_t)n, 1), *obst = zalloc((size_t)n, 1);
  d->cx = zalloc((size_t)n, sizeof *d->cx);
  d->cy = zalloc((size_t)n, sizeof *d->cy);
  d->cw = zalloc((size_t)n, sizeof *d->cw);
  d->ch = zalloc((size_t)n, sizeof *d->ch);
  d->co = zalloc((size_t)n, 1);
  d->cmir = zalloc((size_t)n, 1);
  d->cseg = zalloc((size_t)n, sizeof *d->cseg);
  d->cidx = zalloc((size_t)n, sizeof *d->cidx);
  d->cfence = zalloc((size_t)n, sizeof *d->cfence);
  d->cstamp = zalloc((size_t)n, sizeof *d->cstamp);
  d->mov = zalloc((size_t)n, sizeof *d->mov);
  if (!cand || !obst || !d->cx || !d->cy || !d->cw || !d->ch || !d->co || !d->cmir || !d->cseg ||
      !d->cidx || !d->cfence || !d->cstamp || !d->mov)
    goto fail;
  if ((rc = lg_grid_create(&d->g, db))) goto fail;
  rc = UT_ENOMEM;
  lg_grid_t *g = d->g;
  int overlap = rows_overlap(g);
  if (overlap)
    ut_diag_warn(diag, db->src_path, 0, 0,
                 "detailed placement skipped: the design's base rows overlap one another");
  for (int32_t c = 0; c < n; c++) {
    int32_t m = db->cell_master[c];
    d->cx[c] = db->cell_x[c];
    d->cy[c] = db->cell_y[c];
    d->co[c] = db->cell_orient[c];
    d->cw[c] = db->master_w[m];
    d->ch[c] = db->master_h[m];
    d->cfence[c] = lg_region_hard(db, db->cell_region[c]) ? db->cell_region[c] : -1;
    int placed = db->cell_status[c] != DB_UNPLACED;
    int fixed = db_cell_is_fixed(db, c);
    cand[c] = !overlap && placed && !fixed && lg_cell_kind(db, c) == LG_KIND_STD &&
              std_orient(db->cell_orient[c]) && d->cw[c] > 0 &&
              lg_grid_single_row(g, db, m, db->master_h[m]);
    obst[c] = placed && !fixed && !cand[c];
  }
  lg_seg_opts_t so = {obst, o->macro_halo};
  for (;;) {
    if ((rc = lg_grid_segments(g, db, &so))) goto fail;
    rc = assign_segments(d, cand, obst);
    if (rc < 0) goto fail;
    if (rc == 0) break;
  }
  rc = UT_ENOMEM;
  d->nsegs = g->nsegs;
  for (int32_t c = 0; c < n; c++) {
    if (cand[c]) {
      d->mov[d->nmov++] = c;
      dp_sync_mirror(d, c);
    } else if (obst[c] && !db_cell_is_fixed(db, c) && lg_cell_kind(db, c) == LG_KIND_STD &&
               db->cell_status[c] != DB_UNPLACED &&
               lg_grid_single_row(g, db, db->cell_master[c], db->master_h[db->cell_master[c]])) {
      d->nfrozen++;
    }
  }
  d->wgrid = 1;
  for (int32_t k = 0; k < d->nmov && d->wgrid; k++)
    for (int32_t r = 0; r < g->nrows; r++)
      if (d->cw[d->mov[k]] % g->row_pitch[r] != 0) {
        d->wgrid = 0;
        break;
      }
  /* segments of each level, by x */
  d->lseg_start = zalloc((size_t)g->nlevels + 1, sizeof *d->lseg_start);
  d->lsegs = zalloc((size_t)g->nsegs, sizeof *d->lsegs);
  if (!d->lseg_start || !d->lsegs) goto fail;
  int32_t k = 0;
  for (int32_t l = 0; l < g->nlevels; l++) {
    d->lseg_start[l] = k;
    for (int32_t q = g->level_start[l]; q < g->level_start[l + 1]; q++) {
      int32_t r = g->level_rows[q];
      for (int32_t s = g->row_seg_start[r]; s < g->row_seg_start[r + 1]; s++) d->lsegs[k++] = s;
    }
  }
  d->lseg_start[g->nlevels] = k;

  /* displacement boxes */
  if (o->max_disp_x > 0 || o->max_disp_y > 0) {
    d->lx0 = zalloc((size_t)n, sizeof *d->lx0);
    d->lx1 = zalloc((size_t)n, sizeof *d->lx1);
    d->ly0 = zalloc((size_t)n, sizeof *d->ly0);
    d->ly1 = zalloc((size_t)n, sizeof *d->ly1);
    if (!d->lx0 || !d->lx1 || !d->ly0 || !d->ly1) goto fail;
    for (int32_t c = 0; c < n; c++) {
      int64_t ax = o->orig_x ? o->orig_x[c] : db->cell_orig_x[c];
      int64_t ay = o->orig_y ? o->orig_y[c] : db->cell_orig_y[c];
      if (ax > (int64_t)db->core.x1 - d->cw[c]) ax = (int64_t)db->core.x1 - d->cw[c];
      if (ax < db->core.x0) ax = db->core.x0;
      if (ay > (int64_t)db->core.y1 - d->ch[c]) ay = (int64_t)db->core.y1 - d->ch[c];
      if (ay < db->core.y0) ay = db->core.y0;
      int64_t x0 = INT32_MIN, x1 = INT32_MAX, y0 = INT32_MIN, y1 = INT32_MAX;
      if (o->max_disp_x > 0) {
        x0 = ax - o->max_disp_x;
        x1 = ax + o->max_disp_x;
      }
      if (o->max_disp_y > 0) {
        y0 = ay - o->max_disp_y;
        y1 = ay + o->max_disp_y;
      }
      d->lx0[c] = (dbu_t)(x0 < INT32_MIN ? INT32_MIN : x0);
      d->lx1[c] = (dbu_t)(x1 > INT32_MAX ? INT32_MAX : x1);
      d->ly0[c] = (dbu_t)(y0 < INT32_MIN ? INT32_MIN : y0);
      d->ly1[c] = (dbu_t)(y1 > INT32_MAX ? INT32_MAX : y1);
    }
  }

  /* entries */
  d->nnets = (int32_t)db->nnets;
  size_t ne = 0;
  for (size_t p = 0; p < db->npins; p++) {
    int32_t c = db->pin_cell[p];
    if (c >= 0 || db->io_status[db->pin_ref[p]] != DB_UNPLACED) ne++;
  }
  d->nstart = zalloc((size_t)d->nnets + 1, sizeof *d->nstart);
  d->ecell = zalloc(ne, sizeof *d->ecell);
  d->enet = zalloc(ne, sizeof *d->enet);
  d->ex = zalloc(ne, sizeof *d->ex);
  d->ey = zalloc(ne, sizeof *d->ey);
  d->cstart = zalloc((size_t)n + 1, sizeof *d->cstart);
  d->centry = zalloc(ne, sizeof *d->centry);
  if (!d->nstart || !d->ecell || !d->enet || !d->ex || !d->ey || !d->cstart || !d->centry)
    goto fail;
  size_t e = 0;
  for (int32_t net = 0; net < d->nnets; net++) {
    d->nstart[net] = (int32_t)e;
    for (int32_t p = db->net_pin_start[net]; p < db->net_pin_start[net + 1]; p++) {
      int32_t c = db->pin_cell[p];
      int64_t px, py;
      if (db_pin_pos(db, p, &px, &py)) continue;
      d->enet[e] = net;
      if (c >= 0 && cand[c]) {
        d->ecell[e] = c;
        d->ex[e] = db->mpin_x[db->pin_ref[p]];
        d->ey[e] = db->mpin_y[db->pin_ref[p]];
        d->cstart[c + 1]++;
      } else {
        d->ecell[e] = -1;
        d->ex[e] = (dbu_t)px;
        d->ey[e] = (dbu_t)py;
      }
      e++;
    }
  }
  d->nstart[d->nnets] = (int32_t)e;
  d->px = zalloc(e, sizeof *d->px);
  d->py = zalloc(e, sizeof *d->py);
  if (!d->px || !d->py) goto fail;
  for (size_t q = 0; q < e; q++) {
    int32_t c = d->ecell[q];
    if (c < 0) {
      d->px[q] = d->ex[q];
      d->py[q] = d->ey[q];
    } else {
      dp_entry_pos(d, (int32_t)q, d->cx[c], d->cy[c], d->co[c], &d->px[q], &d->py[q]);
    }
  }
  for (int32_t c = 0; c < n; c++) {
    if (d->cstart[c + 1] > d->maxcdeg) d->maxcdeg = d->cstart[c + 1];
    d->cstart[c + 1] += d->cstart[c];
  }
  {
    int32_t *fill = zalloc((size_t)n, sizeof *fill);
    if (!fill) goto fail;
    for (size_t q = 0; q < e; q++) {
      int32_t c = d->ecell[q];
      if (c >= 0) d->centry[d->cstart[c] + fill[c]++] = (int32_t)q;
    }
    ut_free(fill);
  }
  /* net boxes */
  size_t nn = (size_t)d->nnets;
  d->nb = zalloc(nn, sizeof *d->nb);
  d->nst = zalloc(nn, sizeof *d->nst);
  d->nmark = zalloc(nn, sizeof *d->nmark);
  d->nver = zalloc(nn, sizeof *d->nver);
  if (!d->nb || !d->nst || !d->nmark || !d->nver)
    goto fail;
  d->hpwl = 0;
  for (int32_t net = 0; net < d->nnets; net++) {
    net_scan(d, net, &d->nb[net]);
    d->hpwl += box_hpwl(&d->nb[net]);
  }
  /* scratch */
  int ism = o->ism_size > 2 ? o->ism_size : 2;
  d->maxmove = ism > o->window ? ism : o->window;
  if (d->maxmove < 4 * DP_SHIFT_K + 2) d->maxmove = 4 * DP_SHIFT_K + 2;
  if (d->maxmove < DP_RUN) d->maxmove = DP_RUN;
  d->capt = d->maxmove * (d->maxcdeg > 0 ? d->maxcdeg : 1);
  size_t ct = (size_t)d->capt, mm = (size_t)d->maxmove;
  d->tc = zalloc(mm, sizeof *d->tc);
  d->tox = zalloc(mm, sizeof *d->tox);
  d->toy = zalloc(mm, sizeof *d->toy);
  d->too = zalloc(mm, 1);
  d->tnet = zalloc(ct, sizeof *d->tnet);
  d->sb = zalloc(ct, sizeof *d->sb);
  d->sh = zalloc(ct, sizeof *d->sh);
  d->pek = zalloc(ct, sizeof *d->pek);
  d->pex = zalloc(ct, sizeof *d->pex);
  d->pey = zalloc(ct, sizeof *d->pey);
  d->medx = zalloc(2 * (size_t)(d->maxcdeg + 1), sizeof *d->medx);
  d->medy = zalloc(2 * (size_t)(d->maxcdeg + 1), sizeof *d->medy);
  d->mbox = zalloc(4 * (size_t)(d->maxcdeg + 1), sizeof *d->mbox);
  d->me0 = zalloc((size_t)(d->maxcdeg + 1), sizeof *d->me0);
  d->me1 = zalloc((size_t)(d->maxcdeg + 1), sizeof *d->me1);
  size_t nbp = 2 * (size_t)DP_RUN * (size_t)(d->maxcdeg + 1);
  d->bp = zalloc(nbp, sizeof *d->bp);
  d->bp2 = zalloc(nbp, sizeof *d->bp2);
  d->rc = zalloc(DP_RUN, sizeof *d->rc);
  d->rx = zalloc(DP_RUN, sizeof *d->rx);
  d->ry = zalloc(DP_RUN, sizeof *d->ry);
  d->ro = zalloc(DP_RUN, 1);
  d->cand = zalloc(DP_MAX_CAND, sizeof *d->cand);
  d->cost = zalloc(mm * mm, sizeof *d->cost);
  d->corient = zalloc(mm * mm, 1);
  d->perm = zalloc(mm, sizeof *d->perm);
  if (!d->tc || !d->tox || !d->toy || !d->too || !d->tnet || !d->sb || !d->sh || !d->pek ||
      !d->pex ||
      !d->pey || !d->medx || !d->medy ||
      !d->cost || !d->corient || !d->perm || !d->mbox || !d->me0 || !d->me1 || !d->bp ||
      !d->bp2 || !d->rc || !d->rx || !d->ry || !d->ro || !d->cand)
    goto fail;
  ut_free(cand);
  ut_free(obst);
  *out = d;
  return UT_OK;
fail:
  ut_free(cand);
  ut_free(obst);
  dp_destroy(d);
  return rc;
}

void dp_write_back(dp_t *d) {
  db_t *db = d->db;
  for (int32_t i = 0; i < d->nmov; i++) {
    int32_t c = d->mov[i];
    if (d->cx[c] != db->cell_x[c] || d->cy[c] != db->cell_y[c] || d->co[c] != db->cell_orient[c])
      db_cell_set_place(db, c, d->cx[c], d->cy[c], d->co[c], db->cell_status[c]);
  }
}
