/*
 * fft_bench.c: time the ePlace Poisson solve (gp_fft_solve: one forward 2-D DCT and three inverse
 * 2-D transforms on GSL mixed-radix real FFTs) on square grids from 128 x 128 to 1024 x 1024.
 *
 * Usage: fft_bench [seconds per size, default 1.0]
 * Threads follow OMP_NUM_THREADS.  Prints one line per size: the grid, the number of solves timed,
 * and the best, median and mean milliseconds per solve.
 */
#include <stdio.h>
#include <stdlib.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "place/gp_fft.h"
#include "util/ut.h"

#define MAX_REPS 100000

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  double budget = argc > 1 ? atof(argv[1]) : 1.0;
  int threads = 1;
#ifdef _OPENMP
  threads = omp_get_max_threads();
#endif
  double *ms = malloc(MAX_REPS * sizeof(double));
  if (!ms) return 1;
  printf("# gp_fft_solve, %d thread(s), >= %.2f s per size\n", threads, budget);
  printf("%-12s %8s %10s %10s %10s\n", "grid", "solves", "best ms", "median ms", "mean ms");
  for (int n = 128; n <= 1024; n *= 2) {
    size_t cells = (size_t)n * n;
    double *buf = malloc(4 * cells * sizeof(double));
    if (!buf) return 1;
    double *rho = buf, *psi = buf + cells, *ex = buf + 2 * cells, *ey = buf + 3 * cells;
    unsigned long long r = 12345;
    for (size_t i = 0; i < cells; i++) {
      r = r * 6364136223846793005ULL + 1442695040888963407ULL;
      rho[i] = (double)(r >> 11) / 9007199254740992.0;
    }
    gp_fft_t *f;
    if (gp_fft_create(&f, n, n, 1.0, 1.0) != 0) return 1;
    gp_fft_solve(f, rho, psi, ex, ey);   /* warm up caches and pages */
    int reps = 0;
    double t0 = ut_seconds(), t = t0, sum = 0;
    while (reps < MAX_REPS && (reps < 5 || t - t0 < budget)) {
      double s = ut_seconds();
      gp_fft_solve(f, rho, psi, ex, ey);
      t = ut_seconds();
      ms[reps++] = 1e3 * (t - s);
      sum += 1e3 * (t - s);
    }
    qsort(ms, (size_t)reps, sizeof(double), cmp_double);
    printf("%4d x %-5d %8d %10.3f %10.3f %10.3f\n", n, n, reps, ms[0], ms[reps / 2], sum / reps);
    gp_fft_destroy(f);
    free(buf);
  }
  free(ms);
  return 0;
}
