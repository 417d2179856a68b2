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

enum { RO_FLAG, RO_LONG, RO_STR, RO_LEF };

typedef struct ropt_def_t {
  const char *name;
  char short_name;
  int kind;
  size_t off;
  const char *arg;
  const char *def;
  long min, max;
  const char *help;
} ropt_def_t;

#define ROFF(f) offsetof(ropts_t, f)
static const ropt_def_t ROPTS[] = {
  {"lef", 'l', RO_LEF, ROFF(lefs), "FILE", NULL, 0, 0, "LEF file; repeat for several, in order"},
  {"output", 'o', RO_STR, ROFF(out_path), "FILE", NULL, 0, 0,
   "picture to write: .png, .svg or .pdf (written atomically)"},
  {"layers", 0, RO_STR, ROFF(layers), "LIST", "all", 0, 0,
   "die,rows,blockages,regions,fixed,macros,cells,pins,flylines,arrows,title,legend,scale "
   "(or +x/-x to edit the default)"},
  {"heatmap", 0, RO_STR, ROFF(heatmap), "KIND", "none", 0, 0, "overlay: none or density"},
  {"bins", 0, RO_LONG, ROFF(bins), "N", "auto", 1, 4096,
   "density bins along the core's longer side"},
  {"width", 'w', RO_LONG, ROFF(width), "PX", "1200", 64, 16384, "image width"},
  {"flylines", 0, RO_LONG, ROFF(flylines), "K", "0", 0, 10000,
   "flylines of the K highest-fanout signal nets"},
  {"nets", 0, RO_STR, ROFF(nets), "N1,N2", NULL, 0, 0, "flylines of these nets"},
  {"from", 0, RO_STR, ROFF(from), "DEF", NULL, 0, 0,
   "displacement arrows from the placement in this DEF (same design)"},
  {"arrows", 0, RO_LONG, ROFF(arrows), "N", "4000", 1, 10000000, "at most N arrows (subsampled)"},
  {"title", 0, RO_STR, ROFF(title), "TEXT", "design name", 0, 0, "title line"},
  {"raster-threshold", 0, RO_LONG, ROFF(raster), "N", "200000", 0, LONG_MAX,
   "draw cells as a coverage raster above N standard cells"},
  {"quiet", 'q', RO_FLAG, ROFF(quiet), NULL, NULL, 0, 0, "only errors and warnings"},
};
#define NROPTS (sizeof ROPTS / sizeof ROPTS[0])

static void usage(FILE *f) {
  fprintf(f, "usage: place render DESIGN.def --lef TECH.lef [--lef ...] -o PICTURE.png [options]\n"
             "\n"
             "Draws the design: die, rows, blockages, regions, cells, macros, IO pins, optional\n"
             "density heatmap, flylines and displacement arrows, with a legend and a scale bar.\n"
             "\n"
             "options:\n");
  for (size_t i = 0; i < NROPTS; i++) {
    const ropt_def_t *o = &ROPTS[i];
    char left[64];
    int n = o->short_name ? snprintf(left, sizeof left, "-%c, --%s", o->short_name, o->name)
                          : snprintf(left, sizeof left, "    --%s", o->name);
    if (o->arg && n > 0 && (size_t)n < sizeof left)
      snprintf(left + n, sizeof left - (size_t)n, " %s", o->arg);
    fprintf(f, "  %-28s %s", left, o->help);
    if (o->def) fprintf(f, " (default %s)", o->def);
    fputc('\n', f);
  }
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
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      usage(stdout);
      return 1;
    }
    const ropt_def_t *d = NULL;
    const char *val = NULL;
    if (a[0] == '-' && a[1] == '-') {
      const char *eq = strchr(a + 2, '=');
      size_t n = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
      for (size_t k = 0; k < NROPTS && !d; k++)
        if (strlen(ROPTS[k].name) == n && !strncmp(ROPTS[k].name, a + 2, n)) d = &ROPTS[k];
      if (eq) val = eq + 1;
    } else if (a[0] == '-' && a[1] && !a[2]) {
      for (size_t k = 0; k < NROPTS && !d; k++)
        if (ROPTS[k].short_name == a[1]) d = &ROPTS[k];
    } else if (a[0] != '-' || !a[1]) {
      if (o->def_path) return bad_usage("more than one design given ('%s')", a);
      o->def_path = a;
      continue;
    }
    if (!d) return bad_usage("unknown option '%s'", a);
    char *field = (char *)o + d->off;
    if (d->kind == RO_FLAG) {
      if (val) return bad_usage("option '%s' takes no value", a);
      *(int *)(void *)field = 1;
      continue;
    }
    if (!val) {
      if (i + 1 >= argc) return bad_usage("option '%s' needs a value", a);
      val = argv[++i];
    }
    if (d->kind == RO_STR) {
      *(const char **)(void *)field = val;
    } else if (d->kind == RO_LEF) {
      if (o->nlefs >= MAX_LEFS) return bad_usage("too many LEF files (at most 64): '%s'", val);
      o->lefs[o->nlefs++] = val;
    } else {
      char *end;
      long v = strtol(val, &end, 10);
      if (!*val || *end || v < d->min || v > d->max) {
        fprintf(stderr, "place render: error: --%s wants an integer in [%ld, %ld], got '%s'\n",
                d->name, d->min, d->max, val);
        return 2;
      }
      *(long *)(void *)field = v;
    }
  }
  if (!o->def_path) return bad_usage("%s", "no design (DEF) given");
  if (!o->nlefs) return bad_usage("%s", "no LEF given (--lef)");
  if (!o->out_path) return bad_usage("%s", "no output picture given (-o)");
  size_t n = strlen(o->out_path);
  const char *ext = n >= 4 ? o->out_path + n - 4 : "";
  if (strcasecmp(ext, ".png") && strcasecmp(ext, ".svg") && strcasecmp(ext, ".pdf"))
    return bad_usage("output '%s' must end in .png, .svg or .pdf", o->out_path);
  if (o->heatmap && strcmp(o->heatmap, "none") && strcmp(o->heatmap, "density"))
    return bad_usage("unknown heatmap '%s' (none, density)", o->heatmap);
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
  ut_free(px);
  ut_free(py);
  ut_free(nets_buf);
  db_destroy(db);
  return rc ? 1 : 0;
}
