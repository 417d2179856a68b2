/*
 * ut_out.h: atomic output files.  Everything `place` writes (DEF, pictures, reports) goes to a
 * temporary file beside the destination ("<path>.tmp.XXXXXX"), is flushed and fsync'ed, and only
 * then renamed over the destination: a failed or killed run never leaves a partial or clobbered
 * file at the output path.  The file gets the usual permissions (0666 minus the umask), not
 * mkstemp's 0600.
 */
#ifndef PLACE_UT_OUT_H
#define PLACE_UT_OUT_H

#include <stdio.h>

#include "util/ut.h"

typedef struct ut_out_t {
  FILE *f;           /* write here */
  char *tmp;         /* the temporary file's name */
  const char *path;  /* the destination */
} ut_out_t;

/* Create the temporary file beside path.  Returns 0, UT_EIO (message in diag) or UT_ENOMEM. */
int ut_out_open(ut_out_t *o, const char *path, ut_diag_t *diag);
/* Flush, fsync, close and rename over the destination.  On failure the temporary file is
 * removed, the destination is untouched, and a message "cannot write <what>: reason" goes to
 * diag.  Returns 0 or UT_EIO. */
int ut_out_commit(ut_out_t *o, const char *what, ut_diag_t *diag);
/* Give up: close and remove the temporary file (NULL-safe on a failed open). */
void ut_out_abort(ut_out_t *o);

#endif
