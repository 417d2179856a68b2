/*
 * load.c: the one way subcommands read a design (LEFs in order, then the DEF), with compiler-style
 * diagnostics on stderr and a count when errors were cut off.
 */
#include <stdio.h>

#include "cmd/cmd.h"
#include "def.h"
#include "lef.h"

int cmd_load_design(db_t **out, const char *def, const char *const *lefs, int nlefs, int quiet) {
  *out = NULL;
  ut_diag_t diag;
  ut_diag_init(&diag);
  diag.quiet = quiet;
  db_t *db = NULL;
  if (db_create(&db)) {
    fprintf(stderr, "place: error: out of memory\n");
    return 1;
  }
  int rc = 0;
  for (int i = 0; i < nlefs && !rc; i++) rc = lef_read(db, lefs[i], &diag);
  if (!rc) rc = def_read(db, def, &diag);
  if (rc) {
    if (rc == UT_ENOMEM) fprintf(stderr, "place: error: out of memory while reading\n");
    if (diag.nerrors > UT_DIAG_MAX_ERRORS)
      fprintf(stderr, "place: %d errors (first %d shown)\n", diag.nerrors, UT_DIAG_MAX_ERRORS);
    db_destroy(db);
    return 1;
  }
  *out = db;
  return 0;
}
