/*
 * cmd.h: subcommands of `place` (`place check ...`, `place render ...`).  Each lives in its own file
 * in src/cmd/ and is registered in main.c's COMMANDS table.  A subcommand gets argv starting at its
 * own name, parses its options, and returns the process exit status (0 ok, 1 failure/illegal input,
 * 2 usage error).  Library code stays in the stage folders; these files only drive it.
 */
#ifndef PLACE_CMD_H
#define PLACE_CMD_H

#include "netlist/db.h"
#include "util/ut.h"

/* Shared by subcommands: read LEFs then a DEF into a new database (diagnostics on stderr).
 * Returns 0 or 1 (with messages printed). */
int cmd_load_design(db_t **out, const char *def, const char *const *lefs, int nlefs, int quiet);
int cmd_check(int argc, char **argv);   /* place check: legality report (check.c) */
int cmd_render(int argc, char **argv);  /* place render: picture of a design (render.c) */
int cmd_report_congestion(int argc, char **argv);  /* place report-congestion (report_congestion.c) */
int cmd_macro_place(int argc, char **argv);  /* place macro-place (macro_place.c) */

/* Multi-start placement (starts.c, `place --starts K`).  fn runs the placement stages on db's
 * current placement with the given seed and sets *violations (the legality checker's count; -1
 * when not checked); it returns 0, or nonzero after printing an error. */
typedef int (*cmd_flow_fn)(void *ctx, db_t *db, long seed, int64_t *violations);
typedef struct cmd_starts_t {
  int nstarts;              /* K: start i uses seed + i */
  long seed;
  int metric_proxy;         /* choose by the proxy cost (rl_proxy_cost) instead of HPWL */
  int best;                 /* out: the winning start (0-based), -1 when none is legal */
  int nlegal;               /* out: legal starts */
  double best_hpwl_um, best_proxy;   /* out: the winner's HPWL and (metric_proxy) proxy cost */
} cmd_starts_t;
/* Runs the starts (over MPI ranks: start i on rank i % size) from db's current placement and
 * leaves the best legal result (smallest metric, ties: lowest start) in db on every rank.  Returns
 * 0, or 1 when no start is legal (message printed). */
int cmd_starts_run(db_t *db, cmd_starts_t *ms, cmd_flow_fn fn, void *ctx);

#endif
