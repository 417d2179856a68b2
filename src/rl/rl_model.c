/*
 * rl_model.c: the policy and value networks, after Circuit Training's architecture (Mirhoseini et
 * al., Nature 2021, "Methods: policy architecture", Extended Data Fig. 1) at small widths:
 *
 *   encoder  H0 = relu(X W_enc^T + b)  (X: node features incl. the spectral embedding)
 *            H_{l+1} = GCN_l(H_l), l < L (edge-centric message passing, rl_nn.c)
 *   step     u = [h_cur ; mean_v h_v ; step features]
 *            z = relu(W_z u + b_z)
 *   policy   maps M (wire increase, occupancy, mask, boundary distance, hint distance),
 *            P = avgpool2(M)
 *            Y1 = relu(conv3x3(P) + b_conv + W_cz z)          (z enters as a per-channel bias)
 *            logits = deconv4x4/2(Y1) + w_skip . M + b_skip    (the deconvolution head upsamples
 *                                                                back to the canvas grid)
 *   value    v = w_v2 . relu(W_v1 u + b_v1) + b_v2
 * Every size is independent of the design (the convolutions slide over any grid), so a policy
 * trained on one design fine-tunes on another.  Initialisation (seeded GSL RNG): He-scaled normal
 * weights, zero biases, small deconvolution and value output weights, and the placement prior
 * w_skip = (-0.3 s, 0, 0, -s, -2 s) on (wire, occupancy, mask, boundary, hint), (-s, 0, 0, -s, 0)
 * without hints (rl_model_set_prior; s = rl_opts_t.prior, default 30): the untrained policy
 * prefers cells near the analytic placer's position of the macro, near the core boundary and near
 * its connections (a prior, not a rule: the weights are trained like any other; s = 0 starts from
 * zero).
 * The encoder runs once per weight version (its output is shared by every step of a batch); its
 * backward pass takes the sum of the node gradients of all steps.
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "rl/rl_int.h"

void rl_arch_default(rl_arch_t *a) {
  a->nfeat = RL_NFEAT;
  a->d = 16;
  a->gcn = 2;
  a->dz = 16;
  a->conv = 8;
  a->hidden = 32;
}

int rl_model_ninput(const rl_model_t *m) { return 2 * m->a.d + RL_NSTEPF; }

int rl_model_create(rl_model_t *m, const rl_arch_t *a, uint64_t seed) {
  memset(m, 0, sizeof *m);
  m->a = *a;
  if (a->gcn < 0 || a->gcn > 8 || a->d < 1 || a->dz < 1 || a->conv < 1 || a->hidden < 1 ||
      a->nfeat != RL_NFEAT)
    return UT_EINVAL;
  const int d = a->d, nin = 2 * d + RL_NSTEPF;
  int64_t size[RL_P_MAX];
  memset(size, 0, sizeof size);
  size[RL_P_ENC_W] = (int64_t)d * a->nfeat;
  size[RL_P_ENC_B] = d;
  size[RL_P_Z_W] = (int64_t)a->dz * nin;
  size[RL_P_Z_B] = a->dz;
  size[RL_P_CZ_W] = (int64_t)a->conv * a->dz;
  size[RL_P_CONV_W] = (int64_t)a->conv * RL_NMAPS * 9;
  size[RL_P_CONV_B] = a->conv;
  size[RL_P_DC_W] = (int64_t)a->conv * 16;
  size[RL_P_DC_B] = 1;
  size[RL_P_SK_W] = RL_NMAPS;
  size[RL_P_SK_B] = 1;
  size[RL_P_V1_W] = (int64_t)a->hidden * nin;
  size[RL_P_V1_B] = a->hidden;
  size[RL_P_V2_W] = a->hidden;
  size[RL_P_V2_B] = 1;
  for (int l = 0; l < a->gcn; l++) {
    size[RL_P_GCN0 + 2 * l] = (int64_t)d * 2 * d;
    size[RL_P_GCN0 + 2 * l + 1] = d;
  }
  int64_t off = 0;
  for (int k = 0; k < RL_P_MAX; k++) {
    m->off[k] = off;
    off += size[k];
  }
  m->off[RL_P_MAX] = off;
  m->nparams = off;
  m->p = ut_calloc((size_t)off, sizeof *m->p);
  if (!m->p) return UT_ENOMEM;
  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  if (!r) {
    rl_model_free(m);
    return UT_ENOMEM;
  }
  gsl_rng_set(r, (unsigned long)(seed * 2654435761ULL + 17));
  /* weights: N(0, scale^2 * 2 / fan_in) */
  struct {
    int k;
    int fan_in;
    double scale;
  } init[] = {
      {RL_P_ENC_W, a->nfeat, 1.0}, {RL_P_Z_W, nin, 1.0},         {RL_P_CZ_W, a->dz, 0.5},
      {RL_P_CONV_W, RL_NMAPS * 9, 1.0}, {RL_P_DC_W, a->conv * 4, 0.1}, {RL_P_V1_W, nin, 1.0},
      {RL_P_V2_W, a->hidden, 0.1},
  };
  for (size_t t = 0; t < sizeof init / sizeof init[0]; t++) {
    double sd = init[t].scale * sqrt(2.0 / init[t].fan_in);
    for (int64_t i = m->off[init[t].k]; i < m->off[init[t].k + 1]; i++)
      m->p[i] = gsl_ran_gaussian(r, sd);
  }
  for (int l = 0; l < a->gcn; l++) {
    int k = RL_P_GCN0 + 2 * l;
    double sd = 0.5 * sqrt(2.0 / (2 * d));
    for (int64_t i = m->off[k]; i < m->off[k + 1]; i++) m->p[i] = gsl_ran_gaussian(r, sd);
  }
  rl_model_set_prior(m, 4.0, 0);
  gsl_rng_free(r);
  return 0;
}

void rl_model_set_prior(rl_model_t *m, double s, int hints) {
  double *sk = m->p + m->off[RL_P_SK_W];
  for (int k = 0; k < RL_NMAPS; k++) sk[k] = 0;
  sk[0] = hints ? -0.3 * s : -s;   /* near the macro's connections */
  sk[3] = -s;                      /* toward the periphery */
  if (hints) sk[4] = -2.0 * s;     /* near the analytic placer's position */
}

void rl_model_free(rl_model_t *m) {
  if (!m) return;
  ut_free(m->p);
  m->p = NULL;
}

/* ---- encoder ---------------------------------------------------------------------------------- */

int rl_enc_create(rl_enc_t *e, const rl_model_t *m, const rl_design_t *d) {
  memset(e, 0, sizeof *e);
  e->N = d->pnl.nnodes;
  e->E = d->nedges;
  e->d = m->a.d;
  e->L = m->a.gcn;
  size_t N = (size_t)e->N, E = (size_t)e->E, dd = (size_t)e->d, L = (size_t)e->L;
  e->X0pre = ut_calloc(N * dd + 1, sizeof *e->X0pre);
  e->H0 = ut_calloc(N * dd + 1, sizeof *e->H0);
  e->H = ut_calloc((L + 1) * N * dd + 1, sizeof *e->H);
  e->Z = ut_calloc(L * E * 2 * dd + 1, sizeof *e->Z);
  e->M = ut_calloc(L * E * dd + 1, sizeof *e->M);
  e->mean = ut_calloc(dd, sizeof *e->mean);
  e->dH = ut_calloc(2 * N * dd + 1, sizeof *e->dH);
  e->scratch = ut_calloc(3 * E * dd + N * dd + 1, sizeof *e->scratch);
  if (!e->X0pre || !e->H0 || !e->H || !e->Z || !e->M || !e->mean || !e->dH || !e->scratch) {
    rl_enc_free(e);
    return UT_ENOMEM;
  }
  return 0;
}

void rl_enc_free(rl_enc_t *e) {
  if (!e) return;
  ut_free(e->X0pre);
  ut_free(e->H0);
  ut_free(e->H);
  ut_free(e->Z);
  ut_free(e->M);
  ut_free(e->mean);
  ut_free(e->dH);
  ut_free(e->scratch);
  memset(e, 0, sizeof *e);
}

void rl_enc_forward(const rl_model_t *m, const rl_design_t *d, rl_enc_t *e) {
  const int N = e->N, dd = e->d, E = e->E;
  const double *p = m->p;
  rl_dense_fwd(N, RL_NFEAT, dd, d->feat, p + m->off[RL_P_ENC_W], p + m->off[RL_P_ENC_B], e->X0pre);
  memcpy(e->H0, e->X0pre, sizeof *e->H0 * (size_t)N * dd);
  rl_relu(N * dd, e->H0);
  memcpy(e->H, e->H0, sizeof *e->H * (size_t)N * dd);
  for (int l = 0; l < e->L; l++) {
    const double *W = p + m->off[RL_P_GCN0 + 2 * l], *b = p + m->off[RL_P_GCN0 + 2 * l + 1];
    rl_gcn_fwd(N, dd, E, d->e_src, d->e_dst, d->e_w, e->H + (size_t)l * N * dd, W, b,
               e->Z + (size_t)l * E * 2 * dd, e->M + (size_t)l * E * dd,
               e->H + (size_t)(l + 1) * N * dd);
  }
  const double *HL = rl_enc_out(e);
  for (int k = 0; k < dd; k++) e->mean[k] = 0;
  for (int v = 0; v < N; v++)
    for (int k = 0; k < dd; k++) e->mean[k] += HL[(size_t)v * dd + k];
  for (int k = 0; k < dd; k++) e->mean[k] /= N > 0 ? N : 1;
}

void rl_enc_backward(const rl_model_t *m, const rl_design_t *d, rl_enc_t *e, double *dHL,
                     double *g) {
  const int N = e->N, dd = e->d, E = e->E;
  const double *p = m->p;
  double *cur = dHL, *bufa = e->dH, *bufb = e->dH + (size_t)N * dd;
  for (int l = e->L - 1; l >= 0; l--) {
    const double *W = p + m->off[RL_P_GCN0 + 2 * l];
    double *out = cur == bufa ? bufb : bufa;
    rl_gcn_bwd(N, dd, E, d->e_src, d->e_dst, d->e_w, W, e->Z + (size_t)l * E * 2 * dd,
               e->M + (size_t)l * E * dd, cur, g + m->off[RL_P_GCN0 + 2 * l],
               g + m->off[RL_P_GCN0 + 2 * l + 1], out, e->scratch);
    cur = out;
  }
  rl_relu_bwd(N * dd, e->H0, cur);
  rl_dense_bwd(N, RL_NFEAT, dd, d->feat, p + m->off[RL_P_ENC_W], cur, g + m->off[RL_P_ENC_W],
               g + m->off[RL_P_ENC_B], NULL);
}

/* ---- one step ---------------------------------------------------------------------------------- */

int rl_ws_create(rl_ws_t *w, const rl_model_t *m, int R, int C) {
  memset(w, 0, sizeof *w);
  w->R = R;
  w->C = C;
  w->R2 = (R + 1) / 2;
  w->C2 = (C + 1) / 2;
  size_t n = (size_t)R * C, n2 = (size_t)w->R2 * w->C2;
  size_t nin = (size_t)rl_model_ninput(m), cv = (size_t)m->a.conv;
  w->u = ut_calloc(nin, sizeof(double));
  w->z = ut_calloc((size_t)m->a.dz, sizeof(double));
  w->maps = ut_calloc(RL_NMAPS * n, sizeof(double));
  w->pool = ut_calloc(RL_NMAPS * n2, sizeof(double));
  w->cols1 = ut_calloc(RL_NMAPS * 9 * n2, sizeof(double));
  w->y1 = ut_calloc(cv * n2, sizeof(double));
  w->cols2 = ut_calloc(16 * n2, sizeof(double));
  w->logits = ut_calloc(n, sizeof(double));
  w->hv = ut_calloc((size_t)m->a.hidden, sizeof(double));
  w->p = ut_calloc(n, sizeof(double));
  w->dlogits = ut_calloc(n, sizeof(double));
  w->dy1 = ut_calloc(cv * n2, sizeof(double));
  w->dz = ut_calloc((size_t)m->a.dz, sizeof(double));
  w->du = ut_calloc(nin, sizeof(double));
  w->du2 = ut_calloc(nin, sizeof(double));
  w->dcols2 = ut_calloc(16 * n2, sizeof(double));
  w->dhv = ut_calloc((size_t)m->a.hidden, sizeof(double));
  w->dcz = ut_calloc(cv, sizeof(double));
  if (!w->u || !w->z || !w->maps || !w->pool || !w->cols1 || !w->y1 || !w->cols2 || !w->logits ||
      !w->hv || !w->p || !w->dlogits || !w->dy1 || !w->dz || !w->du || !w->du2 || !w->dcols2 ||
      !w->dhv || !w->dcz) {
    rl_ws_free(w);
    return UT_ENOMEM;
  }
  return 0;
}

void rl_ws_free(rl_ws_t *w) {
  if (!w) return;
  double **b[] = {&w->u,  &w->z,  &w->maps,    &w->pool, &w->cols1, &w->y1, &w->cols2,
                  &w->logits, &w->hv, &w->p, &w->dlogits, &w->dy1, &w->dz, &w->du,
                  &w->du2, &w->dcols2, &w->dhv, &w->dcz};
  for (size_t i = 0; i < sizeof b / sizeof b[0]; i++) {
    ut_free(*b[i]);
    *b[i] = NULL;
  }
}

void rl_step_forward(const rl_model_t *m, const double *H, const double *mean, int32_t cur,
                     const double *stepf, const uint8_t *maps, rl_ws_t *w) {
  const int d = m->a.d, nin = rl_model_ninput(m), cv = m->a.conv;
  const int n = w->R * w->C, n2 = w->R2 * w->C2;
  const double *p = m->p;
  memcpy(w->u, H + (size_t)cur * d, sizeof *w->u * (size_t)d);
  memcpy(w->u + d, mean, sizeof *w->u * (size_t)d);
  memcpy(w->u + 2 * d, stepf, sizeof *w->u * RL_NSTEPF);
  rl_dense_fwd(1, nin, m->a.dz, w->u, p + m->off[RL_P_Z_W], p + m->off[RL_P_Z_B], w->z);
  rl_relu(m->a.dz, w->z);
  for (int i = 0; i < RL_NMAPS * n; i++) w->maps[i] = maps[i] / 255.0;
  rl_pool2(RL_NMAPS, w->R, w->C, w->maps, w->pool);
  rl_conv3_fwd(RL_NMAPS, cv, w->R2, w->C2, w->pool, p + m->off[RL_P_CONV_W],
               p + m->off[RL_P_CONV_B], w->y1, w->cols1);
  rl_dense_fwd(1, m->a.dz, cv, w->z, p + m->off[RL_P_CZ_W], NULL, w->dcz);   /* dcz as scratch */
  for (int c = 0; c < cv; c++)
    for (int t = 0; t < n2; t++) w->y1[(size_t)c * n2 + t] += w->dcz[c];
  rl_relu(cv * n2, w->y1);
  rl_deconv_fwd(cv, 1, w->R2, w->C2, w->R, w->C, w->y1, p + m->off[RL_P_DC_W],
                p + m->off[RL_P_DC_B], w->logits, w->cols2);
  const double *sk = p + m->off[RL_P_SK_W];
  const double skb = p[m->off[RL_P_SK_B]];
  for (int g = 0; g < n; g++) {
    double s = skb;
    for (int k = 0; k < RL_NMAPS; k++) s += sk[k] * w->maps[(size_t)k * n + g];
    w->logits[g] += s;
  }
  rl_dense_fwd(1, nin, m->a.hidden, w->u, p + m->off[RL_P_V1_W], p + m->off[RL_P_V1_B], w->hv);
  rl_relu(m->a.hidden, w->hv);
  double v = p[m->off[RL_P_V2_B]];
  for (int k = 0; k < m->a.hidden; k++) v += p[m->off[RL_P_V2_W] + k] * w->hv[k];
  w->value = v;
}

void rl_step_backward(const rl_model_t *m, const double *H, int N, int32_t cur,
                      const uint8_t *maps, double dv, rl_ws_t *w, double *g, double *dH) {
  (void)H;
  (void)maps;
  const int d = m->a.d, nin = rl_model_ninput(m), cv = m->a.conv;
  const int n = w->R * w->C, n2 = w->R2 * w->C2;
  const double *p = m->p;
  /* skip connection */
  double *gsk = g + m->off[RL_P_SK_W];
  for (int g2 = 0; g2 < n; g2++) {
    double dl = w->dlogits[g2];
    if (dl == 0) continue;
    for (int k = 0; k < RL_NMAPS; k++) gsk[k] += dl * w->maps[(size_t)k * n + g2];
    g[m->off[RL_P_SK_B]] += dl;
  }
  /* deconvolution head */
  rl_deconv_bwd(cv, 1, w->R2, w->C2, w->R, w->C, w->y1, p + m->off[RL_P_DC_W], w->dlogits,
                g + m->off[RL_P_DC_W], g + m->off[RL_P_DC_B], w->dy1, w->dcols2);
  rl_relu_bwd(cv * n2, w->y1, w->dy1);
  for (int c = 0; c < cv; c++) {
    double s = 0;
    for (int t = 0; t < n2; t++) s += w->dy1[(size_t)c * n2 + t];
    w->dcz[c] = s;
  }
  rl_conv3_bwd(RL_NMAPS, cv, w->R2, w->C2, p + m->off[RL_P_CONV_W], w->cols1, w->dy1,
               g + m->off[RL_P_CONV_W], g + m->off[RL_P_CONV_B], NULL, NULL);
  /* z -> conv bias */
  rl_dense_bwd(1, m->a.dz, cv, w->z, p + m->off[RL_P_CZ_W], w->dcz, g + m->off[RL_P_CZ_W], NULL,
               w->dz);
  rl_relu_bwd(m->a.dz, w->z, w->dz);
  rl_dense_bwd(1, nin, m->a.dz, w->u, p + m->off[RL_P_Z_W], w->dz, g + m->off[RL_P_Z_W],
               g + m->off[RL_P_Z_B], w->du);
  /* value head */
  for (int k = 0; k < m->a.hidden; k++) {
    g[m->off[RL_P_V2_W] + k] += dv * w->hv[k];
    w->dhv[k] = dv * p[m->off[RL_P_V2_W] + k];
  }
  g[m->off[RL_P_V2_B]] += dv;
  rl_relu_bwd(m->a.hidden, w->hv, w->dhv);
  rl_dense_bwd(1, nin, m->a.hidden, w->u, p + m->off[RL_P_V1_W], w->dhv, g + m->off[RL_P_V1_W],
               g + m->off[RL_P_V1_B], w->du2);
  for (int k = 0; k < nin; k++) w->du[k] += w->du2[k];
  /* into the node embeddings: the current macro's row and the mean's share of every row */
  for (int k = 0; k < d; k++) dH[(size_t)cur * d + k] += w->du[k];
  double inv = N > 0 ? 1.0 / N : 0.0;
  for (int v = 0; v < N; v++)
    for (int k = 0; k < d; k++) dH[(size_t)v * d + k] += w->du[d + k] * inv;
}
