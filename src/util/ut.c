/*
 * ut.c: allocation with a failure hook and byte accounting, growable arrays, compiler-style
 * diagnostics, leveled logging to stderr, and clocks.
 *
 * Byte accounting stores the size in a 16-byte header in front of each block, so ut_alloc_bytes()
 * gives exactly what the database and engines hold (the memory benchmark's "bytes per cell").
 */
#include "util/ut.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>

static long g_fail_after;  /* 0 = never fail */
static size_t g_bytes, g_peak;

#define HDR 16

void ut_alloc_fail_after(long n) { g_fail_after = n; }
size_t ut_alloc_bytes(void) { return g_bytes; }
size_t ut_alloc_peak(void) { return g_peak; }
void ut_alloc_peak_reset(void) { g_peak = g_bytes; }

static int should_fail(void) {
  if (g_fail_after <= 0) return 0;
  if (g_fail_after == 1) return 1;  /* stays at 1: every later allocation fails too */
  g_fail_after--;
  return 0;
}

void *ut_malloc(size_t n) {
  if (should_fail() || n > SIZE_MAX - HDR) return NULL;
  unsigned char *p = malloc(n + HDR);
  if (!p) return NULL;
  memcpy(p, &n, sizeof n);
  g_bytes += n;
  if (g_bytes > g_peak) g_peak = g_bytes;
  return p + HDR;
}

void *ut_calloc(size_t n, size_t size) {
  if (size && n > (SIZE_MAX - HDR) / size) return NULL;
  void *p = ut_malloc(n * size);
  if (p) memset(p, 0, n * size);
  return p;
}

void *ut_realloc(void *p, size_t n) {
  if (!p) return ut_malloc(n);
  if (should_fail() || n > SIZE_MAX - HDR) return NULL;
  unsigned char *b = (unsigned char *)p - HDR;
  size_t old;
  memcpy(&old, b, sizeof old);
  unsigned char *nb = realloc(b, n + HDR);
  if (!nb) return NULL;
  memcpy(nb, &n, sizeof n);
  g_bytes = g_bytes - old + n;
  if (g_bytes > g_peak) g_peak = g_bytes;
  return nb + HDR;
}

void ut_free(void *p) {
  if (!p) return;
  unsigned char *b = (unsigned char *)p - HDR;
  size_t old;
  memcpy(&old, b, sizeof old);
  g_bytes -= old;
  free(b);
}

char *ut_strndup(const char *s, size_t n) {
  char *r = ut_malloc(n + 1);
  if (!r) return NULL;
  memcpy(r, s, n);
  r[n] = 0;
  return r;
}

int ut_grow(void **p, size_t *cap, size_t need, size_t elsz) {
  if (need <= *cap) return UT_OK;
  size_t nc = *cap ? *cap : 8;
  while (nc < need) {
    if (nc > SIZE_MAX / 2 / elsz) return UT_ENOMEM;
    nc *= 2;
  }
  void *np = ut_realloc(*p, nc * elsz);
  if (!np) return UT_ENOMEM;
  *p = np;
  *cap = nc;
  return UT_OK;
}

/* ---- diagnostics ---- */

void ut_diag_init(ut_diag_t *d) {
  memset(d, 0, sizeof *d);
  d->max_errors = UT_DIAG_MAX_ERRORS;
}

static void diag_emit(ut_diag_t *d, int is_error, const char *file, int line, int col,
                      const char *fmt, va_list ap) {
  char msg[1024];
  int n = 0;
  if (file && line > 0)
    n = snprintf(msg, sizeof msg, "%s:%d:%d: %s: ", file, line, col, is_error ? "error" : "warning");
  else if (file)
    n = snprintf(msg, sizeof msg, "%s: %s: ", file, is_error ? "error" : "warning");
  else
    n = snprintf(msg, sizeof msg, "%s: ", is_error ? "error" : "warning");
  if (n < 0) n = 0;
  if ((size_t)n < sizeof msg) vsnprintf(msg + n, sizeof msg - (size_t)n, fmt, ap);
  if (is_error && d->nerrors == 0) snprintf(d->first, sizeof d->first, "%s", msg);
  if (d->sink)
    d->sink(d->sink_ctx, is_error, msg);
  else if (is_error || !d->quiet)
    fprintf(stderr, "%s\n", msg);
}

void ut_diag_error(ut_diag_t *d, const char *file, int line, int col, const char *fmt, ...) {
  if (d->nerrors < (d->max_errors ? d->max_errors : UT_DIAG_MAX_ERRORS)) {
    va_list ap;
    va_start(ap, fmt);
    diag_emit(d, 1, file, line, col, fmt, ap);
    va_end(ap);
  }
  d->nerrors++;
}

void ut_diag_warn(ut_diag_t *d, const char *file, int line, int col, const char *fmt, ...) {
  if (d->nwarnings < 100) {
    va_list ap;
    va_start(ap, fmt);
    diag_emit(d, 0, file, line, col, fmt, ap);
    va_end(ap);
  }
  d->nwarnings++;
}

int ut_diag_full(const ut_diag_t *d) {
  return d->nerrors >= (d->max_errors ? d->max_errors : UT_DIAG_MAX_ERRORS);
}

/* ---- logging ---- */

static int g_level = UT_LOG_INFO;
static int g_rank;   /* MPI rank (ut_mpi.c); ranks > 0 log warnings and errors only */
void ut_log_set_level(int level) { g_level = level; }
int ut_log_level(void) { return g_level; }
void ut_log_set_rank(int rank) { g_rank = rank; }

void ut_log(int level, const char *tag, const char *fmt, ...) {
  static const char *names[] = {"ERROR", "WARN", "INFO", "DEBUG"};
  if (level > g_level || (g_rank > 0 && level > UT_LOG_WARN)) return;
  if (level < 0) level = 0;
  if (level > 3) level = 3;
  char buf[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (g_rank > 0) fprintf(stderr, "[%s %s] rank %d: %s\n", names[level], tag, g_rank, buf);
  else fprintf(stderr, "[%s %s] %s\n", names[level], tag, buf);
}

double ut_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

double ut_cpu_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

long ut_peak_rss_kb(void) {
  struct rusage ru;
  if (getrusage(RUSAGE_SELF, &ru) != 0) return -1;
  return ru.ru_maxrss;
}
