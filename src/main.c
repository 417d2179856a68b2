/*
 * main.c: the `place` command line.  Options -> stages -> exit code; nothing else lives here.
 *
 * One table (OPTIONS below) drives parsing, defaults, --help and the option dump at the top of the
 * log.  All options are validated before any file is read.  Exit codes: 0 success, 1 bad input or
 * failed stage, 2 bad usage.
 *
 * Status: the readers, database, design report and DEF writer exist; the placement stages
 * (global placement, legalization, detailed placement) are added by later work.  Until then
 * `place` reads the design, reports it, and writes it back with placements unchanged.
 */
#include <errno.h>
#include <math.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd/cmd.h"
#include "place/gp.h"
#include "place/lg_check.h"
#include "place/lg_legalize.h"
#include "viz.h"
#ifdef _OPENMP
#include <omp.h>
#endif
#include "def.h"
#include "lef.h"
#include "netlist/db.h"
#include "util/ut.h"

#ifndef PLACE_VERSION
#define PLACE_VERSION "0.0.0"
#endif

#define MAX_LEFS 64

/* Subcommands: `place NAME args...`.  Each entry is implemented in src/cmd/NAME.c. */
typedef struct command_t {
  const char *name;
  int (*fn)(int argc, char **argv);
  const char *help;
} command_t;
static const command_t COMMANDS[] = {
  {"check", cmd_check, "check a placement's legality; exit 1 when anything is illegal"},
  {"render", cmd_render, "draw a design (PNG, SVG, PDF): layers, legend, density heatmap, flylines"},
  {"report-congestion", cmd_report_congestion,
   "routing capacity, Steiner and routed wirelength, overflow and ACE; writes CSV maps"},
  {NULL, NULL, NULL},
};


typedef struct opts_t {
  const char *def_path;
  const char *lefs[MAX_LEFS];
  int nlefs;
  const char *out_path;
  long seed;
  long threads;
  int report;
  int force;
  int quiet;
  int verbose;
  double density;
  double overflow;
  const char *stage;
  long gp_iters;
  long init_iters;
  long bins;
  double init_penalty;
  double filler_scale;
  const char *png_path;
  const char *report_html;
  const char *frames_dir;
  long frame_every;
  const char *first_stage;
  double macro_halo;
  const char *max_disp;
  double max_disp_x, max_disp_y;   /* parsed from max_disp, microns */
} opts_t;

enum { OPT_FLAG, OPT_LONG, OPT_STR, OPT_LEF, OPT_DOUBLE };

typedef struct opt_def_t {
  const char *name;   /* long name without "--" */
  char short_name;    /* 0 when none */
  int kind;
  size_t off;         /* offset in opts_t */
  const char *arg;    /* argument name for --help */
  const char *def;    /* default shown in --help and the dump */
  long min, max;      /* for OPT_LONG */
  const char *help;
} opt_def_t;

#define OFF(f) offsetof(opts_t, f)
static const opt_def_t OPTIONS[] = {
  {"lef", 'l', OPT_LEF, OFF(lefs), "FILE", NULL, 0, 0,
   "LEF file (technology, cells, macros); repeat for several, in order"},
  {"output", 'o', OPT_STR, OFF(out_path), "FILE", NULL, 0, 0,
   "write the placed DEF here (.gz compresses); written atomically"},
  {"force", 0, OPT_FLAG, OFF(force), NULL, NULL, 0, 0, "allow -o to overwrite the input DEF"},
  {"seed", 0, OPT_LONG, OFF(seed), "N", "1", 0, LONG_MAX,
   "random seed; the same inputs and seed give byte-identical output"},
  {"threads", 0, OPT_LONG, OFF(threads), "N", "1", 1, 1024,
   "worker threads (results do not depend on it)"},
  {"density", 0, OPT_DOUBLE, OFF(density), "D", "0.7", 0, 1,
   "target placement density (global placement)"},
  {"overflow", 0, OPT_DOUBLE, OFF(overflow), "F", "0.10", 0, 1,
   "stop global placement when the density overflow falls to F"},
  {"stage", 0, OPT_STR, OFF(stage), "S", "all", 0, 0,
   "last stage to run: read (no placement), gp (write the global placement, NOT legal), lg, all"},
  {"first-stage", 0, OPT_STR, OFF(first_stage), "S", "gp", 0, 0,
   "first stage: gp, or lg to legalize the input placement as it is"},
  {"macro-halo", 0, OPT_DOUBLE, OFF(macro_halo), "UM", "0", -1, 1000000,
   "keep-out ring around every macro in legalization, microns (adds to DEF + HALO)"},
  {"max-displacement", 0, OPT_STR, OFF(max_disp), "X,Y", NULL, 0, 0,
   "legalization may move a standard cell at most X (and Y) microns; an error names any cell "
   "that cannot be placed within it"},
  {"gp-iters", 0, OPT_LONG, OFF(gp_iters), "N", "2000", 1, 100000,
   "maximum Nesterov iterations of global placement"},
  {"initial-iters", 0, OPT_LONG, OFF(init_iters), "N", "8", 0, 1000,
   "bound-to-bound initial placement rounds (0: start from the input placement)"},
  {"bins", 0, OPT_LONG, OFF(bins), "N", "auto", 0, 4096,
   "global placement bin grid N x N (0: chosen from the cell count, as OpenROAD does)"},
  {"init-density-penalty", 0, OPT_DOUBLE, OFF(init_penalty), "P", "8e-5", 0, 1,
   "initial density penalty factor lambda_0 (as OpenROAD's -init_density_penalty)"},
  {"filler-scale", 0, OPT_DOUBLE, OFF(filler_scale), "F", "1", 0, 100,
   "global placement filler cells get F times the average cell area (fewer, larger fillers)"},
  {"png", 0, OPT_STR, OFF(png_path), "FILE", NULL, 0, 0,
   "also write a picture of the result (.png, .svg or .pdf by extension)"},
  {"report-html", 0, OPT_STR, OFF(report_html), "FILE", NULL, 0, 0,
   "write an HTML review report (statistics, stage metrics, options, picture)"},
  {"frames", 0, OPT_STR, OFF(frames_dir), "DIR", NULL, 0, 0,
   "write a PNG of the global placement every --frame-every iterations to DIR"},
  {"frame-every", 0, OPT_LONG, OFF(frame_every), "N", "10", 1, 100000,
   "iterations between --frames pictures"},
  {"report", 0, OPT_FLAG, OFF(report), NULL, NULL, 0, 0,
   "print design statistics (components, nets, pins, areas, utilization, HPWL)"},
  {"quiet", 'q', OPT_FLAG, OFF(quiet), NULL, NULL, 0, 0, "only errors and warnings on stderr"},
  {"verbose", 'v', OPT_FLAG, OFF(verbose), NULL, NULL, 0, 0, "debug logging"},
};
#define NOPTIONS (sizeof OPTIONS / sizeof OPTIONS[0])

static void usage(FILE *f) {
  fprintf(f,
          "usage: place DESIGN.def --lef TECH.lef [--lef CELLS.lef ...] [-o PLACED.def] [options]\n"
          "\n"
          "Reads a LEF/DEF design and writes it back as DEF.  This build has the readers, the\n"
          "design database, the design report (--report) and the DEF writer; the placement stages\n"
          "are not built yet, so the written DEF has the input's placements (every section of the\n"
          "input is reproduced byte for byte).\n"
          "\n"
          "options:\n");
  for (size_t i = 0; i < NOPTIONS; i++) {
    const opt_def_t *o = &OPTIONS[i];
    char left[64];
    int n = o->short_name ? snprintf(left, sizeof left, "-%c, --%s", o->short_name, o->name)
                          : snprintf(left, sizeof left, "    --%s", o->name);
    if (o->arg && n > 0 && (size_t)n < sizeof left)
      snprintf(left + n, sizeof left - (size_t)n, " %s", o->arg);
    fprintf(f, "  %-24s %s", left, o->help);
    if (o->def) fprintf(f, " (default %s)", o->def);
    fputc('\n', f);
  }
  fprintf(f, "  %-24s %s\n  %-24s %s\n", "-h, --help", "show this help",
          "    --version", "show the version");
  int any = 0;
  for (size_t i = 0; COMMANDS[i].name; i++) {
    if (!any++) fprintf(f, "\nsubcommands:\n");
    fprintf(f, "  place %-18s %s\n", COMMANDS[i].name, COMMANDS[i].help);
  }
  fprintf(f, "\nExit status: 0 success, 1 invalid input or failed stage, 2 usage error.\n");
}

static int set_default(opts_t *o) {
  memset(o, 0, sizeof *o);
  o->seed = 1;
  o->threads = 1;
  o->density = 0.7;
  o->overflow = 0.10;
  o->stage = "all";
  o->gp_iters = 2000;
  o->init_iters = 8;
  o->init_penalty = 8e-5;
  o->filler_scale = 1.0;
  o->frame_every = 10;
  o->first_stage = "gp";
  return 0;
}

static const opt_def_t *find_long(const char *name, size_t n) {
  for (size_t i = 0; i < NOPTIONS; i++)
    if (strlen(OPTIONS[i].name) == n && memcmp(OPTIONS[i].name, name, n) == 0) return &OPTIONS[i];
  return NULL;
}

static const opt_def_t *find_short(char c) {
  for (size_t i = 0; i < NOPTIONS; i++)
    if (OPTIONS[i].short_name == c) return &OPTIONS[i];
  return NULL;
}

/* Returns 0 to go on, 1 to exit 0 (help/version), 2 on a usage error. */
static int parse_args(int argc, char **argv, opts_t *o) {
  set_default(o);
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      usage(stdout);
      return 1;
    }
    if (!strcmp(a, "--version")) {
      printf("place %s\n", PLACE_VERSION);
      return 1;
    }
    const opt_def_t *d = NULL;
    const char *val = NULL;
    if (a[0] == '-' && a[1] == '-' && a[2]) {
      const char *eq = strchr(a + 2, '=');
      size_t n = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
      d = find_long(a + 2, n);
      if (eq) val = eq + 1;
    } else if (a[0] == '-' && a[1] && !a[2]) {
      d = find_short(a[1]);
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "place: error: unknown option '%s' (see --help)\n", a);
      return 2;
    } else {
      if (o->def_path) {
        fprintf(stderr, "place: error: more than one design given ('%s' and '%s')\n",
                o->def_path, a);
        return 2;
      }
      o->def_path = a;
      continue;
    }
    if (!d) {
      fprintf(stderr, "place: error: unknown option '%s' (see --help)\n", a);
      return 2;
    }
    char *base = (char *)o;
    if (d->kind == OPT_FLAG) {
      if (val) {
        fprintf(stderr, "place: error: option --%s takes no value\n", d->name);
        return 2;
      }
      *(int *)(base + d->off) = 1;
      continue;
    }
    if (!val) {
      if (i + 1 >= argc) {
        fprintf(stderr, "place: error: option --%s needs a value (%s)\n", d->name, d->arg);
        return 2;
      }
      val = argv[++i];
    }
    if (d->kind == OPT_STR) {
      *(const char **)(base + d->off) = val;
    } else if (d->kind == OPT_LEF) {
      if (o->nlefs == MAX_LEFS) {
        fprintf(stderr, "place: error: at most %d LEF files\n", MAX_LEFS);
        return 2;
      }
      o->lefs[o->nlefs++] = val;
    } else if (d->kind == OPT_DOUBLE) {
      char *end;
      errno = 0;
      double v = strtod(val, &end);
      if (!*val || *end || errno || !(v > d->min) || v > d->max) {
        fprintf(stderr, "place: error: --%s needs a number in (%ld, %ld], got '%s'\n", d->name,
                d->min, d->max, val);
        return 2;
      }
      *(double *)(base + d->off) = v;
    } else {
      char *end;
      errno = 0;
      long v = strtol(val, &end, 10);
      if (!*val || *end || errno || v < d->min || v > d->max) {
        fprintf(stderr, "place: error: --%s needs an integer in %ld..%ld, got '%s'\n", d->name,
                d->min, d->max, val);
        return 2;
      }
      *(long *)(base + d->off) = v;
    }
  }
  if (!o->def_path) {
    fprintf(stderr, "place: error: no design given (usage: place DESIGN.def --lef FILE ... "
                    "-o OUT.def; see --help)\n");
    return 2;
  }
  if (!o->nlefs) {
    fprintf(stderr, "place: error: no LEF given (--lef FILE)\n");
    return 2;
  }
  if (strcmp(o->stage, "read") && strcmp(o->stage, "gp") && strcmp(o->stage, "lg") &&
      strcmp(o->stage, "all")) {
    fprintf(stderr, "place: error: --stage must be read, gp, lg or all, got '%s'\n", o->stage);
    return 2;
  }
  if (strcmp(o->first_stage, "gp") && strcmp(o->first_stage, "lg")) {
    fprintf(stderr, "place: error: --first-stage must be gp or lg, got '%s'\n", o->first_stage);
    return 2;
  }
  if (!strcmp(o->first_stage, "lg") && !strcmp(o->stage, "gp")) {
    fprintf(stderr, "place: error: --first-stage lg with --stage gp runs nothing\n");
    return 2;
  }
  if (o->max_disp) {
    char *end;
    o->max_disp_x = strtod(o->max_disp, &end);
    o->max_disp_y = *end == ',' ? strtod(end + 1, &end) : o->max_disp_x;
    if (*end || !(o->max_disp_x > 0) || !(o->max_disp_y > 0)) {
      fprintf(stderr, "place: error: --max-displacement needs X or X,Y in microns (> 0), got '%s'\n",
              o->max_disp);
      return 2;
    }
  }
  return 0;
}

/* Refuse to overwrite the input unless --force. */
static int same_file(const char *a, const char *b) {
  struct stat sa, sb;
  if (stat(a, &sa) != 0 || stat(b, &sb) != 0) return 0;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static void dump_options(const opts_t *o) {
  UT_INFO("MAIN", "place %s", PLACE_VERSION);
  UT_INFO("MAIN", "design %s", o->def_path);
  for (int i = 0; i < o->nlefs; i++) UT_INFO("MAIN", "lef %s", o->lefs[i]);
  UT_INFO("MAIN", "options: output=%s seed=%ld threads=%ld density=%.3f overflow=%.3f stage=%s "
          "first-stage=%s gp-iters=%ld initial-iters=%ld bins=%ld macro-halo=%g "
          "max-displacement=%s report=%d force=%d",
          o->out_path ? o->out_path : "(none)", o->seed, o->threads, o->density, o->overflow,
          o->stage, o->first_stage, o->gp_iters, o->init_iters, o->bins, o->macro_halo,
          o->max_disp ? o->max_disp : "none", o->report, o->force);
}

static void print_report(const db_t *db) {
  db_stats_t st;
  db_stats(db, &st);
  double um = (double)db->dbu;
  printf("design            %s\n", db->has_design ? db_str(db, db->design_name) : "(unnamed)");
  printf("dbu per micron    %d\n", db->dbu);
  printf("components        %zu (movable %zu, fixed %zu, unplaced %zu)\n", st.ncells,
         st.nmovable, st.nfixed, st.nunplaced);
  printf("  by class        ");
  for (int c = 0; c <= DB_CLASS_OTHER; c++)
    if (st.by_class[c]) printf("%s %zu  ", db_class_name(c), st.by_class[c]);
  printf("\n");
  printf("macros            %zu\n", st.nmacros);
  printf("nets              %zu\n", st.nnets);
  printf("pins              %zu\n", st.npins);
  printf("io pins           %zu\n", st.nios);
  printf("rows              %zu\n", db->nrows);
  printf("die               (%.3f %.3f) (%.3f %.3f) um, area %.3f um^2\n", db->die.x0 / um,
         db->die.y0 / um, db->die.x1 / um, db->die.y1 / um, (double)st.die_area / (um * um));
  printf("core              (%.3f %.3f) (%.3f %.3f) um, area %.3f um^2\n", db->core.x0 / um,
         db->core.y0 / um, db->core.x1 / um, db->core.y1 / um, (double)st.core_area / (um * um));
  printf("movable area      %.3f um^2\n", (double)st.movable_area / (um * um));
  printf("fixed area (core) %.3f um^2\n", (double)st.fixed_area_in_core / (um * um));
  printf("utilization       %.4f\n", st.utilization);
  printf("hpwl              %.3f um\n", (double)st.hpwl / um);
}

/* ---- stage records for the HTML report ---- */
#define MAX_STAGES 8
#define MAX_METRICS 8
typedef struct stages_t {
  int n;
  viz_stage_t st[MAX_STAGES];
  viz_kv_t kv[MAX_STAGES][MAX_METRICS];
  char val[MAX_STAGES][MAX_METRICS][48];
} stages_t;

static void stage_begin(stages_t *s, const char *name) {
  if (s->n == MAX_STAGES) return;
  s->st[s->n].name = name;
  s->st[s->n].metrics = s->kv[s->n];
  s->st[s->n].nmetrics = 0;
  s->n++;
}

static void stage_metric(stages_t *s, const char *key, const char *fmt, double v) {
  if (!s->n) return;
  viz_stage_t *st = &s->st[s->n - 1];
  int k = st->nmetrics;
  if (k == MAX_METRICS) return;
  char *buf = s->val[s->n - 1][k];
  if (strcmp(fmt, "%d") == 0) snprintf(buf, 48, "%d", (int)v);
  else snprintf(buf, 48, fmt, v);
  s->kv[s->n - 1][k].key = key;
  s->kv[s->n - 1][k].value = buf;
  st->nmetrics = k + 1;
}

typedef struct frame_ctx_t {
  const db_t *db;
  const char *dir;
  int failed;
} frame_ctx_t;

static void write_frame(void *ctx, int iter, const double *cx, const double *cy) {
  frame_ctx_t *f = ctx;
  if (viz_frame(f->db, cx, cy, iter, f->dir, NULL, NULL)) f->failed = 1;
}

/* The HTML report: statistics, the stages' metrics, every option, and the picture when one was
 * written (embedded, so the page stands alone). */
static int write_report(const db_t *db, const opts_t *o, const stages_t *sg, ut_diag_t *diag) {
  viz_kv_t kv[64];
  char vals[64][64];
  int n = 0;
  for (size_t i = 0; i < NOPTIONS && n < 60; i++) {
    const opt_def_t *d = &OPTIONS[i];
    const char *base = (const char *)o;
    char *v = vals[n];
    if (d->kind == OPT_FLAG) snprintf(v, 64, "%s", *(const int *)(base + d->off) ? "on" : "off");
    else if (d->kind == OPT_LONG) snprintf(v, 64, "%ld", *(const long *)(base + d->off));
    else if (d->kind == OPT_DOUBLE) snprintf(v, 64, "%g", *(const double *)(base + d->off));
    else if (d->kind == OPT_STR) {
      const char *sv = *(const char *const *)(base + d->off);
      snprintf(v, 64, "%s", sv ? sv : "-");
    } else {
      snprintf(v, 64, "%d file(s)", o->nlefs);
    }
    kv[n].key = d->name;
    kv[n].value = v;
    n++;
  }
  kv[n].key = "design";
  kv[n].value = o->def_path;
  n++;
  viz_image_t img = {o->png_path, "placement", 1};
  int has_png = o->png_path && strlen(o->png_path) > 4 &&
                strcmp(o->png_path + strlen(o->png_path) - 4, ".png") == 0;
  viz_report_t rep = {NULL, db, sg->st, sg->n, kv, n, has_png ? &img : NULL, has_png ? 1 : 0};
  if (viz_report_html(o->report_html, &rep, diag)) return 1;
  UT_INFO("MAIN", "wrote %s", o->report_html);
  return 0;
}

int main(int argc, char **argv) {
  for (size_t i = 0; argc > 1 && COMMANDS[i].name; i++)
    if (!strcmp(argv[1], COMMANDS[i].name)) return COMMANDS[i].fn(argc - 1, argv + 1);
  opts_t o;
  int rc = parse_args(argc, argv, &o);
  if (rc == 1) return 0;
  if (rc == 2) return 2;
  if (o.quiet) ut_log_set_level(UT_LOG_WARN);
  if (o.verbose) ut_log_set_level(UT_LOG_DEBUG);
  if (o.out_path && same_file(o.out_path, o.def_path) && !o.force) {
    fprintf(stderr, "place: error: output '%s' is the input DEF; use --force to overwrite it\n",
            o.out_path);
    return 2;
  }
  dump_options(&o);
#ifdef _OPENMP
  omp_set_num_threads((int)o.threads);
#endif

  double t0 = ut_seconds();
  ut_diag_t diag;
  ut_diag_init(&diag);
  diag.quiet = o.quiet;
  stages_t sg = {0};
  db_t *db = NULL;
  if (cmd_load_design(&db, o.def_path, o.lefs, o.nlefs, o.quiet)) return 1;
  double t1 = ut_seconds();
  double um = db->dbu;
  UT_INFO("MAIN", "read %zu components, %zu nets, %zu pins, %zu rows (%.2f s)", db->ncells,
          db->nnets, db->npins, db->nrows, t1 - t0);
  UT_INFO("MAIN", "hpwl %.3f um", (double)db_hpwl(db) / um);
  stage_begin(&sg, "read");
  stage_metric(&sg, "HPWL (um)", "%.1f", (double)db_hpwl(db) / um);
  stage_metric(&sg, "runtime (s)", "%.2f", t1 - t0);
  stage_metric(&sg, "peak memory (MB)", "%.1f", ut_peak_rss_kb() / 1024.0);

  int run_gp = strcmp(o.stage, "read") != 0 && strcmp(o.first_stage, "gp") == 0;
  int run_lg = strcmp(o.stage, "read") != 0 && strcmp(o.stage, "gp") != 0;
  if (run_gp) {
    gp_opts_t go;
    gp_opts_default(&go);
    go.target_density = o.density;
    go.target_overflow = o.overflow;
    go.max_iters = (int)o.gp_iters;
    go.initial_iters = (int)o.init_iters;
    go.seed = (uint64_t)o.seed;
    go.bins_x = go.bins_y = (int)o.bins;
    go.init_density_penalty = o.init_penalty;
    go.filler_scale = o.filler_scale;
    frame_ctx_t fc = {db, o.frames_dir, 0};
    if (o.frames_dir) {
      go.frame_cb = write_frame;
      go.frame_ctx = &fc;
      go.frame_every = (int)o.frame_every;
    }
    if (o.quiet) go.progress_every = 0;
    gp_stats_t gs;
    rc = gp_run(db, &go, &gs, &diag);
    if (rc) {
      if (rc == UT_ENOMEM) fprintf(stderr, "place: error: out of memory in global placement\n");
      db_destroy(db);
      return 1;
    }
    if (fc.failed) UT_WARN("MAIN", "some --frames pictures could not be written");
    stage_begin(&sg, "global placement");
    stage_metric(&sg, "HPWL (um)", "%.1f", gs.hpwl_um);
    stage_metric(&sg, "overflow", "%.4f", gs.overflow);
    stage_metric(&sg, "iterations", "%d", gs.iters);
    stage_metric(&sg, "runtime (s)", "%.2f", gs.t_total);
    stage_metric(&sg, "peak memory (MB)", "%.1f", ut_peak_rss_kb() / 1024.0);
    if (!run_lg)
      UT_WARN("MAIN", "--stage gp: the placement written is the global placement, NOT legal");
  }
  if (run_lg) {
    lg_opts_t lo;
    lg_opts_default(&lo);
    lo.macro_halo = (dbu_t)lround(o.macro_halo * um);
    lo.max_disp_x = (dbu_t)lround(o.max_disp_x * um);
    lo.max_disp_y = (dbu_t)lround(o.max_disp_y * um);
    lg_stats_t ls;
    rc = lg_run(db, &lo, &ls, &diag);
    if (rc) {
      fprintf(stderr, "place: error: legalization failed%s\n",
              rc == UT_ENOMEM ? ": out of memory" : "");
      db_destroy(db);
      return 1;
    }
    UT_INFO("LG", "hpwl %.1f -> %.1f um; displacement mean %.3f um, max %.3f um; %.2f s",
            ls.hpwl_before / um, ls.hpwl_after / um, ls.disp_mean_um, ls.disp_max_um,
            ls.seconds_total);
    stage_begin(&sg, "legalization");
    stage_metric(&sg, "HPWL (um)", "%.1f", ls.hpwl_after / um);
    stage_metric(&sg, "mean displacement (um)", "%.3f", ls.disp_mean_um);
    stage_metric(&sg, "max displacement (um)", "%.3f", ls.disp_max_um);
    stage_metric(&sg, "runtime (s)", "%.2f", ls.seconds_total);
    stage_metric(&sg, "peak memory (MB)", "%.1f", ut_peak_rss_kb() / 1024.0);
    /* every placement we write is checked */
    lg_check_opts_t co;
    lg_check_opts_default(&co);
    co.macro_halo = lo.macro_halo;
    if (!run_gp) {  /* the checker measures displacement from the input DEF's placement */
      co.max_disp_x = lo.max_disp_x;
      co.max_disp_y = lo.max_disp_y;
    }
    lg_check_report_t cr;
    if (lg_check(db, &co, &cr)) {
      fprintf(stderr, "place: error: out of memory in the legality check\n");
      db_destroy(db);
      return 1;
    }
    stage_metric(&sg, "legality violations", "%d", (double)cr.total);
    if (cr.total) {
      fprintf(stderr, "place: error: the result is not legal (%lld violations; run `place check` "
              "on a --stage gp output for details); nothing written\n", (long long)cr.total);
      db_destroy(db);
      return 1;
    }
    UT_INFO("MAIN", "legality check: legal (%zu components, %.3f s)", cr.ncells, cr.seconds);
  }
  if (o.report) print_report(db);
  rc = 0;
  if (o.out_path) {
    if (def_write(db, o.out_path, &diag)) rc = 1;
    else UT_INFO("MAIN", "wrote %s", o.out_path);
  }
  if (!rc && o.png_path) {
    viz_opts_t vo;
    viz_opts_init(&vo);
    if (viz_render(db, &vo, o.png_path, &diag)) rc = 1;
    else UT_INFO("MAIN", "wrote %s", o.png_path);
  }
  if (!rc && o.report_html && write_report(db, &o, &sg, &diag)) rc = 1;
  db_destroy(db);
  return rc;
}
