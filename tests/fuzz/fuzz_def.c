/*
 * fuzz_def.c: libFuzzer target for the DEF reader and the splicing writer.  The input is a DEF read
 * against a fixed library (fuzz_lib.h).  When it reads cleanly, the writer's invariants must hold:
 * an unchanged write reproduces the input exactly; after moving every movable component the output
 * re-reads with the new placements, the same netlist and the same HPWL.  Any violation aborts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "def.h"
#include "fuzz_lib.h"
#include "lef.h"

static void quiet_sink(void *ctx, int is_error, const char *msg) { (void)ctx; (void)is_error; (void)msg; }

static db_t *load(const char *def, size_t n, int *ok) {
  ut_diag_t d;
  ut_diag_init(&d);
  d.sink = quiet_sink;
  db_t *db;
  *ok = 0;
  if (db_create(&db)) return NULL;
  if (lef_read_buffer(db, FUZZ_LEF, sizeof FUZZ_LEF - 1, "fuzz.lef", &d)) abort();
  char *buf = ut_malloc(n + 1);
  if (!buf) {
    db_destroy(db);
    return NULL;
  }
  memcpy(buf, def, n);
  buf[n] = 0;
  *ok = def_read_buffer(db, buf, n, "fuzz.def", &d) == 0;
  return db;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ut_log_set_level(-1);
  int ok;
  db_t *db = load((const char *)data, size, &ok);
  if (!db) return 0;
  if (ok) {
    char *out;
    size_t len;
    if (def_write_mem(db, &out, &len)) abort();
    if (len != size || memcmp(out, data, size) != 0) abort();  /* unchanged write = input */
    ut_free(out);
    for (size_t c = 0; c < db->ncells; c++)
      if (!db_cell_is_fixed(db, (int32_t)c))
        db_cell_set_place(db, (int32_t)c, (dbu_t)(c * 200), (dbu_t)(c % 5) * 2000,
                          (int)(c % 8), DB_PLACED);
    if (def_write_mem(db, &out, &len)) abort();
    int ok2;
    db_t *b = load(out, len, &ok2);
    if (b) {
      /* the writer only touches placement clauses; the result must read and agree */
      if (!ok2) abort();
      if (b->ncells != db->ncells || b->nnets != db->nnets || b->npins != db->npins) abort();
      for (size_t c = 0; c < db->ncells; c++)
        if (b->cell_x[c] != db->cell_x[c] || b->cell_y[c] != db->cell_y[c] ||
            b->cell_orient[c] != db->cell_orient[c] || b->cell_status[c] != db->cell_status[c])
          abort();
      if (db_hpwl(b) != db_hpwl(db)) abort();
      db_destroy(b);
    }
    ut_free(out);
  }
  db_destroy(db);
  return 0;
}
