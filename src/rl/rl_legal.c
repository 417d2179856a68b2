/*
 * rl_legal.c: the legality model of the hard macros on the row/site grid, shared by every macro
 * placer (RL environment, annealer, greedy start).  It is lg_macro's (src/place/lg_macro.c):
 * lower-left y on a base-row level, x on that level's first row's site grid, inside the core; an
 * obstacle forbids the open box (o.x0 - gl - w, o.x1 + gr) x (o.y0 - gb - h, o.y1 + gt), the gaps
 * being the larger of the two halos when both are macros.  A grid cell's candidate is the grid
 * point nearest to centring the macro on the cell, so candidates grow monotonically along rows
 * and columns and each obstacle forbids one rectangle of grid cells per row (found by binary
 * search): a difference array per row turns the obstacles into a mask in O(rows log cols) each.
 * Static obstacles (fixed cells and macros, hard placement blockages, the rectangles of fences
 * other macros must avoid) give each macro a static mask; rl_env.c adds the placed macros.
 * Units: DBU (int64) throughout, except the static occupancy map (fractions of grid cells).
 */
#include <math.h>
#include <string.h>

#include "place/lg_grid.h"
#include "rl/rl_int.h"

static int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
  return q;
}

static int64_t ceil_div(int64_t a, int64_t b) { return -floor_div(-a, b); }

/* ---- row levels ----------------------------------------------------------------------------- */

int rl_legal_levels(rl_design_t *d, const db_t *db) {
  lg_grid_t *lg = NULL;
  int rc = lg_grid_create(&lg, db);
  if (rc) {
    lg_grid_destroy(lg);
    return rc;
  }
  d->nlev = lg->nlevels;
  d->lev_y = ut_malloc(sizeof *d->lev_y * (size_t)(d->nlev + 1));
  d->lev_x0 = ut_malloc(sizeof *d->lev_x0 * (size_t)(d->nlev + 1));
  d->lev_pitch = ut_malloc(sizeof *d->lev_pitch * (size_t)(d->nlev + 1));
  if (!d->lev_y || !d->lev_x0 || !d->lev_pitch) {
    lg_grid_destroy(lg);
    return UT_ENOMEM;
  }
  for (int32_t l = 0; l < d->nlev; l++) {
    int32_t r = lg->level_rows[lg->level_start[l]];
    d->lev_y[l] = lg->level_y[l];
    d->lev_x0[l] = lg->row_x0[r];
    d->lev_pitch[l] = lg->row_pitch[r] > 0 ? lg->row_pitch[r] : 1;
  }
  lg_grid_destroy(lg);
  return 0;
}

/* ---- candidates and masks ------------------------------------------------------------------ */

void rl_design_cands(const rl_design_t *d, int32_t i, int64_t *ys, int64_t *xs) {
  const int rows = d->pnl.rows, cols = d->pnl.cols;
  const int64_t w = d->hw[i], h = d->hh[i];
  const double gh = (double)(d->core_y1 - d->core_y0) / rows;
  const double gw = (double)(d->core_x1 - d->core_x0) / cols;
  /* levels where the macro fits vertically: [la, lb) */
  int32_t la = 0, lb = d->nlev;
  while (la < lb && d->lev_y[la] < d->core_y0) la++;
  while (lb > la && d->lev_y[lb - 1] + h > d->core_y1) lb--;
  int32_t l = la;
  for (int r = 0; r < rows; r++) {
    if (la >= lb) {
      ys[r] = RL_NONE;
      for (int c = 0; c < cols; c++) xs[(size_t)r * cols + c] = RL_NONE;
      continue;
    }
    double yt = d->core_y0 + (r + 0.5) * gh - 0.5 * (double)h;
    /* nearest level (ties to the lower); l only moves up as r grows */
    while (l + 1 < lb && fabs((double)d->lev_y[l + 1] - yt) < fabs((double)d->lev_y[l] - yt)) l++;
    ys[r] = d->lev_y[l];
    int64_t x0 = d->lev_x0[l], p = d->lev_pitch[l];
    int64_t kmin = ceil_div(d->core_x0 - x0, p), kmax = floor_div(d->core_x1 - w - x0, p);
    for (int c = 0; c < cols; c++) {
      if (kmin > kmax) {
        xs[(size_t)r * cols + c] = RL_NONE;
        continue;
      }
      double xt = d->core_x0 + (c + 0.5) * gw - 0.5 * (double)w;
      int64_t k = (int64_t)llround((xt - (double)x0) / (double)p);
      if (k < kmin) k = kmin;
      if (k > kmax) k = kmax;
      xs[(size_t)r * cols + c] = x0 + k * p;
    }
  }
}

/* First index in [lo, hi) of a nondecreasing array (RL_NONE entries excluded by the caller) with
 * a[idx] > v. */
static int upper(const int64_t *a, size_t stride, int lo, int hi, int64_t v) {
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    if (a[(size_t)mid * stride] > v) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/* First index with a[idx] >= v. */
static int lower(const int64_t *a, size_t stride, int lo, int hi, int64_t v) {
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    if (a[(size_t)mid * stride] >= v) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

void rl_mask_forbid(const rl_design_t *d, const int64_t *ys, const int64_t *xs, int64_t fx0,
                    int64_t fy0, int64_t fx1, int64_t fy1, int32_t *diff) {
  const int rows = d->pnl.rows, cols = d->pnl.cols;
  if (ys[0] == RL_NONE || fx0 >= fx1 || fy0 >= fy1) return;
  /* rows with fy0 < ys < fy1 */
  int ra = upper(ys, 1, 0, rows, fy0), rb = lower(ys, 1, ra, rows, fy1);
  for (int r = ra; r < rb; r++) {
    const int64_t *xr = xs + (size_t)r * cols;
    if (xr[0] == RL_NONE) continue;
    int ca = upper(xr, 1, 0, cols, fx0), cb = lower(xr, 1, ca, cols, fx1);
    if (ca < cb) {
      diff[(size_t)r * (cols + 1) + ca]++;
      diff[(size_t)r * (cols + 1) + cb]--;
    }
  }
}

int rl_design_pair_ok(const rl_design_t *d, int32_t i, int64_t xi, int64_t yi, int32_t j,
                      int64_t xj, int64_t yj) {
  const int32_t *hi = d->hhalo[i], *hj = d->hhalo[j];
  int64_t gl = hi[2] > hj[0] ? hi[2] : hj[0], gr = hi[0] > hj[2] ? hi[0] : hj[2];
  int64_t gb = hi[3] > hj[1] ? hi[3] : hj[1], gt = hi[1] > hj[3] ? hi[1] : hj[3];
  int inx = xi > xj - gl - d->hw[i] && xi < xj + d->hw[j] + gr;
  int iny = yi > yj - gb - d->hh[i] && yi < yj + d->hh[j] + gt;
  return !(inx && iny);
}

/* Forbidden box of obstacle o for hard macro i, as an open box of lower-left positions. */
static void obs_box(const rl_design_t *d, int32_t i, const rl_obs_t *o, int64_t *x0, int64_t *y0,
                    int64_t *x1, int64_t *y1) {
  const int32_t *hi = d->hhalo[i];
  int64_t gl = 0, gr = 0, gb = 0, gt = 0;
  if (o->is_macro) {
    gl = hi[2] > o->halo[0] ? hi[2] : o->halo[0];
    gr = hi[0] > o->halo[2] ? hi[0] : o->halo[2];
    gb = hi[3] > o->halo[1] ? hi[3] : o->halo[1];
    gt = hi[1] > o->halo[3] ? hi[1] : o->halo[3];
  }
  *x0 = o->x0 - gl - d->hw[i];
  *x1 = o->x1 + gr;
  *y0 = o->y0 - gb - d->hh[i];
  *y1 = o->y1 + gt;
}

/* Is the box [x, x+w) x [y, y+h) inside one rectangle of region r? */
static int in_region(const db_t *db, int32_t r, int64_t x, int64_t y, int64_t w, int64_t h) {
  for (int32_t k = db->region_rect_start[r]; k < db->region_rect_start[r + 1]; k++) {
    const db_rect_t *q = &db->region_rects[k];
    if (x >= q->x0 && y >= q->y0 && x + w <= q->x1 && y + h <= q->y1) return 1;
  }
  return 0;
}

static int static_masks(rl_design_t *d) {
  const int rows = d->pnl.rows, cols = d->pnl.cols, n = rows * cols;
  int64_t *ys = ut_malloc(sizeof *ys * (size_t)rows);
  int64_t *xs = ut_malloc(sizeof *xs * (size_t)n);
  int32_t *diff = ut_malloc(sizeof *diff * (size_t)rows * (size_t)(cols + 1));
  if (!ys || !xs || !diff) {
    ut_free(ys);
    ut_free(xs);
    ut_free(diff);
    return UT_ENOMEM;
  }
  for (int32_t i = 0; i < d->nhard; i++) {
    uint8_t *m = d->smask + (size_t)i * n;
    rl_design_cands(d, i, ys, xs);
    memset(diff, 0, sizeof *diff * (size_t)rows * (size_t)(cols + 1));
    for (int32_t k = 0; k < d->nobs; k++) {
      const rl_obs_t *o = &d->obs[k];
      if (o->region >= 0 && o->region == d->hregion[i]) continue;
      int64_t x0, y0, x1, y1;
      obs_box(d, i, o, &x0, &y0, &x1, &y1);
      rl_mask_forbid(d, ys, xs, x0, y0, x1, y1, diff);
    }
    for (int r = 0; r < rows; r++) {
      int32_t acc = 0;
      for (int c = 0; c < cols; c++) {
        acc += diff[(size_t)r * (cols + 1) + c];
        size_t g = (size_t)r * cols + c;
        int ok = ys[r] != RL_NONE && xs[g] != RL_NONE && acc == 0;
        if (ok && d->hregion[i] >= 0)
          ok = in_region(d->db, d->hregion[i], xs[g], ys[r], d->hw[i], d->hh[i]);
        m[g] = (uint8_t)ok;
      }
    }
  }
  ut_free(ys);
  ut_free(xs);
  ut_free(diff);
  return 0;
}

int rl_design_check(const rl_design_t *d, const int64_t *mx, const int64_t *my,
                    const uint8_t *placed) {
  int bad = 0;
  for (int32_t i = 0; i < d->nhard; i++) {
    if (placed && !placed[i]) continue;
    int ok = 1;
    int64_t x = mx[i], y = my[i], w = d->hw[i], h = d->hh[i];
    if (x < d->core_x0 || y < d->core_y0 || x + w > d->core_x1 || y + h > d->core_y1) ok = 0;
    int32_t l = -1;
    for (int32_t k = 0; k < d->nlev; k++)
      if (d->lev_y[k] == y) l = k;
    if (l < 0 || floor_div(x - d->lev_x0[l], d->lev_pitch[l]) * d->lev_pitch[l] != x - d->lev_x0[l])
      ok = 0;
    for (int32_t k = 0; k < d->nobs && ok; k++) {
      const rl_obs_t *o = &d->obs[k];
      if (o->region >= 0 && o->region == d->hregion[i]) continue;
      int64_t x0, y0, x1, y1;
      obs_box(d, i, o, &x0, &y0, &x1, &y1);
      if (x > x0 && x < x1 && y > y0 && y < y1) ok = 0;
    }
    for (int32_t j = 0; j < d->nhard && ok; j++) {
      if (j == i || (placed && !placed[j])) continue;
      if (!rl_design_pair_ok(d, i, x, y, j, mx[j], my[j])) ok = 0;
    }
    if (ok && d->hregion[i] >= 0 && !in_region(d->db, d->hregion[i], x, y, w, h)) ok = 0;
    bad += !ok;
  }
  return bad;
}

/* ---- static obstacles, masks and occupancy --------------------------------------------------- */

static int add_obs(rl_design_t *d, size_t *cap, rl_obs_t o) {
  if (UT_RESERVE(d->obs, *cap, (size_t)d->nobs + 1)) return UT_ENOMEM;
  d->obs[d->nobs++] = o;
  return 0;
}

int rl_legal_static(rl_design_t *d, const db_t *db) {
  const rl_pnl_t *p = &d->pnl;
  const int cols = p->cols, ng = p->cols * p->rows;
  const int32_t nc = (int32_t)db->ncells, nhard = d->nhard;
  const double um = d->dbu;
  size_t ocap = 0;
  int rc = 0;
  for (int32_t c = 0; c < nc && !rc; c++) {
    if (!db_cell_is_fixed(db, c)) continue;
    int32_t m = db->cell_master[c];
    if (m >= 0 && db->master_class[m] == DB_CLASS_COVER) continue;
    dbu_t w, h;
    db_cell_size(db, c, &w, &h);
    rl_obs_t ob;
    memset(&ob, 0, sizeof ob);
    ob.x0 = db->cell_x[c];
    ob.y0 = db->cell_y[c];
    ob.x1 = ob.x0 + w;
    ob.y1 = ob.y0 + h;
    ob.region = -1;
    ob.is_macro = (uint8_t)db_cell_is_macro(db, c);
    if (ob.is_macro) {
      dbu_t halo[4];
      lg_cell_halo(db, c, 0, halo);
      for (int k = 0; k < 4; k++) ob.halo[k] = halo[k];
    }
    rc = add_obs(d, &ocap, ob);
  }
  for (size_t b = 0; b < db->nblk && !rc; b++) {
    if (db->blk_kind[b] != DB_BLK_PLACEMENT || db->blk_soft[b] || db->blk_partial[b] > 0) continue;
    for (int32_t k = db->blk_rect_start[b]; k < db->blk_rect_start[b + 1] && !rc; k++) {
      const db_rect_t *q = &db->blk_rects[k];
      rc = add_obs(d, &ocap, (rl_obs_t){q->x0, q->y0, q->x1, q->y1, {0, 0, 0, 0}, -1, 0});
    }
  }
  for (size_t r = 0; r < db->nregions && !rc; r++) {
    if (!lg_region_hard(db, (int32_t)r)) continue;
    for (int32_t k = db->region_rect_start[r]; k < db->region_rect_start[r + 1] && !rc; k++) {
      const db_rect_t *q = &db->region_rects[k];
      rc = add_obs(d, &ocap, (rl_obs_t){q->x0, q->y0, q->x1, q->y1, {0, 0, 0, 0}, (int32_t)r, 0});
    }
  }
  if (rc) return rc;
  d->smask = ut_malloc((size_t)(nhard > 0 ? nhard : 1) * (size_t)ng);
  d->socc = ut_calloc((size_t)ng, sizeof *d->socc);
  if (!d->smask || !d->socc) return UT_ENOMEM;
  rc = static_masks(d);
  if (rc) return rc;
  for (int32_t k = 0; k < d->nobs; k++) {
    const rl_obs_t *ob = &d->obs[k];
    if (ob->region >= 0) continue;
    double x0 = ob->x0 / um, x1 = ob->x1 / um, y0 = ob->y0 / um, y1 = ob->y1 / um;
    int c0, r0, c1, r1;
    rl_pnl_cell(p, x0, y0, &c0, &r0);
    rl_pnl_cell(p, x1, y1, &c1, &r1);
    for (int r = r0; r <= r1; r++)
      for (int c = c0; c <= c1; c++) {
        double gx0 = p->x0 + c * p->gw, gy0 = p->y0 + r * p->gh;
        double ox = fmin(x1, gx0 + p->gw) - fmax(x0, gx0), oy = fmin(y1, gy0 + p->gh) - fmax(y0, gy0);
        if (ox > 0 && oy > 0) d->socc[r * cols + c] += ox * oy / (p->gw * p->gh);
      }
  }
  for (int g = 0; g < ng; g++)
    if (d->socc[g] > 1) d->socc[g] = 1;
  return 0;
}
