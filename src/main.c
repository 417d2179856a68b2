/*
 * main.c: the `place` command line.  Options -> stages -> exit code; nothing else lives here.
 *
 * One table (OPTIONS below) drives parsing, defaults, --help, the option dump at the top of the
 * log and the option list of the HTML report.  All options are validated before any file is read.
 * Exit codes: 0 success, 1 bad input or failed stage, 2 bad usage.  The stages themselves run in
 * src/cmd/flow.c (read, macro placement, GP -> LG -> DP -> legality check, multi-start through
 * starts.c), their records and reports in src/cmd/report.c; subcommands (`place check`, ...) in
 * src/cmd/NAME.c.
 *
 * Under mpirun (built with -DPLACE_MPI=ON; docs/SCALING.md) every rank runs this command: RL
 * training and --starts spread over the ranks, every rank ends with the same placement, rank 0
 * alone writes files and logs INFO lines, and all ranks exit with the same status.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "cmd/cmd.h"
#include "cmd/flow.h"
#include "cmd/opts.h"
#include "def.h"
#include "def_emit.h"
#include "netlist/bookshelf.h"
#include "netlist/db.h"
#include "rl/rl.h"
#include "util/ut.h"
#include "util/ut_mpi.h"
#include "viz.h"

#ifndef PLACE_VERSION
#define PLACE_VERSION "0.0.0"
#endif

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


#define OFF(f) offsetof(cmd_place_opts_t, f)
static const cmd_opt_t OPTIONS[] = {
  {"lef", 'l', CMD_OPT_LIST, OFF(lefs), "FILE", NULL, 0, CMD_MAX_LEFS,
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

static int set_default(cmd_place_opts_t *o) {
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
static int parse_args(int argc, char **argv, cmd_place_opts_t *o) {
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

static void dump_options(const cmd_place_opts_t *o) {
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

static int place_main(int argc, char **argv) {
  for (size_t i = 0; argc > 1 && COMMANDS[i].name; i++)
    if (!strcmp(argv[1], COMMANDS[i].name)) return COMMANDS[i].fn(argc - 1, argv + 1);
  cmd_place_opts_t o;
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
  cmd_stages_t sg = {0};
  db_t *db = NULL;
  if (o.verilog || has_ext(o.def_path, ".aux")) {
    if (cmd_load_netlist(&db, &o, &diag)) return 1;
  } else if (cmd_load_design(&db, o.def_path, o.lefs, o.nlefs, o.quiet)) {
    return 1;
  }
  double t1 = ut_seconds();
  double um = db->dbu;
  UT_INFO("MAIN", "read %zu components, %zu nets, %zu pins, %zu rows (%.2f s)", db->ncells,
          db->nnets, db->npins, db->nrows, t1 - t0);
  UT_INFO("MAIN", "hpwl %.3f um", (double)db_hpwl(db) / um);
  cmd_stage_begin(&sg, "read");
  cmd_stage_metric(&sg, "HPWL (um)", "%.1f", (double)db_hpwl(db) / um);
  cmd_stage_metric(&sg, "runtime (s)", "%.2f", t1 - t0);
  cmd_stage_metric(&sg, "peak memory (MB)", "%.1f", ut_peak_rss_kb() / 1024.0);

  int run_gp = strcmp(o.stage, "read") != 0 && strcmp(o.first_stage, "gp") == 0;
  int run_lg = strcmp(o.stage, "read") != 0 && strcmp(o.stage, "gp") != 0;
  int run_dp = run_lg && strcmp(o.stage, "lg") != 0;
  /* --macro-placer: macros first (placed, legalized and FIXED), then the usual flow places the
   * cells */
  if (run_gp && o.macro_placer && cmd_flow_macros(db, &o, &sg, &diag)) {
    db_destroy(db);
    return 1;
  }
  cmd_flow_t fl = {&o, run_gp, run_lg, run_dp, &sg, 0, &diag};
  if (cmd_flow_place(db, &fl)) {
    db_destroy(db);
    return 1;
  }
  if (ut_mpi_rank() != 0) {   /* rank 0 reports and writes the result */
    db_destroy(db);
    return 0;
  }
  if (o.report) cmd_report_print(db);
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
  if (!rc && o.report_html && cmd_report_html(db, &o, OPTIONS, NOPTIONS, &sg, &diag)) rc = 1;
  db_destroy(db);
  return rc;
}

/* MPI (when launched by mpirun) around the whole command: every rank exits with the same status. */
int main(int argc, char **argv) {
  if (ut_mpi_init(&argc, &argv)) return 1;
  return ut_mpi_finish(place_main(argc, argv));
}
