/*
 * io_bench.c: DEF parse + write throughput and database memory.
 *
 * usage: io_bench [-n REPS] DEF LEF [LEF ...]
 * Reads the LEFs once, then REPS times: reads the DEF into a fresh database (timed), writes it back
 * to a temporary file with one placement changed (timed), destroys it.  Reports the best and median
 * MB/s of the DEF text for read, write and read+write, the database's bytes (everything allocated
 * through ut_*, minus the kept input text) per component and per pin, and the peak RSS against the
 * DEF size.  Numbers go to docs/BENCHMARKS.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "def.h"
#include "lef.h"

static int cmp_d(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  int reps = 5, ai = 1;
  if (argc > 2 && !strcmp(argv[1], "-n")) {
    reps = atoi(argv[2]);
    ai = 3;
  }
  if (argc - ai < 2 || reps < 1 || reps > 1000) {
    fprintf(stderr, "usage: io_bench [-n REPS] DEF LEF [LEF ...]\n");
    return 2;
  }
  const char *def = argv[ai];
  ut_log_set_level(UT_LOG_WARN);
  ut_diag_t d;
  ut_diag_init(&d);
  d.quiet = 1;
  char tmp[256];
  const char *tdir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
  snprintf(tmp, sizeof tmp, "%s/io_bench_%d.def", tdir, (int)getpid());
  double *tr = calloc((size_t)reps, sizeof *tr), *tw = calloc((size_t)reps, sizeof *tw);
  double *tt = calloc((size_t)reps, sizeof *tt);
  size_t bytes = 0, db_bytes_v = 0, ncells = 0, npins = 0, nnets = 0, lib_bytes = 0;
  for (int r = 0; r < reps; r++) {
    db_t *db;
    if (db_create(&db)) return 1;
    for (int i = ai + 1; i < argc; i++)
      if (lef_read(db, argv[i], &d)) {
        fprintf(stderr, "%s\n", d.first);
        return 1;
      }
    size_t before = ut_alloc_bytes();
    double t0 = ut_seconds();
    if (def_read(db, def, &d)) {
      fprintf(stderr, "%s\n", d.first);
      return 1;
    }
    double t1 = ut_seconds();
    if (db->ncells) db_cell_set_place(db, 0, db->cell_x[0] + 1, db->cell_y[0], DB_N, DB_PLACED);
    if (def_write(db, tmp, &d)) {
      fprintf(stderr, "%s\n", d.first);
      return 1;
    }
    double t2 = ut_seconds();
    tr[r] = t1 - t0;
    tw[r] = t2 - t1;
    tt[r] = t2 - t0;
    bytes = db->src_len;
    lib_bytes = before;
    db_bytes_v = ut_alloc_bytes() - before - (db->src_len + 1);
    ncells = db->ncells;
    npins = db->npins;
    nnets = db->nnets;
    db_destroy(db);
  }
  remove(tmp);
  qsort(tr, (size_t)reps, sizeof *tr, cmp_d);
  qsort(tw, (size_t)reps, sizeof *tw, cmp_d);
  qsort(tt, (size_t)reps, sizeof *tt, cmp_d);
  double mb = bytes / 1e6;
  printf("design            %s\n", def);
  printf("size              %.2f MB, %zu components, %zu nets, %zu pins\n", mb, ncells, nnets,
         npins);
  printf("read              best %.1f MB/s (%.1f ms), median %.1f MB/s\n", mb / tr[0],
         1e3 * tr[0], mb / tr[reps / 2]);
  printf("write             best %.1f MB/s (%.1f ms), median %.1f MB/s\n", mb / tw[0],
         1e3 * tw[0], mb / tw[reps / 2]);
  printf("read+write        best %.1f MB/s (%.1f ms), median %.1f MB/s\n", mb / tt[0],
         1e3 * tt[0], mb / tt[reps / 2]);
  printf("library (LEF)     %.2f MB\n", lib_bytes / 1e6);
  printf("database          %.2f MB without the kept DEF text (%.2f x DEF size), %.2f MB with "
         "it (%.2f x)\n", db_bytes_v / 1e6, (double)db_bytes_v / bytes,
         (db_bytes_v + bytes) / 1e6, (double)(db_bytes_v + bytes) / bytes);
  printf("per component     %.1f bytes of database per component (all tables / components)\n",
         (double)db_bytes_v / (double)(ncells ? ncells : 1));
  printf("per pin           %.1f bytes of database per pin (all tables / pins)\n",
         (double)db_bytes_v / (double)(npins ? npins : 1));
  printf("peak rss          %.2f MB (%.2f x DEF size, includes LEF and process)\n",
         ut_peak_rss_kb() / 1e3, ut_peak_rss_kb() * 1e3 / bytes);
  free(tr);
  free(tw);
  free(tt);
  return 0;
}
