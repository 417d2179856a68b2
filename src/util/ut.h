/*
 * ut.h: the small utilities every module shares: allocation, growable arrays, diagnostics and logging.
 *
 * Allocation goes through ut_malloc/ut_realloc so a test can make it fail on purpose; every caller
 * checks for NULL and returns UT_ENOMEM.  Diagnostics follow compilers: "file:line:col: error: msg".
 * Library code never prints to stdout; logging goes to stderr with a level and a stable stage tag.
 */
#ifndef PLACE_UT_H
#define PLACE_UT_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>

/* Error codes: 0 is success, failures are negative. */
enum {
  UT_OK = 0,
  UT_ENOMEM = -1,   /* out of memory */
  UT_EIO = -2,      /* could not read or write a file */
  UT_EPARSE = -3,   /* malformed input (see the diagnostics) */
  UT_EINVAL = -4,   /* invalid argument or inconsistent design */
  UT_ELIMIT = -5    /* input exceeds an internal limit (e.g. coordinate range) */
};

/* ---- allocation ---------------------------------------------------------------------------- */
void *ut_malloc(size_t n);
void *ut_calloc(size_t n, size_t size);
void *ut_realloc(void *p, size_t n);
void ut_free(void *p);
char *ut_strndup(const char *s, size_t n);
/* Testing hook: make the allocation number `n` (1-based, counted from this call) and all later ones
 * fail; 0 disables.  Used by the out-of-memory test. */
void ut_alloc_fail_after(long n);
/* Bytes currently allocated through ut_* (for memory benchmarks) and the peak since the last reset. */
size_t ut_alloc_bytes(void);
size_t ut_alloc_peak(void);
void ut_alloc_peak_reset(void);

/* Grow *p (array of elsz-byte elements, capacity *cap) to hold at least `need` elements. */
int ut_grow(void **p, size_t *cap, size_t need, size_t elsz);
#define UT_RESERVE(arr, capvar, need) \
  ut_grow((void **)&(arr), &(capvar), (need), sizeof(*(arr)))

/* ---- diagnostics ---------------------------------------------------------------------------- */
#define UT_DIAG_MAX_ERRORS 20

typedef struct ut_diag_t {
  int nerrors;                 /* errors reported (all of them, even past the stored ones) */
  int nwarnings;
  int max_errors;              /* stop collecting after this many (default UT_DIAG_MAX_ERRORS) */
  int quiet;                   /* when set, warnings are counted but not printed */
  char first[1024];            /* first error message, formatted "file:line:col: error: ..." */
  void (*sink)(void *ctx, int is_error, const char *msg);  /* where messages go; NULL = stderr */
  void *sink_ctx;
} ut_diag_t;

void ut_diag_init(ut_diag_t *d);
/* Report an error at a source location (file may be NULL, line/col 0 when unknown). */
void ut_diag_error(ut_diag_t *d, const char *file, int line, int col, const char *fmt, ...)
  __attribute__((format(printf, 5, 6)));
void ut_diag_warn(ut_diag_t *d, const char *file, int line, int col, const char *fmt, ...)
  __attribute__((format(printf, 5, 6)));
int ut_diag_full(const ut_diag_t *d);   /* too many errors: stop parsing */

/* ---- logging -------------------------------------------------------------------------------- */
enum { UT_LOG_ERROR = 0, UT_LOG_WARN = 1, UT_LOG_INFO = 2, UT_LOG_DEBUG = 3 };
void ut_log_set_level(int level);
int ut_log_level(void);
/* MPI rank of this process (ut_mpi_init): ranks > 0 log warnings and errors only, tagged
 * "rank N:" (0, the default: everything at the level set). */
void ut_log_set_rank(int rank);
void ut_log(int level, const char *tag, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
#define UT_INFO(tag, ...) ut_log(UT_LOG_INFO, tag, __VA_ARGS__)
#define UT_WARN(tag, ...) ut_log(UT_LOG_WARN, tag, __VA_ARGS__)

/* ---- time and memory -------------------------------------------------------------------------- */
double ut_seconds(void);           /* monotonic wall clock */
double ut_cpu_seconds(void);       /* CPU time of the process, every thread summed */
long ut_peak_rss_kb(void);         /* peak resident set size of this process */

#endif
