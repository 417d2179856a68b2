/*
 * fuzz_bookshelf.c: libFuzzer target for the Bookshelf reader and .pl writer.  One input holds the
 * files of a design, each after a marker line: "@@nodes", "@@nets", "@@pl", "@@scl", "@@wts" (at the
 * start of a line; text before the first marker is ignored; .wts may be absent).  Whatever the
 * input, the reader must return (no crash, no leak under ASan).  When it reads cleanly:
 *  - the .pl written from the database reads back (with the other files unchanged) and writes the
 *    same text again, with the same counts and, at the same DBU, the same HPWL;
 *  - after moving and rotating every movable component, the written .pl reads back with exactly
 *    those placements;
 *  - def_emit either writes the design or refuses a name DEF cannot carry (UT_EINVAL).
 * Any violation aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "def_emit.h"
#include "netlist/bookshelf.h"

static void quiet_sink(void *ctx, int is_error, const char *msg) { (void)ctx; (void)is_error; (void)msg; }

static const char *const MARK[BS_NFILES] = {"@@nodes", "@@nets", "@@pl", "@@scl", "@@wts"};

/* Split the input at the marker lines into files[] (pointing into data). */
static void split(const char *data, size_t size, bs_text_t files[BS_NFILES]) {
  static const char *const names[BS_NFILES] = {"f.nodes", "f.nets", "f.pl", "f.scl", "f.wts"};
  int cur = -1;
  for (int k = 0; k < BS_NFILES; k++) {
    files[k].name = names[k];
    files[k].buf = NULL;
    files[k].len = 0;
  }
  size_t i = 0;
  while (i < size) {
    size_t e = i;
    while (e < size && data[e] != '\n') e++;
    int mark = -1;
    for (int k = 0; k < BS_NFILES; k++) {
      size_t n = strlen(MARK[k]);
      if (e - i >= n && memcmp(data + i, MARK[k], n) == 0 && (e - i == n || data[i + n] == '\r'))
        mark = k;
    }
    if (mark >= 0) {
      cur = mark;
      files[cur].buf = e < size ? data + e + 1 : data + size;
      files[cur].len = 0;
    } else if (cur >= 0) {
      files[cur].len = (e < size ? e + 1 : e) - (size_t)(files[cur].buf - data);
    }
    i = e + 1;
  }
}

static db_t *read(const bs_text_t files[BS_NFILES], int *ok) {
  ut_diag_t d;
  ut_diag_init(&d);
  d.sink = quiet_sink;
  db_t *db;
  *ok = 0;
  if (db_create(&db)) return NULL;
  *ok = bs_read_mem(db, files, "fuzz", &d) == 0;
  return db;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ut_log_set_level(-1);
  /* a private NUL-terminated copy: the readers see exactly these bytes */
  char *copy = malloc(size + 1);
  if (!copy) return 0;
  memcpy(copy, data, size);
  copy[size] = 0;
  bs_text_t files[BS_NFILES];
  split(copy, size, files);
  int ok;
  db_t *db = read(files, &ok);
  if (db && ok) {
    char *pl = NULL, *pl2 = NULL;
    size_t len = 0, len2 = 0;
    if (bs_write_pl_mem(db, &pl, &len)) abort();
    bs_text_t f2[BS_NFILES];
    memcpy(f2, files, sizeof f2);
    f2[BS_PL].buf = pl;
    f2[BS_PL].len = len;
    int ok2;
    db_t *b = read(f2, &ok2);
    if (b) {
      if (!ok2) abort();
      if (b->ncells != db->ncells || b->nios != db->nios || b->nnets != db->nnets ||
          b->npins != db->npins)
        abort();
      if (b->dbu == db->dbu && db_hpwl(b) != db_hpwl(db)) abort();
      if (bs_write_pl_mem(b, &pl2, &len2)) abort();
      if (len2 != len || memcmp(pl, pl2, len) != 0) abort();  /* the .pl text is a fixpoint */
      ut_free(pl2);
      db_destroy(b);
    }
    ut_free(pl);
    /* move everything movable; the .pl must carry exactly these placements */
    for (size_t c = 0; c < db->ncells; c++)
      if (db->cell_status[c] == DB_PLACED || db->cell_status[c] == DB_UNPLACED)
        db_cell_set_place(db, (int32_t)c, (dbu_t)(c * 250), (dbu_t)((c % 7) * 1000),
                          (int)(c % 8), DB_PLACED);
    if (bs_write_pl_mem(db, &pl, &len)) abort();
    f2[BS_PL].buf = pl;
    f2[BS_PL].len = len;
    b = read(f2, &ok2);
    if (b) {
      if (!ok2 || b->ncells != db->ncells) abort();
      for (size_t c = 0; c < db->ncells; c++) {
        /* compare in units: the DBU may differ when the old placement set it */
        if ((int64_t)b->cell_x[c] * db->dbu != (int64_t)db->cell_x[c] * b->dbu ||
            (int64_t)b->cell_y[c] * db->dbu != (int64_t)db->cell_y[c] * b->dbu ||
            b->cell_orient[c] != db->cell_orient[c] || b->cell_status[c] != db->cell_status[c])
          abort();
      }
      db_destroy(b);
    }
    ut_free(pl);
    char *def = NULL;
    size_t dl = 0;
    ut_diag_t d;
    ut_diag_init(&d);
    d.sink = quiet_sink;
    int rc = def_emit_mem(db, &def, &dl, &d);
    if (rc != 0 && rc != UT_EINVAL) abort();
    ut_free(def);
  }
  db_destroy(db);
  free(copy);
  return 0;
}
