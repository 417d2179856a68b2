/*
 * macro_place.c: `place macro-place DESIGN.def --lef ... [--macro-placer rl|sa|analytic] -o OUT.def`:
 * places the movable macros with the RL agent (Mirhoseini et al., Nature 2021; PPO, Schulman et al.
 * 2017) or a baseline on the same proxy cost (simulated annealing, analytic), fixes them,
 * then places and legalizes the standard cells (src/rl, rl_macro_place).  stdout holds the
 * deterministic summary (proxy terms with their weights, HPWL, legality); timings and the training
 * log go to stderr.  Options come from one table (parsing, --help); all are validated before the
 * design is read.  Exit status: 0 done, 1 bad input / no legal placement / failed write, 2 usage.
 * Under mpirun every rank trains (docs/SCALING.md); rank 0 alone prints the summary and writes.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "cmd/cmd.h"
#include "def.h"
#include "rl/rl.h"
#include "util/ut_mpi.h"

#define MP_MAX_LEFS 64

typedef struct mpopts_t {
  const char *def_path;
  const char *lefs[MP_MAX_LEFS];
  int nlefs;
  const char *out, *placer, *canvas, *save, *load, *csv, *status, *clock;
  long episodes, seed, threads, batch, epochs, sa_moves, clusters, fd_iters, smooth, save_every;
  double time_s, wwl, wden, wcong, density, lr, entropy, prior;
  int unfix, no_cells, no_hints, sa_analytic, force, quiet, resume;
} mpopts_t;

enum { MP_FLAG, MP_LONG, MP_DOUBLE, MP_STR, MP_LEF };

typedef struct mpopt_def_t {
  const char *name;
  char short_name;
  int kind;
  size_t off;
  const char *arg;
  const char *def;
  double min, max;
  const char *help;
} mpopt_def_t;

#define MPOFF(f) offsetof(mpopts_t, f)
static const mpopt_def_t MPOPTS[] = {
  {"lef", 'l', MP_LEF, MPOFF(lefs), "FILE", NULL, 0, 0, "LEF file; repeat for several, in order"},
  {"output", 'o', MP_STR, MPOFF(out), "FILE", NULL, 0, 0, "write the placed DEF (.gz: compressed)"},
  {"macro-placer", 0, MP_STR, MPOFF(placer), "rl|sa|analytic", "rl",
   0, 0, "macro placer: RL agent (PPO), simulated annealing, or mixed-size global placement"},
  {"episodes", 0, MP_LONG, MPOFF(episodes), "N", "256", 0, 1e8, "RL training episodes"},
  {"time", 0, MP_DOUBLE, MPOFF(time_s), "SECONDS", "none", 0, 1e7,
   "wall-clock budget of the macro placer (RL stops between updates, SA sizes its schedule)"},
  {"budget-clock", 0, MP_STR, MPOFF(clock), "wall|cpu", "wall", 0, 0,
   "--time counts wall seconds or CPU seconds of all threads (equal work on a busy machine)"},
  {"seed", 0, MP_LONG, MPOFF(seed), "N", "1", 0, 2147483647, "the only source of randomness"},
  {"threads", 0, MP_LONG, MPOFF(threads), "N", "all", 0, 256, "rollout threads / SA chains"},
  {"w-wirelength", 0, MP_DOUBLE, MPOFF(wwl), "W", "1", 0, 1e6, "proxy weight of wirelength"},
  {"w-density", 0, MP_DOUBLE, MPOFF(wden), "W", "0.5", 0, 1e6, "proxy weight of density"},
  {"w-congestion", 0, MP_DOUBLE, MPOFF(wcong), "W", "0.5", 0, 1e6, "proxy weight of congestion"},
  {"canvas", 0, MP_STR, MPOFF(canvas), "N|COLSxROWS", "auto", 0, 0,
   "canvas grid (also the proxy cost's grid), 10..128 a side recommended"},
  {"smooth", 0, MP_LONG, MPOFF(smooth), "N", "2", 0, 16, "congestion smoothing range (cells)"},
  {"unfix-macros", 0, MP_FLAG, MPOFF(unfix), NULL, NULL, 0, 0, "FIXED macros become movable"},
  {"save", 0, MP_STR, MPOFF(save), "FILE", NULL, 0, 0, "write the trained policy (XML checkpoint)"},
  {"load", 0, MP_STR, MPOFF(load), "FILE", NULL, 0, 0, "start from a checkpoint (fine-tuning)"},
  {"save-every", 0, MP_LONG, MPOFF(save_every), "N", "0: at the end", 0, 1e8,
   "RL: also write the --save checkpoint every N updates (atomically), to --resume from"},
  {"resume", 0, MP_FLAG, MPOFF(resume), NULL, NULL, 0, 0,
   "RL: --load is a checkpoint of an interrupted run: continue it (episode count and seeds go on, "
   "--episodes is the total)"},
  {"log-csv", 0, MP_STR, MPOFF(csv), "FILE", NULL, 0, 0, "per-episode training log (CSV)"},
  {"no-cells", 0, MP_FLAG, MPOFF(no_cells), NULL, NULL, 0, 0,
   "place the macros only (standard cells keep their input positions)"},
  {"density", 0, MP_DOUBLE, MPOFF(density), "D", "0.7", 0.01, 1,
   "target density of the global placement steps (raised above the utilization)"},
  {"batch", 0, MP_LONG, MPOFF(batch), "N", "8", 1, 1024, "RL episodes per PPO update"},
  {"ppo-epochs", 0, MP_LONG, MPOFF(epochs), "N", "2", 1, 100, "RL passes over each batch"},
  {"lr", 0, MP_DOUBLE, MPOFF(lr), "X", "0.01", 1e-7, 0.5, "Adam learning rate"},
  {"entropy", 0, MP_DOUBLE, MPOFF(entropy), "X", "0.01", 0, 10, "PPO entropy bonus"},
  {"prior", 0, MP_DOUBLE, MPOFF(prior), "S", "3 sqrt(macros) in 10..30", 0, 1000,
   "RL: strength of the placement prior the policy starts from (0: none; docs/RL.md)"},
  {"no-hints", 0, MP_FLAG, MPOFF(no_hints), NULL, NULL, 0, 0,
   "RL: do not run the analytic placer first to show the agent its macro positions"},
  {"sa-moves", 0, MP_LONG, MPOFF(sa_moves), "N", "from --time", 0, 1e10,
   "SA moves per chain (default: what --time allows, else 20000)"},
  {"sa-analytic-start", 0, MP_FLAG, MPOFF(sa_analytic), NULL, NULL, 0, 0,
   "SA: start from the analytic placement (quick gp_run) instead of the greedy one"},
  {"clusters", 0, MP_LONG, MPOFF(clusters), "N", "auto", 0, 100000, "soft clusters of cells"},
  {"fd-iters", 0, MP_LONG, MPOFF(fd_iters), "N", "40", 0, 10000,
   "force-directed iterations for the soft clusters"},
  {"macro-status", 0, MP_STR, MPOFF(status), "fixed|placed", "fixed", 0, 0,
   "status written for the placed macros"},
  {"force", 0, MP_FLAG, MPOFF(force), NULL, NULL, 0, 0, "allow -o to overwrite the input DEF"},
  {"quiet", 'q', MP_FLAG, MPOFF(quiet), NULL, NULL, 0, 0, "only errors and warnings on stderr"},
};
#define NMPOPTS (sizeof MPOPTS / sizeof MPOPTS[0])

static void usage(FILE *f) {
  fprintf(f, "usage: place macro-place DESIGN.def --lef TECH.lef [--lef ...] [-o OUT.def] [options]\n"
             "\n"
             "Places the movable macros (a graph-embedding RL agent trained with PPO, or simulated\n"
             "annealing, or mixed-size analytic placement, all on the Circuit-Training-style proxy\n"
             "cost), fixes them, then places and legalizes the standard cells. See docs/RL.md and\n"
             "docs/PROXY_COST.md.\n"
             "\n"
             "options:\n");
  for (size_t i = 0; i < NMPOPTS; i++) {
    const mpopt_def_t *o = &MPOPTS[i];
    char left[64];
    int n = o->short_name ? snprintf(left, sizeof left, "-%c, --%s", o->short_name, o->name)
                          : snprintf(left, sizeof left, "    --%s", o->name);
    if (o->arg && n > 0 && (size_t)n < sizeof left)
      snprintf(left + n, sizeof left - (size_t)n, " %s", o->arg);
    fprintf(f, "  %-32s %s", left, o->help);
    if (o->def) fprintf(f, " (default %s)", o->def);
    fputc('\n', f);
  }
  fprintf(f, "  %-32s %s\n", "-h, --help", "show this help");
  fprintf(f, "\nExit status: 0 success, 1 invalid input, no legal placement or failed write, "
             "2 usage error.\n");
}

static int bad_usage(const char *fmt, const char *a) {
  fprintf(stderr, "place macro-place: error: ");
  fprintf(stderr, fmt, a);
  fprintf(stderr, " (see place macro-place --help)\n");
  return 2;
}

/* Returns 0 to go on, 1 after --help, 2 on a usage error. */
static int parse(int argc, char **argv, mpopts_t *o) {
  memset(o, 0, sizeof *o);
  o->placer = "rl";
  o->status = "fixed";
  o->clock = "wall";
  o->episodes = 256;
  o->seed = 1;
  o->wwl = 1.0;
  o->wden = 0.5;
  o->wcong = 0.5;
  o->smooth = 2;
  o->density = 0.7;
  o->batch = 8;
  o->epochs = 2;
  o->lr = 1e-2;
  o->entropy = 0.01;
  o->fd_iters = 40;
  o->prior = -1;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      usage(stdout);
      return 1;
    }
    const mpopt_def_t *d = NULL;
    const char *val = NULL;
    if (a[0] == '-' && a[1] == '-') {
      const char *eq = strchr(a + 2, '=');
      size_t n = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
      for (size_t k = 0; k < NMPOPTS && !d; k++)
        if (strlen(MPOPTS[k].name) == n && !strncmp(MPOPTS[k].name, a + 2, n)) d = &MPOPTS[k];
      if (eq) val = eq + 1;
    } else if (a[0] == '-' && a[1] && !a[2]) {
      for (size_t k = 0; k < NMPOPTS && !d; k++)
        if (MPOPTS[k].short_name == a[1]) d = &MPOPTS[k];
    } else if (a[0] != '-' || !a[1]) {
      if (o->def_path) return bad_usage("more than one design given ('%s')", a);
      o->def_path = a;
      continue;
    }
    if (!d) return bad_usage("unknown option '%s'", a);
    char *field = (char *)o + d->off;
    if (d->kind == MP_FLAG) {
      if (val) return bad_usage("option '%s' takes no value", a);
      *(int *)(void *)field = 1;
      continue;
    }
    if (!val) {
      if (i + 1 >= argc) return bad_usage("option '%s' needs a value", a);
      val = argv[++i];
    }
    if (d->kind == MP_STR) {
      *(const char **)(void *)field = val;
    } else if (d->kind == MP_LEF) {
      if (o->nlefs >= MP_MAX_LEFS) return bad_usage("too many LEF files (at most 64): '%s'", val);
      o->lefs[o->nlefs++] = val;
    } else {
      char *end;
      errno = 0;
      double v = d->kind == MP_LONG ? (double)strtol(val, &end, 10) : strtod(val, &end);
      if (!*val || *end || errno || !(v >= d->min && v <= d->max)) {
        fprintf(stderr, "place macro-place: error: --%s wants %s in [%g, %g], got '%s'\n", d->name,
                d->kind == MP_LONG ? "an integer" : "a number", d->min, d->max, val);
        return 2;
      }
      if (d->kind == MP_LONG) *(long *)(void *)field = (long)v;
      else *(double *)(void *)field = v;
    }
  }
  if (!o->def_path) return bad_usage("%s", "no design (DEF) given");
  if (!o->nlefs) return bad_usage("%s", "no LEF given (--lef)");
  if (rl_method_parse(o->placer) < 0)
    return bad_usage("--macro-placer must be rl, sa or analytic, got '%s'", o->placer);
  if (strcmp(o->status, "fixed") && strcmp(o->status, "placed"))
    return bad_usage("--macro-status must be fixed or placed, got '%s'", o->status);
  if (strcmp(o->clock, "wall") && strcmp(o->clock, "cpu"))
    return bad_usage("--budget-clock must be wall or cpu, got '%s'", o->clock);
  if (o->out && !*o->out) return bad_usage("%s", "empty output name");
  if (o->resume && !o->load) return bad_usage("%s", "--resume needs --load CHECKPOINT");
  if (o->save_every && !o->save) return bad_usage("%s", "--save-every needs --save FILE");
  return 0;
}

static int parse_canvas(const char *s, int *cols, int *rows) {
  char *end;
  long a = strtol(s, &end, 10), b = a;
  if (end == s) return -1;
  if (*end == 'x' || *end == 'X') {
    const char *t = end + 1;
    b = strtol(t, &end, 10);
    if (end == t) return -1;
  }
  if (*end || a < 2 || a > 256 || b < 2 || b > 256) return -1;
  *cols = (int)a;
  *rows = (int)b;
  return 0;
}

static int same_file(const char *a, const char *b) {
  struct stat sa, sb;
  if (stat(a, &sa) || stat(b, &sb)) return 0;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

static void print_proxy(const char *what, const rl_proxy_t *p) {
  printf("%-18s %.4f = %.2f * wirelength %.4f + %.2f * density %.4f + %.2f * congestion %.4f "
         "(%d x %d grid)\n", what, p->cost, p->w_wirelength, p->wirelength, p->w_density,
         p->density, p->w_congestion, p->congestion, p->cols, p->rows);
}

int cmd_macro_place(int argc, char **argv) {
  mpopts_t o;
  int prc = parse(argc, argv, &o);
  if (prc == 1) return 0;
  if (prc == 2) return 2;
  rl_opts_t ro;
  rl_opts_default(&ro);
  ro.method = rl_method_parse(o.placer);
  ro.episodes = (int)o.episodes;
  ro.time_budget_s = o.time_s;
  ro.budget_cpu = !strcmp(o.clock, "cpu");
  ro.seed = (uint64_t)o.seed;
  ro.threads = (int)o.threads;
  ro.proxy.w_wirelength = o.wwl;
  ro.proxy.w_density = o.wden;
  ro.proxy.w_congestion = o.wcong;
  ro.proxy.smooth = (int)o.smooth;
  if (o.canvas && parse_canvas(o.canvas, &ro.proxy.cols, &ro.proxy.rows))
    return bad_usage("--canvas wants N or COLSxROWS with sides in 2..256, got '%s'", o.canvas);
  ro.unfix_macros = o.unfix;
  ro.save_path = o.save;
  ro.load_path = o.load;
  ro.log_csv = o.csv;
  ro.save_every = (int)o.save_every;
  ro.resume = o.resume;
  ro.place_cells = !o.no_cells;
  ro.target_density = o.density;
  ro.batch = (int)o.batch;
  ro.ppo_epochs = (int)o.epochs;
  ro.lr = o.lr;
  ro.entropy_coef = o.entropy;
  ro.prior = o.prior;
  ro.hints = !o.no_hints;
  ro.sa_analytic_start = o.sa_analytic;
  ro.sa_moves = o.sa_moves;
  ro.clusters = (int)o.clusters;
  ro.fd_iters = (int)o.fd_iters;
  ro.macro_status = strcmp(o.status, "placed") ? DB_FIXED : DB_PLACED;
  if (o.out && same_file(o.out, o.def_path) && !o.force) {
    fprintf(stderr, "place macro-place: error: output '%s' is the input DEF; use --force to "
                    "overwrite it\n", o.out);
    return 2;
  }
  if (o.quiet) ut_log_set_level(UT_LOG_WARN);
#ifdef _OPENMP
  if (o.threads > 0) omp_set_num_threads((int)o.threads);
#endif
  UT_INFO("MP", "options: placer=%s episodes=%ld time=%g seed=%ld threads=%ld weights=%g/%g/%g "
          "canvas=%s unfix=%d cells=%d batch=%ld epochs=%ld lr=%g entropy=%g", o.placer,
          o.episodes, o.time_s, o.seed, o.threads, o.wwl, o.wden, o.wcong,
          o.canvas ? o.canvas : "auto", o.unfix, !o.no_cells, o.batch, o.epochs, o.lr, o.entropy);
  db_t *db = NULL;
  if (cmd_load_design(&db, o.def_path, o.lefs, o.nlefs, o.quiet)) return 1;
  ut_diag_t diag;
  ut_diag_init(&diag);
  diag.quiet = o.quiet;
  rl_stats_t st;
  int rc = rl_macro_place(db, &ro, &st, &diag);
  if (rc) {
    if (diag.nerrors == 0)
      fprintf(stderr, "place macro-place: error: macro placement failed (%d)\n", rc);
    db_destroy(db);
    return 1;
  }
  if (ut_mpi_rank() != 0) {   /* the same result on every rank: rank 0 reports and writes it */
    db_destroy(db);
    return st.legal_errors > 0 ? 1 : 0;
  }
  printf("%-18s %s\n", "macro placer", rl_method_name(ro.method));
  printf("%-18s %d (%d unfixed)\n", "macros", st.nmacros, st.nunfixed);
  printf("%-18s %d soft clusters, %d port groups, %d nodes, %d nets\n", "coarse netlist",
         st.nsoft, st.nports, st.nnodes, st.nnets);
  if (ro.method == RL_METHOD_RL)
    printf("%-18s %d episodes, %d updates, %d dead ends\n", "training", st.episodes, st.updates,
           st.dead_ends);
  if (ro.method == RL_METHOD_SA)
    printf("%-18s %ld moves, %.1f%% accepted\n", "annealing", st.sa_moves, 100.0 * st.sa_accept);
  if (st.nmacros) print_proxy("proxy cost", &st.proxy);
  if (ro.place_cells) print_proxy("final proxy", &st.proxy_flat);
  printf("%-18s %.3f um\n", "hpwl", st.hpwl_um);
  if (st.legal_errors >= 0) printf("%-18s %lld\n", "legality errors", (long long)st.legal_errors);
  UT_INFO("MP", "time: graph %.2f s, macros %.2f s, macro legalization %.2f s, cells %.2f s, "
          "total %.2f s", st.t_graph, st.t_macro, st.t_legal, st.t_cells, st.t_total);
  if (o.out) {
    if (def_write(db, o.out, &diag)) rc = 1;
    else UT_INFO("MP", "wrote %s", o.out);
  }
  db_destroy(db);
  return rc ? 1 : (st.legal_errors > 0 ? 1 : 0);
}
