/*
 * gp_wirelength.c: weighted-average wirelength (Hsu, Chang, Balabanov, DAC 2011, the WA model;
 * ePlace, Lu et al., TODAES 2015, and RePlAce use it as their wirelength W) with its gradient, and
 * the exact HPWL.
 *
 * Per net and axis, with x+ = max_i x_i, x- = min_i x_i, a_i = e^{(x_i - x+)/gamma} and
 * b_i = e^{(x- - x_i)/gamma} (exponents <= 0, so nothing overflows for any gamma > 0):
 *   P = x+ + sum (x_i - x+) a_i / sum a_i,   Q = x- + sum (x_i - x-) b_i / sum b_i,   W = P - Q,
 *   dW/dx_i = a_i / sum a * (1 + (x_i - P)/gamma) - b_i / sum b * (1 - (x_i - Q)/gamma).
 * The sums are taken about x+ and x- so that a short net far from the origin loses no digits.
 *
 * Determinism: nets are processed in parallel, each writing only its own pins' gradients and its
 * own value slot; net values are then summed in net order, and each cell sums its pins in pin order
 * through a cell-to-pin CSR built once in gp_wl_create.  No floating-point sum depends on threads.
 */
#include "place/gp_wirelength.h"

#include <math.h>

#include "util/ut.h"

struct gp_wl_t {
  int ncells, nnets, npins;
  const int *net_pin_start, *pin_cell;
  const double *pin_dx, *pin_dy, *net_weight;
  int *cell_pin_start;       /* ncells + 1: pins of cell c are cell_pins[start[c] .. start[c+1]) */
  int *cell_pins;            /* movable pins, in increasing pin order per cell */
  double *net_val;           /* per-net value of the last call */
  double *pin_gx, *pin_gy;   /* per-pin gradient of the last call */
  double *pin_a, *pin_b;     /* per-pin a_i, b_i of the axis being processed */
};

void gp_wl_destroy(gp_wl_t *wl) {
  if (!wl) return;
  ut_free(wl->cell_pin_start);
  ut_free(wl->cell_pins);
  ut_free(wl->net_val);
  ut_free(wl->pin_gx);
  ut_free(wl->pin_gy);
  ut_free(wl->pin_a);
  ut_free(wl->pin_b);
  ut_free(wl);
}

int gp_wl_create(gp_wl_t **out, int ncells, int nnets, const int *net_pin_start,
                 const int *pin_cell, const double *pin_dx, const double *pin_dy,
                 const double *net_weight) {
  *out = NULL;
  if (ncells < 0 || nnets < 0 || !net_pin_start || net_pin_start[0] != 0) return UT_EINVAL;
  for (int e = 0; e < nnets; e++)
    if (net_pin_start[e + 1] < net_pin_start[e]) return UT_EINVAL;
  int npins = net_pin_start[nnets];
  for (int p = 0; p < npins; p++)
    if (pin_cell[p] < -1 || pin_cell[p] >= ncells) return UT_EINVAL;

  gp_wl_t *wl = ut_calloc(1, sizeof *wl);
  if (!wl) return UT_ENOMEM;
  wl->ncells = ncells;
  wl->nnets = nnets;
  wl->npins = npins;
  wl->net_pin_start = net_pin_start;
  wl->pin_cell = pin_cell;
  wl->pin_dx = pin_dx;
  wl->pin_dy = pin_dy;
  wl->net_weight = net_weight;
  /* +1 so that empty netlists still get non-NULL arrays */
  wl->cell_pin_start = ut_calloc((size_t)ncells + 1, sizeof(int));
  wl->cell_pins = ut_malloc(((size_t)npins + 1) * sizeof(int));
  wl->net_val = ut_malloc(((size_t)nnets + 1) * sizeof(double));
  wl->pin_gx = ut_malloc(((size_t)npins + 1) * sizeof(double));
  wl->pin_gy = ut_malloc(((size_t)npins + 1) * sizeof(double));
  wl->pin_a = ut_malloc(((size_t)npins + 1) * sizeof(double));
  wl->pin_b = ut_malloc(((size_t)npins + 1) * sizeof(double));
  if (!wl->cell_pin_start || !wl->cell_pins || !wl->net_val || !wl->pin_gx || !wl->pin_gy ||
      !wl->pin_a || !wl->pin_b) {
    gp_wl_destroy(wl);
    return UT_ENOMEM;
  }
  /* counting sort of the movable pins by cell; pins stay in increasing order within a cell */
  int *start = wl->cell_pin_start;
  for (int p = 0; p < npins; p++)
    if (pin_cell[p] >= 0) start[pin_cell[p] + 1]++;
  for (int c = 0; c < ncells; c++) start[c + 1] += start[c];
  for (int p = 0; p < npins; p++) {
    int c = pin_cell[p];
    if (c >= 0) wl->cell_pins[start[c]++] = p;
  }
  for (int c = ncells; c > 0; c--) start[c] = start[c - 1];   /* undo the advance */
  start[0] = 0;
  *out = wl;
  return 0;
}

/* Position of pin p along one axis (pos = x or y, off = pin_dx or pin_dy). */
static inline double pin_pos(const gp_wl_t *wl, const double *pos, const double *off, int p) {
  int c = wl->pin_cell[p];
  return c >= 0 ? pos[c] + off[p] : off[p];
}

/* WA along one axis for the pins s..t-1 of one net; writes weight * dW/dx_i into g[s..t-1] when g
 * is not NULL.  a and b are per-pin scratch (the net's own slots). */
static double wa_axis(const gp_wl_t *wl, const double *pos, const double *off, int s, int t,
                      double inv_gamma, double weight, double *a, double *b, double *g) {
  double xmax = -INFINITY, xmin = INFINITY;
  for (int p = s; p < t; p++) {
    double v = pin_pos(wl, pos, off, p);
    xmax = v > xmax ? v : xmax;
    xmin = v < xmin ? v : xmin;
  }
  double sa = 0, ta = 0, sb = 0, tb = 0;   /* sum a_i, sum (x_i - x+) a_i, same for b about x- */
  for (int p = s; p < t; p++) {
    double v = pin_pos(wl, pos, off, p);
    a[p] = exp((v - xmax) * inv_gamma);
    b[p] = exp((xmin - v) * inv_gamma);
    sa += a[p];
    ta += (v - xmax) * a[p];
    sb += b[p];
    tb += (v - xmin) * b[p];
  }
  double dp = ta / sa, dq = tb / sb;   /* P - x+ and Q - x- */
  if (g) {
    double ia = weight / sa, ib = weight / sb;
    for (int p = s; p < t; p++) {
      double v = pin_pos(wl, pos, off, p);
      g[p] = ia * a[p] * (1.0 + ((v - xmax) - dp) * inv_gamma) -
             ib * b[p] * (1.0 - ((v - xmin) - dq) * inv_gamma);
    }
  }
  return weight * ((xmax - xmin) + dp - dq);
}

double gp_wl_wa(gp_wl_t *wl, const double *x, const double *y, double gamma, double *gx,
                double *gy) {
  int want = gx && gy;
  double inv_gamma = 1.0 / gamma;
#pragma omp parallel for schedule(dynamic, 256) if (wl->nnets > 8192)
  for (int e = 0; e < wl->nnets; e++) {
    int s = wl->net_pin_start[e], t = wl->net_pin_start[e + 1];
    double weight = wl->net_weight ? wl->net_weight[e] : 1.0;
    if (t - s < 2) {
      for (int p = s; p < t; p++) wl->pin_gx[p] = wl->pin_gy[p] = 0.0;
      wl->net_val[e] = 0.0;
      continue;
    }
    double wx = wa_axis(wl, x, wl->pin_dx, s, t, inv_gamma, weight, wl->pin_a, wl->pin_b,
                        want ? wl->pin_gx : NULL);
    double wy = wa_axis(wl, y, wl->pin_dy, s, t, inv_gamma, weight, wl->pin_a, wl->pin_b,
                        want ? wl->pin_gy : NULL);
    wl->net_val[e] = wx + wy;
  }
  if (want) {
#pragma omp parallel for schedule(static) if (wl->ncells > 8192)
    for (int c = 0; c < wl->ncells; c++) {
      double sx = 0, sy = 0;
      for (int k = wl->cell_pin_start[c]; k < wl->cell_pin_start[c + 1]; k++) {
        sx += wl->pin_gx[wl->cell_pins[k]];
        sy += wl->pin_gy[wl->cell_pins[k]];
      }
      gx[c] = sx;
      gy[c] = sy;
    }
  }
  double total = 0;
  for (int e = 0; e < wl->nnets; e++) total += wl->net_val[e];
  return total;
}

double gp_wl_hpwl(gp_wl_t *wl, const double *x, const double *y) {
#pragma omp parallel for schedule(dynamic, 256) if (wl->nnets > 8192)
  for (int e = 0; e < wl->nnets; e++) {
    int s = wl->net_pin_start[e], t = wl->net_pin_start[e + 1];
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
    for (int p = s; p < t; p++) {
      double px = pin_pos(wl, x, wl->pin_dx, p), py = pin_pos(wl, y, wl->pin_dy, p);
      x0 = px < x0 ? px : x0;
      x1 = px > x1 ? px : x1;
      y0 = py < y0 ? py : y0;
      y1 = py > y1 ? py : y1;
    }
    double weight = wl->net_weight ? wl->net_weight[e] : 1.0;
    wl->net_val[e] = t - s < 2 ? 0.0 : weight * ((x1 - x0) + (y1 - y0));
  }
  double total = 0;
  for (int e = 0; e < wl->nnets; e++) total += wl->net_val[e];
  return total;
}
