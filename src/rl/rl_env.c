/*
 * rl_env.c: the macro placement environment of Circuit Training (Mirhoseini et al., Nature 2021,
 * "Methods: RL formulation"): one hard macro per step, largest first; the action is a cell of the
 * canvas grid, the macro is centred on it as nearly as its row/site grid allows (rl_legal.c), and
 * the mask removes every cell whose candidate would overlap a placed or fixed macro (halos both
 * ways), a fixed cell, a hard blockage or a foreign fence, leave its own fence or the core.  After
 * the last macro the soft clusters are placed force-directed and the reward is -proxy cost; a step
 * with no legal cell ends the episode with reward -4.
 *
 * Observation of a step: four maps over the grid, quantized to bytes so that a rollout and its
 * replay in the PPO update see identical inputs: (0) the wirelength increase of the macro's nets
 * if it were centred on the cell, over the legal cells scaled to [0, 1] (separable: a sum of an x
 * and a y term per net, against the bounding box of the pins already placed, soft clusters at
 * their estimated positions), (1) the occupancy of the cell by fixed objects and placed macros,
 * (2) the mask, (3) the distance of the cell to the core boundary (0 at the edge, 1 in the
 * middle), (4) with hints (rl_design_set_hints), twice the Manhattan distance to the analytic
 * placer's position of the macro over the canvas half-perimeter, capped at 1 (else 0); and six
 * step features.
 *
 * Force-directed soft clusters (as Circuit Training places its soft macros): alternating
 * attraction (each cluster moves toward the mean of its nets' centroids, weight w / (k - 1)) and
 * spreading (down the gradient of the grid density of all area, stronger where the cell overflows),
 * with a shrinking step, from the canvas centre.  Deterministic: fixed order, no randomness.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rl/rl_int.h"

/* ---- force-directed placement of the soft clusters ------------------------------------------ */

struct rl_fd_t {
  const rl_design_t *d;
  double *tx, *ty, *tw;
  int32_t *soft, nsoft;
  int32_t *mov, nmov;            /* nodes moved by this call: soft clusters (+ hard macros) */
  uint8_t *movable;
  int32_t *area_nodes, narea;    /* nodes with area (everything but ports) */
  int32_t *bstart, *blist;       /* bucket (grid cell) -> nodes overlapping it */
  size_t cap_blist;
  int32_t *stamp, gen;
};

int rl_fd_create(rl_fd_t **out, const rl_design_t *d) {
  *out = NULL;
  rl_fd_t *f = ut_calloc(1, sizeof *f);
  if (!f) return UT_ENOMEM;
  int32_t nn = d->pnl.nnodes;
  size_t ncell = (size_t)d->pnl.cols * d->pnl.rows;
  f->d = d;
  f->tx = ut_calloc((size_t)nn + 1, sizeof *f->tx);
  f->ty = ut_calloc((size_t)nn + 1, sizeof *f->ty);
  f->tw = ut_calloc((size_t)nn + 1, sizeof *f->tw);
  f->soft = ut_malloc(sizeof *f->soft * ((size_t)nn + 1));
  f->mov = ut_malloc(sizeof *f->mov * ((size_t)nn + 1));
  f->movable = ut_calloc((size_t)nn + 1, 1);
  f->area_nodes = ut_malloc(sizeof *f->area_nodes * ((size_t)nn + 1));
  f->bstart = ut_calloc(ncell + 2, sizeof *f->bstart);
  f->stamp = ut_calloc((size_t)nn + 1, sizeof *f->stamp);
  if (!f->tx || !f->ty || !f->tw || !f->soft || !f->mov || !f->movable || !f->area_nodes || !f->bstart || !f->stamp) {
    rl_fd_destroy(f);
    return UT_ENOMEM;
  }
  for (int32_t v = 0; v < nn; v++) {
    if (d->pnl.kind[v] == RL_NODE_SOFT) f->soft[f->nsoft++] = v;
    if (d->pnl.kind[v] != RL_NODE_PORT && d->pnl.w[v] > 0 && d->pnl.h[v] > 0)
      f->area_nodes[f->narea++] = v;
  }
  *out = f;
  return 0;
}

void rl_fd_destroy(rl_fd_t *f) {
  if (!f) return;
  ut_free(f->tx);
  ut_free(f->ty);
  ut_free(f->tw);
  ut_free(f->soft);
  ut_free(f->mov);
  ut_free(f->movable);
  ut_free(f->area_nodes);
  ut_free(f->bstart);
  ut_free(f->blist);
  ut_free(f->stamp);
  ut_free(f);
}

/* Add a node's area to a density grid (fraction of each cell's area). */
static void splat(const rl_pnl_t *p, double *den, double cx, double cy, double w, double h) {
  if (w <= 0 || h <= 0) return;
  double x0 = cx - 0.5 * w, x1 = cx + 0.5 * w, y0 = cy - 0.5 * h, y1 = cy + 0.5 * h;
  int c0, r0, c1, r1;
  rl_pnl_cell(p, x0, y0, &c0, &r0);
  rl_pnl_cell(p, x1, y1, &c1, &r1);
  const double ga = p->gw * p->gh;
  for (int r = r0; r <= r1; r++) {
    double gy0 = p->y0 + r * p->gh;
    double oy = fmin(y1, gy0 + p->gh) - fmax(y0, gy0);
    if (oy <= 0) continue;
    for (int c = c0; c <= c1; c++) {
      double gx0 = p->x0 + c * p->gw;
      double ox = fmin(x1, gx0 + p->gw) - fmax(x0, gx0);
      if (ox > 0) den[r * p->cols + c] += ox * oy / ga;
    }
  }
}

/* Grid cells covered by node v's rectangle. */
static void node_cells(const rl_pnl_t *p, const double *cx, const double *cy, int32_t v, int *c0,
                       int *r0, int *c1, int *r1) {
  rl_pnl_cell(p, cx[v] - 0.5 * p->w[v], cy[v] - 0.5 * p->h[v], c0, r0);
  rl_pnl_cell(p, cx[v] + 0.5 * p->w[v], cy[v] + 0.5 * p->h[v], c1, r1);
}

/* Bucket every node with area by the grid cells it covers (CSR). */
static int fd_buckets(rl_fd_t *f, const double *cx, const double *cy) {
  const rl_pnl_t *p = &f->d->pnl;
  const int cols = p->cols, ncell = cols * p->rows;
  memset(f->bstart, 0, sizeof *f->bstart * (size_t)(ncell + 2));
  size_t tot = 0;
  for (int32_t k = 0; k < f->narea; k++) {
    int c0, r0, c1, r1;
    node_cells(p, cx, cy, f->area_nodes[k], &c0, &r0, &c1, &r1);
    for (int r = r0; r <= r1; r++)
      for (int c = c0; c <= c1; c++) f->bstart[r * cols + c + 2]++;
    tot += (size_t)(r1 - r0 + 1) * (size_t)(c1 - c0 + 1);
  }
  if (UT_RESERVE(f->blist, f->cap_blist, tot + 1)) return UT_ENOMEM;
  for (int g = 0; g < ncell; g++) f->bstart[g + 2] += f->bstart[g + 1];
  for (int32_t k = 0; k < f->narea; k++) {
    int32_t v = f->area_nodes[k];
    int c0, r0, c1, r1;
    node_cells(p, cx, cy, v, &c0, &r0, &c1, &r1);
    for (int r = r0; r <= r1; r++)
      for (int c = c0; c <= c1; c++) f->blist[f->bstart[r * cols + c + 1]++] = v;
  }
  return 0;   /* bucket g: blist[bstart[g] .. bstart[g + 1]) */
}

/* One pass of overlap removal: every soft cluster is pushed out of the nodes it overlaps, along
 * the axis of the smaller overlap (half the overlap against another soft cluster, all of it
 * against a fixed object).  Buckets are from the start of the pass. */
static void fd_separate(rl_fd_t *f, double *cx, double *cy) {
  const rl_pnl_t *p = &f->d->pnl;
  const int cols = p->cols;
  for (int32_t s = 0; s < f->nmov; s++) {
    int32_t v = f->mov[s];
    if (++f->gen == INT32_MAX) {
      memset(f->stamp, 0, sizeof *f->stamp * (size_t)p->nnodes);
      f->gen = 1;
    }
    f->stamp[v] = f->gen;
    int c0, r0, c1, r1;
    node_cells(p, cx, cy, v, &c0, &r0, &c1, &r1);
    for (int r = r0; r <= r1; r++)
      for (int c = c0; c <= c1; c++) {
        int g = r * cols + c;
        for (int32_t k = f->bstart[g]; k < f->bstart[g + 1]; k++) {
          int32_t u = f->blist[k];
          if (f->stamp[u] == f->gen) continue;
          f->stamp[u] = f->gen;
          double dx = cx[v] - cx[u], dy = cy[v] - cy[u];
          double ox = 0.5 * (p->w[v] + p->w[u]) - fabs(dx);
          double oy = 0.5 * (p->h[v] + p->h[u]) - fabs(dy);
          if (ox <= 0 || oy <= 0) continue;
          double share = f->movable[u] ? 0.5 : 1.0;
          if (ox < oy) {
            double sg = dx > 0 || (dx == 0 && v > u) ? 1 : -1;
            cx[v] += sg * share * ox;
            if (share < 1) cx[u] -= sg * share * ox;
          } else {
            double sg = dy > 0 || (dy == 0 && v > u) ? 1 : -1;
            cy[v] += sg * share * oy;
            if (share < 1) cy[u] -= sg * share * oy;
          }
        }
      }
  }
}

static void fd_clamp(const rl_fd_t *f, double *cx, double *cy) {
  const rl_pnl_t *p = &f->d->pnl;
  const double mx0 = p->x0, mx1 = p->x0 + p->cw, my0 = p->y0, my1 = p->y0 + p->ch;
  for (int32_t s = 0; s < f->nmov; s++) {
    int32_t v = f->mov[s];
    double hw = 0.5 * fmin(p->w[v], p->cw), hh = 0.5 * fmin(p->h[v], p->ch);
    if (cx[v] < mx0 + hw) cx[v] = mx0 + hw;
    if (cx[v] > mx1 - hw) cx[v] = mx1 - hw;
    if (cy[v] < my0 + hh) cy[v] = my0 + hh;
    if (cy[v] > my1 - hh) cy[v] = my1 - hh;
  }
}

void rl_fd_place(rl_fd_t *f, double *cx, double *cy, const uint8_t *flip, int iters,
                 int hard_too) {
  const rl_design_t *d = f->d;
  const rl_pnl_t *p = &d->pnl;
  f->nmov = 0;
  for (int32_t v = 0; v < p->nnodes; v++) {
    int k = p->kind[v];
    f->movable[v] = (uint8_t)(k == RL_NODE_SOFT || (hard_too && k == RL_NODE_HARD));
    if (f->movable[v]) f->mov[f->nmov++] = v;
  }
  if (f->nmov == 0) return;
  for (int32_t s = 0; s < f->nmov; s++) {
    int32_t v = f->mov[s];
    cx[v] = p->x0 + 0.5 * p->cw;
    cy[v] = p->y0 + 0.5 * p->ch;
  }
  for (int it = 0; it < iters; it++) {
    /* attraction: half way toward the mean of the nets' centroids (weight w / (k - 1)) */
    for (int32_t s = 0; s < f->nmov; s++) {
      int32_t v = f->mov[s];
      f->tx[v] = f->ty[v] = f->tw[v] = 0;
    }
    for (int32_t n = 0; n < p->nnets; n++) {
      int32_t a = p->net_start[n], b = p->net_start[n + 1], k = b - a;
      if (k < 2) continue;
      double sx = 0, sy = 0;
      int mv = 0;
      for (int32_t q = a; q < b; q++) {
        double x, y;
        rl_pin_pos(p, cx, cy, flip, q, &x, &y);
        sx += x;
        sy += y;
        mv |= f->movable[p->pin_node[q]];
      }
      if (!mv) continue;
      sx /= k;
      sy /= k;
      double w = p->net_w[n] / (k - 1);
      for (int32_t q = a; q < b; q++) {
        int32_t v = p->pin_node[q];
        if (!f->movable[v]) continue;
        double x, y;
        rl_pin_pos(p, cx, cy, flip, q, &x, &y);
        f->tx[v] += w * (sx - (x - cx[v]));
        f->ty[v] += w * (sy - (y - cy[v]));
        f->tw[v] += w;
      }
    }
    double alpha = it == 0 ? 1.0 : 0.5;
    for (int32_t s = 0; s < f->nmov; s++) {
      int32_t v = f->mov[s];
      if (f->tw[v] <= 0) continue;
      cx[v] += alpha * (f->tx[v] / f->tw[v] - cx[v]);
      cy[v] += alpha * (f->ty[v] / f->tw[v] - cy[v]);
    }
    /* repulsion: overlap removal passes (more toward the end) */
    int passes = it + 1 == iters ? 8 : 2;
    for (int k = 0; k < passes; k++) {
      fd_clamp(f, cx, cy);
      if (fd_buckets(f, cx, cy)) return;
      fd_separate(f, cx, cy);
    }
    fd_clamp(f, cx, cy);
  }
}

/* ---- environment ------------------------------------------------------------------------------ */

void rl_env_destroy(rl_env_t *e) {
  if (!e) return;
  ut_free(e->mx);
  ut_free(e->my);
  ut_free(e->flip);
  ut_free(e->cx);
  ut_free(e->cy);
  ut_free(e->mask);
  ut_free(e->ys);
  ut_free(e->xs);
  ut_free(e->diff);
  ut_free(e->occ);
  ut_free(e->wire);
  rl_eval_free(&e->ev);
  rl_fd_destroy(e->fd);
  ut_free(e);
}

int rl_env_create(rl_env_t **out, const rl_design_t *d) {
  *out = NULL;
  rl_env_t *e = ut_calloc(1, sizeof *e);
  if (!e) return UT_ENOMEM;
  e->d = d;
  const int cols = d->pnl.cols, rows = d->pnl.rows;
  e->ncell = cols * rows;
  size_t nh = (size_t)d->nhard + 1, nn = (size_t)d->pnl.nnodes + 1, nc = (size_t)e->ncell;
  e->mx = ut_calloc(nh, sizeof *e->mx);
  e->my = ut_calloc(nh, sizeof *e->my);
  e->flip = ut_calloc(nn, 1);
  e->cx = ut_calloc(nn, sizeof *e->cx);
  e->cy = ut_calloc(nn, sizeof *e->cy);
  e->mask = ut_calloc(nc, 1);
  e->ys = ut_calloc((size_t)rows, sizeof *e->ys);
  e->xs = ut_calloc(nc, sizeof *e->xs);
  e->diff = ut_calloc((size_t)rows * (size_t)(cols + 1), sizeof *e->diff);
  e->occ = ut_calloc(nc, sizeof *e->occ);
  e->wire = ut_calloc(nc + (size_t)cols + (size_t)rows, sizeof *e->wire);
  if (!e->mx || !e->my || !e->flip || !e->cx || !e->cy || !e->mask || !e->ys || !e->xs ||
      !e->diff || !e->occ || !e->wire || rl_eval_create(&e->ev, &d->pnl) ||
      rl_fd_create(&e->fd, d)) {
    rl_env_destroy(e);
    return UT_ENOMEM;
  }
  rl_env_reset(e);
  *out = e;
  return 0;
}

void rl_env_reset(rl_env_t *e) {
  const rl_design_t *d = e->d;
  e->step = 0;
  e->dead = 0;
  e->nlegal = 0;
  memcpy(e->cx, d->init_cx, sizeof *e->cx * (size_t)d->pnl.nnodes);
  memcpy(e->cy, d->init_cy, sizeof *e->cy * (size_t)d->pnl.nnodes);
  memset(e->flip, 0, (size_t)d->pnl.nnodes);
  memcpy(e->occ, d->socc, sizeof *e->occ * (size_t)e->ncell);
}

/* Legal cells of hard macro i given macros [0, i) at (mx, my): e->mask, e->ys, e->xs. */
static int32_t env_mask(rl_env_t *e, int32_t i) {
  const rl_design_t *d = e->d;
  const int cols = d->pnl.cols, rows = d->pnl.rows;
  rl_design_cands(d, i, e->ys, e->xs);
  memset(e->diff, 0, sizeof *e->diff * (size_t)rows * (size_t)(cols + 1));
  const int32_t *hi = d->hhalo[i];
  for (int32_t j = 0; j < i; j++) {
    const int32_t *hj = d->hhalo[j];
    int64_t gl = hi[2] > hj[0] ? hi[2] : hj[0], gr = hi[0] > hj[2] ? hi[0] : hj[2];
    int64_t gb = hi[3] > hj[1] ? hi[3] : hj[1], gt = hi[1] > hj[3] ? hi[1] : hj[3];
    rl_mask_forbid(d, e->ys, e->xs, e->mx[j] - gl - d->hw[i], e->my[j] - gb - d->hh[i],
                   e->mx[j] + d->hw[j] + gr, e->my[j] + d->hh[j] + gt, e->diff);
  }
  const uint8_t *sm = d->smask + (size_t)i * e->ncell;
  int32_t n = 0;
  for (int r = 0; r < rows; r++) {
    int32_t acc = 0;
    for (int c = 0; c < cols; c++) {
      acc += e->diff[(size_t)r * (cols + 1) + c];
      int g = r * cols + c;
      e->mask[g] = (uint8_t)(sm[g] && acc == 0);
      n += e->mask[g];
    }
  }
  e->nlegal = n;
  return n;
}

/* Wirelength increase of hard macro i centred on each cell (separable x + y terms). */
static void env_wire(rl_env_t *e, int32_t i) {
  const rl_design_t *d = e->d;
  const rl_pnl_t *p = &d->pnl;
  const int cols = p->cols, rows = p->rows;
  double *fx = e->wire + e->ncell, *fy = fx + cols;
  memset(fx, 0, sizeof *fx * (size_t)(cols + rows));
  for (int32_t t = d->node_net_start[i]; t < d->node_net_start[i + 1]; t++) {
    int32_t n = d->node_nets[t];
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
    for (int32_t q = p->net_start[n]; q < p->net_start[n + 1]; q++) {
      int32_t v = p->pin_node[q];
      if (v == i) continue;
      int k = p->kind[v];
      if (k == RL_NODE_HARD && v >= e->step) continue;
      double x, y;
      if (k == RL_NODE_SOFT) {   /* not placed yet: at the estimate */
        x = d->est_cx[v];
        y = d->est_cy[v];
      } else {
        rl_pin_pos(p, e->cx, e->cy, e->flip, q, &x, &y);
      }
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
    if (x0 > x1) continue;
    double w = p->net_w[n], dx = d->node_net_dx[t], dy = d->node_net_dy[t];
    for (int c = 0; c < cols; c++) {
      double x = p->x0 + (c + 0.5) * p->gw + dx;
      fx[c] += w * (x < x0 ? x0 - x : x > x1 ? x - x1 : 0);
    }
    for (int r = 0; r < rows; r++) {
      double y = p->y0 + (r + 0.5) * p->gh + dy;
      fy[r] += w * (y < y0 ? y0 - y : y > y1 ? y - y1 : 0);
    }
  }
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < cols; c++) e->wire[r * cols + c] = fx[c] + fy[r];
}

int32_t rl_env_observe(rl_env_t *e, uint8_t *maps, double *stepf) {
  const rl_design_t *d = e->d;
  const int32_t i = e->step, n = e->ncell;
  int32_t nl = env_mask(e, i);
  env_wire(e, i);
  double lo = INFINITY, hi = -INFINITY;
  for (int32_t g = 0; g < n; g++)
    if (e->mask[g]) {
      if (e->wire[g] < lo) lo = e->wire[g];
      if (e->wire[g] > hi) hi = e->wire[g];
    }
  double span = hi > lo ? hi - lo : 0;
  if (maps) {
    uint8_t *mw = maps, *mo = maps + n, *mm = maps + 2 * n, *mb = maps + 3 * n, *mh = maps + 4 * n;
    const rl_pnl_t *p = &d->pnl;
    const int cols = p->cols, rows = p->rows;
    for (int32_t g = 0; g < n; g++) {
      int c = g % cols, r = g / cols;
      double bx = fmin(c + 0.5, cols - c - 0.5) / (0.5 * cols);
      double by = fmin(r + 0.5, rows - r - 0.5) / (0.5 * rows);
      mb[g] = (uint8_t)lround(255.0 * fmin(bx, by));
      if (d->hint_cx) {
        double x = p->x0 + (c + 0.5) * p->gw, y = p->y0 + (r + 0.5) * p->gh;
        double dh = 2.0 * (fabs(x - d->hint_cx[i]) / p->cw + fabs(y - d->hint_cy[i]) / p->ch);
        mh[g] = (uint8_t)lround(255.0 * fmin(1.0, dh));
      } else {
        mh[g] = 0;
      }
      double q = !e->mask[g] ? 1.0 : span > 0 ? (e->wire[g] - lo) / span : 0.0;
      mw[g] = (uint8_t)lround(255.0 * q);
      double o = e->occ[g] < 0 ? 0 : e->occ[g] > 1 ? 1 : e->occ[g];
      mo[g] = (uint8_t)lround(255.0 * o);
      mm[g] = e->mask[g] ? 255 : 0;
    }
  }
  if (stepf) {
    const rl_pnl_t *p = &d->pnl;
    double rest = 0;
    for (int32_t j = i + 1; j < d->nhard; j++) rest += p->w[j] * p->h[j];
    stepf[0] = d->nhard > 1 ? (double)i / (d->nhard - 1) : 0;
    stepf[1] = d->hard_area_um2 > 0 ? rest / d->hard_area_um2 : 0;
    stepf[2] = p->w[i] / p->cw;
    stepf[3] = p->h[i] / p->ch;
    stepf[4] = sqrt(p->w[i] * p->h[i] / (p->cw * p->ch)) * 4.0;
    stepf[5] = (double)nl / n;
  }
  if (nl == 0) e->dead = 1;
  return nl;
}

void rl_env_place(rl_env_t *e, int32_t cell) {
  const rl_design_t *d = e->d;
  const rl_pnl_t *p = &d->pnl;
  const int32_t i = e->step;
  const int cols = p->cols;
  e->mx[i] = e->xs[cell];
  e->my[i] = e->ys[cell / cols];
  e->cx[i] = ((double)e->mx[i] + 0.5 * (double)d->hw[i]) / d->dbu;
  e->cy[i] = ((double)e->my[i] + 0.5 * (double)d->hh[i]) / d->dbu;
  splat(p, e->occ, e->cx[i], e->cy[i], p->w[i], p->h[i]);
  e->step++;
}

double rl_env_finish(rl_env_t *e, rl_proxy_t *px) {
  const rl_design_t *d = e->d;
  if (e->dead || e->step < d->nhard) {
    memset(px, 0, sizeof *px);
    px->cost = 4.0;
    return -4.0;
  }
  rl_design_centers(d, e->mx, e->my, e->cx, e->cy);
  rl_fd_place(e->fd, e->cx, e->cy, e->flip, d->fd_iters, 0);
  rl_pnl_eval(&d->pnl, e->cx, e->cy, e->flip, &e->ev, px);
  return -px->cost;
}

/* ---- results and the greedy start ------------------------------------------------------------ */

int rl_result_init(rl_result_t *r, const rl_design_t *d) {
  memset(r, 0, sizeof *r);
  r->mx = ut_calloc((size_t)d->nhard + 1, sizeof *r->mx);
  r->my = ut_calloc((size_t)d->nhard + 1, sizeof *r->my);
  r->flip = ut_calloc((size_t)d->pnl.nnodes + 1, 1);
  r->reward = -INFINITY;
  if (!r->mx || !r->my || !r->flip) {
    rl_result_free(r);
    return UT_ENOMEM;
  }
  return 0;
}

void rl_result_free(rl_result_t *r) {
  if (!r) return;
  ut_free(r->mx);
  ut_free(r->my);
  ut_free(r->flip);
  memset(r, 0, sizeof *r);
}

int rl_greedy_place(const rl_design_t *d, rl_env_t *env, int by_hint, rl_result_t *r) {
  const rl_pnl_t *p = &d->pnl;
  const int cols = p->cols;
  if (by_hint && !d->hint_cx) by_hint = 0;
  rl_env_reset(env);
  for (int32_t i = 0; i < d->nhard; i++) {
    if (rl_env_observe(env, NULL, NULL) == 0) return -1;
    int32_t best = -1;
    double bw = 0, bd = 0;
    for (int32_t g = 0; g < env->ncell; g++) {
      if (!env->mask[g]) continue;
      double sc = env->wire[g];
      if (by_hint)
        sc = fabs(p->x0 + (g % cols + 0.5) * p->gw - d->hint_cx[i]) +
             fabs(p->y0 + (g / cols + 0.5) * p->gh - d->hint_cy[i]);
      double dc = fabs(g % cols - 0.5 * (cols - 1)) + fabs(g / cols - 0.5 * (p->rows - 1));
      if (best < 0 || sc < bw - 1e-12 || (fabs(sc - bw) <= 1e-12 && dc < bd)) {
        best = g;
        bw = sc;
        bd = dc;
      }
    }
    rl_env_place(env, best);
  }
  rl_proxy_t px;
  double rw = rl_env_finish(env, &px);
  memcpy(r->mx, env->mx, sizeof *r->mx * (size_t)d->nhard);
  memcpy(r->my, env->my, sizeof *r->my * (size_t)d->nhard);
  memcpy(r->flip, env->flip, (size_t)d->pnl.nnodes);
  r->px = px;
  r->reward = rw;
  r->valid = 1;
  return 0;
}
