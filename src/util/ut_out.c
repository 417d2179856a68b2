/*
 * ut_out.c: atomic output files (ut_out.h): mkstemp beside the destination, fsync, rename.
 */
#include "util/ut_out.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int ut_out_open(ut_out_t *o, const char *path, ut_diag_t *diag) {
  memset(o, 0, sizeof *o);
  o->path = path;
  size_t n = strlen(path);
  o->tmp = ut_malloc(n + 16);
  if (!o->tmp) return UT_ENOMEM;
  snprintf(o->tmp, n + 16, "%s.tmp.XXXXXX", path);
  int fd = mkstemp(o->tmp);
  if (fd < 0) {
    ut_diag_error(diag, path, 0, 0, "cannot create a temporary file beside the output: %s",
                  strerror(errno));
    ut_free(o->tmp);
    o->tmp = NULL;
    return UT_EIO;
  }
  mode_t mask = umask(0);
  umask(mask);
  (void)fchmod(fd, 0666 & ~mask);
  o->f = fdopen(fd, "wb");
  if (!o->f) {
    int err = errno;
    close(fd);
    unlink(o->tmp);
    ut_free(o->tmp);
    o->tmp = NULL;
    ut_diag_error(diag, path, 0, 0, "cannot open the temporary file: %s", strerror(err));
    return UT_EIO;
  }
  setvbuf(o->f, NULL, _IOFBF, 1 << 20);
  return UT_OK;
}

int ut_out_commit(ut_out_t *o, const char *what, ut_diag_t *diag) {
  int rc = UT_OK, err = 0;
  if (fflush(o->f) != 0 || ferror(o->f)) rc = UT_EIO, err = errno;
  if (!rc && fsync(fileno(o->f)) != 0) rc = UT_EIO, err = errno;
  if (fclose(o->f) != 0 && !rc) rc = UT_EIO, err = errno;
  o->f = NULL;
  if (!rc && rename(o->tmp, o->path) != 0) rc = UT_EIO, err = errno;
  if (rc) {
    ut_diag_error(diag, o->path, 0, 0, "cannot write %s: %s", what, strerror(err ? err : EIO));
    unlink(o->tmp);
  }
  ut_free(o->tmp);
  o->tmp = NULL;
  return rc;
}

void ut_out_abort(ut_out_t *o) {
  if (o->f) fclose(o->f);
  o->f = NULL;
  if (o->tmp) {
    unlink(o->tmp);
    ut_free(o->tmp);
    o->tmp = NULL;
  }
}
