/*
 * rl_nn_test.c: the layers of src/rl against finite differences (dense, GCN, conv3, deconv,
 * masked softmax + PPO loss, value loss, the whole step network and the encoder), the PPO loss on a
 * tiny batch against a hand computation, and two Adam steps against a hand computation.
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "rl/rl_int.h"
#include "tap.h"

static gsl_rng *R;

static void fill(double *x, int n, double s) {
  for (int i = 0; i < n; i++) x[i] = s * (2.0 * gsl_rng_uniform(R) - 1.0);
}

static double dot(const double *a, const double *b, int n) {
  double s = 0;
  for (int i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}

/* Relative error with an absolute floor. */
static double relerr(double a, double b) { return fabs(a - b) / fmax(1e-5, fabs(a) + fabs(b)); }

#define H_FD 1e-6
#define TOL 1e-5

/* Check analytic gradient g of f at x[0..n) by central differences. */
#define FD_CHECK(name, x, n, g, expr)                                                    \
  do {                                                                                   \
    double worst_ = 0;                                                                   \
    for (int i_ = 0; i_ < (n); i_++) {                                                   \
      double s_ = (x)[i_];                                                               \
      (x)[i_] = s_ + H_FD;                                                               \
      double fp_ = (expr);                                                               \
      (x)[i_] = s_ - H_FD;                                                               \
      double fm_ = (expr);                                                               \
      (x)[i_] = s_;                                                                      \
      double fd_ = (fp_ - fm_) / (2 * H_FD);                                             \
      double e_ = relerr(fd_, (g)[i_]);                                                  \
      if (e_ > worst_) worst_ = e_;                                                      \
    }                                                                                    \
    CHECKF(worst_ < TOL, "%s: worst relative error %.3g", name, worst_);                  \
  } while (0)

/* ---- dense ---- */
static double dense_loss(int n, int in, int out, const double *X, const double *W, const double *b,
                         const double *G) {
  double Y[64];
  rl_dense_fwd(n, in, out, X, W, b, Y);
  return dot(Y, G, n * out);
}

static void test_dense(void) {
  enum { N = 3, IN = 4, OUT = 5 };
  double X[N * IN], W[OUT * IN], b[OUT], G[N * OUT];
  double dW[OUT * IN] = {0}, db[OUT] = {0}, dX[N * IN];
  fill(X, N * IN, 1);
  fill(W, OUT * IN, 1);
  fill(b, OUT, 1);
  fill(G, N * OUT, 1);
  rl_dense_bwd(N, IN, OUT, X, W, G, dW, db, dX);
  FD_CHECK("dense dW", W, OUT * IN, dW, dense_loss(N, IN, OUT, X, W, b, G));
  FD_CHECK("dense db", b, OUT, db, dense_loss(N, IN, OUT, X, W, b, G));
  FD_CHECK("dense dX", X, N * IN, dX, dense_loss(N, IN, OUT, X, W, b, G));
}

/* ---- GCN ---- */
enum { GN = 5, GD = 3, GE = 7 };
static const int32_t GSRC[GE] = {0, 1, 2, 3, 4, 1, 0};
static const int32_t GDST[GE] = {1, 0, 1, 2, 2, 3, 4};
static const double GW[GE] = {0.5, 1.0, 0.5, 0.3, 0.7, 1.0, 1.0};

static double gcn_loss(const double *H, const double *W, const double *b, const double *G) {
  double Z[GE * 2 * GD], M[GE * GD], Ho[GN * GD];
  rl_gcn_fwd(GN, GD, GE, GSRC, GDST, GW, H, W, b, Z, M, Ho);
  return dot(Ho, G, GN * GD);
}

static void test_gcn(void) {
  double H[GN * GD], W[GD * 2 * GD], b[GD], G[GN * GD];
  double Z[GE * 2 * GD], M[GE * GD], Ho[GN * GD], dW[GD * 2 * GD] = {0}, db[GD] = {0};
  double dH[GN * GD], scratch[3 * GE * GD];
  fill(H, GN * GD, 1);
  fill(W, GD * 2 * GD, 1);
  fill(b, GD, 0.5);
  fill(G, GN * GD, 1);
  rl_gcn_fwd(GN, GD, GE, GSRC, GDST, GW, H, W, b, Z, M, Ho);
  rl_gcn_bwd(GN, GD, GE, GSRC, GDST, GW, W, Z, M, G, dW, db, dH, scratch);
  FD_CHECK("gcn dW", W, GD * 2 * GD, dW, gcn_loss(H, W, b, G));
  FD_CHECK("gcn db", b, GD, db, gcn_loss(H, W, b, G));
  FD_CHECK("gcn dH", H, GN * GD, dH, gcn_loss(H, W, b, G));
}

/* ---- conv3 ---- */
enum { CI = 2, CO = 3, CR = 4, CC = 5 };
static double conv_loss(const double *X, const double *W, const double *b, const double *G) {
  double Y[CO * CR * CC], cols[CI * 9 * CR * CC];
  rl_conv3_fwd(CI, CO, CR, CC, X, W, b, Y, cols);
  return dot(Y, G, CO * CR * CC);
}

static void test_conv(void) {
  double X[CI * CR * CC], W[CO * CI * 9], b[CO], G[CO * CR * CC];
  double Y[CO * CR * CC], cols[CI * 9 * CR * CC], dcols[CI * 9 * CR * CC];
  double dW[CO * CI * 9] = {0}, db[CO] = {0}, dX[CI * CR * CC];
  fill(X, CI * CR * CC, 1);
  fill(W, CO * CI * 9, 1);
  fill(b, CO, 1);
  fill(G, CO * CR * CC, 1);
  rl_conv3_fwd(CI, CO, CR, CC, X, W, b, Y, cols);
  rl_conv3_bwd(CI, CO, CR, CC, W, cols, G, dW, db, dX, dcols);
  FD_CHECK("conv3 dW", W, CO * CI * 9, dW, conv_loss(X, W, b, G));
  FD_CHECK("conv3 db", b, CO, db, conv_loss(X, W, b, G));
  FD_CHECK("conv3 dX", X, CI * CR * CC, dX, conv_loss(X, W, b, G));
  /* a hand value: a single 1 in the middle of a 3x3 input, kernel 1..9, gives the kernel flipped */
  double x1[9] = {0, 0, 0, 0, 1, 0, 0, 0, 0}, w1[9], y1[9], c1[81];
  for (int i = 0; i < 9; i++) w1[i] = i + 1;
  rl_conv3_fwd(1, 1, 3, 3, x1, w1, NULL, y1, c1);
  for (int i = 0; i < 9; i++) CHECK(y1[i] == w1[8 - i]);
}

/* ---- deconv ---- */
enum { DI = 3, DO = 2, DR2 = 3, DC2 = 3, DR = 5, DCC = 6 };
static double deconv_loss(const double *X, const double *W, const double *b, const double *G) {
  double Y[DO * DR * DCC], cols[DO * 16 * DR2 * DC2];
  rl_deconv_fwd(DI, DO, DR2, DC2, DR, DCC, X, W, b, Y, cols);
  return dot(Y, G, DO * DR * DCC);
}

static void test_deconv(void) {
  double X[DI * DR2 * DC2], W[DI * DO * 16], b[DO], G[DO * DR * DCC];
  double dcols[DO * 16 * DR2 * DC2], dW[DI * DO * 16] = {0}, db[DO] = {0}, dX[DI * DR2 * DC2];
  fill(X, DI * DR2 * DC2, 1);
  fill(W, DI * DO * 16, 1);
  fill(b, DO, 1);
  fill(G, DO * DR * DCC, 1);
  rl_deconv_bwd(DI, DO, DR2, DC2, DR, DCC, X, W, G, dW, db, dX, dcols);
  FD_CHECK("deconv dW", W, DI * DO * 16, dW, deconv_loss(X, W, b, G));
  FD_CHECK("deconv db", b, DO, db, deconv_loss(X, W, b, G));
  FD_CHECK("deconv dX", X, DI * DR2 * DC2, dX, deconv_loss(X, W, b, G));
  /* stride 2, kernel 4, padding 1: one input pixel (0,0) touches output rows/cols 0..2 */
  double x1[4] = {1, 0, 0, 0}, w1[16], y1[16], c1[64];
  for (int i = 0; i < 16; i++) w1[i] = i;
  rl_deconv_fwd(1, 1, 2, 2, 4, 4, x1, w1, NULL, y1, c1);
  /* y[oy][ox] = w[oy+1][ox+1] for oy, ox in 0..2, else 0 */
  int ok = 1;
  for (int oy = 0; oy < 4; oy++)
    for (int ox = 0; ox < 4; ox++) {
      double want = (oy < 3 && ox < 3) ? w1[(oy + 1) * 4 + ox + 1] : 0;
      if (y1[oy * 4 + ox] != want) ok = 0;
    }
  CHECK(ok);
}

/* ---- PPO loss and value loss ---- */
enum { PN = 7 };
static const uint8_t PMASK[PN] = {1, 1, 0, 1, 1, 1, 0};

static double ppo_only(const double *l, int a, double lp_old, double adv, double eps, double ce) {
  double d[PN], p[PN];
  return rl_ppo_loss(PN, l, PMASK, a, lp_old, adv, eps, ce, d, p, NULL, NULL, NULL);
}

static void test_ppo_fd(void) {
  double l[PN], d[PN], p[PN];
  fill(l, PN, 2);
  /* lp_old chosen so that the ratio is inside the clip range, then outside it, both signs */
  double lse = rl_softmax(PN, l, PMASK, p);
  double lp = l[3] - lse;
  const double olds[4] = {lp + 0.05, lp - 0.5, lp + 0.6, lp};
  const double advs[4] = {1.3, -0.7, 0.9, 0.0};
  for (int t = 0; t < 4; t++)
    for (int s = 0; s < 2; s++) {
      double adv = s ? -advs[t] : advs[t];
      rl_ppo_loss(PN, l, PMASK, 3, olds[t], adv, 0.2, 0.03, d, p, NULL, NULL, NULL);
      FD_CHECK("ppo dlogits", l, PN, d, ppo_only(l, 3, olds[t], adv, 0.2, 0.03));
      CHECK(d[2] == 0 && d[6] == 0);
    }
  double v = 0.3, dv;
  rl_value_loss(v, -1.1, 0.5, &dv);
  double fd = (rl_value_loss(v + H_FD, -1.1, 0.5, NULL) - rl_value_loss(v - H_FD, -1.1, 0.5, NULL)) /
              (2 * H_FD);
  CHECKF(relerr(fd, dv) < TOL, "value loss gradient %g vs %g", dv, fd);
}

/* The clipped objective on a tiny batch, by hand: two cells with logits (0, ln 3), so
 * p = (1/4, 3/4); action 1 taken with old probability 1/2: r = 1.5, eps = 0.2, c_ent = 0.01,
 * H = -(1/4 ln 1/4 + 3/4 ln 3/4) = 0.5623351446.
 *  sample 1: A = +2: min(1.5 * 2, 1.2 * 2) = 2.4 (clipped, no gradient through r)
 *            L1 = -2.4 - 0.01 H = -2.405623351
 *  sample 2: A = -1: min(-1.5, -1.2) = -1.5 (unclipped): L2 = 1.5 - 0.01 H = 1.494376649;
 *            dL2/dl_1 = -A r (1 - p_1) + c p_1 (ln p_1 + H) = 1.5 * 0.25 + 0.01 * 0.75 *
 *            (ln 0.75 + H) = 0.375 + 0.0020599 = 0.3770599
 *  batch mean: (L1 + L2) / 2 = -0.455623351. */
static void test_ppo_hand(void) {
  double l[2] = {0, log(3.0)}, d[2], p[2], ent, ratio, lp;
  uint8_t mask[2] = {1, 1};
  double L1 = rl_ppo_loss(2, l, mask, 1, log(0.5), 2.0, 0.2, 0.01, d, p, &ent, &ratio, &lp);
  CHECK(fabs(ent - 0.5623351446) < 1e-9);
  CHECK(fabs(ratio - 1.5) < 1e-12);
  CHECK(fabs(L1 - (-2.405623351)) < 1e-8);
  CHECK(fabs(d[0]) < 1e-12 + 0.01 && fabs(d[1]) < 0.01);   /* only the entropy term */
  double L2 = rl_ppo_loss(2, l, mask, 1, log(0.5), -1.0, 0.2, 0.01, d, p, &ent, &ratio, &lp);
  CHECK(fabs(L2 - 1.494376649) < 1e-8);
  CHECK(fabs(d[1] - 0.3770599) < 1e-6);
  CHECK(fabs(d[0] + d[1]) < 1e-12);   /* softmax gradients sum to zero */
  CHECK(fabs(0.5 * (L1 + L2) - (-0.455623351)) < 1e-8);
}

/* Adam, two steps by hand (beta1 0.9, beta2 0.999, eps 1e-8, lr 0.1), p0 = (1, -2):
 *  g1 = (0.5, -1): m = (0.05, -0.1), v = (0.00025, 0.001), mhat = g1, vhat = g1^2:
 *      p1 = p0 - 0.1 * sign(g1) = (0.9, -1.9) (to 1e-8)
 *  g2 = (0.25, 0.5): m = (0.07, -0.04), v = (0.00031225, 0.0012490),
 *      mhat = m / 0.19 = (0.3684210526, -0.2105263158), vhat = v / 0.001999 = (0.1562031016,
 *      0.6248124062), step = 0.1 mhat / (sqrt(vhat) + eps) = (0.0932179615, -0.0266337036):
 *      p2 = (0.8067820405, -1.8733662974). */
static void test_adam(void) {
  rl_adam_t a;
  CHECK(rl_adam_init(&a, 2) == 0);
  double p[2] = {1, -2}, g1[2] = {0.5, -1}, g2[2] = {0.25, 0.5};
  rl_adam_step(&a, p, g1, 0.1);
  CHECK(fabs(p[0] - 0.9) < 1e-7 && fabs(p[1] + 1.9) < 1e-7);
  rl_adam_step(&a, p, g2, 0.1);
  CHECKF(fabs(p[0] - 0.8067820405) < 1e-9, "adam p0 %.10f", p[0]);
  CHECKF(fabs(p[1] + 1.8733662974) < 1e-9, "adam p1 %.10f", p[1]);
  CHECK(a.t == 2);
  rl_adam_free(&a);
  double g[3] = {3, 4, 0};
  double n = rl_clip_grad(3, g, 1.0);
  CHECK(fabs(n - 5) < 1e-12 && fabs(g[0] - 0.6) < 1e-12 && fabs(g[1] - 0.8) < 1e-12);
}

/* ---- the whole step network and the encoder on a fake design ---- */
typedef struct net_ctx_t {
  rl_model_t m;
  rl_design_t d;
  rl_enc_t enc;
  rl_ws_t ws;
  uint8_t maps[RL_NMAPS * 35];
  double stepf[RL_NSTEPF];
  int a;
  double lp_old, adv, ret;
} net_ctx_t;

static double net_loss(net_ctx_t *c) {
  rl_enc_forward(&c->m, &c->d, &c->enc);
  rl_step_forward(&c->m, rl_enc_out(&c->enc), c->enc.mean, 2, c->stepf, c->maps, &c->ws);
  double L = rl_ppo_loss(35, c->ws.logits, c->maps + 2 * 35, c->a, c->lp_old, c->adv, 0.2, 0.05,
                         c->ws.dlogits, c->ws.p, NULL, NULL, NULL);
  return L + rl_value_loss(c->ws.value, c->ret, 0.5, NULL);
}

static void test_network(void) {
  static net_ctx_t c;
  memset(&c, 0, sizeof c);
  rl_arch_t a;
  rl_arch_default(&a);
  a.d = 4;
  a.dz = 3;
  a.conv = 2;
  a.hidden = 5;
  CHECK(rl_model_create(&c.m, &a, 7) == 0);
  fill(c.m.p, (int)c.m.nparams, 0.5);   /* everything non-zero, so no gradient hides */
  c.d.pnl.nnodes = GN;
  c.d.nedges = GE;
  c.d.e_src = (int32_t *)GSRC;
  c.d.e_dst = (int32_t *)GDST;
  c.d.e_w = (double *)GW;
  static double feat[GN * RL_NFEAT];
  fill(feat, GN * RL_NFEAT, 1);
  c.d.feat = feat;
  CHECK(rl_enc_create(&c.enc, &c.m, &c.d) == 0);
  CHECK(rl_ws_create(&c.ws, &c.m, 5, 7) == 0);
  for (int i = 0; i < 35; i++) {
    c.maps[i] = (uint8_t)gsl_rng_uniform_int(R, 256);
    c.maps[35 + i] = (uint8_t)gsl_rng_uniform_int(R, 256);
    c.maps[70 + i] = (i % 4 == 1) ? 0 : 255;
    for (int k = 3; k < RL_NMAPS; k++) c.maps[35 * k + i] = (uint8_t)gsl_rng_uniform_int(R, 256);
  }
  fill(c.stepf, RL_NSTEPF, 1);
  c.a = 6;
  c.lp_old = -3.0;
  c.adv = 0.8;
  c.ret = -0.4;
  /* analytic */
  double *g = calloc((size_t)c.m.nparams, sizeof *g);
  double *dH = calloc(GN * 4, sizeof *dH);
  net_loss(&c);
  double dv;
  rl_value_loss(c.ws.value, c.ret, 0.5, &dv);
  rl_step_backward(&c.m, rl_enc_out(&c.enc), GN, 2, c.maps, dv, &c.ws, g, dH);
  rl_enc_backward(&c.m, &c.d, &c.enc, dH, g);
  /* check every parameter block */
  static const char *names[] = {"enc_w", "enc_b", "z_w", "z_b", "cz_w", "conv_w", "conv_b",
                                "dc_w", "dc_b", "sk_w", "sk_b", "v1_w", "v1_b", "v2_w", "v2_b",
                                "gcn0_w", "gcn0_b", "gcn1_w", "gcn1_b"};
  for (int k = 0; k < RL_P_GCN0 + 2 * a.gcn; k++) {
    int64_t o = c.m.off[k], n = c.m.off[k + 1] - o;
    FD_CHECK(names[k], c.m.p + o, (int)n, g + o, net_loss(&c));
  }
  free(g);
  free(dH);
  rl_ws_free(&c.ws);
  rl_enc_free(&c.enc);
  rl_model_free(&c.m);
}

int main(void) {
  R = gsl_rng_alloc(gsl_rng_mt19937);
  gsl_rng_set(R, 12345);
  test_dense();
  test_gcn();
  test_conv();
  test_deconv();
  test_ppo_fd();
  test_ppo_hand();
  test_adam();
  test_network();
  gsl_rng_free(R);
  return tap_done();
}
