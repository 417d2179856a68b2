/*
 * flow.c: the stages of `place` between reading and writing, in pipeline order: a design from
 * Bookshelf or Verilog + floorplan (DEF goes through cmd_load_design), macro placement
 * (--macro-placer: rl_macro_place, the macros FIXED afterwards), then global placement (gp_run,
 * ePlace/RePlAce), legalization (lg_run), detailed placement (dp_run) and the legality check
 * (lg_check) on every result, once or as a multi-start (--starts, starts.c).  main.c chooses the
 * stages from the options; this file turns the options into each stage's settings, logs its
 * result and keeps its record for the HTML report (report.c).
 *
 * Every stage works on the database in place.  Detailed placement measures displacement from the
 * placement legalization started from; the checker, when global placement did not run, from the
 * input placement.  A stage that fails prints its error and the flow stops with 1; a result that
 * is not legal is reported by the caller (one start) or skipped (--starts).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/flow.h"
#include "lef.h"
#include "netlist/bookshelf.h"
#include "netlist/verilog.h"
#include "place/dp.h"
#include "place/gp.h"
#include "place/lg_check.h"
#include "place/lg_legalize.h"
#include "rl/rl.h"
#include "util/ut_mpi.h"

int cmd_load_netlist(db_t **out, const cmd_place_opts_t *o, ut_diag_t *diag) {
  db_t *db = NULL;
  *out = NULL;
  if (db_create(&db)) {
    fprintf(stderr, "place: error: out of memory\n");
    return 1;
  }
  int rc = 0;
  if (!o->verilog) {
    rc = bs_read(db, o->def_path, diag);
  } else {
    for (int i = 0; i < o->nlefs && !rc; i++) rc = lef_read(db, o->lefs[i], diag);
    if (!rc) rc = vl_read(db, o->verilog, o->top, diag);
    if (!rc) {
      vl_floorplan_opts_t fo;
      vl_floorplan_opts_default(&fo);
      fo.has_boxes = o->die != NULL;
      memcpy(fo.die_um, o->die_um, sizeof fo.die_um);
      memcpy(fo.core_um, o->core_um, sizeof fo.core_um);
      fo.utilization = o->utilization;
      fo.aspect = o->aspect;
      fo.core_margin_um = o->core_margin;
      fo.site = o->site;
      rc = vl_floorplan(db, &fo, diag);
    }
  }
  if (rc) {
    if (rc == UT_ENOMEM) fprintf(stderr, "place: error: out of memory while reading\n");
    db_destroy(db);
    return 1;
  }
  *out = db;
  return 0;
}

int cmd_flow_macros(db_t *db, const cmd_place_opts_t *o, cmd_stages_t *sg, ut_diag_t *diag) {
  rl_opts_t ro;
  rl_opts_default(&ro);
  ro.method = rl_method_parse(o->macro_placer);
  ro.episodes = (int)o->rl_episodes;
  ro.time_budget_s = o->rl_time;
  ro.budget_cpu = !strcmp(o->budget_clock, "cpu");
  ro.seed = (uint64_t)o->seed;
  ro.threads = (int)o->threads;
  ro.save_path = o->rl_save;
  ro.load_path = o->rl_load;
  ro.log_csv = o->rl_csv;
  ro.save_every = (int)o->rl_save_every;
  ro.resume = o->rl_resume;
  ro.unfix_macros = o->unfix_macros;
  ro.place_cells = 0;
  ro.target_density = o->density;
  rl_stats_t rs;
  double tm = ut_seconds();
  if (rl_macro_place(db, &ro, &rs, diag)) {
    if (diag->nerrors == 0) fprintf(stderr, "place: error: macro placement failed\n");
    return 1;
  }
  if (rs.nmacros)
    UT_INFO("MAIN", "macro placement (%s): proxy cost %.4f = %.2f * wirelength %.4f + %.2f * "
            "density %.4f + %.2f * congestion %.4f (%d x %d grid)", o->macro_placer,
            rs.proxy.cost, rs.proxy.w_wirelength, rs.proxy.wirelength, rs.proxy.w_density,
            rs.proxy.density, rs.proxy.w_congestion, rs.proxy.congestion, rs.proxy.cols,
            rs.proxy.rows);
  cmd_stage_begin(sg, "macro placement");
  cmd_stage_metric(sg, "macros", "%d", rs.nmacros);
  if (rs.nmacros) {
    cmd_stage_metric(sg, "proxy cost", "%.4f", rs.proxy.cost);
    cmd_stage_metric(sg, "proxy wirelength", "%.4f", rs.proxy.wirelength);
    cmd_stage_metric(sg, "proxy density", "%.4f", rs.proxy.density);
    cmd_stage_metric(sg, "proxy congestion", "%.4f", rs.proxy.congestion);
  }
  if (ro.method == RL_METHOD_RL) cmd_stage_metric(sg, "episodes", "%d", rs.episodes);
  cmd_stage_metric(sg, "runtime (s)", "%.2f", ut_seconds() - tm);
  return 0;
}

/* --frames: a picture of the global placement every --frame-every iterations (gp frame_cb). */
typedef struct frame_ctx_t {
  const db_t *db;
  const char *dir;
  int failed;
} frame_ctx_t;

static void write_frame(void *ctx, int iter, const double *cx, const double *cy) {
  frame_ctx_t *f = ctx;
  if (viz_frame(f->db, cx, cy, iter, f->dir, NULL, NULL)) f->failed = 1;
}

int cmd_flow_run(void *ctx, db_t *db, long seed, int64_t *violations) {
  const cmd_flow_t *f = ctx;
  const cmd_place_opts_t *o = f->o;
  const double um = db->dbu;
  int rc;
  *violations = -1;
  if (f->fresh_sg) memset(f->sg, 0, sizeof *f->sg);
  if (f->run_gp) {
    gp_opts_t go;
    gp_opts_default(&go);
    go.target_density = o->density;
    go.target_overflow = o->overflow;
    go.max_iters = (int)o->gp_iters;
    go.initial_iters = (int)o->init_iters;
    go.seed = (uint64_t)seed;
    go.bins_x = go.bins_y = (int)o->bins;
    go.init_density_penalty = o->init_penalty;
    go.filler_scale = o->filler_scale;
    go.routability = o->routability;
    go.rt_map = strcmp(o->rt_map, "route") ? GP_RT_MAP_RUDY : GP_RT_MAP_ROUTE;
    go.rt_check_overflow = o->rt_overflow;
    go.rt_target_rc = o->rt_target_rc;
    go.rt_rounds = (int)o->rt_rounds;
    go.rt_power = o->rt_power;
    go.rt_max_ratio = o->rt_max_ratio;
    go.rt_max_inflation = o->rt_max_inflation;
    go.rt_max_layer = (int)o->rt_max_layer;
    go.rt_cap_scale = o->rt_cap_scale;
    frame_ctx_t fc = {db, o->frames_dir, 0};
    if (o->frames_dir) {
      go.frame_cb = write_frame;
      go.frame_ctx = &fc;
      go.frame_every = (int)o->frame_every;
    }
    if (o->quiet) go.progress_every = 0;
    gp_stats_t gs;
    rc = gp_run(db, &go, &gs, f->diag);
    if (rc) {
      if (rc == UT_ENOMEM) fprintf(stderr, "place: error: out of memory in global placement\n");
      return 1;
    }
    if (fc.failed) UT_WARN("MAIN", "some --frames pictures could not be written");
    cmd_stage_begin(f->sg, "global placement");
    cmd_stage_metric(f->sg, "HPWL (um)", "%.1f", gs.hpwl_um);
    cmd_stage_metric(f->sg, "overflow", "%.4f", gs.overflow);
    cmd_stage_metric(f->sg, "iterations", "%d", gs.iters);
    if (o->routability)
      cmd_stage_metric(f->sg, "congestion overflow (tracks)", "%.1f", gs.rt_overflow_final);
    cmd_stage_metric(f->sg, "runtime (s)", "%.2f", gs.t_total);
    cmd_stage_metric(f->sg, "peak memory (MB)", "%.1f", ut_peak_rss_kb() / 1024.0);
    if (!f->run_lg)
      UT_WARN("MAIN", "--stage gp: the placement written is the global placement, NOT legal");
  }
  if (f->run_lg) {
    lg_opts_t lo;
    lg_opts_default(&lo);
    lo.macro_halo = (dbu_t)lround(o->macro_halo * um);
    lo.max_disp_x = (dbu_t)lround(o->max_disp_x * um);
    lo.max_disp_y = (dbu_t)lround(o->max_disp_y * um);
    /* detailed placement measures displacement from where legalization started */
    dbu_t *gx = ut_malloc((db->ncells ? db->ncells : 1) * sizeof *gx);
    dbu_t *gy = ut_malloc((db->ncells ? db->ncells : 1) * sizeof *gy);
    if (!gx || !gy) {
      ut_free(gx);
      ut_free(gy);
      fprintf(stderr, "place: error: out of memory\n");
      return 1;
    }
    if (db->ncells) {  /* memcpy from a NULL table is undefined even for 0 bytes */
      memcpy(gx, db->cell_x, db->ncells * sizeof *gx);
      memcpy(gy, db->cell_y, db->ncells * sizeof *gy);
    }
    lg_stats_t ls;
    rc = lg_run(db, &lo, &ls, f->diag);
    if (rc) {
      fprintf(stderr, "place: error: legalization failed%s\n",
              rc == UT_ENOMEM ? ": out of memory" : "");
      ut_free(gx);
      ut_free(gy);
      return 1;
    }
    UT_INFO("LG", "hpwl %.1f -> %.1f um; displacement mean %.3f um, max %.3f um; %.2f s",
            ls.hpwl_before / um, ls.hpwl_after / um, ls.disp_mean_um, ls.disp_max_um,
            ls.seconds_total);
    cmd_stage_begin(f->sg, "legalization");
    cmd_stage_metric(f->sg, "HPWL (um)", "%.1f", ls.hpwl_after / um);
    cmd_stage_metric(f->sg, "mean displacement (um)", "%.3f", ls.disp_mean_um);
    cmd_stage_metric(f->sg, "max displacement (um)", "%.3f", ls.disp_max_um);
    cmd_stage_metric(f->sg, "runtime (s)", "%.2f", ls.seconds_total);
    cmd_stage_metric(f->sg, "peak memory (MB)", "%.1f", ut_peak_rss_kb() / 1024.0);
    if (f->run_dp) {
      dp_opts_t dpo;
      dp_opts_default(&dpo);
      dpo.macro_halo = lo.macro_halo;
      dpo.max_disp_x = lo.max_disp_x;
      dpo.max_disp_y = lo.max_disp_y;
      dpo.orig_x = gx;
      dpo.orig_y = gy;
      if (o->quiet) dpo.verbose = 0;
      dp_stats_t ds;
      rc = dp_run(db, &dpo, &ds, f->diag);
      if (rc) {
        fprintf(stderr, "place: error: detailed placement failed%s\n",
                rc == UT_ENOMEM ? ": out of memory" : "");
        ut_free(gx);
        ut_free(gy);
        return 1;
      }
      UT_INFO("DP", "done: hpwl %.1f -> %.1f um, %d rounds, %.2f s", ds.hpwl_before / um,
              ds.hpwl_after / um, ds.rounds, ds.seconds_total);
      cmd_stage_begin(f->sg, "detailed placement");
      cmd_stage_metric(f->sg, "HPWL (um)", "%.1f", ds.hpwl_after / um);
      cmd_stage_metric(f->sg, "rounds", "%d", ds.rounds);
      cmd_stage_metric(f->sg, "runtime (s)", "%.2f", ds.seconds_total);
      cmd_stage_metric(f->sg, "peak memory (MB)", "%.1f", ut_peak_rss_kb() / 1024.0);
    }
    ut_free(gx);
    ut_free(gy);
    /* every placement we write is checked */
    lg_check_opts_t co;
    lg_check_opts_default(&co);
    co.macro_halo = lo.macro_halo;
    if (!f->run_gp) {  /* the checker measures displacement from the input DEF's placement */
      co.max_disp_x = lo.max_disp_x;
      co.max_disp_y = lo.max_disp_y;
    }
    lg_check_report_t cr;
    if (lg_check(db, &co, &cr)) {
      fprintf(stderr, "place: error: out of memory in the legality check\n");
      return 1;
    }
    cmd_stage_metric(f->sg, "legality violations", "%d", (double)cr.total);
    *violations = cr.total;
    if (cr.total) return 0;   /* the caller reports it (one start) or skips the start (--starts) */
    UT_INFO("MAIN", "legality check: legal (%zu components, %.3f s)", cr.ncells, cr.seconds);
  }
  return 0;
}

int cmd_flow_place(db_t *db, cmd_flow_t *f) {
  const cmd_place_opts_t *o = f->o;
  if (o->starts > 1) {
    /* multi-start: K runs of the stages, the best legal one kept (over the MPI ranks) */
    cmd_starts_t ms;
    memset(&ms, 0, sizeof ms);
    ms.nstarts = (int)o->starts;
    ms.seed = o->seed;
    ms.metric_proxy = !strcmp(o->starts_metric, "proxy");
    cmd_stages_t scratch;
    cmd_flow_t sf = *f;
    sf.sg = &scratch;
    sf.fresh_sg = 1;
    double tms = ut_seconds();
    if (cmd_starts_run(db, &ms, cmd_flow_run, &sf)) return 1;
    cmd_stage_begin(f->sg, "multi-start");
    cmd_stage_metric(f->sg, "starts", "%d", ms.nstarts);
    cmd_stage_metric(f->sg, "legal starts", "%d", ms.nlegal);
    cmd_stage_metric(f->sg, "best start", "%d", ms.best + 1);
    cmd_stage_metric(f->sg, "best seed", "%d", (double)(o->seed + ms.best));
    cmd_stage_metric(f->sg, "HPWL (um)", "%.1f", ms.best_hpwl_um);
    if (ms.metric_proxy) cmd_stage_metric(f->sg, "proxy cost", "%.4f", ms.best_proxy);
    cmd_stage_metric(f->sg, "runtime (s)", "%.2f", ut_seconds() - tms);
  } else if (ut_mpi_rank() == 0) {   /* one start: rank 0 alone (the others wait at the end) */
    int64_t viol = -1;
    if (cmd_flow_run(f, db, o->seed, &viol)) return 1;
    if (viol > 0) {
      fprintf(stderr, "place: error: the result is not legal (%lld violations; run `place check` "
              "on a --stage gp output for details); nothing written\n", (long long)viol);
      return 1;
    }
  }
  return 0;
}
