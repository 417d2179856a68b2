/*
 * rt_report.c: overflow and ACE congestion metrics over GCell edges.
 *
 * ACE(x) follows the DAC 2012 routability-driven placement contest (Viswanathan, Alpert, Sze, Li
 * and Wei, "The DAC 2012 routability-driven placement contest and benchmark suite", DAC 2012):
 * the average congestion of the x% most congested global routing edges, x in {0.5, 1, 2, 5}, and
 * their mean as the single routing-congestion figure.  Here: congestion = demand / capacity of
 * every horizontal and vertical edge with capacity > 0 (one pooled list), sorted descending with a
 * deterministic comparison; the top ceil(x/100 * N) values (at least one) are averaged; percent.
 * Edges with no capacity and some demand count in the overflow totals and in nedges_blocked_used
 * but not in ACE.  Sums run in edge order (deterministic).
 */
#include "route/rt_report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/ut.h"

const double rt_ace_pct[4] = {0.5, 1.0, 2.0, 5.0};

static int cmp_desc(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x < y) - (x > y);
}

/* Shared by the edge and GCell variants: n_h horizontal and n_v vertical (demand, capacity)
 * pairs; mark(k, dir, ctx, over) flags the GCells of an overflowing item. */
typedef void (*mark_fn)(const rt_grid_t *g, int64_t k, int dir, uint8_t *over);

static void mark_edge(const rt_grid_t *g, int64_t e, int dir, uint8_t *over) {
  if (dir) {
    over[e] = over[e + g->nx] = 1;
  } else {
    int64_t j = e / (g->nx - 1), i = e % (g->nx - 1), a = j * g->nx + i;
    over[a] = over[a + 1] = 1;
  }
}

static void mark_gcell(const rt_grid_t *g, int64_t k, int dir, uint8_t *over) { over[k] = 1; }

static int metrics(const rt_grid_t *g, const double *dem_h, const double *cap_h, int64_t neh,
                   const double *dem_v, const double *cap_v, int64_t nev, mark_fn mark,
                   rt_report_t *out) {
  memset(out, 0, sizeof *out);
  out->nedges = neh + nev;
  out->ngcells = (int64_t)g->nx * g->ny;
  double *cg = ut_malloc((size_t)(out->nedges ? out->nedges : 1) * sizeof *cg);
  uint8_t *over = ut_calloc((size_t)out->ngcells, 1);
  if (!cg || !over) {
    ut_free(cg);
    ut_free(over);
    return UT_ENOMEM;
  }
  int64_t n = 0;
  for (int dir = 0; dir < 2; dir++) {
    const double *d = dir ? dem_v : dem_h, *c = dir ? cap_v : cap_h;
    int64_t ne = dir ? nev : neh;
    for (int64_t e = 0; e < ne; e++) {
      out->demand_total += d[e];
      out->capacity_total += c[e];
      double o = d[e] - c[e];
      if (c[e] > 0) {
        cg[n++] = d[e] / c[e];
      } else if (d[e] > 0) {
        out->nedges_blocked_used++;
      }
      if (o > 1e-9) {
        out->nedges_over++;
        out->overflow_total += o;
        if (dir)
          out->overflow_v += o;
        else
          out->overflow_h += o;
        if (o > out->overflow_max) out->overflow_max = o;
        mark(g, e, dir, over);
      }
    }
  }
  for (int64_t k = 0; k < out->ngcells; k++) out->ngcells_over += over[k];
  out->gcells_over_pct = out->ngcells ? 100.0 * out->ngcells_over / out->ngcells : 0;
  out->nedges_cap = n;
  if (n) {
    qsort(cg, (size_t)n, sizeof *cg, cmp_desc);
    out->max_congestion_pct = 100 * cg[0];
    for (int k = 0; k < 4; k++) {
      int64_t top = (int64_t)ceil(rt_ace_pct[k] / 100.0 * (double)n);
      if (top < 1) top = 1;
      double s = 0;
      for (int64_t i = 0; i < top; i++) s += cg[i];
      out->ace[k] = 100 * s / (double)top;
      out->rc += out->ace[k] / 4;
    }
  }
  ut_free(cg);
  ut_free(over);
  return 0;
}

int rt_report_congestion(const rt_grid_t *g, const double *dem_h, const double *dem_v,
                         rt_report_t *out) {
  return metrics(g, dem_h, g->cap_h, g->nedges_h, dem_v, g->cap_v, g->nedges_v, mark_edge, out);
}

int rt_report_gcells(const rt_grid_t *g, const double *dem_h, const double *dem_v,
                     const double *cap_h, const double *cap_v, rt_report_t *out) {
  int64_t n = (int64_t)g->nx * g->ny;
  return metrics(g, dem_h, cap_h, n, dem_v, cap_v, n, mark_gcell, out);
}

void rt_report_gcell_map(const rt_grid_t *g, const double *dem_h, const double *dem_v,
                         double *map) {
  int nx = g->nx, ny = g->ny;
  memset(map, 0, (size_t)nx * ny * sizeof *map);
  for (int j = 0; j < ny; j++)
    for (int i = 0; i + 1 < nx; i++) {
      int64_t e = (int64_t)j * (nx - 1) + i;
      double c = g->cap_h[e] > 1 ? g->cap_h[e] : 1, v = dem_h[e] / c;
      double *a = &map[(int64_t)j * nx + i];
      if (v > a[0]) a[0] = v;
      if (v > a[1]) a[1] = v;
    }
  for (int j = 0; j + 1 < ny; j++)
    for (int i = 0; i < nx; i++) {
      int64_t e = (int64_t)j * nx + i;
      double c = g->cap_v[e] > 1 ? g->cap_v[e] : 1, v = dem_v[e] / c;
      double *a = &map[e];
      if (v > a[0]) a[0] = v;
      if (v > a[nx]) a[nx] = v;
    }
}

void rt_report_print(const rt_report_t *r, FILE *f) {
  fprintf(f, "edges             %lld (%lld with capacity), demand %.0f, capacity %.1f tracks\n",
          (long long)r->nedges, (long long)r->nedges_cap, r->demand_total, r->capacity_total);
  fprintf(f, "overflow          total %.2f (H %.2f, V %.2f), max %.2f, %lld edges (%lld blocked "
          "edges used)\n", r->overflow_total, r->overflow_h, r->overflow_v, r->overflow_max,
          (long long)r->nedges_over, (long long)r->nedges_blocked_used);
  fprintf(f, "overflow gcells   %lld of %lld (%.3f%%)\n", (long long)r->ngcells_over,
          (long long)r->ngcells, r->gcells_over_pct);
  fprintf(f, "ACE               0.5%%: %.2f  1%%: %.2f  2%%: %.2f  5%%: %.2f  (mean %.2f, max %.2f)\n",
          r->ace[0], r->ace[1], r->ace[2], r->ace[3], r->rc, r->max_congestion_pct);
  if (r->wl_routed_um > 0 || r->wl_steiner_um > 0 || r->wl_hpwl_um > 0)
    fprintf(f, "wirelength        routed %.1f um (%lld gcell edges), steiner %.1f um, hpwl %.1f um\n",
            r->wl_routed_um, (long long)r->wl_routed_gcells, r->wl_steiner_um, r->wl_hpwl_um);
}
