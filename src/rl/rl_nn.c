/*
 * rl_nn.c: the layers of the policy and value networks with their analytic gradients, the PPO
 * loss, and Adam.  Matrix products go through GSL's CBLAS interface (cblas_dgemm, row-major).
 *
 *  - dense:   Y = X W^T + b
 *  - GCN:     edge-centric message passing as in Circuit Training's encoder (Mirhoseini et al.,
 *             Nature 2021, "Methods: policy architecture"): every directed edge e = (src -> dst)
 *             computes m_e = relu(W [h_dst ; h_src] + b); a node adds the weighted mean of its
 *             incoming messages to its embedding (residual): h'_v = h_v + sum_e w_e m_e
 *  - conv3:   3x3 convolution with zero padding (im2col + GEMM)
 *  - deconv:  transposed convolution, kernel 4, stride 2, padding 1 (GEMM + col2im), the
 *             upsampling head of the policy (CT decodes the grid logits with deconvolutions)
 *  - PPO:     the clipped surrogate objective with an entropy bonus (Schulman et al., "Proximal
 *             Policy Optimization Algorithms", 2017, eq. 7 and 9), over a masked softmax
 *  - Adam:    Kingma & Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015, Algorithm 1.
 * Conventions: parameter gradients accumulate (+=); input gradients (dX, dH) are overwritten.
 * Every gradient is checked against finite differences in tests/unit/rl_nn_test.c.
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_cblas.h>

#include "rl/rl_int.h"

void rl_dense_fwd(int n, int in, int out, const double *X, const double *W, const double *b,
                  double *Y) {
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, out, in, 1.0, X, in, W, in, 0.0, Y, out);
  if (b)
    for (int i = 0; i < n; i++)
      for (int j = 0; j < out; j++) Y[(size_t)i * out + j] += b[j];
}

void rl_dense_bwd(int n, int in, int out, const double *X, const double *W, const double *dY,
                  double *dW, double *db, double *dX) {
  if (dW)
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, out, in, n, 1.0, dY, out, X, in, 1.0, dW,
                in);
  if (db)
    for (int i = 0; i < n; i++)
      for (int j = 0; j < out; j++) db[j] += dY[(size_t)i * out + j];
  if (dX)
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, in, out, 1.0, dY, out, W, in, 0.0, dX,
                in);
}

void rl_relu(int n, double *x) {
  for (int i = 0; i < n; i++)
    if (x[i] < 0) x[i] = 0;
}

void rl_relu_bwd(int n, const double *y, double *dy) {
  for (int i = 0; i < n; i++)
    if (y[i] <= 0) dy[i] = 0;
}

void rl_gcn_fwd(int N, int d, int E, const int32_t *src, const int32_t *dst, const double *ew,
                const double *H, const double *W, const double *b, double *Z, double *M,
                double *Hout) {
  for (int e = 0; e < E; e++) {
    memcpy(Z + (size_t)e * 2 * d, H + (size_t)dst[e] * d, sizeof *Z * (size_t)d);
    memcpy(Z + (size_t)e * 2 * d + d, H + (size_t)src[e] * d, sizeof *Z * (size_t)d);
  }
  if (E > 0) {
    rl_dense_fwd(E, 2 * d, d, Z, W, b, M);
    rl_relu(E * d, M);
  }
  memcpy(Hout, H, sizeof *Hout * (size_t)N * d);
  for (int e = 0; e < E; e++) {
    double *h = Hout + (size_t)dst[e] * d;
    const double *m = M + (size_t)e * d;
    for (int k = 0; k < d; k++) h[k] += ew[e] * m[k];
  }
}

void rl_gcn_bwd(int N, int d, int E, const int32_t *src, const int32_t *dst, const double *ew,
                const double *W, const double *Z, const double *M, const double *dHout,
                double *dW, double *db, double *dH, double *scratch) {
  memcpy(dH, dHout, sizeof *dH * (size_t)N * d);
  if (E <= 0) return;
  double *dpre = scratch, *dZ = scratch + (size_t)E * d;
  for (int e = 0; e < E; e++) {
    const double *g = dHout + (size_t)dst[e] * d;
    const double *m = M + (size_t)e * d;
    double *o = dpre + (size_t)e * d;
    for (int k = 0; k < d; k++) o[k] = m[k] > 0 ? ew[e] * g[k] : 0;
  }
  rl_dense_bwd(E, 2 * d, d, Z, W, dpre, dW, db, dZ);
  for (int e = 0; e < E; e++) {
    const double *z = dZ + (size_t)e * 2 * d;
    double *hd = dH + (size_t)dst[e] * d, *hs = dH + (size_t)src[e] * d;
    for (int k = 0; k < d; k++) {
      hd[k] += z[k];
      hs[k] += z[d + k];
    }
  }
}

static void im2col3(int cin, int R, int C, const double *X, double *cols) {
  const int n = R * C;
  for (int ci = 0; ci < cin; ci++)
    for (int ky = 0; ky < 3; ky++)
      for (int kx = 0; kx < 3; kx++) {
        double *row = cols + (size_t)(ci * 9 + ky * 3 + kx) * n;
        const double *x = X + (size_t)ci * n;
        for (int y = 0; y < R; y++) {
          int sy = y + ky - 1;
          for (int xx = 0; xx < C; xx++) {
            int sx = xx + kx - 1;
            row[y * C + xx] = (sy >= 0 && sy < R && sx >= 0 && sx < C) ? x[sy * C + sx] : 0.0;
          }
        }
      }
}

void rl_conv3_fwd(int cin, int cout, int R, int C, const double *X, const double *W,
                  const double *b, double *Y, double *cols) {
  const int n = R * C;
  im2col3(cin, R, C, X, cols);
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, cout, n, cin * 9, 1.0, W, cin * 9, cols, n,
              0.0, Y, n);
  if (b)
    for (int co = 0; co < cout; co++)
      for (int i = 0; i < n; i++) Y[(size_t)co * n + i] += b[co];
}

void rl_conv3_bwd(int cin, int cout, int R, int C, const double *W, const double *cols,
                  const double *dY, double *dW, double *db, double *dX, double *dcols) {
  const int n = R * C;
  if (dW)
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, cout, cin * 9, n, 1.0, dY, n, cols, n, 1.0,
                dW, cin * 9);
  if (db)
    for (int co = 0; co < cout; co++)
      for (int i = 0; i < n; i++) db[co] += dY[(size_t)co * n + i];
  if (!dX) return;
  cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, cin * 9, n, cout, 1.0, W, cin * 9, dY, n, 0.0,
              dcols, n);
  memset(dX, 0, sizeof *dX * (size_t)cin * n);
  for (int ci = 0; ci < cin; ci++)
    for (int ky = 0; ky < 3; ky++)
      for (int kx = 0; kx < 3; kx++) {
        const double *row = dcols + (size_t)(ci * 9 + ky * 3 + kx) * n;
        double *x = dX + (size_t)ci * n;
        for (int y = 0; y < R; y++) {
          int sy = y + ky - 1;
          if (sy < 0 || sy >= R) continue;
          for (int xx = 0; xx < C; xx++) {
            int sx = xx + kx - 1;
            if (sx >= 0 && sx < C) x[sy * C + sx] += row[y * C + xx];
          }
        }
      }
}

void rl_deconv_fwd(int cin, int cout, int R2, int C2, int R, int C, const double *X,
                   const double *W, const double *b, double *Y, double *cols) {
  const int n2 = R2 * C2, n = R * C, k16 = cout * 16;
  cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, k16, n2, cin, 1.0, W, k16, X, n2, 0.0, cols,
              n2);
  for (int co = 0; co < cout; co++) {
    double *y = Y + (size_t)co * n;
    double bb = b ? b[co] : 0.0;
    for (int t = 0; t < n; t++) y[t] = bb;
    for (int ky = 0; ky < 4; ky++)
      for (int kx = 0; kx < 4; kx++) {
        const double *row = cols + (size_t)(co * 16 + ky * 4 + kx) * n2;
        for (int i = 0; i < R2; i++) {
          int oy = 2 * i - 1 + ky;
          if (oy < 0 || oy >= R) continue;
          for (int j = 0; j < C2; j++) {
            int ox = 2 * j - 1 + kx;
            if (ox >= 0 && ox < C) y[oy * C + ox] += row[i * C2 + j];
          }
        }
      }
  }
}

void rl_deconv_bwd(int cin, int cout, int R2, int C2, int R, int C, const double *X,
                   const double *W, const double *dY, double *dW, double *db, double *dX,
                   double *dcols) {
  const int n2 = R2 * C2, n = R * C, k16 = cout * 16;
  for (int co = 0; co < cout; co++) {
    const double *g = dY + (size_t)co * n;
    if (db)
      for (int t = 0; t < n; t++) db[co] += g[t];
    for (int ky = 0; ky < 4; ky++)
      for (int kx = 0; kx < 4; kx++) {
        double *row = dcols + (size_t)(co * 16 + ky * 4 + kx) * n2;
        for (int i = 0; i < R2; i++) {
          int oy = 2 * i - 1 + ky;
          for (int j = 0; j < C2; j++) {
            int ox = 2 * j - 1 + kx;
            row[i * C2 + j] = (oy >= 0 && oy < R && ox >= 0 && ox < C) ? g[oy * C + ox] : 0.0;
          }
        }
      }
  }
  if (dW)
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, cin, k16, n2, 1.0, X, n2, dcols, n2, 1.0, dW,
                k16);
  if (dX)
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, cin, n2, k16, 1.0, W, k16, dcols, n2, 0.0,
                dX, n2);
}

void rl_pool2(int ch, int R, int C, const double *X, double *Y) {
  const int R2 = (R + 1) / 2, C2 = (C + 1) / 2;
  for (int c = 0; c < ch; c++) {
    const double *x = X + (size_t)c * R * C;
    double *y = Y + (size_t)c * R2 * C2;
    for (int i = 0; i < R2; i++)
      for (int j = 0; j < C2; j++) {
        double s = 0;
        int k = 0;
        for (int a = 0; a < 2; a++)
          for (int b = 0; b < 2; b++) {
            int yy = 2 * i + a, xx = 2 * j + b;
            if (yy < R && xx < C) {
              s += x[yy * C + xx];
              k++;
            }
          }
        y[i * C2 + j] = s / k;
      }
  }
}

double rl_softmax(int n, const double *logits, const uint8_t *mask, double *p) {
  double mx = -INFINITY;
  for (int i = 0; i < n; i++)
    if (mask[i] && logits[i] > mx) mx = logits[i];
  double s = 0;
  for (int i = 0; i < n; i++) {
    p[i] = mask[i] ? exp(logits[i] - mx) : 0.0;
    s += p[i];
  }
  for (int i = 0; i < n; i++) p[i] /= s;
  return mx + log(s);
}

double rl_ppo_loss(int n, const double *logits, const uint8_t *mask, int a, double lp_old,
                   double adv, double eps, double c_ent, double *dlogits, double *p,
                   double *ent, double *ratio, double *lp) {
  double lse = rl_softmax(n, logits, mask, p);
  double lpa = logits[a] - lse;
  double r = exp(lpa - lp_old);
  double rc = r < 1 - eps ? 1 - eps : r > 1 + eps ? 1 + eps : r;
  double s1 = r * adv, s2 = rc * adv;
  int active = s1 <= s2;          /* the unclipped term is the minimum: gradient flows */
  double obj = active ? s1 : s2;
  double H = 0;
  for (int i = 0; i < n; i++)
    if (mask[i] && p[i] > 0) H -= p[i] * log(p[i]);
  double g = active ? -adv * r : 0.0;   /* dL / d log p_a */
  for (int i = 0; i < n; i++) {
    if (!mask[i]) {
      dlogits[i] = 0;
      continue;
    }
    double lpi = p[i] > 0 ? log(p[i]) : 0.0;
    dlogits[i] = g * ((i == a) - p[i]) + c_ent * p[i] * (lpi + H);
  }
  if (ent) *ent = H;
  if (ratio) *ratio = r;
  if (lp) *lp = lpa;
  return -obj - c_ent * H;
}

double rl_value_loss(double v, double ret, double c_v, double *dv) {
  double e = v - ret;
  if (dv) *dv = c_v * e;
  return 0.5 * c_v * e * e;
}

int rl_adam_init(rl_adam_t *a, int64_t n) {
  memset(a, 0, sizeof *a);
  a->n = n;
  a->m = ut_calloc((size_t)(n > 0 ? n : 1), sizeof *a->m);
  a->v = ut_calloc((size_t)(n > 0 ? n : 1), sizeof *a->v);
  a->beta1 = 0.9;
  a->beta2 = 0.999;
  a->eps = 1e-8;
  if (!a->m || !a->v) {
    rl_adam_free(a);
    return UT_ENOMEM;
  }
  return 0;
}

void rl_adam_free(rl_adam_t *a) {
  if (!a) return;
  ut_free(a->m);
  ut_free(a->v);
  a->m = a->v = NULL;
}

void rl_adam_step(rl_adam_t *a, double *p, const double *g, double lr) {
  a->t++;
  const double b1 = a->beta1, b2 = a->beta2;
  const double c1 = 1.0 - pow(b1, (double)a->t), c2 = 1.0 - pow(b2, (double)a->t);
  for (int64_t i = 0; i < a->n; i++) {
    a->m[i] = b1 * a->m[i] + (1 - b1) * g[i];
    a->v[i] = b2 * a->v[i] + (1 - b2) * g[i] * g[i];
    double mh = a->m[i] / c1, vh = a->v[i] / c2;
    p[i] -= (a->lr_scale ? a->lr_scale[i] : 1.0) * lr * mh / (sqrt(vh) + a->eps);
  }
}

double rl_clip_grad(int64_t n, double *g, double max_norm) {
  double s = 0;
  for (int64_t i = 0; i < n; i++) s += g[i] * g[i];
  double norm = sqrt(s);
  if (max_norm > 0 && norm > max_norm) {
    double k = max_norm / norm;
    for (int64_t i = 0; i < n; i++) g[i] *= k;
  }
  return norm;
}
