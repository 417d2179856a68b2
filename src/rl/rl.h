/*
 * rl.h: macro placement with a graph-embedding reinforcement-learning agent (Circuit Training
 * style: Mirhoseini et al., "A graph placement methodology for fast chip design", Nature 2021),
 * with two baselines on the same proxy cost: simulated annealing over macro positions and the
 * analytic mixed-size placer (gp_run) followed by macro legalization.
 *
 * rl_macro_place places every movable macro (db_cell_is_macro, not FIXED) of the database on its
 * row/site grid without overlaps (halos, blockages, fixed objects, fences and the core boundary
 * respected), marks them FIXED, and then (opts->place_cells) places the standard cells around them:
 * global placement (gp_run) and legalization (lg_run).  The proxy cost (docs/PROXY_COST.md) is the
 * weighted sum of three terms computed as Circuit Training describes them: normalized HPWL, density
 * (mean of the top 10% grid cells, times 0.5) and congestion (grid routing model with smoothing, mean
 * of the top 5% of the horizontal and vertical values).  docs/RL.md describes the agent.
 */
#ifndef PLACE_RL_H
#define PLACE_RL_H

#include <stdint.h>

#include "netlist/db.h"
#include "util/ut.h"

/* Macro placers. */
enum { RL_METHOD_RL = 0, RL_METHOD_SA, RL_METHOD_ANALYTIC };

typedef struct rl_proxy_opts_t {
  double w_wirelength;      /* weights of the three terms (default 1, 0.5, 0.5) */
  double w_density;
  double w_congestion;
  int cols, rows;           /* grid; 0 = chosen from the design (rl_grid_choose) */
  double hroutes_per_um;    /* horizontal routing tracks per micron; 0 = from the LEF layers */
  double vroutes_per_um;
  double hmacro_alloc;      /* tracks per micron a hard macro blocks; < 0 = from the LEF (OBS) */
  double vmacro_alloc;
  int smooth;               /* congestion smoothing range in grid cells (default 2) */
} rl_proxy_opts_t;

typedef struct rl_proxy_t {
  double wirelength;        /* sum w_n HPWL_n / (sum w_n * (canvas width + height)) */
  double density;           /* 0.5 * mean of the top 10% grid densities */
  double congestion;        /* mean of the top 5% of the horizontal and vertical congestion */
  double w_wirelength, w_density, w_congestion;
  double cost;              /* the weighted sum */
  double hpwl_um;           /* sum w_n HPWL_n of the evaluated netlist, microns */
  int cols, rows;
} rl_proxy_t;

typedef struct rl_opts_t {
  int method;               /* RL_METHOD_* (default RL) */
  int episodes;             /* RL: training episodes (default 256) */
  double time_budget_s;     /* wall seconds for the macro placer, 0 = none (RL stops after the
                             * current update; SA sizes its schedule from it) */
  uint64_t seed;            /* the only randomness (default 1) */
  int threads;              /* rollout threads / SA chains; 0 = OpenMP default */
  rl_proxy_opts_t proxy;    /* weights and grid of the proxy cost (the canvas grid is its grid) */
  const char *load_path;    /* checkpoint to start from (fine-tuning), NULL = fresh weights */
  const char *save_path;    /* checkpoint written after training, NULL = none */
  const char *log_csv;      /* per-episode training log, NULL = none */
  int unfix_macros;         /* treat FIXED macros as movable (default 0) */
  int place_cells;          /* after the macros: gp_run + lg_run for the standard cells (1) */
  double target_density;    /* gp_run target density for the analytic steps (default 0.7) */
  int clusters;             /* soft clusters of standard cells, 0 = automatic */
  int batch;                /* RL: episodes per PPO update (default 8) */
  int ppo_epochs;           /* RL: passes over each batch (default 2) */
  double lr;                /* Adam step (default 1e-2) */
  double clip;              /* PPO clipping epsilon (default 0.2) */
  double entropy_coef;      /* entropy bonus (default 0.01) */
  double value_coef;        /* value loss weight (default 0.5) */
  double max_grad_norm;     /* global gradient norm clip (default 1.0) */
  long sa_moves;            /* SA: moves per chain, 0 = sized from the time budget */
  int fd_iters;             /* force-directed iterations for the soft clusters (default 40) */
  int log_every;            /* RL: log line every N updates (default 1; 0 = none) */
  int macro_status;         /* status written for placed macros: DB_FIXED (default) or DB_PLACED */
  double prior;             /* RL: strength S of the placement prior the policy starts from
                             * (docs/RL.md); < 0 (default): 3 sqrt(#macros) within [10, 30];
                             * 0: none */
  int hints;                /* RL: run the analytic placer first and show the agent where it put
                             * each macro (observation map 4; default 1) */
  int sa_analytic_start;    /* SA: start from the analytic placement instead of the greedy one
                             * (default 0) */
  int budget_cpu;           /* time_budget_s counts CPU seconds of the process (every thread
                             * summed) instead of wall seconds: equal budgets on a busy machine */
  int save_every;           /* RL: also write save_path every N updates (0 = only at the end) */
  int resume;               /* RL: load_path is the checkpoint of an interrupted run to continue:
                             * its episode count goes on (so do the per-episode seeds), episodes
                             * counts the total, and the Adam step scale is kept, so that the run
                             * ends as if it had not stopped (default 0: fine-tuning, counting
                             * from 0) */
  long first_episode;       /* RL: index of the first training episode (rl_macro_place sets it
                             * from the checkpoint when resuming; default 0) */
} rl_opts_t;

typedef struct rl_stats_t {
  int nmacros;              /* movable hard macros placed */
  int nunfixed;             /* FIXED macros made movable by unfix_macros */
  int nsoft, nports, nnodes, nnets, nedges;   /* coarse netlist */
  int cols, rows;           /* canvas grid */
  int episodes, updates;    /* RL */
  long sa_moves;            /* SA: moves made (all chains) */
  double sa_accept;         /* SA: accepted fraction */
  rl_proxy_t proxy;         /* proxy cost of the final macro placement (coarse netlist, soft
                             * clusters placed force-directed), the number to compare with CT */
  rl_proxy_t proxy_flat;    /* proxy cost of the final full placement (every cell), when placed */
  double best_reward;       /* RL: best episode reward seen */
  double hpwl_um;           /* HPWL of the final placement (db_hpwl, microns) */
  int64_t legal_errors;     /* lg_check errors after the flow (-1: not checked) */
  int dead_ends;            /* RL: episodes that ended with no legal cell */
  double t_graph, t_macro, t_legal, t_cells, t_total;   /* seconds */
} rl_stats_t;

void rl_opts_default(rl_opts_t *o);
void rl_proxy_opts_default(rl_proxy_opts_t *o);
const char *rl_method_name(int method);
int rl_method_parse(const char *s);   /* "rl", "sa", "analytic"; -1 otherwise */

/* Place the movable macros of db by opts->method, legalize and fix them, then (opts->place_cells)
 * place and legalize the standard cells.  st may be NULL.  Returns 0, UT_EINVAL (bad options, no
 * legal macro placement: message in diag), UT_EIO (checkpoint or CSV) or UT_ENOMEM. */
int rl_macro_place(db_t *db, const rl_opts_t *opts, rl_stats_t *st, ut_diag_t *diag);

/* Proxy cost of db's current placement with every component as its own node (macros with their
 * pins, standard cells, IO pins as ports).  Unplaced components count at their stored position.
 * opts may be NULL (defaults).  Returns 0 or UT_ENOMEM. */
int rl_proxy_cost(const db_t *db, const rl_proxy_opts_t *opts, rl_proxy_t *out);

/* The canvas grid chosen for a core of w x h (any unit) holding nmacros hard macros:
 * about 2.5 sqrt(nmacros) cells per side (16 to 64), shaped by the aspect, each side in [10, 128]. */
void rl_grid_choose(double w, double h, int nmacros, int *cols, int *rows);

#endif
