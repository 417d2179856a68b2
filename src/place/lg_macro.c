/*
 * lg_macro.c: macro legalization: a greedy pass, then displacement-reducing refinement
 * (order-preserving QP shifts and re-insertion), then orientation flips for wirelength.
 *
 * Legal positions.  The lower-left (x, y) of macro m (w x h, halo hl hb hr ht) must have y equal to
 * a level of lg_grid (a base row's y) with [y, y+h) inside the core, and x on the site grid of that
 * level's first row with [x, x+w) inside the core.  An obstacle o (fixed component, hard blockage,
 * fence of another region, or an already placed macro) forbids the open box
 *     x in (o.x0 - gl - w, o.x1 + gr),  y in (o.y0 - gb - h, o.y1 + gt)
 * where the gaps are 0 unless o is a macro: then gl = max(hr, o.hl), gr = max(hl, o.hr) (likewise
 * in y), i.e. neither macro's halo may cover the other.  A fence member may only use x where its
 * region covers the whole band [y, y+h).
 *
 * Search (one macro, the others fixed).  Levels are visited outward from the target y; in a level
 * the forbidden x-intervals of the obstacles meeting the band are sorted and merged, and in every
 * free gap the grid point nearest the target x is a candidate.  The cost is the squared Euclidean
 * displacement; the search stops when dy^2 alone reaches the best cost, so it returns the exact
 * nearest legal grid position.
 *
 * Method.  (1) Greedy: macros by decreasing area (ties by index), each at its nearest legal
 * position given the ones already placed (the "largest first, nearest free spot" legalizer of many
 * mixed-size placers).  (2) Refinement, up to `passes` rounds until nothing improves:
 *   (a) order-preserving shifts, x then y (ml_shift): along one axis, every pair of macros that
 *       meet across it keeps its current order, p_j - p_i >= size_i + gap, and each macro keeps
 *       the nearest static obstacle and the core edge on either side as bounds; minimize
 *       sum (p_k - t_k)^2 by Hildreth's dual coordinate ascent (one Lagrange multiplier per
 *       constraint, exact projection on each in turn), then snap to the site grid / row levels in
 *       the current order.  Legal by construction (pairs apart across the axis stay apart; pairs
 *       that meet keep their order and gaps), kept only when the total squared displacement drops.
 *       This moves whole groups of macros at once, which (b) cannot;
 *   (b) re-insertion: for each macro in the greedy order, take it out and search again with all
 *       others in place; move it when the new spot is strictly closer to its target.
 * Every accepted step lowers the total squared displacement, so the loop terminates.  On ibm01
 * with its macros scattered over the core, (2) lowers the mean displacement by about 9%.
 * (3) Flips: for each macro, among the orientations allowed by its SYMMETRY with the same
 * footprint (N/FN/FS/S, or the rotated four), keep the one with the smallest HPWL of its nets (the
 * footprint does not change, so legality is kept).
 */
#include "place/lg_macro.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void lg_macro_opts_default(lg_macro_opts_t *o) {
  memset(o, 0, sizeof *o);
  o->passes = 4;
  o->flip = 1;
}

typedef struct mobs_t {
  db_rect_t b;             /* body */
  dbu_t halo[4];           /* l b r t; only used when is_macro */
  int32_t region;          /* fence rectangle: its region (members ignore it), else -1 */
  uint8_t is_macro;
} mobs_t;

typedef struct mgap_t {
  int64_t a, b;            /* forbidden [a, b) for the lower-left x */
} mgap_t;

typedef struct ml_t {
  const db_t *db;
  const lg_grid_t *g;
  const lg_macro_opts_t *o;
  /* static obstacles, sorted by b.y0; short ones (height <= short_h) and tall ones apart */
  mobs_t *st;
  int32_t nst, nshort;     /* st[0..nshort) short, sorted by y0; st[nshort..nst) tall */
  int64_t short_h;         /* max height + gaps of the short ones */
  /* movable macros */
  int32_t nm;
  int32_t *mc;             /* component */
  dbu_t *mw, *mh;
  dbu_t (*mhalo)[4];
  dbu_t *mx, *my;          /* current position */
  uint8_t *placed;
  double *mcost;           /* current cost */
  mgap_t *gaps;
  size_t ngaps, cap_gaps;
  dbu_t *xs;               /* region scratch */
  size_t cap_xs;
  int64_t max_gap;         /* largest halo sum (bounds the band search) */
} ml_t;

static int obs_cmp(const void *pa, const void *pb) {
  const mobs_t *a = pa, *b = pb;
  if (a->b.y0 != b->b.y0) return a->b.y0 < b->b.y0 ? -1 : 1;
  if (a->b.x0 != b->b.x0) return a->b.x0 < b->b.x0 ? -1 : 1;
  if (a->b.y1 != b->b.y1) return a->b.y1 < b->b.y1 ? -1 : 1;
  return a->b.x1 < b->b.x1 ? -1 : a->b.x1 > b->b.x1;
}

static int gap_cmp(const void *pa, const void *pb) {
  const mgap_t *a = pa, *b = pb;
  if (a->a != b->a) return a->a < b->a ? -1 : 1;
  return a->b < b->b ? -1 : a->b > b->b;
}

static int64_t max64(int64_t a, int64_t b) { return a > b ? a : b; }

/* Add o's forbidden x-interval for macro k at y, if o meets the band. */
static int forbid(ml_t *L, int32_t k, int64_t y, const db_rect_t *ob, const dbu_t *oh, int is_macro) {
  int64_t w = L->mw[k], h = L->mh[k];
  const dbu_t *hm = L->mhalo[k];
  int64_t gl = 0, gr = 0, gb = 0, gt = 0;
  if (is_macro) {
    gl = max64(hm[2], oh[0]);
    gr = max64(hm[0], oh[2]);
    gb = max64(hm[3], oh[1]);
    gt = max64(hm[1], oh[3]);
  }
  if (!(y > (int64_t)ob->y0 - gb - h && y < (int64_t)ob->y1 + gt)) return UT_OK;
  int64_t a = (int64_t)ob->x0 - gl - w + 1, b = (int64_t)ob->x1 + gr;
  if (b <= a) return UT_OK;
  if (UT_RESERVE(L->gaps, L->cap_gaps, L->ngaps + 1)) return UT_ENOMEM;
  L->gaps[L->ngaps++] = (mgap_t){a, b};
  return UT_OK;
}

static int cmp_dbu(const void *pa, const void *pb) {
  dbu_t a = *(const dbu_t *)pa, b = *(const dbu_t *)pb;
  return a < b ? -1 : a > b;
}

static int push_gap(ml_t *L, int64_t a, int64_t b) {
  if (b <= a) return UT_OK;
  if (UT_RESERVE(L->gaps, L->cap_gaps, L->ngaps + 1)) return UT_ENOMEM;
  L->gaps[L->ngaps++] = (mgap_t){a, b};
  return UT_OK;
}

/* Forbid, for a member of region reg, every lower-left x in [xlo, xhi] where [x, x+w) x [y, y+h)
 * is not inside the region: split x at the rectangles' edges, keep the elementary intervals whose
 * covering rectangles hold [y, y+h), merge them into runs; a run [r0, r1) allows [r0, r1 - w]. */
static int forbid_outside_region(ml_t *L, int32_t k, int32_t reg, int64_t y, int64_t xlo,
                                 int64_t xhi) {
  const db_t *db = L->db;
  int32_t a = db->region_rect_start[reg], b = db->region_rect_start[reg + 1];
  int64_t y1 = y + L->mh[k], w = L->mw[k];
  size_t need = (size_t)(b - a) * 2 + 2;
  if (UT_RESERVE(L->xs, L->cap_xs, need)) return UT_ENOMEM;
  int nx = 0;
  for (int32_t i = a; i < b; i++) {
    L->xs[nx++] = db->region_rects[i].x0;
    L->xs[nx++] = db->region_rects[i].x1;
  }
  qsort(L->xs, (size_t)nx, sizeof *L->xs, cmp_dbu);
  int64_t allowed_end = xlo;   /* lower-left x below this is decided */
  int64_t run0 = 0, run1 = 0;
  int have = 0;
  for (int j = 0; j < nx; j++) {
    if (j + 1 < nx && L->xs[j] == L->xs[j + 1]) continue;   /* empty elementary interval */
    int covered = 0;
    if (j + 1 < nx) {
      int64_t reach = y;
      int progress = 1;
      while (progress && reach < y1) {
        progress = 0;
        for (int32_t i = a; i < b; i++) {
          const db_rect_t *r = &db->region_rects[i];
          if (r->x0 <= L->xs[j] && r->x1 >= L->xs[j + 1] && r->y0 <= reach && r->y1 > reach) {
            reach = r->y1;
            progress = 1;
          }
        }
      }
      covered = reach >= y1;
    }
    if (covered && have && L->xs[j] == run1) {
      run1 = L->xs[j + 1];
      continue;
    }
    if (have && run1 - run0 >= w) {   /* close the run: allowed [run0, run1 - w] */
      if (push_gap(L, allowed_end, run0)) return UT_ENOMEM;
      allowed_end = run1 - w + 1;
    }
    have = covered;
    if (covered) {
      run0 = L->xs[j];
      run1 = L->xs[j + 1];
    }
  }
  return push_gap(L, allowed_end, xhi + 1);
}

/* Nearest legal position of macro k to (tx, ty).  Returns 1 when found. */
static int ml_search(ml_t *L, int32_t k, double tx, double ty, dbu_t *ox, dbu_t *oy, double *ocost,
                     int *err) {
  const db_t *db = L->db;
  const lg_grid_t *g = L->g;
  int32_t c = L->mc[k];
  int64_t w = L->mw[k], h = L->mh[k];
  int32_t reg = lg_region_hard(db, db->cell_region[c]) ? db->cell_region[c] : -1;
  const double INF = 1e300;
  double best = INF;
  int found = 0;
  int64_t xlo = db->core.x0, xhi = (int64_t)db->core.x1 - w;
  if (xhi < xlo) return 0;
  int32_t lu = lg_grid_level_lower_bound(g, (dbu_t)ty), ld = lu - 1;
  for (;;) {
    double du = lu < g->nlevels ? (double)g->level_y[lu] - ty : INF;
    double dd = ld >= 0 ? ty - (double)g->level_y[ld] : INF;
    int32_t l;
    double dy;
    if (du <= dd) {
      l = lu++;
      dy = du;
    } else {
      l = ld--;
      dy = dd;
    }
    if (dy >= INF || dy * dy >= best) break;
    int64_t y = g->level_y[l];
    if (y < db->core.y0 || y + h > db->core.y1) continue;
    L->ngaps = 0;
    /* static obstacles: short ones by binary search on y0, tall ones all */
    int64_t ylo = y - L->short_h - L->max_gap;
    int32_t a = 0, b = L->nshort;
    while (a < b) {
      int32_t mid = a + (b - a) / 2;
      if ((int64_t)L->st[mid].b.y0 < ylo) a = mid + 1;
      else b = mid;
    }
    int64_t yhi = y + h + L->max_gap;
    for (int32_t i = a; i < L->nshort && L->st[i].b.y0 < yhi; i++) {
      if (L->st[i].region >= 0 && L->st[i].region == reg) continue;
      if (forbid(L, k, y, &L->st[i].b, L->st[i].halo, L->st[i].is_macro)) goto oom;
    }
    for (int32_t i = L->nshort; i < L->nst; i++) {
      if (L->st[i].region >= 0 && L->st[i].region == reg) continue;
      if (forbid(L, k, y, &L->st[i].b, L->st[i].halo, L->st[i].is_macro)) goto oom;
    }
    for (int32_t j = 0; j < L->nm; j++) {
      if (j == k || !L->placed[j]) continue;
      db_rect_t ob = {L->mx[j], L->my[j], (dbu_t)(L->mx[j] + L->mw[j]), (dbu_t)(L->my[j] + L->mh[j])};
      if (forbid(L, k, y, &ob, L->mhalo[j], 1)) goto oom;
    }
    if (reg >= 0 && forbid_outside_region(L, k, reg, y, xlo, xhi)) goto oom;
    if (L->ngaps > 1) qsort(L->gaps, L->ngaps, sizeof *L->gaps, gap_cmp);
    int32_t r0 = g->level_rows[g->level_start[l]];
    int64_t x0 = g->row_x0[r0], p = g->row_pitch[r0];
    int64_t snap = x0 + (int64_t)floor((tx - (double)x0) / (double)p + 0.5) * p;
    int64_t free0 = xlo;
    for (size_t j = 0; j <= L->ngaps; j++) {
      int64_t free1 = j < L->ngaps ? L->gaps[j].a - 1 : xhi;   /* free [free0, free1] */
      if (free1 > xhi) free1 = xhi;
      if (free1 >= free0) {
        int64_t gmin = x0 + (free0 - x0 >= 0 ? (free0 - x0 + p - 1) / p : -((x0 - free0) / p)) * p;
        int64_t gmax = x0 + (free1 - x0 >= 0 ? (free1 - x0) / p : -((x0 - free1 + p - 1) / p)) * p;
        if (gmin <= gmax) {
          int64_t x = snap < gmin ? gmin : snap > gmax ? gmax : snap;
          double dx = (double)x - tx, cst = dx * dx + dy * dy;
          if (cst < best) {
            best = cst;
            *ox = (dbu_t)x;
            *oy = (dbu_t)y;
            found = 1;
          }
        }
      }
      if (j < L->ngaps && L->gaps[j].b > free0) free0 = L->gaps[j].b;
      if (free0 > xhi) break;
    }
  }
  *ocost = best;
  return found;
oom:
  *err = UT_ENOMEM;
  return 0;
}

/* ---- order-preserving shift: a small QP per axis ------------------------------------------ */

typedef struct qcon_t {
  int32_t i, j;   /* x_j - x_i >= d; i = -1: x_j >= d; j = -1: x_i <= -d */
  double d;
} qcon_t;

/* Gap macro a needs before macro b along axis (0: a left of b, 1: a below b). */
static int64_t gap_after(const ml_t *L, int32_t a, int32_t b, int axis) {
  return axis == 0 ? max64(L->mhalo[a][2], L->mhalo[b][0]) : max64(L->mhalo[a][3], L->mhalo[b][1]);
}

static int64_t pos_of(const ml_t *L, int32_t k, int axis) { return axis ? L->my[k] : L->mx[k]; }
static int64_t size_of(const ml_t *L, int32_t k, int axis) { return axis ? L->mh[k] : L->mw[k]; }

/* Do macros a and b conflict along the other axis (their spans, with halo gaps, overlap)? */
static int spans_meet(const ml_t *L, int32_t a, int32_t b, int axis) {
  int o = !axis;
  int64_t pa = pos_of(L, a, o), pb = pos_of(L, b, o);
  return pb - (pa + size_of(L, a, o)) < gap_after(L, a, b, o) &&
         pa - (pb + size_of(L, b, o)) < gap_after(L, b, a, o);
}

typedef struct qorder_t {
  int64_t p;
  int32_t k;
} qorder_t;

static int qorder_cmp(const void *pa, const void *pb) {
  const qorder_t *a = pa, *b = pb;
  if (a->p != b->p) return a->p < b->p ? -1 : 1;
  return a->k < b->k ? -1 : a->k > b->k;
}

/* Scratch of ml_shift. */
typedef struct qs_t {
  qcon_t *con;
  size_t ncon, cap_con, cap_lam, cap_in;
  double *v, *lam, *lo, *hi;
  int64_t *nv;
  qorder_t *ord;
  int32_t *in_start, *in_con;
} qs_t;

static void qs_free(qs_t *q) {
  ut_free(q->con);
  ut_free(q->v);
  ut_free(q->lam);
  ut_free(q->lo);
  ut_free(q->hi);
  ut_free(q->nv);
  ut_free(q->ord);
  ut_free(q->in_start);
  ut_free(q->in_con);
}

static int qs_add(qs_t *q, int32_t i, int32_t j, double d) {
  if (UT_RESERVE(q->con, q->cap_con, q->ncon + 1)) return UT_ENOMEM;
  q->con[q->ncon++] = (qcon_t){i, j, d};
  return UT_OK;
}

/* Shift the placed macros along axis (0: x, 1: y) keeping their order wherever they meet along the
 * other axis: minimize sum (p_k - t_k)^2 subject to p_j - p_i >= size_i + gap for every such pair
 * (i before j now) and to the nearest static obstacles and the core on either side.  Solved by
 * Hildreth's dual coordinate ascent (one multiplier per constraint, exact projection on each in
 * turn; it converges to the QP optimum), then snapped to the site grid (x) or the row levels (y) in
 * the current order, each macro at the grid point nearest its QP value that respects the
 * predecessors already snapped.  The result is kept only when every macro snapped and the total
 * squared displacement went down.  Fence members do not move.  Returns 1 when applied. */
static int ml_shift(ml_t *L, int axis, const dbu_t *tx, const dbu_t *ty, qs_t *q, int *err) {
  const db_t *db = L->db;
  const lg_grid_t *g = L->g;
  int32_t nm = L->nm;
  q->ncon = 0;
  for (int32_t k = 0; k < nm; k++) {
    int32_t c = L->mc[k];
    int64_t p = pos_of(L, k, axis), sz = size_of(L, k, axis);
    double lo = axis ? db->core.y0 : db->core.x0;
    double hi = (double)(axis ? db->core.y1 : db->core.x1) - (double)sz;
    if (lg_region_hard(db, db->cell_region[c])) lo = hi = (double)p;
    for (int32_t i = 0; i < L->nst && lo < hi; i++) {
      const mobs_t *o = &L->st[i];
      if (o->region >= 0 && o->region == db->cell_region[c]) continue;
      const dbu_t *hm = L->mhalo[k];
      int64_t g0 = 0, g1 = 0, h0 = 0, h1 = 0;   /* gaps before/after along axis, across it */
      if (o->is_macro) {
        g0 = axis ? max64(hm[1], o->halo[3]) : max64(hm[0], o->halo[2]);   /* o before k */
        g1 = axis ? max64(hm[3], o->halo[1]) : max64(hm[2], o->halo[0]);   /* k before o */
        h0 = axis ? max64(hm[0], o->halo[2]) : max64(hm[1], o->halo[3]);
        h1 = axis ? max64(hm[2], o->halo[0]) : max64(hm[3], o->halo[1]);
      }
      int64_t op0 = axis ? o->b.y0 : o->b.x0, op1 = axis ? o->b.y1 : o->b.x1;
      int64_t oq0 = axis ? o->b.x0 : o->b.y0, oq1 = axis ? o->b.x1 : o->b.y1;
      int64_t kq = pos_of(L, k, !axis), ksz = size_of(L, k, !axis);
      if (!(kq > oq0 - h0 - ksz && kq < oq1 + h1)) continue;   /* apart across the axis */
      if (op1 + g0 <= p) {
        if ((double)(op1 + g0) > lo) lo = (double)(op1 + g0);
      } else if (p + sz + g1 <= op0) {
        if ((double)(op0 - g1 - sz) < hi) hi = (double)(op0 - g1 - sz);
      } else {
        lo = hi = (double)p;   /* touching an obstacle it cannot pass: stay */
      }
    }
    if (lo > (double)p) lo = (double)p;   /* the current position is feasible */
    if (hi < (double)p) hi = (double)p;
    q->lo[k] = lo;
    q->hi[k] = hi;
    if (qs_add(q, -1, k, lo) || qs_add(q, k, -1, -hi)) goto oom;
  }
  for (int32_t a = 0; a < nm; a++)
    for (int32_t b = a + 1; b < nm; b++) {
      if (!spans_meet(L, a, b, axis)) continue;
      int first = pos_of(L, a, axis) < pos_of(L, b, axis) ||
                  (pos_of(L, a, axis) == pos_of(L, b, axis) && a < b);
      int32_t i = first ? a : b, j = first ? b : a;
      if (qs_add(q, i, j, (double)(size_of(L, i, axis) + gap_after(L, i, j, axis)))) goto oom;
    }
  /* Hildreth: x = t + A^T lambda (unit weights), lambda >= 0 */
  for (int32_t k = 0; k < nm; k++) q->v[k] = (double)(axis ? ty[L->mc[k]] : tx[L->mc[k]]);
  if (UT_RESERVE(q->lam, q->cap_lam, q->ncon)) goto oom;
  for (size_t r = 0; r < q->ncon; r++) q->lam[r] = 0;
  /* at most 5000 sweeps and about 2e8 constraint visits: a partly converged solution is still
   * snapped legally, only less good */
  double budget = 2e8 / (double)(q->ncon + 1);
  int max_sweeps = budget < 5000 ? (int)budget + 1 : 5000;
  for (int sweep = 0; sweep < max_sweeps; sweep++) {
    double moved = 0;
    for (size_t r = 0; r < q->ncon; r++) {
      const qcon_t *cn = &q->con[r];
      double lhs = (cn->j >= 0 ? q->v[cn->j] : 0) - (cn->i >= 0 ? q->v[cn->i] : 0);
      double den = (cn->j >= 0) + (cn->i >= 0);
      double delta = (cn->d - lhs) / den;
      if (delta < -q->lam[r]) delta = -q->lam[r];
      if (delta == 0) continue;
      q->lam[r] += delta;
      if (cn->j >= 0) q->v[cn->j] += delta;
      if (cn->i >= 0) q->v[cn->i] -= delta;
      if (fabs(delta) > moved) moved = fabs(delta);
    }
    if (moved < 0.5) break;
  }
  /* snap in the current order; incoming constraints by target macro (CSR) */
  for (int32_t k = 0; k <= nm; k++) q->in_start[k] = 0;
  for (size_t r = 0; r < q->ncon; r++)
    if (q->con[r].i >= 0 && q->con[r].j >= 0) q->in_start[q->con[r].j + 1]++;
  for (int32_t k = 0; k < nm; k++) q->in_start[k + 1] += q->in_start[k];
  size_t npair = (size_t)q->in_start[nm];
  if (UT_RESERVE(q->in_con, q->cap_in, npair ? npair : 1)) goto oom;
  {
    int32_t *fill = (int32_t *)q->nv;   /* borrowed: nm + 1 int64 slots hold nm int32 */
    for (int32_t k = 0; k < nm; k++) fill[k] = q->in_start[k];
    for (size_t r = 0; r < q->ncon; r++)
      if (q->con[r].i >= 0 && q->con[r].j >= 0) q->in_con[fill[q->con[r].j]++] = (int32_t)r;
  }
  for (int32_t k = 0; k < nm; k++) q->ord[k] = (qorder_t){pos_of(L, k, axis), k};
  qsort(q->ord, (size_t)nm, sizeof *q->ord, qorder_cmp);
  for (int32_t t = 0; t < nm; t++) {
    int32_t k = q->ord[t].k;
    double lower = q->lo[k];
    for (int32_t e = q->in_start[k]; e < q->in_start[k + 1]; e++) {
      const qcon_t *cn = &q->con[q->in_con[e]];
      double b = (double)q->nv[cn->i] + cn->d;
      if (b > lower) lower = b;
    }
    int64_t lo = (int64_t)ceil(lower), hi = (int64_t)floor(q->hi[k]), v;
    if (!axis) {
      int32_t l = lg_grid_level_at(g, L->my[k]);
      if (l < 0) return 0;
      int32_t r0 = g->level_rows[g->level_start[l]];
      int64_t x0 = g->row_x0[r0], pt = g->row_pitch[r0];
      int64_t glo = x0 + (lo - x0 >= 0 ? (lo - x0 + pt - 1) / pt : -((x0 - lo) / pt)) * pt;
      int64_t ghi = x0 + (hi - x0 >= 0 ? (hi - x0) / pt : -((x0 - hi + pt - 1) / pt)) * pt;
      if (glo > ghi) return 0;
      v = x0 + (int64_t)floor((q->v[k] - (double)x0) / (double)pt + 0.5) * pt;
      v = v < glo ? glo : v > ghi ? ghi : v;
    } else {
      int32_t la = lg_grid_level_lower_bound(g, (dbu_t)(lo < INT32_MIN ? INT32_MIN : lo > INT32_MAX ? INT32_MAX : lo));
      int32_t lb = lg_grid_level_lower_bound(g, (dbu_t)(hi + 1 > INT32_MAX ? INT32_MAX : hi + 1)) - 1;
      if (la >= g->nlevels || lb < la) return 0;
      int32_t ln = lg_grid_level_lower_bound(g, (dbu_t)llround(q->v[k]));
      if (ln > 0 && (ln >= g->nlevels || q->v[k] - g->level_y[ln - 1] < g->level_y[ln] - q->v[k])) ln--;
      ln = ln < la ? la : ln > lb ? lb : ln;
      v = g->level_y[ln];
      /* x must stay on the new level's site grid */
      int32_t r0 = g->level_rows[g->level_start[ln]];
      if ((L->mx[k] - g->row_x0[r0]) % g->row_pitch[r0] != 0) return 0;
    }
    q->nv[k] = v;
  }
  double before = 0, after = 0;
  for (int32_t k = 0; k < nm; k++) {
    int32_t c = L->mc[k];
    double dx = (double)(axis ? L->mx[k] : q->nv[k]) - tx[c];
    double dy = (double)(axis ? q->nv[k] : L->my[k]) - ty[c];
    before += L->mcost[k];
    after += dx * dx + dy * dy;
  }
  if (after >= before * (1 - 1e-12)) return 0;
  for (int32_t k = 0; k < nm; k++) {
    int32_t c = L->mc[k];
    if (axis) L->my[k] = (dbu_t)q->nv[k];
    else L->mx[k] = (dbu_t)q->nv[k];
    double dx = (double)L->mx[k] - tx[c], dy = (double)L->my[k] - ty[c];
    L->mcost[k] = dx * dx + dy * dy;
  }
  return 1;
oom:
  *err = UT_ENOMEM;
  return 0;
}

typedef struct mord_t {
  int64_t area;
  int32_t k;
} mord_t;

static int mord_cmp(const void *pa, const void *pb) {
  const mord_t *a = pa, *b = pb;
  if (a->area != b->area) return a->area > b->area ? -1 : 1;
  return a->k < b->k ? -1 : a->k > b->k;
}

static int orient_swaps(int o) { return o == DB_W || o == DB_E || o == DB_FW || o == DB_FE; }

/* HPWL of the nets of component c, DBU. */
static int64_t cell_nets_hpwl(const db_t *db, int32_t c) {
  int64_t s = 0;
  int32_t last = -1;
  for (int32_t k = db->cell_pin_start[c]; k < db->cell_pin_start[c + 1]; k++) {
    int32_t n = db->pin_net[db->cell_pins[k]];
    if (n == last) continue;   /* pins are grouped in net order */
    last = n;
    s += db_net_hpwl(db, n);
  }
  return s;
}

int lg_macro_run(db_t *db, const lg_grid_t *g, const dbu_t *tx, const dbu_t *ty,
                 const lg_macro_opts_t *o, lg_macro_stats_t *st, ut_diag_t *diag) {
  memset(st, 0, sizeof *st);
  ml_t L;
  memset(&L, 0, sizeof L);
  L.db = db;
  L.g = g;
  L.o = o;
  int rc = UT_OK;
  size_t ncells = db->ncells ? db->ncells : 1;
  L.mc = ut_malloc(ncells * sizeof *L.mc);
  if (!L.mc) return UT_ENOMEM;
  for (size_t c = 0; c < db->ncells; c++)
    if (!db_cell_is_fixed(db, (int32_t)c) && lg_cell_kind(db, (int32_t)c) == LG_KIND_MACRO)
      L.mc[L.nm++] = (int32_t)c;
  if (L.nm == 0) {
    ut_free(L.mc);
    return UT_OK;
  }
  size_t nm = (size_t)L.nm;
  L.mw = ut_malloc(nm * sizeof *L.mw);
  L.mh = ut_malloc(nm * sizeof *L.mh);
  L.mhalo = ut_malloc(nm * sizeof *L.mhalo);
  L.mx = ut_malloc(nm * sizeof *L.mx);
  L.my = ut_malloc(nm * sizeof *L.my);
  L.placed = ut_calloc(nm, 1);
  L.mcost = ut_malloc(nm * sizeof *L.mcost);
  mord_t *ord = ut_malloc(nm * sizeof *ord);
  qs_t qs;
  memset(&qs, 0, sizeof qs);
  qs.v = ut_malloc(nm * sizeof *qs.v);
  qs.lo = ut_malloc(nm * sizeof *qs.lo);
  qs.hi = ut_malloc(nm * sizeof *qs.hi);
  qs.nv = ut_malloc((nm + 1) * sizeof *qs.nv);
  qs.ord = ut_malloc(nm * sizeof *qs.ord);
  qs.in_start = ut_malloc((nm + 1) * sizeof *qs.in_start);
  /* static obstacles */
  size_t nobs = 0;
  for (size_t c = 0; c < db->ncells; c++)
    if (db_cell_is_fixed(db, (int32_t)c) && db->cell_status[c] != DB_UNPLACED) nobs++;
  for (size_t b = 0; b < db->nblk; b++)
    nobs += (size_t)(db->blk_rect_start[b + 1] - db->blk_rect_start[b]);
  nobs += db->nregion_rects;
  L.st = ut_malloc((nobs ? nobs : 1) * sizeof *L.st);
  if (!L.mw || !L.mh || !L.mhalo || !L.mx || !L.my || !L.placed || !L.mcost || !ord || !L.st || !qs.v ||
      !qs.lo || !qs.hi || !qs.nv || !qs.ord || !qs.in_start) {
    rc = UT_ENOMEM;
    goto done;
  }
  for (int32_t k = 0; k < L.nm; k++) {
    int32_t c = L.mc[k], m = db->cell_master[c];
    if (!lg_orient_macro_ok(db, m, db->cell_orient[c])) db->cell_orient[c] = DB_N;
    db_cell_size(db, c, &L.mw[k], &L.mh[k]);
    lg_cell_halo(db, c, o->macro_halo, L.mhalo[k]);
    for (int i = 0; i < 4; i++)
      if (L.mhalo[k][i] > L.max_gap) L.max_gap = L.mhalo[k][i];
    ord[k] = (mord_t){(int64_t)L.mw[k] * L.mh[k], k};
  }
  int64_t row_h = g->nlevels ? g->row_h[g->level_rows[0]] : 1;
  for (size_t c = 0; c < db->ncells; c++) {
    if (!db_cell_is_fixed(db, (int32_t)c) || db->cell_status[c] == DB_UNPLACED) continue;
    if (db->master_class[db->cell_master[c]] == DB_CLASS_COVER) continue;
    mobs_t *q = &L.st[L.nst++];
    dbu_t w, h;
    db_cell_size(db, (int32_t)c, &w, &h);
    q->b = (db_rect_t){db->cell_x[c], db->cell_y[c], (dbu_t)(db->cell_x[c] + w), (dbu_t)(db->cell_y[c] + h)};
    q->is_macro = (uint8_t)db_cell_is_macro(db, (int32_t)c);
    q->region = -1;
    memset(q->halo, 0, sizeof q->halo);
    if (q->is_macro) lg_cell_halo(db, (int32_t)c, o->macro_halo, q->halo);
    for (int i = 0; i < 4; i++)
      if (q->halo[i] > L.max_gap) L.max_gap = q->halo[i];
  }
  for (size_t b = 0; b < db->nblk; b++) {
    if (db->blk_kind[b] != DB_BLK_PLACEMENT || db->blk_soft[b] || db->blk_partial[b] > 0) continue;
    for (int32_t i = db->blk_rect_start[b]; i < db->blk_rect_start[b + 1]; i++)
      L.st[L.nst++] = (mobs_t){db->blk_rects[i], {0, 0, 0, 0}, -1, 0};
  }
  for (size_t r = 0; r < db->nregions; r++) {
    if (!lg_region_hard(db, (int32_t)r)) continue;
    for (int32_t i = db->region_rect_start[r]; i < db->region_rect_start[r + 1]; i++)
      L.st[L.nst++] = (mobs_t){db->region_rects[i], {0, 0, 0, 0}, (int32_t)r, 0};
  }
  /* short obstacles first (sorted by y0), then tall ones */
  int64_t lim = 4 * row_h;
  int32_t ns = 0;
  for (int32_t i = 0; i < L.nst; i++)
    if ((int64_t)L.st[i].b.y1 - L.st[i].b.y0 <= lim) {
      mobs_t t = L.st[ns];
      L.st[ns++] = L.st[i];
      L.st[i] = t;
    }
  L.nshort = ns;
  if (ns > 1) qsort(L.st, (size_t)ns, sizeof *L.st, obs_cmp);
  if (L.nst - ns > 1) qsort(L.st + ns, (size_t)(L.nst - ns), sizeof *L.st, obs_cmp);
  for (int32_t i = 0; i < ns; i++)
    if ((int64_t)L.st[i].b.y1 - L.st[i].b.y0 > L.short_h) L.short_h = (int64_t)L.st[i].b.y1 - L.st[i].b.y0;
  qsort(ord, nm, sizeof *ord, mord_cmp);

  /* (1) greedy, largest first */
  int nfail = 0;
  for (int32_t j = 0; j < L.nm; j++) {
    int32_t k = ord[j].k, c = L.mc[k];
    dbu_t x, y;
    double cst;
    int err = 0;
    if (!ml_search(&L, k, tx[c], ty[c], &x, &y, &cst, &err)) {
      if (err) {
        rc = err;
        goto done;
      }
      double u = db->dbu > 0 ? db->dbu : 1;
      int32_t reg = db->cell_region[c];
      ut_diag_error(diag, db->src_path, 0, 0,
                    "cannot legalize macro %s (%s, %.3f x %.3f um, halo %.3f um%s%s): no legal "
                    "position in the core clear of fixed objects, blockages, fences and the %d "
                    "macros placed before it",
                    db_str(db, db->cell_name[c]), db_str(db, db->master_name[db->cell_master[c]]),
                    L.mw[k] / u, L.mh[k] / u, o->macro_halo / u, lg_region_hard(db, reg) ? ", fence " : "",
                    lg_region_hard(db, reg) ? db_str(db, db->region_name[reg]) : "", j - nfail);
      nfail++;
      continue;
    }
    L.mx[k] = x;
    L.my[k] = y;
    L.mcost[k] = cst;
    L.placed[k] = 1;
  }
  /* (2) refinement: shift along x then y keeping the order (QP), then re-insert each macro at its
   * nearest legal spot while that is closer */
  for (int pass = 0; pass < o->passes && !nfail; pass++) {
    int moved = 0;
    for (int axis = 0; axis < 2; axis++) {
      int err = 0;
      if (ml_shift(&L, axis, tx, ty, &qs, &err)) {
        moved++;
        st->nshifts++;
      }
      if (err) {
        rc = err;
        goto done;
      }
    }
    for (int32_t j = 0; j < L.nm; j++) {
      int32_t k = ord[j].k, c = L.mc[k];
      if (L.mcost[k] <= 0) continue;
      dbu_t x, y;
      double cst;
      int err = 0;
      L.placed[k] = 0;
      int ok = ml_search(&L, k, tx[c], ty[c], &x, &y, &cst, &err);
      L.placed[k] = 1;
      if (err) {
        rc = err;
        goto done;
      }
      if (ok && cst < L.mcost[k] * (1 - 1e-12)) {
        L.mx[k] = x;
        L.my[k] = y;
        L.mcost[k] = cst;
        moved++;
      }
    }
    st->nrefined += moved;
    if (!moved) break;
  }
  for (int32_t k = 0; k < L.nm; k++) {
    if (!L.placed[k]) continue;
    int32_t c = L.mc[k];
    db_cell_set_place(db, c, L.mx[k], L.my[k], db->cell_orient[c], DB_PLACED);
    double d = fabs((double)L.mx[k] - tx[c]) + fabs((double)L.my[k] - ty[c]);
    st->disp_total += d;
    if (d > st->disp_max) st->disp_max = d;
    st->nmacros++;
  }
  /* (3) flips with the same footprint */
  if (o->flip) {
    for (int32_t j = 0; j < L.nm; j++) {
      int32_t k = ord[j].k, c = L.mc[k], m = db->cell_master[c];
      if (!L.placed[k]) continue;
      int o0 = db->cell_orient[c], best_o = o0;
      int64_t best = cell_nets_hpwl(db, c);
      for (int t = 0; t < 8; t++) {
        if (t == o0 || orient_swaps(t) != orient_swaps(o0) || !lg_orient_macro_ok(db, m, t)) continue;
        db->cell_orient[c] = (uint8_t)t;
        int64_t v = cell_nets_hpwl(db, c);
        if (v < best) {
          best = v;
          best_o = t;
        }
      }
      db->cell_orient[c] = (uint8_t)best_o;
      if (best_o != o0) st->nflipped++;
    }
  }
  if (nfail) rc = UT_EINVAL;
done:
  ut_free(L.mc);
  ut_free(L.mw);
  ut_free(L.mh);
  ut_free(L.mhalo);
  ut_free(L.mx);
  ut_free(L.my);
  ut_free(L.placed);
  ut_free(L.mcost);
  ut_free(L.gaps);
  ut_free(L.xs);
  ut_free(L.st);
  ut_free(ord);
  qs_free(&qs);
  return rc;
}
