/*
 * rl_proxy.c: the proxy cost of a placement, computed the way Circuit Training describes it
 * (Mirhoseini et al., Nature 2021, "Methods: proxy cost"; the term-by-term description published
 * by the TILOS MacroPlacement project, Docs/ProxyCost).  docs/PROXY_COST.md states every formula.
 *
 *   cost = w_wl * WL + w_den * DEN + w_cong * CONG
 *   WL   = sum_n w_n HPWL_n / (sum_n w_n * (canvas_w + canvas_h))       (pins: node center + offset)
 *   DEN  = 0.5 * mean of the top floor(0.1 G) grid densities (overlap area / cell area, all nodes
 *          with area), at least one cell
 *   CONG = mean of the top floor(0.05 * 2G) values of [H ; V], H and V the routing demand over
 *          capacity per grid cell: nets routed on the grid (2-grid L, 3-grid L/T shapes, more grids
 *          as a star from the source grid), smoothed over `smooth` cells across the routing
 *          direction, plus the tracks hard macros block.
 * Invariants: the evaluation is a pure function of (netlist, positions, flips); it touches only
 * the caller's scratch (rl_eval_t), so threads evaluate in parallel; sums run in index order.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rl/rl_int.h"

void rl_proxy_opts_default(rl_proxy_opts_t *o) {
  memset(o, 0, sizeof *o);
  o->w_wirelength = 1.0;
  o->w_density = 0.5;
  o->w_congestion = 0.5;
  o->hmacro_alloc = -1;
  o->vmacro_alloc = -1;
  o->smooth = 2;
}

void rl_grid_choose(double w, double h, int nmacros, int *cols, int *rows) {
  double g = ceil(2.5 * sqrt((double)(nmacros > 0 ? nmacros : 1)));
  if (g < 16) g = 16;
  if (g > 64) g = 64;
  double ar = (w > 0 && h > 0) ? sqrt(w / h) : 1.0;
  long c = lround(g * ar), r = lround(g / ar);
  if (c < 10) c = 10;
  if (c > 128) c = 128;
  if (r < 10) r = 10;
  if (r > 128) r = 128;
  *cols = (int)c;
  *rows = (int)r;
}

int rl_pnl_alloc(rl_pnl_t *p, int32_t nnodes, int32_t npins, int32_t nnets) {
  memset(p, 0, sizeof *p);
  p->nnodes = nnodes;
  p->npins = npins;
  p->nnets = nnets;
  size_t nn = (size_t)(nnodes > 0 ? nnodes : 1), np = (size_t)(npins > 0 ? npins : 1);
  p->w = ut_calloc(nn, sizeof *p->w);
  p->h = ut_calloc(nn, sizeof *p->h);
  p->kind = ut_calloc(nn, 1);
  p->pin_node = ut_calloc(np, sizeof *p->pin_node);
  p->pin_dx = ut_calloc(np, sizeof *p->pin_dx);
  p->pin_dy = ut_calloc(np, sizeof *p->pin_dy);
  p->net_start = ut_calloc((size_t)nnets + 1, sizeof *p->net_start);
  p->net_w = ut_calloc((size_t)(nnets > 0 ? nnets : 1), sizeof *p->net_w);
  if (!p->w || !p->h || !p->kind || !p->pin_node || !p->pin_dx || !p->pin_dy || !p->net_start ||
      !p->net_w) {
    rl_pnl_free(p);
    return UT_ENOMEM;
  }
  return 0;
}

void rl_pnl_free(rl_pnl_t *p) {
  if (!p) return;
  ut_free(p->w);
  ut_free(p->h);
  ut_free(p->kind);
  ut_free(p->pin_node);
  ut_free(p->pin_dx);
  ut_free(p->pin_dy);
  ut_free(p->net_start);
  ut_free(p->net_w);
  memset(p, 0, sizeof *p);
}

void rl_pnl_setup(rl_pnl_t *p, double x0, double y0, double cw, double ch, int cols, int rows,
                  const rl_proxy_opts_t *o) {
  p->x0 = x0;
  p->y0 = y0;
  p->cw = cw > 0 ? cw : 1;
  p->ch = ch > 0 ? ch : 1;
  p->cols = cols > 0 ? cols : 1;
  p->rows = rows > 0 ? rows : 1;
  p->gw = p->cw / p->cols;
  p->gh = p->ch / p->rows;
  p->wwl = o->w_wirelength;
  p->wden = o->w_density;
  p->wcong = o->w_congestion;
  p->hroutes = o->hroutes_per_um;
  p->vroutes = o->vroutes_per_um;
  p->halloc = o->hmacro_alloc;
  p->valloc = o->vmacro_alloc;
  p->smooth = o->smooth > 0 ? o->smooth : 0;
  p->net_wsum = 0;
  p->max_net_pins = 0;
  for (int32_t n = 0; n < p->nnets; n++) {
    p->net_wsum += p->net_w[n];
    int32_t k = p->net_start[n + 1] - p->net_start[n];
    if (k > p->max_net_pins) p->max_net_pins = k;
  }
}

void rl_pnl_routes_from_db(rl_pnl_t *p, const db_t *db) {
  /* masters of macros */
  uint8_t *hard = ut_calloc(db->nmasters ? db->nmasters : 1, 1);
  uint8_t *blocked = ut_calloc(db->nlayers ? db->nlayers : 1, 1);
  double h = 0, v = 0, hb = 0, vb = 0;
  int any_obs = 0;
  if (hard && blocked) {
    for (size_t c = 0; c < db->ncells; c++)
      if (db_cell_is_macro(db, (int32_t)c) && db->cell_master[c] >= 0) hard[db->cell_master[c]] = 1;
    for (size_t k = 0; k < db->nobs; k++) {
      int32_t m = db->obs_master[k], l = db->obs_layer[k];
      if (m >= 0 && (size_t)m < db->nmasters && hard[m] && l >= 0 && (size_t)l < db->nlayers) {
        blocked[l] = 1;
        any_obs = 1;
      }
    }
    int first = 1;
    for (size_t l = 0; l < db->nlayers; l++) {
      if (db->layer_type[l] != DB_LAYER_ROUTING) continue;
      if (first) {        /* the lowest routing layer serves the cells, not global routing */
        first = 0;
        continue;
      }
      double px = db->layer_pitch_x[l], py = db->layer_pitch_y[l];
      if (db->layer_dir[l] == DB_DIR_HORIZONTAL) {
        double pt = py > 0 ? py : px;
        if (pt > 0) {
          h += 1.0 / pt;
          if (blocked[l]) hb += 1.0 / pt;
        }
      } else if (db->layer_dir[l] == DB_DIR_VERTICAL) {
        double pt = px > 0 ? px : py;
        if (pt > 0) {
          v += 1.0 / pt;
          if (blocked[l]) vb += 1.0 / pt;
        }
      }
    }
  }
  ut_free(hard);
  ut_free(blocked);
  if (h <= 0) h = 10.0;
  if (v <= 0) v = 10.0;
  if (!any_obs) {
    hb = 0.6 * h;
    vb = 0.6 * v;
  }
  if (p->hroutes <= 0) p->hroutes = h;
  if (p->vroutes <= 0) p->vroutes = v;
  if (p->halloc < 0) p->halloc = hb;
  if (p->valloc < 0) p->valloc = vb;
}

int rl_eval_create(rl_eval_t *e, const rl_pnl_t *p) {
  memset(e, 0, sizeof *e);
  e->ncell = p->cols * p->rows;
  size_t n = (size_t)e->ncell;
  e->den = ut_calloc(n, sizeof *e->den);
  e->hc = ut_calloc(n, sizeof *e->hc);
  e->vc = ut_calloc(n, sizeof *e->vc);
  e->hn = ut_calloc(n, sizeof *e->hn);
  e->vn = ut_calloc(n, sizeof *e->vn);
  e->sel = ut_calloc(2 * n, sizeof *e->sel);
  e->gc_cap = p->max_net_pins > 0 ? p->max_net_pins : 1;
  e->gc = ut_calloc((size_t)e->gc_cap, sizeof *e->gc);
  e->stamp = ut_calloc(n, sizeof *e->stamp);
  if (!e->den || !e->hc || !e->vc || !e->hn || !e->vn || !e->sel || !e->gc || !e->stamp) {
    rl_eval_free(e);
    return UT_ENOMEM;
  }
  return 0;
}

void rl_eval_free(rl_eval_t *e) {
  if (!e) return;
  ut_free(e->den);
  ut_free(e->hc);
  ut_free(e->vc);
  ut_free(e->hn);
  ut_free(e->vn);
  ut_free(e->sel);
  ut_free(e->gc);
  ut_free(e->stamp);
  memset(e, 0, sizeof *e);
}

void rl_pnl_cell(const rl_pnl_t *p, double x, double y, int *col, int *row) {
  double fc = floor((x - p->x0) / p->gw), fr = floor((y - p->y0) / p->gh);
  int c = fc < 0 ? 0 : fc >= p->cols ? p->cols - 1 : (int)fc;
  int r = fr < 0 ? 0 : fr >= p->rows ? p->rows - 1 : (int)fr;
  *col = c;
  *row = r;
}

/* Put the k largest values of v[0..n) into v[0..k) (quickselect, Hoare partition). */
static void select_top(double *v, int n, int k) {
  int lo = 0, hi = n - 1, t = k - 1;
  while (lo < hi) {
    double a = v[lo], b = v[(lo + hi) / 2], c = v[hi];
    double piv = a > b ? (b > c ? b : (a > c ? c : a)) : (a > c ? a : (b > c ? c : b));
    int i = lo, j = hi;
    while (i <= j) {
      while (v[i] > piv) i++;
      while (v[j] < piv) j--;
      if (i <= j) {
        double s = v[i];
        v[i] = v[j];
        v[j] = s;
        i++;
        j--;
      }
    }
    if (t <= j) hi = j;
    else if (t >= i) lo = i;
    else break;
  }
}

double rl_topk_mean(double *v, int n, int k) {
  if (n <= 0) return 0;
  if (k < 1) k = 1;
  if (k > n) k = n;
  if (k < n) select_top(v, n, k);
  double s = 0;
  for (int i = 0; i < k; i++) s += v[i];
  return s / k;
}

double rl_pnl_hpwl(const rl_pnl_t *p, const double *cx, const double *cy, const uint8_t *flip) {
  double total = 0;
  for (int32_t n = 0; n < p->nnets; n++) {
    int32_t a = p->net_start[n], b = p->net_start[n + 1];
    if (b - a < 2) continue;
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
    for (int32_t k = a; k < b; k++) {
      double x, y;
      rl_pin_pos(p, cx, cy, flip, k, &x, &y);
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
    total += p->net_w[n] * ((x1 - x0) + (y1 - y0));
  }
  return total;
}

/* Demand along a row (horizontal) over columns [c0, c1), and along a column over rows [r0, r1). */
static void add_h(const rl_pnl_t *p, rl_eval_t *e, int row, int c0, int c1, double w) {
  if (c0 > c1) {
    int t = c0;
    c0 = c1;
    c1 = t;
  }
  double *r = e->hn + (size_t)row * p->cols;
  for (int c = c0; c < c1; c++) r[c] += w;
}

static void add_v(const rl_pnl_t *p, rl_eval_t *e, int col, int r0, int r1, double w) {
  if (r0 > r1) {
    int t = r0;
    r0 = r1;
    r1 = t;
  }
  for (int r = r0; r < r1; r++) e->vn[(size_t)r * p->cols + col] += w;
}

static inline int imin(int a, int b) { return a < b ? a : b; }
static inline int imax(int a, int b) { return a > b ? a : b; }

/* A net between two grid cells: horizontal along the source's row, then vertical along the sink's
 * column. */
static void route2(const rl_pnl_t *p, rl_eval_t *e, int i1, int j1, int i2, int j2, double w) {
  add_h(p, e, j1, imin(i1, i2), imax(i1, i2), w);
  add_v(p, e, i2, imin(j1, j2), imax(j1, j2), w);
}

/* A net over three grid cells (any order of source and sinks gives the same shape). */
static void route3(const rl_pnl_t *p, rl_eval_t *e, const int *ci, const int *cj, double w) {
  int o[3] = {0, 1, 2};
  /* by column, then row */
  for (int a = 0; a < 3; a++)
    for (int b = a + 1; b < 3; b++)
      if (ci[o[b]] < ci[o[a]] || (ci[o[b]] == ci[o[a]] && cj[o[b]] < cj[o[a]])) {
        int t = o[a];
        o[a] = o[b];
        o[b] = t;
      }
  int i1 = ci[o[0]], j1 = cj[o[0]], i2 = ci[o[1]], j2 = cj[o[1]], i3 = ci[o[2]], j3 = cj[o[2]];
  if (i1 < i2 && i2 < i3 && imin(j1, j3) < j2 && imax(j1, j3) > j2) {
    /* staircase: two L segments */
    add_h(p, e, j1, i1, i2, w);
    add_h(p, e, j2, i2, i3, w);
    add_v(p, e, i2, imin(j1, j2), imax(j1, j2), w);
    add_v(p, e, i3, imin(j2, j3), imax(j2, j3), w);
    return;
  }
  if (i2 == i3 && i1 < i2 && j1 < imin(j2, j3)) {
    add_h(p, e, j1, i1, i2, w);
    add_v(p, e, i2, j1, imax(j2, j3), w);
    return;
  }
  if (j2 == j3) {
    add_h(p, e, j1, i1, i2, w);
    add_h(p, e, j2, i2, i3, w);
    add_v(p, e, i2, imin(j1, j2), imax(j1, j2), w);
    return;
  }
  /* T shape: a horizontal trunk on the middle row, vertical branches at the outer cells */
  for (int a = 0; a < 3; a++)
    for (int b = a + 1; b < 3; b++)
      if (cj[o[b]] < cj[o[a]] || (cj[o[b]] == cj[o[a]] && ci[o[b]] < ci[o[a]])) {
        int t = o[a];
        o[a] = o[b];
        o[b] = t;
      }
  i1 = ci[o[0]], j1 = cj[o[0]], i2 = ci[o[1]], j2 = cj[o[1]], i3 = ci[o[2]], j3 = cj[o[2]];
  int lo = imin(i1, imin(i2, i3)), hi = imax(i1, imax(i2, i3));
  add_h(p, e, j2, lo, hi, w);
  add_v(p, e, i1, imin(j1, j2), imax(j1, j2), w);
  add_v(p, e, i3, imin(j2, j3), imax(j2, j3), w);
}

void rl_pnl_eval(const rl_pnl_t *p, const double *cx, const double *cy, const uint8_t *flip,
                 rl_eval_t *e, rl_proxy_t *out) {
  const int cols = p->cols, rows = p->rows, n = cols * rows;
  memset(out, 0, sizeof *out);
  out->cols = cols;
  out->rows = rows;
  out->w_wirelength = p->wwl;
  out->w_density = p->wden;
  out->w_congestion = p->wcong;

  /* ---- wirelength ---- */
  double hp = rl_pnl_hpwl(p, cx, cy, flip);
  out->hpwl_um = hp;
  out->wirelength = p->net_wsum > 0 ? hp / (p->net_wsum * (p->cw + p->ch)) : 0;

  /* ---- density ---- */
  memset(e->den, 0, (size_t)n * sizeof *e->den);
  memset(e->hn, 0, (size_t)n * sizeof *e->hn);
  memset(e->vn, 0, (size_t)n * sizeof *e->vn);
  memset(e->hc, 0, (size_t)n * sizeof *e->hc);
  memset(e->vc, 0, (size_t)n * sizeof *e->vc);
  const double garea = p->gw * p->gh;
  const double hcap = p->gh * p->hroutes, vcap = p->gw * p->vroutes;
  for (int32_t v = 0; v < p->nnodes; v++) {
    uint8_t k = p->kind[v];
    if (k == RL_NODE_PORT || p->w[v] <= 0 || p->h[v] <= 0) continue;
    double x0 = cx[v] - 0.5 * p->w[v], x1 = cx[v] + 0.5 * p->w[v];
    double y0 = cy[v] - 0.5 * p->h[v], y1 = cy[v] + 0.5 * p->h[v];
    int c0, r0, c1, r1;
    rl_pnl_cell(p, x0, y0, &c0, &r0);
    rl_pnl_cell(p, x1, y1, &c1, &r1);
    int macro = (k == RL_NODE_HARD || k == RL_NODE_MFIXED);
    for (int r = r0; r <= r1; r++) {
      double gy0 = p->y0 + r * p->gh, gy1 = gy0 + p->gh;
      double oy = fmin(y1, gy1) - fmax(y0, gy0);
      if (oy <= 0) continue;
      for (int c = c0; c <= c1; c++) {
        double gx0 = p->x0 + c * p->gw, gx1 = gx0 + p->gw;
        double ox = fmin(x1, gx1) - fmax(x0, gx0);
        if (ox <= 0) continue;
        e->den[r * cols + c] += ox * oy / garea;
        if (macro) {
          /* a macro blocks the horizontal tracks over its height in the cell, the vertical ones
           * over its width */
          e->hc[r * cols + c] += oy * p->halloc / hcap;
          e->vc[r * cols + c] += ox * p->valloc / vcap;
        }
      }
    }
  }
  memcpy(e->sel, e->den, (size_t)n * sizeof *e->sel);
  out->density = 0.5 * rl_topk_mean(e->sel, n, (int)floor(0.1 * n));

  /* ---- congestion: route every net on the grid ---- */
  for (int32_t net = 0; net < p->nnets; net++) {
    int32_t a = p->net_start[net], b = p->net_start[net + 1];
    if (b - a < 2) continue;
    double w = p->net_w[net];
    if (++e->gen == INT32_MAX) {
      memset(e->stamp, 0, (size_t)n * sizeof *e->stamp);
      e->gen = 1;
    }
    int m = 0;
    for (int32_t k = a; k < b; k++) {
      double x, y;
      int c, r;
      rl_pin_pos(p, cx, cy, flip, k, &x, &y);
      rl_pnl_cell(p, x, y, &c, &r);
      int g = r * cols + c;
      if (e->stamp[g] == e->gen || m >= e->gc_cap) continue;
      e->stamp[g] = e->gen;
      e->gc[m++] = g;
    }
    if (m < 2) continue;
    if (m == 2) {
      route2(p, e, e->gc[0] % cols, e->gc[0] / cols, e->gc[1] % cols, e->gc[1] / cols, w);
    } else if (m == 3) {
      int ci[3], cj[3];
      for (int t = 0; t < 3; t++) {
        ci[t] = e->gc[t] % cols;
        cj[t] = e->gc[t] / cols;
      }
      route3(p, e, ci, cj, w);
    } else {
      /* star from the source grid cell */
      int si = e->gc[0] % cols, sj = e->gc[0] / cols;
      for (int t = 1; t < m; t++) route2(p, e, si, sj, e->gc[t] % cols, e->gc[t] / cols, w);
    }
  }
  /* smoothing: each cell's demand spread evenly over the cells within `smooth` across its
   * direction (horizontal demand along the row, vertical demand along the column) */
  const int k = p->smooth;
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < cols; c++) {
      double hv = e->hn[r * cols + c], vv = e->vn[r * cols + c];
      if (hv != 0) {
        int lo = imax(0, c - k), hi = imin(cols - 1, c + k);
        double s = hv / (hi - lo + 1) / hcap;
        for (int t = lo; t <= hi; t++) e->hc[r * cols + t] += s;
      }
      if (vv != 0) {
        int lo = imax(0, r - k), hi = imin(rows - 1, r + k);
        double s = vv / (hi - lo + 1) / vcap;
        for (int t = lo; t <= hi; t++) e->vc[t * cols + c] += s;
      }
    }
  memcpy(e->sel, e->hc, (size_t)n * sizeof *e->sel);
  memcpy(e->sel + n, e->vc, (size_t)n * sizeof *e->sel);
  out->congestion = rl_topk_mean(e->sel, 2 * n, (int)floor(0.05 * 2 * n));
  out->cost = p->wwl * out->wirelength + p->wden * out->density + p->wcong * out->congestion;
}

/* ---- the flat proxy of a whole database ------------------------------------------------------ */

static int net_is_signal(const db_t *db, int32_t n) {
  uint8_t u = db->net_use[n];
  return u != DB_USE_POWER && u != DB_USE_GROUND;
}

/* Is pin k of the database a driver (output of a component, or an input IO pin)? */
static int pin_drives(const db_t *db, int32_t k) {
  int32_t c = db->pin_cell[k], ref = db->pin_ref[k];
  if (c >= 0) return ref >= 0 && db->mpin_dir[ref] == DB_PDIR_OUTPUT;
  return ref >= 0 && db->io_dir[ref] == DB_PDIR_INPUT;
}

int rl_proxy_cost(const db_t *db, const rl_proxy_opts_t *opts, rl_proxy_t *out) {
  rl_proxy_opts_t o;
  if (opts) o = *opts;
  else rl_proxy_opts_default(&o);
  memset(out, 0, sizeof *out);
  const double um = db->dbu > 0 ? db->dbu : 1;
  int32_t nc = (int32_t)db->ncells, nio = (int32_t)db->nios;
  /* nodes: components, then IO pins */
  int32_t npins = 0, nnets = 0;
  for (size_t n = 0; n < db->nnets; n++) {
    if (!net_is_signal(db, (int32_t)n)) continue;
    int32_t k = db->net_pin_start[n + 1] - db->net_pin_start[n];
    if (k < 2) continue;
    npins += k;
    nnets++;
  }
  rl_pnl_t p;
  if (rl_pnl_alloc(&p, nc + nio, npins, nnets)) return UT_ENOMEM;
  double *cx = ut_calloc((size_t)(nc + nio) + 1, sizeof *cx);
  double *cy = ut_calloc((size_t)(nc + nio) + 1, sizeof *cy);
  if (!cx || !cy) {
    ut_free(cx);
    ut_free(cy);
    rl_pnl_free(&p);
    return UT_ENOMEM;
  }
  int nmacros = 0;
  for (int32_t c = 0; c < nc; c++) {
    dbu_t w, h;
    db_cell_size(db, c, &w, &h);
    int macro = db_cell_is_macro(db, c), fixed = db_cell_is_fixed(db, c);
    nmacros += macro;
    p.kind[c] = macro ? (fixed ? RL_NODE_MFIXED : RL_NODE_HARD)
                      : (fixed ? RL_NODE_FIXED : RL_NODE_CELL);
    if (db->cell_master[c] >= 0 && db->master_class[db->cell_master[c]] == DB_CLASS_COVER) {
      w = 0;
      h = 0;
    }
    p.w[c] = w / um;
    p.h[c] = h / um;
    cx[c] = (db->cell_x[c] + 0.5 * w) / um;
    cy[c] = (db->cell_y[c] + 0.5 * h) / um;
  }
  for (int32_t i = 0; i < nio; i++) {
    p.kind[nc + i] = RL_NODE_PORT;
    cx[nc + i] = db->io_x[i] / um;
    cy[nc + i] = db->io_y[i] / um;
  }
  int32_t pk = 0, nk = 0;
  for (size_t n = 0; n < db->nnets; n++) {
    if (!net_is_signal(db, (int32_t)n)) continue;
    int32_t a = db->net_pin_start[n], b = db->net_pin_start[n + 1];
    if (b - a < 2) continue;
    p.net_start[nk] = pk;
    p.net_w[nk] = db->net_weight[n] > 0 ? db->net_weight[n] : 1.0;
    int32_t src = a;
    for (int32_t k = a; k < b; k++)
      if (pin_drives(db, k)) {
        src = k;
        break;
      }
    for (int32_t t = 0; t < b - a; t++) {
      int32_t k = t == 0 ? src : (a + t - 1 < src ? a + t - 1 : a + t);
      int64_t x, y;
      int32_t c = db->pin_cell[k];
      int32_t v = c >= 0 ? c : nc + db->pin_ref[k];
      if (db_pin_pos(db, k, &x, &y)) {
        x = (int64_t)llround(cx[v] * um);
        y = (int64_t)llround(cy[v] * um);
      }
      p.pin_node[pk] = v;
      p.pin_dx[pk] = x / um - cx[v];
      p.pin_dy[pk] = y / um - cy[v];
      pk++;
    }
    nk++;
  }
  p.net_start[nk] = pk;
  int cols = o.cols, rows = o.rows;
  double cw = (double)(db->core.x1 - db->core.x0) / um, ch = (double)(db->core.y1 - db->core.y0) / um;
  if (cw <= 0 || ch <= 0) {
    cw = (double)(db->die.x1 - db->die.x0) / um;
    ch = (double)(db->die.y1 - db->die.y0) / um;
  }
  if (cols <= 0 || rows <= 0) rl_grid_choose(cw, ch, nmacros, &cols, &rows);
  double x0 = (cw > 0 && db->core.x1 > db->core.x0) ? db->core.x0 / um : db->die.x0 / um;
  double y0 = (ch > 0 && db->core.y1 > db->core.y0) ? db->core.y0 / um : db->die.y0 / um;
  rl_pnl_setup(&p, x0, y0, cw, ch, cols, rows, &o);
  rl_pnl_routes_from_db(&p, db);
  rl_eval_t ev;
  int rc = rl_eval_create(&ev, &p);
  if (!rc) {
    rl_pnl_eval(&p, cx, cy, NULL, &ev, out);
    rl_eval_free(&ev);
  }
  ut_free(cx);
  ut_free(cy);
  rl_pnl_free(&p);
  return rc;
}
