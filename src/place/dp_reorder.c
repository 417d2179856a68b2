/*
 * dp_reorder.c: local reordering and mirroring.
 *
 * Local reordering (Pan, Viswanathan, Chu, ICCAD 2005, Sec. 4.3; exhaustive small-window
 * ordering as in the end-case placers of Caldwell, Kahng, Markov, TCAD 2000): a window of
 * k = opts->window consecutive cells of a segment (k <= 4) is re-ordered.  Every one of the
 * k! - 1 other orders is packed into the window's span: the first slot starts at the window's
 * left end and the gaps between consecutive slots keep their widths and order, so the span (left
 * end, total width) is kept and nothing outside the window moves; positions are rounded up to the
 * site grid and a packing that runs past the next cell is dropped.  The order with the best exact
 * HPWL gain is applied; the window then slides by one cell.
 *
 * Mirroring: a cell whose master has SYMMETRY Y takes the Y-mirror of its orientation (N <-> FN,
 * FS <-> S) when that shortens its nets (pins move, the cell does not).
 */
#include <string.h>

#include "place/dp_int.h"

#define DP_MAX_WIN 4

/* All permutations of 0..k-1 in lexicographic order (the identity first). */
static int make_perms(int k, uint8_t perms[][DP_MAX_WIN]) {
  uint8_t p[DP_MAX_WIN];
  for (int i = 0; i < k; i++) p[i] = (uint8_t)i;
  int n = 0;
  for (;;) {
    memcpy(perms[n++], p, DP_MAX_WIN);
    int i = k - 2;
    while (i >= 0 && p[i] > p[i + 1]) i--;
    if (i < 0) break;
    int j = k - 1;
    while (p[j] < p[i]) j--;
    uint8_t t = p[i];
    p[i] = p[j];
    p[j] = t;
    for (int a = i + 1, b = k - 1; a < b; a++, b--) {
      t = p[a];
      p[a] = p[b];
      p[b] = t;
    }
  }
  return n;
}

int64_t dp_pass_reorder(dp_t *d, int64_t *moves) {
  int k = d->o.window;
  if (k < 2) return 0;
  if (k > DP_MAX_WIN) k = DP_MAX_WIN;
  uint8_t perms[24][DP_MAX_WIN];
  int np = make_perms(k, perms);
  int64_t gain = 0;
  int32_t win[DP_MAX_WIN], mc[DP_MAX_WIN];
  dbu_t gap[DP_MAX_WIN], mx[DP_MAX_WIN], my[DP_MAX_WIN], bx[DP_MAX_WIN];
  uint8_t mo[DP_MAX_WIN];
  for (int32_t s = 0; s < d->nsegs; s++) {
    dbu_t ys = dp_seg_y(d, s);
    for (int32_t t = 0; t + k <= d->sn[s]; t++) {
      int dirty = 0;
      for (int q = 0; q < k; q++) {
        win[q] = dp_seg_cell(d, s, t + q);
        if (!dirty && dp_cell_dirty(d, win[q])) dirty = 1;
      }
      if (!dirty) continue;
      for (int q = 0; q + 1 < k; q++) gap[q] = d->cx[win[q + 1]] - (d->cx[win[q]] + d->cw[win[q]]);
      dbu_t left = d->cx[win[0]], right = dp_gap_hi(d, s, t + k);
      int64_t best = 0;
      int bp = -1;
      for (int p = 1; p < np; p++) {
        int64_t x = left;
        int ok = 1;
        for (int q = 0; q < k && ok; q++) {
          int32_t c = win[perms[p][q]];
          if (q > 0) x = dp_grid_ceil(d, s, (dbu_t)(x + gap[q - 1]));
          if (x + d->cw[c] > right || !dp_disp_ok(d, c, (dbu_t)x, ys)) ok = 0;
          mc[q] = c;
          mx[q] = (dbu_t)x;
          my[q] = ys;
          mo[q] = d->co[c];
          x += d->cw[c];
        }
        if (!ok) continue;
        int64_t delta = dp_try(d, k, mc, mx, my, mo);
        dp_revert(d);
        if (delta < best) {
          best = delta;
          bp = p;
          memcpy(bx, mx, sizeof bx);
        }
      }
      if (bp < 0) continue;
      for (int q = 0; q < k; q++) {
        mc[q] = win[perms[bp][q]];
        mx[q] = bx[q];
        my[q] = ys;
        mo[q] = d->co[mc[q]];
      }
      dp_try(d, k, mc, mx, my, mo);
      dp_commit(d);
      for (int q = 0; q < k; q++) dp_seg_put(d, mc[q], s, t + q);
      gain -= best;
      (*moves)++;
    }
  }
  return gain;
}

int64_t dp_pass_flip(dp_t *d, int64_t *moves) {
  const db_t *db = d->db;
  int64_t gain = 0;
  for (int32_t k = 0; k < d->nmov; k++) {
    int32_t c = d->mov[k];
    if (!dp_cell_dirty(d, c)) continue;
    if (!(db->master_sym[db->cell_master[c]] & DB_SYM_Y)) continue;
    int32_t mc[1] = {c};
    dbu_t mx[1] = {d->cx[c]}, my[1] = {d->cy[c]};
    uint8_t mo[1] = {(uint8_t)lg_orient_mirror_y(d->co[c])};
    int64_t delta = dp_try(d, 1, mc, mx, my, mo);
    if (delta < 0) {
      dp_commit(d);
      dp_sync_mirror(d, c);
      gain -= delta;
      (*moves)++;
    } else {
      dp_revert(d);
    }
  }
  return gain;
}
