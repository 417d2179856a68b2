/*
 * gen_main.c: the place-gen command line only: argv -> gen_opts_t -> gen_run -> exit code.
 *
 * Exit status: 0 on success (and for --help), 2 for bad options (nothing is written), 1 when
 * generation or writing fails (no output file is left behind).  Diagnostics go to stderr as
 * "place-gen: error: ...".  Every option, default and preset lives in gen_opts.c's table; the
 * algorithms are in gen_netlist.c (Rent's rule) and gen_peko.c (PEKO, Chang-Cong-Xie).
 */
#include "gen/gen.h"

#include <stdio.h>

int main(int argc, char **argv) {
  gen_opts_t o;
  gen_err_t err = {{0}};
  int help = 0;
  if (gen_opts_parse(&o, argc, argv, &help, &err) < 0) {
    fprintf(stderr, "place-gen: error: %s\n", err.msg);
    return 2;
  }
  if (help) {
    gen_opts_help(stdout);
    return 0;
  }
  if (gen_run(&o, &err) < 0) {
    fprintf(stderr, "place-gen: error: %s\n", err.msg);
    return 1;
  }
  return 0;
}
