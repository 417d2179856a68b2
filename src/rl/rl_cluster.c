/*
 * rl_cluster.c: the netlist as a weighted graph, and the two igraph analyses the coarse design
 * (rl_graph.c) takes from it.
 *  - Nets become edges by the clique model up to a few pins (weight w / (k - 1) per pair) and
 *    the star model from the source above (w k / (2 (k - 1)) per spoke), duplicates merged; the
 *    clustering and the GCN edge list (rl_coarse.c) both use this expansion.
 *  - Movable standard cells are clustered into soft macros, after Circuit Training's grouping of
 *    standard cells (Mirhoseini et al., Nature 2021, "Methods"): igraph's multilevel modularity
 *    optimisation (Blondel et al. 2008, igraph_community_multilevel) on the clique expansion of
 *    the nets (star above 8 pins; nets above 64 cells skipped), seeded through igraph's RNG, then
 *    size balanced: communities above A_max = area / k_target are cut into chunks of a
 *    breadth-first order, those below A_max / 4 are merged into their most connected neighbour.
 *  - The node features' 4-dimensional adjacency spectral embedding of the coarse graph (igraph,
 *    ARPACK), columns scaled to a largest magnitude of 1 with a fixed sign.
 * Cluster ids are dense and numbered in order of their first cell, so the result depends only on
 * the netlist and the seed.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <igraph.h>

#include "rl/rl_int.h"

#define RL_CLUSTER_MAX_DEG 64     /* nets with more movable cells are ignored by the clustering */
#define RL_CLIQUE_MAX 8           /* clique expansion up to this many pins, star above */
#define RL_NSPECTRAL 4

/* ---- nets as edges ------------------------------------------------------------------------ */

int rl_edge_cmp(const void *pa, const void *pb) {
  const rl_edge_t *a = pa, *b = pb;
  if (a->u != b->u) return a->u < b->u ? -1 : 1;
  if (a->v != b->v) return a->v < b->v ? -1 : 1;
  return 0;
}

size_t rl_edges_merge(rl_edge_t *e, size_t n) {
  if (!n) return 0;
  qsort(e, n, sizeof *e, rl_edge_cmp);
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    if (m && e[m - 1].u == e[i].u && e[m - 1].v == e[i].v) e[m - 1].w += e[i].w;
    else e[m++] = e[i];
  }
  return m;
}

int rl_expand_net(rl_edge_t **e, size_t *n, size_t *cap, const int32_t *vs, int k, double w,
                  int clique_max) {
  if (k < 2) return 0;
  if (k <= clique_max) {
    size_t need = *n + (size_t)k * (size_t)(k - 1) / 2;
    if (UT_RESERVE(*e, *cap, need)) return UT_ENOMEM;
    double ew = w / (k - 1);
    for (int a = 0; a < k; a++)
      for (int b = a + 1; b < k; b++) {
        int32_t u = vs[a] < vs[b] ? vs[a] : vs[b], v = vs[a] < vs[b] ? vs[b] : vs[a];
        (*e)[(*n)++] = (rl_edge_t){u, v, ew};
      }
  } else {
    if (UT_RESERVE(*e, *cap, *n + (size_t)k - 1)) return UT_ENOMEM;
    double ew = w * k / (2.0 * (k - 1));
    for (int a = 1; a < k; a++) {
      int32_t u = vs[0] < vs[a] ? vs[0] : vs[a], v = vs[0] < vs[a] ? vs[a] : vs[0];
      (*e)[(*n)++] = (rl_edge_t){u, v, ew};
    }
  }
  return 0;
}

int rl_net_is_signal(const db_t *db, int32_t n) {
  uint8_t u = db->net_use[n];
  return u != DB_USE_POWER && u != DB_USE_GROUND;
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

void rl_clus_free(rl_clus_t *c) {
  ut_free(c->vcell);
  ut_free(c->varea);
  ut_free(c->e);
  ut_free(c->adj_start);
  ut_free(c->adj);
  ut_free(c->adj_w);
  ut_free(c->memb);
}

/* The clustering graph: the signal nets over the movable cells (nets with more than
 * RL_CLUSTER_MAX_DEG of them skipped) expanded into merged weighted edges, and its CSR
 * adjacency. */
static int clus_graph(rl_clus_t *cl, const db_t *db, const int32_t *cell_vtx) {
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
    if (!rl_net_is_signal(db, (int32_t)net)) continue;
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
    rc = rl_expand_net(&cl->e, &n, &cap, vs, k, w, RL_CLIQUE_MAX);
  }
  ut_free(vs);
  ut_free(stamp);
  if (rc) return rc;
  cl->ne = rl_edges_merge(cl->e, n);
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
static int clus_run(rl_clus_t *cl, int k_target, uint64_t seed) {
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

int rl_cluster_cells(rl_clus_t *cl, const db_t *db, const int32_t *cell_vtx, int clusters,
                     uint64_t seed) {
  int k_target = clusters;
  if (k_target <= 0) {
    k_target = cl->nv / 60;
    if (k_target < 4) k_target = 4;
    if (k_target > 300) k_target = 300;
  }
  int rc = clus_graph(cl, db, cell_vtx);
  if (!rc) rc = clus_run(cl, k_target, seed);
  return rc;
}

/* ---- spectral embedding --------------------------------------------------------------------- */

void rl_spectral(rl_design_t *d, const rl_edge_t *e, size_t ne, int col) {
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
