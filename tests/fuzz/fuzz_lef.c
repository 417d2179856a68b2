/*
 * fuzz_lef.c: libFuzzer target for the LEF reader.  Any input must either read or be rejected with
 * diagnostics, without crashing, leaking or touching memory it does not own; a LEF that reads must
 * then bind to DEF units without error.
 */
#include <stdint.h>
#include <stdlib.h>

#include "lef.h"

static void quiet_sink(void *ctx, int is_error, const char *msg) { (void)ctx; (void)is_error; (void)msg; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ut_log_set_level(-1);
  ut_diag_t d;
  ut_diag_init(&d);
  d.sink = quiet_sink;
  db_t *db;
  if (db_create(&db)) return 0;
  int rc = lef_read_buffer(db, (const char *)data, size, "fuzz.lef", &d);
  if (rc == 0 && db_lib_bind_units(db, 2000) != 0) abort();
  if (rc == 0 && d.nerrors) abort();  /* success must mean no errors were reported */
  db_destroy(db);
  return 0;
}
