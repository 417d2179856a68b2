/*
 * gp_wirelength_test.c: the WA wirelength model against slow obvious code.
 *  - the WA value against the textbook formula (no max subtraction) where that is safe;
 *  - the gradient against central finite differences on random netlists with fixed pins, pin
 *    offsets, weights, repeated cells on a net and degenerate nets;
 *  - HPWL against a naive loop, WA <= HPWL, and WA -> HPWL as gamma -> 0;
 *  - stability far from the origin and for tiny gamma;
 *  - byte-identical value and gradient for 1 and 2 threads; bad netlists and out-of-memory.
 */
#include <math.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "place/gp_wirelength.h"
#include "tap.h"
#include "util/ut.h"

static unsigned long long g_rng = 0x2545F4914F6CDD1DULL;
static double urand(void) {
  g_rng ^= g_rng >> 12;
  g_rng ^= g_rng << 25;
  g_rng ^= g_rng >> 27;
  return (double)((g_rng * 2685821657736338717ULL) >> 11) * (1.0 / 9007199254740992.0);
}

typedef struct net_t {
  int ncells, nnets, npins;
  int *start, *cell;
  double *dx, *dy, *wt, *x, *y;
} net_t;

/* Random netlist: degrees 0..maxdeg (mostly 2..maxdeg), about 1 in 6 pins fixed. */
static void net_random(net_t *n, int ncells, int nnets, int maxdeg, double span) {
  n->ncells = ncells;
  n->nnets = nnets;
  n->start = malloc((nnets + 1) * sizeof(int));
  n->start[0] = 0;
  for (int e = 0; e < nnets; e++) {
    int deg = 2 + (int)(urand() * (maxdeg - 1));
    if (e % 17 == 3) deg = 1;
    if (e % 23 == 5) deg = 0;
    n->start[e + 1] = n->start[e] + deg;
  }
  n->npins = n->start[nnets];
  n->cell = malloc((n->npins + 1) * sizeof(int));
  n->dx = malloc((n->npins + 1) * sizeof(double));
  n->dy = malloc((n->npins + 1) * sizeof(double));
  n->wt = malloc((nnets + 1) * sizeof(double));
  n->x = malloc((ncells + 1) * sizeof(double));
  n->y = malloc((ncells + 1) * sizeof(double));
  for (int p = 0; p < n->npins; p++) {
    n->cell[p] = urand() < 1.0 / 6 ? -1 : (int)(urand() * ncells);
    n->dx[p] = n->cell[p] < 0 ? span * urand() : 2.0 * urand() - 1.0;
    n->dy[p] = n->cell[p] < 0 ? span * urand() : 2.0 * urand() - 1.0;
  }
  for (int e = 0; e < nnets; e++) n->wt[e] = 0.5 + 1.5 * urand();
  for (int c = 0; c < ncells; c++) {
    n->x[c] = span * urand();
    n->y[c] = span * urand();
  }
}

static void net_free(net_t *n) {
  free(n->start);
  free(n->cell);
  free(n->dx);
  free(n->dy);
  free(n->wt);
  free(n->x);
  free(n->y);
}

static double pinpos(const net_t *n, const double *pos, const double *off, int p) {
  return n->cell[p] >= 0 ? pos[n->cell[p]] + off[p] : off[p];
}

/* Textbook WA (Hsu et al.) and HPWL, net by net. */
static double slow_wa(const net_t *n, double gamma) {
  double tot = 0;
  for (int e = 0; e < n->nnets; e++) {
    if (n->start[e + 1] - n->start[e] < 2) continue;
    for (int axis = 0; axis < 2; axis++) {
      const double *pos = axis ? n->y : n->x, *off = axis ? n->dy : n->dx;
      double a = 0, b = 0, c = 0, d = 0;
      for (int p = n->start[e]; p < n->start[e + 1]; p++) {
        double v = pinpos(n, pos, off, p);
        a += v * exp(v / gamma);
        b += exp(v / gamma);
        c += v * exp(-v / gamma);
        d += exp(-v / gamma);
      }
      tot += n->wt[e] * (a / b - c / d);
    }
  }
  return tot;
}

static double slow_hpwl(const net_t *n) {
  double tot = 0;
  for (int e = 0; e < n->nnets; e++) {
    if (n->start[e + 1] - n->start[e] < 2) continue;
    double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
    for (int p = n->start[e]; p < n->start[e + 1]; p++) {
      double px = pinpos(n, n->x, n->dx, p), py = pinpos(n, n->y, n->dy, p);
      x0 = fmin(x0, px);
      x1 = fmax(x1, px);
      y0 = fmin(y0, py);
      y1 = fmax(y1, py);
    }
    tot += n->wt[e] * (x1 - x0 + y1 - y0);
  }
  return tot;
}

static gp_wl_t *make(const net_t *n) {
  gp_wl_t *wl = NULL;
  int rc = gp_wl_create(&wl, n->ncells, n->nnets, n->start, n->cell, n->dx, n->dy, n->wt);
  CHECK(rc == 0);
  return wl;
}

static void test_value_and_hpwl(void) {
  net_t n;
  net_random(&n, 30, 40, 7, 20.0);
  gp_wl_t *wl = make(&n);
  for (double gamma = 0.5; gamma <= 8; gamma *= 2) {
    double v = gp_wl_wa(wl, n.x, n.y, gamma, NULL, NULL), s = slow_wa(&n, gamma);
    CHECKF(fabs(v - s) < 1e-12 * s, "WA gamma %g: %.15g vs %.15g", gamma, v, s);
  }
  double h = gp_wl_hpwl(wl, n.x, n.y), hs = slow_hpwl(&n);
  CHECKF(fabs(h - hs) < 1e-12 * hs, "HPWL %.15g vs %.15g", h, hs);
  /* WA underestimates HPWL and converges to it as gamma -> 0 */
  double prev = INFINITY;
  for (double gamma = 4.0; gamma > 1e-4; gamma /= 4) {
    double v = gp_wl_wa(wl, n.x, n.y, gamma, NULL, NULL), gap = h - v;
    CHECKF(gap >= -1e-9 * h && gap <= prev, "gamma %g: HPWL - WA = %.3e (previous %.3e)", gamma,
           gap, prev);
    prev = gap;
  }
  CHECKF(prev < 1e-6 * h, "WA at tiny gamma: gap %.3e", prev);
  gp_wl_destroy(wl);
  net_free(&n);
}

static void test_gradient_fd(void) {
  for (int rep = 0; rep < 3; rep++) {
    net_t n;
    net_random(&n, 25, 30, rep == 2 ? 12 : 6, 10.0);
    if (rep == 1) n.cell[1] = n.cell[0];   /* two pins of one cell on one net */
    gp_wl_t *wl = make(&n);
    double *gx = malloc(2 * n.ncells * sizeof(double)), *gy = gx + n.ncells;
    for (double gamma = 0.25; gamma <= 4.0; gamma *= 4) {
      double v = gp_wl_wa(wl, n.x, n.y, gamma, gx, gy);
      CHECK(isfinite(v));
      double worst = 0;
      for (int c = 0; c < n.ncells; c++)
        for (int axis = 0; axis < 2; axis++) {
          double *pos = axis ? n.y : n.x, p0 = pos[c], h = 1e-5;
          pos[c] = p0 + h;
          double vp = gp_wl_wa(wl, n.x, n.y, gamma, NULL, NULL);
          pos[c] = p0 - h;
          double vm = gp_wl_wa(wl, n.x, n.y, gamma, NULL, NULL);
          pos[c] = p0;
          double fd = (vp - vm) / (2 * h), g = axis ? gy[c] : gx[c];
          worst = fmax(worst, fabs(g - fd) / fmax(fabs(fd), 1.0));
        }
      CHECKF(worst < 1e-6, "rep %d gamma %g: gradient relative error %.2e", rep, gamma, worst);
    }
    free(gx);
    gp_wl_destroy(wl);
    net_free(&n);
  }
}

static void test_stability(void) {
  /* far from the origin with tiny gamma: the textbook form overflows, this one must not */
  net_t n;
  net_random(&n, 20, 25, 6, 50.0);
  for (int c = 0; c < n.ncells; c++) {
    n.x[c] += 3e6;
    n.y[c] -= 2e6;
  }
  for (int p = 0; p < n.npins; p++)
    if (n.cell[p] < 0) {
      n.dx[p] += 3e6;
      n.dy[p] -= 2e6;
    }
  gp_wl_t *wl = make(&n);
  double *gx = malloc(2 * n.ncells * sizeof(double)), *gy = gx + n.ncells;
  double h = gp_wl_hpwl(wl, n.x, n.y);
  int finite = 1;
  double lo = INFINITY;
  for (double gamma = 1e-12; gamma <= 1e3; gamma *= 10) {
    double v = gp_wl_wa(wl, n.x, n.y, gamma, gx, gy);
    finite &= isfinite(v);
    for (int c = 0; c < n.ncells; c++) finite &= isfinite(gx[c]) && isfinite(gy[c]);
    lo = fmin(lo, h - v);
    if (gamma == 1e-12) CHECKF(fabs(v - h) < 1e-9 * h, "tiny gamma: %.15g vs %.15g", v, h);
  }
  CHECK(finite);
  CHECK(lo >= -1e-9 * h);
  /* shift invariance: moving everything by a constant changes nothing but rounding */
  net_t m;
  g_rng = 77;
  net_random(&m, 20, 25, 6, 50.0);
  gp_wl_t *wm = make(&m);
  double v0 = gp_wl_wa(wm, m.x, m.y, 2.0, NULL, NULL);
  for (int c = 0; c < m.ncells; c++) m.x[c] += 1e5;
  for (int p = 0; p < m.npins; p++)
    if (m.cell[p] < 0) m.dx[p] += 1e5;
  double v1 = gp_wl_wa(wm, m.x, m.y, 2.0, NULL, NULL);
  CHECKF(fabs(v1 - v0) < 1e-9 * v0, "shift: %.15g vs %.15g", v1, v0);
  gp_wl_destroy(wm);
  net_free(&m);
  free(gx);
  gp_wl_destroy(wl);
  net_free(&n);
}

static void test_threads(void) {
#ifdef _OPENMP
  net_t n;
  net_random(&n, 20000, 30000, 10, 1000.0);
  gp_wl_t *wl = make(&n);
  double *g = malloc(4 * n.ncells * sizeof(double));
  double v[2], hp[2];
  int saved = omp_get_max_threads();
  for (int t = 0; t < 2; t++) {
    omp_set_num_threads(t + 1);
    double *gt = g + 2 * t * n.ncells;
    v[t] = gp_wl_wa(wl, n.x, n.y, 5.0, gt, gt + n.ncells);
    hp[t] = gp_wl_hpwl(wl, n.x, n.y);
  }
  omp_set_num_threads(saved);
  CHECK(memcmp(&v[0], &v[1], sizeof(double)) == 0);
  CHECK(memcmp(&hp[0], &hp[1], sizeof(double)) == 0);
  CHECK(memcmp(g, g + 2 * n.ncells, 2 * n.ncells * sizeof(double)) == 0);
  free(g);
  gp_wl_destroy(wl);
  net_free(&n);
#else
  CHECK(1);
#endif
}

static void test_errors(void) {
  int start_bad[] = {0, 2, 1}, start[] = {0, 2, 3}, cell[] = {0, 1, 2}, cell_bad[] = {0, 3, -2};
  double dx[] = {0, 0, 0}, dy[] = {0, 0, 0};
  gp_wl_t *wl = (gp_wl_t *)1;
  CHECK(gp_wl_create(&wl, 3, 2, start_bad, cell, dx, dy, NULL) == UT_EINVAL && wl == NULL);
  CHECK(gp_wl_create(&wl, 3, 2, start, cell_bad, dx, dy, NULL) == UT_EINVAL);
  CHECK(gp_wl_create(&wl, -1, 2, start, cell, dx, dy, NULL) == UT_EINVAL);
  gp_wl_destroy(NULL);
  /* an empty netlist */
  CHECK(gp_wl_create(&wl, 0, 0, start, cell, dx, dy, NULL) == 0);
  CHECK(gp_wl_wa(wl, NULL, NULL, 1.0, NULL, NULL) == 0.0 && gp_wl_hpwl(wl, NULL, NULL) == 0.0);
  gp_wl_destroy(wl);
  /* cells on no net get a zero gradient; default weights are 1 */
  double x[] = {0, 10, 5, 7}, y[] = {0, 0, 3, 1}, gx[4], gy[4];
  CHECK(gp_wl_create(&wl, 4, 2, start, cell, dx, dy, NULL) == 0);
  gx[3] = gy[3] = 1;
  double v = gp_wl_wa(wl, x, y, 1e-9, gx, gy);
  CHECK(fabs(v - 10.0) < 1e-9 && gx[3] == 0.0 && gy[3] == 0.0);
  CHECK(gp_wl_hpwl(wl, x, y) == 10.0);
  gp_wl_destroy(wl);
  size_t base = ut_alloc_bytes();
  for (long k = 1; k <= 9; k++) {
    ut_alloc_fail_after(k);
    int rc = gp_wl_create(&wl, 3, 2, start, cell, dx, dy, NULL);
    ut_alloc_fail_after(0);
    CHECK(k <= 8 ? rc == UT_ENOMEM : rc == 0);
    gp_wl_destroy(rc ? NULL : wl);
    CHECK(ut_alloc_bytes() == base);
  }
}

int main(void) {
  test_value_and_hpwl();
  test_gradient_fd();
  test_stability();
  test_threads();
  test_errors();
  return tap_done();
}
