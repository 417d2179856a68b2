/*
 * opts.h: the option-table parser shared by `place` and its subcommands.  One table per command
 * drives parsing, range checks and --help, so every command accepts options the same way:
 * "--name value", "--name=value", "-x value", flags without a value, one positional design file.
 */
#ifndef PLACE_CMD_OPTS_H
#define PLACE_CMD_OPTS_H

#include <stddef.h>
#include <stdio.h>

enum { CMD_OPT_FLAG, CMD_OPT_LONG, CMD_OPT_DOUBLE, CMD_OPT_STR, CMD_OPT_LIST };

typedef struct cmd_opt_t {
  const char *name;    /* long name without "--" */
  char short_name;     /* 0 when none */
  int kind;            /* CMD_OPT_* */
  size_t off;          /* field in the options struct: int, long, double, const char * or, for a
                        * list, const char *[max] followed by an int count at count_off */
  const char *arg;     /* argument name for --help */
  const char *def;     /* default shown in --help */
  double min, max;     /* inclusive range of LONG/DOUBLE values; LIST: capacity in max */
  const char *help;
  size_t count_off;    /* LIST only */
} cmd_opt_t;

/* Parse argv[1..] into out.  The single positional argument goes to *positional (a second one is a
 * usage error).  "-h"/"--help" calls usage(stdout) and returns 1; a bad option prints
 * "PROG: error: ..." and returns 2; otherwise 0. */
int cmd_opts_parse(const char *prog, int argc, char **argv, const cmd_opt_t *t, size_t n,
                   void *out, const char **positional, void (*usage)(FILE *));
/* Print the option lines of the table, left column `width` wide. */
void cmd_opts_help(FILE *f, const cmd_opt_t *t, size_t n, int width);

#endif
