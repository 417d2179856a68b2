/*
 * gp_density_test.c: density scatter, overflow and gradient against slow obvious code.
 *  - rho and the overflow against a per-bin loop over all cells (RePlAce's smoothing written out);
 *  - area conservation and fixed cells scaled by the target density;
 *  - the energy N = 1/2 sum rho psi A against finite differences of its exact discrete gradient
 *    (psi at the bins holding the moving edges);
 *  - gp_density_gradient (ePlace's -q_i xi_i) against central finite differences of N;
 *  - byte-identical rho, overflow and gradient for 1 and 2 threads; errors and out-of-memory.
 */
#include <math.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "place/gp_density.h"
#include "place/gp_fft.h"
#include "tap.h"
#include "util/ut.h"

static unsigned long long g_rng = 0x9E3779B97F4A7C15ULL;
static double urand(void) {
  g_rng ^= g_rng >> 12;
  g_rng ^= g_rng << 25;
  g_rng ^= g_rng >> 27;
  return (double)((g_rng * 2685821657736338717ULL) >> 11) * (1.0 / 9007199254740992.0);
}

/* A placement problem: region [X0, X0 + nx bw] x [Y0, Y0 + ny bh]. */
#define X0 10.0
#define Y0 -5.0

typedef struct prob_t {
  int nx, ny, n, nmov, nfix;
  double bw, bh, target;
  double *x, *y, *w, *h;            /* cells */
  double *fx, *fy, *fw, *fh;        /* fixed */
} prob_t;

static void prob_alloc(prob_t *p, int nx, int ny, double bw, double bh, int n, int nmov, int nfix,
                       double target) {
  p->nx = nx;
  p->ny = ny;
  p->bw = bw;
  p->bh = bh;
  p->n = n;
  p->nmov = nmov;
  p->nfix = nfix;
  p->target = target;
  p->x = calloc(4 * (size_t)n + 4 * (size_t)nfix + 4, sizeof(double));
  p->y = p->x + n;
  p->w = p->y + n;
  p->h = p->w + n;
  p->fx = p->h + n;
  p->fy = p->fx + nfix;
  p->fw = p->fy + nfix;
  p->fh = p->fw + nfix;
}

/* Random cells: a mix of sub-bin cells (smoothed), a few bins wide, and some partly outside. */
static void prob_random(prob_t *p, double minsz, double maxsz) {
  double W = p->nx * p->bw, H = p->ny * p->bh;
  for (int i = 0; i < p->n; i++) {
    p->w[i] = minsz + (maxsz - minsz) * urand();
    p->h[i] = minsz + (maxsz - minsz) * urand();
    if (i % 5 == 0) {
      p->w[i] = 0.3 * p->bw + 0.5 * p->bw * urand();
      p->h[i] = 0.2 * p->bh + 1.0 * p->bh * urand();
    }
    p->x[i] = X0 - 0.05 * W + 1.1 * W * urand();
    p->y[i] = Y0 - 0.05 * H + 1.1 * H * urand();
  }
  for (int i = 0; i < p->nfix; i++) {
    p->fw[i] = (0.1 + 0.3 * urand()) * W;
    p->fh[i] = (0.1 + 0.3 * urand()) * H;
    p->fx[i] = X0 + W * urand();
    p->fy[i] = Y0 + H * urand();
  }
}

static gp_density_cells_t prob_cells(const prob_t *p) {
  gp_density_cells_t c = {p->n, p->nmov, p->x, p->y, p->w, p->h, NULL};
  return c;
}

static double ovl(double a0, double a1, double b0, double b1) {
  double o = fmin(a1, b1) - fmax(a0, b0);
  return o > 0 ? o : 0;
}

/* Slow obvious scatter: every bin against every cell; also the per-bin movable area and fixed. */
static void slow_scatter(const prob_t *p, double *rho, double *movarea, double *fixarea) {
  double A = p->bw * p->bh, s2 = sqrt(2.0);
  for (int k = 0; k < p->ny; k++)
    for (int j = 0; j < p->nx; j++) {
      double bx0 = X0 + j * p->bw, by0 = Y0 + k * p->bh, bx1 = bx0 + p->bw, by1 = by0 + p->bh;
      double mv = 0, fl = 0, fx = 0;
      for (int i = 0; i < p->n; i++) {
        double dw = fmax(p->w[i], s2 * p->bw), dh = fmax(p->h[i], s2 * p->bh);
        double sc = p->w[i] * p->h[i] / (dw * dh);
        double o = ovl(p->x[i] - dw / 2, p->x[i] + dw / 2, bx0, bx1) *
                   ovl(p->y[i] - dh / 2, p->y[i] + dh / 2, by0, by1) * sc;
        if (i < p->nmov) mv += o;
        else fl += o;
      }
      for (int i = 0; i < p->nfix; i++)
        fx += ovl(p->fx[i] - p->fw[i] / 2, p->fx[i] + p->fw[i] / 2, bx0, bx1) *
              ovl(p->fy[i] - p->fh[i] / 2, p->fy[i] + p->fh[i] / 2, by0, by1);
      fx = fmin(fx, A);
      rho[k * p->nx + j] = (mv + fl + p->target * fx) / A;
      movarea[k * p->nx + j] = mv;
      fixarea[k * p->nx + j] = fx;
    }
}

static void test_scatter_vs_slow(void) {
  prob_t p;
  prob_alloc(&p, 24, 16, 2.0, 3.0, 150, 100, 3, 0.8);
  prob_random(&p, 0.5, 9.0);
  int nb = p.nx * p.ny;
  gp_density_t *d;
  CHECK(gp_density_create(&d, p.nx, p.ny, X0, Y0, p.bw, p.bh, p.target) == 0);
  CHECK(gp_density_set_fixed(d, p.nfix, p.fx, p.fy, p.fw, p.fh) == 0);
  gp_density_cells_t c = prob_cells(&p);
  gp_density_scatter(d, &c);
  double *rho = malloc(3 * nb * sizeof(double)), *mv = rho + nb, *fx = rho + 2 * nb;
  slow_scatter(&p, rho, mv, fx);
  const double *r = gp_density_rho(d);
  double err = 0;
  for (int b = 0; b < nb; b++) err = fmax(err, fabs(r[b] - rho[b]));
  CHECKF(err < 1e-8, "rho vs slow: %.2e", err);
  double over = 0, tot = 0;
  for (int b = 0; b < nb; b++) over += fmax(0, mv[b] - p.target * (p.bw * p.bh - fx[b]));
  for (int i = 0; i < p.nmov; i++) tot += p.w[i] * p.h[i];
  double ov = gp_density_overflow(d);
  CHECKF(fabs(ov - over / tot) < 1e-9, "overflow %.12f vs %.12f", ov, over / tot);
  CHECK(ov > 0);
  gp_density_destroy(d);
  free(rho);
  free(p.x);
}

static void test_conservation(void) {
  /* cells well inside: sum rho A = movable + filler area + target * fixed area */
  prob_t p;
  prob_alloc(&p, 32, 32, 1.0, 1.0, 200, 150, 1, 0.7);
  prob_random(&p, 0.2, 4.0);
  for (int i = 0; i < p.n; i++) {
    p.x[i] = X0 + 6 + 20 * urand();
    p.y[i] = Y0 + 6 + 20 * urand();
  }
  p.fx[0] = X0 + 8.0;   /* a blockage covering bins 5..10 x 5..8 exactly */
  p.fy[0] = Y0 + 7.0;
  p.fw[0] = 6.0;
  p.fh[0] = 4.0;
  gp_density_t *d;
  CHECK(gp_density_create(&d, p.nx, p.ny, X0, Y0, 1.0, 1.0, p.target) == 0);
  CHECK(gp_density_set_fixed(d, 1, p.fx, p.fy, p.fw, p.fh) == 0);
  gp_density_cells_t c = prob_cells(&p);
  c.n = 0;
  gp_density_scatter(d, &c);
  const double *r = gp_density_rho(d);
  CHECK(r[6 * 32 + 7] == p.target && r[4 * 32 + 7] == 0.0 && r[6 * 32 + 11] == 0.0);
  CHECK(gp_density_overflow(d) == 0.0);
  c.n = p.n;
  gp_density_scatter(d, &c);
  double s = 0, a = 0;
  for (int b = 0; b < 32 * 32; b++) s += r[b];
  for (int i = 0; i < p.n; i++) a += p.w[i] * p.h[i];
  a += p.target * 24.0;
  CHECKF(fabs(s - a) < 1e-7, "area %.12f vs %.12f", s, a);
  gp_density_destroy(d);
  free(p.x);
}

/* N(v) for the current cell positions. */
static double energy(gp_density_t *d, gp_fft_t *f, const gp_density_cells_t *c, double *psi,
                     double *ex, double *ey) {
  gp_density_scatter(d, c);
  gp_fft_solve(f, gp_density_rho(d), psi, ex, ey);
  return gp_fft_energy(f, gp_density_rho(d), psi);
}

/* The exact derivative of the discrete N in x for cell i (psi of the current placement): moving the
 * cell by dx adds (scaled) area dx * oy_k to the bin holding the right edge and removes it from the
 * bin holding the left edge, in every row k it covers; N is quadratic with a symmetric operator, so
 * dN/dx = sum_k scale * oy_k * (psi[right bin] - psi[left bin]). */
static double exact_dndx(const prob_t *p, int i, const double *psi) {
  double s2 = sqrt(2.0), dw = fmax(p->w[i], s2 * p->bw), dh = fmax(p->h[i], s2 * p->bh);
  double sc = p->w[i] * p->h[i] / (dw * dh), g = 0;
  int jl = (int)floor((p->x[i] - dw / 2 - X0) / p->bw);
  int jr = (int)floor((p->x[i] + dw / 2 - X0) / p->bw);
  for (int k = 0; k < p->ny; k++) {
    double oy = ovl(p->y[i] - dh / 2, p->y[i] + dh / 2, Y0 + k * p->bh, Y0 + (k + 1) * p->bh);
    if (oy <= 0) continue;
    if (jr >= 0 && jr < p->nx) g += sc * oy * psi[k * p->nx + jr];
    if (jl >= 0 && jl < p->nx) g -= sc * oy * psi[k * p->nx + jl];
  }
  return g;
}

static void test_energy_identity(void) {
  prob_t p;
  prob_alloc(&p, 32, 32, 1.0, 1.5, 60, 40, 2, 0.9);
  prob_random(&p, 0.5, 8.0);
  int nb = p.nx * p.ny;
  double *buf = malloc(3 * nb * sizeof(double)), *psi = buf, *ex = buf + nb, *ey = buf + 2 * nb;
  gp_density_t *d;
  gp_fft_t *f;
  CHECK(gp_density_create(&d, p.nx, p.ny, X0, Y0, p.bw, p.bh, p.target) == 0);
  CHECK(gp_fft_create(&f, p.nx, p.ny, p.bw, p.bh) == 0);
  CHECK(gp_density_set_fixed(d, p.nfix, p.fx, p.fy, p.fw, p.fh) == 0);
  gp_density_cells_t c = prob_cells(&p);
  energy(d, f, &c, psi, ex, ey);
  double *psi0 = malloc(nb * sizeof(double));
  memcpy(psi0, psi, nb * sizeof(double));
  double h = 1e-4, worst = 0, scale = 0;
  int tested = 0;
  for (int i = 0; i < p.n; i++) {
    double g = exact_dndx(&p, i, psi0), x0 = p.x[i];
    p.x[i] = x0 + h;
    double ep = energy(d, f, &c, psi, ex, ey);
    p.x[i] = x0 - h;
    double em = energy(d, f, &c, psi, ex, ey);
    p.x[i] = x0;
    double fd = (ep - em) / (2 * h);
    worst = fmax(worst, fabs(fd - g));
    scale = fmax(scale, fabs(g));
    tested++;
  }
  CHECKF(worst < 1e-5 * scale && tested == p.n, "discrete dN/dx: worst %.2e (max %.2e)", worst,
         scale);
  gp_density_destroy(d);
  gp_fft_destroy(f);
  free(buf);
  free(psi0);
  free(p.x);
}

/* ePlace's gradient against central differences of N.  -q_i xi_i is the derivative of the
 * continuous energy; the discrete N is piecewise linear between bin crossings, so the difference
 * step spans a bin and the cells are a few bins wide (smooth on the grid). */
static void test_gradient_fd(void) {
  prob_t p;
  prob_alloc(&p, 64, 64, 1.0, 1.0, 40, 30, 1, 1.0);
  prob_random(&p, 4.0, 10.0);
  for (int i = 0; i < p.n; i++) {   /* keep cells inside, away from the edges */
    p.w[i] = 4.0 + 6.0 * urand();
    p.h[i] = 4.0 + 6.0 * urand();
    p.x[i] = X0 + 12 + 40 * urand();
    p.y[i] = Y0 + 12 + 40 * urand();
  }
  int nb = p.nx * p.ny;
  double *buf = malloc(3 * nb * sizeof(double)), *psi = buf, *ex = buf + nb, *ey = buf + 2 * nb;
  double *gx = malloc(2 * p.n * sizeof(double)), *gy = gx + p.n;
  gp_density_t *d;
  gp_fft_t *f;
  CHECK(gp_density_create(&d, p.nx, p.ny, X0, Y0, p.bw, p.bh, p.target) == 0);
  CHECK(gp_fft_create(&f, p.nx, p.ny, p.bw, p.bh) == 0);
  CHECK(gp_density_set_fixed(d, p.nfix, p.fx, p.fy, p.fw, p.fh) == 0);
  gp_density_cells_t c = prob_cells(&p);
  energy(d, f, &c, psi, ex, ey);
  gp_density_gradient(d, &c, ex, ey, gx, gy);
  double h = 1.0, num = 0, den = 0, worst = 0;
  for (int i = 0; i < p.n; i++) {
    for (int axis = 0; axis < 2; axis++) {
      double *v = axis ? p.y : p.x, v0 = v[i];
      v[i] = v0 + h;
      double ep = energy(d, f, &c, psi, ex, ey);
      v[i] = v0 - h;
      double em = energy(d, f, &c, psi, ex, ey);
      v[i] = v0;
      double fd = (ep - em) / (2 * h), g = axis ? gy[i] : gx[i];
      num += (fd - g) * (fd - g);
      den += fd * fd;
      worst = fmax(worst, fabs(fd - g));
    }
  }
  double rel = sqrt(num / den), rms = sqrt(den / (2 * p.n));
  CHECKF(rel < 0.03, "gradient vs FD: relative %.3e, worst %.3e, rms %.3e", rel, worst, rms);
  CHECKF(worst < 0.05 * rms, "gradient vs FD: worst %.3e, rms %.3e", worst, rms);
  gp_density_destroy(d);
  gp_fft_destroy(f);
  free(buf);
  free(gx);
  free(p.x);
}

/* 1 thread (serial scatter), 2 threads (per-thread buffers, made for 2 threads at create) and 3
 * threads (more than the buffers: atomic adds) must all give the same bytes. */
static void test_threads(void) {
#ifdef _OPENMP
  prob_t p;
  prob_alloc(&p, 128, 128, 1.0, 1.0, 60000, 40000, 5, 0.8);
  prob_random(&p, 0.3, 3.0);
  int nb = p.nx * p.ny;
  double *buf = malloc(3 * nb * sizeof(double)), *psi = buf, *ex = buf + nb, *ey = buf + 2 * nb;
  double *g = malloc(3 * 2 * p.n * sizeof(double)), *r = malloc(3 * nb * sizeof(double));
  int saved = omp_get_max_threads();
  omp_set_num_threads(2);
  gp_density_t *d;
  gp_fft_t *f;
  CHECK(gp_density_create(&d, p.nx, p.ny, X0, Y0, p.bw, p.bh, p.target) == 0);
  CHECK(gp_fft_create(&f, p.nx, p.ny, p.bw, p.bh) == 0);
  CHECK(gp_density_set_fixed(d, p.nfix, p.fx, p.fy, p.fw, p.fh) == 0);
  gp_density_cells_t c = prob_cells(&p);
  double ov[3];
  for (int t = 0; t < 3; t++) {
    omp_set_num_threads(t + 1);
    gp_density_scatter(d, &c);
    memcpy(r + t * nb, gp_density_rho(d), nb * sizeof(double));
    ov[t] = gp_density_overflow(d);
    gp_fft_solve(f, gp_density_rho(d), psi, ex, ey);
    double *gt = g + 2 * t * p.n;
    gp_density_gradient(d, &c, ex, ey, gt, gt + p.n);
  }
  for (int t = 1; t < 3; t++) {
    CHECKF(memcmp(r, r + t * nb, nb * sizeof(double)) == 0, "rho, %d threads", t + 1);
    CHECKF(memcmp(&ov[0], &ov[t], sizeof(double)) == 0, "overflow, %d threads", t + 1);
    CHECKF(memcmp(g, g + 2 * t * p.n, 2 * p.n * sizeof(double)) == 0, "gradient, %d threads",
           t + 1);
  }
  omp_set_num_threads(saved);
  gp_density_destroy(d);
  gp_fft_destroy(f);
  free(buf);
  free(g);
  free(r);
  free(p.x);
#else
  CHECK(1);
#endif
}

static void test_errors(void) {
  gp_density_t *d = (gp_density_t *)1;
  CHECK(gp_density_create(&d, 0, 4, 0, 0, 1, 1, 1) == UT_EINVAL && d == NULL);
  CHECK(gp_density_create(&d, 4, 4, 0, 0, -1, 1, 1) == UT_EINVAL);
  CHECK(gp_density_create(&d, 4, 4, 0, 0, 1, 1, 0) == UT_EINVAL);
  CHECK(gp_density_create(&d, 4, 4, 0, 0, 1, 1, 1.5) == UT_EINVAL);
  gp_density_destroy(NULL);
  size_t base = ut_alloc_bytes();
#ifdef _OPENMP
  int saved = omp_get_max_threads();
  omp_set_num_threads(2);
#endif
  for (long k = 1; k <= 7; k++) {
    ut_alloc_fail_after(k);
    int rc = gp_density_create(&d, 8, 8, 0, 0, 1, 1, 1);
    ut_alloc_fail_after(0);
#ifdef _OPENMP
    CHECK(k <= 6 ? rc == UT_ENOMEM : rc == 0);   /* 6 allocations with per-thread buffers */
#else
    CHECK(k <= 5 ? rc == UT_ENOMEM : rc == 0);
#endif
    if (rc == 0) {
      CHECK(gp_density_set_fixed(d, -1, NULL, NULL, NULL, NULL) == UT_EINVAL);
      gp_density_cells_t c = {0, 0, NULL, NULL, NULL, NULL, NULL};
      gp_density_scatter(d, &c);
      CHECK(gp_density_overflow(d) == 0.0);
      gp_density_destroy(d);
    }
    CHECK(ut_alloc_bytes() == base);
  }
#ifdef _OPENMP
  omp_set_num_threads(saved);
#endif
}

/* Density scale (RePlAce's macro scaling): a 4 x 4 macro at scale 0.7 on a grid at target 0.7 fills
 * its 16 bins to exactly 0.7, adds no overflow, and its force is 0.7 times the unscaled one. */
static void test_dscale(void) {
  gp_density_t *d;
  CHECK(gp_density_create(&d, 16, 16, 0.0, 0.0, 1.0, 1.0, 0.7) == 0);
  double x[2] = {6.0, 11.5}, y[2] = {6.0, 9.5}, w[2] = {4.0, 1.0}, h[2] = {4.0, 1.0};
  double ds[1] = {0.7};
  gp_density_cells_t c = {1, 1, x, y, w, h, ds};
  gp_density_scatter(d, &c);
  const double *r = gp_density_rho(d);
  int full = 0;
  for (int b = 0; b < 256; b++) full += fabs(r[b] - 0.7) < 1e-9;
  CHECKF(full == 16, "%d bins at the target", full);
  CHECK(gp_density_overflow(d) == 0.0);
  /* with a cell on top of it: overflow = that cell's excess over the macro's share */
  c.n = c.nmov = 2;
  x[1] = 6.5;
  y[1] = 6.5;
  double ds2[2] = {0.7, 1.0};
  c.dscale = ds2;
  gp_density_scatter(d, &c);
  double ov = gp_density_overflow(d);
  CHECKF(fabs(ov - 1.0 / (16 * 0.7 + 1.0)) < 1e-9, "overflow %.12f", ov);
  double ex[256], ey[256], gx[2], gy[2], gxs[2], gys[2];
  for (int b = 0; b < 256; b++) {
    ex[b] = 0.01 * (b % 16);
    ey[b] = -0.02 * (b / 16);
  }
  gp_density_gradient(d, &c, ex, ey, gxs, gys);
  c.dscale = NULL;
  gp_density_gradient(d, &c, ex, ey, gx, gy);
  CHECK(fabs(gxs[0] - 0.7 * gx[0]) < 1e-12 && fabs(gys[0] - 0.7 * gy[0]) < 1e-12);
  CHECK(gxs[1] == gx[1] && gys[1] == gy[1]);
  gp_density_destroy(d);
}

int main(void) {
  test_dscale();
  test_scatter_vs_slow();
  test_conservation();
  test_energy_identity();
  test_gradient_fd();
  test_threads();
  test_errors();
  return tap_done();
}
