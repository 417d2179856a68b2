/*
 * gp.c: the global placement driver: from the database to the placer's arrays, the Nesterov loop,
 * and back.  ePlace (Lu et al., "ePlace: Electrostatics-Based Placement Using Fast Fourier
 * Transform and Nesterov's Method", TODAES 2015) with RePlAce's schedules (Cheng et al., TCAD 2018):
 *
 *   minimize f(v) = W(v) + lambda N(v)
 *   W: weighted-average wirelength with smoothing gamma (gp_wirelength),
 *   N: electrostatic density energy, charge = cell area, field by spectral Poisson (gp_density,
 *      gp_fft); filler cells fill the white space up to the target density.  A movable macro's
 *      charge is its area times the target density (RePlAce/gpl): the bins it covers are then
 *      exactly at the target, so mixed-size placement can reach a low overflow (without it the
 *      macro-heavy preset stopped at overflow 0.17 after 2,000 iterations).
 *
 * Nesterov's method with Lipschitz step prediction (ePlace section 5.2): with major solution u_k,
 * reference solution v_k and a_{k+1} = (1 + sqrt(4 a_k^2 + 1)) / 2,
 *   u_{k+1} = v_k - alpha_k P^-1 grad f(v_k),   v_{k+1} = u_{k+1} + (a_k - 1)/a_{k+1} (u_{k+1} - u_k),
 * alpha_k = |v_k - v_{k-1}| / |P^-1 grad f(v_k) - P^-1 grad f(v_{k-1})|, backtracking while the
 * new estimate drops below 95% of the one used.  P is the Jacobi preconditioner
 * H_i = pins_i + lambda area_i (at least 1).  gamma follows the overflow tau (RePlAce):
 * gamma = bin / (0.25 c(tau)) with c = 10^-((tau - 0.1) 20/9 - 1) clamped to [0.1, 10]; lambda starts
 * at init_density_penalty |grad W|_1 / |grad N|_1 and is multiplied by
 * mu = 1.05^(1 - max(0, dHPWL)/dHPWL_ref) clamped to [0.95, 1.05] each iteration (ePlace eq. 35 as in
 * RePlAce, dHPWL_ref = 4.46e8 DBU like OpenROAD).  The loop stops at overflow <= target.
 *
 * Divergence (a NaN, or HPWL more than 3x the best seen once spreading is under way) reverts to the
 * best snapshot with half the step and a smaller lambda; after 3 recoveries the best snapshot is
 * kept and the loop ends.  Fence members are clamped into their fence's bounding box every
 * iteration (other cells are not yet pushed out of fences: legalization enforces that).
 *
 * Departure from RePlAce: filler cells get 4x the area of an average cell (RePlAce: 1x).  Measured
 * on aes and ibex (docs/BENCHMARKS.md), the legal result after detailed placement is the same
 * within 0.1% while global placement runs about 1.8x faster (fewer objects to scatter).
 *
 * Routability mode (o.routability, off by default; RePlAce TCAD 2019 section V as OpenROAD gpl
 * runs it): snapshot at overflow 0.6, congestion checks at 0.3, cell inflation in congested GCells
 * and a return to the snapshot per round, the least-congested sizes kept; gp_routability.c holds
 * the policy (gp_routability_step after every iteration), gp_route.c the congestion map.  With the
 * mode off none of it runs and the result is byte-identical to a build without it.
 */
#include "place/gp.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "place/gp_density.h"
#include "place/gp_fft.h"
#include "place/gp_int.h"
#include "place/gp_wirelength.h"

void gp_opts_default(gp_opts_t *o) {
  memset(o, 0, sizeof *o);
  o->target_density = 0.7;
  o->target_overflow = 0.10;
  o->max_iters = 2000;
  o->initial_iters = 8;
  o->init_density_penalty = 8e-5;
  o->seed = 1;
  o->progress_every = 50;
  o->filler_scale = 4.0;
  o->rt_map = GP_RT_MAP_RUDY;
  o->rt_check_overflow = 0.3;
  o->rt_snapshot_overflow = 0.6;
  o->rt_target_rc = 1.01;
  o->rt_rounds = 5;
  o->rt_power = 2.5;
  o->rt_max_ratio = 2.5;
  o->rt_max_inflation = 0.3;
  o->rt_max_density = 0.99;
  o->rt_cap_scale = 1.0;
}

typedef struct gp_t {
  db_t *db;
  gp_opts_t o;
  /* placer objects: [0, nmov) movable components, [nmov, n) fillers */
  int n, nmov;
  int32_t *cell_of;            /* movable index -> db component */
  double *w, *h, *area, *pins; /* sizes (DBU), area, pin count (preconditioner) */
  double *dscale;              /* nmov density scales (target density for macros), NULL when
                                * no movable macro: RePlAce's macro density scaling */
  double xl, yl, xh, yh;       /* placement region (core) */
  /* netlist view */
  int nnets;
  int *net_pin_start, *pin_cell;
  double *pin_dx, *pin_dy;
  gp_wl_t *wl;
  gp_density_t *dens;
  gp_fft_t *fft;
  int bx, by;
  double bin_w, bin_h;
  double *psi, *ex, *ey;
  /* fences: bounding box per movable cell (or none) */
  double *fence;               /* 4 per movable cell, NULL when no fences */
  /* optimizer state */
  double *u, *v, *v_prev, *g, *g_prev, *u_new, *v_new, *g_new, *gwx, *gwy, *gdx, *gdy;
  double *best;                /* snapshot of the best major solution (2n) */
  double *frame_x, *frame_y;   /* db->ncells centers for the frame callback (NULL: none) */
  double gamma, lambda, overflow;
  double t_wl, t_density, t_fft;
  gp_routability_t *rty;       /* routability rounds (o.routability; NULL otherwise) */
} gp_t;

static double clampd(double v, double lo, double hi) { return v < lo ? lo : v > hi ? hi : v; }

/* Keep a cell's center inside the region (and its fence), given its size. */
static void clamp_cell(const gp_t *p, int i, double *x, double *y) {
  double hw = 0.5 * p->w[i], hh = 0.5 * p->h[i];
  double xl = p->xl + hw, xh = p->xh - hw, yl = p->yl + hh, yh = p->yh - hh;
  if (p->fence && i < p->nmov && p->fence[4 * i + 2] > p->fence[4 * i]) {
    const double *f = &p->fence[4 * i];
    xl = fmax(xl, f[0] + hw);
    yl = fmax(yl, f[1] + hh);
    xh = fmin(xh, f[2] - hw);
    yh = fmin(yh, f[3] - hh);
  }
  if (xl > xh) xl = xh = 0.5 * (xl + xh);
  if (yl > yh) yl = yh = 0.5 * (yl + yh);
  *x = clampd(*x, xl, xh);
  *y = clampd(*y, yl, yh);
}

/* Loops shorter than this run on one thread: on a busy machine every parallel region can cost a
 * scheduler time slice, which small designs cannot amortize. */
#define GP_PAR_MIN 16384

static void clamp_all(const gp_t *p, double *xy) {
#pragma omp parallel for schedule(static) if (p->n > GP_PAR_MIN)
  for (int i = 0; i < p->n; i++) clamp_cell(p, i, &xy[i], &xy[p->n + i]);
}

/* ---- setup ---- */

static int build_netlist(gp_t *p, ut_diag_t *diag) {
  db_t *db = p->db;
  int32_t *mov_index = ut_malloc((db->ncells ? db->ncells : 1) * sizeof *mov_index);
  if (!mov_index) return UT_ENOMEM;
  for (size_t c = 0; c < db->ncells; c++) mov_index[c] = -1;
  for (int i = 0; i < p->nmov; i++) mov_index[p->cell_of[i]] = i;
  /* count the nets and pins we keep: signal nets with at least two pins, not all fixed */
  int nn = 0, np = 0;
  for (size_t e = 0; e < db->nnets; e++) {
    int b = db->net_pin_start[e], en = db->net_pin_start[e + 1];
    if (db->net_use[e] == DB_USE_POWER || db->net_use[e] == DB_USE_GROUND || en - b < 2) continue;
    nn++;
    np += en - b;
  }
  p->net_pin_start = ut_malloc((size_t)(nn + 1) * sizeof *p->net_pin_start);
  p->pin_cell = ut_malloc((size_t)(np ? np : 1) * sizeof *p->pin_cell);
  p->pin_dx = ut_malloc((size_t)(np ? np : 1) * sizeof *p->pin_dx);
  p->pin_dy = ut_malloc((size_t)(np ? np : 1) * sizeof *p->pin_dy);
  if (!p->net_pin_start || !p->pin_cell || !p->pin_dx || !p->pin_dy) {
    ut_free(mov_index);
    return UT_ENOMEM;
  }
  int k = 0, e2 = 0, unplaced_io = 0;
  p->net_pin_start[0] = 0;
  for (size_t e = 0; e < db->nnets; e++) {
    int b = db->net_pin_start[e], en = db->net_pin_start[e + 1];
    if (db->net_use[e] == DB_USE_POWER || db->net_use[e] == DB_USE_GROUND || en - b < 2) continue;
    int any_movable = 0, k0 = k;
    for (int q = b; q < en; q++) {
      int32_t c = db->pin_cell[q];
      int32_t mi = c >= 0 ? mov_index[c] : -1;
      if (mi >= 0) {
        int32_t m = db->cell_master[c];
        dbu_t ox, oy;
        db_orient_xform(db->cell_orient[c], db->master_w[m], db->master_h[m],
                        db->mpin_x[db->pin_ref[q]], db->mpin_y[db->pin_ref[q]], &ox, &oy);
        p->pin_cell[k] = mi;
        p->pin_dx[k] = ox - 0.5 * p->w[mi];
        p->pin_dy[k] = oy - 0.5 * p->h[mi];
        any_movable = 1;
      } else {
        int64_t x, y;
        if (db_pin_pos(db, q, &x, &y)) {
          if (unplaced_io++ < 5)
            ut_diag_error(diag, NULL, 0, 0,
                          "IO pin '%s' on net '%s' is UNPLACED: place the IO pins first (the "
                          "placer does not place pins yet)",
                          db_str(db, db->io_name[db->pin_ref[q]]), db_str(db, db->net_name[e]));
          continue;
        }
        p->pin_cell[k] = -1;
        p->pin_dx[k] = (double)x;
        p->pin_dy[k] = (double)y;
      }
      k++;
    }
    if (!any_movable || k - k0 < 2) {
      k = k0;  /* constant or degenerate net */
      continue;
    }
    p->net_pin_start[++e2] = k;
  }
  p->nnets = e2;
  for (int q = 0; q < k; q++)
    if (p->pin_cell[q] >= 0) p->pins[p->pin_cell[q]] += 1;
  ut_free(mov_index);
  if (unplaced_io) return UT_EINVAL;
  return gp_wl_create(&p->wl, p->nmov, p->nnets, p->net_pin_start, p->pin_cell, p->pin_dx,
                      p->pin_dy, NULL);
}

/* Fixed charge: fixed components overlapping the core and hard placement blockages. */
static int build_fixed(gp_t *p) {
  db_t *db = p->db;
  size_t nf = 0;
  for (size_t c = 0; c < db->ncells; c++) nf += db_cell_is_fixed(db, (int32_t)c);
  for (size_t b = 0; b < db->nblk; b++)
    if (db->blk_kind[b] == DB_BLK_PLACEMENT && !db->blk_soft[b] && db->blk_partial[b] == 0)
      nf += (size_t)(db->blk_rect_start[b + 1] - db->blk_rect_start[b]);
  double *buf = ut_malloc((nf ? nf : 1) * 4 * sizeof *buf);
  if (!buf) return UT_ENOMEM;
  double *fx = buf, *fy = buf + nf, *fw = buf + 2 * nf, *fh = buf + 3 * nf;
  int k = 0;
  for (size_t c = 0; c < db->ncells; c++) {
    if (!db_cell_is_fixed(db, (int32_t)c)) continue;
    dbu_t w, h;
    db_cell_size(db, (int32_t)c, &w, &h);
    fx[k] = db->cell_x[c] + 0.5 * w;
    fy[k] = db->cell_y[c] + 0.5 * h;
    fw[k] = w;
    fh[k] = h;
    k++;
  }
  for (size_t b = 0; b < db->nblk; b++) {
    if (db->blk_kind[b] != DB_BLK_PLACEMENT || db->blk_soft[b] || db->blk_partial[b] != 0) continue;
    for (int32_t r = db->blk_rect_start[b]; r < db->blk_rect_start[b + 1]; r++) {
      const db_rect_t *R = &db->blk_rects[r];
      fx[k] = 0.5 * ((double)R->x0 + R->x1);
      fy[k] = 0.5 * ((double)R->y0 + R->y1);
      fw[k] = (double)R->x1 - R->x0;
      fh[k] = (double)R->y1 - R->y0;
      k++;
    }
  }
  int rc = gp_density_set_fixed(p->dens, k, fx, fy, fw, fh);
  ut_free(buf);
  return rc;
}

/* Bin grid as OpenROAD gpl chooses it: the power of two b with b^2 <= ideal < 4 b^2, where ideal is
 * the number of bins of area (average movable area / target density) in the region, adjusted to
 * the region's aspect ratio. */
static void choose_bins(gp_t *p, double avg_area) {
  if (p->o.bins_x > 0 && p->o.bins_y > 0) {
    p->bx = p->o.bins_x;
    p->by = p->o.bins_y;
    return;
  }
  double rw = p->xh - p->xl, rh = p->yh - p->yl;
  double ideal = rw * rh / (avg_area / p->o.target_density);
  int b = 2;
  while (b < 1024 && !((double)b * b <= ideal && 4.0 * b * b > ideal)) {
    if ((double)b * b > ideal) break;
    b *= 2;
  }
  int bx = b, by = b;
  double ratio = rw / rh;
  while (ratio >= 2 && bx < 2048) {
    bx *= 2;
    ratio /= 2;
  }
  while (ratio <= 0.5 && by < 2048) {
    by *= 2;
    ratio *= 2;
  }
  p->bx = bx;
  p->by = by;
}

static int setup(gp_t *p, ut_diag_t *diag) {
  db_t *db = p->db;
  if (!db->nrows) {
    ut_diag_error(diag, NULL, 0, 0, "the design has no ROWs: nothing to place into");
    return UT_EINVAL;
  }
  p->xl = db->core.x0;
  p->yl = db->core.y0;
  p->xh = db->core.x1;
  p->yh = db->core.y1;
  int nmov = 0;
  for (size_t c = 0; c < db->ncells; c++) nmov += !db_cell_is_fixed(db, (int32_t)c);
  p->nmov = nmov;
  /* movable area and the filler size (RePlAce: average of the middle 80% of cells by area) */
  db_stats_t st;
  db_stats(db, &st);
  double free_area = (double)st.core_area - (double)st.fixed_area_in_core;
  double mov_area = (double)st.movable_area;
  p->cell_of = ut_malloc((size_t)(nmov ? nmov : 1) * sizeof *p->cell_of);
  if (!p->cell_of) return UT_ENOMEM;
  int k = 0;
  for (size_t c = 0; c < db->ncells; c++)
    if (!db_cell_is_fixed(db, (int32_t)c)) p->cell_of[k++] = (int32_t)c;
  double *areas = ut_malloc((size_t)(nmov ? nmov : 1) * sizeof *areas);
  if (!areas) return UT_ENOMEM;
  double sw = 0, sh = 0;
  for (int i = 0; i < nmov; i++) {
    dbu_t w, h;
    db_cell_size(db, p->cell_of[i], &w, &h);
    areas[i] = (double)w * h;
  }
  /* filler dimensions from the cells between the 10th and 90th percentile of area */
  int *ord = ut_malloc((size_t)(nmov ? nmov : 1) * sizeof *ord);
  if (!ord) {
    ut_free(areas);
    return UT_ENOMEM;
  }
  for (int i = 0; i < nmov; i++) ord[i] = i;
  /* shell sort by area, ties by index: deterministic */
  for (int gap = nmov / 2; gap > 0; gap /= 2)
    for (int i = gap; i < nmov; i++) {
      int t = ord[i], j = i;
      while (j >= gap && (areas[ord[j - gap]] > areas[t] ||
                          (areas[ord[j - gap]] == areas[t] && ord[j - gap] > t))) {
        ord[j] = ord[j - gap];
        j -= gap;
      }
      ord[j] = t;
    }
  int lo = nmov / 10, hi = nmov - nmov / 10, cnt = 0;
  for (int i = lo; i < hi; i++) {
    dbu_t w, h;
    db_cell_size(db, p->cell_of[ord[i]], &w, &h);
    sw += w;
    sh += h;
    cnt++;
  }
  ut_free(ord);
  double fw = cnt ? sw / cnt : (p->xh - p->xl) / 100, fh = cnt ? sh / cnt : (p->yh - p->yl) / 100;
  if (p->o.filler_scale > 0) {
    fw *= sqrt(p->o.filler_scale);
    fh *= sqrt(p->o.filler_scale);
  }
  /* movable macros count at the target density (RePlAce/gpl): a bin a macro covers is exactly at
   * the target, so the overflow can reach zero and the fillers take the rest of the room */
  double macro_area = 0;
  for (int i = 0; i < nmov; i++)
    if (db_cell_is_macro(db, p->cell_of[i])) macro_area += areas[i];
  if (macro_area > 0) {
    p->dscale = ut_malloc((size_t)nmov * sizeof *p->dscale);
    if (!p->dscale) {
      ut_free(areas);
      return UT_ENOMEM;
    }
    for (int i = 0; i < nmov; i++)
      p->dscale[i] = db_cell_is_macro(db, p->cell_of[i]) ? p->o.target_density : 1.0;
  }
  double filler_area = p->o.target_density * free_area - mov_area +
                       (1.0 - p->o.target_density) * macro_area;
  if (filler_area < -1e-4 * p->o.target_density * free_area) {
    ut_free(areas);
    ut_diag_error(diag, NULL, 0, 0,
                  "target density %.3f is below the design's utilization %.3f (movable area, "
                  "macros counted at the target density, / free core area): raise --density",
                  p->o.target_density, (mov_area - (1.0 - p->o.target_density) * macro_area) /
                  free_area);
    return UT_EINVAL;
  }
  int nfill = filler_area > 0 ? (int)(filler_area / (fw * fh)) : 0;
  if (nfill > 20 * (nmov + 1000)) nfill = 20 * (nmov + 1000);  /* nearly empty designs */
  p->n = nmov + nfill;
  size_t n = (size_t)p->n;
  p->w = ut_malloc(n * sizeof *p->w);
  p->h = ut_malloc(n * sizeof *p->h);
  p->area = ut_malloc(n * sizeof *p->area);
  p->pins = ut_calloc(n, sizeof *p->pins);
  if (!p->w || !p->h || !p->area || !p->pins) {
    ut_free(areas);
    return UT_ENOMEM;
  }
  for (int i = 0; i < nmov; i++) {
    dbu_t w, h;
    db_cell_size(db, p->cell_of[i], &w, &h);
    p->w[i] = w;
    p->h[i] = h;
    p->area[i] = areas[i];
  }
  ut_free(areas);
  for (int i = nmov; i < p->n; i++) {
    p->w[i] = fw;
    p->h[i] = fh;
    p->area[i] = fw * fh;
  }
  double avg = nmov ? mov_area / nmov : fw * fh;
  choose_bins(p, avg);
  p->bin_w = (p->xh - p->xl) / p->bx;
  p->bin_h = (p->yh - p->yl) / p->by;
  int rc = gp_density_create(&p->dens, p->bx, p->by, p->xl, p->yl, p->bin_w, p->bin_h,
                             p->o.target_density);
  if (!rc) rc = gp_fft_create(&p->fft, p->bx, p->by, p->bin_w, p->bin_h);
  if (!rc) rc = build_fixed(p);
  if (!rc) rc = build_netlist(p, diag);
  if (rc) return rc;
  size_t nb = (size_t)p->bx * p->by;
  p->psi = ut_malloc(nb * sizeof *p->psi);
  p->ex = ut_malloc(nb * sizeof *p->ex);
  p->ey = ut_malloc(nb * sizeof *p->ey);
  double **vecs[] = {&p->u, &p->v, &p->v_prev, &p->g, &p->g_prev, &p->u_new, &p->v_new,
                     &p->g_new, &p->best};
  for (size_t i = 0; i < sizeof vecs / sizeof vecs[0]; i++) {
    *vecs[i] = ut_calloc(2 * n, sizeof(double));
    if (!*vecs[i]) return UT_ENOMEM;
  }
  p->gwx = ut_calloc(n, sizeof *p->gwx);
  p->gwy = ut_calloc(n, sizeof *p->gwy);
  p->gdx = ut_calloc(n, sizeof *p->gdx);
  p->gdy = ut_calloc(n, sizeof *p->gdy);
  if (!p->psi || !p->ex || !p->ey || !p->gwx || !p->gwy || !p->gdx || !p->gdy) return UT_ENOMEM;
  if (p->o.frame_cb && p->o.frame_every > 0) {
    p->frame_x = ut_malloc((db->ncells ? db->ncells : 1) * sizeof *p->frame_x);
    p->frame_y = ut_malloc((db->ncells ? db->ncells : 1) * sizeof *p->frame_y);
    if (!p->frame_x || !p->frame_y) return UT_ENOMEM;
    for (size_t c = 0; c < db->ncells; c++) {
      dbu_t w, h;
      db_cell_size(db, (int32_t)c, &w, &h);
      p->frame_x[c] = db->cell_x[c] + 0.5 * w;
      p->frame_y[c] = db->cell_y[c] + 0.5 * h;
    }
  }
  /* fences */
  int any_fence = 0;
  for (int i = 0; i < nmov; i++) {
    int32_t r = db->cell_region[p->cell_of[i]];
    if (r >= 0 && db->region_type[r] == DB_REGION_FENCE) any_fence = 1;
  }
  if (any_fence) {
    p->fence = ut_calloc((size_t)nmov * 4, sizeof *p->fence);
    if (!p->fence) return UT_ENOMEM;
    for (int i = 0; i < nmov; i++) {
      int32_t r = db->cell_region[p->cell_of[i]];
      if (r < 0 || db->region_type[r] != DB_REGION_FENCE) continue;
      double f[4] = {1e300, 1e300, -1e300, -1e300};
      for (int32_t q = db->region_rect_start[r]; q < db->region_rect_start[r + 1]; q++) {
        f[0] = fmin(f[0], db->region_rects[q].x0);
        f[1] = fmin(f[1], db->region_rects[q].y0);
        f[2] = fmax(f[2], db->region_rects[q].x1);
        f[3] = fmax(f[3], db->region_rects[q].y1);
      }
      memcpy(&p->fence[4 * i], f, sizeof f);
    }
  }
  if (p->o.routability) {
    gp_net_view_t nv = {p->nmov, p->nnets, p->net_pin_start, p->pin_cell, p->pin_dx, p->pin_dy};
    gp_sizes_t sz = {p->n, p->nmov, p->cell_of, p->w, p->h, p->area, p->dens};
    return gp_routability_create(&p->rty, db, &p->o, &nv, &sz, free_area, mov_area, diag);
  }
  return UT_OK;
}

/* ---- gradient ---- */

/* Objective gradient at xy (2n: x then y), preconditioned, into g; also updates overflow.
 * Returns the raw |grad W|_1 and |grad N|_1 through wsum/dsum when not NULL. */
static void gradient(gp_t *p, const double *xy, double *g, double *wsum, double *dsum) {
  int n = p->n;
  const double *x = xy, *y = xy + n;
  double t0 = ut_seconds();
  gp_wl_wa(p->wl, x, y, p->gamma, p->gwx, p->gwy);
  double t1 = ut_seconds();
  gp_density_cells_t dc = {n, p->nmov, x, y, p->w, p->h, p->dscale};
  gp_density_scatter(p->dens, &dc);
  double t2 = ut_seconds();
  gp_fft_solve(p->fft, gp_density_rho(p->dens), p->psi, p->ex, p->ey);
  double t3 = ut_seconds();
  gp_density_gradient(p->dens, &dc, p->ex, p->ey, p->gdx, p->gdy);
  p->overflow = gp_density_overflow(p->dens);
  double t4 = ut_seconds();
  p->t_wl += t1 - t0;
  p->t_fft += t3 - t2;
  p->t_density += (t2 - t1) + (t4 - t3);
  double ws = 0, ds = 0;
  if (wsum) {
    for (int i = 0; i < n; i++) {
      ws += fabs(p->gwx[i]) + fabs(p->gwy[i]);
      ds += fabs(p->gdx[i]) + fabs(p->gdy[i]);
    }
  }
  double lambda = p->lambda;
#pragma omp parallel for schedule(static) if (n > GP_PAR_MIN)
  for (int i = 0; i < n; i++) {
    double H = p->pins[i] + lambda * p->area[i];
    if (H < 1) H = 1;
    g[i] = (p->gwx[i] + lambda * p->gdx[i]) / H;
    g[n + i] = (p->gwy[i] + lambda * p->gdy[i]) / H;
  }
  if (wsum) *wsum = ws;
  if (dsum) *dsum = ds;
}

/* Euclidean distance, summed in 64 fixed chunks combined in order, so the result is the same for
 * any number of threads. */
#define GP_CHUNKS 64
static double dist2(const double *a, const double *b, int m) {
  double part[GP_CHUNKS];
#pragma omp parallel for schedule(static) if (m > 2 * GP_PAR_MIN)
  for (int c = 0; c < GP_CHUNKS; c++) {
    long lo = (long)m * c / GP_CHUNKS, hi = (long)m * (c + 1) / GP_CHUNKS;
    double s = 0;
    for (long i = lo; i < hi; i++) {
      double d = a[i] - b[i];
      s += d * d;
    }
    part[c] = s;
  }
  double s = 0;
  for (int c = 0; c < GP_CHUNKS; c++) s += part[c];
  return sqrt(s);
}

static double step_length(const double *x0, const double *g0, const double *x1, const double *g1,
                          int m) {
  double dg = dist2(g0, g1, m);
  return dg > 0 ? dist2(x0, x1, m) / dg : 0;
}

static void update_gamma(gp_t *p) {
  double tau = p->overflow, c;
  if (tau > 1.0) c = 0.1;
  else if (tau < 0.1) c = 10.0;
  else c = 1.0 / pow(10.0, (tau - 0.1) * 20.0 / 9.0 - 1.0);
  p->gamma = 0.5 * (p->bin_w + p->bin_h) / (0.25 * c);
}

static double hpwl_of(gp_t *p, const double *xy) { return gp_wl_hpwl(p->wl, xy, xy + p->n); }

static int finite_all(const double *a, int m) {
  for (int i = 0; i < m; i++)
    if (!isfinite(a[i])) return 0;
  return 1;
}

/* ---- the loop ---- */

static void emit_frame(gp_t *p, int iter) {
  for (int i = 0; i < p->nmov; i++) {
    p->frame_x[p->cell_of[i]] = p->u[i];
    p->frame_y[p->cell_of[i]] = p->u[p->n + i];
  }
  p->o.frame_cb(p->o.frame_ctx, iter, p->frame_x, p->frame_y);
}

static int nesterov(gp_t *p, gp_stats_t *st) {
  int n = p->n, m = 2 * n;
  double wsum, dsum;
  update_gamma(p);  /* overflow starts unknown: take it from a first scatter */
  p->lambda = 0;
  gradient(p, p->u, p->g, &wsum, &dsum);
  update_gamma(p);
  /* lambda_0 balances the two gradients; with no wirelength gradient at all (every net's pins
   * coincide) balance against the pin count instead */
  if (!(wsum > 0))
    for (int i = 0; i < n; i++) wsum += 2 * p->pins[i];
  p->lambda = dsum > 0 ? p->o.init_density_penalty * wsum / dsum : 1e-8;
  gradient(p, p->u, p->g, NULL, NULL);
  /* v_0 = u_0; a second point a short step away gives the first Lipschitz estimate */
  memcpy(p->v, p->u, m * sizeof(double));
  for (int i = 0; i < m; i++) p->v_prev[i] = p->v[i] - 100.0 * p->g[i];
  clamp_all(p, p->v_prev);
  gradient(p, p->v_prev, p->g_prev, NULL, NULL);
  gradient(p, p->v, p->g, NULL, NULL);
  double alpha = step_length(p->v_prev, p->g_prev, p->v, p->g, m);
  if (!(alpha > 0)) alpha = 1.0;
  double a = 1.0;
  double hpwl = hpwl_of(p, p->u), prev_hpwl = hpwl, best_hpwl = INFINITY, best_ovf = INFINITY;
  const double ref_dhpwl = 4.46e8;
  int recoveries = 0;
  memcpy(p->best, p->u, m * sizeof(double));
  int it, extra = 0;   /* extra: iterations repeated after routability reverts */
  for (it = 0; it < p->o.max_iters + extra; it++) {
    double a_next = (1 + sqrt(4 * a * a + 1)) / 2, coef = (a - 1) / a_next;
    int trial;
    for (trial = 0; trial < 10; trial++) {
#pragma omp parallel for schedule(static) if (m > 2 * GP_PAR_MIN)
      for (int i = 0; i < m; i++) p->u_new[i] = p->v[i] - alpha * p->g[i];
      clamp_all(p, p->u_new);
#pragma omp parallel for schedule(static) if (m > 2 * GP_PAR_MIN)
      for (int i = 0; i < m; i++) p->v_new[i] = p->u_new[i] + coef * (p->u_new[i] - p->u[i]);
      clamp_all(p, p->v_new);
      gradient(p, p->v_new, p->g_new, NULL, NULL);
      double alpha_new = step_length(p->v, p->g, p->v_new, p->g_new, m);
      if (!(alpha_new > 0) || !isfinite(alpha_new)) break;
      if (alpha_new > 0.95 * alpha) {
        alpha = alpha_new;
        break;
      }
      alpha = alpha_new;
      st->backtracks++;
    }
    a = a_next;
    /* shift: (v_prev, g_prev) <- (v, g); (v, g) <- (v_new, g_new); u <- u_new */
    double *t;
    t = p->v_prev; p->v_prev = p->v; p->v = p->v_new; p->v_new = t;
    t = p->g_prev; p->g_prev = p->g; p->g = p->g_new; p->g_new = t;
    t = p->u; p->u = p->u_new; p->u_new = t;
    hpwl = hpwl_of(p, p->u);
    /* divergence: NaN, or a blow-up once the cells have spread */
    int diverged = !isfinite(hpwl) || !finite_all(p->u, m) ||
                   (p->overflow < 0.3 && best_hpwl < INFINITY && hpwl > 3.0 * best_hpwl);
    if (diverged) {
      if (++recoveries > 3) {
        memcpy(p->u, p->best, m * sizeof(double));
        UT_WARN("GP", "diverged %d times; keeping the best placement (overflow %.3f)",
                recoveries, best_ovf);
        break;
      }
      UT_WARN("GP", "iteration %d diverged (hpwl %.4g); back to the best snapshot, step halved",
              it, hpwl);
      memcpy(p->u, p->best, m * sizeof(double));
      memcpy(p->v, p->best, m * sizeof(double));
      p->lambda *= 0.5;
      gradient(p, p->v, p->g, NULL, NULL);
      alpha *= 0.5;
      a = 1.0;
      hpwl = prev_hpwl = hpwl_of(p, p->u);
      continue;
    }
    /* the snapshot keeps the least-overflow solution seen while still improving */
    if (p->overflow < best_ovf) {
      best_ovf = p->overflow;
      memcpy(p->best, p->u, m * sizeof(double));
    }
    if (hpwl < best_hpwl && p->overflow < 0.3) best_hpwl = hpwl;
    update_gamma(p);
    double dh = hpwl - prev_hpwl;
    double mu = dh < 0 ? 1.05 : pow(1.05, 1.0 - dh / ref_dhpwl);
    mu = clampd(mu, 0.95, 1.05);
    p->lambda *= mu;
    prev_hpwl = hpwl;
    if (p->rty) {
      /* routability rounds: back at the snapshot (new sizes), the step estimate starts again */
      gp_nesterov_state_t s = {p->u, p->v, p->v_prev, p->lambda, p->gamma, a};
      int back, rc = gp_routability_step(p->rty, it, p->overflow, &s, &back);
      if (rc) return rc;
      if (back >= 0) {
        extra += back;
        p->lambda = s.lambda;
        p->gamma = s.gamma;
        a = s.a;
        gradient(p, p->v_prev, p->g_prev, NULL, NULL);
        gradient(p, p->v, p->g, NULL, NULL);
        double al = step_length(p->v_prev, p->g_prev, p->v, p->g, m);
        if (al > 0 && isfinite(al)) alpha = al;
        hpwl = prev_hpwl = hpwl_of(p, p->u);
        best_hpwl = best_ovf = INFINITY;
        memcpy(p->best, p->u, (size_t)m * sizeof(double));
        continue;
      }
    }
    if (p->o.progress_every > 0 && (it % p->o.progress_every == 0))
      UT_INFO("GP", "iter %5d  hpwl %14.1f um  overflow %.4f  lambda %.3e  gamma %.3e  step %.3e",
              it, hpwl / p->db->dbu, p->overflow, p->lambda, p->gamma, alpha);
    if (p->frame_x && it % p->o.frame_every == 0) emit_frame(p, it);
    if (p->overflow <= p->o.target_overflow) {
      st->converged = 1;
      it++;
      break;
    }
  }
  if (p->frame_x) emit_frame(p, it);
  st->iters = it;
  st->recoveries = recoveries;
  st->overflow = p->overflow;
  st->lambda = p->lambda;
  return UT_OK;
}

static void destroy(gp_t *p) {
  gp_routability_destroy(p->rty);
  gp_wl_destroy(p->wl);
  gp_density_destroy(p->dens);
  gp_fft_destroy(p->fft);
  void *arr[] = {p->cell_of, p->w, p->h, p->area, p->pins, p->dscale, p->net_pin_start, p->pin_cell,
                 p->pin_dx, p->pin_dy, p->psi, p->ex, p->ey, p->fence, p->u, p->v, p->v_prev,
                 p->g, p->g_prev, p->u_new, p->v_new, p->g_new, p->gwx, p->gwy, p->gdx, p->gdy,
                 p->best, p->frame_x, p->frame_y};
  for (size_t i = 0; i < sizeof arr / sizeof arr[0]; i++) ut_free(arr[i]);
}

int gp_run(db_t *db, const gp_opts_t *opts, gp_stats_t *st, ut_diag_t *diag) {
  double t0 = ut_seconds();
  memset(st, 0, sizeof *st);
  gp_t p;
  memset(&p, 0, sizeof p);
  p.db = db;
  p.o = *opts;
  if (!(p.o.target_density > 0 && p.o.target_density <= 1)) {
    ut_diag_error(diag, NULL, 0, 0, "--density must be in (0, 1], got %g", p.o.target_density);
    return UT_EINVAL;
  }
  int rc = setup(&p, diag);
  if (rc) {
    destroy(&p);
    return rc;
  }
  st->nmovable = p.nmov;
  st->nfillers = p.n - p.nmov;
  st->bins_x = p.bx;
  st->bins_y = p.by;
  UT_INFO("GP", "%d movable cells, %d fillers, %d nets, %d x %d bins, target density %.2f",
          p.nmov, p.n - p.nmov, p.nnets, p.bx, p.by, p.o.target_density);
  int n = p.n;
  /* start: placed cells where they are, unplaced at the region's center; fillers uniform */
  double cx = 0.5 * (p.xl + p.xh), cy = 0.5 * (p.yl + p.yh);
  for (int i = 0; i < p.nmov; i++) {
    int32_t c = p.cell_of[i];
    int placed = db->cell_status[c] != DB_UNPLACED && p.o.initial_iters == 0;
    p.u[i] = placed ? db->cell_x[c] + 0.5 * p.w[i] : cx;
    p.u[n + i] = placed ? db->cell_y[c] + 0.5 * p.h[i] : cy;
  }
  gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
  if (!rng) {
    destroy(&p);
    return UT_ENOMEM;
  }
  gsl_rng_set(rng, (unsigned long)p.o.seed);
  for (int i = p.nmov; i < n; i++) {
    p.u[i] = p.xl + gsl_rng_uniform(rng) * (p.xh - p.xl);
    p.u[n + i] = p.yl + gsl_rng_uniform(rng) * (p.yh - p.yl);
  }
  double ti = ut_seconds();
  if (p.o.initial_iters > 0) {
    gp_net_view_t nv = {p.nmov, p.nnets, p.net_pin_start, p.pin_cell, p.pin_dx, p.pin_dy};
    rc = gp_b2b_place(&nv, p.u, p.u + n, p.xl, p.yl, p.xh, p.yh, p.o.initial_iters, 200);
    if (rc) {
      gsl_rng_free(rng);
      destroy(&p);
      return rc;
    }
    /* Without fixed pins (no IO pins, nothing fixed) the quadratic optimum puts every cell on one
     * point; from a perfectly symmetric start all cells feel the same field and never separate.
     * Half a bin of seeded jitter breaks the symmetry at no cost in wirelength. */
    for (int i = 0; i < p.nmov; i++) {
      p.u[i] += (gsl_rng_uniform(rng) - 0.5) * p.bin_w;
      p.u[n + i] += (gsl_rng_uniform(rng) - 0.5) * p.bin_h;
    }
  }
  gsl_rng_free(rng);
  clamp_all(&p, p.u);
  st->t_initial = ut_seconds() - ti;
  st->initial_hpwl_um = hpwl_of(&p, p.u) / db->dbu;
  UT_INFO("GP", "initial placement: hpwl %.1f um (%.2f s)", st->initial_hpwl_um, st->t_initial);
  rc = nesterov(&p, st);
  if (rc) {
    destroy(&p);
    return rc;
  }
  if (p.rty) {
    /* congestion of the result, then the true sizes back for the write-back */
    rc = gp_routability_finish(p.rty, p.u, p.u + n, st);
    if (rc) {
      destroy(&p);
      return rc;
    }
  }
  /* write back: lower-left corners, rounded to DBU, inside the core */
  for (int i = 0; i < p.nmov; i++) {
    int32_t c = p.cell_of[i];
    double x = p.u[i], y = p.u[n + i];
    clamp_cell(&p, i, &x, &y);
    dbu_t lx = (dbu_t)lround(x - 0.5 * p.w[i]), ly = (dbu_t)lround(y - 0.5 * p.h[i]);
    db_cell_set_place(db, c, lx, ly, db->cell_orient[c], DB_PLACED);
  }
  st->hpwl_um = (double)db_hpwl(db) / db->dbu;
  st->t_wl = p.t_wl;
  st->t_density = p.t_density;
  st->t_fft = p.t_fft;
  st->t_total = ut_seconds() - t0;
  UT_INFO("GP", "done: %d iterations, hpwl %.1f um, overflow %.4f%s (%.2f s: wirelength %.2f, "
          "density %.2f, fft %.2f)", st->iters, st->hpwl_um, st->overflow,
          st->converged ? "" : " (target not reached)", st->t_total, st->t_wl, st->t_density,
          st->t_fft);
  destroy(&p);
  return UT_OK;
}
