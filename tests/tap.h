/*
 * tap.h: a tiny test helper.  CHECK records a failure with file:line and keeps going; tap_done()
 * prints "N passed, M failed" and returns the exit code.  Benchmark paths come from $PLACE_BENCH.
 */
#ifndef PLACE_TAP_H
#define PLACE_TAP_H
#include <stdio.h>
#include <stdlib.h>

static int tap_pass, tap_fail;
#define CHECK(cond) do { if (cond) tap_pass++; else { tap_fail++; \
  fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); } } while (0)
#define CHECKF(cond, ...) do { if (cond) tap_pass++; else { tap_fail++; \
  fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
  fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); } } while (0)
static inline int tap_done(void) {
  printf("%d passed, %d failed\n", tap_pass, tap_fail);
  return tap_fail ? 1 : 0;
}
static inline const char *tap_bench(void) {
  const char *b = getenv("PLACE_BENCH");
  return b ? b : "../shared/benchmarks";
}
#endif
