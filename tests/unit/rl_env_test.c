/*
 * rl_env_test.c: the macro placement environment of src/rl.  On random episodes over two small
 * designs (tests/rl/small.def; tests/rl/obst.def with a fixed macro with a halo, a macro halo, a
 * placement blockage and a fence), every placed macro is checked by brute force against the rules
 * (inside the core, on a row and the site grid, no overlap with fixed components, blockages, other
 * macros or their halos, fence members inside, others outside), the mask is compared with that
 * brute-force check cell by cell, lg_check confirms the final macro placement, dead ends score -4,
 * and the coarse netlist keeps every net weight.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "cmd/cmd.h"
#include "place/lg_check.h"
#include "place/lg_grid.h"
#include "rl/rl_int.h"
#include "tap.h"

static int boxes_overlap(int64_t ax0, int64_t ay0, int64_t ax1, int64_t ay1, int64_t bx0,
                         int64_t by0, int64_t bx1, int64_t by1) {
  return ax0 < bx1 && bx0 < ax1 && ay0 < by1 && by0 < ay1;
}

/* Is hard macro i at (x, y) legal against db's fixed objects and macros j in [0, n) except i? */
static int brute_ok(const db_t *db, const rl_design_t *d, int32_t i, int64_t x, int64_t y,
                    const int64_t *mx, const int64_t *my, int32_t n) {
  int32_t c = d->node_cell[i];
  int64_t w = d->hw[i], h = d->hh[i];
  if (x < db->core.x0 || y < db->core.y0 || x + w > db->core.x1 || y + h > db->core.y1) return 0;
  int onrow = 0;
  for (size_t r = 0; r < db->nrows && !onrow; r++)
    if (db->row_y[r] == y && (x - db->row_x[r]) % db->row_sx[r] == 0) onrow = 1;
  if (!onrow) return 0;
  dbu_t hi[4];
  lg_cell_halo(db, c, 0, hi);
  for (size_t k = 0; k < db->ncells; k++) {
    if (!db_cell_is_fixed(db, (int32_t)k)) continue;
    dbu_t fw, fh;
    db_cell_size(db, (int32_t)k, &fw, &fh);
    int64_t fx0 = db->cell_x[k], fy0 = db->cell_y[k], fx1 = fx0 + fw, fy1 = fy0 + fh;
    if (boxes_overlap(x, y, x + w, y + h, fx0, fy0, fx1, fy1)) return 0;
    if (db_cell_is_macro(db, (int32_t)k)) {
      dbu_t hk[4];
      lg_cell_halo(db, (int32_t)k, 0, hk);
      if (boxes_overlap(x, y, x + w, y + h, fx0 - hk[0], fy0 - hk[1], fx1 + hk[2], fy1 + hk[3]))
        return 0;
      if (boxes_overlap(x - hi[0], y - hi[1], x + w + hi[2], y + h + hi[3], fx0, fy0, fx1, fy1))
        return 0;
    }
  }
  for (size_t b = 0; b < db->nblk; b++) {
    if (db->blk_kind[b] != DB_BLK_PLACEMENT || db->blk_soft[b] || db->blk_partial[b] > 0) continue;
    for (int32_t k = db->blk_rect_start[b]; k < db->blk_rect_start[b + 1]; k++) {
      const db_rect_t *q = &db->blk_rects[k];
      if (boxes_overlap(x, y, x + w, y + h, q->x0, q->y0, q->x1, q->y1)) return 0;
    }
  }
  for (int32_t j = 0; j < n; j++) {
    if (j == i) continue;
    int64_t jx0 = mx[j], jy0 = my[j], jx1 = jx0 + d->hw[j], jy1 = jy0 + d->hh[j];
    dbu_t hj[4];
    lg_cell_halo(db, d->node_cell[j], 0, hj);
    if (boxes_overlap(x, y, x + w, y + h, jx0 - hj[0], jy0 - hj[1], jx1 + hj[2], jy1 + hj[3]))
      return 0;
    if (boxes_overlap(x - hi[0], y - hi[1], x + w + hi[2], y + h + hi[3], jx0, jy0, jx1, jy1))
      return 0;
  }
  int32_t reg = db->cell_region[c];
  for (size_t r = 0; r < db->nregions; r++) {
    int inside = 0, touch = 0;
    for (int32_t k = db->region_rect_start[r]; k < db->region_rect_start[r + 1]; k++) {
      const db_rect_t *q = &db->region_rects[k];
      if (x >= q->x0 && y >= q->y0 && x + w <= q->x1 && y + h <= q->y1) inside = 1;
      if (boxes_overlap(x, y, x + w, y + h, q->x0, q->y0, q->x1, q->y1)) touch = 1;
    }
    if ((int32_t)r == reg && !inside) return 0;
    if ((int32_t)r != reg && touch && db->region_type[r] != DB_REGION_GUIDE) return 0;
  }
  return 1;
}

static db_t *load(const char *def) {
  db_t *db = NULL;
  const char *lef = "tests/rl/small.lef";
  if (cmd_load_design(&db, def, &lef, 1, 1)) return NULL;
  return db;
}

static void episodes(const char *def, int cols, int rows, int nep, int expect_hard,
                     int expect_mfix) {
  db_t *db = load(def);
  CHECKF(db != NULL, "load %s", def);
  if (!db) return;
  rl_opts_t o;
  rl_opts_default(&o);
  o.proxy.cols = cols;
  o.proxy.rows = rows;
  ut_diag_t diag;
  ut_diag_init(&diag);
  rl_design_t *d = NULL;
  CHECK(rl_design_build(&d, db, &o, &diag) == 0);
  if (!d) {
    db_destroy(db);
    return;
  }
  CHECK(d->nhard == expect_hard && d->nmfix == expect_mfix);
  /* coarse nets keep the total signal net weight of the nets that span two nodes */
  CHECK(d->pnl.net_wsum > 0 && d->pnl.net_wsum <= (double)db->nnets);
  /* placement order: largest first */
  int sorted = 1;
  for (int32_t i = 1; i < d->nhard; i++)
    if (d->hw[i] * d->hh[i] > d->hw[i - 1] * d->hh[i - 1]) sorted = 0;
  CHECK(sorted);
  rl_env_t *env = NULL;
  CHECK(rl_env_create(&env, d) == 0);
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  gsl_rng_set(r, 99);
  const int cells = d->pnl.cols * d->pnl.rows;
  int bad_place = 0, bad_mask = 0, dead = 0, bad_dead = 0, complete = 0, checked_cells = 0;
  int lg_bad = 0;
  uint8_t *maps = malloc((size_t)RL_NMAPS * cells);
  double sf[RL_NSTEPF];
  for (int ep = 0; ep < nep; ep++) {
    rl_env_reset(env);
    for (int32_t t = 0; t < d->nhard; t++) {
      int32_t nl = rl_env_observe(env, maps, sf);
      /* the mask against the brute-force rule, cell by cell (first episodes only: slow) */
      if (ep < 3)
        for (int g = 0; g < cells; g++) {
          int64_t y = env->ys[g / d->pnl.cols], x = env->xs[g];
          int ok = y != RL_NONE && x != RL_NONE && brute_ok(db, d, t, x, y, env->mx, env->my, t);
          if (ok != env->mask[g]) bad_mask++;
          checked_cells++;
        }
      int32_t cnt = 0;
      for (int g = 0; g < cells; g++) cnt += env->mask[g] != 0;
      if (cnt != nl || (maps[2 * cells] != 0) != (env->mask[0] != 0)) bad_mask++;
      if (nl == 0) break;
      int32_t k = (int32_t)gsl_rng_uniform_int(r, (unsigned long)nl), a = -1;
      for (int g = 0; g < cells && a < 0; g++)
        if (env->mask[g] && k-- == 0) a = g;
      rl_env_place(env, a);
      if (!brute_ok(db, d, t, env->mx[t], env->my[t], env->mx, env->my, t + 1)) bad_place++;
    }
    rl_proxy_t px;
    double rw = rl_env_finish(env, &px);
    if (env->dead) {
      dead++;
      if (rw != -4.0) bad_dead++;
    } else {
      complete++;
      if (!(rw < 0 && isfinite(rw) && fabs(rw + px.cost) < 1e-12)) bad_dead++;
      if (rl_design_check(d, env->mx, env->my, NULL) != 0) bad_place++;
      /* lg_check on the database with these macros */
      if (ep < 4) {
        rl_design_write(d, db, env->mx, env->my, env->flip, DB_PLACED);
        lg_check_report_t rep;
        lg_check(db, NULL, &rep);
        if (rep.count[LG_CHK_OVERLAP_MACRO] || rep.count[LG_CHK_HALO] || rep.count[LG_CHK_BLOCKAGE] ||
            rep.count[LG_CHK_FENCE_OUT] || rep.count[LG_CHK_FENCE_IN])
          lg_bad++;
        for (int kind = LG_CHK_OFF_ROW; kind <= LG_CHK_OUTSIDE; kind++)
          for (int s = 0; s < rep.nshown[kind]; s++)
            if (db_cell_is_macro(db, rep.shown[kind][s].cell)) lg_bad++;
      }
    }
  }
  CHECKF(bad_place == 0, "%s: %d illegal macro placements", def, bad_place);
  CHECKF(bad_mask == 0, "%s: %d mask cells disagree with the brute-force check (of %d)", def,
         bad_mask, checked_cells);
  CHECKF(bad_dead == 0, "%s: %d episodes with a wrong reward", def, bad_dead);
  CHECKF(lg_bad == 0, "%s: lg_check found %d macro problems", def, lg_bad);
  CHECK(complete + dead == nep);
  if (cols == 0 || cols >= 10) CHECKF(complete > 0, "%s: no episode completed", def);
  if (cols > 0 && cols * rows < expect_hard) CHECKF(dead == nep, "%s: %d dead ends", def, dead);
  /* greedy placement is legal */
  rl_result_t res;
  CHECK(rl_result_init(&res, d) == 0);
  if (rl_greedy_place(d, env, 0, &res) == 0) {
    CHECK(rl_design_check(d, res.mx, res.my, NULL) == 0);
    for (int32_t i = 0; i < d->nhard; i++)
      if (!brute_ok(db, d, i, res.mx[i], res.my[i], res.mx, res.my, d->nhard)) bad_place++;
    CHECK(bad_place == 0);
    CHECK(res.px.cost > 0 && fabs(res.px.cost - (res.px.w_wirelength * res.px.wirelength +
                                                 res.px.w_density * res.px.density +
                                                 res.px.w_congestion * res.px.congestion)) < 1e-12);
  } else {
    CHECK(cols > 0 && cols < 10);   /* only the tiny canvases may dead-end */
  }
  if (cols > 0 && cols < 10) printf("%s on %d x %d: %d of %d random episodes dead-ended\n", def, cols, rows, dead, nep);
  rl_result_free(&res);
  free(maps);
  gsl_rng_free(r);
  rl_env_destroy(env);
  rl_design_destroy(d);
  db_destroy(db);
}

int main(void) {
  episodes("tests/rl/small.def", 0, 0, 30, 6, 0);
  episodes("tests/rl/obst.def", 0, 0, 30, 5, 1);
  episodes("tests/rl/obst.def", 24, 20, 20, 5, 1);
  /* a 3 x 3 canvas leaves few candidates; on 2 x 2 the 6 macros cannot all fit: every episode
   * dead-ends and scores -4 */
  episodes("tests/rl/small.def", 3, 3, 20, 6, 0);
  episodes("tests/rl/small.def", 2, 2, 10, 6, 0);
  return tap_done();
}
