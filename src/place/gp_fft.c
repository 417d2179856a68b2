/*
 * gp_fft.c: ePlace's spectral solution of Poisson's equation (Lu et al., TODAES 2015, the numerical
 * solution of eDensity by DCT/DST; RePlAce, Cheng et al., TCAD 2018, keeps the same solver).
 *
 * The density rho is expanded in the cosine basis cos(w_u x) cos(w_v y) that satisfies the
 * Neumann boundary condition (a 2-D DCT-II gives a_uv); psi, xi_x and xi_y are then three inverse
 * transforms of a_uv / (w_u^2 + w_v^2) scaled by 1, w_u and w_v: cosine in both axes for psi, sine
 * in x for xi_x and sine in y for xi_y.  Each 1-D transform of length n is one real FFT of length
 * n (GSL, mixed radix) with Makhoul's even/odd reordering and a twiddle by e^{-i pi u / 2n}
 * (Makhoul, IEEE TASSP 1980); the inverse sine transform is the inverse cosine transform of the
 * reversed coefficients with alternating output signs.  2-D transforms run the 1-D transform over
 * rows, transpose (in cache tiles), and run it over rows again: every FFT reads contiguous memory.
 *
 * Invariants: wavetables, twiddles and per-thread scratch are made in gp_fft_create; a solve
 * allocates nothing.  Rows are independent, so the result is the same for any thread count.
 */
#include "place/gp_fft.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_fft_halfcomplex.h>
#include <gsl/gsl_fft_real.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "util/ut.h"

#define GP_FFT_PI 3.14159265358979323846
#define GP_FFT_TILE 32          /* transpose tile edge, in doubles */
#define GP_FFT_PAR_MIN 4096     /* grids smaller than this run on one thread */

/* One axis: its length, GSL wavetables, Makhoul twiddles and the physical frequencies w_u. */
typedef struct gp_fft_axis_t {
  int n;
  gsl_fft_real_wavetable *rwt;
  gsl_fft_halfcomplex_wavetable *hwt;
  double *cs, *sn;   /* cos, sin of pi u / (2n), u = 0..n-1 */
  double *w;         /* w_u = pi u / (n * bin size) */
} gp_fft_axis_t;

/* Per-thread scratch: a row buffer and GSL workspaces for both lengths. */
typedef struct gp_fft_scratch_t {
  double *v;
  gsl_fft_real_workspace *wsx, *wsy;
} gp_fft_scratch_t;

struct gp_fft_t {
  int nx, ny;
  double bin_w, bin_h;
  gp_fft_axis_t ax, ay;
  double *t;       /* nx*ny, [u][.] layout: DCT in y, then psi coefficients */
  double *s;       /* nx*ny: first pass in x, then xi_y coefficients */
  int nthr;        /* scratch slots */
  gp_fft_scratch_t *scr;
};

/* ---- setup ----------------------------------------------------------------------------------- */

static int axis_init(gp_fft_axis_t *a, int n, double len) {
  a->n = n;
  a->cs = ut_malloc((size_t)n * sizeof(double));
  a->sn = ut_malloc((size_t)n * sizeof(double));
  a->w = ut_malloc((size_t)n * sizeof(double));
  if (!a->cs || !a->sn || !a->w) return UT_ENOMEM;
  for (int u = 0; u < n; u++) {
    double th = GP_FFT_PI * u / (2.0 * n);
    a->cs[u] = cos(th);
    a->sn[u] = sin(th);
    a->w[u] = GP_FFT_PI * u / len;
  }
  a->rwt = gsl_fft_real_wavetable_alloc((size_t)n);
  a->hwt = gsl_fft_halfcomplex_wavetable_alloc((size_t)n);
  if (!a->rwt || !a->hwt) return UT_ENOMEM;
  return 0;
}

static void axis_free(gp_fft_axis_t *a) {
  ut_free(a->cs);
  ut_free(a->sn);
  ut_free(a->w);
  if (a->rwt) gsl_fft_real_wavetable_free(a->rwt);
  if (a->hwt) gsl_fft_halfcomplex_wavetable_free(a->hwt);
}

void gp_fft_destroy(gp_fft_t *f) {
  if (!f) return;
  axis_free(&f->ax);
  axis_free(&f->ay);
  ut_free(f->t);
  ut_free(f->s);
  if (f->scr) {
    for (int i = 0; i < f->nthr; i++) {
      ut_free(f->scr[i].v);
      if (f->scr[i].wsx) gsl_fft_real_workspace_free(f->scr[i].wsx);
      if (f->scr[i].wsy) gsl_fft_real_workspace_free(f->scr[i].wsy);
    }
    ut_free(f->scr);
  }
  ut_free(f);
}

int gp_fft_create(gp_fft_t **out, int nx, int ny, double bin_w, double bin_h) {
  *out = NULL;
  if (nx < 1 || ny < 1 || nx > (1 << 24) || ny > (1 << 24) || (double)nx * ny > 1e12 ||
      !(bin_w > 0) || !(bin_h > 0) || !isfinite(bin_w) || !isfinite(bin_h))
    return UT_EINVAL;
  gp_fft_t *f = ut_calloc(1, sizeof *f);
  if (!f) return UT_ENOMEM;
  f->nx = nx;
  f->ny = ny;
  f->bin_w = bin_w;
  f->bin_h = bin_h;
#ifdef _OPENMP
  f->nthr = omp_get_max_threads();
#else
  f->nthr = 1;
#endif
  int nmax = nx > ny ? nx : ny;
  size_t cells = (size_t)nx * (size_t)ny;
  int rc = axis_init(&f->ax, nx, nx * bin_w);
  if (!rc) rc = axis_init(&f->ay, ny, ny * bin_h);
  if (!rc) {
    f->t = ut_malloc(cells * sizeof(double));
    f->s = ut_malloc(cells * sizeof(double));
    f->scr = ut_calloc((size_t)f->nthr, sizeof *f->scr);
    if (!f->t || !f->s || !f->scr) rc = UT_ENOMEM;
  }
  for (int i = 0; !rc && i < f->nthr; i++) {
    gp_fft_scratch_t *sc = &f->scr[i];
    sc->v = ut_malloc((size_t)nmax * sizeof(double));
    sc->wsx = gsl_fft_real_workspace_alloc((size_t)nx);
    sc->wsy = gsl_fft_real_workspace_alloc((size_t)ny);
    if (!sc->v || !sc->wsx || !sc->wsy) rc = UT_ENOMEM;
  }
  if (rc) {
    gp_fft_destroy(f);
    return rc;
  }
  *out = f;
  return 0;
}

/* ---- 1-D transforms -------------------------------------------------------------------------- */

/* DCT-II, unnormalized: X_u = sum_j x_j cos(pi u (2j+1) / 2n).  x and X may alias; v is scratch.
 * Makhoul: v = (x_0, x_2, x_4, ..., x_5, x_3, x_1), V = FFT(v), X_u = Re(e^{-i pi u/2n} V_u). */
static void dct2(const gp_fft_axis_t *a, const double *x, double *X, double *v,
                 gsl_fft_real_workspace *ws) {
  int n = a->n;
  for (int j = 0; 2 * j < n; j++) v[j] = x[2 * j];
  for (int j = 0; 2 * j + 1 < n; j++) v[n - 1 - j] = x[2 * j + 1];
  gsl_fft_real_transform(v, 1, (size_t)n, a->rwt, ws);
  /* halfcomplex: V_0 = v[0]; V_u = v[2u-1] + i v[2u] for 0 < u < n/2; V_{n/2} = v[n-1] (n even).
   * With V_u = re + i im: X_u = cs re + sn im and X_{n-u} = sn re - cs im. */
  X[0] = v[0];
  for (int u = 1; 2 * u < n; u++) {
    double re = v[2 * u - 1], im = v[2 * u];
    X[u] = a->cs[u] * re + a->sn[u] * im;
    X[n - u] = a->sn[u] * re - a->cs[u] * im;
  }
  if (n % 2 == 0 && n > 1) X[n / 2] = a->cs[n / 2] * v[n - 1];
}

/* Inverse cosine transform: y_j = sum_{u=0}^{n-1} c_u cos(pi u (2j+1) / 2n), in place on y (which
 * holds c on entry).  This is n times the inverse of dct2 applied to X_0 = c_0, X_u = c_u / 2:
 * V_u = e^{i pi u/2n} (X_u - i X_{n-u}), v = unnormalized inverse FFT of V, y = un-reordered v.
 * With odd_neg set, odd outputs are negated (used by the sine transform). */
static void dct3(const gp_fft_axis_t *a, double *y, double *v, gsl_fft_real_workspace *ws,
                 int odd_neg) {
  int n = a->n;
  v[0] = y[0];
  for (int u = 1; 2 * u < n; u++) {
    double xu = 0.5 * y[u], xnu = 0.5 * y[n - u];
    v[2 * u - 1] = a->cs[u] * xu + a->sn[u] * xnu;
    v[2 * u] = a->sn[u] * xu - a->cs[u] * xnu;
  }
  if (n % 2 == 0 && n > 1) v[n - 1] = a->cs[n / 2] * y[n / 2];
  gsl_fft_halfcomplex_backward(v, 1, (size_t)n, a->hwt, ws);
  double sg = odd_neg ? -1.0 : 1.0;
  for (int j = 0; 2 * j < n; j++) y[2 * j] = v[j];
  for (int j = 0; 2 * j + 1 < n; j++) y[2 * j + 1] = sg * v[n - 1 - j];
}

/* Inverse sine transform: y_j = sum_{u=1}^{n-1} s_u sin(pi u (2j+1) / 2n), in place (y holds s).
 * Since sin(pi (n-u) (2j+1) / 2n) = (-1)^j cos(pi u (2j+1) / 2n), it is the inverse cosine
 * transform of c_0 = 0, c_u = s_{n-u}, with odd outputs negated. */
static void dst3(const gp_fft_axis_t *a, double *y, double *v, gsl_fft_real_workspace *ws) {
  int n = a->n;
  for (int u = 1; u < n - u; u++) {
    double t = y[u];
    y[u] = y[n - u];
    y[n - u] = t;
  }
  y[0] = 0.0;
  dct3(a, y, v, ws, 1);
}

/* ---- 2-D passes ------------------------------------------------------------------------------ */

static int thread_id(void) {
#ifdef _OPENMP
  return omp_get_thread_num();
#else
  return 0;
#endif
}

static int team_size(const gp_fft_t *f) {
#ifdef _OPENMP
  int t = omp_get_max_threads();
  return t < f->nthr ? t : f->nthr;
#else
  return f->nthr;
#endif
}

/* dst (cols x rows) = transpose of src (rows x cols), times scale[r] per source row if scale. */
static void transpose(const double *src, int rows, int cols, double *dst, const double *scale,
                      int nt, int par) {
  (void)nt;   /* unused without OpenMP */
  (void)par;
  int nbr = (rows + GP_FFT_TILE - 1) / GP_FFT_TILE;
#pragma omp parallel for num_threads(nt) if (par) schedule(static)
  for (int br = 0; br < nbr; br++) {
    int r0 = br * GP_FFT_TILE, r1 = r0 + GP_FFT_TILE < rows ? r0 + GP_FFT_TILE : rows;
    for (int c0 = 0; c0 < cols; c0 += GP_FFT_TILE) {
      int c1 = c0 + GP_FFT_TILE < cols ? c0 + GP_FFT_TILE : cols;
      for (int r = r0; r < r1; r++) {
        double sc = scale ? scale[r] : 1.0;
        const double *s = src + (size_t)r * cols;
        for (int c = c0; c < c1; c++) dst[(size_t)c * rows + r] = sc * s[c];
      }
    }
  }
}

enum { GP_FFT_COS = 0, GP_FFT_SIN = 1 };

/* Inverse transform along each row of m, cosine or sine: rows of length nx (along_x) or ny. */
static void rows_inverse(gp_fft_t *f, int along_x, double *m, int rows, int kind, int nt,
                         int par) {
  (void)nt;   /* unused without OpenMP */
  (void)par;
  const gp_fft_axis_t *a = along_x ? &f->ax : &f->ay;
#pragma omp parallel for num_threads(nt) if (par) schedule(static)
  for (int r = 0; r < rows; r++) {
    gp_fft_scratch_t *sc = &f->scr[thread_id()];
    gsl_fft_real_workspace *ws = along_x ? sc->wsx : sc->wsy;
    double *row = m + (size_t)r * a->n;
    if (kind == GP_FFT_SIN) dst3(a, row, sc->v, ws);
    else dct3(a, row, sc->v, ws, 0);
  }
}

void gp_fft_solve(gp_fft_t *f, const double *rho, double *psi, double *ex, double *ey) {
  int nx = f->nx, ny = f->ny;
  int nt = team_size(f);
  int par = (double)nx * ny >= GP_FFT_PAR_MIN && nt > 1;
  const gp_fft_axis_t *ax = &f->ax, *ay = &f->ay;
  double *t = f->t, *s = f->s;

  /* Forward 2-D DCT-II: rows of rho (in x) into s [k][u]; transpose to t [u][k]; rows in y. */
#pragma omp parallel for num_threads(nt) if (par) schedule(static)
  for (int k = 0; k < ny; k++) {
    gp_fft_scratch_t *sc = &f->scr[thread_id()];
    dct2(ax, rho + (size_t)k * nx, s + (size_t)k * nx, sc->v, sc->wsx);
  }
  transpose(s, ny, nx, t, NULL, nt, par);
#pragma omp parallel for num_threads(nt) if (par) schedule(static)
  for (int u = 0; u < nx; u++) {
    gp_fft_scratch_t *sc = &f->scr[thread_id()];
    dct2(ay, t + (size_t)u * ny, t + (size_t)u * ny, sc->v, sc->wsy);
  }

  /* Coefficients, in [u][v] layout: a_uv = c_u c_v / (nx ny) * DCT; t <- a_uv / (w_u^2 + w_v^2)
   * (the psi coefficients), s <- that times w_v (the xi_y coefficients).  xi_x's coefficients are
   * the psi ones times w_u, which only depends on the row u: it is applied in the transpose. */
  double norm = 1.0 / ((double)nx * (double)ny);
#pragma omp parallel for num_threads(nt) if (par) schedule(static)
  for (int u = 0; u < nx; u++) {
    double cu = u ? 2.0 : 1.0, wu2 = ax->w[u] * ax->w[u];
    double *tr = t + (size_t)u * ny, *sr = s + (size_t)u * ny;
    for (int v = 0; v < ny; v++) {
      double cv = v ? 2.0 : 1.0, wv = ay->w[v];
      double p = (u || v) ? cu * cv * norm * tr[v] / (wu2 + wv * wv) : 0.0;
      tr[v] = p;
      sr[v] = p * wv;
    }
  }

  /* Inverse along y (rows of the [u][.] arrays), transpose back to [k][.], inverse along x. */
  rows_inverse(f, 0, t, nx, GP_FFT_COS, nt, par);
  rows_inverse(f, 0, s, nx, GP_FFT_SIN, nt, par);
  transpose(t, nx, ny, psi, NULL, nt, par);
  transpose(t, nx, ny, ex, ax->w, nt, par);
  transpose(s, nx, ny, ey, NULL, nt, par);
  rows_inverse(f, 1, psi, ny, GP_FFT_COS, nt, par);
  rows_inverse(f, 1, ex, ny, GP_FFT_SIN, nt, par);
  rows_inverse(f, 1, ey, ny, GP_FFT_COS, nt, par);
}

double gp_fft_energy(const gp_fft_t *f, const double *rho, const double *psi) {
  size_t cells = (size_t)f->nx * (size_t)f->ny;
  double e = 0.0;
  for (size_t b = 0; b < cells; b++) e += rho[b] * psi[b];
  return 0.5 * e * f->bin_w * f->bin_h;
}
