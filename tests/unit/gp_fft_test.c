/*
 * gp_fft_test.c: the spectral Poisson solver against slow obvious code.
 *  - psi, xi_x, xi_y against direct cosine/sine sums of the same series (ePlace's eDensity) on
 *    power-of-two, mixed-radix and odd grids;
 *  - the field against finite differences of the potential, and the 5-point Laplacian of psi
 *    against -(rho - mean), on smooth input;
 *  - linearity, a uniform density giving no field, the energy as a positive quadratic form;
 *  - byte-identical results for 1 and 2 threads; argument and out-of-memory errors.
 */
#include <math.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "place/gp_fft.h"
#include "tap.h"
#include "util/ut.h"

#define PI 3.14159265358979323846

/* A small deterministic generator for test data (xorshift64*), uniform in [0, 1). */
static unsigned long long g_rng = 88172645463325252ULL;
static double urand(void) {
  g_rng ^= g_rng >> 12;
  g_rng ^= g_rng << 25;
  g_rng ^= g_rng >> 27;
  return (double)((g_rng * 2685821657736338717ULL) >> 11) * (1.0 / 9007199254740992.0);
}

static double max_abs(const double *a, int n) {
  double m = 0;
  for (int i = 0; i < n; i++) m = fmax(m, fabs(a[i]));
  return m;
}

static double max_diff(const double *a, const double *b, int n) {
  double m = 0;
  for (int i = 0; i < n; i++) m = fmax(m, fabs(a[i] - b[i]));
  return m;
}

/* Direct evaluation: a_uv by cosine sums, then psi and -grad psi of the series at bin centres. */
static void direct_solve(int nx, int ny, double bw, double bh, const double *rho, double *psi,
                         double *ex, double *ey) {
  int n = nx * ny;
  double *a = calloc((size_t)n, sizeof(double));
  double Lx = nx * bw, Ly = ny * bh;
  for (int u = 0; u < nx; u++)
    for (int v = 0; v < ny; v++) {
      double s = 0;
      for (int k = 0; k < ny; k++)
        for (int j = 0; j < nx; j++) {
          double x = (j + 0.5) * bw, y = (k + 0.5) * bh;
          s += rho[k * nx + j] * cos(PI * u * x / Lx) * cos(PI * v * y / Ly);
        }
      a[u * ny + v] = (u ? 2.0 : 1.0) * (v ? 2.0 : 1.0) * s / n;
    }
  for (int k = 0; k < ny; k++)
    for (int j = 0; j < nx; j++) {
      double x = (j + 0.5) * bw, y = (k + 0.5) * bh, p = 0, fx = 0, fy = 0;
      for (int u = 0; u < nx; u++)
        for (int v = 0; v < ny; v++) {
          if (!u && !v) continue;
          double wu = PI * u / Lx, wv = PI * v / Ly, c = a[u * ny + v] / (wu * wu + wv * wv);
          p += c * cos(wu * x) * cos(wv * y);
          fx += c * wu * sin(wu * x) * cos(wv * y);   /* -d/dx of cos(wu x) = wu sin(wu x) */
          fy += c * wv * cos(wu * x) * sin(wv * y);
        }
      psi[k * nx + j] = p;
      ex[k * nx + j] = fx;
      ey[k * nx + j] = fy;
    }
  free(a);
}

static void test_direct(int nx, int ny, double bw, double bh) {
  int n = nx * ny;
  double *rho = malloc(n * sizeof(double)), *buf = malloc(6 * n * sizeof(double));
  double *psi = buf, *ex = buf + n, *ey = buf + 2 * n, *dp = buf + 3 * n, *dx = buf + 4 * n,
         *dy = buf + 5 * n;
  for (int i = 0; i < n; i++) rho[i] = 2.0 * urand();
  gp_fft_t *f;
  CHECK(gp_fft_create(&f, nx, ny, bw, bh) == 0);
  gp_fft_solve(f, rho, psi, ex, ey);
  direct_solve(nx, ny, bw, bh, rho, dp, dx, dy);
  double ep = max_diff(psi, dp, n) / max_abs(dp, n);
  double efx = max_diff(ex, dx, n) / fmax(max_abs(dx, n), 1e-300);
  double efy = max_diff(ey, dy, n) / fmax(max_abs(dy, n), 1e-300);
  CHECKF(ep < 1e-9 && efx < 1e-9 && efy < 1e-9, "%dx%d: rel err psi %.2e ex %.2e ey %.2e", nx, ny,
         ep, efx, efy);
  if (nx == 1) CHECK(max_abs(ex, n) == 0.0);
  /* energy against its definition, and positive (the DC-free part of the Green operator is
   * positive definite) */
  double e = 0;
  for (int i = 0; i < n; i++) e += rho[i] * dp[i];
  e *= 0.5 * bw * bh;
  double fe = gp_fft_energy(f, rho, psi);
  CHECKF(fabs(fe - e) <= 1e-9 * fabs(e) && fe > 0, "%dx%d: energy %.12g vs %.12g", nx, ny, fe, e);
  gp_fft_destroy(f);
  free(rho);
  free(buf);
}

/* Smooth input: a sum of two Gaussian blobs on a 128 x 96 grid. */
static void smooth_rho(int nx, int ny, double bw, double bh, double *rho) {
  for (int k = 0; k < ny; k++)
    for (int j = 0; j < nx; j++) {
      double x = (j + 0.5) * bw, y = (k + 0.5) * bh;
      double X = nx * bw, Y = ny * bh;
      double d1 = (x - 0.3 * X) * (x - 0.3 * X) + (y - 0.6 * Y) * (y - 0.6 * Y);
      double d2 = (x - 0.7 * X) * (x - 0.7 * X) + (y - 0.35 * Y) * (y - 0.35 * Y);
      double s1 = 0.12 * X, s2 = 0.08 * X;
      rho[k * nx + j] = 1.5 * exp(-d1 / (2 * s1 * s1)) + exp(-d2 / (2 * s2 * s2)) + 0.2;
    }
}

static void test_gradient_and_laplacian(void) {
  int nx = 128, ny = 96, n = nx * ny;
  double bw = 2.0, bh = 3.0;
  double *rho = malloc(n * sizeof(double)), *psi = malloc(n * sizeof(double)),
         *ex = malloc(n * sizeof(double)), *ey = malloc(n * sizeof(double));
  smooth_rho(nx, ny, bw, bh, rho);
  gp_fft_t *f;
  CHECK(gp_fft_create(&f, nx, ny, bw, bh) == 0);
  gp_fft_solve(f, rho, psi, ex, ey);
  double mean = 0;
  for (int i = 0; i < n; i++) mean += rho[i];
  mean /= n;
  double errx = 0, erry = 0, errl = 0, rhomax = 0;
  for (int k = 1; k < ny - 1; k++)
    for (int j = 1; j < nx - 1; j++) {
      int b = k * nx + j;
      double gx = (psi[b + 1] - psi[b - 1]) / (2 * bw);
      double gy = (psi[b + nx] - psi[b - nx]) / (2 * bh);
      errx = fmax(errx, fabs(ex[b] + gx));
      erry = fmax(erry, fabs(ey[b] + gy));
      double lap = (psi[b + 1] - 2 * psi[b] + psi[b - 1]) / (bw * bw) +
                   (psi[b + nx] - 2 * psi[b] + psi[b - nx]) / (bh * bh);
      errl = fmax(errl, fabs(lap + (rho[b] - mean)));
      rhomax = fmax(rhomax, fabs(rho[b] - mean));
    }
  /* central differences and the 5-point Laplacian are second order: about 1.6e-3 and 1.4e-3 of
   * the maximum here */
  double fmx = fmax(max_abs(ex, n), max_abs(ey, n));
  CHECKF(errx < 5e-3 * fmx && erry < 5e-3 * fmx, "field vs -grad psi: %.2e %.2e (max %.2e)", errx,
         erry, fmx);
  CHECKF(errl < 1e-2 * rhomax, "laplacian: %.2e (max %.2e)", errl, rhomax);
  /* Neumann boundary: the normal field vanishes at the region's edges, so it is small (half a bin
   * from the edge) in the outer bins compared with its maximum. */
  double edge = 0;
  for (int k = 0; k < ny; k++) edge = fmax(edge, fmax(fabs(ex[k * nx]), fabs(ex[k * nx + nx - 1])));
  CHECKF(edge < 0.1 * fmx, "edge field %.2e", edge);
  gp_fft_destroy(f);
  free(rho);
  free(psi);
  free(ex);
  free(ey);
}

static void test_linearity_and_uniform(void) {
  int nx = 64, ny = 32, n = nx * ny;
  double *b = malloc(12 * n * sizeof(double));
  double *r1 = b, *r2 = b + n, *r3 = b + 2 * n;
  double *o1 = b + 3 * n, *o2 = b + 6 * n, *o3 = b + 9 * n;   /* psi, ex, ey each */
  for (int i = 0; i < n; i++) {
    r1[i] = urand();
    r2[i] = urand() * 3.0;
    r3[i] = 0.75 * r1[i] - 2.5 * r2[i];
  }
  gp_fft_t *f;
  CHECK(gp_fft_create(&f, nx, ny, 1.0, 1.25) == 0);
  gp_fft_solve(f, r1, o1, o1 + n, o1 + 2 * n);
  gp_fft_solve(f, r2, o2, o2 + n, o2 + 2 * n);
  gp_fft_solve(f, r3, o3, o3 + n, o3 + 2 * n);
  double err = 0, mx = max_abs(o3, 3 * n);
  for (int i = 0; i < 3 * n; i++) err = fmax(err, fabs(o3[i] - (0.75 * o1[i] - 2.5 * o2[i])));
  CHECKF(err < 1e-12 * mx, "linearity %.2e (max %.2e)", err, mx);
  for (int i = 0; i < n; i++) r1[i] = 0.9;
  gp_fft_solve(f, r1, o1, o1 + n, o1 + 2 * n);
  CHECKF(max_abs(o1, 3 * n) < 1e-13, "uniform density: %.2e", max_abs(o1, 3 * n));
  gp_fft_destroy(f);
  free(b);
}

static void test_threads(void) {
#ifdef _OPENMP
  int nx = 256, ny = 128, n = nx * ny;
  double *rho = malloc(n * sizeof(double)), *o1 = malloc(3 * n * sizeof(double)),
         *o2 = malloc(3 * n * sizeof(double));
  for (int i = 0; i < n; i++) rho[i] = urand();
  int saved = omp_get_max_threads();
  omp_set_num_threads(2);
  gp_fft_t *f;
  CHECK(gp_fft_create(&f, nx, ny, 1.0, 1.0) == 0);
  omp_set_num_threads(1);
  gp_fft_solve(f, rho, o1, o1 + n, o1 + 2 * n);
  omp_set_num_threads(2);
  gp_fft_solve(f, rho, o2, o2 + n, o2 + 2 * n);
  CHECK(memcmp(o1, o2, 3 * n * sizeof(double)) == 0);
  omp_set_num_threads(saved);
  gp_fft_destroy(f);
  free(rho);
  free(o1);
  free(o2);
#else
  CHECK(1);
#endif
}

static void test_errors(void) {
  gp_fft_t *f = (gp_fft_t *)1;
  CHECK(gp_fft_create(&f, 0, 8, 1, 1) == UT_EINVAL && f == NULL);
  CHECK(gp_fft_create(&f, 8, 8, 0, 1) == UT_EINVAL);
  CHECK(gp_fft_create(&f, 8, 8, 1, NAN) == UT_EINVAL);
  gp_fft_destroy(NULL);
  size_t base = ut_alloc_bytes();
  int nomem = 0;
  for (long k = 1; k <= 12; k++) {
    ut_alloc_fail_after(k);
    int rc = gp_fft_create(&f, 16, 8, 1, 1);
    ut_alloc_fail_after(0);
    if (rc == UT_ENOMEM) nomem++;
    else gp_fft_destroy(f);
    CHECK(rc == UT_ENOMEM || rc == 0);
    CHECK(ut_alloc_bytes() == base);
  }
  CHECK(nomem >= 6);
}

int main(void) {
  test_direct(8, 8, 1.0, 1.0);
  test_direct(16, 8, 1.5, 0.75);
  test_direct(32, 32, 2.0, 3.0);
  test_direct(12, 10, 1.0, 2.0);   /* mixed radix */
  test_direct(7, 9, 0.5, 1.0);     /* odd lengths */
  test_direct(1, 8, 1.0, 1.0);
  test_direct(2, 3, 1.0, 1.0);
  test_gradient_and_laplacian();
  test_linearity_and_uniform();
  test_threads();
  test_errors();
  return tap_done();
}
