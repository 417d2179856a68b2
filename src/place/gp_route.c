/*
 * gp_route.c: the congestion side of routability-driven global placement, after RePlAce (Cheng,
 * Kahng, Kang, Wang, "RePlAce: Advancing Solution Quality and Routability Validation in Global
 * Placement", TCAD 2019, section V) as OpenROAD's gpl implements it (src/gpl/src/routeBase.cpp,
 * read as the model; no code taken): measure routing congestion on a GCell grid, then inflate the
 * cells sitting in congested GCells so the density term spreads them.
 *
 *  - Map.  The GCell grid and capacities are rt_grid's (docs/ROUTING.md).  Demand is RUDY
 *    (rt_rudy_boxes over the boxes of the placer's nets at its current coordinates, plus the boxes
 *    of nets whose pins are all fixed, computed once), compared per GCell with
 *    rt_grid_gcell_capacity; or, with GP_RT_MAP_ROUTE, the pattern router's edge demand after the
 *    positions are written into the database.  The metrics are rt_report's, so the numbers match
 *    `place report-congestion` on the same placement (RUDY line or router lines).
 *  - Ratio of a GCell: the larger of demand / capacity over its two directions (gpl: usage /
 *    capacity of the tile); a direction whose capacity is below 20% of its mean is ignored (gpl's
 *    ignoreEdgeRatio 0.8: mostly blocked tiles say nothing about the cells in them).
 *  - Inflation of a cell (gp_rt_inflate): the ratio c of its center's GCell gives min(c^power,
 *    max_ratio) when c >= 1.01 (gpl: inflationRatioCoef, maxInflationRatio, minInflationRatio),
 *    applied multiplicatively to the cell's cumulative inflation, itself capped at max_ratio.  The
 *    round's added area is capped by a budget (scaled down uniformly), which is where the caller's
 *    cap on total inflation enters.
 * Everything runs on one thread in index order: the same input gives the same map and ratios
 * whatever the number of threads.
 */
#include <math.h>
#include <string.h>

#include "place/gp_int.h"
#include "route/rt_grid.h"
#include "route/rt_report.h"
#include "route/rt_route.h"
#include "route/rt_rudy.h"
#include "util/ut.h"

#define GP_RT_MIN_RATIO 1.01      /* gpl's minInflationRatio */
#define GP_RT_IGNORE_CAP 0.2      /* directions below this share of the mean capacity: ignored */

struct gp_rt_t {
  db_t *db;
  gp_net_view_t nv;
  const int32_t *cell_of;
  const double *w, *h;          /* true sizes of the movable cells */
  int map;
  rt_grid_t *grid;
  rt_route_t *route;            /* GP_RT_MAP_ROUTE only */
  int nx, ny;
  double *cap_h, *cap_v;        /* per GCell capacity (tracks) */
  double cap_min_h, cap_min_v;  /* below these a direction is ignored in the ratio */
  double *dem_h, *dem_v;        /* per GCell RUDY demand, or per edge routed demand */
  double *ratio;                /* per GCell congestion ratio of the last measurement */
  size_t nbox, nconst;          /* boxes: the placer's nets, then the constant nets */
  double *box;                  /* 4 per box: x0 y0 x1 y1 (DBU) */
  double seconds;
  int nmaps;
};

void gp_rt_destroy(gp_rt_t *r) {
  if (!r) return;
  rt_route_destroy(r->route);
  rt_grid_destroy(r->grid);
  void *arr[] = {r->cap_h, r->cap_v, r->dem_h, r->dem_v, r->ratio, r->box};
  for (size_t i = 0; i < sizeof arr / sizeof arr[0]; i++) ut_free(arr[i]);
  ut_free(r);
}

/* Boxes of the nets the placer does not see: signal nets with >= 2 placed pins, none of them on
 * a movable cell (their pins never move).  Appended after the placer's nnets boxes. */
static int constant_boxes(gp_rt_t *r) {
  db_t *db = r->db;
  uint8_t *movable = ut_calloc(db->ncells ? db->ncells : 1, 1);
  if (!movable) return UT_ENOMEM;
  for (int i = 0; i < r->nv.ncells; i++) movable[r->cell_of[i]] = 1;
  size_t cnt = 0;
  for (int pass = 0; pass < 2; pass++) {
    cnt = 0;
    for (size_t e = 0; e < db->nnets; e++) {
      if (db->net_use[e] == DB_USE_POWER || db->net_use[e] == DB_USE_GROUND) continue;
      int64_t x0 = INT64_MAX, y0 = INT64_MAX, x1 = INT64_MIN, y1 = INT64_MIN;
      int np = 0, mov = 0;
      for (int32_t q = db->net_pin_start[e]; q < db->net_pin_start[e + 1] && !mov; q++) {
        int32_t c = db->pin_cell[q];
        int64_t x, y;
        if (c >= 0 && movable[c]) mov = 1;
        else if (!db_pin_pos(db, q, &x, &y)) {
          x0 = x < x0 ? x : x0;
          y0 = y < y0 ? y : y0;
          x1 = x > x1 ? x : x1;
          y1 = y > y1 ? y : y1;
          np++;
        }
      }
      if (mov || np < 2) continue;
      if (pass == 1) {
        double *b = &r->box[4 * ((size_t)r->nv.nnets + cnt)];
        b[0] = (double)x0;
        b[1] = (double)y0;
        b[2] = (double)x1;
        b[3] = (double)y1;
      }
      cnt++;
    }
    if (pass == 0) {
      r->nconst = cnt;
      r->nbox = (size_t)r->nv.nnets + cnt;
      r->box = ut_malloc((r->nbox ? r->nbox : 1) * 4 * sizeof *r->box);
      if (!r->box) {
        ut_free(movable);
        return UT_ENOMEM;
      }
    }
  }
  ut_free(movable);
  return 0;
}

int gp_rt_create(gp_rt_t **out, db_t *db, const gp_opts_t *o, const gp_net_view_t *nv,
                 const int32_t *cell_of, const double *w, const double *h) {
  *out = NULL;
  gp_rt_t *r = ut_calloc(1, sizeof *r);
  if (!r) return UT_ENOMEM;
  r->db = db;
  r->nv = *nv;
  r->cell_of = cell_of;
  r->w = w;
  r->h = h;
  r->map = o->rt_map;
  rt_grid_opts_t go;
  rt_grid_opts_default(&go);
  go.max_layer = o->rt_max_layer;
  go.cap_scale = o->rt_cap_scale;
  /* the movable cells are about to move: their OBS (at whatever input position) block nothing */
  uint8_t *status = ut_malloc((size_t)(nv->ncells ? nv->ncells : 1));
  if (!status) {
    gp_rt_destroy(r);
    return UT_ENOMEM;
  }
  for (int i = 0; i < nv->ncells; i++) {
    status[i] = db->cell_status[cell_of[i]];
    db->cell_status[cell_of[i]] = DB_UNPLACED;
  }
  int rc = rt_grid_create(&r->grid, db, &go);
  for (int i = 0; i < nv->ncells; i++) db->cell_status[cell_of[i]] = status[i];
  ut_free(status);
  if (rc) {
    gp_rt_destroy(r);
    return rc;
  }
  r->nx = r->grid->nx;
  r->ny = r->grid->ny;
  size_t ng = (size_t)r->nx * (size_t)r->ny;
  size_t nd = ng;
  if (r->map == GP_RT_MAP_ROUTE) {
    rt_route_opts_t ro;
    rt_route_opts_default(&ro);
    rc = rt_route_create(&r->route, r->grid, &ro);
    if (rc) {
      gp_rt_destroy(r);
      return rc;
    }
    size_t eh = (size_t)r->grid->nedges_h, ev = (size_t)r->grid->nedges_v;
    nd = eh > ev ? eh : ev;
  }
  r->cap_h = ut_malloc(ng * sizeof *r->cap_h);
  r->cap_v = ut_malloc(ng * sizeof *r->cap_v);
  r->dem_h = ut_malloc((nd ? nd : 1) * sizeof *r->dem_h);
  r->dem_v = ut_malloc((nd ? nd : 1) * sizeof *r->dem_v);
  r->ratio = ut_calloc(ng, sizeof *r->ratio);
  if (!r->cap_h || !r->cap_v || !r->dem_h || !r->dem_v || !r->ratio) {
    gp_rt_destroy(r);
    return UT_ENOMEM;
  }
  rt_grid_gcell_capacity(r->grid, r->cap_h, r->cap_v);
  double sh = 0, sv = 0;
  for (size_t k = 0; k < ng; k++) {
    sh += r->cap_h[k];
    sv += r->cap_v[k];
  }
  r->cap_min_h = GP_RT_IGNORE_CAP * sh / (double)ng;
  r->cap_min_v = GP_RT_IGNORE_CAP * sv / (double)ng;
  rc = constant_boxes(r);
  if (rc) {
    gp_rt_destroy(r);
    return rc;
  }
  UT_INFO("GP", "routability: %d x %d GCells (%s), %d nets + %zu fixed nets, map %s", r->nx, r->ny,
          r->grid->from_def ? "DEF GCELLGRID" : "automatic", nv->nnets, r->nconst,
          r->map == GP_RT_MAP_ROUTE ? "pattern route" : "RUDY");
  *out = r;
  return 0;
}

/* RUDY demand from the placer's coordinates. */
static void rudy_map(gp_rt_t *r, const double *x, const double *y) {
  const gp_net_view_t *nv = &r->nv;
  for (int e = 0; e < nv->nnets; e++) {
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (int q = nv->net_pin_start[e]; q < nv->net_pin_start[e + 1]; q++) {
      int c = nv->pin_cell[q];
      double px = c >= 0 ? x[c] + nv->pin_dx[q] : nv->pin_dx[q];
      double py = c >= 0 ? y[c] + nv->pin_dy[q] : nv->pin_dy[q];
      x0 = px < x0 ? px : x0;
      y0 = py < y0 ? py : y0;
      x1 = px > x1 ? px : x1;
      y1 = py > y1 ? py : y1;
    }
    double *b = &r->box[4 * (size_t)e];
    b[0] = x0;
    b[1] = y0;
    b[2] = x1;
    b[3] = y1;
  }
  rt_rudy_boxes(r->grid, r->nbox, r->box, NULL, r->dem_h, r->dem_v);
  size_t ng = (size_t)r->nx * (size_t)r->ny;
  for (size_t k = 0; k < ng; k++) {
    double a = r->cap_h[k] >= r->cap_min_h && r->cap_h[k] > 0 ? r->dem_h[k] / r->cap_h[k] : 0;
    double b = r->cap_v[k] >= r->cap_min_v && r->cap_v[k] > 0 ? r->dem_v[k] / r->cap_v[k] : 0;
    r->ratio[k] = a > b ? a : b;
  }
}

/* Pattern-routed demand: the positions go into the database (lower-left corners, rounded) and the
 * router runs on it; gp_run overwrites them with the final placement anyway. */
static int route_map(gp_rt_t *r, const double *x, const double *y) {
  db_t *db = r->db;
  for (int i = 0; i < r->nv.ncells; i++) {
    int32_t c = r->cell_of[i];
    dbu_t lx = (dbu_t)lround(x[i] - 0.5 * r->w[i]), ly = (dbu_t)lround(y[i] - 0.5 * r->h[i]);
    db_cell_set_place(db, c, lx, ly, db->cell_orient[c], DB_PLACED);
  }
  int rc = rt_route_run(r->route, db);
  if (rc) return rc;
  rt_route_demand(r->route, r->dem_h, r->dem_v);
  rt_report_gcell_map(r->grid, r->dem_h, r->dem_v, r->ratio);
  return 0;
}

int gp_rt_measure(gp_rt_t *r, const double *x, const double *y, gp_rt_cong_t *out) {
  double t0 = ut_seconds();
  rt_report_t rep;
  int rc;
  if (r->map == GP_RT_MAP_ROUTE) {
    rc = route_map(r, x, y);
    if (!rc) rc = rt_report_congestion(r->grid, r->dem_h, r->dem_v, &rep);
  } else {
    rudy_map(r, x, y);
    rc = rt_report_gcells(r->grid, r->dem_h, r->dem_v, r->cap_h, r->cap_v, &rep);
  }
  if (rc) return rc;
  out->overflow = rep.overflow_total;
  out->overflow_max = rep.overflow_max;
  out->gcells_over_pct = rep.gcells_over_pct;
  memcpy(out->ace, rep.ace, sizeof out->ace);
  out->rc = (rep.ace[0] + rep.ace[1]) / 200.0;
  r->seconds += ut_seconds() - t0;
  r->nmaps++;
  return 0;
}

double gp_rt_seconds(const gp_rt_t *r, int *nmaps) {
  if (nmaps) *nmaps = r ? r->nmaps : 0;
  return r ? r->seconds : 0;
}

double gp_rt_inflate(const gp_rt_t *r, const double *x, const double *y, const double *area,
                     const uint8_t *inflatable, double power, double max_ratio, double budget,
                     double *infl) {
  int n = r->nv.ncells;
  /* first pass: the area asked for; second: apply, scaled to the budget */
  double want = 0;
  for (int pass = 0; pass < 2; pass++) {
    double scale = pass == 0 || want <= budget ? 1.0 : budget / want, added = 0;
    for (int i = 0; i < n; i++) {
      if (!inflatable[i]) continue;
      int gi = rt_grid_col(r->grid, (int64_t)floor(x[i]));
      int gj = rt_grid_row(r->grid, (int64_t)floor(y[i]));
      double c = r->ratio[(size_t)gj * r->nx + gi];
      if (c < GP_RT_MIN_RATIO) continue;
      double f = pow(c, power);
      if (f > max_ratio) f = max_ratio;
      double to = infl[i] * f;
      if (to > max_ratio) to = max_ratio;
      if (!(to > infl[i])) continue;
      if (pass == 0) {
        want += area[i] * (to - infl[i]);
      } else {
        double d = scale * (to - infl[i]);
        infl[i] += d;
        added += area[i] * d;
      }
    }
    if (pass == 1) return added;
    if (!(want > 0) || !(budget > 0)) return 0;
  }
  return 0;
}
