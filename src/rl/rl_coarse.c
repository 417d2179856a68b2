/*
 * rl_coarse.c: the coarse netlist over the nodes of the coarse design (rl_graph.c), and what the
 * policy network reads from it, after Circuit Training (Mirhoseini et al., Nature 2021,
 * "Methods: problem statement"):
 *  - signal nets become coarse nets over nodes: the driving pin first (the source), pins of soft
 *    clusters, fixed-cell groups and port groups merged per node, macro pins kept with their
 *    offsets from the macro center (hard macros in their base orientation); nets left with fewer
 *    than two nodes are dropped and identical nets merged (hash, sort, compare), weights added;
 *  - node -> nets with the mean pin offset of the node on each net (the wire map of rl_env.c);
 *  - the GCN edge list: each coarse net expanded as a clique up to 16 nodes, a star above
 *    (rl_cluster.c), both directions, sorted by destination, weights normalised to sum to 1 per
 *    destination;
 *  - node features: size, kind, connectivity, position (exact for fixed nodes, else estimated by a
 *    force-directed placement of all movable nodes) and the spectral embedding (rl_cluster.c).
 * Offsets are in microns; nodes and nets keep their order (no hash order), so equal inputs give
 * equal arrays.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rl/rl_int.h"

#define RL_GCN_CLIQUE_MAX 16

/* ---- coarse nets ---------------------------------------------------------------------------- */

static int pin_drives(const db_t *db, int32_t k) {
  int32_t c = db->pin_cell[k], ref = db->pin_ref[k];
  if (c >= 0) return ref >= 0 && db->mpin_dir[ref] == DB_PDIR_OUTPUT;
  return ref >= 0 && db->io_dir[ref] == DB_PDIR_INPUT;
}

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

int rl_coarse_nets(rl_design_t *d, const db_t *db, const int32_t *io_node) {
  rl_pnl_t *p = &d->pnl;
  const int32_t nn = p->nnodes, nhard = d->nhard, nmfix = d->nmfix;
  const double um = d->dbu;
  int rc = UT_ENOMEM;
  cpin_t *cp = ut_malloc(sizeof *cp * (db->npins + 1));
  int32_t *cstart = ut_malloc(sizeof *cstart * (db->nnets + 2));
  double *cw = ut_malloc(sizeof *cw * (db->nnets + 1));   /* net weights */
  int32_t *stamp = ut_calloc((size_t)nn, sizeof *stamp);
  cnet_key_t *keys = NULL;
  int32_t *rep = NULL;
  if (!cp || !cstart || !cw || !stamp) goto done;
  int32_t ncn = 0;
  size_t np = 0;
  for (size_t n = 0; n < db->nnets; n++) {
    if (!rl_net_is_signal(db, (int32_t)n)) continue;
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
  /* merge identical nets: hash, sort, compare */
  keys = ut_malloc(sizeof *keys * (size_t)(ncn + 1));
  if (!keys) goto done;
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
  rep = ut_malloc(sizeof *rep * (size_t)(ncn + 1));
  if (!rep) goto done;
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
  rc = 0;
done:
  ut_free(cp);
  ut_free(cstart);
  ut_free(cw);
  ut_free(stamp);
  ut_free(keys);
  ut_free(rep);
  return rc;
}

/* ---- what the network reads ------------------------------------------------------------------ */

/* node -> nets with the mean offset of the node's pins on each net. */
static int node_nets(rl_design_t *d) {
  const rl_pnl_t *p = &d->pnl;
  const int32_t nn = p->nnodes;
  d->node_net_start = ut_calloc((size_t)nn + 1, sizeof *d->node_net_start);
  int32_t *last = ut_malloc(sizeof *last * (size_t)nn);
  if (!d->node_net_start || !last) {
    ut_free(last);
    return UT_ENOMEM;
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
    return UT_ENOMEM;
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
  return 0;
}

/* The GCN edge list, the estimated positions and the node features (spectral embedding last). */
static int gcn_graph(rl_design_t *d) {
  const rl_pnl_t *p = &d->pnl;
  const int32_t nn = p->nnodes;
  const double um = d->dbu, cwid = p->cw, chei = p->ch;
  rl_edge_t *ge = NULL, *de = NULL;
  size_t gcap = 0, gne = 0;
  double *wsum = NULL;
  int rc = UT_ENOMEM;
  int32_t *vs = ut_malloc(sizeof *vs * (size_t)(p->max_net_pins + 1));
  int32_t *stamp = ut_calloc((size_t)nn, sizeof *stamp);
  if (!vs || !stamp) goto done;
  rc = 0;
  for (int32_t n = 0; n < p->nnets && !rc; n++) {
    int k = 0;
    for (int32_t q = p->net_start[n]; q < p->net_start[n + 1]; q++) {
      int32_t v = p->pin_node[q];
      if (stamp[v] == n + 1) continue;
      stamp[v] = n + 1;
      vs[k++] = v;
    }
    rc = rl_expand_net(&ge, &gne, &gcap, vs, k, p->net_w[n], RL_GCN_CLIQUE_MAX);
  }
  if (rc) goto done;
  rc = UT_ENOMEM;
  gne = rl_edges_merge(ge, gne);
  d->nedges = (int32_t)(2 * gne);
  d->e_src = ut_malloc(sizeof *d->e_src * (size_t)(d->nedges + 1));
  d->e_dst = ut_malloc(sizeof *d->e_dst * (size_t)(d->nedges + 1));
  d->e_w = ut_malloc(sizeof *d->e_w * (size_t)(d->nedges + 1));
  de = ut_malloc(sizeof *de * (size_t)(d->nedges + 1));
  wsum = ut_calloc((size_t)nn, sizeof *wsum);
  if (!d->e_src || !d->e_dst || !d->e_w || !de || !wsum) goto done;
  /* (dst, src) pairs sorted by dst */
  for (size_t i = 0; i < gne; i++) {
    de[2 * i] = (rl_edge_t){ge[i].v, ge[i].u, ge[i].w};
    de[2 * i + 1] = (rl_edge_t){ge[i].u, ge[i].v, ge[i].w};
  }
  qsort(de, (size_t)d->nedges, sizeof *de, rl_edge_cmp);
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
  if (!d->est_cx || !d->est_cy || rl_fd_create(&fd, d)) goto done;
  memcpy(d->est_cx, d->init_cx, sizeof *d->est_cx * (size_t)nn);
  memcpy(d->est_cy, d->init_cy, sizeof *d->est_cy * (size_t)nn);
  rl_fd_place(fd, d->est_cx, d->est_cy, NULL, d->fd_iters, 1);
  rl_fd_destroy(fd);
  /* node features */
  d->feat = ut_calloc((size_t)nn * RL_NFEAT, sizeof *d->feat);
  if (!d->feat) goto done;
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
  rl_spectral(d, ge, gne, 12);
  rc = 0;
done:
  ut_free(vs);
  ut_free(stamp);
  ut_free(ge);
  ut_free(de);
  ut_free(wsum);
  return rc;
}

int rl_coarse_graph(rl_design_t *d) {
  int rc = node_nets(d);
  if (!rc) rc = gcn_graph(d);
  return rc;
}
