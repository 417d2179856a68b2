/* render_main.c: runs `place render` (cmd_render) as its own program, so the CLI test does not
 * depend on the subcommand being registered in main.c. */
#include "cmd/cmd.h"

int main(int argc, char **argv) { return cmd_render(argc, argv); }
