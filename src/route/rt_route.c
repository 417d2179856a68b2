/*
 * rt_route.c: pattern global routing with rip-up and reroute, for congestion estimation.
 *
 * Decomposition: each net's pins are mapped to GCells and joined by a rectilinear Steiner tree
 * over the GCell coordinates (rt_steiner: exact up to exact_max GCells, else Borah-Owens-Irwin),
 * as FastRoute does with FLUTE (Pan & Chu, "FastRoute: a step to integrate global routing into
 * placement", ICCAD 2006).  Every tree edge is a 2-pin segment.
 *
 * Patterns: a segment (i0, j0) -> (i1, j1) is routed HVH with its vertical run in column m, or VHV
 * with its horizontal run in row m, m inside the segment's box: m = i1 / i0 are the two L shapes,
 * interior m the Z shapes (Kastner, Bozorgzadeh & Sarrafzadeh, "Pattern routing: use and theory
 * for increasing predictability and avoiding coupling", TCAD 21(7), 2002).  All candidates have the
 * same length; the cheapest under the edge cost wins (ties: the first in the order L-HV, L-VH, Z
 * HVH by m, Z VHV by m).  Costs along the two fixed rows (columns) are prefix sums, so a candidate
 * costs O(box side).
 *
 * Edge cost (edges already used by the same net cost 0: a net's segments share wire):
 *   c(e) = 1 + h(e) + beta / (1 + exp(-alpha (d(e) + 1 - cap(e))))
 * a logistic overflow penalty on the demand after adding this wire, as in FastRoute's congestion
 * cost, plus the history term h(e) of negotiated congestion (McMurchie & Ebeling, PathFinder,
 * FPGA 1995; used in NTHU-Route and FastRoute 4): after each round every overflowing edge gets
 * h += history.  Rip-up: nets crossing an overflowing edge are removed and rerouted one at a time,
 * the ones crossing the most overflowing edges first, with 4x more Z positions.
 *
 * Invariants: demand d(e) = number of nets whose route uses e (stamps dedupe a net's segments);
 * sum of all demand = routed wirelength in GCell edges.  Deterministic: nets in a fixed order,
 * strict comparisons, no threads.
 */
#include "route/rt_route.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "route/rt_steiner.h"
#include "util/ut.h"

enum { PAT_HVH = 0, PAT_VHV = 1 };
enum { OP_ADD, OP_SUB, OP_COUNT };

typedef struct rkey_t {
  int64_t key;
  int32_t net;
} rkey_t;

struct rt_route_t {
  const rt_grid_t *g;
  rt_route_opts_t o;
  int nx, ny;
  int64_t neh, nev;
  int32_t *dh, *dv;          /* demand */
  double *hh, *hv;           /* history */
  double *ch, *cv;           /* current cost of one more wire */
  uint32_t *sh, *sv;         /* stamps: edge already counted for the current net */
  uint32_t epoch;
  double *pa, *pb;           /* prefix-sum scratch (max(nx, ny) + 1) */
  /* segments, net by net */
  int64_t nsegs;
  size_t cap_segs;
  int32_t *seg_net, *si0, *sj0, *si1, *sj1, *smid;
  uint8_t *skind;
  size_t cap_nets, cap_order;
  int32_t *net_seg;          /* CSR: segments of net n are net_seg[n] .. net_seg[n+1]-1 */
  rkey_t *order;
  size_t cap_px, cap_py;
  int64_t *px, *py;
  rt_steiner_t *st;
  rt_route_stats_t stats;
};

void rt_route_opts_default(rt_route_opts_t *o) {
  memset(o, 0, sizeof *o);
  o->rounds = 4;
  o->zmid = 8;
  o->exact_max = 8;
  o->penalty = 4.0;
  o->slope = 1.0;
  o->history = 1.0;
}

void rt_route_destroy(rt_route_t *r) {
  if (!r) return;
  void *bufs[] = {r->dh, r->dv, r->hh, r->hv, r->ch, r->cv, r->sh, r->sv, r->pa, r->pb,
                  r->seg_net, r->si0, r->sj0, r->si1, r->sj1, r->smid, r->skind, r->net_seg,
                  r->order, r->px, r->py};
  for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++) ut_free(bufs[i]);
  rt_steiner_destroy(r->st);
  ut_free(r);
}

int rt_route_create(rt_route_t **out, const rt_grid_t *g, const rt_route_opts_t *o) {
  *out = NULL;
  rt_route_opts_t def;
  if (!o) {
    rt_route_opts_default(&def);
    o = &def;
  }
  if (o->rounds < 0 || o->zmid < 0 || o->exact_max < 2 || o->exact_max > 12 ||
      !(o->penalty >= 0) || !(o->slope > 0) || !(o->history >= 0))
    return UT_EINVAL;
  rt_route_t *r = ut_calloc(1, sizeof *r);
  if (!r) return UT_ENOMEM;
  r->g = g;
  r->o = *o;
  r->nx = g->nx;
  r->ny = g->ny;
  r->neh = g->nedges_h;
  r->nev = g->nedges_v;
  size_t nh = (size_t)(r->neh ? r->neh : 1), nv = (size_t)(r->nev ? r->nev : 1);
  size_t side = (size_t)(r->nx > r->ny ? r->nx : r->ny) + 1;
  r->dh = ut_calloc(nh, sizeof *r->dh);
  r->dv = ut_calloc(nv, sizeof *r->dv);
  r->hh = ut_calloc(nh, sizeof *r->hh);
  r->hv = ut_calloc(nv, sizeof *r->hv);
  r->ch = ut_calloc(nh, sizeof *r->ch);
  r->cv = ut_calloc(nv, sizeof *r->cv);
  r->sh = ut_calloc(nh, sizeof *r->sh);
  r->sv = ut_calloc(nv, sizeof *r->sv);
  r->pa = ut_calloc(side, sizeof *r->pa);
  r->pb = ut_calloc(side, sizeof *r->pb);
  if (!r->dh || !r->dv || !r->hh || !r->hv || !r->ch || !r->cv || !r->sh || !r->sv || !r->pa ||
      !r->pb || rt_steiner_create(&r->st, o->exact_max)) {
    rt_route_destroy(r);
    return UT_ENOMEM;
  }
  *out = r;
  return 0;
}

/* ---- edge costs and walks ------------------------------------------------------------------ */

static inline double edge_cost(const rt_route_t *r, int32_t d, double cap, double hist) {
  double z = r->o.slope * ((double)d + 1.0 - cap);
  return 1.0 + hist + r->o.penalty / (1.0 + exp(-z));
}

static inline void upd_h(rt_route_t *r, int64_t e) {
  r->ch[e] = edge_cost(r, r->dh[e], r->g->cap_h[e], r->hh[e]);
}
static inline void upd_v(rt_route_t *r, int64_t e) {
  r->cv[e] = edge_cost(r, r->dv[e], r->g->cap_v[e], r->hv[e]);
}

static void next_epoch(rt_route_t *r) {
  if (++r->epoch == 0) {
    memset(r->sh, 0, (size_t)(r->neh ? r->neh : 1) * sizeof *r->sh);
    memset(r->sv, 0, (size_t)(r->nev ? r->nev : 1) * sizeof *r->sv);
    r->epoch = 1;
  }
}

/* Apply op to the horizontal edges of row j between columns a and b; OP_COUNT returns how many
 * (new to this epoch) of them overflow. */
static int64_t run_h(rt_route_t *r, int j, int a, int b, int op) {
  if (a > b) {
    int t = a;
    a = b;
    b = t;
  }
  int64_t cnt = 0, base = (int64_t)j * (r->nx - 1);
  for (int i = a; i < b; i++) {
    int64_t e = base + i;
    if (r->sh[e] == r->epoch) continue;
    r->sh[e] = r->epoch;
    if (op == OP_ADD) {
      r->dh[e]++;
      upd_h(r, e);
    } else if (op == OP_SUB) {
      r->dh[e]--;
      upd_h(r, e);
    } else if (r->dh[e] > r->g->cap_h[e] + 1e-9) {
      cnt++;
    }
  }
  return cnt;
}

static int64_t run_v(rt_route_t *r, int i, int a, int b, int op) {
  if (a > b) {
    int t = a;
    a = b;
    b = t;
  }
  int64_t cnt = 0;
  for (int j = a; j < b; j++) {
    int64_t e = (int64_t)j * r->nx + i;
    if (r->sv[e] == r->epoch) continue;
    r->sv[e] = r->epoch;
    if (op == OP_ADD) {
      r->dv[e]++;
      upd_v(r, e);
    } else if (op == OP_SUB) {
      r->dv[e]--;
      upd_v(r, e);
    } else if (r->dv[e] > r->g->cap_v[e] + 1e-9) {
      cnt++;
    }
  }
  return cnt;
}

static void seg_corners(const rt_route_t *r, int64_t s, int32_t p[8]) {
  int i0 = r->si0[s], j0 = r->sj0[s], i1 = r->si1[s], j1 = r->sj1[s], m = r->smid[s];
  p[0] = i0;
  p[1] = j0;
  p[6] = i1;
  p[7] = j1;
  if (r->skind[s] == PAT_HVH) {
    p[2] = m, p[3] = j0, p[4] = m, p[5] = j1;
  } else {
    p[2] = i0, p[3] = m, p[4] = i1, p[5] = m;
  }
}

static int64_t walk_seg(rt_route_t *r, int64_t s, int op) {
  int32_t p[8];
  seg_corners(r, s, p);
  int64_t c = 0;
  for (int k = 0; k < 3; k++) {
    int ax = p[2 * k], ay = p[2 * k + 1], bx = p[2 * k + 2], by = p[2 * k + 3];
    if (ay == by)
      c += run_h(r, ay, ax, bx, op);
    else
      c += run_v(r, ax, ay, by, op);
  }
  return c;
}

/* ---- pattern choice ------------------------------------------------------------------------ */

static inline double cost_h(const rt_route_t *r, int64_t e) {
  return r->sh[e] == r->epoch ? 0.0 : r->ch[e];
}
static inline double cost_v(const rt_route_t *r, int64_t e) {
  return r->sv[e] == r->epoch ? 0.0 : r->cv[e];
}

/* Cost of the vertical run in column i from row a to b (either order). */
static double col_cost(const rt_route_t *r, int i, int a, int b) {
  if (a > b) {
    int t = a;
    a = b;
    b = t;
  }
  double c = 0;
  for (int j = a; j < b; j++) c += cost_v(r, (int64_t)j * r->nx + i);
  return c;
}

static double row_cost(const rt_route_t *r, int j, int a, int b) {
  if (a > b) {
    int t = a;
    a = b;
    b = t;
  }
  double c = 0;
  int64_t base = (int64_t)j * (r->nx - 1);
  for (int i = a; i < b; i++) c += cost_h(r, base + i);
  return c;
}

/* The k-th of K interior positions strictly between lo and hi (evenly spaced). */
static int interior(int lo, int hi, int k, int K) {
  int c = hi - lo - 1;
  if (c <= K) return lo + 1 + k;
  if (K == 1) return lo + 1 + (c - 1) / 2;
  return lo + 1 + (int)(((int64_t)k * (c - 1)) / (K - 1));
}

static void choose(rt_route_t *r, int64_t s, int K) {
  int i0 = r->si0[s], j0 = r->sj0[s], i1 = r->si1[s], j1 = r->sj1[s];
  int di = i1 >= i0 ? 1 : -1, dj = j1 >= j0 ? 1 : -1;
  int si = abs(i1 - i0), sj = abs(j1 - j0);
  int best_kind = PAT_HVH, best_m = i1;
  if (si > 0 && sj > 0) {
    /* HVH: pa[t] = row j0 from i0 to i0+t*di, pb[t] = row j1 from i0 to i0+t*di */
    double *pa = r->pa, *pb = r->pb;
    pa[0] = pb[0] = 0;
    for (int t = 1; t <= si; t++) {
      int e = di > 0 ? i0 + t - 1 : i0 - t;
      pa[t] = pa[t - 1] + cost_h(r, (int64_t)j0 * (r->nx - 1) + e);
      pb[t] = pb[t - 1] + cost_h(r, (int64_t)j1 * (r->nx - 1) + e);
    }
    double best = pa[si] + col_cost(r, i1, j0, j1);                    /* L: H then V */
    double c = col_cost(r, i0, j0, j1) + pb[si];                        /* L: V then H */
    if (c < best) best = c, best_m = i0;
    int lo = i0 < i1 ? i0 : i1, hi = i0 < i1 ? i1 : i0, n = hi - lo - 1;
    int cnt = n < K ? n : K;
    for (int k = 0; k < cnt; k++) {
      int m = interior(lo, hi, k, K), t = (m - i0) * di;
      c = pa[t] + col_cost(r, m, j0, j1) + (pb[si] - pb[t]);
      if (c < best) best = c, best_m = m;
    }
    /* VHV: pa[t] = column i0 from j0 to j0+t*dj, pb[t] = column i1 likewise */
    pa[0] = pb[0] = 0;
    for (int t = 1; t <= sj; t++) {
      int e = dj > 0 ? j0 + t - 1 : j0 - t;
      pa[t] = pa[t - 1] + cost_v(r, (int64_t)e * r->nx + i0);
      pb[t] = pb[t - 1] + cost_v(r, (int64_t)e * r->nx + i1);
    }
    lo = j0 < j1 ? j0 : j1, hi = j0 < j1 ? j1 : j0, n = hi - lo - 1;
    cnt = n < K ? n : K;
    for (int k = 0; k < cnt; k++) {
      int m = interior(lo, hi, k, K), t = (m - j0) * dj;
      c = pa[t] + row_cost(r, m, i0, i1) + (pb[sj] - pb[t]);
      if (c < best) best = c, best_kind = PAT_VHV, best_m = m;
    }
  }
  r->skind[s] = (uint8_t)best_kind;
  r->smid[s] = best_m;
}

static void route_net(rt_route_t *r, int32_t n, int K) {
  next_epoch(r);
  for (int32_t s = r->net_seg[n]; s < r->net_seg[n + 1]; s++) {
    choose(r, s, K);
    walk_seg(r, s, OP_ADD);
  }
}

static void ripup_net(rt_route_t *r, int32_t n) {
  next_epoch(r);
  for (int32_t s = r->net_seg[n]; s < r->net_seg[n + 1]; s++) walk_seg(r, s, OP_SUB);
}

/* ---- run ------------------------------------------------------------------------------------- */

static int cmp_key_asc(const void *a, const void *b) {
  const rkey_t *x = a, *y = b;
  if (x->key != y->key) return x->key < y->key ? -1 : 1;
  return (x->net > y->net) - (x->net < y->net);
}

static int add_seg(rt_route_t *r, int32_t n, int i0, int j0, int i1, int j1) {
  if ((size_t)r->nsegs + 1 > r->cap_segs) {
    size_t c = r->cap_segs ? 2 * r->cap_segs : 1024;
    void *bufs[7] = {r->seg_net, r->si0, r->sj0, r->si1, r->sj1, r->smid, r->skind};
    size_t el[7] = {4, 4, 4, 4, 4, 4, 1};
    for (int k = 0; k < 7; k++) {
      void *q = ut_realloc(bufs[k], c * el[k]);
      if (!q) return UT_ENOMEM;
      bufs[k] = q;
      switch (k) {
      case 0: r->seg_net = q; break;
      case 1: r->si0 = q; break;
      case 2: r->sj0 = q; break;
      case 3: r->si1 = q; break;
      case 4: r->sj1 = q; break;
      case 5: r->smid = q; break;
      default: r->skind = q; break;
      }
    }
    r->cap_segs = c;
  }
  int64_t s = r->nsegs++;
  r->seg_net[s] = n;
  r->si0[s] = i0;
  r->sj0[s] = j0;
  r->si1[s] = i1;
  r->sj1[s] = j1;
  r->smid[s] = i1;
  r->skind[s] = PAT_HVH;
  return 0;
}

/* Steiner trees over the GCells of every net -> segments. */
static int decompose(rt_route_t *r, const db_t *db) {
  const rt_grid_t *g = r->g;
  if (UT_RESERVE(r->net_seg, r->cap_nets, db->nnets + 1) ||
      UT_RESERVE(r->order, r->cap_order, db->nnets + 1))
    return UT_ENOMEM;
  r->nsegs = 0;
  for (size_t n = 0; n < db->nnets; n++) {
    r->net_seg[n] = (int32_t)r->nsegs;
    if (db->net_use[n] == DB_USE_POWER || db->net_use[n] == DB_USE_GROUND) continue;
    size_t deg = (size_t)(db->net_pin_start[n + 1] - db->net_pin_start[n]);
    if (UT_RESERVE(r->px, r->cap_px, deg) || UT_RESERVE(r->py, r->cap_py, deg)) return UT_ENOMEM;
    int k = 0;
    for (int32_t p = db->net_pin_start[n]; p < db->net_pin_start[n + 1]; p++) {
      int64_t x, y;
      if (db_pin_pos(db, p, &x, &y)) continue;
      r->px[k] = rt_grid_col(g, x);
      r->py[k] = rt_grid_row(g, y);
      k++;
    }
    if (k < 2) continue;
    rt_tree_t t;
    int rc = rt_steiner_tree(r->st, k, r->px, r->py, RT_STEINER_AUTO, &t);
    if (rc) return rc;
    if (t.nterm < 2) {
      r->stats.nets_local++;
      continue;
    }
    r->stats.nets_routed++;
    for (int e = 0; e < t.nedges; e++) {
      int a = t.eu[e], b = t.ev[e];
      if (add_seg(r, (int32_t)n, (int)t.x[a], (int)t.y[a], (int)t.x[b], (int)t.y[b]))
        return UT_ENOMEM;
    }
  }
  r->net_seg[db->nnets] = (int32_t)r->nsegs;
  return 0;
}

static double total_overflow(const rt_route_t *r, int64_t *nover) {
  double t = 0;
  int64_t n = 0;
  for (int64_t e = 0; e < r->neh; e++) {
    double o = r->dh[e] - r->g->cap_h[e];
    if (o > 1e-9) t += o, n++;
  }
  for (int64_t e = 0; e < r->nev; e++) {
    double o = r->dv[e] - r->g->cap_v[e];
    if (o > 1e-9) t += o, n++;
  }
  if (nover) *nover = n;
  return t;
}

int rt_route_run(rt_route_t *r, const db_t *db) {
  const rt_grid_t *g = r->g;
  memset(&r->stats, 0, sizeof r->stats);
  size_t nh = (size_t)r->neh, nv = (size_t)r->nev;
  memset(r->dh, 0, nh * sizeof *r->dh);
  memset(r->dv, 0, nv * sizeof *r->dv);
  memset(r->hh, 0, nh * sizeof *r->hh);
  memset(r->hv, 0, nv * sizeof *r->hv);
  for (size_t e = 0; e < nh; e++) upd_h(r, (int64_t)e);
  for (size_t e = 0; e < nv; e++) upd_v(r, (int64_t)e);
  int rc = decompose(r, db);
  if (rc) return rc;
  r->stats.nsegs = r->nsegs;

  /* pattern pass: short nets first */
  int32_t nord = 0;
  for (size_t n = 0; n < db->nnets; n++) {
    if (r->net_seg[n] == r->net_seg[n + 1]) continue;
    int64_t x0 = INT64_MAX, x1 = INT64_MIN, y0 = INT64_MAX, y1 = INT64_MIN;
    for (int32_t s = r->net_seg[n]; s < r->net_seg[n + 1]; s++) {
      int a[2] = {r->si0[s], r->si1[s]}, b[2] = {r->sj0[s], r->sj1[s]};
      for (int k = 0; k < 2; k++) {
        if (a[k] < x0) x0 = a[k];
        if (a[k] > x1) x1 = a[k];
        if (b[k] < y0) y0 = b[k];
        if (b[k] > y1) y1 = b[k];
      }
    }
    r->order[nord++] = (rkey_t){(x1 - x0) + (y1 - y0), (int32_t)n};
  }
  qsort(r->order, (size_t)nord, sizeof *r->order, cmp_key_asc);
  for (int32_t k = 0; k < nord; k++) route_net(r, r->order[k].net, r->o.zmid);
  int64_t nover;
  r->stats.overflow0 = r->stats.overflow = total_overflow(r, &nover);
  UT_INFO("RT", "pattern routing: %d nets, %lld segments, overflow %.1f on %lld edges",
          r->stats.nets_routed, (long long)r->nsegs, r->stats.overflow, (long long)nover);

  /* rip-up and reroute */
  for (int round = 1; round <= r->o.rounds && r->stats.overflow > 0; round++) {
    for (size_t e = 0; e < nh; e++)
      if (r->dh[e] > g->cap_h[e] + 1e-9) {
        r->hh[e] += r->o.history;
        upd_h(r, (int64_t)e);
      }
    for (size_t e = 0; e < nv; e++)
      if (r->dv[e] > g->cap_v[e] + 1e-9) {
        r->hv[e] += r->o.history;
        upd_v(r, (int64_t)e);
      }
    int32_t nrip = 0;
    for (size_t n = 0; n < db->nnets; n++) {
      if (r->net_seg[n] == r->net_seg[n + 1]) continue;
      next_epoch(r);
      int64_t c = 0;
      for (int32_t s = r->net_seg[n]; s < r->net_seg[n + 1]; s++) c += walk_seg(r, s, OP_COUNT);
      if (c > 0) r->order[nrip++] = (rkey_t){-c, (int32_t)n};   /* most overflowing edges first */
    }
    qsort(r->order, (size_t)nrip, sizeof *r->order, cmp_key_asc);
    for (int32_t k = 0; k < nrip; k++) {
      ripup_net(r, r->order[k].net);
      route_net(r, r->order[k].net, 4 * r->o.zmid);
    }
    r->stats.ripped += nrip;
    r->stats.rounds_done = round;
    r->stats.overflow = total_overflow(r, &nover);
    UT_INFO("RT", "rip-up round %d: rerouted %d nets, overflow %.1f on %lld edges", round, nrip,
            r->stats.overflow, (long long)nover);
  }

  /* wirelength */
  double wl = 0;
  int64_t wg = 0;
  for (int j = 0; j < r->ny; j++)
    for (int i = 0; i + 1 < r->nx; i++) {
      int32_t d = r->dh[(int64_t)j * (r->nx - 1) + i];
      wg += d;
      wl += d * 0.5 * (double)(rt_grid_cx2(g, i + 1) - rt_grid_cx2(g, i));
    }
  for (int j = 0; j + 1 < r->ny; j++)
    for (int i = 0; i < r->nx; i++) {
      int32_t d = r->dv[(int64_t)j * r->nx + i];
      wg += d;
      wl += d * 0.5 * (double)(rt_grid_cy2(g, j + 1) - rt_grid_cy2(g, j));
    }
  r->stats.wl_gcells = wg;
  r->stats.wl_um = wl / g->dbu;
  return 0;
}

const int32_t *rt_route_demand_h(const rt_route_t *r) { return r->dh; }
const int32_t *rt_route_demand_v(const rt_route_t *r) { return r->dv; }

void rt_route_demand(const rt_route_t *r, double *dem_h, double *dem_v) {
  for (int64_t e = 0; e < r->neh; e++) dem_h[e] = r->dh[e];
  for (int64_t e = 0; e < r->nev; e++) dem_v[e] = r->dv[e];
}

void rt_route_stats(const rt_route_t *r, rt_route_stats_t *out) { *out = r->stats; }

int64_t rt_route_nsegs(const rt_route_t *r) { return r->nsegs; }

void rt_route_seg(const rt_route_t *r, int64_t k, int32_t *net, int32_t pts[8]) {
  *net = r->seg_net[k];
  seg_corners(r, k, pts);
}
