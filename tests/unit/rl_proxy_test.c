/*
 * rl_proxy_test.c: the proxy cost terms of src/rl/rl_proxy.c on tiny hand-made placements with
 * known answers (wirelength normalization, density top 10%, the grid routing of 2- and 3-cell nets
 * and of a star, smoothing, macro routing allocation, the top 5% of [H ; V]), the top-k mean against
 * sorting, and the flat proxy of a real design.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "cmd/cmd.h"
#include "rl/rl_int.h"
#include "tap.h"

#define NEAR(a, b) (fabs((a) - (b)) < 1e-9)

static rl_proxy_opts_t popts(int smooth) {
  rl_proxy_opts_t o;
  rl_proxy_opts_default(&o);
  o.hroutes_per_um = 1;
  o.vroutes_per_um = 1;
  o.hmacro_alloc = 0;
  o.vmacro_alloc = 0;
  o.smooth = smooth;
  return o;
}

/* Nodes: ports (no area) unless given a size. */
static void add_net(rl_pnl_t *p, int32_t *np, int32_t *nn, const int32_t *nodes, int k, double w) {
  p->net_start[*nn] = *np;
  p->net_w[*nn] = w;
  for (int i = 0; i < k; i++) {
    p->pin_node[*np] = nodes[i];
    p->pin_dx[*np] = p->pin_dy[*np] = 0;
    (*np)++;
  }
  (*nn)++;
  p->net_start[*nn] = *np;
}

/* Density: 10 x 10 grid of 1 um cells.  A 2 x 2 macro covers 4 cells fully, a 1 x 1 cluster one
 * cell, a 1 x 1 cluster straddling two cells half each: the top 10 cells are
 * 1,1,1,1,1, 0.5,0.5, 0,0,0 -> mean 0.6 -> DEN = 0.3. */
static void test_density(void) {
  rl_pnl_t p;
  CHECK(rl_pnl_alloc(&p, 3, 1, 0) == 0);
  p.kind[0] = RL_NODE_HARD;
  p.w[0] = p.h[0] = 2;
  p.kind[1] = RL_NODE_SOFT;
  p.w[1] = p.h[1] = 1;
  p.kind[2] = RL_NODE_SOFT;
  p.w[2] = p.h[2] = 1;
  rl_proxy_opts_t o = popts(0);
  rl_pnl_setup(&p, 0, 0, 10, 10, 10, 10, &o);
  double cx[3] = {2, 5.5, 7.0}, cy[3] = {2, 5.5, 7.5};
  rl_eval_t e;
  CHECK(rl_eval_create(&e, &p) == 0);
  rl_proxy_t r;
  rl_pnl_eval(&p, cx, cy, NULL, &e, &r);
  CHECKF(NEAR(r.density, 0.3), "density %g", r.density);
  CHECK(NEAR(e.den[1 * 10 + 1], 1) && NEAR(e.den[5 * 10 + 5], 1));
  CHECK(NEAR(e.den[7 * 10 + 6], 0.5) && NEAR(e.den[7 * 10 + 7], 0.5));
  CHECK(r.cols == 10 && r.rows == 10 && r.w_density == 0.5);
  rl_eval_free(&e);
  rl_pnl_free(&p);
}

/* Congestion on a 3 x 3 grid of 1 um cells, one track per um each way (capacity 1 per cell):
 *  net A (2 cells): source (0,0) -> sink (2,2): H on row 0 at columns 0, 1; V on column 2 at
 *    rows 0, 1;
 *  net B (3 cells) (0,1), (1,0), (2,2): not a staircase, no shared column or row -> T shape:
 *    trunk on the middle row (1) over columns 0, 1; branches: column 1 rows [0, 1), column 2
 *    rows [1, 2).
 *  weights 1 and 2.  Expected (col, row):
 *    H: (0,0)=1 (1,0)=1 (0,1)=2 (1,1)=2
 *    V: (2,0)=1 (2,1)=1+2=3 (1,0)=2
 *  CONG = top floor(0.05 * 18) -> 1 value = max = 3. */
static void test_congestion(void) {
  rl_pnl_t p;
  CHECK(rl_pnl_alloc(&p, 6, 5, 2) == 0);
  for (int v = 0; v < 6; v++) p.kind[v] = RL_NODE_PORT;
  int32_t np = 0, nn = 0;
  int32_t a[2] = {0, 1}, b[3] = {2, 3, 4};
  add_net(&p, &np, &nn, a, 2, 1.0);
  add_net(&p, &np, &nn, b, 3, 2.0);
  p.nnets = nn;
  p.npins = np;
  rl_proxy_opts_t o = popts(0);
  rl_pnl_setup(&p, 0, 0, 3, 3, 3, 3, &o);
  double cx[6] = {0.5, 2.5, 0.5, 1.5, 2.5, 0}, cy[6] = {0.5, 2.5, 1.5, 0.5, 2.5, 0};
  rl_eval_t e;
  CHECK(rl_eval_create(&e, &p) == 0);
  rl_proxy_t r;
  rl_pnl_eval(&p, cx, cy, NULL, &e, &r);
  const double H[9] = {1, 1, 0, 2, 2, 0, 0, 0, 0};   /* row-major: index row * 3 + col */
  const double V[9] = {0, 2, 1, 0, 0, 3, 0, 0, 0};
  int okh = 1, okv = 1;
  for (int i = 0; i < 9; i++) {
    if (!NEAR(e.hc[i], H[i])) okh = 0;
    if (!NEAR(e.vc[i], V[i])) okv = 0;
  }
  CHECK(okh);
  CHECK(okv);
  CHECKF(NEAR(r.congestion, 3), "congestion %g", r.congestion);
  /* wirelength: A spans 2 + 2, B spans 2 + 2 (weight 2): 12 / (3 * (3 + 3)) */
  CHECKF(NEAR(r.wirelength, 12.0 / 18.0), "wirelength %g", r.wirelength);
  CHECK(NEAR(r.hpwl_um, 12));
  CHECK(NEAR(r.cost, r.wirelength + 0.5 * r.density + 0.5 * r.congestion));

  /* a staircase: (0,0), (1,1), (2,2) -> two L segments: H (0,0), (1,1); V (1,0), (2,1) */
  int32_t c3[3] = {0, 1, 2};
  nn = np = 0;
  add_net(&p, &np, &nn, c3, 3, 1.0);
  p.nnets = nn;
  rl_pnl_setup(&p, 0, 0, 3, 3, 3, 3, &o);
  double sx[6] = {0.5, 1.5, 2.5, 0, 0, 0}, sy[6] = {0.5, 1.5, 2.5, 0, 0, 0};
  rl_pnl_eval(&p, sx, sy, NULL, &e, &r);
  CHECK(NEAR(e.hc[0], 1) && NEAR(e.hc[4], 1) && NEAR(e.vc[1], 1) && NEAR(e.vc[5], 1));
  double tot = 0;
  for (int i = 0; i < 9; i++) tot += e.hc[i] + e.vc[i];
  CHECK(NEAR(tot, 4));

  /* a 4-cell net is a star from its source (1,1) to (0,0), (2,0), (1,2):
   * H row 1: columns [0,1) and [1,2) -> (0,1), (1,1); V col 0 [0,1) -> (0,0), col 2 [0,1) -> (2,0),
   * col 1 [1,2) -> (1,1) */
  int32_t c4[4] = {0, 1, 2, 3};
  nn = np = 0;
  add_net(&p, &np, &nn, c4, 4, 1.0);
  p.nnets = nn;
  rl_pnl_setup(&p, 0, 0, 3, 3, 3, 3, &o);
  rl_eval_free(&e);   /* the scratch is sized for the largest net */
  CHECK(rl_eval_create(&e, &p) == 0);
  double fx[6] = {1.5, 0.5, 2.5, 1.5, 0, 0}, fy[6] = {1.5, 0.5, 0.5, 2.5, 0, 0};
  rl_pnl_eval(&p, fx, fy, NULL, &e, &r);
  CHECK(NEAR(e.hc[3], 1) && NEAR(e.hc[4], 1) && NEAR(e.vc[0], 1) && NEAR(e.vc[2], 1) &&
        NEAR(e.vc[4], 1));

  /* smoothing 1 on net A alone: H demand 1 at (0,0) spreads over columns 0..1 (1/2 each), at (1,0)
   * over columns 0..2 (1/3 each): row 0 = (5/6, 5/6, 1/3); V at (2,0), (2,1) over rows 0..1 and
   * 0..2: column 2 = (1/2 + 1/3, 1/2 + 1/3, 1/3) */
  o = popts(1);
  nn = np = 0;
  add_net(&p, &np, &nn, a, 2, 1.0);
  p.nnets = nn;
  rl_pnl_setup(&p, 0, 0, 3, 3, 3, 3, &o);
  rl_pnl_eval(&p, cx, cy, NULL, &e, &r);
  CHECK(NEAR(e.hc[0], 5.0 / 6) && NEAR(e.hc[1], 5.0 / 6) && NEAR(e.hc[2], 1.0 / 3));
  CHECK(NEAR(e.vc[2], 5.0 / 6) && NEAR(e.vc[5], 5.0 / 6) && NEAR(e.vc[8], 1.0 / 3));
  rl_eval_free(&e);
  rl_pnl_free(&p);
}

/* Macro allocation: a 1.5 x 1 macro at cells (1,1)-(2,1) of a 3 x 3 grid (1 um cells), routes 2 per
 * um, macros block 1 per um: cell (1,1) fully covered: H += 1 * 1 / (1 * 2) = 0.5, V += 1 * 1 / 2 =
 * 0.5; cell (2,1) half covered in x: H += 1 * 1 / 2 = 0.5, V += 0.5 * 1 / 2 = 0.25. */
static void test_macro_alloc(void) {
  rl_pnl_t p;
  CHECK(rl_pnl_alloc(&p, 1, 1, 0) == 0);
  p.kind[0] = RL_NODE_HARD;
  p.w[0] = 1.5;
  p.h[0] = 1;
  rl_proxy_opts_t o = popts(0);
  o.hroutes_per_um = o.vroutes_per_um = 2;
  o.hmacro_alloc = o.vmacro_alloc = 1;
  rl_pnl_setup(&p, 0, 0, 3, 3, 3, 3, &o);
  double cx[1] = {1.75}, cy[1] = {1.5};
  rl_eval_t e;
  CHECK(rl_eval_create(&e, &p) == 0);
  rl_proxy_t r;
  rl_pnl_eval(&p, cx, cy, NULL, &e, &r);
  CHECK(NEAR(e.hc[4], 0.5) && NEAR(e.vc[4], 0.5) && NEAR(e.hc[5], 0.5) && NEAR(e.vc[5], 0.25));
  CHECK(NEAR(r.congestion, 0.5));
  CHECK(NEAR(r.wirelength, 0));
  rl_eval_free(&e);
  rl_pnl_free(&p);
}

static int dcmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? 1 : x > y ? -1 : 0;
}

static void test_topk(void) {
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  int ok = 1;
  for (int t = 0; t < 200; t++) {
    int n = 1 + (int)gsl_rng_uniform_int(r, 300), k = 1 + (int)gsl_rng_uniform_int(r, (unsigned long)n);
    double v[300], w[300];
    for (int i = 0; i < n; i++) v[i] = w[i] = (double)gsl_rng_uniform_int(r, 20);   /* many ties */
    qsort(w, (size_t)n, sizeof *w, dcmp);
    double s = 0;
    for (int i = 0; i < k; i++) s += w[i];
    if (fabs(rl_topk_mean(v, n, k) - s / k) > 1e-9) ok = 0;
  }
  CHECK(ok);
  gsl_rng_free(r);
}

/* The flat proxy of a real design: finite terms, the weights reported, the weighted sum. */
static void test_flat(void) {
  db_t *db = NULL;
  const char *lef = "tests/rl/small.lef";
  CHECK(cmd_load_design(&db, "tests/rl/small.def", &lef, 1, 1) == 0);
  if (!db) return;
  rl_proxy_opts_t o;
  rl_proxy_opts_default(&o);
  o.w_wirelength = 2;
  rl_proxy_t r;
  CHECK(rl_proxy_cost(db, &o, &r) == 0);
  CHECK(isfinite(r.wirelength) && r.wirelength > 0 && isfinite(r.density) && r.density > 0 &&
        isfinite(r.congestion) && r.congestion > 0);
  CHECK(r.w_wirelength == 2 && r.w_density == 0.5 && r.w_congestion == 0.5);
  CHECK(NEAR(r.cost, 2 * r.wirelength + 0.5 * r.density + 0.5 * r.congestion));
  CHECK(r.cols == 16 && r.rows == 16);
  /* HPWL of the proxy (pins at their DEF positions, signal nets) equals the database's */
  CHECKF(fabs(r.hpwl_um - (double)db_hpwl(db) / db->dbu) < 1e-6 * r.hpwl_um, "hpwl %g vs %g",
         r.hpwl_um, (double)db_hpwl(db) / db->dbu);
  db_destroy(db);
}

int main(void) {
  test_density();
  test_congestion();
  test_macro_alloc();
  test_topk();
  test_flat();
  return tap_done();
}
