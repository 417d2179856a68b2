/*
 * main.c: the `place` command line.  Options -> stages -> exit code; nothing else lives here.
 *
 * One table (OPTIONS below) drives parsing, defaults, --help and the option dump at the top of the
 * log.  All options are validated before any file is read.  Exit codes: 0 success, 1 bad input or
 * failed stage, 2 bad usage.
 *
 * Under mpirun (built with -DPLACE_MPI=ON; docs/SCALING.md) every rank runs this command: RL
 * training and --starts spread over the ranks, every rank ends with the same placement, rank 0
 * alone writes files and logs INFO lines, and all ranks exit with the same status.
 *
 * Status: the readers, database, design report and DEF writer exist; the placement stages
 * (global placement, legalization, detailed placement) are added by later work.  Until then
 * `place` reads the design, reports it, and writes it back with placements unchanged.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd/cmd.h"
#include "cmd/opts.h"
#include "place/dp.h"
#include "place/gp.h"
#include "place/lg_check.h"
#include "place/lg_legalize.h"
#include "rl/rl.h"
#include "viz.h"
#ifdef _OPENMP
#include <omp.h>
#endif
#include "def.h"
#include "def_emit.h"
#include "lef.h"
#include "netlist/bookshelf.h"
#include "netlist/verilog.h"
#include "netlist/db.h"
#include "util/ut.h"
#include "util/ut_mpi.h"

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
  {"macro-place", cmd_macro_place,
   "macro placement alone (RL, SA or analytic on the proxy cost), all its knobs, training logs"},
  {NULL, NULL, NULL},
};


typedef struct opts_t {
  const char *def_path;
  const char *lefs[MAX_LEFS];
  int nlefs;
  const char *out_path;
  long seed;
  long threads;
  long starts;                     /* --starts: multi-start placement (cmd/starts.c) */
  const char *starts_metric;
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
  const char *verilog;             /* --verilog: a gate-level netlist instead of a DEF */
  const char *top;
  const char *die, *core;          /* "x0,y0,x1,y1" in microns */
  double die_um[4], core_um[4];    /* parsed from die, core */
  double utilization, aspect, core_margin;
  const char *site;
  const char *macro_placer;        /* --macro-placer: NULL = mixed-size global placement */
  long rl_episodes;
  double rl_time;
  const char *rl_save, *rl_load, *rl_csv, *budget_clock;
  int unfix_macros;
  long rl_save_every;              /* --rl-save-every N updates; --rl-resume */
  int rl_resume;
  int routability;                 /* --routability and its settings (global placement) */
  const char *rt_map;
  double rt_overflow, rt_target_rc, rt_power, rt_max_ratio, rt_max_inflation, rt_cap_scale;
  long rt_rounds, rt_max_layer;
} opts_t;

#define OFF(f) offsetof(opts_t, f)
static const cmd_opt_t OPTIONS[] = {
  {"lef", 'l', CMD_OPT_LIST, OFF(lefs), "FILE", NULL, 0, MAX_LEFS,
   "LEF file (technology, cells, macros); repeat for several, in order", OFF(nlefs)},
  {"verilog", 0, CMD_OPT_STR, OFF(verilog), "FILE", NULL, 0, 0,
   "read a gate-level Verilog netlist (needs --lef) instead of a DEF and make its floorplan", 0},
  {"top", 0, CMD_OPT_STR, OFF(top), "MODULE", NULL, 0, 0,
   "top module of --verilog (default: the one no other module instantiates)", 0},
  {"die", 0, CMD_OPT_STR, OFF(die), "X0,Y0,X1,Y1", NULL, 0, 0,
   "--verilog floorplan: die box in microns (with --core)", 0},
  {"core", 0, CMD_OPT_STR, OFF(core), "X0,Y0,X1,Y1", NULL, 0, 0,
   "--verilog floorplan: core box in microns; rows fill it from its lower-left corner", 0},
  {"utilization", 0, CMD_OPT_DOUBLE, OFF(utilization), "U", "0.5", 0.01, 1,
   "--verilog floorplan without --die/--core: instance area / core area", 0},
  {"aspect", 0, CMD_OPT_DOUBLE, OFF(aspect), "A", "1", 0.01, 100,
   "--verilog floorplan with --utilization: core height / width", 0},
  {"core-margin", 0, CMD_OPT_DOUBLE, OFF(core_margin), "UM", "0", 0, 100000,
   "--verilog floorplan with --utilization: space between core and die, microns", 0},
  {"site", 0, CMD_OPT_STR, OFF(site), "NAME", NULL, 0, 0,
   "--verilog floorplan: row site (default: the CORE site most instances use)", 0},
  {"output", 'o', CMD_OPT_STR, OFF(out_path), "FILE", NULL, 0, 0,
   "write the placed DEF here (a .pl name: Bookshelf placement; .gz compresses); written "
   "atomically", 0},
  {"force", 0, CMD_OPT_FLAG, OFF(force), NULL, NULL, 0, 0, "allow -o to overwrite the input DEF", 0},
  {"seed", 0, CMD_OPT_LONG, OFF(seed), "N", "1", 0, 2147483647,
   "random seed; the same inputs and seed give byte-identical output", 0},
  {"threads", 0, CMD_OPT_LONG, OFF(threads), "N", "1", 1, 1024,
   "worker threads (results do not depend on it)", 0},
  {"starts", 0, CMD_OPT_LONG, OFF(starts), "K", "1", 1, 100000,
   "multi-start: run the placement K times with seeds seed, seed+1, ... and keep the best legal "
   "result (under mpirun the starts spread over the ranks; same result)", 0},
  {"starts-metric", 0, CMD_OPT_STR, OFF(starts_metric), "hpwl|proxy", "hpwl", 0, 0,
   "--starts: choose by HPWL or by the proxy cost (docs/PROXY_COST.md); ties: the lowest start", 0},
  {"density", 0, CMD_OPT_DOUBLE, OFF(density), "D", "0.7", 1e-6, 1,
   "target placement density (global placement)", 0},
  {"overflow", 0, CMD_OPT_DOUBLE, OFF(overflow), "F", "0.10", 1e-6, 1,
   "stop global placement when the density overflow falls to F", 0},
  {"stage", 0, CMD_OPT_STR, OFF(stage), "S", "all", 0, 0,
   "last stage to run: read (no placement), gp (global placement, NOT legal), lg (legalization), all (+ detailed placement)", 0},
  {"first-stage", 0, CMD_OPT_STR, OFF(first_stage), "S", "gp", 0, 0,
   "first stage: gp, or lg to legalize the input placement as it is", 0},
  {"macro-halo", 0, CMD_OPT_DOUBLE, OFF(macro_halo), "UM", "0", 0, 1000000,
   "keep-out ring around every macro in legalization, microns (adds to DEF + HALO)", 0},
  {"max-displacement", 0, CMD_OPT_STR, OFF(max_disp), "X,Y", NULL, 0, 0,
   "legalization may move a standard cell at most X (and Y) microns; an error names any cell "
   "that cannot be placed within it", 0},
  {"gp-iters", 0, CMD_OPT_LONG, OFF(gp_iters), "N", "2000", 1, 100000,
   "maximum Nesterov iterations of global placement", 0},
  {"initial-iters", 0, CMD_OPT_LONG, OFF(init_iters), "N", "8", 0, 1000,
   "bound-to-bound initial placement rounds (0: start from the input placement)", 0},
  {"bins", 0, CMD_OPT_LONG, OFF(bins), "N", "auto", 0, 4096,
   "global placement bin grid N x N (0: chosen from the cell count, as OpenROAD does)", 0},
  {"init-density-penalty", 0, CMD_OPT_DOUBLE, OFF(init_penalty), "P", "8e-5", 1e-12, 1,
   "initial density penalty factor lambda_0 (as OpenROAD's -init_density_penalty)", 0},
  {"filler-scale", 0, CMD_OPT_DOUBLE, OFF(filler_scale), "F", "4", 0.01, 100,
   "global placement filler cells get F times the average cell area (RePlAce: 1)", 0},
  {"macro-placer", 0, CMD_OPT_STR, OFF(macro_placer), "rl|sa|analytic", "none", 0, 0,
   "place the macros first (RL agent, simulated annealing or analytic, on the proxy cost; "
   "docs/RL.md), fix them, then place the cells (default: macros and cells together)", 0},
  {"rl-episodes", 0, CMD_OPT_LONG, OFF(rl_episodes), "N", "256", 1, 100000000,
   "--macro-placer rl: training episodes (an upper bound with --rl-time)", 0},
  {"rl-time", 0, CMD_OPT_DOUBLE, OFF(rl_time), "SECONDS", "none", 0, 1e7,
   "--macro-placer rl|sa: time budget of the macro placer", 0},
  {"budget-clock", 0, CMD_OPT_STR, OFF(budget_clock), "wall|cpu", "wall", 0, 0,
   "--rl-time counts wall seconds or CPU seconds of all threads (equal work on a busy machine)",
   0},
  {"rl-save", 0, CMD_OPT_STR, OFF(rl_save), "FILE", NULL, 0, 0,
   "--macro-placer rl: write the trained policy (XML checkpoint)", 0},
  {"rl-load", 0, CMD_OPT_STR, OFF(rl_load), "FILE", NULL, 0, 0,
   "--macro-placer rl: start from a checkpoint (fine-tuning on this design)", 0},
  {"rl-log-csv", 0, CMD_OPT_STR, OFF(rl_csv), "FILE", NULL, 0, 0,
   "--macro-placer rl: one CSV line per training episode (proxy terms, entropy, losses)", 0},
  {"rl-save-every", 0, CMD_OPT_LONG, OFF(rl_save_every), "N", "0: at the end", 0, 100000000,
   "--macro-placer rl: also write the --rl-save checkpoint every N updates (atomically)", 0},
  {"rl-resume", 0, CMD_OPT_FLAG, OFF(rl_resume), NULL, NULL, 0, 0,
   "--macro-placer rl: --rl-load is a checkpoint of an interrupted run: continue it (episode "
   "count and seeds go on, --rl-episodes is the total)", 0},
  {"unfix-macros", 0, CMD_OPT_FLAG, OFF(unfix_macros), NULL, NULL, 0, 0,
   "with --macro-placer: FIXED macros of the input become movable", 0},
  {"routability", 0, CMD_OPT_FLAG, OFF(routability), NULL, NULL, 0, 0,
   "routability-driven global placement: inflate cells in congested GCells (RePlAce / gpl)", 0},
  {"routability-map", 0, CMD_OPT_STR, OFF(rt_map), "M", "rudy", 0, 0,
   "--routability congestion map: rudy (RUDY wire density) or route (pattern router)", 0},
  {"routability-overflow", 0, CMD_OPT_DOUBLE, OFF(rt_overflow), "F", "0.3", 0.01, 1,
   "--routability: measure congestion when the density overflow falls to F", 0},
  {"routability-target-rc", 0, CMD_OPT_DOUBLE, OFF(rt_target_rc), "R", "1.01", 0, 100,
   "--routability: done when (ACE(0.5%) + ACE(1%)) / 2 of the map is below R (1 = full)", 0},
  {"routability-rounds", 0, CMD_OPT_LONG, OFF(rt_rounds), "N", "5", 0, 100,
   "--routability: inflation rounds at most (each goes back to the overflow-0.6 snapshot)", 0},
  {"routability-power", 0, CMD_OPT_DOUBLE, OFF(rt_power), "P", "2.5", 0.1, 10,
   "--routability: a cell in a GCell at demand/capacity c > 1.01 grows by c^P in area", 0},
  {"routability-max-ratio", 0, CMD_OPT_DOUBLE, OFF(rt_max_ratio), "R", "2.5", 1, 100,
   "--routability: most area inflation of one cell over all rounds", 0},
  {"routability-max-inflation", 0, CMD_OPT_DOUBLE, OFF(rt_max_inflation), "F", "0.3", 0, 10,
   "--routability: total added area at most F x the standard cells' area", 0},
  {"routability-max-layer", 0, CMD_OPT_LONG, OFF(rt_max_layer), "N", "top", 0, 64,
   "--routability capacity model: highest routing layer counted (as report-congestion)", 0},
  {"routability-cap-scale", 0, CMD_OPT_DOUBLE, OFF(rt_cap_scale), "F", "1", 0.01, 1,
   "--routability capacity model: capacity multiplier (as report-congestion --cap-scale)", 0},
  {"png", 0, CMD_OPT_STR, OFF(png_path), "FILE", NULL, 0, 0,
   "also write a picture of the result (.png, .svg or .pdf by extension)", 0},
  {"report-html", 0, CMD_OPT_STR, OFF(report_html), "FILE", NULL, 0, 0,
   "write an HTML review report (statistics, stage metrics, options, picture)", 0},
  {"frames", 0, CMD_OPT_STR, OFF(frames_dir), "DIR", NULL, 0, 0,
   "write a PNG of the global placement every --frame-every iterations to DIR", 0},
  {"frame-every", 0, CMD_OPT_LONG, OFF(frame_every), "N", "10", 1, 100000,
   "iterations between --frames pictures", 0},
  {"report", 0, CMD_OPT_FLAG, OFF(report), NULL, NULL, 0, 0,
   "print design statistics (components, nets, pins, areas, utilization, HPWL)", 0},
  {"quiet", 'q', CMD_OPT_FLAG, OFF(quiet), NULL, NULL, 0, 0, "only errors and warnings on stderr", 0},
  {"verbose", 'v', CMD_OPT_FLAG, OFF(verbose), NULL, NULL, 0, 0, "debug logging", 0},
};
#define NOPTIONS (sizeof OPTIONS / sizeof OPTIONS[0])

static void usage(FILE *f) {
  fprintf(f,
          "usage: place DESIGN.def --lef TECH.lef [--lef CELLS.lef ...] -o PLACED.def [options]\n"
          "       place DESIGN.aux -o PLACED.pl [options]            (Bookshelf; no LEF)\n"
          "       place --verilog NETLIST.v --lef TECH.lef [--lef CELLS.lef ...] [--top MODULE]\n"
          "             (--die X0,Y0,X1,Y1 --core X0,Y0,X1,Y1 | --utilization U [--aspect A]\n"
          "             [--core-margin UM]) -o PLACED.def [options]\n"
          "       place SUBCOMMAND ... (below)\n"
          "\n"
          "Places every movable macro and standard cell of a LEF/DEF design: global placement\n"
          "(ePlace: B2B initial placement, WA wirelength, FFT electrostatic density, Nesterov),\n"
          "legalization (macros, multi-height cells, Abacus), detailed placement (global and\n"
          "vertical swap, reordering, independent set matching) and a legality check;\n"
          "a result that is not legal is never written.  The output DEF is the input with only\n"
          "the placements changed.\n"
          "\n"
          "options:\n");
  cmd_opts_help(f, OPTIONS, NOPTIONS, 24);
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
  o->starts = 1;
  o->starts_metric = "hpwl";
  o->density = 0.7;
  o->overflow = 0.10;
  o->stage = "all";
  o->gp_iters = 2000;
  o->init_iters = 8;
  o->init_penalty = 8e-5;
  o->filler_scale = 4.0;
  o->frame_every = 10;
  o->first_stage = "gp";
  o->utilization = 0.5;
  o->aspect = 1.0;
  o->rt_map = "rudy";
  o->rt_overflow = 0.3;
  o->rt_target_rc = 1.01;
  o->rt_rounds = 5;
  o->rt_power = 2.5;
  o->rt_max_ratio = 2.5;
  o->rt_max_inflation = 0.3;
  o->rt_cap_scale = 1.0;
  o->rl_episodes = 256;
  o->budget_clock = "wall";
  return 0;
}

/* The name ends in suffix, or in suffix followed by ".gz". */
static int has_ext(const char *s, const char *suffix) {
  size_t n = strlen(s), k = strlen(suffix);
  if (n >= 3 && !strcmp(s + n - 3, ".gz")) n -= 3;
  return n >= k && !strncmp(s + n - k, suffix, k);
}

/* "x0,y0,x1,y1" (microns) with x1 > x0 and y1 > y0. */
static int parse_box(const char *s, double b[4]) {
  char *end;
  for (int i = 0; i < 4; i++) {
    errno = 0;
    b[i] = strtod(s, &end);
    if (end == s || errno) return 0;
    s = end;
    if (i < 3 && *s++ != ',') return 0;
  }
  return *s == 0 && b[2] > b[0] && b[3] > b[1];
}

/* Returns 0 to go on, 1 to exit 0 (help/version), 2 on a usage error. */
static int parse_args(int argc, char **argv, opts_t *o) {
  set_default(o);
  for (int i = 1; i < argc; i++)
    if (!strcmp(argv[i], "--version")) {
      printf("place %s\n", PLACE_VERSION);
      return 1;
    }
  int rc = cmd_opts_parse("place", argc, argv, OPTIONS, NOPTIONS, o, &o->def_path, usage);
  if (rc) return rc;
  if (o->def_path && o->verilog) {
    fprintf(stderr, "place: error: give a design (DEF or .aux) or --verilog, not both\n");
    return 2;
  }
  if (!o->def_path && !o->verilog) {
    fprintf(stderr, "place: error: no design given (usage: place DESIGN.def --lef FILE ... "
                    "-o OUT.def, place DESIGN.aux -o OUT.pl, or --verilog FILE; see --help)\n");
    return 2;
  }
  int bookshelf = o->def_path && has_ext(o->def_path, ".aux");
  if (bookshelf && o->nlefs) {
    fprintf(stderr, "place: error: a Bookshelf design (.aux) has its own library: no --lef\n");
    return 2;
  }
  if (!bookshelf && !o->nlefs) {
    fprintf(stderr, "place: error: no LEF given (--lef FILE)\n");
    return 2;
  }
  if (!o->verilog && (o->top || o->die || o->core || o->site)) {
    fprintf(stderr, "place: error: --top, --die, --core and --site go with --verilog\n");
    return 2;
  }
  if (!o->die != !o->core) {
    fprintf(stderr, "place: error: --die and --core go together\n");
    return 2;
  }
  if (o->die && (!parse_box(o->die, o->die_um) || !parse_box(o->core, o->core_um))) {
    fprintf(stderr, "place: error: --die and --core need X0,Y0,X1,Y1 in microns with X1 > X0 "
                    "and Y1 > Y0, got '%s' and '%s'\n", o->die, o->core);
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
  if (o->macro_placer && rl_method_parse(o->macro_placer) < 0) {
    fprintf(stderr, "place: error: --macro-placer must be rl, sa or analytic, got '%s'\n",
            o->macro_placer);
    return 2;
  }
  if (strcmp(o->budget_clock, "wall") && strcmp(o->budget_clock, "cpu")) {
    fprintf(stderr, "place: error: --budget-clock must be wall or cpu, got '%s'\n",
            o->budget_clock);
    return 2;
  }
  if (!o->macro_placer && (o->rl_save || o->rl_load || o->rl_csv || o->unfix_macros)) {
    fprintf(stderr, "place: error: --rl-save, --rl-load, --rl-log-csv and --unfix-macros need "
                    "--macro-placer\n");
    return 2;
  }
  if (o->macro_placer && strcmp(o->first_stage, "gp")) {
    fprintf(stderr, "place: error: --macro-placer needs the global placement stage "
                    "(not --first-stage lg)\n");
    return 2;
  }
  if (o->rl_save_every > 0 && !o->rl_save) {
    fprintf(stderr, "place: error: --rl-save-every needs --rl-save FILE\n");
    return 2;
  }
  if (o->rl_resume && !o->rl_load) {
    fprintf(stderr, "place: error: --rl-resume needs --rl-load CHECKPOINT\n");
    return 2;
  }
  if (strcmp(o->starts_metric, "hpwl") && strcmp(o->starts_metric, "proxy")) {
    fprintf(stderr, "place: error: --starts-metric must be hpwl or proxy, got '%s'\n",
            o->starts_metric);
    return 2;
  }
  if (o->starts > 1 && (strcmp(o->first_stage, "gp") || !strcmp(o->stage, "read") ||
                        !strcmp(o->stage, "gp"))) {
    fprintf(stderr, "place: error: --starts needs global placement and legalization (not "
                    "--first-stage lg, --stage read or --stage gp)\n");
    return 2;
  }
  if (o->starts > 1 && o->frames_dir) {
    fprintf(stderr, "place: error: --frames shows one global placement: not with --starts\n");
    return 2;
  }
  if (strcmp(o->rt_map, "rudy") && strcmp(o->rt_map, "route")) {
    fprintf(stderr, "place: error: --routability-map must be rudy or route, got '%s'\n", o->rt_map);
    return 2;
  }
  if (o->rt_max_layer == 1) {
    fprintf(stderr, "place: error: --routability-max-layer must be 0 (all) or >= 2 (signals "
                    "route from layer 2 up)\n");
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
  UT_INFO("MAIN", "design %s", o->def_path ? o->def_path : o->verilog);
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
    const cmd_opt_t *d = &OPTIONS[i];
    const char *base = (const char *)o;
    char *v = vals[n];
    if (d->kind == CMD_OPT_FLAG) snprintf(v, 64, "%s", *(const int *)(base + d->off) ? "on" : "off");
    else if (d->kind == CMD_OPT_LONG) snprintf(v, 64, "%ld", *(const long *)(base + d->off));
    else if (d->kind == CMD_OPT_DOUBLE) snprintf(v, 64, "%g", *(const double *)(base + d->off));
    else if (d->kind == CMD_OPT_STR) {
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
  kv[n].value = o->def_path ? o->def_path : o->verilog;
  n++;
  viz_image_t img = {o->png_path, "placement", 1};
  int has_png = o->png_path && strlen(o->png_path) > 4 &&
                strcmp(o->png_path + strlen(o->png_path) - 4, ".png") == 0;
  viz_report_t rep = {NULL, db, sg->st, sg->n, kv, n, has_png ? &img : NULL, has_png ? 1 : 0};
  if (viz_report_html(o->report_html, &rep, diag)) return 1;
  UT_INFO("MAIN", "wrote %s", o->report_html);
  return 0;
}

/* Bookshelf (.aux) or Verilog + floorplan into a new database.  Returns 0 or 1 (messages printed). */
static int load_netlist(db_t **out, const opts_t *o, ut_diag_t *diag) {
  db_t *db = NULL;
  *out = NULL;
  if (db_create(&db)) {
    fprintf(stderr, "place: error: out of memory\n");
    return 1;
  }
  int rc = 0;
  if (!o->verilog) {
    rc = bs_read(db, o->def_path, diag);
  } else {
    for (int i = 0; i < o->nlefs && !rc; i++) rc = lef_read(db, o->lefs[i], diag);
    if (!rc) rc = vl_read(db, o->verilog, o->top, diag);
    if (!rc) {
      vl_floorplan_opts_t fo;
      vl_floorplan_opts_default(&fo);
      fo.has_boxes = o->die != NULL;
      memcpy(fo.die_um, o->die_um, sizeof fo.die_um);
      memcpy(fo.core_um, o->core_um, sizeof fo.core_um);
      fo.utilization = o->utilization;
      fo.aspect = o->aspect;
      fo.core_margin_um = o->core_margin;
      fo.site = o->site;
      rc = vl_floorplan(db, &fo, diag);
    }
  }
  if (rc) {
    if (rc == UT_ENOMEM) fprintf(stderr, "place: error: out of memory while reading\n");
    db_destroy(db);
    return 1;
  }
  *out = db;
  return 0;
}

/* What the placement stages need besides the database (run_stages). */
typedef struct flow_t {
  const opts_t *o;
  int run_gp, run_lg, run_dp;
  stages_t *sg;                    /* stage records for the HTML report */
  int fresh_sg;                    /* --starts: sg is scratch, cleared before every start */
  ut_diag_t *diag;
} flow_t;

/* The placement stages from db's current placement: global placement (with seed), legalization,
 * detailed placement and the legality check, whose violation count goes to *violations (-1 when
 * it does not run).  Returns 0, or 1 after an error message.  A cmd_flow_fn (--starts). */
static int run_stages(void *ctx, db_t *db, long seed, int64_t *violations) {
  const flow_t *f = ctx;
  const opts_t *o = f->o;
  const double um = db->dbu;
  int rc;
  *violations = -1;
  if (f->fresh_sg) memset(f->sg, 0, sizeof *f->sg);
  if (f->run_gp) {
    gp_opts_t go;
    gp_opts_default(&go);
    go.target_density = o->density;
    go.target_overflow = o->overflow;
    go.max_iters = (int)o->gp_iters;
    go.initial_iters = (int)o->init_iters;
    go.seed = (uint64_t)seed;
    go.bins_x = go.bins_y = (int)o->bins;
    go.init_density_penalty = o->init_penalty;
    go.filler_scale = o->filler_scale;
    go.routability = o->routability;
    go.rt_map = strcmp(o->rt_map, "route") ? GP_RT_MAP_RUDY : GP_RT_MAP_ROUTE;
    go.rt_check_overflow = o->rt_overflow;
    go.rt_target_rc = o->rt_target_rc;
    go.rt_rounds = (int)o->rt_rounds;
    go.rt_power = o->rt_power;
    go.rt_max_ratio = o->rt_max_ratio;
    go.rt_max_inflation = o->rt_max_inflation;
    go.rt_max_layer = (int)o->rt_max_layer;
    go.rt_cap_scale = o->rt_cap_scale;
    frame_ctx_t fc = {db, o->frames_dir, 0};
    if (o->frames_dir) {
      go.frame_cb = write_frame;
      go.frame_ctx = &fc;
      go.frame_every = (int)o->frame_every;
    }
    if (o->quiet) go.progress_every = 0;
    gp_stats_t gs;
    rc = gp_run(db, &go, &gs, f->diag);
    if (rc) {
      if (rc == UT_ENOMEM) fprintf(stderr, "place: error: out of memory in global placement\n");
      return 1;
    }
    if (fc.failed) UT_WARN("MAIN", "some --frames pictures could not be written");
    stage_begin(f->sg, "global placement");
    stage_metric(f->sg, "HPWL (um)", "%.1f", gs.hpwl_um);
    stage_metric(f->sg, "overflow", "%.4f", gs.overflow);
    stage_metric(f->sg, "iterations", "%d", gs.iters);
    if (o->routability)
      stage_metric(f->sg, "congestion overflow (tracks)", "%.1f", gs.rt_overflow_final);
    stage_metric(f->sg, "runtime (s)", "%.2f", gs.t_total);
    stage_metric(f->sg, "peak memory (MB)", "%.1f", ut_peak_rss_kb() / 1024.0);
    if (!f->run_lg)
      UT_WARN("MAIN", "--stage gp: the placement written is the global placement, NOT legal");
  }
  if (f->run_lg) {
    lg_opts_t lo;
    lg_opts_default(&lo);
    lo.macro_halo = (dbu_t)lround(o->macro_halo * um);
    lo.max_disp_x = (dbu_t)lround(o->max_disp_x * um);
    lo.max_disp_y = (dbu_t)lround(o->max_disp_y * um);
    /* detailed placement measures displacement from where legalization started */
    dbu_t *gx = ut_malloc((db->ncells ? db->ncells : 1) * sizeof *gx);
    dbu_t *gy = ut_malloc((db->ncells ? db->ncells : 1) * sizeof *gy);
    if (!gx || !gy) {
      ut_free(gx);
      ut_free(gy);
      fprintf(stderr, "place: error: out of memory\n");
      return 1;
    }
    if (db->ncells) {  /* memcpy from a NULL table is undefined even for 0 bytes */
      memcpy(gx, db->cell_x, db->ncells * sizeof *gx);
      memcpy(gy, db->cell_y, db->ncells * sizeof *gy);
    }
    lg_stats_t ls;
    rc = lg_run(db, &lo, &ls, f->diag);
    if (rc) {
      fprintf(stderr, "place: error: legalization failed%s\n",
              rc == UT_ENOMEM ? ": out of memory" : "");
      ut_free(gx);
      ut_free(gy);
      return 1;
    }
    UT_INFO("LG", "hpwl %.1f -> %.1f um; displacement mean %.3f um, max %.3f um; %.2f s",
            ls.hpwl_before / um, ls.hpwl_after / um, ls.disp_mean_um, ls.disp_max_um,
            ls.seconds_total);
    stage_begin(f->sg, "legalization");
    stage_metric(f->sg, "HPWL (um)", "%.1f", ls.hpwl_after / um);
    stage_metric(f->sg, "mean displacement (um)", "%.3f", ls.disp_mean_um);
    stage_metric(f->sg, "max displacement (um)", "%.3f", ls.disp_max_um);
    stage_metric(f->sg, "runtime (s)", "%.2f", ls.seconds_total);
    stage_metric(f->sg, "peak memory (MB)", "%.1f", ut_peak_rss_kb() / 1024.0);
    if (f->run_dp) {
      dp_opts_t dpo;
      dp_opts_default(&dpo);
      dpo.macro_halo = lo.macro_halo;
      dpo.max_disp_x = lo.max_disp_x;
      dpo.max_disp_y = lo.max_disp_y;
      dpo.orig_x = gx;
      dpo.orig_y = gy;
      if (o->quiet) dpo.verbose = 0;
      dp_stats_t ds;
      rc = dp_run(db, &dpo, &ds, f->diag);
      if (rc) {
        fprintf(stderr, "place: error: detailed placement failed%s\n",
                rc == UT_ENOMEM ? ": out of memory" : "");
        ut_free(gx);
        ut_free(gy);
        return 1;
      }
      UT_INFO("DP", "done: hpwl %.1f -> %.1f um, %d rounds, %.2f s", ds.hpwl_before / um,
              ds.hpwl_after / um, ds.rounds, ds.seconds_total);
      stage_begin(f->sg, "detailed placement");
      stage_metric(f->sg, "HPWL (um)", "%.1f", ds.hpwl_after / um);
      stage_metric(f->sg, "rounds", "%d", ds.rounds);
      stage_metric(f->sg, "runtime (s)", "%.2f", ds.seconds_total);
      stage_metric(f->sg, "peak memory (MB)", "%.1f", ut_peak_rss_kb() / 1024.0);
    }
    ut_free(gx);
    ut_free(gy);
    /* every placement we write is checked */
    lg_check_opts_t co;
    lg_check_opts_default(&co);
    co.macro_halo = lo.macro_halo;
    if (!f->run_gp) {  /* the checker measures displacement from the input DEF's placement */
      co.max_disp_x = lo.max_disp_x;
      co.max_disp_y = lo.max_disp_y;
    }
    lg_check_report_t cr;
    if (lg_check(db, &co, &cr)) {
      fprintf(stderr, "place: error: out of memory in the legality check\n");
      return 1;
    }
    stage_metric(f->sg, "legality violations", "%d", (double)cr.total);
    *violations = cr.total;
    if (cr.total) return 0;   /* the caller reports it (one start) or skips the start (--starts) */
    UT_INFO("MAIN", "legality check: legal (%zu components, %.3f s)", cr.ncells, cr.seconds);
  }
  return 0;
}

static int place_main(int argc, char **argv) {
  for (size_t i = 0; argc > 1 && COMMANDS[i].name; i++)
    if (!strcmp(argv[1], COMMANDS[i].name)) return COMMANDS[i].fn(argc - 1, argv + 1);
  opts_t o;
  int rc = parse_args(argc, argv, &o);
  if (rc == 1) return 0;
  if (rc == 2) return 2;
  if (o.quiet) ut_log_set_level(UT_LOG_WARN);
  if (o.verbose) ut_log_set_level(UT_LOG_DEBUG);
  if (o.out_path && o.def_path && same_file(o.out_path, o.def_path) && !o.force) {
    fprintf(stderr, "place: error: output '%s' is the input DEF; use --force to overwrite it\n",
            o.out_path);
    return 2;
  }
  dump_options(&o);
  if (ut_mpi_size() > 1)
    UT_INFO("MAIN", "MPI: %d ranks (%s)", ut_mpi_size(), ut_mpi_library());
  if (o.starts > 1)
    UT_INFO("MAIN", "multi-start: %ld starts, seeds %ld..%ld, best by %s", o.starts, o.seed,
            o.seed + o.starts - 1, o.starts_metric);
#ifdef _OPENMP
  omp_set_num_threads((int)o.threads);
#endif

  double t0 = ut_seconds();
  ut_diag_t diag;
  ut_diag_init(&diag);
  diag.quiet = o.quiet;
  stages_t sg = {0};
  db_t *db = NULL;
  if (o.verilog || has_ext(o.def_path, ".aux")) {
    if (load_netlist(&db, &o, &diag)) return 1;
  } else if (cmd_load_design(&db, o.def_path, o.lefs, o.nlefs, o.quiet)) {
    return 1;
  }
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
  int run_dp = run_lg && strcmp(o.stage, "lg") != 0;
  if (run_gp && o.macro_placer) {
    /* macros first: placed, legalized and FIXED, then the usual flow places the cells */
    rl_opts_t ro;
    rl_opts_default(&ro);
    ro.method = rl_method_parse(o.macro_placer);
    ro.episodes = (int)o.rl_episodes;
    ro.time_budget_s = o.rl_time;
    ro.budget_cpu = !strcmp(o.budget_clock, "cpu");
    ro.seed = (uint64_t)o.seed;
    ro.threads = (int)o.threads;
    ro.save_path = o.rl_save;
    ro.load_path = o.rl_load;
    ro.log_csv = o.rl_csv;
    ro.save_every = (int)o.rl_save_every;
    ro.resume = o.rl_resume;
    ro.unfix_macros = o.unfix_macros;
    ro.place_cells = 0;
    ro.target_density = o.density;
    rl_stats_t rs;
    double tm = ut_seconds();
    if (rl_macro_place(db, &ro, &rs, &diag)) {
      if (diag.nerrors == 0) fprintf(stderr, "place: error: macro placement failed\n");
      db_destroy(db);
      return 1;
    }
    if (rs.nmacros)
      UT_INFO("MAIN", "macro placement (%s): proxy cost %.4f = %.2f * wirelength %.4f + %.2f * "
              "density %.4f + %.2f * congestion %.4f (%d x %d grid)", o.macro_placer,
              rs.proxy.cost, rs.proxy.w_wirelength, rs.proxy.wirelength, rs.proxy.w_density,
              rs.proxy.density, rs.proxy.w_congestion, rs.proxy.congestion, rs.proxy.cols,
              rs.proxy.rows);
    stage_begin(&sg, "macro placement");
    stage_metric(&sg, "macros", "%d", rs.nmacros);
    if (rs.nmacros) {
      stage_metric(&sg, "proxy cost", "%.4f", rs.proxy.cost);
      stage_metric(&sg, "proxy wirelength", "%.4f", rs.proxy.wirelength);
      stage_metric(&sg, "proxy density", "%.4f", rs.proxy.density);
      stage_metric(&sg, "proxy congestion", "%.4f", rs.proxy.congestion);
    }
    if (ro.method == RL_METHOD_RL) stage_metric(&sg, "episodes", "%d", rs.episodes);
    stage_metric(&sg, "runtime (s)", "%.2f", ut_seconds() - tm);
  }
  flow_t fl = {&o, run_gp, run_lg, run_dp, &sg, 0, &diag};
  if (o.starts > 1) {
    /* multi-start: K runs of the stages, the best legal one kept (over the MPI ranks) */
    cmd_starts_t ms;
    memset(&ms, 0, sizeof ms);
    ms.nstarts = (int)o.starts;
    ms.seed = o.seed;
    ms.metric_proxy = !strcmp(o.starts_metric, "proxy");
    stages_t scratch;
    flow_t sf = fl;
    sf.sg = &scratch;
    sf.fresh_sg = 1;
    double tms = ut_seconds();
    if (cmd_starts_run(db, &ms, run_stages, &sf)) {
      db_destroy(db);
      return 1;
    }
    stage_begin(&sg, "multi-start");
    stage_metric(&sg, "starts", "%d", ms.nstarts);
    stage_metric(&sg, "legal starts", "%d", ms.nlegal);
    stage_metric(&sg, "best start", "%d", ms.best + 1);
    stage_metric(&sg, "best seed", "%d", (double)(o.seed + ms.best));
    stage_metric(&sg, "HPWL (um)", "%.1f", ms.best_hpwl_um);
    if (ms.metric_proxy) stage_metric(&sg, "proxy cost", "%.4f", ms.best_proxy);
    stage_metric(&sg, "runtime (s)", "%.2f", ut_seconds() - tms);
  } else if (ut_mpi_rank() == 0) {   /* one start: rank 0 alone (the others wait at the end) */
    int64_t viol = -1;
    if (run_stages(&fl, db, o.seed, &viol)) {
      db_destroy(db);
      return 1;
    }
    if (viol > 0) {
      fprintf(stderr, "place: error: the result is not legal (%lld violations; run `place check` "
              "on a --stage gp output for details); nothing written\n", (long long)viol);
      db_destroy(db);
      return 1;
    }
  }
  if (ut_mpi_rank() != 0) {   /* rank 0 reports and writes the result */
    db_destroy(db);
    return 0;
  }
  if (o.report) print_report(db);
  rc = 0;
  if (o.out_path) {
    /* .pl: Bookshelf placement; a DEF read as text is spliced (def_write), a design read from
     * Bookshelf or Verilog is written whole (def_emit) */
    int wrc = has_ext(o.out_path, ".pl") ? bs_write_pl(db, o.out_path, &diag)
              : db->src ? def_write(db, o.out_path, &diag) : def_emit(db, o.out_path, &diag);
    if (wrc) rc = 1;
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

/* MPI (when launched by mpirun) around the whole command: every rank exits with the same status. */
int main(int argc, char **argv) {
  if (ut_mpi_init(&argc, &argv)) return 1;
  return ut_mpi_finish(place_main(argc, argv));
}
