/*
 * report_congestion.c: `place report-congestion DESIGN.def --lef ... [--out PREFIX] [options]`:
 * wirelength and congestion estimates of a placed design (src/route).  Prints the routing
 * capacity summary per layer, HPWL / Steiner / routed wirelength, RUDY and pattern-router
 * congestion (overflow, overflowing GCells, ACE(0.5, 1, 2, 5)); with --out writes the maps as CSV:
 *   PREFIX_rudy.csv        per GCell: RUDY horizontal/vertical demand and capacity (tracks)
 *   PREFIX_pins.csv        per GCell: pin count and pins per um^2
 *   PREFIX_demand_h.csv    per horizontal edge (GCell ix,iy to ix+1,iy): routed demand, capacity
 *   PREFIX_demand_v.csv    per vertical edge (GCell ix,iy to ix,iy+1): routed demand, capacity
 *   PREFIX_congestion.csv  per GCell: largest routed demand/capacity of its edges
 * Options come from one table (parsing, --help); all are validated before the design is read.
 * stdout holds only deterministic text; timings go to the log (stderr).
 * Exit status: 0 done, 1 bad input or failed write, 2 usage error.
 */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/opts.h"
#include "route/rt_grid.h"
#include "route/rt_report.h"
#include "route/rt_route.h"
#include "route/rt_rudy.h"
#include "route/rt_steiner.h"

#define RC_MAX_LEFS 64

typedef struct rcopts_t {
  const char *def_path;
  const char *lefs[RC_MAX_LEFS];
  int nlefs;
  const char *out;
  long min_layer, max_layer, tracks, rounds, zmid, exact_max;
  double gcell_um, cap_scale;
  int no_def_gcells, no_obs, quiet;
} rcopts_t;

#define RCOFF(f) offsetof(rcopts_t, f)
static const cmd_opt_t RCOPTS[] = {
  {"lef", 'l', CMD_OPT_LIST, RCOFF(lefs), "FILE", NULL, 0, RC_MAX_LEFS, "LEF file; repeat for several, in order",
   RCOFF(nlefs)},
  {"out", 'o', CMD_OPT_STR, RCOFF(out), "PREFIX", NULL, 0, 0,
   "write PREFIX_rudy.csv, _pins.csv, _demand_h.csv, _demand_v.csv, _congestion.csv", 0},
  {"min-layer", 0, CMD_OPT_LONG, RCOFF(min_layer), "N", "2", 1, 64,
   "lowest routing layer counted for signal capacity (1 = metal1)", 0},
  {"max-layer", 0, CMD_OPT_LONG, RCOFF(max_layer), "N", "top", 1, 64, "highest routing layer counted", 0},
  {"gcell-tracks", 0, CMD_OPT_LONG, RCOFF(tracks), "N", "15", 1, 1000,
   "automatic GCell side in tracks of the most common pitch (rounded to rows)", 0},
  {"gcell-um", 0, CMD_OPT_DOUBLE, RCOFF(gcell_um), "X", "auto", 0.001, 1e6,
   "square GCells of X um (ignores GCELLGRID)", 0},
  {"no-def-gcells", 0, CMD_OPT_FLAG, RCOFF(no_def_gcells), NULL, NULL, 0, 0,
   "ignore DEF GCELLGRID (use the automatic grid)", 0},
  {"no-obs", 0, CMD_OPT_FLAG, RCOFF(no_obs), NULL, NULL, 0, 0,
   "component OBS do not block capacity", 0},
  {"cap-scale", 0, CMD_OPT_DOUBLE, RCOFF(cap_scale), "F", "1", 0.01, 1,
   "multiply every capacity by F (reserve 1-F of the tracks)", 0},
  {"rounds", 0, CMD_OPT_LONG, RCOFF(rounds), "N", "4", 0, 100, "rip-up and reroute rounds", 0},
  {"zmid", 0, CMD_OPT_LONG, RCOFF(zmid), "N", "8", 0, 1000, "Z-shape bend positions per segment", 0},
  {"exact-max", 0, CMD_OPT_LONG, RCOFF(exact_max), "N", "8", 2, 12,
   "exact Steiner trees up to N pins (heuristic above)", 0},
  {"quiet", 'q', CMD_OPT_FLAG, RCOFF(quiet), NULL, NULL, 0, 0, "only errors and warnings on stderr", 0},
};
#define NRCOPTS (sizeof RCOPTS / sizeof RCOPTS[0])

static void usage(FILE *f) {
  fprintf(f, "usage: place report-congestion DESIGN.def --lef TECH.lef [--lef ...] [--out PREFIX]"
             " [options]\n"
             "\n"
             "Estimates wirelength and routing congestion of a placed design: capacity per routing\n"
             "layer, HPWL, Steiner and pattern-routed wirelength, RUDY and routed congestion\n"
             "(overflow, ACE). See docs/ROUTING.md.\n"
             "\n"
             "options:\n");
  cmd_opts_help(f, RCOPTS, NRCOPTS, 28);
  fprintf(f, "  %-28s %s\n", "-h, --help", "show this help");
  fprintf(f, "\nExit status: 0 success, 1 invalid input or failed write, 2 usage error.\n");
}

static int bad_usage(const char *fmt, const char *a) {
  fprintf(stderr, "place report-congestion: error: ");
  fprintf(stderr, fmt, a);
  fprintf(stderr, " (see place report-congestion --help)\n");
  return 2;
}

/* Returns 0 to go on, 1 after --help, 2 on a usage error. */
static int parse(int argc, char **argv, rcopts_t *o) {
  memset(o, 0, sizeof *o);
  o->min_layer = 2;
  o->tracks = 15;
  o->rounds = 4;
  o->zmid = 8;
  o->exact_max = 8;
  o->cap_scale = 1.0;
  int rc = cmd_opts_parse("place report-congestion", argc, argv, RCOPTS, NRCOPTS, o, &o->def_path, usage);
  if (rc) return rc;
  if (!o->def_path) return bad_usage("%s", "no design (DEF) given");
  if (!o->nlefs) return bad_usage("%s", "no LEF given (--lef)");
  if (o->max_layer && o->max_layer < o->min_layer)
    return bad_usage("%s", "--max-layer is below --min-layer");
  if (o->out && !*o->out) return bad_usage("%s", "empty --out prefix");
  return 0;
}

/* ---- CSV output ------------------------------------------------------------------------------ */

static FILE *open_csv(const char *prefix, const char *what, char *path, size_t n) {
  snprintf(path, n, "%s_%s.csv", prefix, what);
  FILE *f = fopen(path, "w");
  if (!f) fprintf(stderr, "place report-congestion: error: cannot write '%s': %s\n", path,
                  strerror(errno));
  return f;
}

static int close_csv(FILE *f, const char *path) {
  int bad = ferror(f);
  if (fclose(f) || bad) {
    fprintf(stderr, "place report-congestion: error: failed writing '%s'\n", path);
    return 1;
  }
  return 0;
}

/* Per-GCell map(s): ix,iy,x0_um,y0_um,x1_um,y1_um then the given columns. */
static int write_gcell_csv(const rt_grid_t *g, const char *prefix, const char *what,
                           const char *cols, const double *const *maps, int nmaps) {
  char path[4096];
  FILE *f = open_csv(prefix, what, path, sizeof path);
  if (!f) return 1;
  double um = g->dbu;
  fprintf(f, "ix,iy,x0_um,y0_um,x1_um,y1_um,%s\n", cols);
  for (int j = 0; j < g->ny; j++)
    for (int i = 0; i < g->nx; i++) {
      fprintf(f, "%d,%d,%.4f,%.4f,%.4f,%.4f", i, j, g->xs[i] / um, g->ys[j] / um,
              g->xs[i + 1] / um, g->ys[j + 1] / um);
      for (int k = 0; k < nmaps; k++) fprintf(f, ",%.6g", maps[k][(int64_t)j * g->nx + i]);
      fputc('\n', f);
    }
  return close_csv(f, path);
}

static int write_edge_csv(const rt_grid_t *g, const char *prefix, int vert, const int32_t *dem) {
  char path[4096];
  FILE *f = open_csv(prefix, vert ? "demand_v" : "demand_h", path, sizeof path);
  if (!f) return 1;
  fprintf(f, "ix,iy,demand,capacity\n");
  int nx = vert ? g->nx : g->nx - 1, ny = vert ? g->ny - 1 : g->ny;
  const double *cap = vert ? g->cap_v : g->cap_h;
  for (int j = 0; j < ny; j++)
    for (int i = 0; i < nx; i++) {
      int64_t e = (int64_t)j * nx + i;
      fprintf(f, "%d,%d,%d,%.6g\n", i, j, dem[e], cap[e]);
    }
  return close_csv(f, path);
}

/* ---- the command ----------------------------------------------------------------------------- */

static int run(const rcopts_t *o, const db_t *db) {
  int rc = 1;
  rt_grid_t *g = NULL;
  rt_route_t *r = NULL;
  double *buf = NULL;
  rt_grid_opts_t go;
  rt_grid_opts_default(&go);
  go.use_def_gcells = !o->no_def_gcells;
  go.tracks_per_gcell = (int)o->tracks;
  go.gcell_size = o->gcell_um > 0 ? (dbu_t)llround(o->gcell_um * db->dbu) : 0;
  go.min_layer = (int)o->min_layer;
  go.max_layer = (int)o->max_layer;
  go.cell_obs = !o->no_obs;
  go.cap_scale = o->cap_scale;
  size_t unplaced = 0;
  for (size_t c = 0; c < db->ncells; c++) unplaced += db->cell_status[c] == DB_UNPLACED;
  if (unplaced)
    UT_WARN("RT", "%zu of %zu components are unplaced: their pins count at the DEF's (or 0, 0) "
            "coordinates, so the estimates describe no real placement", unplaced, db->ncells);
  double t0 = ut_seconds();
  int e = rt_grid_create(&g, db, &go);
  if (e) {
    fprintf(stderr, "place report-congestion: error: %s\n",
            e == UT_ENOMEM ? "out of memory building the routing grid"
                           : "cannot build the routing grid (no die, no routing layer, or "
                             "--gcell-um too small)");
    return 1;
  }
  double t1 = ut_seconds();
  printf("design            %s\n", db->has_design ? db_str(db, db->design_name) : "(unnamed)");
  rt_grid_print(g, db, stdout);

  /* wirelength estimates */
  int64_t rsmt = 0, mst = 0;
  if (rt_steiner_design(db, (int)o->exact_max, &rsmt, &mst)) goto oom;
  double t2 = ut_seconds();
  double um = db->dbu;
  double hpwl = (double)db_hpwl(db) / um;

  /* RUDY and pin density against per-GCell capacity */
  size_t ng = (size_t)g->nx * g->ny;
  buf = malloc(7 * ng * sizeof *buf);
  if (!buf) goto oom;
  double *rh = buf, *rv = buf + ng, *pins = buf + 2 * ng, *ch = buf + 3 * ng, *cv = buf + 4 * ng;
  double *pd = buf + 5 * ng, *cong = buf + 6 * ng;
  rt_rudy(g, db, rh, rv);
  rt_pin_density(g, db, pins);
  rt_grid_gcell_capacity(g, ch, cv);
  double t3 = ut_seconds();
  rt_report_t rr;
  if (rt_report_gcells(g, rh, rv, ch, cv, &rr)) goto oom;
  double pmax = 0;
  for (size_t k = 0; k < ng; k++) {
    int i = (int)(k % (size_t)g->nx), j = (int)(k / (size_t)g->nx);
    double a = (double)(g->xs[i + 1] - g->xs[i]) * (g->ys[j + 1] - g->ys[j]) / (um * um);
    pd[k] = pins[k] / a;
    if (pd[k] > pmax) pmax = pd[k];
  }
  printf("wirelength        hpwl %.1f um, steiner %.1f um (%+.2f%% vs hpwl), mst %.1f um\n", hpwl,
         rsmt / um, hpwl > 0 ? 100 * (rsmt / um - hpwl) / hpwl : 0, mst / um);
  printf("rudy              demand/capacity per gcell: overflow %.1f tracks, %.3f%% of gcells "
         "over, ACE 0.5%%: %.2f 1%%: %.2f 2%%: %.2f 5%%: %.2f, max %.2f\n",
         rr.overflow_total, rr.gcells_over_pct, rr.ace[0], rr.ace[1], rr.ace[2], rr.ace[3],
         rr.max_congestion_pct);
  printf("pin density       max %.3f pins/um^2\n", pmax);

  /* pattern routing */
  rt_route_opts_t ro;
  rt_route_opts_default(&ro);
  ro.rounds = (int)o->rounds;
  ro.zmid = (int)o->zmid;
  ro.exact_max = (int)o->exact_max;
  if (rt_route_create(&r, g, &ro) || rt_route_run(r, db)) goto oom;
  double t4 = ut_seconds();
  rt_route_stats_t st;
  rt_route_stats(r, &st);
  size_t ne = (size_t)(g->nedges_h + g->nedges_v);
  double *dem = malloc((ne ? ne : 1) * sizeof *dem);
  if (!dem) goto oom;
  rt_route_demand(r, dem, dem + g->nedges_h);
  rt_report_t rep;
  int erc = rt_report_congestion(g, dem, dem + g->nedges_h, &rep);
  if (!erc) rt_report_gcell_map(g, dem, dem + g->nedges_h, cong);
  free(dem);
  if (erc) goto oom;
  rep.wl_routed_um = st.wl_um;
  rep.wl_routed_gcells = st.wl_gcells;
  rep.wl_steiner_um = rsmt / um;
  rep.wl_hpwl_um = hpwl;
  printf("route nets        %d routed, %d within one gcell, %lld segments, %d rip-up rounds "
         "(%lld reroutes), overflow after patterns %.1f\n",
         st.nets_routed, st.nets_local, (long long)st.nsegs, st.rounds_done,
         (long long)st.ripped, st.overflow0);
  rt_report_print(&rep, stdout);
  fflush(stdout);
  UT_INFO("RT", "times: grid %.3f s, steiner %.3f s, rudy+pins %.3f s, route %.3f s", t1 - t0,
          t2 - t1, t3 - t2, t4 - t3);

  rc = 0;
  if (o->out) {
    const double *m1[] = {rh, rv, ch, cv};
    const double *m2[] = {pins, pd};
    const double *m3[] = {cong};
    rc |= write_gcell_csv(g, o->out, "rudy", "rudy_h,rudy_v,cap_h,cap_v", m1, 4);
    rc |= write_gcell_csv(g, o->out, "pins", "pins,pins_per_um2", m2, 2);
    rc |= write_edge_csv(g, o->out, 0, rt_route_demand_h(r));
    rc |= write_edge_csv(g, o->out, 1, rt_route_demand_v(r));
    rc |= write_gcell_csv(g, o->out, "congestion", "congestion", m3, 1);
    if (!rc) UT_INFO("RT", "wrote %s_{rudy,pins,demand_h,demand_v,congestion}.csv", o->out);
  }
  goto done;
oom:
  fprintf(stderr, "place report-congestion: error: out of memory\n");
  rc = 1;
done:
  free(buf);
  rt_route_destroy(r);
  rt_grid_destroy(g);
  return rc;
}

int cmd_report_congestion(int argc, char **argv) {
  rcopts_t o;
  int prc = parse(argc, argv, &o);
  if (prc == 1) return 0;
  if (prc) return prc;
  if (o.quiet) ut_log_set_level(UT_LOG_WARN);
  db_t *db = NULL;
  if (cmd_load_design(&db, o.def_path, o.lefs, o.nlefs, o.quiet)) return 1;
  int rc = run(&o, db);
  db_destroy(db);
  return rc;
}
