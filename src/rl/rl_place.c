/*
 * rl_place.c: the macro placement flow (rl.h).  After the setup of Circuit Training's evaluation
 * (Mirhoseini et al., Nature 2021): a macro placer fixes the hard macros, then a conventional
 * placer places the standard cells around them.
 *
 *   1. --unfix-macros: FIXED macros become PLACED (movable) first;
 *   2. the coarse design (rl_graph.c) and one macro placer on the proxy cost:
 *        rl        PPO training (rl_train.c), the best episode's placement; with hints (default)
 *                  the analytic placer runs first and the agent sees where it put each macro;
 *        sa        simulated annealing (rl_sa.c);
 *        analytic  mixed-size global placement of everything (gp_run) and the macros where it
 *                  leaves them;
 *   3. macro legalization (lg_macro_run) from those positions as targets: the RL and SA placements
 *      are legal already and stay where they are (checked), the analytic one is made legal; then
 *      the macros are fixed;
 *   4. the proxy cost of the macro placement: soft clusters force-directed, the same evaluation for
 *      the three placers (the number comparable with Circuit Training's);
 *   5. (place_cells) the standard cells: gp_run with the macros fixed, lg_run, lg_check; the flat
 *      proxy cost and HPWL of the result.
 * Invariant: on success every movable macro is legal (lg_check's rules) and has opts->macro_status.
 * Over MPI ranks (docs/SCALING.md) every rank runs this flow: RL training is shared (rl_train.c),
 * the hints' analytic placement runs on rank 0 and is broadcast, rank 0 alone writes checkpoints,
 * and every rank returns with rank 0's outcome and placement.
 */
#include <math.h>
#include <string.h>

#include "place/dp.h"
#include "place/gp.h"
#include "place/lg_check.h"
#include "place/lg_grid.h"
#include "place/lg_legalize.h"
#include "place/lg_macro.h"
#include "rl/rl_int.h"
#include "util/ut_mpi.h"

void rl_opts_default(rl_opts_t *o) {
  memset(o, 0, sizeof *o);
  o->method = RL_METHOD_RL;
  o->episodes = 256;
  o->seed = 1;
  rl_proxy_opts_default(&o->proxy);
  o->place_cells = 1;
  o->target_density = 0.7;
  o->batch = 8;
  o->ppo_epochs = 2;
  o->lr = 1e-2;
  o->clip = 0.2;
  o->entropy_coef = 0.01;
  o->value_coef = 0.5;
  o->max_grad_norm = 1.0;
  o->fd_iters = 40;
  o->log_every = 1;
  o->macro_status = DB_FIXED;
  o->prior = -1;
  o->hints = 1;
}

const char *rl_method_name(int m) {
  switch (m) {
  case RL_METHOD_RL: return "rl";
  case RL_METHOD_SA: return "sa";
  case RL_METHOD_ANALYTIC: return "analytic";
  default: return "?";
  }
}

int rl_method_parse(const char *s) {
  if (!strcmp(s, "rl")) return RL_METHOD_RL;
  if (!strcmp(s, "sa")) return RL_METHOD_SA;
  if (!strcmp(s, "analytic")) return RL_METHOD_ANALYTIC;
  return -1;
}

static int check_opts(const rl_opts_t *o, ut_diag_t *diag) {
  const char *why = NULL;
  if (o->method < RL_METHOD_RL || o->method > RL_METHOD_ANALYTIC) why = "unknown macro placer";
  else if (o->episodes < 0) why = "episodes must be >= 0";
  else if (o->time_budget_s < 0) why = "the time budget must be >= 0";
  else if (o->batch < 1 || o->batch > 1024) why = "batch must be in 1..1024";
  else if (o->ppo_epochs < 1 || o->ppo_epochs > 100) why = "PPO epochs must be in 1..100";
  else if (!(o->lr > 0 && o->lr < 1)) why = "the learning rate must be in (0, 1)";
  else if (!(o->clip > 0 && o->clip < 1)) why = "the PPO clip must be in (0, 1)";
  else if (o->entropy_coef < 0 || o->value_coef < 0 || o->max_grad_norm <= 0)
    why = "entropy / value coefficients must be >= 0 and the gradient norm > 0";
  else if (o->proxy.w_wirelength < 0 || o->proxy.w_density < 0 || o->proxy.w_congestion < 0)
    why = "proxy weights must be >= 0";
  else if ((o->proxy.cols != 0 || o->proxy.rows != 0) &&
           (o->proxy.cols < 2 || o->proxy.cols > 256 || o->proxy.rows < 2 || o->proxy.rows > 256))
    why = "the canvas must be 2..256 cells a side (10..128 recommended)";
  else if (o->proxy.smooth < 0 || o->proxy.smooth > 16) why = "smoothing must be in 0..16";
  else if (o->threads < 0 || o->threads > 256) why = "threads must be in 0..256";
  else if (o->fd_iters < 0 || o->fd_iters > 10000) why = "force-directed iterations must be in 0..10000";
  else if (o->target_density <= 0 || o->target_density > 1) why = "target density must be in (0, 1]";
  else if (o->sa_moves < 0) why = "SA moves must be >= 0";
  else if (!(o->prior <= 1000)) why = "the prior strength must be at most 1000";
  else if (o->macro_status != DB_FIXED && o->macro_status != DB_PLACED)
    why = "macro status must be FIXED or PLACED";
  else if (o->save_every < 0) why = "the checkpoint interval must be >= 0";
  else if (o->resume && !o->load_path) why = "resuming needs the checkpoint to load";
  else if (o->first_episode < 0) why = "the first episode must be >= 0";
  if (why) {
    ut_diag_error(diag, NULL, 0, 0, "macro placement: %s", why);
    return UT_EINVAL;
  }
  return 0;
}

/* gp_run with the target density raised above the utilization when needed; rough: a quick pass
 * (overflow 0.25, at most 600 iterations) for the RL hints. */
static int run_gp(db_t *db, const rl_opts_t *o, int rough, ut_diag_t *diag, double *secs) {
  double t = ut_seconds();
  db_stats_t s;
  db_stats(db, &s);
  gp_opts_t go;
  gp_opts_default(&go);
  go.seed = o->seed;
  go.target_density = o->target_density;
  if (go.target_density < s.utilization + 0.05) {
    go.target_density = s.utilization + 0.05 > 1.0 ? 1.0 : s.utilization + 0.05;
    UT_INFO("RL", "global placement: target density raised to %.3f (utilization %.3f)",
            go.target_density, s.utilization);
  }
  go.progress_every = 0;
  if (rough) {
    go.target_overflow = 0.25;
    go.max_iters = 600;
  }
  gp_stats_t gs;
  int rc = gp_run(db, &go, &gs, diag);
  if (secs) *secs += ut_seconds() - t;
  return rc;
}

/* Over MPI: every rank agrees on rc (any failure fails all) and, when all succeeded, takes rank 0's
 * placement.  Returns the agreed rc. */
static int share_placement(db_t *db, int rc, ut_diag_t *diag) {
  if (ut_mpi_size() == 1) return rc;
  int all = ut_mpi_min_int(rc);
  if (all) {
    if (!rc) ut_diag_error(diag, NULL, 0, 0, "macro placement: failed on another MPI rank");
    return all;
  }
  if (db->ncells) {
    ut_mpi_bcast(db->cell_x, sizeof *db->cell_x * db->ncells, 0);
    ut_mpi_bcast(db->cell_y, sizeof *db->cell_y * db->ncells, 0);
    ut_mpi_bcast(db->cell_orient, sizeof *db->cell_orient * db->ncells, 0);
    ut_mpi_bcast(db->cell_status, sizeof *db->cell_status * db->ncells, 0);
  }
  return 0;
}

/* Proxy cost of the macro placement in db: soft clusters force-directed. */
static int macro_proxy(const rl_design_t *d, const db_t *db, rl_proxy_t *px) {
  rl_result_t r;
  rl_env_t *env = NULL;
  int rc = rl_result_init(&r, d);
  if (!rc) rc = rl_env_create(&env, d);
  if (!rc) {
    rl_design_from_db(d, db, r.mx, r.my, env->flip);
    rl_design_centers(d, r.mx, r.my, env->cx, env->cy);
    rl_fd_place(env->fd, env->cx, env->cy, env->flip, d->fd_iters, 0);
    rl_pnl_eval(&d->pnl, env->cx, env->cy, env->flip, &env->ev, px);
  }
  rl_env_destroy(env);
  rl_result_free(&r);
  return rc;
}

static void log_proxy(const char *what, const rl_proxy_t *p) {
  UT_INFO("RL", "%s: proxy cost %.4f = %.2f * wirelength %.4f + %.2f * density %.4f + %.2f * "
          "congestion %.4f (%d x %d grid)", what, p->cost, p->w_wirelength, p->wirelength,
          p->w_density, p->density, p->w_congestion, p->congestion, p->cols, p->rows);
}

int rl_macro_place(db_t *db, const rl_opts_t *opts, rl_stats_t *st_out, ut_diag_t *diag) {
  rl_stats_t stl;
  rl_stats_t *st = st_out ? st_out : &stl;
  memset(st, 0, sizeof *st);
  st->legal_errors = -1;
  int rc = check_opts(opts, diag);
  if (rc) return rc;
  const rl_opts_t *o = opts;
  const double t0 = ut_seconds();
  const double um = db->dbu > 0 ? db->dbu : 1;
  uint8_t *unfixed = ut_calloc(db->ncells + 1, 1);
  dbu_t *tx = ut_malloc(sizeof *tx * (db->ncells + 1));
  dbu_t *ty = ut_malloc(sizeof *ty * (db->ncells + 1));
  rl_design_t *d = NULL;
  rl_result_t best;
  memset(&best, 0, sizeof best);
  rl_model_t model;
  memset(&model, 0, sizeof model);
  rl_adam_t adam;
  memset(&adam, 0, sizeof adam);
  lg_grid_t *g = NULL;
  if (!unfixed || !tx || !ty) {
    rc = UT_ENOMEM;
    goto done;
  }
  /* 1. unfix */
  if (o->unfix_macros)
    for (size_t c = 0; c < db->ncells; c++)
      if (db_cell_is_macro(db, (int32_t)c) && db->cell_status[c] == DB_FIXED) {
        db_cell_set_place(db, (int32_t)c, db->cell_x[c], db->cell_y[c], db->cell_orient[c],
                          DB_PLACED);
        /* the user asked for it: the checker must not count the move against the input */
        if (db->cell_orig_status) db->cell_orig_status[c] = DB_PLACED;
        unfixed[c] = 1;
        st->nunfixed++;
      }
  if (st->nunfixed) UT_INFO("RL", "%d fixed macros made movable", st->nunfixed);

  /* 2. coarse design and the macro placer */
  double t = ut_seconds();
  rc = rl_design_build(&d, db, o, diag);
  st->t_graph = ut_seconds() - t;
  const double tb = rl_budget_clock(o);   /* the budget covers steps 2 (with the hints) and on */
  if (rc) goto done;
  st->nmacros = d->nhard;
  st->nsoft = d->nsoft;
  st->nports = d->nport;
  st->nnodes = d->pnl.nnodes;
  st->nnets = d->pnl.nnets;
  st->nedges = d->nedges / 2;
  st->cols = d->pnl.cols;
  st->rows = d->pnl.rows;
  UT_INFO("RL", "coarse netlist: %d hard macros, %d fixed macros, %d soft clusters, %d fixed-cell "
          "groups, %d port groups, %d nets, %d edges; canvas %d x %d (%.2f s)", d->nhard, d->nmfix,
          d->nsoft, d->nfixc, d->nport, d->pnl.nnets, d->nedges / 2, d->pnl.cols, d->pnl.rows,
          st->t_graph);
  UT_INFO("RL", "routing model: %.3f / %.3f tracks per um (H / V), macros block %.3f / %.3f",
          d->pnl.hroutes, d->pnl.vroutes, d->pnl.halloc, d->pnl.valloc);
  t = ut_seconds();
  if (d->nhard > 0) {
    if ((rc = rl_result_init(&best, d))) goto done;
    if (o->method == RL_METHOD_RL) {
      rl_arch_t a;
      rl_arch_default(&a);
      long first_episode = 0;
      if (o->load_path) {
        long eps = 0;
        rc = rl_ckpt_load(o->load_path, &model, &adam, &eps, diag);
        if (rc) goto done;
        UT_INFO("RL", "loaded %s (%ld episodes of training)%s", o->load_path, eps,
                o->resume ? ": resuming that run" : "");
        if (o->resume) first_episode = eps;
        else adam.skip_scale = 0;   /* fine-tuning: the step scale is chosen afresh */
      } else {
        rc = rl_model_create(&model, &a, o->seed);
        double S = o->prior;
        if (S < 0) {   /* more steps per episode need a sharper start to stay near good placements */
          S = 3.0 * sqrt((double)d->nhard);
          S = S < 10 ? 10 : S > 30 ? 30 : S;
        }
        if (!rc) rl_model_set_prior(&model, S, o->hints);
        UT_INFO("RL", "fresh policy, placement prior strength %.1f%s", S, o->hints ? " (with hints)" : "");
        if (!rc) rc = rl_adam_init(&adam, model.nparams);
        if (rc) goto done;
      }
      rl_opts_t to = *o;
      if (o->hints) {
        /* the analytic placer's macro positions as hints (their time counts in the budget) */
        double th = ut_seconds();
        if (ut_mpi_rank() == 0) rc = run_gp(db, o, 1, diag, NULL);   /* then shared */
        if ((rc = share_placement(db, rc, diag))) goto done;
        if ((rc = rl_design_set_hints(d, db))) goto done;
        UT_INFO("RL", "analytic hints: %.2f s", ut_seconds() - th);
        if (o->time_budget_s > 0) {
          to.time_budget_s = o->time_budget_s - (rl_budget_clock(o) - tb);
          if (to.time_budget_s < 1) to.time_budget_s = 1;
        }
      }
      to.first_episode = first_episode;
      rl_train_info_t ti;
      rc = rl_train(d, &to, &model, &adam, &best, &ti, diag);
      if (!rc && o->save_path && ut_mpi_rank() == 0)
        rc = rl_ckpt_save(o->save_path, &model, &adam, ti.episodes, diag);
      rc = ut_mpi_min_int(rc);   /* a write that failed on rank 0 stops every rank */
      if (rc) goto done;
      st->episodes = ti.episodes;
      st->updates = ti.updates;
      st->dead_ends = ti.dead_ends;
      st->best_reward = ti.best_reward;
      if (!best.valid) {
        /* every episode dead-ended: fall back on the greedy placement */
        rl_env_t *env = NULL;
        if ((rc = rl_env_create(&env, d))) goto done;
        if (rl_greedy_place(d, env, 0, &best)) best.valid = 0;
        rl_env_destroy(env);
      }
    } else if (o->method == RL_METHOD_SA) {
      rl_opts_t so = *o;
      if (o->sa_analytic_start) {
        /* start from the analytic placement snapped to the grid (its time counts in the budget) */
        if ((rc = run_gp(db, o, 1, diag, NULL))) goto done;
        if ((rc = rl_design_set_hints(d, db))) goto done;
        if (o->time_budget_s > 0) {
          so.time_budget_s = o->time_budget_s - (rl_budget_clock(o) - tb);
          if (so.time_budget_s < 1) so.time_budget_s = 1;
        }
      }
      rc = rl_sa_run(d, &so, &best, &st->sa_moves, &st->sa_accept, diag);
      if (rc) goto done;
    } else {
      if ((rc = run_gp(db, o, 0, diag, NULL))) goto done;
    }
    if (o->method != RL_METHOD_ANALYTIC) {
      if (!best.valid) {
        ut_diag_error(diag, NULL, 0, 0, "macro placement: no legal placement of the %d macros "
                                        "was found on the %d x %d canvas", d->nhard,
                      d->pnl.cols, d->pnl.rows);
        rc = UT_EINVAL;
        goto done;
      }
      if (rl_design_check(d, best.mx, best.my, NULL) != 0)
        UT_WARN("RL", "internal: the macro placement breaks the legality model (legalizing)");
      rl_design_write(d, db, best.mx, best.my, best.flip, DB_PLACED);
    }
  }
  st->t_macro = ut_seconds() - t;

  /* 3. macro legalization from the placer's positions, then fix */
  t = ut_seconds();
  if (d->nhard > 0) {
    for (size_t c = 0; c < db->ncells; c++) {
      tx[c] = db->cell_x[c];
      ty[c] = db->cell_y[c];
    }
    if ((rc = lg_grid_create(&g, db))) goto done;
    lg_macro_opts_t mo;
    lg_macro_opts_default(&mo);
    mo.flip = o->method == RL_METHOD_ANALYTIC;
    lg_macro_stats_t ms;
    rc = lg_macro_run(db, g, tx, ty, &mo, &ms, diag);
    if (rc) goto done;
    int moved = 0;
    for (int32_t i = 0; i < d->nhard; i++) {
      int32_t c = d->node_cell[i];
      moved += db->cell_x[c] != tx[c] || db->cell_y[c] != ty[c];
    }
    if (o->method != RL_METHOD_ANALYTIC && moved)
      UT_WARN("RL", "macro legalization moved %d of %d macros", moved, d->nhard);
    else
      UT_INFO("RL", "macro legalization: %d of %d macros moved, mean displacement %.3f um", moved,
              d->nhard, d->nhard ? ms.disp_total / d->nhard / um : 0.0);
    for (int32_t i = 0; i < d->nhard; i++) {
      int32_t c = d->node_cell[i];
      db_cell_set_place(db, c, db->cell_x[c], db->cell_y[c], db->cell_orient[c], DB_FIXED);
    }
  }
  st->t_legal = ut_seconds() - t;

  /* 4. proxy cost of the macro placement */
  if (d->nhard > 0) {
    if ((rc = macro_proxy(d, db, &st->proxy))) goto done;
    log_proxy("macro placement", &st->proxy);
  }

  /* 5. standard cells */
  if (o->place_cells) {
    t = ut_seconds();
    if ((rc = run_gp(db, o, 0, diag, NULL))) goto done;
    lg_opts_t lo;
    lg_opts_default(&lo);
    lg_stats_t ls;
    rc = lg_run(db, &lo, &ls, diag);
    if (rc) goto done;
    dp_opts_t dpo;
    dp_opts_default(&dpo);
    dpo.verbose = 0;
    dp_stats_t ds;
    if ((rc = dp_run(db, &dpo, &ds, diag))) goto done;
    UT_INFO("RL", "cells: legalized hpwl %.1f um, detailed placement %.1f um", ds.hpwl_before / um,
            ds.hpwl_after / um);
    st->t_cells = ut_seconds() - t;
    lg_check_report_t rep;
    if ((rc = lg_check(db, NULL, &rep))) goto done;
    st->legal_errors = rep.total;   /* unfixed macros no longer count as FIXED in the input */
    rl_proxy_opts_t po = o->proxy;
    po.cols = d->pnl.cols;
    po.rows = d->pnl.rows;
    if ((rc = rl_proxy_cost(db, &po, &st->proxy_flat))) goto done;
    log_proxy("final placement (every cell)", &st->proxy_flat);
  }
  if (o->macro_status == DB_PLACED)
    for (int32_t i = 0; i < d->nhard; i++) {
      int32_t c = d->node_cell[i];
      db_cell_set_place(db, c, db->cell_x[c], db->cell_y[c], db->cell_orient[c], DB_PLACED);
    }
  st->hpwl_um = (double)db_hpwl(db) / um;
  st->t_total = ut_seconds() - t0;
  UT_INFO("RL", "%s: %d macros, hpwl %.1f um, legality errors %lld", rl_method_name(o->method),
          st->nmacros, st->hpwl_um, (long long)st->legal_errors);
done:
  /* every rank leaves with rank 0's result (SA and the analytic placer run on every rank, and a
   * time budget can make them differ) */
  rc = share_placement(db, rc, diag);
  if (rc == UT_ENOMEM) ut_diag_error(diag, NULL, 0, 0, "out of memory in macro placement");
  lg_grid_destroy(g);
  rl_design_destroy(d);
  rl_result_free(&best);
  rl_model_free(&model);
  rl_adam_free(&adam);
  ut_free(unfixed);
  ut_free(tx);
  ut_free(ty);
  return rc;
}
