/*
 * rt_bench.c: timings and quality of the routing estimators (src/route) on one design.
 *
 * usage: rt_bench [-n REPS] [--random-place SEED] [--exact-max N] DEF LEF [LEF ...]
 *
 * Reads the design, then measures: the capacity model (rt_grid_create), the RUDY map update the
 * global placer would call every few iterations (rt_rudy from the database, and rt_rudy_add from
 * precomputed net boxes: best and median of REPS), the pin-density map, the Steiner wirelength
 * of all nets (exact / heuristic split), and the pattern router (one run).  --random-place puts
 * every unplaced movable component uniformly at random in the core first (a worst case for RUDY:
 * long nets; the generator's designs are unplaced).  Prints one markdown table row per section
 * for docs/BENCHMARKS.md ("Routing estimation"); timings are wall-clock seconds on this machine.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "def.h"
#include "lef.h"
#include "route/rt_grid.h"
#include "route/rt_report.h"
#include "route/rt_route.h"
#include "route/rt_rudy.h"
#include "route/rt_steiner.h"

static int cmp_d(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static unsigned long long g_rng = 0x9E3779B97F4A7C15ULL;
static double urand(void) {
  g_rng ^= g_rng >> 12;
  g_rng ^= g_rng << 25;
  g_rng ^= g_rng >> 27;
  return (double)((g_rng * 2685821657736338717ULL) >> 11) * (1.0 / 9007199254740992.0);
}

int main(int argc, char **argv) {
  int reps = 10, ai = 1, exact_max = 8;
  long seed = -1;
  while (ai < argc && argv[ai][0] == '-') {
    if (!strcmp(argv[ai], "-n") && ai + 1 < argc) {
      reps = atoi(argv[ai + 1]);
      ai += 2;
    } else if (!strcmp(argv[ai], "--random-place") && ai + 1 < argc) {
      seed = atol(argv[ai + 1]);
      ai += 2;
    } else if (!strcmp(argv[ai], "--exact-max") && ai + 1 < argc) {
      exact_max = atoi(argv[ai + 1]);
      ai += 2;
    } else {
      break;
    }
  }
  if (argc - ai < 2 || reps < 1 || reps > 10000 || exact_max < 2 || exact_max > 12) {
    fprintf(stderr, "usage: rt_bench [-n REPS] [--random-place SEED] [--exact-max N] DEF LEF "
                    "[LEF ...]\n");
    return 2;
  }
  ut_log_set_level(UT_LOG_WARN);
  ut_diag_t d;
  ut_diag_init(&d);
  d.quiet = 1;
  db_t *db;
  if (db_create(&db)) return 1;
  for (int i = ai + 1; i < argc; i++)
    if (lef_read(db, argv[i], &d)) {
      fprintf(stderr, "%s\n", d.first);
      return 1;
    }
  if (def_read(db, argv[ai], &d)) {
    fprintf(stderr, "%s\n", d.first);
    return 1;
  }
  const char *name = db->has_design ? db_str(db, db->design_name) : argv[ai];
  size_t unplaced = 0;
  for (size_t c = 0; c < db->ncells; c++) unplaced += db->cell_status[c] == DB_UNPLACED;
  if (seed >= 0) {
    g_rng ^= (unsigned long long)seed * 0x2545F4914F6CDD1DULL;
    for (size_t c = 0; c < db->ncells; c++) {
      if (db->cell_status[c] != DB_UNPLACED) continue;
      dbu_t w, h;
      db_cell_size(db, (int32_t)c, &w, &h);
      double x = db->core.x0 + urand() * (double)(db->core.x1 - db->core.x0 - w);
      double y = db->core.y0 + urand() * (double)(db->core.y1 - db->core.y0 - h);
      db_cell_set_place(db, (int32_t)c, (dbu_t)x, (dbu_t)y, DB_N, DB_PLACED);
    }
  }
  double um = db->dbu;
  printf("design %s: %zu components (%zu unplaced%s), %zu nets, %zu pins\n", name, db->ncells,
         unplaced, seed >= 0 ? ", placed at random" : "", db->nnets, db->npins);

  /* capacity model */
  double t0 = ut_seconds();
  rt_grid_t *g;
  if (rt_grid_create(&g, db, NULL)) return 1;
  double t_grid = ut_seconds() - t0;
  size_t ng = (size_t)g->nx * g->ny;

  /* RUDY from the database, and from precomputed boxes (what the placer holds) */
  double *h = malloc(3 * ng * sizeof *h), *v = h + ng, *pins = h + 2 * ng;
  double *times = malloc((size_t)reps * sizeof *times), *times2 = malloc((size_t)reps * sizeof *times2);
  double *box = malloc(4 * (db->nnets ? db->nnets : 1) * sizeof *box);
  size_t nbox = 0;
  for (size_t n = 0; n < db->nnets; n++) {
    if (db->net_use[n] == DB_USE_POWER || db->net_use[n] == DB_USE_GROUND) continue;
    int64_t x0 = INT64_MAX, y0 = INT64_MAX, x1 = INT64_MIN, y1 = INT64_MIN;
    int cnt = 0;
    for (int32_t p = db->net_pin_start[n]; p < db->net_pin_start[n + 1]; p++) {
      int64_t x, y;
      if (db_pin_pos(db, p, &x, &y)) continue;
      x0 = x < x0 ? x : x0;
      x1 = x > x1 ? x : x1;
      y0 = y < y0 ? y : y0;
      y1 = y > y1 ? y : y1;
      cnt++;
    }
    if (cnt < 2) continue;
    box[4 * nbox] = (double)x0;
    box[4 * nbox + 1] = (double)y0;
    box[4 * nbox + 2] = (double)x1;
    box[4 * nbox + 3] = (double)y1;
    nbox++;
  }
  for (int r = 0; r < reps; r++) {
    double a = ut_seconds();
    rt_rudy(g, db, h, v);
    double b = ut_seconds();
    rt_rudy_boxes(g, nbox, box, NULL, h, v);
    double c = ut_seconds();
    times[r] = b - a;
    times2[r] = c - b;
  }
  /* the direct per-net update (rt_rudy_add), once */
  double *h2 = malloc(2 * ng * sizeof *h2), *v2 = h2 + ng;
  t0 = ut_seconds();
  rt_rudy_clear(g, h2, v2);
  for (size_t k = 0; k < nbox; k++)
    rt_rudy_add(g, box[4 * k], box[4 * k + 1], box[4 * k + 2], box[4 * k + 3], 1.0, h2, v2);
  double t_direct = ut_seconds() - t0, maxdiff = 0;
  for (size_t k = 0; k < 2 * ng; k++) {
    double dd = fabs(h2[k] - h[k]) / (1 + fabs(h[k]));
    if (dd > maxdiff) maxdiff = dd;
  }
  free(h2);
  qsort(times, (size_t)reps, sizeof *times, cmp_d);
  qsort(times2, (size_t)reps, sizeof *times2, cmp_d);
  t0 = ut_seconds();
  rt_pin_density(g, db, pins);
  double t_pins = ut_seconds() - t0;
  double *ch = malloc(2 * ng * sizeof *ch), *cv = ch + ng;
  rt_grid_gcell_capacity(g, ch, cv);
  rt_report_t rr;
  rt_report_gcells(g, h, v, ch, cv, &rr);

  /* Steiner */
  t0 = ut_seconds();
  int64_t rsmt = 0, mst = 0;
  rt_steiner_design(db, exact_max, &rsmt, NULL);
  double t_st = ut_seconds() - t0;
  rt_steiner_design(db, exact_max, &rsmt, &mst);
  size_t nexact = 0, nheur = 0, maxdeg = 0;
  for (size_t n = 0; n < db->nnets; n++) {
    size_t k = (size_t)(db->net_pin_start[n + 1] - db->net_pin_start[n]);
    if (k < 2) continue;
    if (k > maxdeg) maxdeg = k;
    if ((int)k <= exact_max)
      nexact++;
    else
      nheur++;
  }
  double hpwl = (double)db_hpwl(db);

  /* router */
  rt_route_t *r;
  if (rt_route_create(&r, g, NULL)) return 1;
  t0 = ut_seconds();
  if (rt_route_run(r, db)) return 1;
  double t_route = ut_seconds() - t0;
  rt_route_stats_t st;
  rt_route_stats(r, &st);
  size_t ne = (size_t)(g->nedges_h + g->nedges_v);
  double *dem = malloc((ne ? ne : 1) * sizeof *dem);
  rt_route_demand(r, dem, dem + g->nedges_h);
  rt_report_t rep;
  rt_report_congestion(g, dem, dem + g->nedges_h, &rep);
  /* RUDY against the routed demand per GCell (mean of the incident edges, as for capacities):
   * Pearson correlation, horizontal and vertical */
  double corr[2];
  for (int dir = 0; dir < 2; dir++) {
    double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    for (int j = 0; j < g->ny; j++)
      for (int i = 0; i < g->nx; i++) {
        double a = 0;
        int n = 0;
        if (!dir) {
          if (i > 0) a += dem[(int64_t)j * (g->nx - 1) + i - 1], n++;
          if (i + 1 < g->nx) a += dem[(int64_t)j * (g->nx - 1) + i], n++;
        } else {
          const double *dv = dem + g->nedges_h;
          if (j > 0) a += dv[(int64_t)(j - 1) * g->nx + i], n++;
          if (j + 1 < g->ny) a += dv[(int64_t)j * g->nx + i], n++;
        }
        double y = n ? a / n : 0, x = (dir ? v : h)[(size_t)j * g->nx + i];
        sx += x, sy += y, sxx += x * x, syy += y * y, sxy += x * y;
      }
    double m = (double)ng, vx = sxx - sx * sx / m, vy = syy - sy * sy / m;
    corr[dir] = vx > 0 && vy > 0 ? (sxy - sx * sy / m) / sqrt(vx * vy) : 0;
  }

  printf("| design | cells | nets | gcells | grid s | RUDY from db s (best/median) | RUDY boxes "
         "s (best/median) | ns/net | direct add s | pins s | Steiner s | route s |\n");
  printf("| %s | %zu | %zu | %dx%d | %.3f | %.4f / %.4f | %.4f / %.4f | %.0f | %.4f | %.4f | "
         "%.3f | %.3f |\n",
         name, db->ncells, db->nnets, g->nx, g->ny, t_grid, times[0], times[reps / 2], times2[0],
         times2[reps / 2], nbox ? 1e9 * times2[0] / nbox : 0, t_direct, t_pins, t_st, t_route);
  printf("difference-array vs direct RUDY: max relative difference %.2e\n", maxdiff);
  printf("| design | HPWL um | Steiner um | MST um | routed um | Steiner/HPWL | routed/Steiner | "
         "nets exact/heur (max deg) |\n");
  printf("| %s | %.0f | %.0f | %.0f | %.0f | %.4f | %.4f | %zu / %zu (%zu) |\n", name, hpwl / um,
         rsmt / um, mst / um, st.wl_um, hpwl > 0 ? rsmt / hpwl : 0,
         rsmt > 0 ? st.wl_um / (rsmt / um) : 0, nexact, nheur, maxdeg);
  printf("| design | overflow (patterns -> RRR) | max | overflow gcells %% | ACE 0.5/1/2/5 %% | "
         "RUDY ACE 0.5/1/2/5 %% |\n");
  printf("| %s | %.1f -> %.1f | %.1f | %.3f | %.1f / %.1f / %.1f / %.1f | %.1f / %.1f / %.1f / "
         "%.1f |\n",
         name, st.overflow0, rep.overflow_total, rep.overflow_max, rep.gcells_over_pct, rep.ace[0],
         rep.ace[1], rep.ace[2], rep.ace[3], rr.ace[0], rr.ace[1], rr.ace[2], rr.ace[3]);
  printf("RUDY vs routed demand per GCell: Pearson r = %.3f (H), %.3f (V)\n", corr[0], corr[1]);
  printf("peak RSS %ld KB\n", ut_peak_rss_kb());
  free(dem);
  free(ch);
  free(box);
  free(times);
  free(times2);
  free(h);
  rt_route_destroy(r);
  rt_grid_destroy(g);
  db_destroy(db);
  return 0;
}
