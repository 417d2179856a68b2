/* oom_test.c: running out of memory is reported, not a crash.  For every k, the k-th allocation
 * (and all after it) fails while reading a LEF and a DEF and writing the DEF back; each attempt
 * must return UT_ENOMEM (or succeed once k passes the total) and free everything it allocated. */
#include <stdio.h>
#include <string.h>

#include "def.h"
#include "lef.h"
#include "tap.h"

static char *slurp(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long len = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *b = malloc((size_t)len + 1);
  *n = fread(b, 1, (size_t)len, f);
  b[*n] = 0;
  fclose(f);
  return b;
}

static void sink(void *c, int e, const char *m) { (void)c; (void)e; (void)m; }

/* One attempt; returns the first failing rc (0 on success). */
static int attempt(const char *lef, size_t nl, const char *def, size_t nd) {
  ut_diag_t d;
  ut_diag_init(&d);
  d.sink = sink;
  db_t *db = NULL;
  int rc = db_create(&db);
  if (!rc) rc = lef_read_buffer(db, lef, nl, "oom.lef", &d);
  if (!rc) {
    char *copy = ut_malloc(nd + 1);
    if (!copy) {
      rc = UT_ENOMEM;
    } else {
      memcpy(copy, def, nd + 1);
      rc = def_read_buffer(db, copy, nd, "oom.def", &d);
    }
  }
  if (!rc) {
    char *out;
    size_t len;
    rc = def_write_mem(db, &out, &len);
    if (!rc) ut_free(out);
  }
  db_destroy(db);
  return rc;
}

int main(void) {
  ut_log_set_level(-1);
  size_t nl, nd;
  char *lef = slurp("tests/bad/tiny.lef", &nl), *def = slurp("tests/fuzz/seeds/def/tiny.def", &nd);
  CHECK(lef && def);
  if (!lef || !def) return tap_done();
  int k, ok = 0, bad_rc = 0, leaks = 0;
  for (k = 1; k < 100000; k++) {
    ut_alloc_fail_after(k);
    int rc = attempt(lef, nl, def, nd);
    ut_alloc_fail_after(0);
    if (ut_alloc_bytes() != 0) leaks++;
    if (rc == 0) {
      ok = 1;
      break;
    }
    if (rc != UT_ENOMEM) {
      bad_rc++;
      fprintf(stderr, "allocation %d failing gave rc %d\n", k, rc);
    }
  }
  printf("allocation failure injected at each of the first %d allocations\n", k - 1);
  CHECK(ok);
  CHECKF(leaks == 0, "%d attempts leaked", leaks);
  CHECKF(bad_rc == 0, "%d attempts returned an unexpected code", bad_rc);
  CHECK(k > 20);  /* the walk really went through many allocation sites */
  free(lef);
  free(def);
  return tap_done();
}
