/*
 * dp_ism.c: independent set matching.
 *
 * Method (NTUplace3: Chen et al., "NTUplace3: An Analytical Placer for Large-Scale Mixed-Size
 * Designs With Preplaced Blocks and Density Constraints", TCAD 2008, Sec. VI-B, cell matching).
 * From a seed cell, collect up to K = opts->ism_size cells of the same width and height near it
 * (its level and the two next to it, within the search window) that share no net: an
 * independent set.  Their places are the slots.  With the other cells fixed the
 * HPWL of the set is separable, so the cost c[i][j] of putting cell i in slot j is the HPWL of
 * i's nets with i there (each net's box without i, plus i's pins; the better of the row's two
 * orientations when the master has SYMMETRY Y), and the best placement of the set is a minimum
 * cost assignment, solved with igraph_solve_lsap (the Hungarian method).  A slot a cell may not
 * take (another fence or row kind, beyond its displacement limit) costs more than every finite
 * assignment together, so it is never chosen: the identity is always finite.
 *
 * Nets of more than DP_ISM_MAX_DEG pins do not count for independence (a clock net would make
 * every set of flip-flops dependent); the costs are then an estimate, so the assignment is
 * applied only when the exact incremental evaluation of the whole permutation gains.
 * Every cell seeds at most one set per pass and joins at most one.
 */
#include <igraph.h>
#include <stdlib.h>
#include <string.h>

#include "place/dp_int.h"

#define DP_ISM_MAX_DEG 16
#define DP_ISM_MAX 32

int dp_lsap(int n, const double *cost, int32_t *perm) {
  for (int i = 0; i < n; i++) perm[i] = i;
  if (n <= 1) return UT_OK;
  if (n > DP_ISM_MAX) return UT_EINVAL;
  double col[DP_ISM_MAX * DP_ISM_MAX];   /* igraph matrices are column-major */
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) col[j * n + i] = cost[i * n + j];
  igraph_matrix_t mview;
  memset(&mview, 0, sizeof mview);
  const igraph_matrix_t *m = igraph_matrix_view(&mview, col, n, n);
  igraph_vector_int_t p;
  igraph_error_handler_t *old = igraph_set_error_handler(igraph_error_handler_ignore);
  int rc = UT_OK;
  if (igraph_vector_int_init(&p, n) != IGRAPH_SUCCESS) {
    rc = UT_ENOMEM;
  } else {
    if (igraph_solve_lsap(m, n, &p) != IGRAPH_SUCCESS) {
      rc = UT_EINVAL;
    } else {
      /* a permutation, or nothing */
      uint8_t seen[DP_ISM_MAX] = {0};
      for (int i = 0; i < n && rc == UT_OK; i++) {
        igraph_integer_t v = VECTOR(p)[i];
        if (v < 0 || v >= n || seen[v]) rc = UT_EINVAL;
        else seen[v] = 1;
      }
      if (rc == UT_OK)
        for (int i = 0; i < n; i++) perm[i] = (int32_t)VECTOR(p)[i];
    }
    igraph_vector_int_destroy(&p);
  }
  igraph_set_error_handler(old);
  if (rc != UT_OK)
    for (int i = 0; i < n; i++) perm[i] = i;
  return rc;
}

/* Mark the small nets of c with stamp; returns 0 when one is already marked. */
static int nets_free(const dp_t *d, int32_t c) {
  for (int32_t e = d->cstart[c]; e < d->cstart[c + 1]; e++) {
    int32_t n = d->enet[d->centry[e]];
    if (d->nstart[n + 1] - d->nstart[n] <= DP_ISM_MAX_DEG && d->nmark[n] == d->nmk) return 0;
  }
  return 1;
}

static void nets_mark(dp_t *d, int32_t c) {
  for (int32_t e = d->cstart[c]; e < d->cstart[c + 1]; e++) {
    int32_t n = d->enet[d->centry[e]];
    if (d->nstart[n + 1] - d->nstart[n] <= DP_ISM_MAX_DEG) d->nmark[n] = d->nmk;
  }
}

/* Add the cells of segment s within [wx0, wx1) that match the seed to set[]. */
static int collect(dp_t *d, int32_t seed, int32_t s, dbu_t wx0, dbu_t wx1, int32_t *set, int n,
                   int kmax, uint32_t used) {
  int32_t t = dp_seg_lower(d, s, wx0);
  for (; t < d->sn[s] && n < kmax; t++) {
    int32_t c = dp_seg_cell(d, s, t);
    if (d->cx[c] >= wx1) break;
    if (c == seed || d->cstamp[c] == used) continue;
    if (d->cw[c] != d->cw[seed] || d->ch[c] != d->ch[seed] || d->cfence[c] != d->cfence[seed])
      continue;
    if (!nets_free(d, c)) continue;
    nets_mark(d, c);
    set[n++] = c;
  }
  return n;
}

int64_t dp_pass_ism(dp_t *d, int64_t *moves) {
  const lg_grid_t *g = d->g;
  const db_t *db = d->db;
  int kmax = d->o.ism_size;
  if (kmax > DP_ISM_MAX) kmax = DP_ISM_MAX;
  if (kmax > d->maxmove) kmax = d->maxmove;
  if (kmax < 2) return 0;
  int64_t gain = 0;
  uint32_t used = dp_cell_stamp(d);
  int32_t set[DP_ISM_MAX], mc[DP_ISM_MAX];
  dbu_t sx[DP_ISM_MAX], sy[DP_ISM_MAX], mx[DP_ISM_MAX], my[DP_ISM_MAX];
  int32_t sseg[DP_ISM_MAX], sidx[DP_ISM_MAX];
  uint8_t mo[DP_ISM_MAX];
  double *cost = d->cost;
  for (int32_t k = 0; k < d->nmov; k++) {
    int32_t seed = d->mov[k];
    if (d->cstamp[seed] == used) continue;
    if (!dp_cell_dirty(d, seed)) continue;
    dp_net_stamp(d);
    nets_mark(d, seed);
    set[0] = seed;
    int n = 1;
    int32_t s0 = d->cseg[seed], l0 = dp_seg_level(d, s0);
    int64_t w = (int64_t)d->o.search_sites * g->row_pitch[g->seg_row[s0]];
    int64_t a = (int64_t)d->cx[seed] - w, b = (int64_t)d->cx[seed] + w;
    dbu_t wx0 = (dbu_t)(a < INT32_MIN ? INT32_MIN : a);
    dbu_t wx1 = (dbu_t)(b > INT32_MAX ? INT32_MAX : b);
    for (int dl = 0; dl < 3 && n < kmax; dl++) {
      int32_t l = l0 + (dl == 0 ? 0 : dl == 1 ? 1 : -1);
      if (l < 0 || l >= g->nlevels) continue;
      for (int32_t q = d->lseg_start[l]; q < d->lseg_start[l + 1] && n < kmax; q++) {
        int32_t s = d->lsegs[q];
        if (g->seg_x1[s] <= wx0 || g->seg_x0[s] >= wx1) continue;
        if (g->seg_region[s] != d->cfence[seed]) continue;
        n = collect(d, seed, s, wx0, wx1, set, n, kmax, used);
      }
    }
    for (int i = 0; i < n; i++) d->cstamp[set[i]] = used;
    if (n < 2) continue;
    for (int j = 0; j < n; j++) {
      sx[j] = d->cx[set[j]];
      sy[j] = d->cy[set[j]];
      sseg[j] = d->cseg[set[j]];
      sidx[j] = d->cidx[set[j]];
    }
    /* costs; forbidden slots get `big` */
    double finite = 0;
    for (int i = 0; i < n; i++) {
      int32_t c = set[i];
      int sym = (db->master_sym[db->cell_master[c]] & DB_SYM_Y) != 0;
      dp_model_build(d, c);
      for (int j = 0; j < n; j++) {
        double *cij = &cost[i * n + j];
        *cij = -1;
        if (j != i && (!dp_fits_seg(d, c, sseg[j]) || !dp_disp_ok(d, c, sx[j], sy[j]))) continue;
        int ro = g->row_orient[g->seg_row[sseg[j]]];
        int o0 = d->cmir[c] ? lg_orient_mirror_y(ro) : ro;
        int64_t best = dp_model_cost(d, sx[j], sy[j], o0);
        int bo = o0;
        if (sym) {
          int o1 = lg_orient_mirror_y(o0);
          int64_t c1 = dp_model_cost(d, sx[j], sy[j], o1);
          if (c1 < best) {
            best = c1;
            bo = o1;
          }
        }
        *cij = (double)best;
        d->corient[i * n + j] = (uint8_t)bo;
        if ((double)best > finite) finite = (double)best;
      }
    }
    double big = finite * (double)n + 1.0;
    for (int i = 0; i < n * n; i++)
      if (cost[i] < 0) cost[i] = big;
    int32_t *perm = d->perm;
    if (dp_lsap(n, cost, perm) != UT_OK) continue;
    int nm = 0;
    for (int i = 0; i < n; i++) {
      int32_t c = set[i];
      int j = perm[i];
      uint8_t o = d->corient[i * n + j];
      if (j == i && o == d->co[c]) continue;
      if (cost[i * n + j] >= big) {
        nm = -1;
        break;
      }
      mc[nm] = c;
      mx[nm] = sx[j];
      my[nm] = sy[j];
      mo[nm] = o;
      nm++;
    }
    if (nm <= 0) continue;
    int64_t delta = dp_try(d, nm, mc, mx, my, mo);
    if (delta >= 0) {
      dp_revert(d);
      continue;
    }
    dp_commit(d);
    for (int i = 0; i < n; i++) {
      int j = perm[i];
      dp_seg_put(d, set[i], sseg[j], sidx[j]);
    }
    for (int i = 0; i < n; i++) dp_sync_mirror(d, set[i]);
    gain -= delta;
    (*moves)++;
  }
  return gain;
}
