/*
 * rl_graph.c: the coarse design the macro placers work on, after Circuit Training's netlist
 * preparation (Mirhoseini et al., Nature 2021, "Methods: problem statement" and the grouping /
 * clustering of standard cells into soft macros):
 *  - movable standard cells are clustered by igraph's multilevel modularity optimisation (Blondel
 *    et al. 2008, igraph_community_multilevel) on the weighted clique expansion of the nets (star
 *    expansion above 8 pins; nets above 64 cells skipped), seeded through igraph's RNG, then size
 *    balanced: communities above A_max = area / k_target are cut into chunks of a breadth-first
 *    order, those below A_max / 4 are merged into their most connected neighbour;
 *  - hard macros stay single nodes (sorted by area, largest first: the placement order), fixed
 *    macros too; fixed cells and IO pins are grouped per canvas grid cell (fixed-area and port
 *    nodes);
 *  - nets become coarse nets over nodes (source first, duplicate pins and identical nets merged,
 *    weights added), from which come the GCN edges (clique / star) and the node features,
 *    including a 4-dimensional adjacency spectral embedding (igraph, ARPACK).
 * The legality model of the macros is lg_macro's (src/place/lg_macro.c): lower-left y on a base-row
 * level, x on that level's first row's site grid, inside the core; an obstacle forbids the open
 * box (o.x0 - gl - w, o.x1 + gr) x (o.y0 - gb - h, o.y1 + gt), the gaps being the larger of the
 * two halos when both are macros.  A grid cell's candidate is the grid point nearest to centring
 * the macro on the cell, so candidates grow monotonically along rows and columns and each
 * obstacle forbids one rectangle of grid cells per row (found by binary search).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <igraph.h>

#include "place/lg_grid.h"
#include "rl/rl_int.h"

#define RL_CLUSTER_MAX_DEG 64     /* nets with more movable cells are ignored by the clustering */
#define RL_CLIQUE_MAX 8           /* clique expansion up to this many pins, star above */
#define RL_GCN_CLIQUE_MAX 16
#define RL_NSPECTRAL 4

/* ---- small helpers -------------------------------------------------------------------------- */

static int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
  return q;
}

static int64_t ceil_div(int64_t a, int64_t b) { return -floor_div(-a, b); }

static int is_rotated(int orient) { return orient == DB_W || orient == DB_E || orient == DB_FW ||
                                           orient == DB_FE; }

static const int FLIP_OP[4] = {DB_N, DB_FN, DB_FS, DB_S};

typedef struct edge_t {
  int32_t u, v;
  double w;
} edge_t;

static int edge_cmp(const void *pa, const void *pb) {
  const edge_t *a = pa, *b = pb;
  if (a->u != b->u) return a->u < b->u ? -1 : 1;
  if (a->v != b->v) return a->v < b->v ? -1 : 1;
  return 0;
}

/* Sort and merge duplicate (u, v) pairs, adding weights.  Returns the new count. */
static size_t edges_merge(edge_t *e, size_t n) {
  if (!n) return 0;
  qsort(e, n, sizeof *e, edge_cmp);
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    if (m && e[m - 1].u == e[i].u && e[m - 1].v == e[i].v) e[m - 1].w += e[i].w;
    else e[m++] = e[i];
  }
  return m;
}

/* Append the expansion of one net over `k` distinct vertices (vs[0] the source). */
static int expand_net(edge_t **e, size_t *n, size_t *cap, const int32_t *vs, int k, double w,
                      int clique_max) {
  if (k < 2) return 0;
  if (k <= clique_max) {
    size_t need = *n + (size_t)k * (size_t)(k - 1) / 2;
    if (UT_RESERVE(*e, *cap, need)) return UT_ENOMEM;
    double ew = w / (k - 1);
    for (int a = 0; a < k; a++)
      for (int b = a + 1; b < k; b++) {
        int32_t u = vs[a] < vs[b] ? vs[a] : vs[b], v = vs[a] < vs[b] ? vs[b] : vs[a];
        (*e)[(*n)++] = (edge_t){u, v, ew};
      }
  } else {
    if (UT_RESERVE(*e, *cap, *n + (size_t)k - 1)) return UT_ENOMEM;
    double ew = w * k / (2.0 * (k - 1));
    for (int a = 1; a < k; a++) {
      int32_t u = vs[0] < vs[a] ? vs[0] : vs[a], v = vs[0] < vs[a] ? vs[a] : vs[0];
      (*e)[(*n)++] = (edge_t){u, v, ew};
    }
  }
  return 0;
}

static int net_is_signal(const db_t *db, int32_t n) {
  uint8_t u = db->net_use[n];
  return u != DB_USE_POWER && u != DB_USE_GROUND;
}

static int pin_drives(const db_t *db, int32_t k) {
  int32_t c = db->pin_cell[k], ref = db->pin_ref[k];
  if (c >= 0) return ref >= 0 && db->mpin_dir[ref] == DB_PDIR_OUTPUT;
  return ref >= 0 && db->io_dir[ref] == DB_PDIR_INPUT;
}

/* igraph reports errors through a handler that aborts by default: ignore them around our calls
 * (we check the return codes). */
typedef struct ig_guard_t {
  igraph_error_handler_t *err;
  igraph_warning_handler_t *warn;
} ig_guard_t;

static void ig_enter(ig_guard_t *g) {
  g->err = igraph_set_error_handler(igraph_error_handler_ignore);
  g->warn = igraph_set_warning_handler(igraph_warning_handler_ignore);
}

static void ig_leave(ig_guard_t *g) {
  igraph_set_error_handler(g->err);
  igraph_set_warning_handler(g->warn);
}

/* ---- clustering of the movable standard cells ------------------------------------------------ */

typedef struct clus_t {
  int32_t nv;                /* movable standard cells */
  int32_t *vcell;            /* vertex -> component */
  double *varea;             /* um^2 */
  edge_t *e;                 /* merged undirected edges */
  size_t ne;
  int32_t *adj_start, *adj;  /* CSR over both directions */
  double *adj_w;
  int32_t *memb;             /* vertex -> cluster */
  int32_t ncl;
} clus_t;

static void clus_free(clus_t *c) {
  ut_free(c->vcell);
  ut_free(c->varea);
  ut_free(c->e);
  ut_free(c->adj_start);
  ut_free(c->adj);
  ut_free(c->adj_w);
  ut_free(c->memb);
}

static int clus_graph(clus_t *cl, const db_t *db, const int32_t *cell_vtx) {
  size_t cap = 0, n = 0;
  int32_t *vs = ut_malloc(sizeof *vs * (size_t)(cl->nv > 0 ? cl->nv : 1));
  int32_t *stamp = ut_calloc((size_t)(cl->nv > 0 ? cl->nv : 1), sizeof *stamp);
  if (!vs || !stamp) {
    ut_free(vs);
    ut_free(stamp);
    return UT_ENOMEM;
  }
  int rc = 0;
  for (size_t net = 0; net < db->nnets && !rc; net++) {
    if (!net_is_signal(db, (int32_t)net)) continue;
    int32_t a = db->net_pin_start[net], b = db->net_pin_start[net + 1];
    int k = 0;
    for (int32_t p = a; p < b && k <= RL_CLUSTER_MAX_DEG; p++) {
      int32_t c = db->pin_cell[p];
      if (c < 0 || cell_vtx[c] < 0) continue;
      int32_t v = cell_vtx[c];
      if (stamp[v] == (int32_t)net + 1) continue;
      stamp[v] = (int32_t)net + 1;
      vs[k++] = v;
    }
    if (k < 2 || k > RL_CLUSTER_MAX_DEG) continue;
    double w = db->net_weight[net] > 0 ? db->net_weight[net] : 1.0;
    rc = expand_net(&cl->e, &n, &cap, vs, k, w, RL_CLIQUE_MAX);
  }
  ut_free(vs);
  ut_free(stamp);
  if (rc) return rc;
  cl->ne = edges_merge(cl->e, n);
  /* CSR adjacency */
  cl->adj_start = ut_calloc((size_t)cl->nv + 1, sizeof *cl->adj_start);
  cl->adj = ut_malloc(sizeof *cl->adj * (2 * cl->ne + 1));
  cl->adj_w = ut_malloc(sizeof *cl->adj_w * (2 * cl->ne + 1));
  if (!cl->adj_start || !cl->adj || !cl->adj_w) return UT_ENOMEM;
  for (size_t i = 0; i < cl->ne; i++) {
    cl->adj_start[cl->e[i].u + 1]++;
    cl->adj_start[cl->e[i].v + 1]++;
  }
  for (int32_t v = 0; v < cl->nv; v++) cl->adj_start[v + 1] += cl->adj_start[v];
  int32_t *fill = ut_malloc(sizeof *fill * (size_t)(cl->nv + 1));
  if (!fill) return UT_ENOMEM;
  memcpy(fill, cl->adj_start, sizeof *fill * (size_t)(cl->nv + 1));
  for (size_t i = 0; i < cl->ne; i++) {
    int32_t u = cl->e[i].u, v = cl->e[i].v;
    cl->adj[fill[u]] = v;
    cl->adj_w[fill[u]++] = cl->e[i].w;
    cl->adj[fill[v]] = u;
    cl->adj_w[fill[v]++] = cl->e[i].w;
  }
  ut_free(fill);
  return 0;
}

/* Louvain communities (igraph), then size balancing.  memb gets dense cluster ids in order of the
 * first vertex. */
static int clus_run(clus_t *cl, int k_target, uint64_t seed) {
  int32_t nv = cl->nv;
  cl->memb = ut_malloc(sizeof *cl->memb * (size_t)(nv > 0 ? nv : 1));
  if (!cl->memb) return UT_ENOMEM;
  if (nv == 0) {
    cl->ncl = 0;
    return 0;
  }
  /* 1. communities */
  for (int32_t v = 0; v < nv; v++) cl->memb[v] = v;
  if (cl->ne > 0) {
    ig_guard_t gd;
    ig_enter(&gd);
    igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)seed);
    igraph_vector_int_t ev;
    igraph_vector_t wv;
    igraph_vector_int_t memb;
    igraph_t g;
    int ok = 0;
    if (igraph_vector_int_init(&ev, (igraph_integer_t)(2 * cl->ne)) == IGRAPH_SUCCESS) {
      if (igraph_vector_init(&wv, (igraph_integer_t)cl->ne) == IGRAPH_SUCCESS) {
        for (size_t i = 0; i < cl->ne; i++) {
          VECTOR(ev)[2 * i] = cl->e[i].u;
          VECTOR(ev)[2 * i + 1] = cl->e[i].v;
          VECTOR(wv)[i] = cl->e[i].w;
        }
        if (igraph_create(&g, &ev, nv, IGRAPH_UNDIRECTED) == IGRAPH_SUCCESS) {
          if (igraph_vector_int_init(&memb, 0) == IGRAPH_SUCCESS) {
            if (igraph_community_multilevel(&g, &wv, 1.0, &memb, NULL, NULL) == IGRAPH_SUCCESS &&
                igraph_vector_int_size(&memb) == nv) {
              for (int32_t v = 0; v < nv; v++) cl->memb[v] = (int32_t)VECTOR(memb)[v];
              ok = 1;
            }
            igraph_vector_int_destroy(&memb);
          }
          igraph_destroy(&g);
        }
        igraph_vector_destroy(&wv);
      }
      igraph_vector_int_destroy(&ev);
    }
    ig_leave(&gd);
    if (!ok) UT_WARN("RL", "community detection failed; clusters from breadth-first chunks only");
  }
  /* renumber communities densely (by first vertex) */
  int32_t *ren = ut_malloc(sizeof *ren * (size_t)nv);
  if (!ren) return UT_ENOMEM;
  for (int32_t v = 0; v < nv; v++) ren[v] = -1;
  int32_t nc = 0;
  for (int32_t v = 0; v < nv; v++) {
    int32_t m = cl->memb[v];
    if (m < 0 || m >= nv) m = v;
    if (ren[m] < 0) ren[m] = nc++;
    cl->memb[v] = ren[m];
  }
  double total = 0;
  for (int32_t v = 0; v < nv; v++) total += cl->varea[v];
  if (k_target < 1) k_target = 1;
  double amax = total / k_target;
  if (amax <= 0) amax = 1;

  /* 2. split big communities into breadth-first chunks */
  int32_t *cstart = ut_calloc((size_t)nc + 1, sizeof *cstart);
  int32_t *cmem = ut_malloc(sizeof *cmem * (size_t)nv);
  double *carea = ut_calloc((size_t)nc + 1, sizeof *carea);
  int32_t *queue = ut_malloc(sizeof *queue * (size_t)nv);
  uint8_t *seen = ut_calloc((size_t)nv, 1);
  int32_t *newm = ut_malloc(sizeof *newm * (size_t)nv);
  int rc = 0;
  if (!cstart || !cmem || !carea || !queue || !seen || !newm) {
    rc = UT_ENOMEM;
    goto done;
  }
  for (int32_t v = 0; v < nv; v++) {
    cstart[cl->memb[v] + 1]++;
    carea[cl->memb[v]] += cl->varea[v];
  }
  for (int32_t c = 0; c < nc; c++) cstart[c + 1] += cstart[c];
  {
    int32_t *fill = ren;   /* reuse */
    memcpy(fill, cstart, sizeof *fill * (size_t)nc);
    for (int32_t v = 0; v < nv; v++) cmem[fill[cl->memb[v]]++] = v;
  }
  int32_t nn = 0;
  for (int32_t c = 0; c < nc; c++) {
    if (carea[c] <= amax) {
      for (int32_t t = cstart[c]; t < cstart[c + 1]; t++) newm[cmem[t]] = nn;
      nn++;
      continue;
    }
    /* breadth-first order inside the community */
    int32_t qn = 0;
    for (int32_t t = cstart[c]; t < cstart[c + 1]; t++) {
      int32_t s = cmem[t];
      if (seen[s]) continue;
      seen[s] = 1;
      int32_t qh = qn;
      queue[qn++] = s;
      while (qh < qn) {
        int32_t u = queue[qh++];
        for (int32_t a = cl->adj_start[u]; a < cl->adj_start[u + 1]; a++) {
          int32_t v = cl->adj[a];
          if (!seen[v] && cl->memb[v] == c) {
            seen[v] = 1;
            queue[qn++] = v;
          }
        }
      }
    }
    double acc = 0;
    int first = 1;
    for (int32_t t = 0; t < qn; t++) {
      int32_t v = queue[t];
      if (!first && acc + cl->varea[v] > amax) {
        nn++;
        acc = 0;
      }
      first = 0;
      acc += cl->varea[v];
      newm[v] = nn;
    }
    nn++;
  }
  /* 3. merge small clusters into their most connected neighbour (union-find) */
  {
    int32_t *par = ut_malloc(sizeof *par * (size_t)nn);
    double *ar = ut_calloc((size_t)nn, sizeof *ar);
    double *conn = ut_calloc((size_t)nn, sizeof *conn);
    int32_t *touched = ut_malloc(sizeof *touched * (size_t)nn);
    int32_t *mstart = ut_calloc((size_t)nn + 1, sizeof *mstart);
    int32_t *mlist = ut_malloc(sizeof *mlist * (size_t)nv);
    if (!par || !ar || !conn || !touched || !mstart || !mlist) {
      ut_free(par);
      ut_free(ar);
      ut_free(conn);
      ut_free(touched);
      ut_free(mstart);
      ut_free(mlist);
      rc = UT_ENOMEM;
      goto done;
    }
    for (int32_t c = 0; c < nn; c++) par[c] = c;
    for (int32_t v = 0; v < nv; v++) {
      ar[newm[v]] += cl->varea[v];
      mstart[newm[v] + 1]++;
    }
    for (int32_t c = 0; c < nn; c++) mstart[c + 1] += mstart[c];
    memcpy(ren, mstart, sizeof *ren * (size_t)nn);
    for (int32_t v = 0; v < nv; v++) mlist[ren[newm[v]]++] = v;
    int32_t lone = -1;   /* cluster collecting the small ones with no neighbour */
    for (int32_t c = 0; c < nn; c++) {
      int32_t rc0 = c;
      while (par[rc0] != rc0) rc0 = par[rc0];
      if (rc0 != c || ar[c] >= 0.25 * amax) continue;
      int32_t nt = 0;
      for (int32_t t = mstart[c]; t < mstart[c + 1]; t++) {
        int32_t u = mlist[t];
        for (int32_t a = cl->adj_start[u]; a < cl->adj_start[u + 1]; a++) {
          int32_t o = newm[cl->adj[a]];
          while (par[o] != o) o = par[o];
          if (o == c) continue;
          if (conn[o] == 0) touched[nt++] = o;
          conn[o] += cl->adj_w[a];
        }
      }
      int32_t best = -1;
      for (int32_t t = 0; t < nt; t++) {
        int32_t o = touched[t];
        if (ar[o] + ar[c] <= amax &&
            (best < 0 || conn[o] > conn[best] || (conn[o] == conn[best] && o < best)))
          best = o;
        }
      for (int32_t t = 0; t < nt; t++) conn[touched[t]] = 0;
      if (best < 0 && nt == 0) {
        /* isolated: pool with the previous isolated ones */
        if (lone >= 0 && ar[lone] + ar[c] <= amax) best = lone;
        else {
          lone = c;
          continue;
        }
      }
      if (best < 0) continue;
      /* the smaller id stays the root so ids keep their order */
      int32_t root = best < c ? best : c, child = best < c ? c : best;
      par[child] = root;
      ar[root] += ar[child];
      if (lone == child) lone = root;
    }
    for (int32_t v = 0; v < nv; v++) {
      int32_t o = newm[v];
      while (par[o] != o) o = par[o];
      newm[v] = o;
    }
    ut_free(par);
    ut_free(ar);
    ut_free(conn);
    ut_free(touched);
    ut_free(mstart);
    ut_free(mlist);
  }
  /* dense ids by first vertex */
  for (int32_t v = 0; v < nv; v++) ren[v] = -1;
  cl->ncl = 0;
  for (int32_t v = 0; v < nv; v++) {
    if (ren[newm[v]] < 0) ren[newm[v]] = cl->ncl++;
    cl->memb[v] = ren[newm[v]];
  }
done:
  ut_free(ren);
  ut_free(cstart);
  ut_free(cmem);
  ut_free(carea);
  ut_free(queue);
  ut_free(seen);
  ut_free(newm);
  return rc;
}

/* ---- coarse nets ---------------------------------------------------------------------------- */

typedef struct cpin_t {
  int32_t node;
  double dx, dy;
} cpin_t;

typedef struct cnet_key_t {
  uint64_t h;
  int32_t net;
} cnet_key_t;

static int key_cmp(const void *pa, const void *pb) {
  const cnet_key_t *a = pa, *b = pb;
  if (a->h != b->h) return a->h < b->h ? -1 : 1;
  return a->net < b->net ? -1 : a->net > b->net;
}

static uint64_t fnv_mix(uint64_t h, const void *data, size_t n) {
  const unsigned char *p = data;
  for (size_t i = 0; i < n; i++) {
    h ^= p[i];
    h *= 1099511628211ULL;
  }
  return h;
}

/* ---- candidates and masks ------------------------------------------------------------------ */

void rl_design_cands(const rl_design_t *d, int32_t i, int64_t *ys, int64_t *xs) {
  const int rows = d->pnl.rows, cols = d->pnl.cols;
  const int64_t w = d->hw[i], h = d->hh[i];
  const double gh = (double)(d->core_y1 - d->core_y0) / rows;
  const double gw = (double)(d->core_x1 - d->core_x0) / cols;
  /* levels where the macro fits vertically: [la, lb) */
  int32_t la = 0, lb = d->nlev;
  while (la < lb && d->lev_y[la] < d->core_y0) la++;
  while (lb > la && d->lev_y[lb - 1] + h > d->core_y1) lb--;
  int32_t l = la;
  for (int r = 0; r < rows; r++) {
    if (la >= lb) {
      ys[r] = RL_NONE;
      for (int c = 0; c < cols; c++) xs[(size_t)r * cols + c] = RL_NONE;
      continue;
    }
    double yt = d->core_y0 + (r + 0.5) * gh - 0.5 * (double)h;
    /* nearest level (ties to the lower); l only moves up as r grows */
    while (l + 1 < lb && fabs((double)d->lev_y[l + 1] - yt) < fabs((double)d->lev_y[l] - yt)) l++;
    ys[r] = d->lev_y[l];
    int64_t x0 = d->lev_x0[l], p = d->lev_pitch[l];
    int64_t kmin = ceil_div(d->core_x0 - x0, p), kmax = floor_div(d->core_x1 - w - x0, p);
    for (int c = 0; c < cols; c++) {
      if (kmin > kmax) {
        xs[(size_t)r * cols + c] = RL_NONE;
        continue;
      }
      double xt = d->core_x0 + (c + 0.5) * gw - 0.5 * (double)w;
      int64_t k = (int64_t)llround((xt - (double)x0) / (double)p);
      if (k < kmin) k = kmin;
      if (k > kmax) k = kmax;
      xs[(size_t)r * cols + c] = x0 + k * p;
    }
  }
}

/* First index in [lo, hi) of a nondecreasing array (RL_NONE entries excluded by the caller) with
 * a[idx] > v. */
static int upper(const int64_t *a, size_t stride, int lo, int hi, int64_t v) {
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    if (a[(size_t)mid * stride] > v) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/* First index with a[idx] >= v. */
static int lower(const int64_t *a, size_t stride, int lo, int hi, int64_t v) {
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    if (a[(size_t)mid * stride] >= v) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

void rl_mask_forbid(const rl_design_t *d, const int64_t *ys, const int64_t *xs, int64_t fx0,
                    int64_t fy0, int64_t fx1, int64_t fy1, int32_t *diff) {
  const int rows = d->pnl.rows, cols = d->pnl.cols;
  if (ys[0] == RL_NONE || fx0 >= fx1 || fy0 >= fy1) return;
  /* rows with fy0 < ys < fy1 */
  int ra = upper(ys, 1, 0, rows, fy0), rb = lower(ys, 1, ra, rows, fy1);
  for (int r = ra; r < rb; r++) {
    const int64_t *xr = xs + (size_t)r * cols;
    if (xr[0] == RL_NONE) continue;
    int ca = upper(xr, 1, 0, cols, fx0), cb = lower(xr, 1, ca, cols, fx1);
    if (ca < cb) {
      diff[(size_t)r * (cols + 1) + ca]++;
      diff[(size_t)r * (cols + 1) + cb]--;
    }
  }
}

int rl_design_pair_ok(const rl_design_t *d, int32_t i, int64_t xi, int64_t yi, int32_t j,
                      int64_t xj, int64_t yj) {
  const int32_t *hi = d->hhalo[i], *hj = d->hhalo[j];
  int64_t gl = hi[2] > hj[0] ? hi[2] : hj[0], gr = hi[0] > hj[2] ? hi[0] : hj[2];
  int64_t gb = hi[3] > hj[1] ? hi[3] : hj[1], gt = hi[1] > hj[3] ? hi[1] : hj[3];
  int inx = xi > xj - gl - d->hw[i] && xi < xj + d->hw[j] + gr;
  int iny = yi > yj - gb - d->hh[i] && yi < yj + d->hh[j] + gt;
  return !(inx && iny);
}

/* Forbidden box of obstacle o for hard macro i, as an open box of lower-left positions. */
static void obs_box(const rl_design_t *d, int32_t i, const rl_obs_t *o, int64_t *x0, int64_t *y0,
                    int64_t *x1, int64_t *y1) {
  const int32_t *hi = d->hhalo[i];
  int64_t gl = 0, gr = 0, gb = 0, gt = 0;
  if (o->is_macro) {
    gl = hi[2] > o->halo[0] ? hi[2] : o->halo[0];
    gr = hi[0] > o->halo[2] ? hi[0] : o->halo[2];
    gb = hi[3] > o->halo[1] ? hi[3] : o->halo[1];
    gt = hi[1] > o->halo[3] ? hi[1] : o->halo[3];
  }
  *x0 = o->x0 - gl - d->hw[i];
  *x1 = o->x1 + gr;
  *y0 = o->y0 - gb - d->hh[i];
  *y1 = o->y1 + gt;
}

/* Is the box [x, x+w) x [y, y+h) inside one rectangle of region r? */
static int in_region(const db_t *db, int32_t r, int64_t x, int64_t y, int64_t w, int64_t h) {
  for (int32_t k = db->region_rect_start[r]; k < db->region_rect_start[r + 1]; k++) {
    const db_rect_t *q = &db->region_rects[k];
    if (x >= q->x0 && y >= q->y0 && x + w <= q->x1 && y + h <= q->y1) return 1;
  }
  return 0;
}

static int static_masks(rl_design_t *d) {
  const int rows = d->pnl.rows, cols = d->pnl.cols, n = rows * cols;
  int64_t *ys = ut_malloc(sizeof *ys * (size_t)rows);
  int64_t *xs = ut_malloc(sizeof *xs * (size_t)n);
  int32_t *diff = ut_malloc(sizeof *diff * (size_t)rows * (size_t)(cols + 1));
  if (!ys || !xs || !diff) {
    ut_free(ys);
    ut_free(xs);
    ut_free(diff);
    return UT_ENOMEM;
  }
  for (int32_t i = 0; i < d->nhard; i++) {
    uint8_t *m = d->smask + (size_t)i * n;
    rl_design_cands(d, i, ys, xs);
    memset(diff, 0, sizeof *diff * (size_t)rows * (size_t)(cols + 1));
    for (int32_t k = 0; k < d->nobs; k++) {
      const rl_obs_t *o = &d->obs[k];
      if (o->region >= 0 && o->region == d->hregion[i]) continue;
      int64_t x0, y0, x1, y1;
      obs_box(d, i, o, &x0, &y0, &x1, &y1);
      rl_mask_forbid(d, ys, xs, x0, y0, x1, y1, diff);
    }
    for (int r = 0; r < rows; r++) {
      int32_t acc = 0;
      for (int c = 0; c < cols; c++) {
        acc += diff[(size_t)r * (cols + 1) + c];
        size_t g = (size_t)r * cols + c;
        int ok = ys[r] != RL_NONE && xs[g] != RL_NONE && acc == 0;
        if (ok && d->hregion[i] >= 0)
          ok = in_region(d->db, d->hregion[i], xs[g], ys[r], d->hw[i], d->hh[i]);
        m[g] = (uint8_t)ok;
      }
    }
  }
  ut_free(ys);
  ut_free(xs);
  ut_free(diff);
  return 0;
}

int rl_design_check(const rl_design_t *d, const int64_t *mx, const int64_t *my,
                    const uint8_t *placed) {
  int bad = 0;
  for (int32_t i = 0; i < d->nhard; i++) {
    if (placed && !placed[i]) continue;
    int ok = 1;
    int64_t x = mx[i], y = my[i], w = d->hw[i], h = d->hh[i];
    if (x < d->core_x0 || y < d->core_y0 || x + w > d->core_x1 || y + h > d->core_y1) ok = 0;
    int32_t l = -1;
    for (int32_t k = 0; k < d->nlev; k++)
      if (d->lev_y[k] == y) l = k;
    if (l < 0 || floor_div(x - d->lev_x0[l], d->lev_pitch[l]) * d->lev_pitch[l] != x - d->lev_x0[l])
      ok = 0;
    for (int32_t k = 0; k < d->nobs && ok; k++) {
      const rl_obs_t *o = &d->obs[k];
      if (o->region >= 0 && o->region == d->hregion[i]) continue;
      int64_t x0, y0, x1, y1;
      obs_box(d, i, o, &x0, &y0, &x1, &y1);
      if (x > x0 && x < x1 && y > y0 && y < y1) ok = 0;
    }
    for (int32_t j = 0; j < d->nhard && ok; j++) {
      if (j == i || (placed && !placed[j])) continue;
      if (!rl_design_pair_ok(d, i, x, y, j, mx[j], my[j])) ok = 0;
    }
    if (ok && d->hregion[i] >= 0 && !in_region(d->db, d->hregion[i], x, y, w, h)) ok = 0;
    bad += !ok;
  }
  return bad;
}

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

static int add_obs(rl_design_t *d, size_t *cap, rl_obs_t o) {
  if (UT_RESERVE(d->obs, *cap, (size_t)d->nobs + 1)) return UT_ENOMEM;
  d->obs[d->nobs++] = o;
  return 0;
}

/* Spectral embedding of the coarse graph into feature columns [col, col + RL_NSPECTRAL). */
static void spectral(rl_design_t *d, const edge_t *e, size_t ne, int col) {
  int32_t n = d->pnl.nnodes;
  if (n <= 2 * RL_NSPECTRAL + 2 || ne == 0) return;
  ig_guard_t gd;
  ig_enter(&gd);
  igraph_vector_int_t ev;
  igraph_vector_t wv;
  igraph_matrix_t X;
  igraph_t g;
  igraph_arpack_options_t ao;
  igraph_arpack_options_init(&ao);
  int ok = 0;
  if (igraph_vector_int_init(&ev, (igraph_integer_t)(2 * ne)) == IGRAPH_SUCCESS) {
    if (igraph_vector_init(&wv, (igraph_integer_t)ne) == IGRAPH_SUCCESS) {
      for (size_t i = 0; i < ne; i++) {
        VECTOR(ev)[2 * i] = e[i].u;
        VECTOR(ev)[2 * i + 1] = e[i].v;
        VECTOR(wv)[i] = e[i].w;
      }
      if (igraph_create(&g, &ev, n, IGRAPH_UNDIRECTED) == IGRAPH_SUCCESS) {
        igraph_vector_t D, cvec;   /* igraph 0.10.2 needs both vectors, cvec = 0: plain A */
        int okD = igraph_vector_init(&D, 0) == IGRAPH_SUCCESS;
        int okC = igraph_vector_init(&cvec, n) == IGRAPH_SUCCESS;
        if (okD && okC && igraph_matrix_init(&X, 0, 0) == IGRAPH_SUCCESS) {
          if (igraph_adjacency_spectral_embedding(&g, RL_NSPECTRAL, &wv, IGRAPH_EIGEN_LA, 1, &X,
                                                  NULL, &D, &cvec, &ao) == IGRAPH_SUCCESS &&
              igraph_matrix_nrow(&X) == n && igraph_matrix_ncol(&X) == RL_NSPECTRAL) {
            for (int k = 0; k < RL_NSPECTRAL; k++) {
              double mx = 0, sgn = 1;
              for (int32_t v = 0; v < n; v++) {
                double a = MATRIX(X, v, k);
                if (fabs(a) > mx) {
                  mx = fabs(a);
                  sgn = a < 0 ? -1 : 1;
                }
              }
              if (mx <= 0 || !isfinite(mx)) continue;
              for (int32_t v = 0; v < n; v++)
                d->feat[(size_t)v * RL_NFEAT + col + k] = sgn * MATRIX(X, v, k) / mx;
            }
            ok = 1;
          }
          igraph_matrix_destroy(&X);
        }
        if (okD) igraph_vector_destroy(&D);
        if (okC) igraph_vector_destroy(&cvec);
        igraph_destroy(&g);
      }
      igraph_vector_destroy(&wv);
    }
    igraph_vector_int_destroy(&ev);
  }
  ig_leave(&gd);
  if (!ok) UT_WARN("RL", "spectral embedding failed; those features are 0");
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
  lg_grid_t *lg = NULL;
  clus_t cl;
  memset(&cl, 0, sizeof cl);
  int32_t *cell_vtx = NULL, *io_node = NULL, *grp = NULL, *gmap = NULL;
  cpin_t *cp = NULL;
  int32_t *cstart = NULL;
  double *cw = NULL;
  cnet_key_t *keys = NULL;
  edge_t *ge = NULL;
  size_t gcap = 0, gne = 0, ocap = 0;
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
  rc = lg_grid_create(&lg, db);
  if (rc) goto fail;
  d->nlev = lg->nlevels;
  d->lev_y = ut_malloc(sizeof *d->lev_y * (size_t)(d->nlev + 1));
  d->lev_x0 = ut_malloc(sizeof *d->lev_x0 * (size_t)(d->nlev + 1));
  d->lev_pitch = ut_malloc(sizeof *d->lev_pitch * (size_t)(d->nlev + 1));
  if (!d->lev_y || !d->lev_x0 || !d->lev_pitch) goto nomem;
  for (int32_t l = 0; l < d->nlev; l++) {
    int32_t r = lg->level_rows[lg->level_start[l]];
    d->lev_y[l] = lg->level_y[l];
    d->lev_x0[l] = lg->row_x0[r];
    d->lev_pitch[l] = lg->row_pitch[r] > 0 ? lg->row_pitch[r] : 1;
  }
  lg_grid_destroy(lg);
  lg = NULL;

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
  {
    int k_target = o->clusters;
    if (k_target <= 0) {
      k_target = cl.nv / 60;
      if (k_target < 4) k_target = 4;
      if (k_target > 300) k_target = 300;
    }
    rc = clus_graph(&cl, db, cell_vtx);
    if (!rc) rc = clus_run(&cl, k_target, o->seed);
    if (rc) goto fail;
  }
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

  /* ---- coarse nets ---- */
  {
    size_t maxk = 0;
    for (size_t n = 0; n < db->nnets; n++) {
      size_t k = (size_t)(db->net_pin_start[n + 1] - db->net_pin_start[n]);
      if (k > maxk) maxk = k;
    }
    cp = ut_malloc(sizeof *cp * (db->npins + 1));
    cstart = ut_malloc(sizeof *cstart * (db->nnets + 2));
    cw = ut_realloc(cw, sizeof *cw * (db->nnets + 1));
    int32_t *stamp = ut_calloc((size_t)nn, sizeof *stamp);
    if (!cp || !cstart || !cw || !stamp) {
      ut_free(stamp);
      goto nomem;
    }
    int32_t ncn = 0;
    size_t np = 0;
    for (size_t n = 0; n < db->nnets; n++) {
      if (!net_is_signal(db, (int32_t)n)) continue;
      int32_t a = db->net_pin_start[n], b = db->net_pin_start[n + 1];
      if (b - a < 2) continue;
      int32_t src = a;
      for (int32_t k = a; k < b; k++)
        if (pin_drives(db, k)) {
          src = k;
          break;
        }
      size_t s0 = np;
      int distinct = 0;
      for (int32_t t = 0; t < b - a; t++) {
        int32_t k = t == 0 ? src : (a + t - 1 < src ? a + t - 1 : a + t);
        int32_t c = db->pin_cell[k], v;
        double dx = 0, dy = 0;
        if (c >= 0) {
          v = d->cell_node[c];
          if (v < 0) continue;
          if (v < nhard) {
            int32_t mp = db->pin_ref[k], m = db->cell_master[c];
            dbu_t ox, oy;
            db_orient_xform(d->hbase[v], db->master_w[m], db->master_h[m], db->mpin_x[mp],
                            db->mpin_y[mp], &ox, &oy);
            dx = (ox - 0.5 * (double)d->hw[v]) / um;
            dy = (oy - 0.5 * (double)d->hh[v]) / um;
          } else if (p->kind[v] == RL_NODE_MFIXED) {
            int64_t x, y;
            db_pin_pos(db, k, &x, &y);
            dx = x / um - d->init_cx[v];
            dy = y / um - d->init_cy[v];
          }
        } else {
          v = io_node[db->pin_ref[k]];
          if (v < 0) continue;
        }
        /* de-duplicate: pins of soft/group/port nodes by node; macro pins by offset */
        int dup = 0;
        if (v >= nhard + nmfix) dup = stamp[v] == (int32_t)n + 1;
        else
          for (size_t q = s0; q < np && !dup; q++)
            dup = cp[q].node == v && cp[q].dx == dx && cp[q].dy == dy;
        if (dup) continue;
        if (stamp[v] != (int32_t)n + 1) distinct++;
        stamp[v] = (int32_t)n + 1;
        cp[np++] = (cpin_t){v, dx, dy};
      }
      if (distinct < 2) {
        np = s0;
        continue;
      }
      cstart[ncn] = (int32_t)s0;
      cw[ncn] = db->net_weight[n] > 0 ? db->net_weight[n] : 1.0;
      ncn++;
    }
    cstart[ncn] = (int32_t)np;
    ut_free(stamp);
    (void)maxk;
    /* merge identical nets: hash, sort, compare */
    keys = ut_malloc(sizeof *keys * (size_t)(ncn + 1));
    if (!keys) goto nomem;
    for (int32_t n = 0; n < ncn; n++) {
      uint64_t h = 1469598103934665603ULL;
      for (int32_t q = cstart[n]; q < cstart[n + 1]; q++) {
        h = fnv_mix(h, &cp[q].node, sizeof cp[q].node);
        h = fnv_mix(h, &cp[q].dx, sizeof cp[q].dx);
        h = fnv_mix(h, &cp[q].dy, sizeof cp[q].dy);
      }
      keys[n] = (cnet_key_t){h, n};
    }
    qsort(keys, (size_t)ncn, sizeof *keys, key_cmp);
    /* keep[n]: representative of n, in original order of the representatives */
    int32_t *rep = ut_malloc(sizeof *rep * (size_t)(ncn + 1));
    if (!rep) goto nomem;
    for (int32_t n = 0; n < ncn; n++) rep[n] = n;
    for (int32_t i = 1, g0 = 0; i <= ncn; i++) {
      if (i < ncn && keys[i].h == keys[g0].h) continue;
      /* group [g0, i) shares a hash: compare each against earlier distinct ones */
      for (int32_t a = g0; a < i; a++) {
        int32_t na = keys[a].net;
        for (int32_t b = g0; b < a; b++) {
          int32_t nb = keys[b].net;
          if (rep[nb] != nb) continue;
          int32_t la = cstart[na + 1] - cstart[na], lb2 = cstart[nb + 1] - cstart[nb];
          if (la != lb2) continue;
          int same = 1;
          for (int32_t q = 0; q < la && same; q++) {
            const cpin_t *x = &cp[cstart[na] + q], *y = &cp[cstart[nb] + q];
            same = x->node == y->node && x->dx == y->dx && x->dy == y->dy;
          }
          if (same) {
            rep[na] = nb;
            break;
          }
        }
      }
      g0 = i;
    }
    /* weights to the representatives (the smallest index of each class, since keys sort by net
     * within a hash) */
    for (int32_t n = 0; n < ncn; n++)
      if (rep[n] != n) cw[rep[n]] += cw[n];
    int32_t kn = 0, kp = 0;
    for (int32_t n = 0; n < ncn; n++) {
      if (rep[n] != n) continue;
      p->net_start[kn] = kp;
      p->net_w[kn] = cw[n];
      for (int32_t q = cstart[n]; q < cstart[n + 1]; q++) {
        p->pin_node[kp] = cp[q].node;
        p->pin_dx[kp] = cp[q].dx;
        p->pin_dy[kp] = cp[q].dy;
        kp++;
      }
      kn++;
    }
    p->net_start[kn] = kp;
    p->nnets = kn;
    p->npins = kp;
    ut_free(rep);
  }
  rl_pnl_setup(p, d->core_x0 / um, d->core_y0 / um, cwid, chei, cols, rows, &o->proxy);
  rl_pnl_routes_from_db(p, db);

  /* ---- node -> nets with mean pin offsets ---- */
  {
    d->node_net_start = ut_calloc((size_t)nn + 1, sizeof *d->node_net_start);
    int32_t *last = ut_malloc(sizeof *last * (size_t)nn);
    if (!d->node_net_start || !last) {
      ut_free(last);
      goto nomem;
    }
    for (int32_t v = 0; v < nn; v++) last[v] = -1;
    for (int32_t n = 0; n < p->nnets; n++)
      for (int32_t q = p->net_start[n]; q < p->net_start[n + 1]; q++) {
        int32_t v = p->pin_node[q];
        if (last[v] == n) continue;
        last[v] = n;
        d->node_net_start[v + 1]++;
      }
    for (int32_t v = 0; v < nn; v++) d->node_net_start[v + 1] += d->node_net_start[v];
    int32_t tot = d->node_net_start[nn];
    d->node_nets = ut_malloc(sizeof *d->node_nets * (size_t)(tot + 1));
    d->node_net_dx = ut_calloc((size_t)tot + 1, sizeof *d->node_net_dx);
    d->node_net_dy = ut_calloc((size_t)tot + 1, sizeof *d->node_net_dy);
    int32_t *fill = ut_malloc(sizeof *fill * (size_t)(nn + 1));
    int32_t *cnt = ut_calloc((size_t)tot + 1, sizeof *cnt);
    if (!d->node_nets || !d->node_net_dx || !d->node_net_dy || !fill || !cnt) {
      ut_free(last);
      ut_free(fill);
      ut_free(cnt);
      goto nomem;
    }
    memcpy(fill, d->node_net_start, sizeof *fill * (size_t)(nn + 1));
    for (int32_t v = 0; v < nn; v++) last[v] = -1;
    for (int32_t n = 0; n < p->nnets; n++)
      for (int32_t q = p->net_start[n]; q < p->net_start[n + 1]; q++) {
        int32_t v = p->pin_node[q];
        int32_t slot;
        if (last[v] >= 0 && d->node_nets[last[v]] == n) slot = last[v];
        else {
          slot = fill[v]++;
          d->node_nets[slot] = n;
          last[v] = slot;
        }
        d->node_net_dx[slot] += p->pin_dx[q];
        d->node_net_dy[slot] += p->pin_dy[q];
        cnt[slot]++;
      }
    for (int32_t s = 0; s < tot; s++)
      if (cnt[s] > 1) {
        d->node_net_dx[s] /= cnt[s];
        d->node_net_dy[s] /= cnt[s];
      }
    ut_free(last);
    ut_free(fill);
    ut_free(cnt);
  }

  /* ---- GCN edges ---- */
  {
    int32_t *vs = ut_malloc(sizeof *vs * (size_t)(p->max_net_pins + 1));
    int32_t *stamp = ut_calloc((size_t)nn, sizeof *stamp);
    if (!vs || !stamp) {
      ut_free(vs);
      ut_free(stamp);
      goto nomem;
    }
    for (int32_t n = 0; n < p->nnets && !rc; n++) {
      int k = 0;
      for (int32_t q = p->net_start[n]; q < p->net_start[n + 1]; q++) {
        int32_t v = p->pin_node[q];
        if (stamp[v] == n + 1) continue;
        stamp[v] = n + 1;
        vs[k++] = v;
      }
      rc = expand_net(&ge, &gne, &gcap, vs, k, p->net_w[n], RL_GCN_CLIQUE_MAX);
    }
    ut_free(vs);
    ut_free(stamp);
    if (rc) goto fail;
    gne = edges_merge(ge, gne);
    d->nedges = (int32_t)(2 * gne);
    d->e_src = ut_malloc(sizeof *d->e_src * (size_t)(d->nedges + 1));
    d->e_dst = ut_malloc(sizeof *d->e_dst * (size_t)(d->nedges + 1));
    d->e_w = ut_malloc(sizeof *d->e_w * (size_t)(d->nedges + 1));
    edge_t *de = ut_malloc(sizeof *de * (size_t)(d->nedges + 1));
    double *wsum = ut_calloc((size_t)nn, sizeof *wsum);
    if (!d->e_src || !d->e_dst || !d->e_w || !de || !wsum) {
      ut_free(de);
      ut_free(wsum);
      goto nomem;
    }
    /* (dst, src) pairs sorted by dst */
    for (size_t i = 0; i < gne; i++) {
      de[2 * i] = (edge_t){ge[i].v, ge[i].u, ge[i].w};
      de[2 * i + 1] = (edge_t){ge[i].u, ge[i].v, ge[i].w};
    }
    qsort(de, (size_t)d->nedges, sizeof *de, edge_cmp);
    for (int32_t i = 0; i < d->nedges; i++) wsum[de[i].u] += de[i].w;
    for (int32_t i = 0; i < d->nedges; i++) {
      d->e_dst[i] = de[i].u;
      d->e_src[i] = de[i].v;
      d->e_w[i] = de[i].w / wsum[de[i].u];
    }
    /* estimated positions: hard macros and soft clusters force-directed together */
    d->est_cx = ut_malloc(sizeof *d->est_cx * (size_t)nn);
    d->est_cy = ut_malloc(sizeof *d->est_cy * (size_t)nn);
    rl_fd_t *fd = NULL;
    if (!d->est_cx || !d->est_cy || rl_fd_create(&fd, d)) {
      ut_free(de);
      ut_free(wsum);
      goto nomem;
    }
    memcpy(d->est_cx, d->init_cx, sizeof *d->est_cx * (size_t)nn);
    memcpy(d->est_cy, d->init_cy, sizeof *d->est_cy * (size_t)nn);
    rl_fd_place(fd, d->est_cx, d->est_cy, NULL, d->fd_iters, 1);
    rl_fd_destroy(fd);
    /* node features */
    d->feat = ut_calloc((size_t)nn * RL_NFEAT, sizeof *d->feat);
    if (!d->feat) {
      ut_free(de);
      ut_free(wsum);
      goto nomem;
    }
    const double carea = cwid * chei;
    for (int32_t v = 0; v < nn; v++) {
      double *f = d->feat + (size_t)v * RL_NFEAT;
      int k = p->kind[v];
      f[0] = sqrt(p->w[v] * p->h[v] / carea) * 4.0;
      f[1] = p->w[v] / cwid;
      f[2] = p->h[v] / chei;
      f[3] = k == RL_NODE_HARD;
      f[4] = k == RL_NODE_MFIXED;
      f[5] = k == RL_NODE_SOFT;
      f[6] = k == RL_NODE_PORT;
      f[7] = k == RL_NODE_FIXED;
      f[8] = log1p(wsum[v]) / 4.0;
      int known = !(k == RL_NODE_HARD || k == RL_NODE_SOFT);
      f[9] = known;
      f[10] = (d->est_cx[v] - d->core_x0 / um) / cwid;   /* exact when known, else estimated */
      f[11] = (d->est_cy[v] - d->core_y0 / um) / chei;
    }
    spectral(d, ge, gne, 12);
    ut_free(de);
    ut_free(wsum);
  }

  /* ---- obstacles, static masks, static occupancy ---- */
  for (int32_t c = 0; c < nc && !rc; c++) {
    if (!db_cell_is_fixed(db, c)) continue;
    int32_t m = db->cell_master[c];
    if (m >= 0 && db->master_class[m] == DB_CLASS_COVER) continue;
    dbu_t w, h;
    db_cell_size(db, c, &w, &h);
    rl_obs_t ob;
    memset(&ob, 0, sizeof ob);
    ob.x0 = db->cell_x[c];
    ob.y0 = db->cell_y[c];
    ob.x1 = ob.x0 + w;
    ob.y1 = ob.y0 + h;
    ob.region = -1;
    ob.is_macro = (uint8_t)db_cell_is_macro(db, c);
    if (ob.is_macro) {
      dbu_t halo[4];
      lg_cell_halo(db, c, 0, halo);
      for (int k = 0; k < 4; k++) ob.halo[k] = halo[k];
    }
    rc = add_obs(d, &ocap, ob);
  }
  for (size_t b = 0; b < db->nblk && !rc; b++) {
    if (db->blk_kind[b] != DB_BLK_PLACEMENT || db->blk_soft[b] || db->blk_partial[b] > 0) continue;
    for (int32_t k = db->blk_rect_start[b]; k < db->blk_rect_start[b + 1] && !rc; k++) {
      const db_rect_t *q = &db->blk_rects[k];
      rc = add_obs(d, &ocap, (rl_obs_t){q->x0, q->y0, q->x1, q->y1, {0, 0, 0, 0}, -1, 0});
    }
  }
  for (size_t r = 0; r < db->nregions && !rc; r++) {
    if (!lg_region_hard(db, (int32_t)r)) continue;
    for (int32_t k = db->region_rect_start[r]; k < db->region_rect_start[r + 1] && !rc; k++) {
      const db_rect_t *q = &db->region_rects[k];
      rc = add_obs(d, &ocap, (rl_obs_t){q->x0, q->y0, q->x1, q->y1, {0, 0, 0, 0}, (int32_t)r, 0});
    }
  }
  if (rc) goto fail;
  d->smask = ut_malloc((size_t)(nhard > 0 ? nhard : 1) * (size_t)ng);
  d->socc = ut_calloc((size_t)ng, sizeof *d->socc);
  if (!d->smask || !d->socc) goto nomem;
  rc = static_masks(d);
  if (rc) goto fail;
  for (int32_t k = 0; k < d->nobs; k++) {
    const rl_obs_t *ob = &d->obs[k];
    if (ob->region >= 0) continue;
    double x0 = ob->x0 / um, x1 = ob->x1 / um, y0 = ob->y0 / um, y1 = ob->y1 / um;
    int c0, r0, c1, r1;
    rl_pnl_cell(p, x0, y0, &c0, &r0);
    rl_pnl_cell(p, x1, y1, &c1, &r1);
    for (int r = r0; r <= r1; r++)
      for (int c = c0; c <= c1; c++) {
        double gx0 = p->x0 + c * p->gw, gy0 = p->y0 + r * p->gh;
        double ox = fmin(x1, gx0 + p->gw) - fmax(x0, gx0), oy = fmin(y1, gy0 + p->gh) - fmax(y0, gy0);
        if (ox > 0 && oy > 0) d->socc[r * cols + c] += ox * oy / (p->gw * p->gh);
      }
  }
  for (int g = 0; g < ng; g++)
    if (d->socc[g] > 1) d->socc[g] = 1;

  ut_free(cell_vtx);
  ut_free(io_node);
  ut_free(grp);
  ut_free(gmap);
  ut_free(cp);
  ut_free(cstart);
  ut_free(cw);
  ut_free(keys);
  ut_free(ge);
  ut_free(hs);
  clus_free(&cl);
  *out = d;
  return 0;
nomem:
  rc = UT_ENOMEM;
fail:
  if (rc == UT_ENOMEM) ut_diag_error(diag, NULL, 0, 0, "out of memory building the coarse netlist");
  lg_grid_destroy(lg);
  ut_free(cell_vtx);
  ut_free(io_node);
  ut_free(grp);
  ut_free(gmap);
  ut_free(cp);
  ut_free(cstart);
  ut_free(cw);
  ut_free(keys);
  ut_free(ge);
  ut_free(hs);
  clus_free(&cl);
  rl_design_destroy(d);
  return rc;
}
