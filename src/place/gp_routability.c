/*
 * gp_routability.c: the rounds of routability-driven global placement (gp_opts_t.routability),
 * RePlAce (Cheng, Kahng, Kang, Wang, TCAD 2019, section V) as OpenROAD gpl runs it
 * (nesterovPlace.cpp / routeBase.cpp, read as the model; no code taken).  gp.c's Nesterov loop
 * calls gp_routability_step after every iteration; this file decides what happens, gp_route.c
 * measures congestion and turns it into per-cell inflation.
 *
 * The Nesterov state (u, v, v_prev, lambda, gamma, a_k) is saved when the overflow first falls to
 * rt_snapshot_overflow (0.6); each time it then falls to rt_check_overflow (0.3) the congestion map
 * is measured: below the target RC the mode ends; otherwise the cells in congested GCells are
 * inflated (density sizes only), the fillers shrink by the added area (gpl's cutFillerCells), and
 * the placement goes back to the snapshot to spread again with the new sizes.  After rt_rounds
 * inflations, or three checks without a better overflow, the sizes of the check with the least
 * congestion overflow are restored (back to the snapshot once more unless they are the current
 * ones) and Nesterov runs to the end.  The true sizes return for the write-back
 * (gp_routability_finish), so legalization sees the real cells.  With the mode off gp.c creates
 * none of this and its result is byte-identical to a build without it.
 */
#include <math.h>
#include <string.h>

#include "place/gp_density.h"
#include "place/gp_int.h"

struct gp_routability_t {
  gp_opts_t o;
  db_t *db;
  gp_sizes_t sz;               /* the placer's objects and their density sizes (resized here) */
  gp_rt_t *rt;                 /* the congestion map (gp_route.c) */
  double *w0, *h0;             /* true sizes of the movable cells; sz.w, sz.h: inflated */
  double *infl, *best_infl;    /* cumulative area inflation per movable cell; at the best check */
  uint8_t *inflatable;         /* standard cells (macros keep their size, as in gpl) */
  double *snap;                /* 6n: u, v, v_prev at the snapshot */
  double snap_lambda, snap_gamma, snap_a;
  int snap_it, snap_saved;
  double fill_w0, fill_h0, fill_area0, mov_area0, infl_area0, free_area;
  double added, best_added;    /* area added by inflation now and at the best check */
  double best_ovf, best_rc, first_ovf;
  int checks, rounds, noimp, done, cur_best, armed, revert_it;
};

void gp_routability_destroy(gp_routability_t *r) {
  if (!r) return;
  gp_rt_destroy(r->rt);
  ut_free(r->w0);
  ut_free(r->h0);
  ut_free(r->infl);
  ut_free(r->best_infl);
  ut_free(r->inflatable);
  ut_free(r->snap);
  ut_free(r);
}

int gp_routability_create(gp_routability_t **out, db_t *db, const gp_opts_t *o,
                          const gp_net_view_t *nv, const gp_sizes_t *sz, double free_area,
                          double mov_area, ut_diag_t *diag) {
  *out = NULL;
  gp_routability_t *r = ut_calloc(1, sizeof *r);
  if (!r) return UT_ENOMEM;
  r->o = *o;
  r->db = db;
  r->sz = *sz;
  size_t nm = (size_t)(sz->nmov ? sz->nmov : 1), n = (size_t)sz->n;
  r->w0 = ut_malloc(nm * sizeof *r->w0);
  r->h0 = ut_malloc(nm * sizeof *r->h0);
  r->infl = ut_malloc(nm * sizeof *r->infl);
  r->best_infl = ut_malloc(nm * sizeof *r->best_infl);
  r->inflatable = ut_malloc(nm);
  r->snap = ut_malloc(6 * (n ? n : 1) * sizeof *r->snap);
  if (!r->w0 || !r->h0 || !r->infl || !r->best_infl || !r->inflatable || !r->snap) {
    gp_routability_destroy(r);
    return UT_ENOMEM;
  }
  r->infl_area0 = 0;
  for (int i = 0; i < sz->nmov; i++) {
    r->w0[i] = sz->w[i];
    r->h0[i] = sz->h[i];
    r->infl[i] = r->best_infl[i] = 1.0;
    r->inflatable[i] = !db_cell_is_macro(db, sz->cell_of[i]);
    if (r->inflatable[i]) r->infl_area0 += sz->area[i];
  }
  r->fill_area0 = 0;
  for (int i = sz->nmov; i < sz->n; i++) r->fill_area0 += sz->area[i];
  r->fill_w0 = sz->n > sz->nmov ? sz->w[sz->nmov] : 0;
  r->fill_h0 = sz->n > sz->nmov ? sz->h[sz->nmov] : 0;
  r->mov_area0 = mov_area;
  r->free_area = free_area;
  r->best_ovf = INFINITY;
  int rc = gp_rt_create(&r->rt, db, o, nv, sz->cell_of, r->w0, r->h0);
  if (rc) {
    if (rc == UT_EINVAL)
      ut_diag_error(diag, NULL, 0, 0, "--routability: no routing capacity model for this design "
                    "(routing layers in the LEF, a die in the DEF)");
    gp_routability_destroy(r);
    return rc;
  }
  *out = r;
  return 0;
}

/* Density sizes from the inflation state infl with `added` area in all: movable cell i gets
 * area0 x infl[i]; the fillers shrink by the added area (gpl's cutFillerCells) and, once they are
 * gone, the target density rises to hold the inflated cells. */
static int apply_sizes(gp_routability_t *r, const double *infl, double added) {
  const gp_sizes_t *sz = &r->sz;
  for (int i = 0; i < sz->nmov; i++) {
    double s = sqrt(infl[i]);
    sz->w[i] = r->w0[i] * s;
    sz->h[i] = r->h0[i] * s;
    sz->area[i] = sz->w[i] * sz->h[i];
  }
  double fa = r->fill_area0 - added;
  if (fa < 0) fa = 0;
  double fs = r->fill_area0 > 0 ? sqrt(fa / r->fill_area0) : 0;
  for (int i = sz->nmov; i < sz->n; i++) {
    sz->w[i] = r->fill_w0 * fs;
    sz->h[i] = r->fill_h0 * fs;
    sz->area[i] = sz->w[i] * sz->h[i];
  }
  double target = r->o.target_density, need = (r->mov_area0 + added + fa) / r->free_area;
  if (need > target) target = need < 1 ? need : 1;
  return gp_density_set_target(sz->dens, target);
}

static void snapshot(gp_routability_t *r, int it, double overflow, const gp_nesterov_state_t *s) {
  size_t m = 2 * (size_t)r->sz.n;
  memcpy(r->snap, s->u, m * sizeof(double));
  memcpy(r->snap + m, s->v, m * sizeof(double));
  memcpy(r->snap + 2 * m, s->v_prev, m * sizeof(double));
  r->snap_lambda = s->lambda;
  r->snap_gamma = s->gamma;
  r->snap_a = s->a;
  r->snap_it = it;
  r->snap_saved = 1;
  UT_INFO("GP", "routability: snapshot at iteration %d (overflow %.4f)", it, overflow);
}

/* One congestion check of the placement u (see the top).  Sets *revert when the placer must go
 * back to the snapshot with new sizes.  Returns 0 or an error code. */
static int check(gp_routability_t *r, int it, const double *u, int *revert) {
  gp_rt_cong_t c;
  *revert = 0;
  int n = r->sz.n, nmov = r->sz.nmov;
  int rc = gp_rt_measure(r->rt, u, u + n, &c);
  if (rc) return rc;
  int k = ++r->checks;
  if (k == 1) r->first_ovf = c.overflow;
  double um2 = (double)r->db->dbu * r->db->dbu;
  UT_INFO("GP", "routability check %d (iter %d): overflow %.1f tracks, max %.2f, %.3f%% of GCells "
          "over, ACE %.1f %.1f %.1f %.1f, RC %.4f; cells inflated by %.1f um^2 (%.2f%%)", k, it,
          c.overflow, c.overflow_max, c.gcells_over_pct, c.ace[0], c.ace[1], c.ace[2], c.ace[3],
          c.rc, r->added / um2, 100.0 * r->added / fmax(r->mov_area0, 1));
  int better = c.overflow < r->best_ovf - 1e-9 ||
               (c.overflow <= r->best_ovf + 1e-9 && c.rc < r->best_rc);
  if (better) {
    r->best_ovf = c.overflow;
    r->best_rc = c.rc;
    r->best_added = r->added;
    memcpy(r->best_infl, r->infl, (size_t)nmov * sizeof(double));
    r->noimp = 0;
  } else {
    r->noimp++;
  }
  r->cur_best = better;
  const char *why = NULL;
  if (c.rc < r->o.rt_target_rc) why = "RC below the target";
  else if (r->rounds >= r->o.rt_rounds) why = "all rounds done";
  else if (r->noimp >= 3) why = "no better overflow in 3 checks";
  if (!why) {
    double cap = r->o.rt_max_inflation * r->infl_area0;
    double dens_cap = r->o.rt_max_density * r->free_area - r->mov_area0;
    if (dens_cap < cap) cap = dens_cap;
    double budget = cap - r->added;
    double added = budget > 1e-9 * r->mov_area0
                       ? gp_rt_inflate(r->rt, u, u + n, r->sz.area, r->inflatable,
                                       r->o.rt_power, r->o.rt_max_ratio, budget, r->infl)
                       : 0;
    if (added > 0) {
      r->added += added;
      r->rounds++;
      rc = apply_sizes(r, r->infl, r->added);
      if (rc) return rc;
      UT_INFO("GP", "routability round %d: +%.1f um^2, cells inflated by %.2f%% in all; back to "
              "the snapshot", r->rounds, added / um2, 100.0 * r->added / fmax(r->mov_area0, 1));
      *revert = 1;
      return 0;
    }
    why = budget > 1e-9 * r->mov_area0 ? "no cell in a congested GCell" : "inflation cap reached";
  }
  r->done = 1;
  if (c.rc < r->o.rt_target_rc || r->cur_best) {
    UT_INFO("GP", "routability done (%s): keeping the current sizes", why);
    return 0;
  }
  memcpy(r->infl, r->best_infl, (size_t)nmov * sizeof(double));
  r->added = r->best_added;
  rc = apply_sizes(r, r->infl, r->added);
  if (rc) return rc;
  UT_INFO("GP", "routability done (%s): back to the snapshot with the sizes of overflow %.1f",
          why, r->best_ovf);
  *revert = 1;
  return 0;
}

int gp_routability_step(gp_routability_t *r, int it, double overflow, gp_nesterov_state_t *s,
                        int *back) {
  *back = -1;
  if (r->done) return 0;
  if (!r->snap_saved && overflow <= fmax(r->o.rt_snapshot_overflow, r->o.rt_check_overflow))
    snapshot(r, it, overflow, s);
  /* a check needs the overflow to have been above the trigger since the last revert (or 20
   * iterations), so every check sees a placement spread with its sizes */
  if (overflow > r->o.rt_check_overflow || it - r->revert_it >= 20) r->armed = 1;
  if (!(r->snap_saved && r->armed && overflow <= r->o.rt_check_overflow)) return 0;
  int revert, rc = check(r, it, s->u, &revert);
  if (rc) return rc;
  r->armed = 0;
  r->revert_it = it;
  if (!revert) return 0;
  size_t m = 2 * (size_t)r->sz.n, mb = m * sizeof(double);
  memcpy(s->u, r->snap, mb);
  memcpy(s->v, r->snap + m, mb);
  memcpy(s->v_prev, r->snap + 2 * m, mb);
  s->lambda = r->snap_lambda;
  s->gamma = r->snap_gamma;
  s->a = r->snap_a;
  *back = it - r->snap_it;
  return 0;
}

int gp_routability_finish(gp_routability_t *r, const double *x, const double *y,
                          gp_stats_t *st) {
  gp_rt_cong_t c;
  int rc = gp_rt_measure(r->rt, x, y, &c);
  if (rc) return rc;
  st->rt_checks = r->checks;
  st->rt_rounds = r->rounds;
  st->rt_overflow_final = c.overflow;
  st->rt_rc_final = c.rc;
  st->rt_overflow_first = r->checks ? r->first_ovf : c.overflow;
  st->rt_overflow_best = r->checks ? r->best_ovf : c.overflow;
  st->rt_inflation_pct = r->mov_area0 > 0 ? 100.0 * r->added / r->mov_area0 : 0;
  st->t_rt_map = gp_rt_seconds(r->rt, &st->rt_maps);
  memcpy(r->sz.w, r->w0, (size_t)r->sz.nmov * sizeof(double));
  memcpy(r->sz.h, r->h0, (size_t)r->sz.nmov * sizeof(double));
  UT_INFO("GP", "routability: %d checks, %d rounds, cells inflated by %.2f%%; congestion "
          "overflow %.1f (first check %.1f), RC %.4f; %d maps in %.3f s", st->rt_checks,
          st->rt_rounds, st->rt_inflation_pct, c.overflow, st->rt_overflow_first, c.rc,
          st->rt_maps, st->t_rt_map);
  return 0;
}
