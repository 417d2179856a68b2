/*
 * gp_density.c: the density side of ePlace (Lu et al., TODAES 2015, eDensity: cells as charges,
 * N = 1/2 sum q_i psi_i) with RePlAce's engineering (Cheng et al., TCAD 2018: local density
 * smoothing, target-density scaling, overflow tau): bin density rho, tau and dN/dx_i = -q_i xi_i.
 *
 * Scatter: a cell is a rectangle of uniform density; one narrower than sqrt(2) bins is widened to
 * sqrt(2) bins, its density scaled by w / (sqrt(2) bin_w) (likewise in y): it keeps its area.
 * Overlap areas are summed per bin in fixed point (2^-32 bin area): integer sums do not depend on
 * order, so threads scatter into private bin buffers that are then added (past a memory cap, they
 * add atomically into shared bins) and rho is byte-identical for any thread count.  Fixed cells are
 * scattered once (exact areas, capped at the bin area) and enter rho scaled by the target density.
 *
 * Gradient: RePlAce's electric force q_i xi_i = sum over overlapped bins of overlap * scale * xi_b,
 * the field integrated over the cell; a plain parallel gather over cells.  Invariant: scatter and
 * gather use the same smoothed rectangle and the same bins.
 */
#include "place/gp_density.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "util/ut.h"

#define GP_DENSITY_SQRT2 1.41421356237309504880
#define GP_DENSITY_ONE 4294967296.0   /* fixed-point units per bin area: 2^32 */
#define GP_DENSITY_PRIV_MAX (256.0 * 1024 * 1024)   /* bytes of per-thread bin buffers, at most */

struct gp_density_t {
  int nx, ny;
  double xl, yl, bw, bh;       /* region origin and bin size */
  double area, inv_area;       /* bin area and its inverse */
  double target;               /* rho_t */
  double *fixed;               /* fixed area per bin, capped at the bin area */
  int64_t *mov, *fill;         /* movable and filler area per bin, fixed point */
  int nbuf;                    /* threads with private bin buffers (0: none) */
  int64_t *priv;               /* nbuf x (movable, filler) x nx*ny, fixed point */
  double *rho;                 /* density of the last scatter */
  double mov_area;             /* total movable area of the last scatter */
};

int gp_density_create(gp_density_t **out, int nx, int ny, double xl, double yl, double bin_w,
                      double bin_h, double target_density) {
  *out = NULL;
  if (nx < 1 || ny < 1 || (double)nx * ny > 1e9 || !isfinite(xl) || !isfinite(yl) ||
      !(bin_w > 0) || !(bin_h > 0) || !isfinite(bin_w) || !isfinite(bin_h) ||
      !(target_density > 0) || !(target_density <= 1))
    return UT_EINVAL;
  gp_density_t *d = ut_calloc(1, sizeof *d);
  if (!d) return UT_ENOMEM;
  size_t nb = (size_t)nx * (size_t)ny;
  d->nx = nx;
  d->ny = ny;
  d->xl = xl;
  d->yl = yl;
  d->bw = bin_w;
  d->bh = bin_h;
  d->area = bin_w * bin_h;
  d->inv_area = 1.0 / d->area;
  d->target = target_density;
  d->fixed = ut_calloc(nb, sizeof(double));
  d->mov = ut_calloc(nb, sizeof(int64_t));
  d->fill = ut_calloc(nb, sizeof(int64_t));
  d->rho = ut_calloc(nb, sizeof(double));
  /* per-thread buffers let threads scatter without atomics; past the cap, threads add atomically */
  int nthr = 1;
#ifdef _OPENMP
  nthr = omp_get_max_threads();
#endif
  if (nthr > 1 && (double)nthr * 2.0 * (double)nb * sizeof(int64_t) <= GP_DENSITY_PRIV_MAX) {
    d->nbuf = nthr;
    d->priv = ut_malloc((size_t)nthr * 2 * nb * sizeof(int64_t));
  }
  if (!d->fixed || !d->mov || !d->fill || !d->rho || (d->nbuf && !d->priv)) {
    gp_density_destroy(d);
    return UT_ENOMEM;
  }
  *out = d;
  return 0;
}

int gp_density_set_target(gp_density_t *d, double target_density) {
  if (!(target_density > 0) || !(target_density <= 1)) return UT_EINVAL;
  d->target = target_density;
  return 0;
}

void gp_density_destroy(gp_density_t *d) {
  if (!d) return;
  ut_free(d->fixed);
  ut_free(d->mov);
  ut_free(d->fill);
  ut_free(d->rho);
  ut_free(d->priv);
  ut_free(d);
}

/* Bins b0..b1 (inclusive, clipped to 0..n-1; empty when b0 > b1) that the interval [lo, hi] may
 * overlap on an axis with origin org and bin size sz.  NaN input gives a clipped range. */
static inline void bin_range(double lo, double hi, double org, double sz, int n, int *b0,
                             int *b1) {
  /* Bins [b0, b1] cover [lo, hi].  Computed with a multiply and truncation instead of floor/ceil
   * and a division (this was a fifth of global placement's time); the range is widened by a
   * hair so rounding can only add a bin of zero overlap, which the callers skip. */
  double inv = 1.0 / sz;
  double t0 = (lo - org) * inv - 1e-9, t1 = (hi - org) * inv + 1e-9;
  int i0 = t0 <= 0.0 ? 0 : t0 >= (double)n ? n : (int)t0;
  int i1;
  if (!(t1 > 0.0)) i1 = -1;
  else if (t1 >= (double)n) i1 = n - 1;
  else {
    i1 = (int)t1;
    if ((double)i1 == t1) i1--;  /* ceil(t1) - 1 */
  }
  *b0 = i0;
  *b1 = i1;
}

/* The smoothed rectangle of a cell (lower-left lx, ly, size dw x dh) and its density scale. */
typedef struct gp_density_rect_t {
  double lx, ly, dw, dh, scale;
} gp_density_rect_t;

static gp_density_rect_t smoothed(const gp_density_t *d, double x, double y, double w, double h) {
  gp_density_rect_t r;
  double minw = GP_DENSITY_SQRT2 * d->bw, minh = GP_DENSITY_SQRT2 * d->bh;
  w = w > 0 ? w : 0.0;
  h = h > 0 ? h : 0.0;
  r.dw = w < minw ? minw : w;
  r.dh = h < minh ? minh : h;
  r.scale = (w / r.dw) * (h / r.dh);
  r.lx = x - 0.5 * r.dw;
  r.ly = y - 0.5 * r.dh;
  return r;
}

/* Overlap length of [lo, lo + len] with bin b of an axis (may be <= 0 for no overlap). */
static double overlap(double lo, double len, double org, double sz, int b) {
  double bl = org + b * sz, bh = bl + sz, hi = lo + len;
  return (hi < bh ? hi : bh) - (lo > bl ? lo : bl);
}

int gp_density_set_fixed(gp_density_t *d, int n, const double *x, const double *y, const double *w,
                         const double *h) {
  if (n < 0) return UT_EINVAL;
  int nx = d->nx;
  size_t nb = (size_t)nx * (size_t)d->ny;
  memset(d->fixed, 0, nb * sizeof(double));
  for (int i = 0; i < n; i++) {
    if (!(w[i] > 0) || !(h[i] > 0)) continue;
    double lx = x[i] - 0.5 * w[i], ly = y[i] - 0.5 * h[i];
    int j0, j1, k0, k1;
    bin_range(lx, lx + w[i], d->xl, d->bw, nx, &j0, &j1);
    bin_range(ly, ly + h[i], d->yl, d->bh, d->ny, &k0, &k1);
    for (int k = k0; k <= k1; k++) {
      double oy = overlap(ly, h[i], d->yl, d->bh, k);
      if (oy <= 0) continue;
      for (int j = j0; j <= j1; j++) {
        double ox = overlap(lx, w[i], d->xl, d->bw, j);
        if (ox > 0) d->fixed[(size_t)k * nx + j] += ox * oy;
      }
    }
  }
  for (size_t b = 0; b < nb; b++)
    if (d->fixed[b] > d->area) d->fixed[b] = d->area;
  return 0;
}

/* The density scale of cell i: c->dscale[i] for movable cells when given (RePlAce: a macro counts
 * at the target density, so bins it covers are exactly full), else 1. */
#define DSCALE(c, i) ((c)->dscale && (i) < (c)->nmov ? (c)->dscale[i] : 1.0)

/* Add cell (x, y, w, h)'s smoothed overlap areas to acc in fixed point; atomic is a constant at
 * each call site, so the single-thread path compiles without atomics. */
static inline void scatter_cell(const gp_density_t *d, int64_t *acc, double x, double y, double w,
                                double h, double ds, int atomic) {
  int nx = d->nx;
  double unit = GP_DENSITY_ONE * d->inv_area;   /* fixed-point units per unit of area */
  gp_density_rect_t r = smoothed(d, x, y, w, h);
  r.scale *= ds;
  if (!(r.scale > 0)) return;
  int j0, j1, k0, k1;
  bin_range(r.lx, r.lx + r.dw, d->xl, d->bw, nx, &j0, &j1);
  bin_range(r.ly, r.ly + r.dh, d->yl, d->bh, d->ny, &k0, &k1);
  for (int k = k0; k <= k1; k++) {
    double oy = overlap(r.ly, r.dh, d->yl, d->bh, k);
    if (oy <= 0) continue;
    double sy = r.scale * oy * unit;
    for (int j = j0; j <= j1; j++) {
      double ox = overlap(r.lx, r.dw, d->xl, d->bw, j);
      if (ox <= 0) continue;
      int64_t q = (int64_t)(ox * sy + 0.5);   /* round to nearest, all terms >= 0 */
      size_t b = (size_t)k * nx + j;
      if (atomic) {
#pragma omp atomic
        acc[b] += q;
      } else {
        acc[b] += q;
      }
    }
  }
}

static int thread_id(void) {
#ifdef _OPENMP
  return omp_get_thread_num();
#else
  return 0;
#endif
}

static int team_size(void) {
#ifdef _OPENMP
  return omp_get_num_threads();
#else
  return 1;
#endif
}

void gp_density_scatter(gp_density_t *d, const gp_density_cells_t *c) {
  long nb = (long)d->nx * d->ny;
  int64_t *mov = d->mov, *fill = d->fill;
  int nt = 1;
#ifdef _OPENMP
  nt = omp_get_max_threads();
#endif
  if (c->n < 16384) nt = 1;  /* a parallel region costs more than a small scatter */
  if (nt <= 1) {
    memset(mov, 0, (size_t)nb * sizeof(int64_t));
    memset(fill, 0, (size_t)nb * sizeof(int64_t));
    for (int i = 0; i < c->n; i++)
      scatter_cell(d, i < c->nmov ? mov : fill, c->x[i], c->y[i], c->w[i], c->h[i], DSCALE(c, i), 0);
  } else if (nt <= d->nbuf) {
    /* each thread scatters into its own buffers, then every bin sums the threads' buffers */
#pragma omp parallel num_threads(nt)
    {
      int64_t *pm = d->priv + 2 * (size_t)thread_id() * (size_t)nb, *pf = pm + nb;
      int team = team_size();
      memset(pm, 0, 2 * (size_t)nb * sizeof(int64_t));
#pragma omp for schedule(dynamic, 512)
      for (int i = 0; i < c->n; i++)
        scatter_cell(d, i < c->nmov ? pm : pf, c->x[i], c->y[i], c->w[i], c->h[i], DSCALE(c, i), 0);
#pragma omp for schedule(static)
      for (long b = 0; b < nb; b++) {
        int64_t sm = 0, sf = 0;
        for (int t = 0; t < team; t++) {
          sm += d->priv[(2 * (size_t)t) * (size_t)nb + (size_t)b];
          sf += d->priv[(2 * (size_t)t + 1) * (size_t)nb + (size_t)b];
        }
        mov[b] = sm;
        fill[b] = sf;
      }
    }
  } else {
    memset(mov, 0, (size_t)nb * sizeof(int64_t));
    memset(fill, 0, (size_t)nb * sizeof(int64_t));
#pragma omp parallel for schedule(dynamic, 512)
    for (int i = 0; i < c->n; i++)
      scatter_cell(d, i < c->nmov ? mov : fill, c->x[i], c->y[i], c->w[i], c->h[i], DSCALE(c, i), 1);
  }

  double inv_one = 1.0 / GP_DENSITY_ONE, tf = d->target * d->inv_area;
#pragma omp parallel for schedule(static) if (nb > 16384)
  for (long b = 0; b < nb; b++)
    d->rho[b] = (double)(mov[b] + fill[b]) * inv_one + tf * d->fixed[b];
  double ma = 0.0;
  for (int i = 0; i < c->nmov; i++) {
    double w = c->w[i] > 0 ? c->w[i] : 0.0, h = c->h[i] > 0 ? c->h[i] : 0.0;
    ma += w * h * DSCALE(c, i);
  }
  d->mov_area = ma;
}

const double *gp_density_rho(const gp_density_t *d) { return d->rho; }

double gp_density_overflow(const gp_density_t *d) {
  if (!(d->mov_area > 0)) return 0.0;
  size_t nb = (size_t)d->nx * (size_t)d->ny;
  double a = d->area / GP_DENSITY_ONE, sum = 0.0;
  for (size_t b = 0; b < nb; b++) {
    double over = (double)d->mov[b] * a - d->target * (d->area - d->fixed[b]);
    if (over > 0) sum += over;
  }
  return sum / d->mov_area;
}

void gp_density_gradient(const gp_density_t *d, const gp_density_cells_t *c, const double *ex,
                         const double *ey, double *gx, double *gy) {
  int nx = d->nx;
#pragma omp parallel for schedule(dynamic, 512) if (c->n > 16384)
  for (int i = 0; i < c->n; i++) {
    gp_density_rect_t r = smoothed(d, c->x[i], c->y[i], c->w[i], c->h[i]);
    double fx = 0.0, fy = 0.0;   /* q_i xi_i: the electric force on cell i */
    int j0, j1, k0, k1;
    bin_range(r.lx, r.lx + r.dw, d->xl, d->bw, nx, &j0, &j1);
    bin_range(r.ly, r.ly + r.dh, d->yl, d->bh, d->ny, &k0, &k1);
    for (int k = k0; k <= k1; k++) {
      double oy = overlap(r.ly, r.dh, d->yl, d->bh, k);
      if (oy <= 0) continue;
      for (int j = j0; j <= j1; j++) {
        double ox = overlap(r.lx, r.dw, d->xl, d->bw, j);
        if (ox <= 0) continue;
        size_t b = (size_t)k * nx + j;
        fx += ox * oy * ex[b];
        fy += ox * oy * ey[b];
      }
    }
    double sc = r.scale * DSCALE(c, i);
    gx[i] = -sc * fx;
    gy[i] = -sc * fy;
  }
}
