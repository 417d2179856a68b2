/* lg_check_cli.c: `place check` as a stand-alone program, dispatched like main.c's COMMANDS table
 * (`lg_check_cli check ARGS...` calls cmd_check with argv starting at "check"), so the tests run
 * it whether or not main.c registers the subcommand yet. */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "check")) return cmd_check(argc - 1, argv + 1);
  fprintf(stderr, "usage: %s check PLACED.def --lef TECH.lef ...\n", argv[0]);
  return 2;
}
