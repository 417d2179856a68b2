/*
 * rt_rudy_test.c: RUDY and pin density against slow obvious code.
 *  - random boxes (fractional, degenerate, partly outside) on a hand-made non-uniform grid, added
 *    one by one (rt_rudy_add) and all at once (rt_rudy_boxes, difference arrays): every
 *    GCell's demand from the 2-D overlap area (area / h / gcell width horizontally, area / w /
 *    gcell height vertically; a zero-width box as a line in the column holding it);
 *  - the shared gcd design (openroad_dpl/gcd/gcd-opt.def): rt_rudy against per-net boxes from
 *    db_pin_pos and the same naive loop over all GCells; conservation (sum of h * gcell width =
 *    sum of box widths); rt_pin_density against a linear search per pin.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "e2e/designs.h"
#include "route/rt_grid.h"
#include "route/rt_rudy.h"
#include "tap.h"
#include "util/ut.h"

static unsigned long long g_rng = 0x9E3779B97F4A7C15ULL;
static double urand(void) {
  g_rng ^= g_rng >> 12;
  g_rng ^= g_rng << 25;
  g_rng ^= g_rng >> 27;
  return (double)((g_rng * 2685821657736338717ULL) >> 11) * (1.0 / 9007199254740992.0);
}

/* Column of v with the grid's clamping, by linear search. */
static int lin_find(const dbu_t *b, int n, double v) {
  if (v < b[0]) return 0;
  for (int k = 0; k < n; k++)
    if (v >= b[k] && v < b[k + 1]) return k;
  return n - 1;
}

static double ov(double a0, double a1, double b0, double b1) {
  double l = a0 > b0 ? a0 : b0, r = a1 < b1 ? a1 : b1;
  return r > l ? r - l : 0;
}

static void naive_add(const rt_grid_t *g, double x0, double y0, double x1, double y1, double wt,
                      double *h, double *v) {
  double w = x1 - x0, hh = y1 - y0;
  int ci = lin_find(g->xs, g->nx, floor(x0)), rj = lin_find(g->ys, g->ny, floor(y0));
  for (int j = 0; j < g->ny; j++)
    for (int i = 0; i < g->nx; i++) {
      double gw = g->xs[i + 1] - g->xs[i], gh = g->ys[j + 1] - g->ys[j];
      double ox = ov(x0, x1, g->xs[i], g->xs[i + 1]), oy = ov(y0, y1, g->ys[j], g->ys[j + 1]);
      size_t k = (size_t)j * g->nx + i;
      if (w > 0 && hh > 0) {
        h[k] += wt * ox * oy / hh / gw;
        v[k] += wt * ox * oy / w / gh;
      } else if (w > 0 && j == rj) {
        h[k] += wt * ox / gw;
      } else if (hh > 0 && i == ci) {
        v[k] += wt * oy / gh;
      }
    }
}

static int maps_equal(const double *a, const double *b, size_t n, const char *what) {
  int bad = 0;
  for (size_t k = 0; k < n; k++) {
    double tol = 1e-9 * (1 + fabs(a[k]) + fabs(b[k]));
    if (fabs(a[k] - b[k]) > tol && bad++ < 5)
      fprintf(stderr, "%s[%zu]: %.12g vs naive %.12g\n", what, k, a[k], b[k]);
  }
  return bad == 0;
}

int main(void) {
  /* a hand-made non-uniform grid: 7 x 5 over [100, 1600] x [-50, 950] */
  static dbu_t xs[] = {100, 150, 400, 420, 900, 1000, 1300, 1600};
  static dbu_t ys[] = {-50, 200, 210, 600, 700, 950};
  rt_grid_t g;
  memset(&g, 0, sizeof g);
  g.nx = 7;
  g.ny = 5;
  g.xs = xs;
  g.ys = ys;
  size_t ng = 35;
  double h[35], v[35], nh[35], nv[35], qh[35], qv[35], boxes[4 * 3000], wts[3000];
  rt_rudy_clear(&g, h, v);
  memset(nh, 0, sizeof nh);
  memset(nv, 0, sizeof nv);
  for (int r = 0; r < 3000; r++) {
    double x0 = 0 + urand() * 1700, y0 = -100 + urand() * 1100;
    double x1 = x0 + (r % 7 == 0 ? 0 : urand() * 900), y1 = y0 + (r % 11 == 0 ? 0 : urand() * 700);
    if (r % 13 == 0) x0 = x1 = xs[r % 8];   /* on a boundary */
    if (r % 17 == 0) {
      y0 = ys[r % 6];
      if (y1 < y0) y1 = y0;
    }
    double wt = 0.5 + urand();
    boxes[4 * r] = x0;
    boxes[4 * r + 1] = y0;
    boxes[4 * r + 2] = x1;
    boxes[4 * r + 3] = y1;
    wts[r] = wt;
    rt_rudy_add(&g, x0, y0, x1, y1, wt, h, v);
    naive_add(&g, x0, y0, x1, y1, wt, nh, nv);
  }
  CHECK(maps_equal(h, nh, ng, "h"));
  CHECK(maps_equal(v, nv, ng, "v"));
  rt_rudy_boxes(&g, 3000, boxes, wts, qh, qv);
  CHECK(maps_equal(qh, nh, ng, "boxes h"));
  CHECK(maps_equal(qv, nv, ng, "boxes v"));
  /* unit weights, boxes covering the whole grid and beyond */
  for (int r = 0; r < 8; r++) {
    boxes[4 * r] = -100 + r;
    boxes[4 * r + 1] = -100;
    boxes[4 * r + 2] = 2000;
    boxes[4 * r + 3] = 1000 + r * 30;
  }
  rt_rudy_boxes(&g, 8, boxes, NULL, qh, qv);
  memset(nh, 0, sizeof nh);
  memset(nv, 0, sizeof nv);
  for (int r = 0; r < 8; r++)
    naive_add(&g, boxes[4 * r], boxes[4 * r + 1], boxes[4 * r + 2], boxes[4 * r + 3], 1, nh, nv);
  CHECK(maps_equal(qh, nh, ng, "big h") && maps_equal(qv, nv, ng, "big v"));

  /* a real design */
  tdesign_t t;
  memset(&t, 0, sizeof t);
  snprintf(t.def, sizeof t.def, "%s/openroad_dpl/gcd/gcd-opt.def", tap_bench());
  snprintf(t.lefs[0], sizeof t.lefs[0], "%s/tech/nangate45/Nangate45.lef", tap_bench());
  t.nlefs = 1;
  ut_diag_t d;
  ut_diag_init(&d);
  d.quiet = 1;
  ut_log_set_level(UT_LOG_WARN);
  db_t *db = tdesign_load(&t, &d);
  CHECKF(db != NULL, "cannot load %s", t.def);
  if (!db) return tap_done();
  rt_grid_t *gg = NULL;
  CHECK(rt_grid_create(&gg, db, NULL) == 0);
  if (!gg) return tap_done();
  size_t n = (size_t)gg->nx * gg->ny;
  double *a = calloc(6 * n, sizeof *a);
  double *ah = a, *av = a + n, *bh = a + 2 * n, *bv = a + 3 * n, *pa = a + 4 * n, *pb = a + 5 * n;
  rt_rudy(gg, db, ah, av);
  double sumw = 0, sumh = 0;
  for (size_t net = 0; net < db->nnets; net++) {
    if (db->net_use[net] == DB_USE_POWER || db->net_use[net] == DB_USE_GROUND) continue;
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    int cnt = 0;
    for (int32_t p = db->net_pin_start[net]; p < db->net_pin_start[net + 1]; p++) {
      int64_t x, y;
      if (db_pin_pos(db, p, &x, &y)) continue;
      x0 = fmin(x0, (double)x);
      x1 = fmax(x1, (double)x);
      y0 = fmin(y0, (double)y);
      y1 = fmax(y1, (double)y);
      cnt++;
    }
    if (cnt < 2) continue;
    naive_add(gg, x0, y0, x1, y1, 1.0, bh, bv);
    sumw += x1 - x0;
    sumh += y1 - y0;
  }
  CHECK(maps_equal(ah, bh, n, "gcd h"));
  CHECK(maps_equal(av, bv, n, "gcd v"));
  double ch = 0, cv = 0;
  for (int j = 0; j < gg->ny; j++)
    for (int i = 0; i < gg->nx; i++) {
      ch += ah[(size_t)j * gg->nx + i] * (gg->xs[i + 1] - gg->xs[i]);
      cv += av[(size_t)j * gg->nx + i] * (gg->ys[j + 1] - gg->ys[j]);
    }
  CHECKF(fabs(ch - sumw) < 1e-6 * sumw && fabs(cv - sumh) < 1e-6 * sumh,
         "conservation: %.3f vs %.3f, %.3f vs %.3f", ch, sumw, cv, sumh);

  /* pin density */
  rt_pin_density(gg, db, pa);
  size_t placed = 0;
  for (size_t p = 0; p < db->npins; p++) {
    int64_t x, y;
    if (db_pin_pos(db, (int32_t)p, &x, &y)) continue;
    placed++;
    pb[(size_t)lin_find(gg->ys, gg->ny, (double)y) * gg->nx + lin_find(gg->xs, gg->nx, (double)x)] +=
        1;
  }
  double tot = 0;
  for (size_t k = 0; k < n; k++) tot += pa[k];
  CHECK(maps_equal(pa, pb, n, "pins"));
  CHECK(tot == (double)placed && placed > 0);
  free(a);
  rt_grid_destroy(gg);
  db_destroy(db);
  return tap_done();
}
