/*
 * macro_place.c: `place macro-place DESIGN.def --lef ... [--macro-placer rl|sa|analytic] -o OUT.def`:
 * places the movable macros with the RL agent (Mirhoseini et al., Nature 2021; PPO, Schulman et al.
 * 2017) or a baseline on the same proxy cost (simulated annealing, analytic), fixes them,
 * then places and legalizes the standard cells (src/rl, rl_macro_place).  stdout holds the
 * deterministic summary (proxy terms with their weights, HPWL, legality); timings and the training
 * log go to stderr.  Options come from one table read by the shared parser (cmd/opts.h: parsing,
 * range checks, --help); all are validated before the design is read.  Exit status: 0 done, 1 bad input / no legal placement / failed write, 2 usage.
 * Under mpirun every rank trains (docs/SCALING.md); rank 0 alone prints the summary and writes.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "cmd/cmd.h"
#include "cmd/opts.h"
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

#define MPOFF(f) offsetof(mpopts_t, f)
static const cmd_opt_t MPOPTS[] = {
  {"lef", 'l', CMD_OPT_LIST, MPOFF(lefs), "FILE", NULL, 0, MP_MAX_LEFS,
   "LEF file; repeat for several, in order", MPOFF(nlefs)},
  {"output", 'o', CMD_OPT_STR, MPOFF(out), "FILE", NULL, 0, 0,
   "write the placed DEF (.gz: compressed)", 0},
  {"macro-placer", 0, CMD_OPT_STR, MPOFF(placer), "rl|sa|analytic", "rl",
   0, 0, "macro placer: RL agent (PPO), simulated annealing, or mixed-size global placement", 0},
  {"episodes", 0, CMD_OPT_LONG, MPOFF(episodes), "N", "256", 0, 1e8, "RL training episodes", 0},
  {"time", 0, CMD_OPT_DOUBLE, MPOFF(time_s), "SECONDS", "none", 0, 1e7,
   "wall-clock budget of the macro placer (RL stops between updates, SA sizes its schedule)", 0},
  {"budget-clock", 0, CMD_OPT_STR, MPOFF(clock), "wall|cpu", "wall", 0, 0,
   "--time counts wall seconds or CPU seconds of all threads (equal work on a busy machine)", 0},
  {"seed", 0, CMD_OPT_LONG, MPOFF(seed), "N", "1", 0, 2147483647,
   "the only source of randomness", 0},
  {"threads", 0, CMD_OPT_LONG, MPOFF(threads), "N", "all", 0, 256,
   "rollout threads / SA chains", 0},
  {"w-wirelength", 0, CMD_OPT_DOUBLE, MPOFF(wwl), "W", "1", 0, 1e6,
   "proxy weight of wirelength", 0},
  {"w-density", 0, CMD_OPT_DOUBLE, MPOFF(wden), "W", "0.5", 0, 1e6, "proxy weight of density", 0},
  {"w-congestion", 0, CMD_OPT_DOUBLE, MPOFF(wcong), "W", "0.5", 0, 1e6,
   "proxy weight of congestion", 0},
  {"canvas", 0, CMD_OPT_STR, MPOFF(canvas), "N|COLSxROWS", "auto", 0, 0,
   "canvas grid (also the proxy cost's grid), 10..128 a side recommended", 0},
  {"smooth", 0, CMD_OPT_LONG, MPOFF(smooth), "N", "2", 0, 16,
   "congestion smoothing range (cells)", 0},
  {"unfix-macros", 0, CMD_OPT_FLAG, MPOFF(unfix), NULL, NULL, 0, 0,
   "FIXED macros become movable", 0},
  {"save", 0, CMD_OPT_STR, MPOFF(save), "FILE", NULL, 0, 0,
   "write the trained policy (XML checkpoint)", 0},
  {"load", 0, CMD_OPT_STR, MPOFF(load), "FILE", NULL, 0, 0,
   "start from a checkpoint (fine-tuning)", 0},
  {"save-every", 0, CMD_OPT_LONG, MPOFF(save_every), "N", "0: at the end", 0, 1e8,
   "RL: also write the --save checkpoint every N updates (atomically), to --resume from", 0},
  {"resume", 0, CMD_OPT_FLAG, MPOFF(resume), NULL, NULL, 0, 0,
   "RL: --load is a checkpoint of an interrupted run: continue it (episode count and seeds go on, "
   "--episodes is the total)", 0},
  {"log-csv", 0, CMD_OPT_STR, MPOFF(csv), "FILE", NULL, 0, 0, "per-episode training log (CSV)", 0},
  {"no-cells", 0, CMD_OPT_FLAG, MPOFF(no_cells), NULL, NULL, 0, 0,
   "place the macros only (standard cells keep their input positions)", 0},
  {"density", 0, CMD_OPT_DOUBLE, MPOFF(density), "D", "0.7", 0.01, 1,
   "target density of the global placement steps (raised above the utilization)", 0},
  {"batch", 0, CMD_OPT_LONG, MPOFF(batch), "N", "8", 1, 1024, "RL episodes per PPO update", 0},
  {"ppo-epochs", 0, CMD_OPT_LONG, MPOFF(epochs), "N", "2", 1, 100, "RL passes over each batch", 0},
  {"lr", 0, CMD_OPT_DOUBLE, MPOFF(lr), "X", "0.01", 1e-7, 0.5, "Adam learning rate", 0},
  {"entropy", 0, CMD_OPT_DOUBLE, MPOFF(entropy), "X", "0.01", 0, 10, "PPO entropy bonus", 0},
  {"prior", 0, CMD_OPT_DOUBLE, MPOFF(prior), "S", "3 sqrt(macros) in 10..30", 0, 1000,
   "RL: strength of the placement prior the policy starts from (0: none; docs/RL.md)", 0},
  {"no-hints", 0, CMD_OPT_FLAG, MPOFF(no_hints), NULL, NULL, 0, 0,
   "RL: do not run the analytic placer first to show the agent its macro positions", 0},
  {"sa-moves", 0, CMD_OPT_LONG, MPOFF(sa_moves), "N", "from --time", 0, 1e10,
   "SA moves per chain (default: what --time allows, else 20000)", 0},
  {"sa-analytic-start", 0, CMD_OPT_FLAG, MPOFF(sa_analytic), NULL, NULL, 0, 0,
   "SA: start from the analytic placement (quick gp_run) instead of the greedy one", 0},
  {"clusters", 0, CMD_OPT_LONG, MPOFF(clusters), "N", "auto", 0, 100000,
   "soft clusters of cells", 0},
  {"fd-iters", 0, CMD_OPT_LONG, MPOFF(fd_iters), "N", "40", 0, 10000,
   "force-directed iterations for the soft clusters", 0},
  {"macro-status", 0, CMD_OPT_STR, MPOFF(status), "fixed|placed", "fixed", 0, 0,
   "status written for the placed macros", 0},
  {"force", 0, CMD_OPT_FLAG, MPOFF(force), NULL, NULL, 0, 0,
   "allow -o to overwrite the input DEF", 0},
  {"quiet", 'q', CMD_OPT_FLAG, MPOFF(quiet), NULL, NULL, 0, 0,
   "only errors and warnings on stderr", 0},
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
  cmd_opts_help(f, MPOPTS, NMPOPTS, 32);
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
  int rc = cmd_opts_parse("place macro-place", argc, argv, MPOPTS, NMPOPTS, o, &o->def_path,
                          usage);
  if (rc) return rc;
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
