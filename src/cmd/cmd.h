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

#endif
