/*
 * gp_init.c: bound-to-bound (B2B) quadratic initial placement (Spindler, Schlichtmann, Johannes,
 * "Kraftwerk2 - A Fast Force-Directed Quadratic Placement Approach Using an Accurate Net Model",
 * TCAD 2008, section III-B), as RePlAce uses before its Nesterov loop.
 *
 * For a net of p pins, every pin connects to the net's two boundary pins (leftmost, rightmost in x;
 * likewise in y) with weight w = 2 / ((p - 1) |x_i - x_j|); the quadratic sum then equals the HPWL
 * at the current positions.  Each dimension is an SPD system A x = b (a Laplacian with fixed pins as
 * anchors), solved by conjugate gradient with a Jacobi preconditioner.  The system is kept as a
 * diagonal plus an unordered list of off-diagonal pairs: enough for the matrix-vector product, and
 * rebuilt cheaply every round as the weights change.  GSL's sparse solvers offer only GMRES, which
 * does not exploit symmetry, so CG is written here.  Nets above max_net_degree pins are left out
 * (they pull everything to one point and carry little placement information).
 */
#include <math.h>
#include <string.h>

#include "place/gp_int.h"
#include "util/ut.h"

typedef struct b2b_sys_t {
  int n;
  double *diag, *rhs;
  int *ei, *ej;          /* off-diagonal pairs (i < j or any order), weight ew */
  double *ew;
  size_t ne, cap;
} b2b_sys_t;

static int add_pair(b2b_sys_t *s, int i, int j, double w) {
  if (s->ne == s->cap) {
    size_t nc = s->cap ? s->cap * 2 : 1024;
    int *ni = ut_realloc(s->ei, nc * sizeof *ni);
    if (!ni) return UT_ENOMEM;
    s->ei = ni;
    int *nj = ut_realloc(s->ej, nc * sizeof *nj);
    if (!nj) return UT_ENOMEM;
    s->ej = nj;
    double *nw = ut_realloc(s->ew, nc * sizeof *nw);
    if (!nw) return UT_ENOMEM;
    s->ew = nw;
    s->cap = nc;
  }
  s->ei[s->ne] = i;
  s->ej[s->ne] = j;
  s->ew[s->ne] = w;
  s->ne++;
  return UT_OK;
}

/* Connect pin a and pin b (positions pa, pb along this dimension) with weight w. */
static int connect(b2b_sys_t *s, const gp_net_view_t *nv, const double *off, int a, int b,
                   double pa, double pb, double w) {
  int ca = nv->pin_cell[a], cb = nv->pin_cell[b];
  if (ca < 0 && cb < 0) return UT_OK;
  if (ca == cb) return UT_OK;
  if (ca >= 0 && cb >= 0) {
    /* (x_ca + off_a) - (x_cb + off_b) -> offsets move to the right-hand side */
    double d = off[a] - off[b];
    s->diag[ca] += w;
    s->diag[cb] += w;
    s->rhs[ca] -= w * d;
    s->rhs[cb] += w * d;
    return add_pair(s, ca, cb, w);
  }
  int c = ca >= 0 ? ca : cb, mov = ca >= 0 ? a : b;
  double fixed = ca >= 0 ? pb : pa;
  s->diag[c] += w;
  s->rhs[c] += w * (fixed - off[mov]);
  return UT_OK;
}

/* Build the system for one dimension from positions pos (pin positions computed from x). */
static int build(b2b_sys_t *s, const gp_net_view_t *nv, const double *x, const double *off,
                 double *pinpos, int max_deg, double anchor, double center) {
  s->ne = 0;
  for (int i = 0; i < s->n; i++) {
    s->diag[i] = anchor;
    s->rhs[i] = anchor * center;
  }
  for (int e = 0; e < nv->nnets; e++) {
    int b = nv->net_pin_start[e], en = nv->net_pin_start[e + 1], p = en - b;
    if (p < 2 || p > max_deg) continue;
    int lo = b, hi = b;
    for (int k = b; k < en; k++) {
      int c = nv->pin_cell[k];
      pinpos[k] = c >= 0 ? x[c] + off[k] : off[k];
      if (pinpos[k] < pinpos[lo]) lo = k;
      if (pinpos[k] > pinpos[hi]) hi = k;
    }
    if (lo == hi) hi = (lo == b) ? b + 1 : b;
    const double minlen = 1.0;  /* DBU: avoids infinite weights for coincident pins */
    double wbase = 2.0 / (p - 1);
    int rc = connect(s, nv, off, lo, hi, pinpos[lo], pinpos[hi],
                     wbase / fmax(fabs(pinpos[hi] - pinpos[lo]), minlen));
    if (rc) return rc;
    for (int k = b; k < en; k++) {
      if (k == lo || k == hi) continue;
      rc = connect(s, nv, off, k, lo, pinpos[k], pinpos[lo],
                   wbase / fmax(fabs(pinpos[k] - pinpos[lo]), minlen));
      if (!rc)
        rc = connect(s, nv, off, k, hi, pinpos[k], pinpos[hi],
                     wbase / fmax(fabs(pinpos[k] - pinpos[hi]), minlen));
      if (rc) return rc;
    }
  }
  return UT_OK;
}

static void matvec(const b2b_sys_t *s, const double *x, double *y) {
  for (int i = 0; i < s->n; i++) y[i] = s->diag[i] * x[i];
  for (size_t k = 0; k < s->ne; k++) {
    int i = s->ei[k], j = s->ej[k];
    double w = s->ew[k];
    y[i] -= w * x[j];
    y[j] -= w * x[i];
  }
}

static double dot(const double *a, const double *b, int n) {
  double s = 0;
  for (int i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}

/* Jacobi-preconditioned CG; x holds the start and receives the solution. */
static void cg(const b2b_sys_t *s, double *x, double *r, double *z, double *p, double *q,
               int max_it, double tol) {
  int n = s->n;
  matvec(s, x, q);
  for (int i = 0; i < n; i++) {
    r[i] = s->rhs[i] - q[i];
    z[i] = r[i] / s->diag[i];
    p[i] = z[i];
  }
  double rz = dot(r, z, n), b2 = sqrt(dot(s->rhs, s->rhs, n));
  if (b2 == 0) b2 = 1;
  for (int it = 0; it < max_it; it++) {
    if (sqrt(dot(r, r, n)) <= tol * b2) break;
    matvec(s, p, q);
    double pq = dot(p, q, n);
    if (pq <= 0) break;
    double alpha = rz / pq;
    for (int i = 0; i < n; i++) {
      x[i] += alpha * p[i];
      r[i] -= alpha * q[i];
      z[i] = r[i] / s->diag[i];
    }
    double rz2 = dot(r, z, n);
    double beta = rz2 / rz;
    rz = rz2;
    for (int i = 0; i < n; i++) p[i] = z[i] + beta * p[i];
  }
}

int gp_b2b_place(const gp_net_view_t *nv, double *x, double *y, double xl, double yl, double xh,
                 double yh, int rounds, int max_net_degree) {
  int n = nv->ncells;
  if (n <= 0 || rounds <= 0) return UT_OK;
  int npins = nv->net_pin_start[nv->nnets];
  b2b_sys_t s;
  memset(&s, 0, sizeof s);
  s.n = n;
  s.diag = ut_malloc((size_t)n * sizeof *s.diag);
  s.rhs = ut_malloc((size_t)n * sizeof *s.rhs);
  double *work = ut_malloc((size_t)n * 4 * sizeof *work);
  double *pinpos = ut_malloc((size_t)(npins ? npins : 1) * sizeof *pinpos);
  int rc = UT_OK;
  if (!s.diag || !s.rhs || !work || !pinpos) {
    rc = UT_ENOMEM;
    goto done;
  }
  /* a weak pull to the region's center keeps unconnected cells (and the system) well defined */
  const double anchor = 1e-6;
  for (int r = 0; r < rounds && !rc; r++) {
    for (int dim = 0; dim < 2 && !rc; dim++) {
      double *v = dim ? y : x;
      const double *off = dim ? nv->pin_dy : nv->pin_dx;
      double lo = dim ? yl : xl, hi = dim ? yh : xh;
      rc = build(&s, nv, v, off, pinpos, max_net_degree, anchor, 0.5 * (lo + hi));
      if (rc) break;
      cg(&s, v, work, work + n, work + 2 * n, work + 3 * n, 150, 1e-6);
      for (int i = 0; i < n; i++) v[i] = v[i] < lo ? lo : v[i] > hi ? hi : v[i];
    }
  }
done:
  ut_free(s.diag);
  ut_free(s.rhs);
  ut_free(s.ei);
  ut_free(s.ej);
  ut_free(s.ew);
  ut_free(work);
  ut_free(pinpos);
  return rc;
}
