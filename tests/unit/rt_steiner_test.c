/*
 * rt_steiner_test.c: rectilinear Steiner trees against slow obvious code.
 *  - exact (Dreyfus-Wagner on the Hanan grid) equals brute force (the best MST over the terminals
 *    plus every subset of at most n-2 Hanan points) on random nets of 2..6 pins, duplicates and
 *    collinear points included;
 *  - the heuristic (Borah-Owens-Irwin) is never below exact and never above the MST, 3..12 pins;
 *    average gaps on random 6..9 pin nets are printed (docs/bench_route.md quotes them);
 *  - every tree is a valid tree: nnodes-1 edges, connected, Steiner points of degree >= 3,
 *    length = sum of L1 edge lengths, terminals mapped to nodes at their coordinates;
 *  - large nets (200, 1500 pins): heuristic <= MST and valid; determinism.
 */
#include <stdint.h>
#include <string.h>

#include "route/rt_steiner.h"
#include "tap.h"
#include "util/ut.h"

static unsigned long long g_rng = 0x2545F4914F6CDD1DULL;
static uint64_t rnd(void) {
  g_rng ^= g_rng >> 12;
  g_rng ^= g_rng << 25;
  g_rng ^= g_rng >> 27;
  return g_rng * 2685821657736338717ULL;
}
static int64_t urange(int64_t n) { return (int64_t)((rnd() >> 11) % (uint64_t)n); }

static int64_t l1(int64_t ax, int64_t ay, int64_t bx, int64_t by) {
  return (ax > bx ? ax - bx : bx - ax) + (ay > by ? ay - by : by - ay);
}

/* Prim over k points, O(k^2). */
static int64_t mst_len(int k, const int64_t *x, const int64_t *y) {
  int64_t best[64];
  int in[64];
  for (int i = 0; i < k; i++) {
    best[i] = INT64_MAX;
    in[i] = 0;
  }
  int64_t tot = 0;
  int cur = 0;
  in[0] = 1;
  for (int it = 1; it < k; it++) {
    int nx = -1;
    for (int v = 0; v < k; v++) {
      if (in[v]) continue;
      int64_t d = l1(x[cur], y[cur], x[v], y[v]);
      if (d < best[v]) best[v] = d;
      if (nx < 0 || best[v] < best[nx]) nx = v;
    }
    in[nx] = 1;
    tot += best[nx];
    cur = nx;
  }
  return tot;
}

/* Brute force: min over subsets S of Hanan points (|S| <= n-2) of MST(terminals + S). */
static int64_t brute(int n, const int64_t *x, const int64_t *y) {
  int64_t hx[64], hy[64];
  int ncand = 0;
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) {
      int64_t cx = x[i], cy = y[j];
      int dup = 0;
      for (int t = 0; t < n && !dup; t++) dup = x[t] == cx && y[t] == cy;
      for (int t = 0; t < ncand && !dup; t++) dup = hx[t] == cx && hy[t] == cy;
      if (!dup) {
        hx[ncand] = cx;
        hy[ncand] = cy;
        ncand++;
      }
    }
  int64_t px[64], py[64];
  memcpy(px, x, (size_t)n * sizeof *x);
  memcpy(py, y, (size_t)n * sizeof *y);
  int64_t best = mst_len(n, px, py);
  int maxs = n - 2;
  /* enumerate subsets of size 1..maxs by index combinations */
  int idx[16];
  for (int sz = 1; sz <= maxs && sz <= ncand; sz++) {
    for (int i = 0; i < sz; i++) idx[i] = i;
    for (;;) {
      for (int i = 0; i < sz; i++) {
        px[n + i] = hx[idx[i]];
        py[n + i] = hy[idx[i]];
      }
      int64_t l = mst_len(n + sz, px, py);
      if (l < best) best = l;
      int i = sz - 1;
      while (i >= 0 && idx[i] == ncand - sz + i) i--;
      if (i < 0) break;
      idx[i]++;
      for (int j = i + 1; j < sz; j++) idx[j] = idx[j - 1] + 1;
    }
  }
  return best;
}

/* Structural checks of a tree over the n input points. */
static int tree_ok(const rt_tree_t *t, int n, const int64_t *x, const int64_t *y) {
  if (t->nnodes < t->nterm) return 0;
  if (t->nterm >= 1 && t->nedges != t->nnodes - 1) return 0;
  for (int k = 0; k < n; k++) {
    int v = t->term_of[k];
    if (v < 0 || v >= t->nterm || t->x[v] != x[k] || t->y[v] != y[k]) return 0;
  }
  int par[4096], deg[4096];
  if (t->nnodes > 4096) return 0;
  for (int v = 0; v < t->nnodes; v++) {
    par[v] = v;
    deg[v] = 0;
  }
  int64_t len = 0;
  for (int e = 0; e < t->nedges; e++) {
    int a = t->eu[e], b = t->ev[e];
    if (a < 0 || b < 0 || a >= t->nnodes || b >= t->nnodes || a == b) return 0;
    int64_t d = l1(t->x[a], t->y[a], t->x[b], t->y[b]);
    if (d == 0) return 0;
    len += d;
    deg[a]++;
    deg[b]++;
    while (par[a] != a) a = par[a];
    while (par[b] != b) b = par[b];
    if (a == b) return 0;   /* cycle */
    par[a] = b;
  }
  for (int v = t->nterm; v < t->nnodes; v++)
    if (deg[v] < 3) return 0;
  return len == t->length;
}

int main(void) {
  rt_steiner_t *s;
  CHECK(rt_steiner_create(&s, 8) == 0);
  CHECK(rt_steiner_create(&(rt_steiner_t *){NULL}, 1) == UT_EINVAL);
  int64_t x[4096], y[4096];
  rt_tree_t t;

  /* known cases: a plus shape (4 arms of length 10) -> 40; 3 corners of a square -> 2 sides */
  int64_t cx[] = {0, 20, 10, 10}, cy[] = {10, 10, 0, 20};
  CHECK(rt_steiner_tree(s, 4, cx, cy, RT_STEINER_EXACT, &t) == 0 && t.length == 40 &&
        t.nnodes == 5 && tree_ok(&t, 4, cx, cy));
  CHECK(rt_steiner_tree(s, 4, cx, cy, RT_STEINER_MST, &t) == 0 && t.length == 60);
  int64_t qx[] = {0, 10, 0}, qy[] = {0, 0, 10};
  CHECK(rt_steiner_tree(s, 3, qx, qy, RT_STEINER_EXACT, &t) == 0 && t.length == 20);
  /* degenerate: one point, all duplicates, empty */
  int64_t dx[] = {5, 5, 5}, dy[] = {7, 7, 7};
  CHECK(rt_steiner_tree(s, 3, dx, dy, RT_STEINER_AUTO, &t) == 0 && t.length == 0 &&
        t.nterm == 1 && t.nedges == 0);
  CHECK(rt_steiner_tree(s, 0, dx, dy, RT_STEINER_AUTO, &t) == 0 && t.length == 0);

  /* exact vs brute force */
  int nbad = 0, ncase = 0;
  for (int n = 2; n <= 6; n++) {
    int reps = n <= 4 ? 300 : (n == 5 ? 120 : 30);
    for (int r = 0; r < reps; r++) {
      int64_t range = (r % 3 == 0) ? 6 : 1000;
      for (int k = 0; k < n; k++) {
        x[k] = urange(range) - range / 3;
        y[k] = urange(range);
      }
      int rc = rt_steiner_tree(s, n, x, y, RT_STEINER_EXACT, &t);
      /* brute force over the distinct points */
      int64_t ux[16], uy[16];
      int m = 0;
      for (int k = 0; k < n; k++) {
        int dup = 0;
        for (int j = 0; j < m && !dup; j++) dup = ux[j] == x[k] && uy[j] == y[k];
        if (!dup) {
          ux[m] = x[k];
          uy[m] = y[k];
          m++;
        }
      }
      int64_t b = brute(m, ux, uy);
      ncase++;
      if (rc || t.length != b || !tree_ok(&t, n, x, y)) {
        if (nbad++ < 5)
          fprintf(stderr, "exact mismatch n=%d: rc %d exact %lld brute %lld ok %d\n", n, rc,
                  (long long)t.length, (long long)b, tree_ok(&t, n, x, y));
      }
    }
  }
  CHECKF(nbad == 0, "%d of %d exact trees differ from brute force", nbad, ncase);

  /* heuristic between exact and MST; gaps on 6..9 pins */
  double gap_h[13] = {0}, gap_m[13] = {0};
  int cnt[13] = {0}, opt[13] = {0};
  nbad = 0;
  for (int n = 3; n <= 12; n++) {
    int reps = n <= 9 ? 400 : 20;
    for (int r = 0; r < reps; r++) {
      for (int k = 0; k < n; k++) {
        x[k] = urange(10000);
        y[k] = urange(10000);
      }
      int64_t le, lh, lm;
      int ok = 1;
      ok &= rt_steiner_tree(s, n, x, y, RT_STEINER_EXACT, &t) == 0 && tree_ok(&t, n, x, y);
      le = t.length;
      ok &= rt_steiner_tree(s, n, x, y, RT_STEINER_HEURISTIC, &t) == 0 && tree_ok(&t, n, x, y);
      lh = t.length;
      ok &= rt_steiner_tree(s, n, x, y, RT_STEINER_MST, &t) == 0 && tree_ok(&t, n, x, y);
      lm = t.length;
      ok &= lm == mst_len(n, x, y);
      ok &= le <= lh && lh <= lm;
      if (!ok && nbad++ < 5)
        fprintf(stderr, "n=%d exact %lld heur %lld mst %lld\n", n, (long long)le, (long long)lh,
                (long long)lm);
      gap_h[n] += (double)(lh - le) / (double)le;
      gap_m[n] += (double)(lm - le) / (double)le;
      opt[n] += lh == le;
      cnt[n]++;
    }
  }
  CHECKF(nbad == 0, "%d heuristic trees out of [exact, mst] or invalid", nbad);
  double sh = 0, sm = 0;
  int sc = 0;
  printf("pins  nets  heuristic-vs-exact  mst-vs-exact  heuristic optimal\n");
  for (int n = 3; n <= 12; n++) {
    printf("%4d  %4d  %17.3f%%  %11.3f%%  %16.1f%%\n", n, cnt[n], 100 * gap_h[n] / cnt[n],
           100 * gap_m[n] / cnt[n], 100.0 * opt[n] / cnt[n]);
    if (n >= 6 && n <= 9) {
      sh += gap_h[n];
      sm += gap_m[n];
      sc += cnt[n];
    }
  }
  printf("6..9 pins: heuristic %.3f%% above exact, MST %.3f%% above exact\n", 100 * sh / sc,
         100 * sm / sc);
  CHECKF(sh / sc < 0.02, "heuristic gap %.4f too large", sh / sc);

  /* large nets */
  for (int n = 200; n <= 1500; n += 1300) {
    for (int k = 0; k < n; k++) {
      x[k] = urange(100000);
      y[k] = urange(100000);
    }
    x[n - 1] = x[0];   /* a duplicate */
    y[n - 1] = y[0];
    int64_t lh, lm;
    CHECK(rt_steiner_tree(s, n, x, y, RT_STEINER_HEURISTIC, &t) == 0 && tree_ok(&t, n, x, y));
    lh = t.length;
    CHECK(rt_steiner_tree(s, n, x, y, RT_STEINER_MST, &t) == 0 && tree_ok(&t, n, x, y));
    lm = t.length;
    CHECKF(lh <= lm && lh > lm * 0.8, "n=%d heur %lld mst %lld", n, (long long)lh,
           (long long)lm);
    printf("%d random pins: heuristic %.3f%% below MST\n", n, 100.0 * (lm - lh) / lm);
    CHECK(rt_steiner_tree(s, n, x, y, RT_STEINER_AUTO, &t) == 0 && t.length == lh);
  }
  CHECK(rt_steiner_tree(s, 13, x, y, RT_STEINER_EXACT, &t) == UT_EINVAL);
  rt_steiner_destroy(s);
  rt_steiner_destroy(NULL);
  return tap_done();
}
