/*
 * rt_route_test.c: the pattern router and the congestion report on the shared gcd design
 * (openroad_dpl/gcd/gcd-opt.def), uncongested and with capacities scaled down to force overflow
 * and rip-up:
 *  - every segment stays inside the grid and its corner points are axis-aligned;
 *  - demand is conserved: recomputing it from the segments (each net counted once per edge) gives
 *    the router's arrays exactly, and their sum is the routed wirelength in GCell edges;
 *  - every net's route connects all the GCells of its pins; routed length lies between the sum
 *    of GCell HPWLs and the sum of GCell Steiner lengths;
 *  - results are identical on a rerun and with a fresh router (determinism);
 *  - rip-up does not increase the overflow; report overflow, overflowing GCells and ACE against
 *    naive recomputations.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "e2e/designs.h"
#include "route/rt_grid.h"
#include "route/rt_report.h"
#include "route/rt_route.h"
#include "route/rt_steiner.h"
#include "tap.h"
#include "util/ut.h"

static int find(int *par, int a) {
  while (par[a] != a) a = par[a] = par[par[a]];
  return a;
}

static int cmp_desc(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x < y) - (x > y);
}

/* Recompute demand from the segments; check geometry and connectivity. */
static void check_routes(const rt_grid_t *g, const db_t *db, const rt_route_t *r) {
  int nx = g->nx, ny = g->ny;
  int64_t neh = g->nedges_h, nev = g->nedges_v;
  int32_t *dh = calloc((size_t)neh + 1, sizeof *dh), *dv = calloc((size_t)nev + 1, sizeof *dv);
  int32_t *mh = calloc((size_t)neh + 1, sizeof *mh), *mv = calloc((size_t)nev + 1, sizeof *mv);
  int *par = malloc((size_t)nx * ny * sizeof *par);
  for (int64_t e = 0; e < neh; e++) mh[e] = -1;
  for (int64_t e = 0; e < nev; e++) mv[e] = -1;
  int64_t nsegs = rt_route_nsegs(r);
  int outside = 0, diagonal = 0, disconnected = 0;
  int64_t k = 0;
  for (size_t n = 0; n < db->nnets; n++) {
    for (int c = 0; c < nx * ny; c++) par[c] = c;
    for (; k < nsegs; k++) {
      int32_t net, p[8];
      rt_route_seg(r, k, &net, p);
      if (net != (int32_t)n) break;
      for (int q = 0; q < 4; q++)
        if (p[2 * q] < 0 || p[2 * q] >= nx || p[2 * q + 1] < 0 || p[2 * q + 1] >= ny) outside++;
      for (int q = 0; q < 3 && !outside; q++) {
        int ax = p[2 * q], ay = p[2 * q + 1], bx = p[2 * q + 2], by = p[2 * q + 3];
        if (ax != bx && ay != by) {
          diagonal++;
          continue;
        }
        int sx = bx > ax ? 1 : (bx < ax ? -1 : 0), sy = by > ay ? 1 : (by < ay ? -1 : 0);
        for (int x = ax, y = ay; x != bx || y != by; x += sx, y += sy) {
          int x2 = x + sx, y2 = y + sy;
          if (sy == 0) {
            int64_t e = (int64_t)y * (nx - 1) + (x < x2 ? x : x2);
            if (mh[e] != (int32_t)n) mh[e] = (int32_t)n, dh[e]++;
          } else {
            int64_t e = (int64_t)(y < y2 ? y : y2) * nx + x;
            if (mv[e] != (int32_t)n) mv[e] = (int32_t)n, dv[e]++;
          }
          par[find(par, y * nx + x)] = find(par, y2 * nx + x2);
        }
      }
    }
    /* all pin GCells of a routed net in one component */
    if (db->net_use[n] == DB_USE_POWER || db->net_use[n] == DB_USE_GROUND) continue;
    int root = -1;
    for (int32_t pp = db->net_pin_start[n]; pp < db->net_pin_start[n + 1]; pp++) {
      int64_t x, y;
      if (db_pin_pos(db, pp, &x, &y)) continue;
      int c = find(par, rt_grid_row(g, y) * nx + rt_grid_col(g, x));
      if (root < 0) root = c;
      if (c != root) {
        disconnected++;
        break;
      }
    }
  }
  CHECK(k == nsegs);
  CHECKF(outside == 0, "%d corner points outside the grid", outside);
  CHECKF(diagonal == 0, "%d diagonal runs", diagonal);
  CHECKF(disconnected == 0, "%d nets not connected", disconnected);
  const int32_t *rh = rt_route_demand_h(r), *rv = rt_route_demand_v(r);
  int64_t bad = 0, sum = 0;
  for (int64_t e = 0; e < neh; e++) bad += rh[e] != dh[e], sum += rh[e];
  for (int64_t e = 0; e < nev; e++) bad += rv[e] != dv[e], sum += rv[e];
  rt_route_stats_t st;
  rt_route_stats(r, &st);
  CHECKF(bad == 0, "%lld edges with demand different from the segments", (long long)bad);
  CHECKF(sum == st.wl_gcells, "demand %lld vs routed length %lld", (long long)sum,
         (long long)st.wl_gcells);
  free(dh);
  free(dv);
  free(mh);
  free(mv);
  free(par);
}

/* Report metrics against naive recomputation. */
static void check_report(const rt_grid_t *g, const rt_route_t *r) {
  int64_t neh = g->nedges_h, nev = g->nedges_v;
  double *d = malloc((size_t)(neh + nev) * sizeof *d), *c = malloc((size_t)(neh + nev) * sizeof *c);
  rt_route_demand(r, d, d + neh);
  rt_report_t rep;
  CHECK(rt_report_congestion(g, d, d + neh, &rep) == 0);
  double tot = 0, mx = 0;
  int64_t n = 0, nover = 0;
  uint8_t *over = calloc((size_t)g->nx * g->ny, 1);
  for (int64_t e = 0; e < neh + nev; e++) {
    double cap = e < neh ? g->cap_h[e] : g->cap_v[e - neh];
    if (d[e] > cap + 1e-9) {
      tot += d[e] - cap;
      mx = fmax(mx, d[e] - cap);
      nover++;
      if (e < neh) {
        int64_t j = e / (g->nx - 1), i = e % (g->nx - 1);
        over[j * g->nx + i] = over[j * g->nx + i + 1] = 1;
      } else {
        over[e - neh] = over[e - neh + g->nx] = 1;
      }
    }
    if (cap > 0) c[n++] = d[e] / cap;
  }
  int64_t ngo = 0;
  for (int64_t k = 0; k < (int64_t)g->nx * g->ny; k++) ngo += over[k];
  rt_route_stats_t st;
  rt_route_stats(r, &st);
  CHECK(fabs(rep.overflow_total - tot) < 1e-6 && fabs(rep.overflow_total - st.overflow) < 1e-6);
  CHECK(fabs(rep.overflow_max - mx) < 1e-9 && rep.nedges_over == nover && rep.ngcells_over == ngo);
  qsort(c, (size_t)n, sizeof *c, cmp_desc);
  static const double pct[4] = {0.5, 1, 2, 5};
  for (int k = 0; k < 4; k++) {
    int64_t top = (int64_t)ceil(pct[k] * n / 100.0);
    if (top < 1) top = 1;
    double s = 0;
    for (int64_t i = 0; i < top; i++) s += c[i];
    CHECKF(fabs(rep.ace[k] - 100 * s / top) < 1e-9 * (1 + rep.ace[k]), "ACE(%g) %.6f vs %.6f",
           pct[k], rep.ace[k], 100 * s / top);
  }
  CHECK(rep.ace[0] >= rep.ace[1] && rep.ace[1] >= rep.ace[2] && rep.ace[2] >= rep.ace[3]);
  free(over);
  free(d);
  free(c);
}

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

  for (int pass = 0; pass < 2; pass++) {
    rt_grid_opts_t go;
    rt_grid_opts_default(&go);
    if (pass == 1) go.cap_scale = 0.03;   /* force overflow and rip-up */
    rt_grid_t *g = NULL;
    CHECK(rt_grid_create(&g, db, &go) == 0);
    if (!g) break;
    rt_route_t *r = NULL;
    CHECK(rt_route_create(&r, g, NULL) == 0);
    CHECK(rt_route_run(r, db) == 0);
    rt_route_stats_t st;
    rt_route_stats(r, &st);
    printf("pass %d: %d nets routed, %d local, %lld segments, wl %lld gcell edges (%.1f um), "
           "overflow %.2f -> %.2f in %d rounds (%lld reroutes)\n",
           pass, st.nets_routed, st.nets_local, (long long)st.nsegs, (long long)st.wl_gcells,
           st.wl_um, st.overflow0, st.overflow, st.rounds_done, (long long)st.ripped);
    CHECK(st.nets_routed > 200 && st.nsegs >= st.nets_routed);
    if (pass == 0) CHECK(st.overflow0 == 0 && st.rounds_done == 0);
    if (pass == 1) CHECK(st.overflow0 > 0 && st.rounds_done > 0 && st.ripped > 0);
    CHECK(st.overflow <= st.overflow0 + 1e-9);
    check_routes(g, db, r);
    check_report(g, r);

    /* bounds: sum of GCell HPWLs <= routed <= sum of GCell Steiner lengths */
    rt_steiner_t *s;
    CHECK(rt_steiner_create(&s, 8) == 0);
    int64_t lo = 0, hi = 0, px[1024], py[1024];
    for (size_t n = 0; n < db->nnets; n++) {
      int k = 0;
      for (int32_t p = db->net_pin_start[n]; p < db->net_pin_start[n + 1] && k < 1024; p++) {
        int64_t x, y;
        if (db_pin_pos(db, p, &x, &y)) continue;
        px[k] = rt_grid_col(g, x);
        py[k] = rt_grid_row(g, y);
        k++;
      }
      if (k < 2) continue;
      int64_t x0 = px[0], x1 = px[0], y0 = py[0], y1 = py[0];
      for (int i = 1; i < k; i++) {
        x0 = px[i] < x0 ? px[i] : x0;
        x1 = px[i] > x1 ? px[i] : x1;
        y0 = py[i] < y0 ? py[i] : y0;
        y1 = py[i] > y1 ? py[i] : y1;
      }
      lo += (x1 - x0) + (y1 - y0);
      rt_tree_t tr;
      rt_steiner_tree(s, k, px, py, RT_STEINER_AUTO, &tr);
      hi += tr.length;
    }
    rt_steiner_destroy(s);
    CHECKF(lo <= st.wl_gcells && st.wl_gcells <= hi, "hpwl %lld routed %lld steiner %lld",
           (long long)lo, (long long)st.wl_gcells, (long long)hi);

    /* determinism: rerun and a fresh router give identical demand */
    int64_t neh = g->nedges_h, nev = g->nedges_v;
    int32_t *keep = malloc((size_t)(neh + nev) * sizeof *keep);
    memcpy(keep, rt_route_demand_h(r), (size_t)neh * sizeof *keep);
    memcpy(keep + neh, rt_route_demand_v(r), (size_t)nev * sizeof *keep);
    CHECK(rt_route_run(r, db) == 0);
    CHECK(!memcmp(keep, rt_route_demand_h(r), (size_t)neh * sizeof *keep) &&
          !memcmp(keep + neh, rt_route_demand_v(r), (size_t)nev * sizeof *keep));
    rt_route_t *r2 = NULL;
    CHECK(rt_route_create(&r2, g, NULL) == 0 && rt_route_run(r2, db) == 0);
    CHECK(!memcmp(keep, rt_route_demand_h(r2), (size_t)neh * sizeof *keep) &&
          !memcmp(keep + neh, rt_route_demand_v(r2), (size_t)nev * sizeof *keep));
    rt_route_destroy(r2);
    free(keep);
    rt_route_destroy(r);
    rt_grid_destroy(g);
  }

  /* bad options */
  rt_route_opts_t ro;
  rt_route_opts_default(&ro);
  ro.exact_max = 1;
  rt_route_t *bad = NULL;
  rt_grid_t *g = NULL;
  CHECK(rt_grid_create(&g, db, NULL) == 0);
  CHECK(rt_route_create(&bad, g, &ro) == UT_EINVAL && bad == NULL);
  rt_route_destroy(NULL);
  rt_grid_destroy(g);
  db_destroy(db);
  return tap_done();
}
