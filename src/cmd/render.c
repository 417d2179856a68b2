/*
 * render.c: `place render DESIGN.def --lef ... -o picture.png|svg|pdf [options]`: draws a design
 * with viz_render (viz/viz.h).  Options come from one table (parsing, --help); everything is
 * validated before the design is read.  With --from OTHER.def (the same design placed
 * differently, e.g. the global placement before legalization) the picture gets displacement
 * arrows from the cells' positions in OTHER.def to their positions in DESIGN.def.
 * Exit status: 0 written, 1 bad input or failed write, 2 usage error.
 */
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd/cmd.h"
#include "cmd/opts.h"
#include "route/rt_grid.h"
#include "route/rt_report.h"
#include "route/rt_route.h"
#include "route/rt_rudy.h"
#include "viz.h"

#define MAX_LEFS 64
#define MAX_NETS 256

typedef struct ropts_t {
  const char *def_path;
  const char *lefs[MAX_LEFS];
  int nlefs;
  const char *out_path;
  const char *layers;
  const char *heatmap;
  long width;
  long flylines;
  const char *nets;
  const char *from;
  const char *title;
  long bins;
  long raster;
  long arrows;
  int quiet;
} ropts_t;

#define ROFF(f) offsetof(ropts_t, f)
static const cmd_opt_t ROPTS[] = {
  {"lef", 'l', CMD_OPT_LIST, ROFF(lefs), "FILE", NULL, 0, MAX_LEFS, "LEF file; repeat for several, in order",
   ROFF(nlefs)},
  {"output", 'o', CMD_OPT_STR, ROFF(out_path), "FILE", NULL, 0, 0,
   "picture to write: .png, .svg or .pdf (written atomically)", 0},
  {"layers", 0, CMD_OPT_STR, ROFF(layers), "LIST", "all", 0, 0,
   "die,rows,blockages,regions,fixed,macros,cells,pins,flylines,arrows,title,legend,scale "
   "(or +x/-x to edit the default)", 0},
  {"heatmap", 0, CMD_OPT_STR, ROFF(heatmap), "KIND", "none", 0, 0, "overlay: none, density, congestion (pattern-routed demand / capacity per GCell, the worse "
   "of its edges), rudy-h or rudy-v (RUDY demand / capacity)", 0},
  {"bins", 0, CMD_OPT_LONG, ROFF(bins), "N", "auto", 1, 4096,
   "density bins along the core's longer side", 0},
  {"width", 'w', CMD_OPT_LONG, ROFF(width), "PX", "1200", 64, 16384, "image width", 0},
  {"flylines", 0, CMD_OPT_LONG, ROFF(flylines), "K", "0", 0, 10000,
   "flylines of the K highest-fanout signal nets", 0},
  {"nets", 0, CMD_OPT_STR, ROFF(nets), "N1,N2", NULL, 0, 0, "flylines of these nets", 0},
  {"from", 0, CMD_OPT_STR, ROFF(from), "DEF", NULL, 0, 0,
   "displacement arrows from the placement in this DEF (same design)", 0},
  {"arrows", 0, CMD_OPT_LONG, ROFF(arrows), "N", "4000", 1, 10000000, "at most N arrows (subsampled)", 0},
  {"title", 0, CMD_OPT_STR, ROFF(title), "TEXT", "design name", 0, 0, "title line", 0},
  {"raster-threshold", 0, CMD_OPT_LONG, ROFF(raster), "N", "200000", 0, 2147483647,
   "draw cells as a coverage raster above N standard cells", 0},
  {"quiet", 'q', CMD_OPT_FLAG, ROFF(quiet), NULL, NULL, 0, 0, "only errors and warnings", 0},
};
#define NROPTS (sizeof ROPTS / sizeof ROPTS[0])

static void usage(FILE *f) {
  fprintf(f, "usage: place render DESIGN.def --lef TECH.lef [--lef ...] -o PICTURE.png [options]\n"
             "\n"
             "Draws the design: die, rows, blockages, regions, cells, macros, IO pins, optional\n"
             "density heatmap, flylines and displacement arrows, with a legend and a scale bar.\n"
             "\n"
             "options:\n");
  cmd_opts_help(f, ROPTS, NROPTS, 28);
  fprintf(f, "  %-28s %s\n", "-h, --help", "show this help");
  fprintf(f, "\nExit status: 0 success, 1 invalid input or failed write, 2 usage error.\n");
}

static int bad_usage(const char *fmt, const char *a) {
  fprintf(stderr, "place render: error: ");
  fprintf(stderr, fmt, a);
  fprintf(stderr, " (see place render --help)\n");
  return 2;
}

/* Returns 0 to go on, 1 after --help, 2 on a usage error. */
static int parse(int argc, char **argv, ropts_t *o) {
  memset(o, 0, sizeof *o);
  o->width = 1200;
  o->raster = 200000;
  o->arrows = 4000;
  int rc = cmd_opts_parse("place render", argc, argv, ROPTS, NROPTS, o, &o->def_path, usage);
  if (rc) return rc;
  if (!o->def_path) return bad_usage("%s", "no design (DEF) given");
  if (!o->nlefs) return bad_usage("%s", "no LEF given (--lef)");
  if (!o->out_path) return bad_usage("%s", "no output picture given (-o)");
  size_t n = strlen(o->out_path);
  const char *ext = n >= 4 ? o->out_path + n - 4 : "";
  if (strcasecmp(ext, ".png") && strcasecmp(ext, ".svg") && strcasecmp(ext, ".pdf"))
    return bad_usage("output '%s' must end in .png, .svg or .pdf", o->out_path);
  if (o->heatmap && strcmp(o->heatmap, "none") && strcmp(o->heatmap, "density") &&
      strcmp(o->heatmap, "congestion") && strcmp(o->heatmap, "rudy-h") &&
      strcmp(o->heatmap, "rudy-v"))
    return bad_usage("unknown heatmap '%s' (none, density, congestion, rudy-h, rudy-v)",
                     o->heatmap);
  return 0;
}

/* Previous centers from another placement of the same design, matched by component name. */
static int load_prev(const db_t *db, const ropts_t *o, double **px, double **py) {
  db_t *prev = NULL;
  if (cmd_load_design(&prev, o->from, o->lefs, o->nlefs, o->quiet)) return 1;
  double *x = ut_malloc((db->ncells ? db->ncells : 1) * sizeof *x);
  double *y = ut_malloc((db->ncells ? db->ncells : 1) * sizeof *y);
  if (!x || !y) {
    ut_free(x);
    ut_free(y);
    db_destroy(prev);
    fprintf(stderr, "place render: error: out of memory\n");
    return 1;
  }
  size_t matched = 0;
  for (size_t i = 0; i < db->ncells; i++) {
    x[i] = y[i] = NAN;
    const char *name = db_str(db, db->cell_name[i]);
    int32_t c = db_find_cell(prev, name, strlen(name));
    if (c < 0 || prev->cell_status[c] == DB_UNPLACED) continue;
    dbu_t w, h;
    db_cell_size(prev, c, &w, &h);
    x[i] = prev->cell_x[c] + 0.5 * w;
    y[i] = prev->cell_y[c] + 0.5 * h;
    matched++;
  }
  UT_INFO("VIZ", "--from %s: %zu of %zu components matched by name", o->from, matched,
          db->ncells);
  db_destroy(prev);
  *px = x;
  *py = y;
  return 0;
}

/* A congestion map on the routing estimator's GCell grid (src/route): "congestion" routes every
 * net with the pattern router and shows, per GCell, the worst demand/capacity of its edges;
 * "rudy-h" / "rudy-v" show RUDY demand over capacity.  The grid's bins are taken as uniform (GCELLGRID
 * lines are, except possibly the last). */
static int congestion_map(const db_t *db, const char *kind, double **vals, viz_map_t *map) {
  rt_grid_opts_t go;
  rt_grid_opts_default(&go);
  rt_grid_t *g = NULL;
  if (rt_grid_create(&g, db, &go)) return 1;
  size_t nb = (size_t)g->nx * g->ny;
  double *v = ut_calloc(nb ? nb : 1, sizeof *v);
  double *a = ut_calloc(2 * (nb ? nb : 1), sizeof *a), *b = ut_calloc(2 * (nb ? nb : 1), sizeof *b);
  int rc = !v || !a || !b;
  if (!rc && !strcmp(kind, "congestion")) {
    rt_route_opts_t ro;
    rt_route_opts_default(&ro);
    rt_route_t *r = NULL;
    rc = rt_route_create(&r, g, &ro) || rt_route_run(r, db);
    if (!rc) {
      rt_route_demand(r, a, a + nb);  /* (nx-1)*ny and nx*(ny-1) entries fit in nb each */
      rt_report_gcell_map(g, a, a + nb, v);
    }
    rt_route_destroy(r);
  } else if (!rc) {
    int horizontal = !strcmp(kind, "rudy-h");
    rt_rudy(g, db, a, a + nb);
    rt_grid_gcell_capacity(g, b, b + nb);
    const double *dem = horizontal ? a : a + nb, *cap = horizontal ? b : b + nb;
    for (size_t i = 0; i < nb; i++) v[i] = dem[i] / (cap[i] >= 1 ? cap[i] : 1);
  }
  if (!rc) {
    map->name = !strcmp(kind, "congestion") ? "routed demand / capacity"
                : !strcmp(kind, "rudy-h") ? "RUDY H / capacity" : "RUDY V / capacity";
    map->nx = g->nx;
    map->ny = g->ny;
    map->x0 = g->xs[0];
    map->y0 = g->ys[0];
    map->bin_w = ((double)g->xs[g->nx] - g->xs[0]) / g->nx;
    map->bin_h = ((double)g->ys[g->ny] - g->ys[0]) / g->ny;
    map->values = v;
    map->vmin = map->vmax = 0;
    *vals = v;
  } else {
    ut_free(v);
    fprintf(stderr, "place render: error: out of memory in the congestion estimate\n");
  }
  ut_free(a);
  ut_free(b);
  rt_grid_destroy(g);
  return rc;
}

int cmd_render(int argc, char **argv) {
  ropts_t o;
  int prc = parse(argc, argv, &o);
  if (prc == 1) return 0;
  if (prc) return prc;
  viz_opts_t vo;
  viz_opts_init(&vo);
  ut_diag_t diag;
  ut_diag_init(&diag);
  diag.quiet = o.quiet;
  if (o.quiet) ut_log_set_level(UT_LOG_WARN);
  if (o.layers && viz_layers_parse(o.layers, &vo.layers, &diag)) return 2;
  char *nets_buf = NULL;
  const char *nets[MAX_NETS];
  int nnets = 0;
  if (o.nets) {
    nets_buf = ut_strndup(o.nets, strlen(o.nets));
    if (!nets_buf) return 1;
    char *save = NULL;
    for (char *t = strtok_r(nets_buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
      if (nnets == MAX_NETS) {
        ut_free(nets_buf);
        return bad_usage("%s", "too many nets in --nets (at most 256)");
      }
      nets[nnets++] = t;
    }
  }
  db_t *db = NULL;
  if (cmd_load_design(&db, o.def_path, o.lefs, o.nlefs, o.quiet)) {
    ut_free(nets_buf);
    return 1;
  }
  double *px = NULL, *py = NULL;
  if (o.from && load_prev(db, &o, &px, &py)) {
    db_destroy(db);
    ut_free(nets_buf);
    return 1;
  }
  vo.width = (int)o.width;
  vo.title = o.title;
  vo.heatmap = o.heatmap && !strcmp(o.heatmap, "density") ? VIZ_HEAT_DENSITY : VIZ_HEAT_NONE;
  viz_map_t cmap;
  double *cvals = NULL;
  if (o.heatmap && (!strcmp(o.heatmap, "congestion") || !strncmp(o.heatmap, "rudy-", 5))) {
    if (congestion_map(db, o.heatmap, &cvals, &cmap)) {
      ut_free(px);
      ut_free(py);
      ut_free(nets_buf);
      db_destroy(db);
      return 1;
    }
    vo.heatmap = VIZ_HEAT_MAP;
    vo.map = &cmap;
  }
  vo.density_bins = (int)o.bins;
  vo.flylines_top = (int)o.flylines;
  vo.flyline_nets = nets;
  vo.nflyline_nets = nnets;
  vo.prev_x = px;
  vo.prev_y = py;
  vo.max_arrows = (int)o.arrows;
  vo.raster_threshold = (size_t)o.raster;
  int rc = viz_render(db, &vo, o.out_path, &diag);
  if (!rc) {
    viz_layout_t L;
    if (!viz_layout(db, &vo, &L)) UT_INFO("VIZ", "wrote %s (%d x %d)", o.out_path, L.width, L.height);
  }
  ut_free(cvals);
  ut_free(px);
  ut_free(py);
  ut_free(nets_buf);
  db_destroy(db);
  return rc ? 1 : 0;
}
