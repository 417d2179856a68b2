/*
 * rl_graph.c: the coarse design the macro placers work on, after Circuit Training's netlist
 * preparation (Mirhoseini et al., Nature 2021, "Methods: problem statement" and the grouping /
 * clustering of standard cells into soft macros).  rl_design_build puts it together:
 *  - hard macros stay single nodes (sorted by area, largest first: the placement order), fixed
 *    macros too; movable standard cells are clustered into soft macros (rl_cluster.c: igraph's
 *    multilevel communities, size balanced); fixed cells and IO pins are grouped per canvas grid
 *    cell (fixed-area and port nodes);
 *  - nets become coarse nets over nodes, from which come the GCN edges and the node features
 *    (rl_coarse.c);
 *  - the macros' legality model on their row/site grid: row levels, static obstacles and masks
 *    (rl_legal.c).
 * Node order: [0, nhard) hard macros, then fixed macros, soft clusters, fixed-cell groups, port
 * groups.  This file also moves placements between the design and db (centers, hints, write-back);
 * a macro's orientation is its base orientation composed with one of the four flips.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "place/lg_grid.h"
#include "rl/rl_int.h"

static int is_rotated(int orient) { return orient == DB_W || orient == DB_E || orient == DB_FW ||
                                           orient == DB_FE; }

static const int FLIP_OP[4] = {DB_N, DB_FN, DB_FS, DB_S};

/* ---- placements between the design and db ------------------------------------------------- */

void rl_design_centers(const rl_design_t *d, const int64_t *mx, const int64_t *my, double *cx,
                       double *cy) {
  for (int32_t v = 0; v < d->pnl.nnodes; v++) {
    if (v < d->nhard) {
      cx[v] = ((double)mx[v] + 0.5 * (double)d->hw[v]) / d->dbu;
      cy[v] = ((double)my[v] + 0.5 * (double)d->hh[v]) / d->dbu;
    } else if (d->pnl.kind[v] != RL_NODE_SOFT) {
      cx[v] = d->init_cx[v];
      cy[v] = d->init_cy[v];
    }
  }
}

void rl_design_from_db(const rl_design_t *d, const db_t *db, int64_t *mx, int64_t *my,
                       uint8_t *flip) {
  for (int32_t v = 0; v < d->pnl.nnodes; v++) flip[v] = 0;
  for (int32_t i = 0; i < d->nhard; i++) {
    int32_t c = d->node_cell[i];
    mx[i] = db->cell_x[c];
    my[i] = db->cell_y[c];
    for (int f = 0; f < 4; f++)
      if (lg_orient_compose(d->hbase[i], FLIP_OP[f]) == db->cell_orient[c]) {
        flip[i] = (uint8_t)f;
        break;
      }
  }
}

int rl_design_set_hints(rl_design_t *d, const db_t *db) {
  const int32_t nn = d->pnl.nnodes;
  const double um = d->dbu;
  if (!d->hint_cx) d->hint_cx = ut_malloc(sizeof *d->hint_cx * (size_t)(nn + 1));
  if (!d->hint_cy) d->hint_cy = ut_malloc(sizeof *d->hint_cy * (size_t)(nn + 1));
  double *aw = ut_calloc((size_t)nn + 1, sizeof *aw);
  if (!d->hint_cx || !d->hint_cy || !aw) {
    ut_free(aw);
    return UT_ENOMEM;
  }
  for (int32_t v = 0; v < nn; v++) {
    d->hint_cx[v] = d->pnl.kind[v] == RL_NODE_SOFT ? 0 : d->est_cx[v];
    d->hint_cy[v] = d->pnl.kind[v] == RL_NODE_SOFT ? 0 : d->est_cy[v];
  }
  for (int32_t i = 0; i < d->nhard; i++) {
    int32_t c = d->node_cell[i];
    d->hint_cx[i] = ((double)db->cell_x[c] + 0.5 * (double)d->hw[i]) / um;
    d->hint_cy[i] = ((double)db->cell_y[c] + 0.5 * (double)d->hh[i]) / um;
  }
  for (size_t c = 0; c < db->ncells; c++) {
    int32_t v = d->cell_node[c];
    if (v < 0 || d->pnl.kind[v] != RL_NODE_SOFT) continue;
    dbu_t w, h;
    db_cell_size(db, (int32_t)c, &w, &h);
    double a = (double)w * h + 1.0;
    d->hint_cx[v] += a * (db->cell_x[c] + 0.5 * w) / um;
    d->hint_cy[v] += a * (db->cell_y[c] + 0.5 * h) / um;
    aw[v] += a;
  }
  const double x0 = d->pnl.x0, y0 = d->pnl.y0, cw = d->pnl.cw, ch = d->pnl.ch;
  for (int32_t v = 0; v < nn; v++) {
    int k = d->pnl.kind[v];
    if (k == RL_NODE_SOFT) {
      if (aw[v] > 0) {
        d->hint_cx[v] /= aw[v];
        d->hint_cy[v] /= aw[v];
      } else {
        d->hint_cx[v] = d->est_cx[v];
        d->hint_cy[v] = d->est_cy[v];
      }
    }
    if (k == RL_NODE_SOFT || k == RL_NODE_HARD) {
      d->est_cx[v] = d->hint_cx[v];
      d->est_cy[v] = d->hint_cy[v];
      d->feat[(size_t)v * RL_NFEAT + 10] = (d->hint_cx[v] - x0) / cw;
      d->feat[(size_t)v * RL_NFEAT + 11] = (d->hint_cy[v] - y0) / ch;
    }
  }
  ut_free(aw);
  return 0;
}

void rl_design_write(const rl_design_t *d, db_t *db, const int64_t *mx, const int64_t *my,
                     const uint8_t *flip, int status) {
  for (int32_t i = 0; i < d->nhard; i++) {
    int f = flip ? flip[i] & 3 : 0;
    int orient = lg_orient_compose(d->hbase[i], FLIP_OP[f]);
    db_cell_set_place(db, d->node_cell[i], (dbu_t)mx[i], (dbu_t)my[i], orient, status);
  }
}

/* ---- building -------------------------------------------------------------------------------- */

typedef struct hsort_t {
  double area;
  int32_t cell;
} hsort_t;

static int hsort_cmp(const void *pa, const void *pb) {
  const hsort_t *a = pa, *b = pb;
  if (a->area != b->area) return a->area > b->area ? -1 : 1;
  return a->cell < b->cell ? -1 : a->cell > b->cell;
}

void rl_design_destroy(rl_design_t *d) {
  if (!d) return;
  rl_pnl_free(&d->pnl);
  ut_free(d->node_cell);
  ut_free(d->cell_node);
  ut_free(d->init_cx);
  ut_free(d->init_cy);
  ut_free(d->est_cx);
  ut_free(d->est_cy);
  ut_free(d->hint_cx);
  ut_free(d->hint_cy);
  ut_free(d->hw);
  ut_free(d->hh);
  ut_free(d->hbase);
  ut_free(d->hflips);
  ut_free(d->hhalo);
  ut_free(d->hregion);
  ut_free(d->lev_y);
  ut_free(d->lev_x0);
  ut_free(d->lev_pitch);
  ut_free(d->obs);
  ut_free(d->smask);
  ut_free(d->socc);
  ut_free(d->node_net_start);
  ut_free(d->node_nets);
  ut_free(d->node_net_dx);
  ut_free(d->node_net_dy);
  ut_free(d->e_src);
  ut_free(d->e_dst);
  ut_free(d->e_w);
  ut_free(d->feat);
  ut_free(d);
}

int rl_design_build(rl_design_t **out, const db_t *db, const rl_opts_t *o, ut_diag_t *diag) {
  *out = NULL;
  rl_design_t *d = ut_calloc(1, sizeof *d);
  if (!d) return UT_ENOMEM;
  d->db = db;
  d->dbu = db->dbu > 0 ? db->dbu : 1;
  d->seed = o->seed;
  d->fd_iters = o->fd_iters > 0 ? o->fd_iters : 40;
  const double um = d->dbu;
  const int32_t nc = (int32_t)db->ncells;
  int rc = 0;
  rl_clus_t cl;
  memset(&cl, 0, sizeof cl);
  int32_t *cell_vtx = NULL, *io_node = NULL, *grp = NULL, *gmap = NULL;
  double *cw = NULL;
  hsort_t *hs = NULL;

  if (db->core.x1 <= db->core.x0 || db->core.y1 <= db->core.y0 || db->nrows == 0) {
    ut_diag_error(diag, NULL, 0, 0, "macro placement needs rows (the core is empty)");
    rc = UT_EINVAL;
    goto fail;
  }
  d->core_x0 = db->core.x0;
  d->core_y0 = db->core.y0;
  d->core_x1 = db->core.x1;
  d->core_y1 = db->core.y1;
  rc = rl_legal_levels(d, db);
  if (rc) goto fail;

  /* ---- classify components ---- */
  d->cell_node = ut_malloc(sizeof *d->cell_node * (size_t)(nc > 0 ? nc : 1));
  cell_vtx = ut_malloc(sizeof *cell_vtx * (size_t)(nc > 0 ? nc : 1));
  hs = ut_malloc(sizeof *hs * (size_t)(nc > 0 ? nc : 1));
  if (!d->cell_node || !cell_vtx || !hs) goto nomem;
  int32_t nhard = 0, nmfix = 0;
  cl.vcell = ut_malloc(sizeof *cl.vcell * (size_t)(nc > 0 ? nc : 1));
  cl.varea = ut_malloc(sizeof *cl.varea * (size_t)(nc > 0 ? nc : 1));
  if (!cl.vcell || !cl.varea) goto nomem;
  for (int32_t c = 0; c < nc; c++) {
    d->cell_node[c] = -1;
    cell_vtx[c] = -1;
    int32_t m = db->cell_master[c];
    int cover = m >= 0 && db->master_class[m] == DB_CLASS_COVER;
    dbu_t w, h;
    db_cell_size(db, c, &w, &h);
    if (db_cell_is_macro(db, c)) {
      if (db_cell_is_fixed(db, c)) nmfix++;
      else hs[nhard++] = (hsort_t){(double)w * (double)h, c};
    } else if (!db_cell_is_fixed(db, c) && !cover) {
      cell_vtx[c] = cl.nv;
      cl.vcell[cl.nv] = c;
      cl.varea[cl.nv] = (double)w * (double)h / (um * um);
      cl.nv++;
    }
  }
  qsort(hs, (size_t)nhard, sizeof *hs, hsort_cmp);
  d->nhard = nhard;
  d->nmfix = nmfix;

  /* canvas grid */
  double cwid = (double)(d->core_x1 - d->core_x0) / um, chei = (double)(d->core_y1 - d->core_y0) / um;
  int cols = o->proxy.cols, rows = o->proxy.rows;
  if (cols <= 0 || rows <= 0) rl_grid_choose(cwid, chei, nhard + nmfix, &cols, &rows);

  /* ---- clusters ---- */
  rc = rl_cluster_cells(&cl, db, cell_vtx, o->clusters, o->seed);
  if (rc) goto fail;
  d->nsoft = cl.ncl;

  /* ---- fixed-cell groups and port groups, by canvas grid cell ---- */
  const double gwid = cwid / cols, ghei = chei / rows;
  const int ng = cols * rows;
  grp = ut_malloc(sizeof *grp * (size_t)ng * 2);
  if (!grp) goto nomem;
  for (int g = 0; g < 2 * ng; g++) grp[g] = -1;
  /* count groups first (fixed cells at grp[0..ng), ports at grp[ng..2ng)) */
  int32_t nfixc = 0, nport = 0;
  gmap = ut_malloc(sizeof *gmap * (size_t)(nc + (int32_t)db->nios + 1));
  if (!gmap) goto nomem;
  for (int32_t c = 0; c < nc; c++) {
    gmap[c] = -1;
    int32_t m = db->cell_master[c];
    if (db_cell_is_macro(db, c) || !db_cell_is_fixed(db, c)) continue;
    if (m >= 0 && db->master_class[m] == DB_CLASS_COVER) continue;
    dbu_t w, h;
    db_cell_size(db, c, &w, &h);
    double xc = (db->cell_x[c] + 0.5 * w) / um, yc = (db->cell_y[c] + 0.5 * h) / um;
    double fc = floor((xc - d->core_x0 / um) / gwid), fr = floor((yc - d->core_y0 / um) / ghei);
    int gc = fc < 0 ? 0 : fc >= cols ? cols - 1 : (int)fc;
    int gr = fr < 0 ? 0 : fr >= rows ? rows - 1 : (int)fr;
    gmap[c] = gr * cols + gc;
    grp[gmap[c]] = 1;
  }
  io_node = ut_malloc(sizeof *io_node * (size_t)(db->nios + 1));
  if (!io_node) goto nomem;
  for (size_t i = 0; i < db->nios; i++) {
    io_node[i] = -1;
    gmap[nc + (int32_t)i] = -1;
    if (db->io_status[i] == DB_UNPLACED) continue;
    double xc = db->io_x[i] / um, yc = db->io_y[i] / um;
    double fc = floor((xc - d->core_x0 / um) / gwid), fr = floor((yc - d->core_y0 / um) / ghei);
    int gc = fc < 0 ? 0 : fc >= cols ? cols - 1 : (int)fc;
    int gr = fr < 0 ? 0 : fr >= rows ? rows - 1 : (int)fr;
    gmap[nc + (int32_t)i] = ng + gr * cols + gc;
    grp[ng + gr * cols + gc] = 1;
  }
  /* number the groups */
  int32_t base_fixc = nhard + nmfix + d->nsoft;
  for (int g = 0; g < ng; g++)
    if (grp[g] > 0) grp[g] = base_fixc + nfixc++;
  int32_t base_port = base_fixc + nfixc;
  for (int g = 0; g < ng; g++)
    if (grp[ng + g] > 0) grp[ng + g] = base_port + nport++;
  d->nfixc = nfixc;
  d->nport = nport;
  const int32_t nn = base_port + nport;

  /* ---- nodes ---- */
  /* count pins first: at most the database pin count */
  {
    size_t maxpins = db->npins;
    rc = rl_pnl_alloc(&d->pnl, nn, (int32_t)(maxpins > 0 ? maxpins : 1),
                      (int32_t)(db->nnets > 0 ? db->nnets : 1));
    if (rc) goto fail;
  }
  rl_pnl_t *p = &d->pnl;
  d->node_cell = ut_malloc(sizeof *d->node_cell * (size_t)nn);
  d->init_cx = ut_calloc((size_t)nn, sizeof *d->init_cx);
  d->init_cy = ut_calloc((size_t)nn, sizeof *d->init_cy);
  d->hw = ut_malloc(sizeof *d->hw * (size_t)(nhard + 1));
  d->hh = ut_malloc(sizeof *d->hh * (size_t)(nhard + 1));
  d->hbase = ut_malloc((size_t)(nhard + 1));
  d->hflips = ut_malloc((size_t)(nhard + 1));
  d->hhalo = ut_malloc(sizeof *d->hhalo * (size_t)(nhard + 1));
  d->hregion = ut_malloc(sizeof *d->hregion * (size_t)(nhard + 1));
  cw = ut_calloc((size_t)nn, sizeof *cw);   /* area accumulators of groups and clusters */
  if (!d->node_cell || !d->init_cx || !d->init_cy || !d->hw || !d->hh || !d->hbase ||
      !d->hflips || !d->hhalo || !d->hregion || !cw)
    goto nomem;
  const double ccx = (d->core_x0 + d->core_x1) * 0.5 / um, ccy = (d->core_y0 + d->core_y1) * 0.5 / um;
  for (int32_t v = 0; v < nn; v++) {
    d->node_cell[v] = -1;
    d->init_cx[v] = ccx;
    d->init_cy[v] = ccy;
  }
  d->hard_area_um2 = 0;
  for (int32_t i = 0; i < nhard; i++) {
    int32_t c = hs[i].cell, m = db->cell_master[c];
    d->node_cell[i] = c;
    d->cell_node[c] = i;
    int base = db->cell_orient[c];
    if (!lg_orient_macro_ok(db, m, base)) base = DB_N;
    d->hbase[i] = (uint8_t)base;
    int64_t w = db->master_w[m], h = db->master_h[m];
    if (is_rotated(base)) {
      int64_t t = w;
      w = h;
      h = t;
    }
    d->hw[i] = w;
    d->hh[i] = h;
    uint8_t fl = 0;
    for (int f = 0; f < 4; f++)
      if (lg_orient_macro_ok(db, m, lg_orient_compose(base, FLIP_OP[f]))) fl |= (uint8_t)(1u << f);
    d->hflips[i] = fl | 1;
    dbu_t halo[4];
    lg_cell_halo(db, c, 0, halo);
    for (int k = 0; k < 4; k++) d->hhalo[i][k] = halo[k];
    int32_t reg = db->cell_region ? db->cell_region[c] : -1;
    d->hregion[i] = lg_region_hard(db, reg) ? reg : -1;
    p->kind[i] = RL_NODE_HARD;
    p->w[i] = (double)w / um;
    p->h[i] = (double)h / um;
    d->hard_area_um2 += p->w[i] * p->h[i];
  }
  {
    int32_t v = nhard;
    for (int32_t c = 0; c < nc; c++) {
      if (!db_cell_is_macro(db, c) || !db_cell_is_fixed(db, c)) continue;
      dbu_t w, h;
      db_cell_size(db, c, &w, &h);
      d->node_cell[v] = c;
      d->cell_node[c] = v;
      p->kind[v] = RL_NODE_MFIXED;
      p->w[v] = w / um;
      p->h[v] = h / um;
      d->init_cx[v] = (db->cell_x[c] + 0.5 * w) / um;
      d->init_cy[v] = (db->cell_y[c] + 0.5 * h) / um;
      v++;
    }
  }
  const int32_t base_soft = nhard + nmfix;
  for (int32_t s = 0; s < d->nsoft; s++) p->kind[base_soft + s] = RL_NODE_SOFT;
  for (int32_t t = 0; t < cl.nv; t++) {
    int32_t c = cl.vcell[t], v = base_soft + cl.memb[t];
    d->cell_node[c] = v;
    cw[v] += cl.varea[t];
  }
  for (int32_t s = 0; s < d->nsoft; s++) {
    int32_t v = base_soft + s;
    p->w[v] = p->h[v] = sqrt(cw[v]);
  }
  /* fixed-cell groups: area-weighted centroid, square of the total area */
  {
    double *sx = ut_calloc((size_t)nn, sizeof *sx), *sy = ut_calloc((size_t)nn, sizeof *sy);
    if (!sx || !sy) {
      ut_free(sx);
      ut_free(sy);
      goto nomem;
    }
    for (int32_t c = 0; c < nc; c++) {
      if (gmap[c] < 0) continue;
      int32_t v = grp[gmap[c]];
      dbu_t w, h;
      db_cell_size(db, c, &w, &h);
      double a = (double)w * h / (um * um);
      d->cell_node[c] = v;
      cw[v] += a;
      sx[v] += a * (db->cell_x[c] + 0.5 * w) / um;
      sy[v] += a * (db->cell_y[c] + 0.5 * h) / um;
    }
    int32_t *cnt = ut_calloc((size_t)nn, sizeof *cnt);
    if (!cnt) {
      ut_free(sx);
      ut_free(sy);
      goto nomem;
    }
    for (size_t i = 0; i < db->nios; i++) {
      if (gmap[nc + (int32_t)i] < 0) continue;
      int32_t v = grp[gmap[nc + (int32_t)i]];
      io_node[i] = v;
      sx[v] += db->io_x[i] / um;
      sy[v] += db->io_y[i] / um;
      cnt[v]++;
    }
    for (int32_t k = 0; k < nfixc; k++) {
      int32_t v = base_fixc + k;
      p->kind[v] = RL_NODE_FIXED;
      p->w[v] = p->h[v] = sqrt(cw[v]);
      if (cw[v] > 0) {
        d->init_cx[v] = sx[v] / cw[v];
        d->init_cy[v] = sy[v] / cw[v];
      }
    }
    for (int32_t k = 0; k < nport; k++) {
      int32_t v = base_port + k;
      p->kind[v] = RL_NODE_PORT;
      if (cnt[v] > 0) {
        d->init_cx[v] = sx[v] / cnt[v];
        d->init_cy[v] = sy[v] / cnt[v];
      }
    }
    ut_free(sx);
    ut_free(sy);
    ut_free(cnt);
  }

  /* ---- coarse nets, GCN edges, node features ---- */
  rc = rl_coarse_nets(d, db, io_node);
  if (rc) goto fail;
  rl_pnl_setup(p, d->core_x0 / um, d->core_y0 / um, cwid, chei, cols, rows, &o->proxy);
  rl_pnl_routes_from_db(p, db);
  rc = rl_coarse_graph(d);
  if (rc) goto fail;

  /* ---- legality model: obstacles, static masks, static occupancy ---- */
  rc = rl_legal_static(d, db);
  if (rc) goto fail;

  ut_free(cell_vtx);
  ut_free(io_node);
  ut_free(grp);
  ut_free(gmap);
  ut_free(cw);
  ut_free(hs);
  rl_clus_free(&cl);
  *out = d;
  return 0;
nomem:
  rc = UT_ENOMEM;
fail:
  if (rc == UT_ENOMEM) ut_diag_error(diag, NULL, 0, 0, "out of memory building the coarse netlist");
  ut_free(cell_vtx);
  ut_free(io_node);
  ut_free(grp);
  ut_free(gmap);
  ut_free(cw);
  ut_free(hs);
  rl_clus_free(&cl);
  rl_design_destroy(d);
  return rc;
}
