/* dp_hpwl_test.c: the detailed placement evaluator against slow obvious code.
 *  - after random sequences of trial moves (1..5 cells anywhere, any std orientation, snapped to a
 *    coarse grid so that pins tie on box sides), each committed or reverted at random: the
 *    incremental delta equals the HPWL recomputed from scratch, the cached net boxes and side
 *    counts equal a naive scan, a revert restores the placement, and the written-back database
 *    has db_hpwl equal to the engine's HPWL;
 *  - the one-cell cost model equals a one-cell dp_try;
 *  - the optimal region equals the median of naive net boxes without the cell;
 * on tests/dp/dp_mixed.def and dp_fence.def, and on the shared gcd (IO pins, a 50-pin net) when
 * ../shared/benchmarks is there. */
#include <stdlib.h>
#include <string.h>

#include "def.h"
#include "e2e/designs.h"
#include "lef.h"
#include "place/dp_int.h"
#include "place/lg_legalize.h"
#include "tap.h"

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t next(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}
static int64_t rnd(int64_t lo, int64_t hi) {
  return lo + (int64_t)(next() % (uint64_t)(hi - lo + 1));
}

static db_t *load2(const char *lef, const char *def) {
  ut_diag_t d;
  ut_diag_init(&d);
  d.quiet = 1;
  db_t *db = NULL;
  if (db_create(&db)) return NULL;
  if (lef_read(db, lef, &d) || def_read(db, def, &d)) {
    fprintf(stderr, "cannot read %s: %s\n", def, d.first);
    db_destroy(db);
    return NULL;
  }
  return db;
}

/* Naive box of net n from the entries and the current cx/cy/co. */
static void naive_box(const dp_t *d, int32_t n, int32_t skip, dbu_t b[4], int32_t k[4], int *cnt) {
  b[0] = b[2] = INT32_MAX;
  b[1] = b[3] = INT32_MIN;
  k[0] = k[1] = k[2] = k[3] = 0;
  *cnt = 0;
  for (int32_t e = d->nstart[n]; e < d->nstart[n + 1]; e++) {
    int32_t c = d->ecell[e];
    if (c == skip && c >= 0) continue;
    dbu_t x, y;
    if (c < 0) {
      x = d->ex[e];
      y = d->ey[e];
    } else {
      int o = d->co[c];
      dbu_t ox, oy;
      db_orient_xform(o, d->cw[c], d->ch[c], d->ex[e], d->ey[e], &ox, &oy);
      x = d->cx[c] + ox;
      y = d->cy[c] + oy;
    }
    (*cnt)++;
    if (x < b[0]) b[0] = x;
    if (x > b[1]) b[1] = x;
    if (y < b[2]) b[2] = y;
    if (y > b[3]) b[3] = y;
  }
  for (int32_t e = d->nstart[n]; e < d->nstart[n + 1] && *cnt; e++) {
    int32_t c = d->ecell[e];
    if (c == skip && c >= 0) continue;
    dbu_t x, y;
    if (c < 0) {
      x = d->ex[e];
      y = d->ey[e];
    } else {
      dbu_t ox, oy;
      db_orient_xform(d->co[c], d->cw[c], d->ch[c], d->ex[e], d->ey[e], &ox, &oy);
      x = d->cx[c] + ox;
      y = d->cy[c] + oy;
    }
    k[0] += x == b[0];
    k[1] += x == b[1];
    k[2] += y == b[2];
    k[3] += y == b[3];
  }
}

static int boxes_ok(const dp_t *d) {
  for (int32_t n = 0; n < d->nnets; n++) {
    if (d->nstart[n + 1] == d->nstart[n]) continue;
    dbu_t b[4];
    int32_t k[4];
    int cnt;
    naive_box(d, n, -1, b, k, &cnt);
    const dp_box_t *q = &d->nb[n];
    if (b[0] != q->x0 || b[1] != q->x1 || b[2] != q->y0 || b[3] != q->y1 || k[0] != q->k0 ||
        k[1] != q->k1 || k[2] != q->k2 || k[3] != q->k3) {
      fprintf(stderr,
              "net %d: box (%d %d %d %d) counts (%d %d %d %d) cached (%d %d %d %d) (%d %d %d %d)\n",
              n, b[0], b[1], b[2], b[3], k[0], k[1], k[2], k[3], q->x0, q->x1, q->y0, q->y1,
              q->k0, q->k1, q->k2, q->k3);
      return 0;
    }
  }
  return 1;
}

static int cmp_dbu(const void *a, const void *b) {
  dbu_t x = *(const dbu_t *)a, y = *(const dbu_t *)b;
  return x < y ? -1 : x > y;
}

static void check_region(dp_t *d, int32_t c) {
  dbu_t vx[512], vy[512];
  int k = 0;
  int32_t lastn = -1;
  for (int32_t e = d->cstart[c]; e < d->cstart[c + 1] && k < 256; e++) {
    int32_t q = d->centry[e], n = d->enet[q];
    if (n == lastn) continue;
    lastn = n;
    dbu_t b[4];
    int32_t kk[4];
    int cnt;
    naive_box(d, n, c, b, kk, &cnt);
    if (!cnt) continue;
    dbu_t ox, oy;
    db_orient_xform(d->co[c], d->cw[c], d->ch[c], d->ex[q], d->ey[q], &ox, &oy);
    vx[2 * k] = b[0] - ox;
    vx[2 * k + 1] = b[1] - ox;
    vy[2 * k] = b[2] - oy;
    vy[2 * k + 1] = b[3] - oy;
    k++;
  }
  dbu_t xl, xh, yl, yh;
  int got = dp_opt_region(d, c, &xl, &xh, &yl, &yh);
  CHECK(got == (k > 0));
  if (!k || !got) return;
  qsort(vx, (size_t)(2 * k), sizeof *vx, cmp_dbu);
  qsort(vy, (size_t)(2 * k), sizeof *vy, cmp_dbu);
  CHECKF(xl == vx[k - 1] && xh == vx[k] && yl == vy[k - 1] && yh == vy[k],
         "cell %d: region x [%d %d] y [%d %d], naive x [%d %d] y [%d %d]", c, xl, xh, yl, yh,
         vx[k - 1], vx[k], vy[k - 1], vy[k]);
}

static void run(db_t *db, const char *name, int nops) {
  ut_diag_t diag;
  ut_diag_init(&diag);
  diag.quiet = 1;
  CHECKF(lg_run(db, NULL, NULL, &diag) == 0, "%s: lg_run: %s", name, diag.first);
  dp_opts_t o;
  dp_opts_default(&o);
  dp_t *d = NULL;
  CHECK(dp_create(&d, db, &o, &diag) == 0);
  if (!d) return;
  CHECKF(d->nmov > 0, "%s: no movable cells", name);
  CHECK(d->hpwl == db_hpwl(db));
  CHECK(d->hpwl == dp_hpwl_slow(d));
  CHECK(boxes_ok(d));
  static const uint8_t OR[4] = {DB_N, DB_S, DB_FN, DB_FS};
  dbu_t span_x = db->core.x1 - db->core.x0, span_y = db->core.y1 - db->core.y0;
  int bad_delta = 0, bad_commit = 0, bad_revert = 0, bad_model = 0;
  int32_t c[5];
  dbu_t x[5], y[5], sx[5], sy[5];
  uint8_t orn[5], so[5];
  for (int op = 0; op < nops && d->nmov > 0; op++) {
    int n = (int)rnd(1, d->nmov < 5 ? d->nmov : 5);
    for (int i = 0; i < n; i++) {
      int32_t ci;
      int dup;
      do {
        ci = d->mov[rnd(0, d->nmov - 1)];
        dup = 0;
        for (int j = 0; j < i; j++) dup |= c[j] == ci;
      } while (dup);
      c[i] = ci;
      /* coarse grids so that pins often share a box side */
      dbu_t gx = (next() & 1) ? 2000 : 200;
      x[i] = db->core.x0 + (dbu_t)(rnd(0, span_x / gx) * gx);
      y[i] = db->core.y0 + (dbu_t)(rnd(0, span_y / 2000) * 2000);
      if (next() % 4 == 0) {   /* stay, or keep x */
        x[i] = d->cx[ci];
        if (next() & 1) y[i] = d->cy[ci];
      }
      orn[i] = OR[next() % 4];
      sx[i] = d->cx[ci];
      sy[i] = d->cy[ci];
      so[i] = d->co[ci];
    }
    int64_t h0 = d->hpwl;
    if (n == 1) {   /* the cost model against a one-cell trial */
      dp_model_build(d, c[0]);
      int64_t m = dp_model_cost(d, x[0], y[0], orn[0]) - dp_model_cost(d, sx[0], sy[0], so[0]);
      int64_t t = dp_try(d, 1, c, x, y, orn);
      dp_revert(d);
      bad_model += m != t;
    }
    int64_t delta = dp_try(d, n, c, x, y, orn);
    int64_t slow = dp_hpwl_slow(d);
    bad_delta += slow - h0 != delta;
    if (next() & 1) {
      dp_commit(d);
      bad_commit += d->hpwl != slow;
    } else {
      dp_revert(d);
      for (int i = 0; i < n; i++)
        bad_revert += d->cx[c[i]] != sx[i] || d->cy[c[i]] != sy[i] || d->co[c[i]] != so[i];
      bad_revert += d->hpwl != h0;
    }
    if (op % 97 == 0) check_region(d, c[0]);
    if (op % 1000 == 999) {
      CHECKF(boxes_ok(d), "%s: cached boxes after %d ops", name, op + 1);
      dp_write_back(d);
      CHECKF(db_hpwl(db) == d->hpwl, "%s: db_hpwl %lld, engine %lld", name,
             (long long)db_hpwl(db), (long long)d->hpwl);
    }
  }
  CHECKF(bad_delta == 0, "%s: %d wrong deltas in %d trials", name, bad_delta, nops);
  CHECKF(bad_commit == 0, "%s: %d wrong HPWL after commit", name, bad_commit);
  CHECKF(bad_revert == 0, "%s: %d bad reverts", name, bad_revert);
  CHECKF(bad_model == 0, "%s: %d cost-model mismatches", name, bad_model);
  CHECK(boxes_ok(d));
  dp_write_back(d);
  CHECK(db_hpwl(db) == d->hpwl);
  printf("%s: %d trials, %d movable cells, hpwl %lld\n", name, nops, d->nmov, (long long)d->hpwl);
  dp_destroy(d);
}

int main(void) {
  db_t *db = load2("tests/dp/dp.lef", "tests/dp/dp_mixed.def");
  CHECK(db != NULL);
  if (db) run(db, "dp_mixed", 20000);
  db_destroy(db);
  db = load2("tests/dp/dp.lef", "tests/dp/dp_fence.def");
  CHECK(db != NULL);
  if (db) run(db, "dp_fence", 10000);
  db_destroy(db);
  char lef[1024], def[1024];
  snprintf(lef, sizeof lef, "%s/tech/nangate45/Nangate45.lef", tap_bench());
  snprintf(def, sizeof def, "%s/openroad_dpl/gcd/gcd_replace.def", tap_bench());
  FILE *f = fopen(def, "r");
  if (f) {
    fclose(f);
    db = load2(lef, def);
    CHECK(db != NULL);
    if (db) run(db, "gcd_replace", 10000);
    db_destroy(db);
  } else {
    printf("skipped gcd (no %s)\n", def);
  }
  return tap_done();
}
