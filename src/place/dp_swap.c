/*
 * dp_swap.c: global swap and vertical swap.
 *
 * Global swap (Pan, Viswanathan, Chu, "An Efficient and Effective Detailed Placement Algorithm",
 * ICCAD 2005, Sec. 4.1; FastPlace 3.0).  For each cell i, its optimal region is the median box of
 * the bounding boxes of its nets computed without i (dp_opt_region).  When i is not in it, the
 * cells and gaps near the target point (the point of the region nearest to i; the rows around
 * it, opts->search_sites sites on each side) are candidates: i swaps with a cell j (i takes
 * j's place, j takes i's) or i moves into a gap.  The paper scores candidates with a wirelength
 * benefit minus an overlap penalty; here every candidate is legal by construction (site grid,
 * free space, fences, row kinds and displacement limits checked), so the score is the exact HPWL
 * change, and the best candidate is applied when it gains.
 *
 * Vertical swap (same paper, Sec. 4.2): a cell whose optimal region lies above or below its row
 * tries the cells and gaps of the next row in that direction, near its own x.
 *
 * Making room.  A cell inserted into a gap, or swapped into another cell's place, may push up to
 * DP_SHIFT_K cells on each side toward the ends of the space they share (the places of the cells
 * leaving count as free), so gaps narrower than the cell and swaps of unequal widths are
 * candidates too; the pushed cells are part of the exact evaluation.  (An extension of the paper,
 * which only uses gaps wide enough.)
 */
#include <stdlib.h>

#include "place/dp_int.h"

typedef struct best_t {
  int64_t delta;
  int kind;          /* 0 none, 1 insert, 2 swap in free spans, 3 swap pushing neighbours */
  int32_t s, t, j;   /* segment, gap or cell index, other cell */
  dbu_t xi, xj;
} best_t;

static int64_t ddist(dbu_t a, dbu_t b) { return a > b ? (int64_t)a - b : (int64_t)b - a; }

/* Moves that insert cell i into segment s before cell t (gap t), i's x as near tx as the space
 * allows, pushing at most DP_SHIFT_K cells on each side toward their walls (the places of i and
 * of `skip`, a cell leaving the segment, count as free).  moves[0] is i.  Returns the number of
 * moves, 0 when i does not fit or a pushed cell would leave its displacement box. */
static int insert_moves(const dp_t *d, int32_t i, int32_t s, int32_t t, dbu_t tx, uint8_t oi,
                        int32_t skip, int32_t *mc, dbu_t *mx, dbu_t *my, uint8_t *mo) {
  int32_t lc[DP_SHIFT_K], rc[DP_SHIFT_K];
  int nl = 0, nr = 0;
  int32_t q = t - 1;
  for (; q >= 0 && nl < DP_SHIFT_K; q--) {
    int32_t c = dp_seg_cell(d, s, q);
    if (c != i && c != skip) lc[nl++] = c;
  }
  while (q >= 0 && (dp_seg_cell(d, s, q) == i || dp_seg_cell(d, s, q) == skip)) q--;
  int64_t lwall = q >= 0 ? (int64_t)d->cx[dp_seg_cell(d, s, q)] + d->cw[dp_seg_cell(d, s, q)]
                         : d->g->seg_x0[s];
  q = t;
  for (; q < d->sn[s] && nr < DP_SHIFT_K; q++) {
    int32_t c = dp_seg_cell(d, s, q);
    if (c != i && c != skip) rc[nr++] = c;
  }
  while (q < d->sn[s] && (dp_seg_cell(d, s, q) == i || dp_seg_cell(d, s, q) == skip)) q++;
  int64_t rwall = q < d->sn[s] ? d->cx[dp_seg_cell(d, s, q)] : d->g->seg_x1[s];
  /* i's range: left cells packed against the left wall, right ones against the right wall */
  int64_t lo = lwall, hi = rwall;
  if (d->wgrid) {   /* whole-site widths: packed cells stay on the grid */
    for (int k = 0; k < nl; k++) lo += d->cw[lc[k]];
    for (int k = 0; k < nr; k++) hi -= d->cw[rc[k]];
  } else {
    for (int k = nl - 1; k >= 0; k--) lo = dp_grid_ceil(d, s, (dbu_t)lo) + d->cw[lc[k]];
    for (int k = nr - 1; k >= 0; k--) hi = dp_grid_floor(d, s, (dbu_t)(hi - d->cw[rc[k]]));
  }
  hi -= d->cw[i];
  if (lo > hi) return 0;
  dbu_t xi = dp_grid_near(d, s, (dbu_t)lo, (dbu_t)hi, tx);
  dbu_t ys = dp_seg_y(d, s);
  if (xi == DP_NONE || !dp_disp_ok(d, i, xi, ys)) return 0;
  int n = 0;
  mc[n] = i;
  mx[n] = xi;
  my[n] = ys;
  mo[n] = oi;
  n++;
  int64_t bound = xi;
  for (int k = 0; k < nl; k++) {
    int32_t c = lc[k];
    if ((int64_t)d->cx[c] + d->cw[c] <= bound) break;
    dbu_t x = d->wgrid ? (dbu_t)(bound - d->cw[c]) : dp_grid_floor(d, s, (dbu_t)(bound - d->cw[c]));
    if (!dp_disp_ok(d, c, x, ys)) return 0;
    mc[n] = c;
    mx[n] = x;
    my[n] = ys;
    mo[n] = d->co[c];
    n++;
    bound = x;
  }
  bound = (int64_t)xi + d->cw[i];
  for (int k = 0; k < nr; k++) {
    int32_t c = rc[k];
    if (d->cx[c] >= bound) break;
    dbu_t x = d->wgrid ? (dbu_t)bound : dp_grid_ceil(d, s, (dbu_t)bound);
    if (!dp_disp_ok(d, c, x, ys)) return 0;
    mc[n] = c;
    mx[n] = x;
    my[n] = ys;
    mo[n] = d->co[c];
    n++;
    bound = (int64_t)x + d->cw[c];
  }
  return n;
}

static int cand_cmp(const void *pa, const void *pb) {
  const dp_cand_t *a = pa, *b = pb;
  if (a->alone != b->alone) return a->alone < b->alone ? -1 : 1;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Try moving i into every gap and swapping it with every cell of the segments of levels [la, lb]
 * inside [wx0, wx1); i's new x aims at tx.  Applies the best gain.  Returns the gain.
 *
 * Two phases.  Every candidate is first scored by i's own HPWL change (its cost model, cheap);
 * then candidates are evaluated exactly in the order of that score, and the scan stops at the
 * first whose own change is no better than the best exact gain found: the pushed or swapped
 * cells seldom pay for a move that does not gain by itself. */
static int64_t improve_cell(dp_t *d, int32_t i, int32_t la, int32_t lb, dbu_t wx0, dbu_t wx1,
                            dbu_t tx) {
  const lg_grid_t *g = d->g;
  int32_t si = d->cseg[i], ii = d->cidx[i];
  dbu_t li = dp_gap_lo(d, si, ii), ri = dp_gap_hi(d, si, ii + 1);
  dbu_t wi = d->cw[i];
  best_t b = {0, 0, -1, -1, -1, 0, 0};
  /* the caller built i's cost model (dp_opt_region) */
  int64_t base = dp_model_cost(d, d->cx[i], d->cy[i], d->co[i]);
  int32_t mc[4 * DP_SHIFT_K + 2];
  dbu_t mx[4 * DP_SHIFT_K + 2], my[4 * DP_SHIFT_K + 2];
  uint8_t mo[4 * DP_SHIFT_K + 2];
  int32_t nc = 0;
  dp_cand_t *cd = d->cand;
  for (int32_t l = la; l <= lb; l++) {
    for (int32_t q = d->lseg_start[l]; q < d->lseg_start[l + 1]; q++) {
      int32_t s = d->lsegs[q];
      if (g->seg_x1[s] <= wx0 || g->seg_x0[s] >= wx1) continue;
      if (!dp_fits_seg(d, i, s)) continue;
      dbu_t ys = dp_seg_y(d, s);
      uint8_t oi = (uint8_t)dp_orient_in(d, i, s);
      /* i's best x in this row (tx is in its optimal interval) bounds every move of i here */
      if (dp_model_cost(d, tx, ys, oi) - base >= 0) continue;
      int32_t t0 = dp_seg_lower(d, s, wx0);
      if (t0 > 0) t0--;
      for (int32_t t = t0; t <= d->sn[s] && nc < DP_MAX_CAND; t++) {
        dbu_t glo = dp_gap_lo(d, s, t), ghi = dp_gap_hi(d, s, t);
        if (glo >= wx1) break;
        /* insert before cell t, shifting up to DP_SHIFT_K neighbours on each side */
        if (!(s == si && (t == ii || t == ii + 1)) && ghi > wx0) {
          int nm = insert_moves(d, i, s, t, tx, oi, -1, mc, mx, my, mo);
          if (nm > 0) {
            int64_t a = dp_model_cost(d, mx[0], my[0], oi) - base;
            if (nm == 1) {   /* nothing pushed: exact */
              if (a < b.delta) b = (best_t){a, 1, s, t, -1, mx[0], 0};
            } else if (a < 0) {
              cd[nc] = (dp_cand_t){a, nc, 1, s, t, -1, mx[0], 0};
              nc++;
            }
          }
        }
        if (t == d->sn[s]) break;
        int32_t j = dp_seg_cell(d, s, t);
        if (d->cx[j] >= wx1) break;
        if (j == i || (s == si && abs(t - ii) == 1)) continue;
        if (!dp_fits_seg(d, j, si)) continue;
        dbu_t wj = d->cw[j], txj = d->cx[i] + (wi - wj) / 2;
        if (s != si || abs(t - ii) > 2 * DP_SHIFT_K + 2) {
          /* i into j's place and j into i's, each pushing its neighbours as it needs */
          int n1 = insert_moves(d, i, s, t, tx, oi, j, mc, mx, my, mo);
          if (n1 == 0) continue;
          int64_t a = dp_model_cost(d, mx[0], my[0], oi) - base;
          if (a < 0 && nc < DP_MAX_CAND) {
            cd[nc] = (dp_cand_t){a, nc, 3, s, t, j, mx[0], txj};
            nc++;
          }
          continue;
        }
        /* near in one segment: each takes the other's free span */
        dbu_t lj = glo, rj = dp_gap_hi(d, s, t + 1);
        if ((int64_t)rj - lj < wi || (int64_t)ri - li < wj) continue;
        dbu_t xi = dp_grid_near(d, s, lj, rj - wi, tx);
        dbu_t xj = dp_grid_near(d, si, li, ri - wj, txj);
        if (xi == DP_NONE || xj == DP_NONE) continue;
        if (!dp_disp_ok(d, i, xi, ys) || !dp_disp_ok(d, j, xj, d->cy[i])) continue;
        int64_t a = dp_model_cost(d, xi, ys, oi) - base;
        if (a < 0 && nc < DP_MAX_CAND) {
          cd[nc] = (dp_cand_t){a, nc, 2, s, t, j, xi, xj};
          nc++;
        }
      }
    }
  }
  if (nc > 1) qsort(cd, (size_t)nc, sizeof *cd, cand_cmp);
  for (int32_t k = 0; k < nc && cd[k].alone < b.delta; k++) {
    const dp_cand_t *c = &cd[k];
    int32_t s = c->s, j = c->j;
    uint8_t oi = (uint8_t)dp_orient_in(d, i, s);
    int n = 0;
    if (c->kind == 1) {
      n = insert_moves(d, i, s, c->t, c->xi, oi, -1, mc, mx, my, mo);
    } else if (c->kind == 3) {
      int n1 = insert_moves(d, i, s, c->t, c->xi, oi, j, mc, mx, my, mo);
      int n2 = insert_moves(d, j, si, ii, c->xj, (uint8_t)dp_orient_in(d, j, si), i, mc + n1,
                            mx + n1, my + n1, mo + n1);
      n = n2 > 0 ? n1 + n2 : 0;
    } else {
      mc[0] = i;
      mx[0] = c->xi;
      my[0] = dp_seg_y(d, s);
      mo[0] = oi;
      mc[1] = j;
      mx[1] = c->xj;
      my[1] = d->cy[i];
      mo[1] = (uint8_t)dp_orient_in(d, j, si);
      n = 2;
    }
    if (n == 0) continue;
    int64_t delta = dp_try(d, n, mc, mx, my, mo);
    dp_revert(d);
    if (delta < b.delta) b = (best_t){delta, c->kind, s, c->t, j, c->xi, c->xj};
  }
  if (b.kind == 0) return 0;
  if (b.kind == 1) {
    int nm = insert_moves(d, i, b.s, b.t, b.xi, (uint8_t)dp_orient_in(d, i, b.s), -1, mc, mx, my,
                          mo);
    dp_try(d, nm, mc, mx, my, mo);
    dp_commit(d);
    dp_seg_remove(d, i);
    dp_seg_insert(d, i, b.s);
  } else if (b.kind == 2) {
    int32_t j = b.j;
    mc[0] = i;
    mx[0] = b.xi;
    my[0] = dp_seg_y(d, b.s);
    mo[0] = (uint8_t)dp_orient_in(d, i, b.s);
    mc[1] = j;
    mx[1] = b.xj;
    my[1] = dp_seg_y(d, si);
    mo[1] = (uint8_t)dp_orient_in(d, j, si);
    dp_try(d, 2, mc, mx, my, mo);
    dp_commit(d);
    dp_seg_put(d, i, b.s, b.t);
    dp_seg_put(d, j, si, ii);
  } else {
    int32_t j = b.j;
    int n1 = insert_moves(d, i, b.s, b.t, b.xi, (uint8_t)dp_orient_in(d, i, b.s), j, mc, mx, my,
                          mo);
    int n2 = insert_moves(d, j, si, ii, b.xj, (uint8_t)dp_orient_in(d, j, si), i, mc + n1,
                          mx + n1, my + n1, mo + n1);
    dp_try(d, n1 + n2, mc, mx, my, mo);
    dp_commit(d);
    dp_seg_put(d, i, b.s, b.t);
    dp_seg_put(d, j, si, ii);
  }
  return -b.delta;
}

/* Level nearest to y (ties: the lower one). */
static int32_t level_near(const lg_grid_t *g, dbu_t y) {
  int32_t l = lg_grid_level_lower_bound(g, y);
  if (l >= g->nlevels) return g->nlevels - 1;
  if (l > 0 && ddist(g->level_y[l - 1], y) <= ddist(g->level_y[l], y)) return l - 1;
  return l;
}

static dbu_t clampd(dbu_t v, dbu_t lo, dbu_t hi) { return v < lo ? lo : v > hi ? hi : v; }

static dbu_t window_half(const dp_t *d, int32_t c) {
  int32_t r = d->g->seg_row[d->cseg[c]];
  int64_t w = (int64_t)d->o.search_sites * d->g->row_pitch[r];
  if (w < 2 * (int64_t)d->cw[c]) w = 2 * (int64_t)d->cw[c];
  return (dbu_t)(w > INT32_MAX / 4 ? INT32_MAX / 4 : w);
}

int64_t dp_pass_gswap(dp_t *d, int64_t *moves) {
  const lg_grid_t *g = d->g;
  int64_t gain = 0;
  for (int32_t k = 0; k < d->nmov; k++) {
    int32_t i = d->mov[k];
    if (!dp_cell_dirty(d, i)) continue;
    dbu_t xl, xh, yl, yh;
    if (!dp_opt_region(d, i, &xl, &xh, &yl, &yh)) continue;
    dbu_t x = d->cx[i], y = d->cy[i], h = d->ch[i];
    dbu_t tx = clampd(x, xl, xh), ty = clampd(y, yl, yh);
    if (tx == x && ddist(ty, y) < h) continue;   /* already in its optimal region */
    int32_t ln = level_near(g, ty);
    int32_t la = ln > 0 ? ln - 1 : 0, lb = ln + 1 < g->nlevels ? ln + 1 : ln;
    while (la < ln && g->level_y[la] <= (int64_t)yl - h) la++;
    while (lb > ln && g->level_y[lb] >= (int64_t)yh + h) lb--;
    dbu_t w = window_half(d, i);
    int64_t wx0 = (int64_t)tx - w, wx1 = (int64_t)tx + w + d->cw[i];
    int64_t got = improve_cell(d, i, la, lb, (dbu_t)(wx0 < INT32_MIN ? INT32_MIN : wx0),
                               (dbu_t)(wx1 > INT32_MAX ? INT32_MAX : wx1), tx);
    if (got > 0) {
      gain += got;
      (*moves)++;
    }
  }
  return gain;
}

int64_t dp_pass_vswap(dp_t *d, int64_t *moves) {
  const lg_grid_t *g = d->g;
  int64_t gain = 0;
  for (int32_t k = 0; k < d->nmov; k++) {
    int32_t i = d->mov[k];
    if (!dp_cell_dirty(d, i)) continue;
    dbu_t xl, xh, yl, yh;
    if (!dp_opt_region(d, i, &xl, &xh, &yl, &yh)) continue;
    dbu_t y = d->cy[i], h = d->ch[i];
    int32_t l = dp_seg_level(d, d->cseg[i]), lt;
    if ((int64_t)yl - y >= h / 2 && l + 1 < g->nlevels) lt = l + 1;
    else if ((int64_t)y - yh >= h / 2 && l > 0) lt = l - 1;
    else continue;
    dbu_t x = d->cx[i], tx = clampd(x, xl, xh), w = window_half(d, i);
    int64_t wx0 = (int64_t)x - w, wx1 = (int64_t)x + w + d->cw[i];
    int64_t got = improve_cell(d, i, lt, lt, (dbu_t)(wx0 < INT32_MIN ? INT32_MIN : wx0),
                               (dbu_t)(wx1 > INT32_MAX ? INT32_MAX : wx1), tx);
    if (got > 0) {
      gain += got;
      (*moves)++;
    }
  }
  return gain;
}
