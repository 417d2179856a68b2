/*
 * lg_abacus.c: Abacus legalization of single-row standard cells, and a greedy pre-pass for cells
 * that span several rows.
 *
 * Abacus (Spindler, Schlichtmann, Johannes, "Abacus: fast legalization of standard cell circuits
 * with minimal movement", ISPD 2008, Sec. 3-4).  Cells are taken in order of global x'_i.  For a
 * cell, rows are visited outward from its global y' (levels of lg_grid, nearest first) and the
 * search stops when the vertical cost alone reaches the best cost found; in a row, the segments
 * are visited outward from x' with the same bound.  Each candidate segment is tried with the
 * PlaceRow step without committing: the cell is appended after the segment's last cluster c and,
 * while clusters overlap, merged into its predecessor:
 *     AddCell:    e_c += e_i;  q_c += e_i (x'_i - w_c);  w_c += w_i
 *     AddCluster: e_c += e_c'; q_c += q_c' - e_c' w_c;   w_c += w_c'
 *     x_c = q_c / e_c, clamped to [x_min, x_max - w_c] of the segment,
 * which minimizes sum_i e_i (x_i - x'_i)^2 over the cells of the merged cluster (quadratic
 * movement, weights e_i = cell width or 1).  The candidate's cost (default LG_COST_CLUSTER) is
 * what the move adds to that objective: with r_c = sum e_i (x'_i - off_i)^2 kept per cluster
 * (AddCell: r_c += e_i (x'_i - w_c)^2; AddCluster: r_c += r_c' - 2 w_c q_c' + w_c^2 e_c'), a
 * cluster at x costs e_c x^2 - 2 x q_c + r_c, and the trial returns new minus old cost of the
 * clusters it merges, divided by e_i, plus dy^2.  It is never below the cell's own (x - x')^2
 * (the other cells were at their optimum), so the cell-only bound prunes the search.  The paper's
 * cell-only cost (squared or Manhattan) is kept as an option.  The best segment gets the cell.  At the end every cluster is
 * rounded to its row's site grid: widths are whole sites and cluster positions are >= the previous
 * cluster's end, so rounding each x_c to the nearest site keeps order, bounds and disjointness
 * (checked once more in a clean-up pass).
 *
 * Multi-row cells (lg_multi_run) are placed first, tallest first, each at the nearest position
 * (squared distance) where a stack of rows it may use (lg_grid.h) is free at every level: the
 * free x-intervals of the levels it covers are intersected, minus the cells already placed.  They
 * then become obstacles for Abacus.
 *
 * Invariants: clusters of a segment form a chain (cl_prev), the last one in seg_last; cells of a
 * segment are chained in x order (cnext) and a cluster owns cl_n consecutive cells from cl_first.
 * All scratch is allocated once per call.
 */
#include "place/lg_abacus.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void lg_abacus_opts_default(lg_abacus_opts_t *o) {
  memset(o, 0, sizeof *o);
  o->weight_by_width = 1;
  o->cost = LG_COST_CLUSTER;
}

/* Cost of a displacement (dx, dy) of the cell itself; for LG_COST_CLUSTER this is a lower bound of
 * the cluster cost (see lg_abacus_run), so the same bound prunes the search. */
static double cost_of(const lg_abacus_opts_t *o, double dx, double dy) {
  return o->cost == LG_COST_MANHATTAN ? fabs(dx) + fabs(dy) : dx * dx + dy * dy;
}

static double clampd(double x, double lo, double hi) { return x < lo ? lo : x > hi ? hi : x; }

static int64_t ceil_mul(int64_t w, int64_t p) { return (w + p - 1) / p * p; }

static int32_t cell_fence(const db_t *db, int32_t c) {
  return lg_region_hard(db, db->cell_region[c]) ? db->cell_region[c] : -1;
}

/* Report a cell that found no place, saying why: no row of its site and height at all, no free
 * site of those rows inside its fence (or outside all fences), or every candidate segment full or
 * beyond the displacement limits. */
static void name_failure(const db_t *db, const lg_grid_t *g, int32_t c, const lg_abacus_opts_t *o,
                         ut_diag_t *diag, const char *what) {
  int32_t m = db->cell_master[c], r = cell_fence(db, c), s = db->master_site[m];
  dbu_t h = db->master_h[m];
  double u = db->dbu > 0 ? db->dbu : 1;
  int64_t nrows = 0, free_sites = 0;
  for (int32_t k = 0; k < g->nrows; k++) {
    if (!lg_grid_row_takes(g, db, m, h, k)) continue;
    nrows++;
    for (int32_t q = g->row_seg_start[k]; q < g->row_seg_start[k + 1]; q++)
      if (g->seg_region[q] == r) free_sites += (g->seg_x1[q] - g->seg_x0[q]) / g->row_pitch[k];
  }
  char why[256];
  if (!nrows)
    snprintf(why, sizeof why, "no row of site %s that takes a %.3f um high cell",
             s >= 0 ? db_str(db, db->site_name[s]) : "(any)", h / u);
  else if (!free_sites)
    snprintf(why, sizeof why, "the %lld rows that take it have no free site %s", (long long)nrows,
             r >= 0 ? "inside its fence" : "outside fences and obstacles");
  else if (o->max_disp_x > 0 || o->max_disp_y > 0)
    snprintf(why, sizeof why, "no room within max displacement (%.3f, %.3f) um (rows of its site "
             "are full nearby)", o->max_disp_x / u, o->max_disp_y / u);
  else
    snprintf(why, sizeof why, "every segment of the %lld rows that take it is full%s",
             (long long)nrows, r >= 0 ? " inside its fence" : "");
  ut_diag_error(diag, db->src_path, 0, 0,
                "cannot legalize %s %s (%s, %.3f x %.3f um, %s%s) near (%.3f, %.3f): %s", what,
                db_str(db, db->cell_name[c]), db_str(db, db->master_name[m]), db->master_w[m] / u,
                h / u, r >= 0 ? "fence " : "no fence", r >= 0 ? db_str(db, db->region_name[r]) : "",
                db->cell_x[c] / u, db->cell_y[c] / u, why);
}

/* ---- Abacus ------------------------------------------------------------------------------- */

typedef struct ab_order_t {
  double x;
  int32_t c;
} ab_order_t;

static int order_cmp(const void *pa, const void *pb) {
  const ab_order_t *a = pa, *b = pb;
  if (a->x != b->x) return a->x < b->x ? -1 : 1;
  return a->c < b->c ? -1 : a->c > b->c;
}

typedef struct ab_t {
  const db_t *db;
  const lg_grid_t *g;
  const lg_abacus_opts_t *o;
  int32_t *seg_last, *seg_tail;   /* last cluster, last cell */
  int64_t *seg_used;
  double *cl_x, *cl_e, *cl_q, *cl_r;
  int64_t *cl_w;
  int32_t *cl_first, *cl_n, *cl_prev;
  int32_t ncl;
  int32_t *cseg, *cnext;          /* per local cell */
  int64_t *cw;
  double *xt;
} ab_t;

/* PlaceRow without committing: where would a cell (target xt, width w, weight e) end in s?
 * *delta: the change of sum e_i (x_i - x'_i)^2 over the cells of the clusters it merges. */
static double ab_trial(const ab_t *a, int32_t s, double xt, int64_t w, double e, double *delta) {
  double x0 = a->g->seg_x0[s], x1 = a->g->seg_x1[s];
  int32_t c = a->seg_last[s];
  double x = clampd(xt, x0, x1 - (double)w);
  if (c < 0 || a->cl_x[c] + (double)a->cl_w[c] <= x) {
    *delta = e * (x - xt) * (x - xt);
    return x;
  }
  double xc = a->cl_x[c];
  double old = a->cl_e[c] * xc * xc - 2 * xc * a->cl_q[c] + a->cl_r[c];
  double wc = (double)a->cl_w[c];
  double E = a->cl_e[c] + e, Q = a->cl_q[c] + e * (xt - wc);
  double R = a->cl_r[c] + e * (xt - wc) * (xt - wc);
  int64_t W = a->cl_w[c] + w;
  for (;;) {
    x = clampd(Q / E, x0, x1 - (double)W);
    int32_t p = a->cl_prev[c];
    if (p >= 0 && a->cl_x[p] + (double)a->cl_w[p] > x) {
      double wp = (double)a->cl_w[p], xp = a->cl_x[p];
      old += a->cl_e[p] * xp * xp - 2 * xp * a->cl_q[p] + a->cl_r[p];
      R = a->cl_r[p] + R - 2 * wp * Q + wp * wp * E;
      Q = a->cl_q[p] + Q - E * wp;
      E += a->cl_e[p];
      W += a->cl_w[p];
      c = p;
      continue;
    }
    break;
  }
  *delta = E * x * x - 2 * x * Q + R - old;
  return x + (double)(W - w);
}

static void ab_commit(ab_t *a, int32_t s, int32_t i, double e) {
  double x0 = a->g->seg_x0[s], x1 = a->g->seg_x1[s];
  int64_t w = a->cw[i];
  double xt = a->xt[i];
  int32_t c = a->seg_last[s];
  double x = clampd(xt, x0, x1 - (double)w);
  if (c < 0 || a->cl_x[c] + (double)a->cl_w[c] <= x) {
    int32_t k = a->ncl++;
    a->cl_x[k] = x;
    a->cl_e[k] = e;
    a->cl_q[k] = e * xt;
    a->cl_r[k] = e * xt * xt;
    a->cl_w[k] = w;
    a->cl_first[k] = i;
    a->cl_n[k] = 1;
    a->cl_prev[k] = c;
    a->seg_last[s] = k;
  } else {
    a->cl_e[c] += e;
    a->cl_r[c] += e * (xt - (double)a->cl_w[c]) * (xt - (double)a->cl_w[c]);
    a->cl_q[c] += e * (xt - (double)a->cl_w[c]);
    a->cl_w[c] += w;
    a->cl_n[c]++;
    for (;;) {   /* Collapse */
      a->cl_x[c] = clampd(a->cl_q[c] / a->cl_e[c], x0, x1 - (double)a->cl_w[c]);
      int32_t p = a->cl_prev[c];
      if (p >= 0 && a->cl_x[p] + (double)a->cl_w[p] > a->cl_x[c]) {
        double wp = (double)a->cl_w[p];
        a->cl_r[p] += a->cl_r[c] - 2 * wp * a->cl_q[c] + wp * wp * a->cl_e[c];
        a->cl_q[p] += a->cl_q[c] - a->cl_e[c] * wp;
        a->cl_e[p] += a->cl_e[c];
        a->cl_w[p] += a->cl_w[c];
        a->cl_n[p] += a->cl_n[c];
        a->seg_last[s] = p;
        c = p;
        continue;
      }
      break;
    }
  }
  if (a->seg_tail[s] >= 0) a->cnext[a->seg_tail[s]] = i;
  a->seg_tail[s] = i;
  a->cnext[i] = -1;
  a->cseg[i] = s;
  a->seg_used[s] += w;
}

int lg_abacus_run(db_t *db, const lg_grid_t *g, const int32_t *cells, int32_t n, const dbu_t *tx,
                  const dbu_t *ty, const lg_abacus_opts_t *o, ut_diag_t *diag) {
  if (n <= 0) return UT_OK;
  ab_t a;
  memset(&a, 0, sizeof a);
  a.db = db;
  a.g = g;
  a.o = o;
  size_t ns = (size_t)(g->nsegs > 0 ? g->nsegs : 1), nc = (size_t)n;
  ab_order_t *ord = ut_malloc(nc * sizeof *ord);
  a.seg_last = ut_malloc(ns * sizeof *a.seg_last);
  a.seg_tail = ut_malloc(ns * sizeof *a.seg_tail);
  a.seg_used = ut_calloc(ns, sizeof *a.seg_used);
  a.cl_x = ut_malloc(nc * sizeof *a.cl_x);
  a.cl_e = ut_malloc(nc * sizeof *a.cl_e);
  a.cl_q = ut_malloc(nc * sizeof *a.cl_q);
  a.cl_r = ut_malloc(nc * sizeof *a.cl_r);
  a.cl_w = ut_malloc(nc * sizeof *a.cl_w);
  a.cl_first = ut_malloc(nc * sizeof *a.cl_first);
  a.cl_n = ut_malloc(nc * sizeof *a.cl_n);
  a.cl_prev = ut_malloc(nc * sizeof *a.cl_prev);
  a.cseg = ut_malloc(nc * sizeof *a.cseg);
  a.cnext = ut_malloc(nc * sizeof *a.cnext);
  a.cw = ut_malloc(nc * sizeof *a.cw);
  a.xt = ut_malloc(nc * sizeof *a.xt);
  int32_t *chain = ut_malloc(nc * sizeof *chain);
  int64_t *pos = ut_malloc(nc * sizeof *pos);
  int rc = UT_OK;
  if (!ord || !a.seg_last || !a.seg_tail || !a.seg_used || !a.cl_x || !a.cl_e || !a.cl_q || !a.cl_r ||
      !a.cl_w || !a.cl_first || !a.cl_n || !a.cl_prev || !a.cseg || !a.cnext || !a.cw || !a.xt ||
      !chain || !pos) {
    rc = UT_ENOMEM;
    goto done;
  }
  for (size_t s = 0; s < ns; s++) a.seg_last[s] = a.seg_tail[s] = -1;
  for (int32_t i = 0; i < n; i++) ord[i] = (ab_order_t){(double)tx[cells[i]], cells[i]};
  qsort(ord, nc, sizeof *ord, order_cmp);

  int nfail = 0;
  const double INF = 1e300;
  for (int32_t i = 0; i < n; i++) {
    int32_t c = ord[i].c, m = db->cell_master[c], fence = cell_fence(db, c);
    dbu_t w = db->master_w[m], h = db->master_h[m];
    double xt = (double)tx[c], yt = (double)ty[c];
    double e = o->weight_by_width ? (double)(w > 0 ? w : 1) : 1.0;
    a.xt[i] = xt;
    double best = INF, best_x = 0;
    int32_t best_s = -1;
    int64_t best_w = 0;
    int32_t lu = lg_grid_level_lower_bound(g, (dbu_t)ty[c]), ld = lu - 1;
    for (;;) {
      double du = lu < g->nlevels ? (double)g->level_y[lu] - yt : INF;
      double dd = ld >= 0 ? yt - (double)g->level_y[ld] : INF;
      int32_t l;
      double dy;
      if (du <= dd) {
        l = lu++;
        dy = du;
      } else {
        l = ld--;
        dy = dd;
      }
      if (dy >= INF) break;
      if (o->max_disp_y > 0 && dy > (double)o->max_disp_y) break;
      if (cost_of(o, 0, dy) >= best) break;
      for (int32_t k = g->level_start[l]; k < g->level_start[l + 1]; k++) {
        int32_t r = g->level_rows[k];
        if (g->row_h[r] != h || !lg_grid_row_takes(g, db, m, h, r)) continue;
        int32_t lo = g->row_seg_start[r], hi = g->row_seg_start[r + 1];
        if (lo >= hi) continue;
        int64_t weff = ceil_mul(w > 0 ? w : 1, g->row_pitch[r]);
        /* last segment with x0 <= xt */
        int32_t a0 = lo, b0 = hi;
        while (a0 < b0) {
          int32_t mid = a0 + (b0 - a0) / 2;
          if ((double)g->seg_x0[mid] <= xt) a0 = mid + 1;
          else b0 = mid;
        }
        int32_t kseg = a0 - 1;
        for (int dir = 0; dir < 2; dir++) {
          for (int32_t s = dir ? kseg : kseg + 1; dir ? s >= lo : s < hi; s += dir ? -1 : 1) {
            double lb = dir ? xt - ((double)g->seg_x1[s] - (double)weff) : (double)g->seg_x0[s] - xt;
            if (lb < 0) lb = 0;
            if (o->max_disp_x > 0 && lb > (double)o->max_disp_x) break;
            if (cost_of(o, lb, dy) >= best) break;
            if (g->seg_region[s] != fence) continue;
            if (a.seg_used[s] + weff > (int64_t)g->seg_x1[s] - g->seg_x0[s]) continue;
            double delta;
            double x = ab_trial(&a, s, xt, weff, e, &delta);
            double dx = fabs(x - xt);
            if (o->max_disp_x > 0 && dx > (double)o->max_disp_x) continue;
            double cst = o->cost == LG_COST_CLUSTER ? delta / e + dy * dy : cost_of(o, dx, dy);
            if (cst < best) {
              best = cst;
              best_s = s;
              best_x = x;
              best_w = weff;
            }
          }
        }
      }
    }
    (void)best_x;
    if (best_s < 0) {
      name_failure(db, g, c, o, diag, "cell");
      nfail++;
      a.cseg[i] = -1;
      continue;
    }
    a.cw[i] = best_w;
    ab_commit(&a, best_s, i, e);
  }

  /* round clusters to sites, segment by segment, and write back */
  for (int32_t s = 0; s < g->nsegs; s++) {
    int32_t ncl = 0;
    for (int32_t k = a.seg_last[s]; k >= 0; k = a.cl_prev[k]) chain[ncl++] = k;
    if (!ncl) continue;
    int32_t r = g->seg_row[s];
    int64_t x0 = g->row_x0[r], p = g->row_pitch[r];
    /* chain[] runs right to left; pos[] is left to right */
    for (int32_t j = 0; j < ncl; j++) {
      int32_t k = chain[ncl - 1 - j];
      pos[j] = x0 + (int64_t)floor((a.cl_x[k] - (double)x0) / (double)p + 0.5) * p;
    }
    int64_t end = g->seg_x0[s];
    for (int32_t j = 0; j < ncl; j++) {
      if (pos[j] < end) pos[j] = end;
      end = pos[j] + a.cl_w[chain[ncl - 1 - j]];
    }
    int64_t lim = g->seg_x1[s];
    for (int32_t j = ncl; j-- > 0;) {
      int64_t wk = a.cl_w[chain[ncl - 1 - j]];
      if (pos[j] + wk > lim) pos[j] = lim - wk;
      lim = pos[j];
    }
    for (int32_t j = 0; j < ncl; j++) {
      int32_t k = chain[ncl - 1 - j];
      int64_t x = pos[j];
      int32_t i = a.cl_first[k];
      for (int32_t t = 0; t < a.cl_n[k]; t++) {
        int32_t c = ord[i].c;
        db_cell_set_place(db, c, (dbu_t)x, g->row_y[r], g->row_orient[r], DB_PLACED);
        x += a.cw[i];
        i = a.cnext[i];
      }
    }
  }
  if (nfail) rc = UT_EINVAL;
done:
  ut_free(ord);
  ut_free(a.seg_last);
  ut_free(a.seg_tail);
  ut_free(a.seg_used);
  ut_free(a.cl_x);
  ut_free(a.cl_e);
  ut_free(a.cl_q);
  ut_free(a.cl_r);
  ut_free(a.cl_w);
  ut_free(a.cl_first);
  ut_free(a.cl_n);
  ut_free(a.cl_prev);
  ut_free(a.cseg);
  ut_free(a.cnext);
  ut_free(a.cw);
  ut_free(a.xt);
  ut_free(chain);
  ut_free(pos);
  return rc;
}

/* ---- multi-row cells --------------------------------------------------------------------- */

typedef struct ivl_t {
  dbu_t a, b;
} ivl_t;

typedef struct ivls_t {
  ivl_t *v;
  size_t n, cap;
} ivls_t;

static int ivls_push(ivls_t *s, dbu_t a, dbu_t b) {
  if (b <= a) return UT_OK;
  if (UT_RESERVE(s->v, s->cap, s->n + 1)) return UT_ENOMEM;
  s->v[s->n++] = (ivl_t){a, b};
  return UT_OK;
}

static int ivl_cmp(const void *pa, const void *pb) {
  const ivl_t *a = pa, *b = pb;
  if (a->a != b->a) return a->a < b->a ? -1 : 1;
  return a->b < b->b ? -1 : a->b > b->b;
}

typedef struct mh_t {
  const db_t *db;
  const lg_grid_t *g;
  /* occupancy per base row: singly linked lists of intervals */
  int32_t *occ_head;
  ivl_t *occ;
  int32_t *occ_next;
  size_t nocc, cap_occ, cap_occ_next;
  ivls_t cur, lev, tmp, row_occ;
} mh_t;

typedef struct mh_order_t {
  dbu_t h;
  double x;
  int32_t c;
} mh_order_t;

static int mh_order_cmp(const void *pa, const void *pb) {
  const mh_order_t *a = pa, *b = pb;
  if (a->h != b->h) return a->h > b->h ? -1 : 1;
  if (a->x != b->x) return a->x < b->x ? -1 : 1;
  return a->c < b->c ? -1 : a->c > b->c;
}

/* Free intervals of level l for a cell of `fence` (sorted, disjoint) into M->lev. */
static int mh_level_free(mh_t *M, int32_t l, int32_t fence) {
  const lg_grid_t *g = M->g;
  M->lev.n = 0;
  for (int32_t k = g->level_start[l]; k < g->level_start[l + 1]; k++) {
    int32_t r = g->level_rows[k];
    M->row_occ.n = 0;
    for (int32_t q = M->occ_head[r]; q >= 0; q = M->occ_next[q])
      if (ivls_push(&M->row_occ, M->occ[q].a, M->occ[q].b)) return UT_ENOMEM;
    if (M->row_occ.n > 1) qsort(M->row_occ.v, M->row_occ.n, sizeof(ivl_t), ivl_cmp);
    for (int32_t s = g->row_seg_start[r]; s < g->row_seg_start[r + 1]; s++) {
      if (g->seg_region[s] != fence) continue;
      dbu_t a = g->seg_x0[s];
      for (size_t j = 0; j < M->row_occ.n && a < g->seg_x1[s]; j++) {
        const ivl_t *q = &M->row_occ.v[j];
        if (q->b <= a || q->a >= g->seg_x1[s]) continue;
        if (ivls_push(&M->lev, a, q->a)) return UT_ENOMEM;
        if (q->b > a) a = q->b;
      }
      if (ivls_push(&M->lev, a, g->seg_x1[s])) return UT_ENOMEM;
    }
  }
  return UT_OK;
}

/* M->cur = M->cur intersected with M->lev. */
static int mh_intersect(mh_t *M) {
  M->tmp.n = 0;
  size_t i = 0, j = 0;
  while (i < M->cur.n && j < M->lev.n) {
    dbu_t a = M->cur.v[i].a > M->lev.v[j].a ? M->cur.v[i].a : M->lev.v[j].a;
    dbu_t b = M->cur.v[i].b < M->lev.v[j].b ? M->cur.v[i].b : M->lev.v[j].b;
    if (a < b && ivls_push(&M->tmp, a, b)) return UT_ENOMEM;
    if (M->cur.v[i].b < M->lev.v[j].b) i++;
    else j++;
  }
  ivls_t t = M->cur;
  M->cur = M->tmp;
  M->tmp = t;
  return UT_OK;
}

static int mh_occupy(mh_t *M, int32_t r, dbu_t a, dbu_t b) {
  if (UT_RESERVE(M->occ, M->cap_occ, M->nocc + 1) ||
      UT_RESERVE(M->occ_next, M->cap_occ_next, M->nocc + 1))
    return UT_ENOMEM;
  M->occ[M->nocc] = (ivl_t){a, b};
  M->occ_next[M->nocc] = M->occ_head[r];
  M->occ_head[r] = (int32_t)M->nocc++;
  return UT_OK;
}

int lg_multi_run(db_t *db, const lg_grid_t *g, const int32_t *cells, int32_t n, const dbu_t *tx,
                 const dbu_t *ty, const lg_abacus_opts_t *o, ut_diag_t *diag) {
  if (n <= 0) return UT_OK;
  mh_t M;
  memset(&M, 0, sizeof M);
  M.db = db;
  M.g = g;
  mh_order_t *ord = ut_malloc((size_t)n * sizeof *ord);
  M.occ_head = ut_malloc((size_t)(g->nrows ? g->nrows : 1) * sizeof *M.occ_head);
  int rc = UT_OK, nfail = 0;
  if (!ord || !M.occ_head) {
    rc = UT_ENOMEM;
    goto done;
  }
  for (int32_t r = 0; r < g->nrows; r++) M.occ_head[r] = -1;
  for (int32_t i = 0; i < n; i++)
    ord[i] = (mh_order_t){db->master_h[db->cell_master[cells[i]]], (double)tx[cells[i]], cells[i]};
  qsort(ord, (size_t)n, sizeof *ord, mh_order_cmp);
  const double INF = 1e300;
  for (int32_t i = 0; i < n && !rc; i++) {
    int32_t c = ord[i].c, m = db->cell_master[c], fence = cell_fence(db, c);
    dbu_t w = db->master_w[m], h = db->master_h[m];
    double xt = (double)tx[c], yt = (double)ty[c];
    double best = INF;
    dbu_t bx = 0, by = 0;
    int32_t brow = -1;
    /* rows by y, outward from yt */
    int32_t lo = 0, hi = g->nrows;
    while (lo < hi) {
      int32_t mid = lo + (hi - lo) / 2;
      if ((double)g->row_y[mid] < yt) lo = mid + 1;
      else hi = mid;
    }
    int32_t up = lo, dn = lo - 1;
    for (;;) {
      double du = up < g->nrows ? (double)g->row_y[up] - yt : INF;
      double dd = dn >= 0 ? yt - (double)g->row_y[dn] : INF;
      int32_t r;
      double dy;
      if (du <= dd) {
        r = up++;
        dy = du;
      } else {
        r = dn--;
        dy = dd;
      }
      if (dy >= INF) break;
      if (o->max_disp_y > 0 && dy > (double)o->max_disp_y) break;
      if (cost_of(o, 0, dy) >= best) break;
      if (!lg_grid_row_takes(g, db, m, h, r)) continue;
      dbu_t y = g->row_y[r];
      M.cur.n = 0;
      if ((rc = ivls_push(&M.cur, g->row_x0[r], g->row_x1[r]))) break;
      int64_t cy = y, ytop = (int64_t)y + h;
      while (cy < ytop && M.cur.n) {
        int32_t l = lg_grid_level_at(g, (dbu_t)cy);
        if (l < 0) {
          M.cur.n = 0;
          break;
        }
        if ((rc = mh_level_free(&M, l, fence)) || (rc = mh_intersect(&M))) break;
        cy += g->row_h[g->level_rows[g->level_start[l]]];
      }
      if (rc) break;
      if (cy != ytop) continue;
      int64_t x0 = g->row_x0[r], p = g->row_pitch[r];
      for (size_t j = 0; j < M.cur.n; j++) {
        int64_t a = M.cur.v[j].a, b = M.cur.v[j].b;
        int64_t xmin = x0 + (a - x0 + p - 1) / p * p;
        int64_t xmax = b - w - x0 >= 0 ? x0 + (b - w - x0) / p * p : xmin - 1;
        if (xmin > xmax) continue;
        int64_t x = x0 + (int64_t)floor((xt - (double)x0) / (double)p + 0.5) * p;
        if (x < xmin) x = xmin;
        if (x > xmax) x = xmax;
        double dx = fabs((double)x - xt);
        if (o->max_disp_x > 0 && dx > (double)o->max_disp_x) continue;
        double cst = cost_of(o, dx, dy);
        if (cst >= best) continue;
        int32_t bottom;
        if (lg_grid_fit(g, db, m, (dbu_t)x, y, w, h, &bottom, NULL) != LG_FIT_OK) continue;
        best = cst;
        bx = (dbu_t)x;
        by = y;
        brow = bottom;
      }
    }
    if (rc) break;
    if (brow < 0) {
      name_failure(db, g, c, o, diag, "multi-row cell");
      nfail++;
      continue;
    }
    db_cell_set_place(db, c, bx, by, g->row_orient[brow], DB_PLACED);
    /* occupy every base row it covers */
    int32_t l = lg_grid_level_lower_bound(g, by);
    for (; l < g->nlevels && g->level_y[l] < (int64_t)by + h && !rc; l++)
      for (int32_t k = g->level_start[l]; k < g->level_start[l + 1] && !rc; k++) {
        int32_t r = g->level_rows[k];
        if (g->row_x1[r] <= bx || g->row_x0[r] >= (int64_t)bx + w) continue;
        rc = mh_occupy(&M, r, bx, (dbu_t)(bx + w));
      }
  }
  if (!rc && nfail) rc = UT_EINVAL;
done:
  ut_free(ord);
  ut_free(M.occ_head);
  ut_free(M.occ);
  ut_free(M.occ_next);
  ut_free(M.cur.v);
  ut_free(M.lev.v);
  ut_free(M.tmp.v);
  ut_free(M.row_occ.v);
  return rc;
}
