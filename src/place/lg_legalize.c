/*
 * lg_legalize.c: the legalization stage (lg_run): macros, then multi-row cells, then Abacus, then
 * mirroring; statistics.
 *
 * Order and obstacles.  (1) lg_macro_run legalizes movable macros against fixed objects, blockages
 * and fences.  (2) The grid's segments are built with every FIXED component and the legalized
 * macros (with their halos) as obstacles; multi-row standard cells are placed greedily into them
 * (lg_multi_run).  (3) The segments are rebuilt with the multi-row cells as obstacles too, and
 * Abacus (Spindler et al., ISPD 2008) places the single-row cells.  (4) With opts->flip, each
 * standard cell whose master has SYMMETRY Y takes the mirror of its row's orientation (N <-> FN,
 * FS <-> S) when that shortens its nets (nets of more than LG_FLIP_MAX_DEG pins are left out of
 * the comparison: one cell barely moves their box).  (5) Displacement limits are checked once more
 * (a later Abacus collapse can push an earlier cell) and every violation is named.
 *
 * Targets are the input lower-left corners pulled into the core box (a cell outside the core must
 * come in whatever happens; like OpenROAD's dpl, that move does not count against the displacement
 * limits).  Reported displacement is the Manhattan distance from the input position, in microns.
 */
#include "place/lg_legalize.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "place/lg_abacus.h"
#include "place/lg_grid.h"
#include "place/lg_macro.h"

#define LG_FLIP_MAX_DEG 64

void lg_opts_default(lg_opts_t *o) {
  memset(o, 0, sizeof *o);
  o->macro_passes = 4;
  o->flip = 1;
  o->weight_by_width = 1;
  o->cost = LG_COST_CLUSTER;
}

/* HPWL (DBU) of the nets of c with at most LG_FLIP_MAX_DEG pins. */
static int64_t small_nets_hpwl(const db_t *db, int32_t c) {
  int64_t s = 0;
  int32_t last = -1;
  for (int32_t k = db->cell_pin_start[c]; k < db->cell_pin_start[c + 1]; k++) {
    int32_t n = db->pin_net[db->cell_pins[k]];
    if (n == last) continue;
    last = n;
    if (db->net_pin_start[n + 1] - db->net_pin_start[n] <= LG_FLIP_MAX_DEG) s += db_net_hpwl(db, n);
  }
  return s;
}

int lg_run(db_t *db, const lg_opts_t *opts, lg_stats_t *st_out, ut_diag_t *diag) {
  double t0 = ut_seconds();
  lg_opts_t o;
  if (opts) o = *opts;
  else lg_opts_default(&o);
  lg_stats_t st;
  memset(&st, 0, sizeof st);
  st.worst_cell = -1;
  st.hpwl_before = db_hpwl(db);
  int nerr0 = diag->nerrors;
  double u = db->dbu > 0 ? db->dbu : 1;
  int rc = UT_OK;
  size_t nc = db->ncells ? db->ncells : 1;
  dbu_t *tx = ut_malloc(nc * sizeof *tx), *ty = ut_malloc(nc * sizeof *ty);
  dbu_t *ox = ut_malloc(nc * sizeof *ox), *oy = ut_malloc(nc * sizeof *oy);
  uint8_t *obst = ut_calloc(nc, 1);
  int32_t *single = ut_malloc(nc * sizeof *single), *multi = ut_malloc(nc * sizeof *multi);
  int8_t *kind_of = ut_malloc(db->nmasters ? db->nmasters : 1);   /* per master: single row? */
  lg_grid_t *g = NULL;
  if (!tx || !ty || !ox || !oy || !obst || !single || !multi || !kind_of) {
    rc = UT_ENOMEM;
    goto done;
  }
  memset(kind_of, -1, db->nmasters ? db->nmasters : 1);
  if (db->ncells) {
    memcpy(ox, db->cell_x, db->ncells * sizeof *ox);
    memcpy(oy, db->cell_y, db->ncells * sizeof *oy);
  }
  /* targets: input positions pulled into the core box (that move is not the legalizer's) */
  for (size_t c = 0; c < db->ncells; c++) {
    dbu_t w, h;
    db_cell_size(db, (int32_t)c, &w, &h);
    int64_t x = ox[c], y = oy[c];
    if (x > (int64_t)db->core.x1 - w) x = (int64_t)db->core.x1 - w;
    if (x < db->core.x0) x = db->core.x0;
    if (y > (int64_t)db->core.y1 - h) y = (int64_t)db->core.y1 - h;
    if (y < db->core.y0) y = db->core.y0;
    tx[c] = db_cell_is_fixed(db, (int32_t)c) ? ox[c] : (dbu_t)x;
    ty[c] = db_cell_is_fixed(db, (int32_t)c) ? oy[c] : (dbu_t)y;
  }
  if ((rc = lg_grid_create(&g, db))) goto done;
  if (g->nlevels == 0) {
    size_t nmov = 0;
    for (size_t c = 0; c < db->ncells; c++)
      nmov += !db_cell_is_fixed(db, (int32_t)c) && lg_cell_kind(db, (int32_t)c) != LG_KIND_OTHER;
    if (nmov) {
      ut_diag_error(diag, db->src_path, 0, 0,
                    "cannot legalize %zu movable components: the design has no usable ROWs", nmov);
      rc = UT_EINVAL;
    }
    goto done;
  }

  /* (1) macros */
  double t1 = ut_seconds();
  lg_macro_opts_t mo;
  lg_macro_opts_default(&mo);
  mo.macro_halo = o.macro_halo;
  mo.passes = o.macro_passes;
  mo.flip = o.flip;
  lg_macro_stats_t ms;
  rc = lg_macro_run(db, g, tx, ty, &mo, &ms, diag);
  if (rc == UT_ENOMEM) goto done;
  int failed = rc != UT_OK;
  rc = UT_OK;
  st.nmacros = (size_t)ms.nmacros;
  st.nflipped += (size_t)ms.nflipped;
  if (ms.nmacros) {
    st.macro_disp_mean_um = ms.disp_total / ms.nmacros / u;
    st.macro_disp_max_um = ms.disp_max / u;
  }
  for (size_t c = 0; c < db->ncells; c++)
    if (!db_cell_is_fixed(db, (int32_t)c) && lg_cell_kind(db, (int32_t)c) == LG_KIND_MACRO &&
        db->cell_status[c] != DB_UNPLACED)
      obst[c] = 1;
  st.seconds_macro = ut_seconds() - t1;

  /* (2) multi-row standard cells */
  double t2 = ut_seconds();
  int32_t nsingle = 0, nmulti = 0, nother = 0;
  for (size_t ci = 0; ci < db->ncells; ci++) {
    int32_t c = (int32_t)ci;
    if (db_cell_is_fixed(db, c)) continue;
    int kind = lg_cell_kind(db, c);
    if (kind == LG_KIND_MACRO) continue;
    if (kind == LG_KIND_OTHER) {
      nother++;
      continue;
    }
    int32_t m = db->cell_master[c];
    if (kind_of[m] < 0) kind_of[m] = (int8_t)lg_grid_single_row(g, db, m, db->master_h[m]);
    if (kind_of[m]) single[nsingle++] = c;
    else multi[nmulti++] = c;
  }
  if (nother)
    ut_diag_warn(diag, db->src_path, 0, 0,
                 "%d movable components that are neither standard cells nor macros (pads, covers) "
                 "were left where they are",
                 nother);
  lg_seg_opts_t so = {obst, o.macro_halo};
  lg_abacus_opts_t ao;
  lg_abacus_opts_default(&ao);
  ao.max_disp_x = o.max_disp_x;
  ao.max_disp_y = o.max_disp_y;
  ao.weight_by_width = o.weight_by_width;
  ao.cost = o.cost;
  if (nmulti) {
    if ((rc = lg_grid_segments(g, db, &so))) goto done;
    rc = lg_multi_run(db, g, multi, nmulti, tx, ty, &ao, diag);
    if (rc == UT_ENOMEM) goto done;
    failed |= rc != UT_OK;
    rc = UT_OK;
    for (int32_t i = 0; i < nmulti; i++)
      if (db->cell_status[multi[i]] != DB_UNPLACED) obst[multi[i]] = 1;
  }
  /* (3) Abacus */
  if ((rc = lg_grid_segments(g, db, &so))) goto done;
  rc = lg_abacus_run(db, g, single, nsingle, tx, ty, &ao, diag);
  if (rc == UT_ENOMEM) goto done;
  failed |= rc != UT_OK;
  rc = UT_OK;

  /* (4) mirroring about Y when it shortens the cell's nets */
  if (o.flip) {
    for (int pass = 0; pass < 2; pass++) {
      const int32_t *list = pass ? multi : single;
      int32_t n = pass ? nmulti : nsingle;
      for (int32_t i = 0; i < n; i++) {
        int32_t c = list[i], m = db->cell_master[c];
        if (!(db->master_sym[m] & DB_SYM_Y) || db->cell_status[c] == DB_UNPLACED) continue;
        int o0 = db->cell_orient[c], o1 = lg_orient_mirror_y(o0);
        int64_t h0 = small_nets_hpwl(db, c);
        db->cell_orient[c] = (uint8_t)o1;
        int64_t h1 = small_nets_hpwl(db, c);
        if (h1 < h0) st.nflipped++;
        else db->cell_orient[c] = (uint8_t)o0;
      }
    }
  }
  st.seconds_cells = ut_seconds() - t2;

  /* (5) statistics and displacement limits */
  for (int pass = 0; pass < 2; pass++) {
    const int32_t *list = pass ? multi : single;
    int32_t n = pass ? nmulti : nsingle;
    for (int32_t i = 0; i < n; i++) {
      int32_t c = list[i];
      int64_t dx = llabs((int64_t)db->cell_x[c] - tx[c]), dy = llabs((int64_t)db->cell_y[c] - ty[c]);
      double d = (double)(llabs((int64_t)db->cell_x[c] - ox[c]) + llabs((int64_t)db->cell_y[c] - oy[c])) / u;
      st.disp_total_um += d;
      st.ncells++;
      if (d > st.disp_max_um || st.worst_cell < 0) {
        st.disp_max_um = d;
        st.worst_cell = c;
      }
      if ((o.max_disp_x > 0 && dx > o.max_disp_x) || (o.max_disp_y > 0 && dy > o.max_disp_y)) {
        ut_diag_error(diag, db->src_path, 0, 0,
                      "cell %s (%s) moved (%.3f, %.3f) um, beyond max displacement (%.3f, %.3f) um",
                      db_str(db, db->cell_name[c]), db_str(db, db->master_name[db->cell_master[c]]),
                      dx / u, dy / u, o.max_disp_x / u, o.max_disp_y / u);
        failed = 1;
      }
    }
  }
  st.nmulti = (size_t)nmulti;
  if (st.ncells) st.disp_mean_um = st.disp_total_um / (double)st.ncells;
  st.nfailed = (size_t)(diag->nerrors - nerr0);
  if (failed) rc = UT_EINVAL;
done:
  st.hpwl_after = db_hpwl(db);
  st.seconds_total = ut_seconds() - t0;
  if (st_out) *st_out = st;
  lg_grid_destroy(g);
  ut_free(tx);
  ut_free(ty);
  ut_free(ox);
  ut_free(oy);
  ut_free(obst);
  ut_free(single);
  ut_free(multi);
  ut_free(kind_of);
  return rc;
}
