/*
 * flow.h: what the files of the main `place` command share (not a public API).  main.c parses the
 * options into cmd_place_opts_t and runs the stages in order; flow.c runs them (read from
 * Bookshelf or Verilog, macro placement, then GP -> LG -> DP -> legality check, once or as a
 * multi-start); report.c keeps a record of every stage and writes --report and --report-html.
 */
#ifndef PLACE_CMD_FLOW_H
#define PLACE_CMD_FLOW_H

#include <stddef.h>
#include <stdint.h>

#include "cmd/opts.h"
#include "netlist/db.h"
#include "util/ut.h"
#include "viz.h"

#define CMD_MAX_LEFS 64

/* The options of `place` (main.c's OPTIONS table fills it). */
typedef struct cmd_place_opts_t {
  const char *def_path;
  const char *lefs[CMD_MAX_LEFS];
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
} cmd_place_opts_t;

/* ---- stage records for the HTML report (report.c) ---- */
#define CMD_MAX_STAGES 8
#define CMD_MAX_METRICS 8
typedef struct cmd_stages_t {
  int n;
  viz_stage_t st[CMD_MAX_STAGES];
  viz_kv_t kv[CMD_MAX_STAGES][CMD_MAX_METRICS];
  char val[CMD_MAX_STAGES][CMD_MAX_METRICS][48];
} cmd_stages_t;

/* Start the record of a stage (name is kept by reference); past CMD_MAX_STAGES nothing is kept. */
void cmd_stage_begin(cmd_stages_t *s, const char *name);
/* One metric of the last stage begun: v printed with fmt ("%d" prints (int)v). */
void cmd_stage_metric(cmd_stages_t *s, const char *key, const char *fmt, double v);

/* --report: design statistics on stdout. */
void cmd_report_print(const db_t *db);
/* --report-html: statistics, the stages' metrics, every option of the table t (n entries) as o
 * holds it, and the --png picture when it is a PNG (embedded, so the page stands alone).
 * Returns 0, or 1 after an error message. */
int cmd_report_html(const db_t *db, const cmd_place_opts_t *o, const cmd_opt_t *t, size_t n,
                    const cmd_stages_t *sg, ut_diag_t *diag);

/* ---- the stages (flow.c) ---- */

/* Bookshelf (.aux) or Verilog + floorplan into a new database.  Returns 0 or 1 (messages
 * printed). */
int cmd_load_netlist(db_t **out, const cmd_place_opts_t *o, ut_diag_t *diag);

/* --macro-placer: macros placed, legalized and FIXED by the RL agent, SA or the analytic placer
 * (rl_macro_place); its record goes to sg.  Returns 0, or 1 after an error message. */
int cmd_flow_macros(db_t *db, const cmd_place_opts_t *o, cmd_stages_t *sg, ut_diag_t *diag);

/* What the placement stages need besides the database (cmd_flow_run). */
typedef struct cmd_flow_t {
  const cmd_place_opts_t *o;
  int run_gp, run_lg, run_dp;
  cmd_stages_t *sg;                /* stage records for the HTML report */
  int fresh_sg;                    /* --starts: sg is scratch, cleared before every start */
  ut_diag_t *diag;
} cmd_flow_t;

/* The placement stages from db's current placement: global placement (with seed), legalization,
 * detailed placement and the legality check, whose violation count goes to *violations (-1 when
 * it does not run).  Returns 0, or 1 after an error message.  A cmd_flow_fn (--starts); ctx is a
 * cmd_flow_t. */
int cmd_flow_run(void *ctx, db_t *db, long seed, int64_t *violations);

/* The stages once (rank 0 alone; a result that is not legal is an error) or, with --starts K, K
 * times over the MPI ranks with the best legal result left in db (cmd_starts_run; its record goes
 * to f->sg).  Returns 0, or 1 after an error message. */
int cmd_flow_place(db_t *db, cmd_flow_t *f);

#endif
