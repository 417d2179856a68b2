/*
 * rt_steiner.c: rectilinear Steiner minimal trees.
 *
 * Exact (small nets): Dreyfus & Wagner, "The Steiner problem in graphs", Networks 1(3), 1971, run
 * on the Hanan grid of the terminals (Hanan, SIAM J. Appl. Math. 14(2), 1966: some RSMT has all its
 * Steiner points on that grid).  With root terminal q and subsets D of the other k terminals,
 *   S(D, v) = min over u of [ min over E (proper, holding D's lowest terminal) S(E, u) + S(D\E, u) ]
 *             + d(u, v),
 * and the inner "+ d(u, v)" minimisation is an L1 distance transform, separable into two linear
 * sweeps per grid row and column (the Hanan grid graph's shortest paths are L1 distances), so the
 * cost is O(3^k V + 2^k V) with V <= (k+1)^2 grid nodes.  The tree comes from back-pointers.
 *
 * Heuristic (large nets): Borah, Owens & Irwin, "An edge-based heuristic for Steiner routing",
 * IEEE TCAD 13(12), 1994.  Start from the rectilinear MST (Prim); for a node p and a tree edge
 * e = (w, c) not incident to p, connect p to the point m = median(p, w, c) on e's bounding box and
 * delete the longest edge r on the tree path from p to e: gain = |r| - d(p, m).  Every pass finds
 * the best pair for each node (a DFS from p gives the path maxima: O(n^2) per pass), then applies
 * the pairs in decreasing gain order, re-checking each against the current tree; passes repeat
 * until nothing improves.  The result is never longer than the MST.
 *
 * Both results are cleaned: Steiner points of degree 1 are dropped and those of degree 2 replaced
 * by one edge (never longer, by the triangle inequality).  Deterministic: every tie breaks on
 * index order.
 */
#include "route/rt_steiner.h"

#include <stdlib.h>
#include <string.h>

#include "util/ut.h"

#define RT_EXACT_LIMIT 12   /* distinct points the exact method accepts */
#define RT_BOI_PASSES 32
#define RT_BOI_WINDOW 96   /* BOI looks at the edges among the nearest (in hops) nodes of p */

typedef struct pt_t {
  int64_t x, y;
  int32_t k;
} pt_t;

typedef struct cand_t {
  int64_t gain;
  int32_t p, e;
} cand_t;

struct rt_steiner_t {
  int exact_max;
  /* input deduplication */
  size_t cap_in;
  pt_t *pts;
  int32_t *term_of, *first;
  /* tree under construction: nodes and edges with per-node linked half-edge lists */
  size_t cap_nodes, cap_edges;
  int nn, ne;
  int64_t *x, *y;
  int32_t *head, *deg;
  int32_t *eu, *ev, *nxt;    /* nxt: 2 per edge (half-edge h = 2e + side) */
  uint8_t *alive;
  /* DFS scratch (per node) */
  int32_t *par_e, *stack, *maxe, *newid, *order;
  int64_t *maxw;
  uint8_t *seen;
  /* Dreyfus-Wagner tables */
  size_t cap_dw, cap_grid;
  int64_t *S, *U, *R;
  int32_t *from, *split, *arg, *argr, *gnode;
  int64_t *hx, *hy;
  int32_t *bt;               /* backtracking stack (pairs) */
  /* BOI candidates */
  size_t cap_cand;
  cand_t *cand;
  /* output */
  size_t cap_out_nodes, cap_out_edges;
  int64_t *ox, *oy;
  int32_t *oeu, *oev;
};

static int64_t iabs64(int64_t v) { return v < 0 ? -v : v; }

static int64_t dist(const rt_steiner_t *s, int a, int b) {
  return iabs64(s->x[a] - s->x[b]) + iabs64(s->y[a] - s->y[b]);
}

int rt_steiner_create(rt_steiner_t **out, int exact_max) {
  *out = NULL;
  if (exact_max < 2 || exact_max > RT_EXACT_LIMIT) return UT_EINVAL;
  rt_steiner_t *s = ut_calloc(1, sizeof *s);
  if (!s) return UT_ENOMEM;
  s->exact_max = exact_max;
  *out = s;
  return 0;
}

void rt_steiner_destroy(rt_steiner_t *s) {
  if (!s) return;
  void *bufs[] = {s->pts, s->term_of, s->first, s->x, s->y, s->head, s->deg, s->eu, s->ev,
                  s->nxt, s->alive, s->par_e, s->stack, s->maxe, s->newid, s->order, s->maxw,
                  s->seen, s->S, s->U, s->R, s->from, s->split, s->arg, s->argr, s->gnode,
                  s->hx, s->hy, s->bt, s->cand, s->ox, s->oy, s->oeu, s->oev};
  for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++) ut_free(bufs[i]);
  ut_free(s);
}

/* Grow a buffer to n elements of size el (contents kept). */
static int grow(void **p, size_t n, size_t el) {
  void *q = ut_realloc(*p, (n ? n : 1) * el);
  if (!q) return UT_ENOMEM;
  *p = q;
  return 0;
}

static int ensure_nodes(rt_steiner_t *s, size_t need) {
  if (need <= s->cap_nodes) return 0;
  size_t c = s->cap_nodes ? s->cap_nodes : 16;
  while (c < need) c *= 2;
  if (grow((void **)&s->x, c, sizeof *s->x) || grow((void **)&s->y, c, sizeof *s->y) ||
      grow((void **)&s->head, c, sizeof *s->head) || grow((void **)&s->deg, c, sizeof *s->deg) ||
      grow((void **)&s->par_e, c, sizeof *s->par_e) ||
      grow((void **)&s->stack, c, sizeof *s->stack) ||
      grow((void **)&s->maxe, c, sizeof *s->maxe) ||
      grow((void **)&s->newid, c, sizeof *s->newid) ||
      grow((void **)&s->order, c, sizeof *s->order) ||
      grow((void **)&s->maxw, c, sizeof *s->maxw) || grow((void **)&s->seen, c, 1))
    return UT_ENOMEM;
  s->cap_nodes = c;
  return 0;
}

static int ensure_edges(rt_steiner_t *s, size_t need) {
  if (need <= s->cap_edges) return 0;
  size_t c = s->cap_edges ? s->cap_edges : 16;
  while (c < need) c *= 2;
  if (grow((void **)&s->eu, c, sizeof *s->eu) || grow((void **)&s->ev, c, sizeof *s->ev) ||
      grow((void **)&s->nxt, 2 * c, sizeof *s->nxt) || grow((void **)&s->alive, c, 1))
    return UT_ENOMEM;
  s->cap_edges = c;
  return 0;
}

static int add_node(rt_steiner_t *s, int64_t x, int64_t y) {
  if (ensure_nodes(s, (size_t)s->nn + 1)) return -1;
  int v = s->nn++;
  s->x[v] = x;
  s->y[v] = y;
  s->head[v] = -1;
  s->deg[v] = 0;
  s->seen[v] = 0;
  return v;
}

static int add_edge(rt_steiner_t *s, int u, int v) {
  if (ensure_edges(s, (size_t)s->ne + 1)) return UT_ENOMEM;
  int e = s->ne++;
  s->eu[e] = u;
  s->ev[e] = v;
  s->alive[e] = 1;
  s->nxt[2 * e] = s->head[u];
  s->head[u] = 2 * e;
  s->nxt[2 * e + 1] = s->head[v];
  s->head[v] = 2 * e + 1;
  s->deg[u]++;
  s->deg[v]++;
  return 0;
}

static void kill_edge(rt_steiner_t *s, int e) {
  s->alive[e] = 0;
  s->deg[s->eu[e]]--;
  s->deg[s->ev[e]]--;
}

static inline int other_end(const rt_steiner_t *s, int h) {
  return (h & 1) ? s->eu[h >> 1] : s->ev[h >> 1];
}

/* ---- input ------------------------------------------------------------------------------- */

static int cmp_pt(const void *a, const void *b) {
  const pt_t *p = a, *q = b;
  if (p->x != q->x) return p->x < q->x ? -1 : 1;
  if (p->y != q->y) return p->y < q->y ? -1 : 1;
  return (p->k > q->k) - (p->k < q->k);
}

/* Distinct points become nodes [0, m) in first-seen order; term_of maps inputs to nodes. */
static int load_points(rt_steiner_t *s, int n, const int64_t *x, const int64_t *y) {
  if ((size_t)n > s->cap_in) {
    size_t c = (size_t)n;
    if (grow((void **)&s->pts, c, sizeof *s->pts) ||
        grow((void **)&s->term_of, c, sizeof *s->term_of) ||
        grow((void **)&s->first, c, sizeof *s->first))
      return UT_ENOMEM;
    s->cap_in = c;
  }
  if (ensure_nodes(s, (size_t)n + 1)) return UT_ENOMEM;
  s->nn = 0;
  s->ne = 0;
  if (n <= 16) {
    for (int k = 0; k < n; k++) {
      int f = k;
      for (int j = 0; j < k; j++)
        if (x[j] == x[k] && y[j] == y[k]) {
          f = j;
          break;
        }
      s->first[k] = f;
    }
  } else {
    for (int k = 0; k < n; k++) s->pts[k] = (pt_t){x[k], y[k], k};
    qsort(s->pts, (size_t)n, sizeof *s->pts, cmp_pt);
    for (int i = 0; i < n; i++) {
      int k = s->pts[i].k;
      s->first[k] = (i > 0 && s->pts[i - 1].x == s->pts[i].x && s->pts[i - 1].y == s->pts[i].y)
                        ? s->first[s->pts[i - 1].k]
                        : k;
    }
  }
  for (int k = 0; k < n; k++) {
    if (s->first[k] == k) {
      s->term_of[k] = add_node(s, x[k], y[k]);
    } else {
      s->term_of[k] = s->term_of[s->first[k]];
    }
  }
  return 0;
}

/* ---- MST (Prim, O(m^2)) ------------------------------------------------------------------ */

static int build_mst(rt_steiner_t *s, int m) {
  if (m < 2) return 0;
  int64_t *best = s->maxw;
  int32_t *from = s->maxe;
  uint8_t *in = s->seen;
  for (int v = 0; v < m; v++) {
    best[v] = INT64_MAX;
    from[v] = -1;
    in[v] = 0;
  }
  int cur = 0;
  in[0] = 1;
  for (int it = 1; it < m; it++) {
    int nxt = -1;
    for (int v = 0; v < m; v++) {
      if (in[v]) continue;
      int64_t d = dist(s, cur, v);
      if (d < best[v]) {
        best[v] = d;
        from[v] = cur;
      }
      if (nxt < 0 || best[v] < best[nxt]) nxt = v;
    }
    in[nxt] = 1;
    if (add_edge(s, from[nxt], nxt)) return UT_ENOMEM;
    cur = nxt;
  }
  for (int v = 0; v < m; v++) in[v] = 0;   /* `seen` is all zero between searches */
  return 0;
}

/* ---- exact: Dreyfus-Wagner on the Hanan grid ----------------------------------------------- */

static int cmp_i64(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

static int uniq_i64(int64_t *v, int n) {
  qsort(v, (size_t)n, sizeof *v, cmp_i64);
  int u = 0;
  for (int i = 0; i < n; i++)
    if (!u || v[i] != v[u - 1]) v[u++] = v[i];
  return u;
}

static int find_i64(const int64_t *v, int n, int64_t key) {
  int lo = 0, hi = n - 1;
  while (lo < hi) {
    int mid = (lo + hi) / 2;
    if (v[mid] < key)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* One 1-D L1 lower envelope pass over `cnt` nodes base + i*stride with coordinates c[i]:
 * out[v] = min over u on the line of in[u] + |c_u - c_v|, with its argument. */
static void sweep(const int64_t *in, const int32_t *argin, int64_t *out, int32_t *argout,
                  const int64_t *c, int cnt, int base, int stride) {
  int v = base;
  out[v] = in[v];
  argout[v] = argin[v];
  for (int i = 1; i < cnt; i++) {
    int p = v;
    v += stride;
    int64_t cand = out[p] + (c[i] - c[i - 1]);
    if (cand < in[v]) {
      out[v] = cand;
      argout[v] = argout[p];
    } else {
      out[v] = in[v];
      argout[v] = argin[v];
    }
  }
  for (int i = cnt - 2; i >= 0; i--) {
    int p = v;
    v -= stride;
    int64_t cand = out[p] + (c[i + 1] - c[i]);
    if (cand < out[v]) {
      out[v] = cand;
      argout[v] = argout[p];
    }
  }
}

static int grid_node(rt_steiner_t *s, int v, int nxs) {
  if (s->gnode[v] < 0) {
    int id = add_node(s, s->hx[v % nxs], s->hy[v / nxs]);
    if (id < 0) return -1;
    s->gnode[v] = id;
  }
  return s->gnode[v];
}

static int build_exact(rt_steiner_t *s, int m) {
  if (m < 2) return 0;
  if (m == 2) return add_edge(s, 0, 1);
  if (grow((void **)&s->hx, (size_t)m, sizeof *s->hx) ||
      grow((void **)&s->hy, (size_t)m, sizeof *s->hy))
    return UT_ENOMEM;
  for (int t = 0; t < m; t++) {
    s->hx[t] = s->x[t];
    s->hy[t] = s->y[t];
  }
  int nxs = uniq_i64(s->hx, m), nys = uniq_i64(s->hy, m);
  int V = nxs * nys, k = m - 1;
  size_t nmask = (size_t)1 << k, need = nmask * (size_t)V;
  if (need > s->cap_dw) {
    if (grow((void **)&s->S, need, sizeof *s->S) || grow((void **)&s->from, need, sizeof *s->from) ||
        grow((void **)&s->split, need, sizeof *s->split))
      return UT_ENOMEM;
    s->cap_dw = need;
  }
  if ((size_t)V > s->cap_grid) {
    if (grow((void **)&s->U, (size_t)V, sizeof *s->U) ||
        grow((void **)&s->R, (size_t)V, sizeof *s->R) ||
        grow((void **)&s->arg, (size_t)V, sizeof *s->arg) ||
        grow((void **)&s->argr, (size_t)V, sizeof *s->argr) ||
        grow((void **)&s->gnode, (size_t)V, sizeof *s->gnode) ||
        grow((void **)&s->bt, 4 * (size_t)V + 4 * (size_t)m, sizeof *s->bt))
      return UT_ENOMEM;
    s->cap_grid = (size_t)V;
  }
  int32_t tv[RT_EXACT_LIMIT];
  for (int t = 0; t < m; t++)
    tv[t] = find_i64(s->hy, nys, s->y[t]) * nxs + find_i64(s->hx, nxs, s->x[t]);
  /* singletons: S({t}, v) = d(t, v) */
  for (int t = 0; t < k; t++) {
    int64_t *St = s->S + ((size_t)1 << t) * V;
    for (int v = 0; v < V; v++) {
      St[v] = iabs64(s->hx[v % nxs] - s->x[t]) + iabs64(s->hy[v / nxs] - s->y[t]);
      s->from[((size_t)1 << t) * V + v] = tv[t];
    }
  }
  for (size_t D = 3; D < nmask; D++) {
    if (!(D & (D - 1))) continue;   /* singletons done */
    size_t low = D & (~D + 1), rest = D ^ low;
    int64_t *U = s->U;
    for (int v = 0; v < V; v++) {
      U[v] = INT64_MAX;
      s->arg[v] = v;
    }
    int32_t *sp = s->split + D * V;
    /* E = low | sub, sub a proper subset of rest (E != D) */
    for (size_t sub = 0;; sub = (sub - rest) & rest) {
      size_t E = low | sub;
      if (E != D) {
        const int64_t *a = s->S + E * V, *b = s->S + (D ^ E) * V;
        for (int v = 0; v < V; v++) {
          int64_t c = a[v] + b[v];
          if (c < U[v]) {
            U[v] = c;
            sp[v] = (int32_t)E;
          }
        }
      }
      if (sub == rest) break;
    }
    /* S(D, v) = min_u U(u) + d(u, v): sweeps along rows, then columns */
    for (int j = 0; j < nys; j++) sweep(U, s->arg, s->R, s->argr, s->hx, nxs, j * nxs, 1);
    int64_t *SD = s->S + D * V;
    int32_t *fD = s->from + D * V;
    for (int i = 0; i < nxs; i++) sweep(s->R, s->argr, SD, fD, s->hy, nys, i, nxs);
  }
  /* backtrack from the root terminal */
  for (int v = 0; v < V; v++) s->gnode[v] = -1;
  for (int t = 0; t < m; t++) s->gnode[tv[t]] = t;
  int32_t *st = s->bt;
  int top = 0;
  st[top++] = (int32_t)(nmask - 1);
  st[top++] = tv[k];
  while (top) {
    int v = st[--top];
    size_t D = (size_t)st[--top];
    int u = s->from[D * V + v];
    if (u != v) {
      int a = grid_node(s, u, nxs), b = grid_node(s, v, nxs);
      if (a < 0 || b < 0 || add_edge(s, a, b)) return UT_ENOMEM;
    }
    if (!(D & (D - 1))) continue;
    size_t E = (size_t)s->split[D * V + u];
    st[top++] = (int32_t)E;
    st[top++] = u;
    st[top++] = (int32_t)(D ^ E);
    st[top++] = u;
  }
  return 0;
}

/* ---- heuristic: Borah-Owens-Irwin edge substitution ---------------------------------------- */

static int64_t med3(int64_t a, int64_t b, int64_t c) {
  if (a > b) {
    int64_t t = a;
    a = b;
    b = t;
  }
  return c < a ? a : (c > b ? b : c);
}

/* Breadth-first search from p over the current tree, visiting at most `limit` nodes (the nearest
 * in hops): par_e, maxw (longest edge
 * on the path from p), maxe (that edge) and order[] (visit order).  Returns the count.  Only the
 * visited nodes' `seen` flags are touched, so a search costs O(limit). */
static int bfs_from(rt_steiner_t *s, int p, int limit) {
  int qh = 0, qt = 0;
  s->order[qt++] = p;
  s->seen[p] = 1;
  s->par_e[p] = -1;
  s->maxw[p] = -1;
  s->maxe[p] = -1;
  while (qh < qt && qt < limit) {
    int w = s->order[qh++];
    for (int h = s->head[w]; h >= 0 && qt < limit; h = s->nxt[h]) {
      int e = h >> 1;
      if (!s->alive[e]) continue;
      int c = other_end(s, h);
      if (s->seen[c]) continue;
      s->seen[c] = 1;
      s->par_e[c] = e;
      int64_t len = dist(s, w, c);
      if (len > s->maxw[w]) {
        s->maxw[c] = len;
        s->maxe[c] = e;
      } else {
        s->maxw[c] = s->maxw[w];
        s->maxe[c] = s->maxe[w];
      }
      s->order[qt++] = c;
    }
  }
  for (int i = 0; i < qt; i++) s->seen[s->order[i]] = 0;
  return qt;
}

static int cmp_cand(const void *a, const void *b) {
  const cand_t *x = a, *y = b;
  if (x->gain != y->gain) return x->gain > y->gain ? -1 : 1;
  if (x->p != y->p) return x->p < y->p ? -1 : 1;
  return (x->e > y->e) - (x->e < y->e);
}

static int boi_pass(rt_steiner_t *s, int *applied) {
  *applied = 0;
  int nn0 = s->nn;
  if ((size_t)nn0 > s->cap_cand) {
    if (grow((void **)&s->cand, (size_t)nn0, sizeof *s->cand)) return UT_ENOMEM;
    s->cap_cand = (size_t)nn0;
  }
  int nc = 0;
  for (int p = 0; p < nn0; p++) {
    int cnt = bfs_from(s, p, RT_BOI_WINDOW);
    cand_t best = {0, p, -1};
    for (int i = 1; i < cnt; i++) {
      int c = s->order[i];
      int e = s->par_e[c];
      int w = s->eu[e] == c ? s->ev[e] : s->eu[e];
      if (w == p) continue;
      int64_t mx = med3(s->x[p], s->x[w], s->x[c]), my = med3(s->y[p], s->y[w], s->y[c]);
      int64_t gain = s->maxw[w] - (iabs64(s->x[p] - mx) + iabs64(s->y[p] - my));
      if (gain > best.gain) {
        best.gain = gain;
        best.e = e;
      }
    }
    if (best.e >= 0) s->cand[nc++] = best;
  }
  qsort(s->cand, (size_t)nc, sizeof *s->cand, cmp_cand);
  for (int i = 0; i < nc; i++) {
    int p = s->cand[i].p, e = s->cand[i].e;
    if (!s->alive[e]) continue;
    /* the endpoint of e nearer p is reached first; give up if the tree changed so much that it
     * left the window */
    int a = s->eu[e], b = s->ev[e];
    int cnt = bfs_from(s, p, RT_BOI_WINDOW), w = -1;
    for (int j = 0; j < cnt && w < 0; j++)
      if (s->order[j] == a || s->order[j] == b) w = s->order[j];
    if (w < 0 || w == p) continue;
    int c = w == a ? b : a;
    int r = s->maxe[w];
    int64_t mx = med3(s->x[p], s->x[w], s->x[c]), my = med3(s->y[p], s->y[w], s->y[c]);
    int64_t gain = s->maxw[w] - (iabs64(s->x[p] - mx) + iabs64(s->y[p] - my));
    if (gain <= 0 || r < 0) continue;
    kill_edge(s, r);
    int rc;
    if (mx == s->x[w] && my == s->y[w]) {
      rc = add_edge(s, p, w);
    } else if (mx == s->x[c] && my == s->y[c]) {
      rc = add_edge(s, p, c);
    } else if (mx == s->x[p] && my == s->y[p]) {
      kill_edge(s, e);
      rc = add_edge(s, w, p);
      if (!rc) rc = add_edge(s, p, c);
    } else {
      int m = add_node(s, mx, my);
      if (m < 0) return UT_ENOMEM;
      kill_edge(s, e);
      rc = add_edge(s, w, m);
      if (!rc) rc = add_edge(s, m, c);
      if (!rc) rc = add_edge(s, p, m);
    }
    if (rc) return rc;
    (*applied)++;
  }
  return 0;
}

static int build_heuristic(rt_steiner_t *s, int m) {
  int rc = build_mst(s, m);
  for (int pass = 0; !rc && pass < RT_BOI_PASSES; pass++) {
    int applied;
    rc = boi_pass(s, &applied);
    if (!applied) break;
  }
  return rc;
}

/* ---- cleanup and output -------------------------------------------------------------------- */

/* Drop Steiner points (nodes >= m) of degree 1 and bypass those of degree 2. */
static int cleanup(rt_steiner_t *s, int m) {
  for (int changed = 1; changed;) {
    changed = 0;
    for (int v = m; v < s->nn; v++) {
      if (s->deg[v] == 0 || s->deg[v] > 2) continue;
      int nb[2] = {-1, -1}, eb[2] = {-1, -1}, k = 0;
      for (int h = s->head[v]; h >= 0 && k < 2; h = s->nxt[h])
        if (s->alive[h >> 1]) {
          eb[k] = h >> 1;
          nb[k++] = other_end(s, h);
        }
      if (k == 0) continue;
      kill_edge(s, eb[0]);
      if (k == 2) {
        kill_edge(s, eb[1]);
        if (add_edge(s, nb[0], nb[1])) return UT_ENOMEM;
      }
      changed = 1;
    }
  }
  return 0;
}

static int emit(rt_steiner_t *s, int m, int n, rt_tree_t *out) {
  int nodes = 0, edges = 0;
  for (int v = 0; v < s->nn; v++) {
    s->newid[v] = (v < m || s->deg[v] > 0) ? nodes++ : -1;
  }
  for (int e = 0; e < s->ne; e++) edges += s->alive[e];
  if ((size_t)nodes > s->cap_out_nodes) {
    if (grow((void **)&s->ox, (size_t)nodes, sizeof *s->ox) ||
        grow((void **)&s->oy, (size_t)nodes, sizeof *s->oy))
      return UT_ENOMEM;
    s->cap_out_nodes = (size_t)nodes;
  }
  if ((size_t)edges > s->cap_out_edges) {
    if (grow((void **)&s->oeu, (size_t)edges, sizeof *s->oeu) ||
        grow((void **)&s->oev, (size_t)edges, sizeof *s->oev))
      return UT_ENOMEM;
    s->cap_out_edges = (size_t)edges;
  }
  for (int v = 0; v < s->nn; v++)
    if (s->newid[v] >= 0) {
      s->ox[s->newid[v]] = s->x[v];
      s->oy[s->newid[v]] = s->y[v];
    }
  int64_t len = 0;
  int k = 0;
  for (int e = 0; e < s->ne; e++) {
    if (!s->alive[e]) continue;
    s->oeu[k] = s->newid[s->eu[e]];
    s->oev[k] = s->newid[s->ev[e]];
    len += dist(s, s->eu[e], s->ev[e]);
    k++;
  }
  out->nterm = m;
  out->nnodes = nodes;
  out->x = s->ox;
  out->y = s->oy;
  out->nedges = edges;
  out->eu = s->oeu;
  out->ev = s->oev;
  out->length = len;
  out->term_of = s->term_of;
  (void)n;
  return 0;
}

int rt_steiner_tree(rt_steiner_t *s, int n, const int64_t *x, const int64_t *y, int method,
                    rt_tree_t *out) {
  memset(out, 0, sizeof *out);
  if (n < 0 || method < RT_STEINER_AUTO || method > RT_STEINER_MST) return UT_EINVAL;
  int rc = load_points(s, n, x, y);
  if (rc) return rc;
  int m = s->nn;
  if (method == RT_STEINER_AUTO) method = m <= s->exact_max ? RT_STEINER_EXACT
                                                           : RT_STEINER_HEURISTIC;
  if (method == RT_STEINER_EXACT && m > RT_EXACT_LIMIT) return UT_EINVAL;
  if (method == RT_STEINER_EXACT)
    rc = build_exact(s, m);
  else if (method == RT_STEINER_HEURISTIC)
    rc = build_heuristic(s, m);
  else
    rc = build_mst(s, m);
  if (!rc) rc = cleanup(s, m);
  if (!rc) rc = emit(s, m, n, out);
  return rc;
}

int rt_steiner_design(const db_t *db, int exact_max, int64_t *rsmt_out, int64_t *mst_out) {
  *rsmt_out = 0;
  if (mst_out) *mst_out = 0;
  rt_steiner_t *s;
  int rc = rt_steiner_create(&s, exact_max);
  if (rc) return rc;
  size_t maxdeg = 0;
  for (size_t n = 0; n < db->nnets; n++) {
    size_t d = (size_t)(db->net_pin_start[n + 1] - db->net_pin_start[n]);
    if (d > maxdeg) maxdeg = d;
  }
  int64_t *px = ut_malloc((maxdeg ? maxdeg : 1) * sizeof *px);
  int64_t *py = ut_malloc((maxdeg ? maxdeg : 1) * sizeof *py);
  if (!px || !py) rc = UT_ENOMEM;
  int64_t tot = 0, totm = 0;
  for (size_t n = 0; n < db->nnets && !rc; n++) {
    if (db->net_use[n] == DB_USE_POWER || db->net_use[n] == DB_USE_GROUND) continue;
    int k = 0;
    for (int32_t p = db->net_pin_start[n]; p < db->net_pin_start[n + 1]; p++)
      if (!db_pin_pos(db, p, &px[k], &py[k])) k++;
    if (k < 2) continue;
    rt_tree_t t;
    rc = rt_steiner_tree(s, k, px, py, RT_STEINER_AUTO, &t);
    if (rc) break;
    tot += t.length;
    if (mst_out) {
      rc = rt_steiner_tree(s, k, px, py, RT_STEINER_MST, &t);
      totm += t.length;
    }
  }
  ut_free(px);
  ut_free(py);
  rt_steiner_destroy(s);
  if (rc) return rc;
  *rsmt_out = tot;
  if (mst_out) *mst_out = totm;
  return 0;
}
