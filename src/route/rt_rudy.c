/*
 * rt_rudy.c: RUDY wire-density and pin-density maps (Spindler & Johannes, "Fast and accurate
 * routing demand estimation for efficient routability-driven placement", DATE 2007: the
 * wire density of a net is d = (w + h) / (w h) over its bounding box; we keep its horizontal part
 * w / (w h) and vertical part h / (w h) apart, as the capacities are per direction).
 *
 * The overlap of a box with GCell (i, j) is separable, fx(i) * fy(j).  rt_rudy_add adds one net
 * directly (a pass over the GCells its box touches; column/row lookups by binary search on the
 * possibly non-uniform boundaries).  rt_rudy / rt_rudy_boxes build whole maps in O(nets + GCells):
 * each net's separable profile is at most 9 constant rectangles, added to 2-D difference arrays
 * (the caller's output arrays themselves) and integrated by one prefix-sum pass (the usual
 * summed-area construction), so even a random placement with die-sized boxes costs the same.
 * No allocation; single-threaded in a fixed order, so the sums are deterministic.  Invariant:
 * each net adds weight * w horizontal and weight * h vertical track-length (boxes inside the die).
 */
#include "route/rt_rudy.h"

#include <math.h>
#include <string.h>

void rt_rudy_clear(const rt_grid_t *g, double *h_map, double *v_map) {
  size_t n = (size_t)g->nx * (size_t)g->ny;
  memset(h_map, 0, n * sizeof *h_map);
  memset(v_map, 0, n * sizeof *v_map);
}

/* Share of [a, b] inside [lo, hi); a zero-length interval counts wholly in its own bin. */
static inline double share(double a, double b, double lo, double hi, double inv_len) {
  double l = a > lo ? a : lo, r = b < hi ? b : hi;
  return r > l ? (r - l) * inv_len : 0.0;
}

void rt_rudy_add(const rt_grid_t *g, double x0, double y0, double x1, double y1, double weight,
                 double *h_map, double *v_map) {
  double w = x1 - x0, h = y1 - y0;
  if (!(w > 0) && !(h > 0)) return;
  int i0 = rt_grid_col(g, (int64_t)floor(x0)), i1 = rt_grid_col(g, (int64_t)floor(x1));
  int j0 = rt_grid_row(g, (int64_t)floor(y0)), j1 = rt_grid_row(g, (int64_t)floor(y1));
  double iw = w > 0 ? 1.0 / w : 0, ih = h > 0 ? 1.0 / h : 0;
  int nx = g->nx;
  for (int j = j0; j <= j1; j++) {
    double fy = h > 0 ? share(y0, y1, g->ys[j], g->ys[j + 1], ih) : 1.0;
    if (fy <= 0) continue;
    double gh = (double)(g->ys[j + 1] - g->ys[j]);
    double vy = weight * h * fy / gh, hy = weight * w * fy;
    double *hr = h_map + (size_t)j * nx, *vr = v_map + (size_t)j * nx;
    for (int i = i0; i <= i1; i++) {
      double fx = w > 0 ? share(x0, x1, g->xs[i], g->xs[i + 1], iw) : 1.0;
      if (fx <= 0) continue;
      hr[i] += hy * fx / (double)(g->xs[i + 1] - g->xs[i]);
      vr[i] += vy * fx;
    }
  }
}

/* ---- all nets at once: O(1) per net with 2-D difference arrays ------------------------------
 *
 * With cx(i) = the covered share of column i's width (1 inside the box, fractional at its two end
 * columns) and cy(j) likewise, the per-net terms above factor as
 *   h_map[i, j] = gh_j * (weight / h) * cx(i) * cy(j)      v_map[i, j] = gw_i * (weight / w) * cx(i) * cy(j)
 * (a zero-height box: gh_j * weight / gh_j0 * cx(i) in its row j0; likewise a zero-width box).
 * cx and cy are piecewise constant with at most three pieces, so a net is at most 9 constant
 * rectangles, each added to a 2-D difference array in 4 updates; one prefix-sum pass and the
 * gh_j / gw_i scaling then give the maps.  Equal to rt_rudy_add up to rounding. */

typedef struct prof_t {
  int n;                /* pieces */
  int lo[3], hi[3];
  double val[3];
} prof_t;

/* Coverage profile of [a, b] (b > a) over the boundaries bd[0..nb], times scale. */
static void cover(const dbu_t *bd, int nb, double a, double b, int k0, int k1, double scale,
                  prof_t *p) {
  if (k0 == k1) {
    p->n = 1;
    p->lo[0] = p->hi[0] = k0;
    p->val[0] = scale * share(a, b, bd[k0], bd[k0 + 1], 1.0 / (double)(bd[k0 + 1] - bd[k0]));
    return;
  }
  int n = 0;
  p->lo[n] = p->hi[n] = k0;
  p->val[n++] = scale * share(a, b, bd[k0], bd[k0 + 1], 1.0 / (double)(bd[k0 + 1] - bd[k0]));
  if (k1 - k0 > 1) {
    p->lo[n] = k0 + 1;
    p->hi[n] = k1 - 1;
    p->val[n++] = scale;
  }
  p->lo[n] = p->hi[n] = k1;
  p->val[n++] = scale * share(a, b, bd[k1], bd[k1 + 1], 1.0 / (double)(bd[k1 + 1] - bd[k1]));
  p->n = n;
  (void)nb;
}

static void delta(int k, double v, prof_t *p) {
  p->n = 1;
  p->lo[0] = p->hi[0] = k;
  p->val[0] = v;
}

static void rect_add(double *D, int nx, int ny, int i0, int i1, int j0, int j1, double c) {
  if (c == 0) return;
  D[(size_t)j0 * nx + i0] += c;
  if (i1 + 1 < nx) D[(size_t)j0 * nx + i1 + 1] -= c;
  if (j1 + 1 < ny) {
    D[(size_t)(j1 + 1) * nx + i0] -= c;
    if (i1 + 1 < nx) D[(size_t)(j1 + 1) * nx + i1 + 1] += c;
  }
}

static void outer_add(double *D, int nx, int ny, const prof_t *px, const prof_t *py) {
  for (int b = 0; b < py->n; b++)
    for (int a = 0; a < px->n; a++)
      rect_add(D, nx, ny, px->lo[a], px->hi[a], py->lo[b], py->hi[b], px->val[a] * py->val[b]);
}

static void diff_box(const rt_grid_t *g, double x0, double y0, double x1, double y1,
                     double weight, double *h_map, double *v_map) {
  double w = x1 - x0, h = y1 - y0;
  if (!(w > 0) && !(h > 0)) return;
  int i0 = rt_grid_col(g, (int64_t)floor(x0)), i1 = rt_grid_col(g, (int64_t)floor(x1));
  int j0 = rt_grid_row(g, (int64_t)floor(y0)), j1 = rt_grid_row(g, (int64_t)floor(y1));
  prof_t px, py;
  if (w > 0) {   /* horizontal: cx(i) * (weight / h) cy(j), or weight / gh_j0 in row j0 */
    cover(g->xs, g->nx, x0, x1, i0, i1, 1.0, &px);
    if (h > 0)
      cover(g->ys, g->ny, y0, y1, j0, j1, weight / h, &py);
    else
      delta(j0, weight / (double)(g->ys[j0 + 1] - g->ys[j0]), &py);
    outer_add(h_map, g->nx, g->ny, &px, &py);
  }
  if (h > 0) {   /* vertical: (weight / w) cx(i) * cy(j), or weight / gw_i0 in column i0 */
    cover(g->ys, g->ny, y0, y1, j0, j1, 1.0, &py);
    if (w > 0)
      cover(g->xs, g->nx, x0, x1, i0, i1, weight / w, &px);
    else
      delta(i0, weight / (double)(g->xs[i0 + 1] - g->xs[i0]), &px);
    outer_add(v_map, g->nx, g->ny, &px, &py);
  }
}

/* Prefix sums (rows, then columns) and the gh_j / gw_i scaling. */
static void diff_finish(const rt_grid_t *g, double *h_map, double *v_map) {
  int nx = g->nx, ny = g->ny;
  for (int m = 0; m < 2; m++) {
    double *D = m ? v_map : h_map;
    for (int j = 0; j < ny; j++)
      for (int i = 1; i < nx; i++) D[(size_t)j * nx + i] += D[(size_t)j * nx + i - 1];
    for (int j = 1; j < ny; j++)
      for (int i = 0; i < nx; i++) D[(size_t)j * nx + i] += D[(size_t)(j - 1) * nx + i];
  }
  for (int j = 0; j < ny; j++) {
    double gh = (double)(g->ys[j + 1] - g->ys[j]);
    for (int i = 0; i < nx; i++) {
      size_t k = (size_t)j * nx + i;
      h_map[k] *= gh;
      v_map[k] *= (double)(g->xs[i + 1] - g->xs[i]);
      /* rounding of the difference sums can leave -1e-15 where nothing lies */
      if (h_map[k] < 0) h_map[k] = 0;
      if (v_map[k] < 0) v_map[k] = 0;
    }
  }
}

void rt_rudy_boxes(const rt_grid_t *g, size_t n, const double *box, const double *weight,
                   double *h_map, double *v_map) {
  rt_rudy_clear(g, h_map, v_map);
  for (size_t k = 0; k < n; k++)
    diff_box(g, box[4 * k], box[4 * k + 1], box[4 * k + 2], box[4 * k + 3],
             weight ? weight[k] : 1.0, h_map, v_map);
  diff_finish(g, h_map, v_map);
}

void rt_rudy(const rt_grid_t *g, const db_t *db, double *h_map, double *v_map) {
  rt_rudy_clear(g, h_map, v_map);
  for (size_t n = 0; n < db->nnets; n++) {
    if (db->net_use[n] == DB_USE_POWER || db->net_use[n] == DB_USE_GROUND) continue;
    int64_t x0 = INT64_MAX, y0 = INT64_MAX, x1 = INT64_MIN, y1 = INT64_MIN;
    int cnt = 0;
    for (int32_t p = db->net_pin_start[n]; p < db->net_pin_start[n + 1]; p++) {
      int64_t x, y;
      if (db_pin_pos(db, p, &x, &y)) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      cnt++;
    }
    if (cnt >= 2) diff_box(g, (double)x0, (double)y0, (double)x1, (double)y1, 1.0, h_map, v_map);
  }
  diff_finish(g, h_map, v_map);
}

void rt_pin_density(const rt_grid_t *g, const db_t *db, double *pins) {
  memset(pins, 0, (size_t)g->nx * (size_t)g->ny * sizeof *pins);
  for (size_t p = 0; p < db->npins; p++) {
    int32_t n = db->pin_net[p];
    if (n >= 0 && (db->net_use[n] == DB_USE_POWER || db->net_use[n] == DB_USE_GROUND)) continue;
    int64_t x, y;
    if (db_pin_pos(db, (int32_t)p, &x, &y)) continue;
    pins[(size_t)rt_grid_row(g, y) * g->nx + rt_grid_col(g, x)] += 1.0;
  }
}
