/*
 * gp_route_test.c: the routability mode's congestion map and inflation (src/place/gp_route.c)
 * against the obvious computations, on the shared gcd placement (openroad_dpl/gcd/gcd-opt.def)
 * with the capacity scaled to 10% so that GCells overflow:
 *  - gp_rt_measure (RUDY from the placer's own net view) gives the same overflow, share of
 *    overflowing GCells and ACE as rt_rudy + rt_report_gcells on the database, the numbers
 *    `place report-congestion` prints; in route mode, the same as rt_route on the database;
 *  - gp_rt_inflate with an unlimited budget gives every cell min(infl * min(c^p, R), R) for the
 *    ratio c of its center's GCell recomputed here (c >= 1.01, directions with less than 20% of
 *    the mean capacity ignored), 1 elsewhere, and macros nothing; with half the requested area as
 *    budget, every increment is halved and the added area equals the budget; no cell passes R.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "e2e/designs.h"
#include "place/gp_int.h"
#include "route/rt_grid.h"
#include "route/rt_report.h"
#include "route/rt_route.h"
#include "route/rt_rudy.h"
#include "tap.h"
#include "util/ut.h"

/* The placer's view of db: movable cells by center, pins by offset (as gp.c builds it). */
typedef struct view_t {
  gp_net_view_t nv;
  int32_t *cell_of;
  double *x, *y, *w, *h, *area;
  int *start, *pcell;
  double *dx, *dy;
} view_t;

static void view_build(const db_t *db, view_t *v) {
  memset(v, 0, sizeof *v);
  int32_t *mi = malloc(db->ncells * sizeof *mi);
  v->cell_of = malloc(db->ncells * sizeof *v->cell_of);
  int n = 0;
  for (size_t c = 0; c < db->ncells; c++) {
    mi[c] = db_cell_is_fixed(db, (int32_t)c) ? -1 : n;
    if (mi[c] >= 0) v->cell_of[n++] = (int32_t)c;
  }
  v->x = malloc(n * sizeof(double));
  v->y = malloc(n * sizeof(double));
  v->w = malloc(n * sizeof(double));
  v->h = malloc(n * sizeof(double));
  v->area = malloc(n * sizeof(double));
  for (int i = 0; i < n; i++) {
    dbu_t w, h;
    db_cell_size(db, v->cell_of[i], &w, &h);
    v->w[i] = w;
    v->h[i] = h;
    v->area[i] = (double)w * h;
    v->x[i] = db->cell_x[v->cell_of[i]] + 0.5 * w;
    v->y[i] = db->cell_y[v->cell_of[i]] + 0.5 * h;
  }
  v->start = malloc((db->nnets + 1) * sizeof(int));
  v->pcell = malloc((db->npins + 1) * sizeof(int));
  v->dx = malloc((db->npins + 1) * sizeof(double));
  v->dy = malloc((db->npins + 1) * sizeof(double));
  int k = 0, e2 = 0;
  v->start[0] = 0;
  for (size_t e = 0; e < db->nnets; e++) {
    if (db->net_use[e] == DB_USE_POWER || db->net_use[e] == DB_USE_GROUND) continue;
    int k0 = k, mov = 0;
    for (int32_t q = db->net_pin_start[e]; q < db->net_pin_start[e + 1]; q++) {
      int32_t c = db->pin_cell[q];
      int64_t px, py;
      if (c >= 0 && mi[c] >= 0) {
        db_pin_pos(db, q, &px, &py);
        v->pcell[k] = mi[c];
        v->dx[k] = (double)px - v->x[mi[c]];
        v->dy[k] = (double)py - v->y[mi[c]];
        mov = 1;
      } else if (!db_pin_pos(db, q, &px, &py)) {
        v->pcell[k] = -1;
        v->dx[k] = (double)px;
        v->dy[k] = (double)py;
      } else {
        continue;
      }
      k++;
    }
    if (!mov || k - k0 < 2) {
      k = k0;
      continue;
    }
    v->start[++e2] = k;
  }
  gp_net_view_t nv = {n, e2, v->start, v->pcell, v->dx, v->dy};
  v->nv = nv;
  free(mi);
}

static void view_free(view_t *v) {
  void *a[] = {v->cell_of, v->x, v->y, v->w, v->h, v->area, v->start, v->pcell, v->dx, v->dy};
  for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) free(a[i]);
}

static int near(double a, double b) { return fabs(a - b) <= 1e-9 * (1 + fabs(a) + fabs(b)); }

int main(void) {
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
  view_t v;
  view_build(db, &v);
  int n = v.nv.ncells;
  CHECK(n == 294 && v.nv.nnets > 300);

  gp_opts_t o;
  gp_opts_default(&o);
  o.routability = 1;
  o.rt_cap_scale = 0.1;

  /* the reference: what report-congestion computes on the database */
  rt_grid_opts_t go;
  rt_grid_opts_default(&go);
  go.cap_scale = 0.1;
  rt_grid_t *g = NULL;
  CHECK(rt_grid_create(&g, db, &go) == 0);
  if (!g) return tap_done();
  size_t ng = (size_t)g->nx * g->ny;
  double *rh = calloc(ng, sizeof *rh), *rv = calloc(ng, sizeof *rv);
  double *ch = calloc(ng, sizeof *ch), *cv = calloc(ng, sizeof *cv);
  rt_rudy(g, db, rh, rv);
  rt_grid_gcell_capacity(g, ch, cv);
  rt_report_t ref;
  CHECK(rt_report_gcells(g, rh, rv, ch, cv, &ref) == 0);
  CHECKF(ref.overflow_total > 10, "the scaled capacity should overflow (%g)", ref.overflow_total);

  gp_rt_t *r = NULL;
  CHECK(gp_rt_create(&r, db, &o, &v.nv, v.cell_of, v.w, v.h) == 0);
  if (!r) return tap_done();
  gp_rt_cong_t c;
  CHECK(gp_rt_measure(r, v.x, v.y, &c) == 0);
  CHECKF(near(c.overflow, ref.overflow_total), "RUDY overflow %.9g vs %.9g", c.overflow,
         ref.overflow_total);
  CHECKF(near(c.gcells_over_pct, ref.gcells_over_pct), "GCells over %g vs %g", c.gcells_over_pct,
         ref.gcells_over_pct);
  for (int k = 0; k < 4; k++)
    CHECKF(near(c.ace[k], ref.ace[k]), "ACE %d: %g vs %g", k, c.ace[k], ref.ace[k]);
  CHECK(near(c.rc, (ref.ace[0] + ref.ace[1]) / 200));

  /* inflation against the per-cell rule recomputed here */
  double mh = 0, mv = 0;
  for (size_t k = 0; k < ng; k++) {
    mh += ch[k];
    mv += cv[k];
  }
  mh = 0.2 * mh / (double)ng;
  mv = 0.2 * mv / (double)ng;
  double *want = malloc(n * sizeof *want), *infl = malloc(n * sizeof *infl);
  uint8_t *ok = malloc(n);
  double P = 2.5, R = 2.5, asked = 0;
  int ninfl = 0;
  for (int i = 0; i < n; i++) {
    ok[i] = !db_cell_is_macro(db, v.cell_of[i]) && i % 7 != 3;   /* some cells kept out */
    int gi = 0, gj = 0;
    while (gi + 1 < g->nx && v.x[i] >= g->xs[gi + 1]) gi++;
    while (gj + 1 < g->ny && v.y[i] >= g->ys[gj + 1]) gj++;
    size_t k = (size_t)gj * g->nx + gi;
    double a = ch[k] >= mh && ch[k] > 0 ? rh[k] / ch[k] : 0;
    double b = cv[k] >= mv && cv[k] > 0 ? rv[k] / cv[k] : 0;
    double ratio = a > b ? a : b;
    want[i] = ok[i] && ratio >= 1.01 ? fmin(fmin(pow(ratio, P), R), R) : 1.0;
    asked += v.area[i] * (want[i] - 1);
    ninfl += want[i] > 1;
    infl[i] = 1;
  }
  CHECKF(ninfl > 10, "only %d cells in overflowing GCells", ninfl);
  double added = gp_rt_inflate(r, v.x, v.y, v.area, ok, P, R, INFINITY, infl);
  CHECKF(near(added, asked), "added %g, asked %g", added, asked);
  int bad = 0;
  for (int i = 0; i < n; i++) bad += !near(infl[i], want[i]);
  CHECKF(bad == 0, "%d cells with another inflation than the rule's", bad);
  /* half the budget: every increment halved */
  for (int i = 0; i < n; i++) infl[i] = 1;
  added = gp_rt_inflate(r, v.x, v.y, v.area, ok, P, R, 0.5 * asked, infl);
  CHECKF(near(added, 0.5 * asked), "added %g, budget %g", added, 0.5 * asked);
  bad = 0;
  for (int i = 0; i < n; i++) bad += !near(infl[i] - 1, 0.5 * (want[i] - 1));
  CHECK(bad == 0);
  /* cumulative cap */
  for (int i = 0; i < n; i++) infl[i] = 2.4;
  gp_rt_inflate(r, v.x, v.y, v.area, ok, P, R, INFINITY, infl);
  bad = 0;
  for (int i = 0; i < n; i++) bad += infl[i] > R + 1e-12 || infl[i] < 2.4;
  CHECK(bad == 0);
  /* nothing when the budget is zero */
  for (int i = 0; i < n; i++) infl[i] = 1;
  CHECK(gp_rt_inflate(r, v.x, v.y, v.area, ok, P, R, 0, infl) == 0);
  gp_rt_destroy(r);

  /* route mode: the pattern router on the same positions */
  o.rt_map = GP_RT_MAP_ROUTE;
  r = NULL;
  CHECK(gp_rt_create(&r, db, &o, &v.nv, v.cell_of, v.w, v.h) == 0);
  rt_route_t *rr = NULL;
  CHECK(rt_route_create(&rr, g, NULL) == 0);
  if (r && rr) {
    CHECK(gp_rt_measure(r, v.x, v.y, &c) == 0);
    CHECK(rt_route_run(rr, db) == 0);
    double *dh = calloc((size_t)g->nedges_h + 1, sizeof *dh);
    double *dv = calloc((size_t)g->nedges_v + 1, sizeof *dv);
    rt_route_demand(rr, dh, dv);
    CHECK(rt_report_congestion(g, dh, dv, &ref) == 0);
    CHECKF(c.overflow == ref.overflow_total && c.ace[0] == ref.ace[0],
           "route overflow %g vs %g", c.overflow, ref.overflow_total);
    int nm;
    CHECK(gp_rt_seconds(r, &nm) >= 0 && nm == 1);
    free(dh);
    free(dv);
  }
  rt_route_destroy(rr);
  gp_rt_destroy(r);
  gp_rt_destroy(NULL);
  rt_grid_destroy(g);
  free(rh);
  free(rv);
  free(ch);
  free(cv);
  free(want);
  free(infl);
  free(ok);
  view_free(&v);
  db_destroy(db);
  return tap_done();
}
