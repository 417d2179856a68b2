/*
 * rl_train.c: on-policy training of the macro placement policy with PPO (Schulman et al.,
 * "Proximal Policy Optimization Algorithms", 2017, Algorithm 1), as Circuit Training trains its
 * agent (Mirhoseini et al., Nature 2021, "Methods: RL training"), at a scale that fits a laptop.
 *
 * One update: (1) the encoder runs once under the current weights; (2) a batch of episodes is
 * rolled out in parallel threads (OpenMP), each with its own environment; episode k of the whole run
 * samples its actions from its own GSL generator seeded by (seed, k), and records per step the
 * observation (byte maps), the action, log pi_old(a|s) and V_old(s); (3) the return of every step
 * is the episode's reward R (gamma = 1: the only reward comes at the end), the advantage
 * A = R - V_old, normalized over the batch; (4) ppo_epochs passes over the batch: the encoder runs
 * again, every step is replayed from its stored observation through the step network, the
 * gradient of  L = L_clip - c_ent H + c_v 0.5 (V - R)^2  is accumulated per episode into its own
 * buffer, the buffers are added in episode order, pushed through the encoder, averaged over the
 * steps, clipped to a global norm and applied by Adam (Kingma & Ba 2015).
 * Determinism: per-episode generators and gradient buffers, summed in a fixed order, make the
 * result independent of the thread count and of scheduling; only the time budget (checked between
 * updates) can make two runs differ in length.
 * Evaluation: with every batch one more episode runs greedily (arg max of the logits, no
 * sampling) with the same weights, and one at the end with the trained policy; the best placement
 * of any episode, sampled or greedy, is the result (the greedy ones are not trained on).
 *
 * Over MPI ranks (ut_mpi.h; docs/SCALING.md): the batch's episode slots are split into one
 * contiguous block per rank; every rank rolls out its block (same per-episode generators), then
 * every rank receives every episode's summary (reward, proxy terms, values, macro positions:
 * allgather), so that the bookkeeping, the advantages and the best placement are computed by all
 * ranks identically.  Each rank replays its own episodes; rank 0 gathers the per-episode gradient
 * buffers, adds them in episode order exactly as one process does, runs the encoder backward pass,
 * clipping and Adam, and broadcasts the parameters.  Parameters are therefore bit-identical on
 * every rank, and the whole run (rewards, checkpoint, placement) is the same for any number of
 * ranks and threads.  Rank 0 alone writes the CSV log and the periodic checkpoints and decides
 * when a time budget ends training.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <signal.h>

#include <gsl/gsl_rng.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "rl/rl_int.h"
#include "util/ut_mpi.h"

typedef struct ep_t {
  int32_t nsteps;
  int32_t *act;
  double *lp, *val, *adv;
  uint8_t *obs;
  double *stepf;
  double reward;
  rl_proxy_t px;
  int dead;
  int64_t *mx, *my;
  double *grad, *dH;         /* in the gradient slab (grad_stride doubles per episode), followed
                              * by ent, lpi, lv for rank 0 */
  double ent, lpi, lv;       /* sums over steps in the first epoch */
  int64_t nclip;
} ep_t;

/* What every rank learns of every episode after the rollouts (allgather): this header, then the
 * values of its steps (nhard doubles) and the macro positions (2 nhard int64). */
typedef struct ep_sum_t {
  double reward;
  rl_proxy_t px;
  int32_t nsteps, dead;
} ep_sum_t;

static size_t sum_bytes(const rl_design_t *d) {
  size_t n = sizeof(ep_sum_t) + (size_t)d->nhard * (sizeof(double) + 2 * sizeof(int64_t));
  return (n + 7) / 8 * 8;
}

static void sum_pack(const rl_design_t *d, const ep_t *e, unsigned char *p) {
  ep_sum_t h;
  memset(&h, 0, sizeof h);
  h.reward = e->reward;
  h.px = e->px;
  h.nsteps = e->nsteps;
  h.dead = e->dead;
  size_t nh = (size_t)d->nhard;
  memcpy(p, &h, sizeof h);
  p += sizeof h;
  memcpy(p, e->val, nh * sizeof(double));
  p += nh * sizeof(double);
  memcpy(p, e->mx, nh * sizeof(int64_t));
  memcpy(p + nh * sizeof(int64_t), e->my, nh * sizeof(int64_t));
}

static void sum_unpack(const rl_design_t *d, const unsigned char *p, ep_t *e) {
  ep_sum_t h;
  size_t nh = (size_t)d->nhard;
  memcpy(&h, p, sizeof h);
  p += sizeof h;
  e->reward = h.reward;
  e->px = h.px;
  e->nsteps = h.nsteps;
  e->dead = h.dead;
  memcpy(e->val, p, nh * sizeof(double));
  p += nh * sizeof(double);
  memcpy(e->mx, p, nh * sizeof(int64_t));
  memcpy(e->my, p + nh * sizeof(int64_t), nh * sizeof(int64_t));
}

/* First slot of rank r when n slots are split into nr contiguous blocks. */
static int slot_lo(int n, int r, int nr) { return (int)((int64_t)n * r / nr); }

static uint64_t mix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

static void ep_free(ep_t *e) {
  ut_free(e->act);
  ut_free(e->lp);
  ut_free(e->val);
  ut_free(e->adv);
  ut_free(e->obs);
  ut_free(e->stepf);
  ut_free(e->mx);
  ut_free(e->my);
}

/* slab: this episode's grad_stride doubles of the gradient slab. */
static int ep_alloc(ep_t *e, const rl_design_t *d, const rl_model_t *m, double *slab) {
  memset(e, 0, sizeof *e);
  size_t nh = (size_t)d->nhard + 1, nc = (size_t)d->pnl.cols * d->pnl.rows;
  e->act = ut_calloc(nh, sizeof *e->act);
  e->lp = ut_calloc(nh, sizeof *e->lp);
  e->val = ut_calloc(nh, sizeof *e->val);
  e->adv = ut_calloc(nh, sizeof *e->adv);
  e->obs = ut_calloc(nh * RL_NMAPS * nc, 1);
  e->stepf = ut_calloc(nh * RL_NSTEPF, sizeof *e->stepf);
  e->mx = ut_calloc(nh, sizeof *e->mx);
  e->my = ut_calloc(nh, sizeof *e->my);
  e->grad = slab;
  e->dH = slab + m->nparams;
  if (!e->act || !e->lp || !e->val || !e->adv || !e->obs || !e->stepf || !e->mx || !e->my) {
    ep_free(e);
    memset(e, 0, sizeof *e);   /* freed again by the caller's cleanup */
    return UT_ENOMEM;
  }
  return 0;
}

/* Roll out one episode.  greedy: arg max instead of sampling. */
static void rollout(const rl_design_t *d, const rl_model_t *m, const rl_enc_t *enc, rl_env_t *env,
                    rl_ws_t *ws, gsl_rng *rng, int greedy, ep_t *e) {
  const int32_t n = env->ncell;
  rl_env_reset(env);
  e->nsteps = 0;
  e->dead = 0;
  for (int32_t t = 0; t < d->nhard; t++) {
    uint8_t *maps = e->obs + (size_t)t * RL_NMAPS * n;
    double *sf = e->stepf + (size_t)t * RL_NSTEPF;
    if (rl_env_observe(env, maps, sf) == 0) {
      e->dead = 1;
      break;
    }
    rl_step_forward(m, rl_enc_out(enc), enc->mean, t, sf, maps, ws);
    const uint8_t *mask = maps + 2 * n;
    double lse = rl_softmax(n, ws->logits, mask, ws->p);
    int32_t a = -1;
    if (greedy) {
      for (int32_t g = 0; g < n; g++)
        if (mask[g] && (a < 0 || ws->logits[g] > ws->logits[a])) a = g;
    } else {
      double u = gsl_rng_uniform(rng), acc = 0;
      for (int32_t g = 0; g < n; g++) {
        if (!mask[g]) continue;
        a = g;
        acc += ws->p[g];
        if (u < acc) break;
      }
    }
    e->act[t] = a;
    e->lp[t] = ws->logits[a] - lse;
    e->val[t] = ws->value;
    rl_env_place(env, a);
    e->nsteps = t + 1;
  }
  e->reward = rl_env_finish(env, &e->px);
  e->dead = e->dead || env->dead;
  memcpy(e->mx, env->mx, sizeof *e->mx * (size_t)d->nhard);
  memcpy(e->my, env->my, sizeof *e->my * (size_t)d->nhard);
}

/* Gradient of one episode's PPO loss (all its steps) into e->grad and e->dH. */
static void replay(const rl_design_t *d, const rl_model_t *m, const rl_enc_t *enc, rl_ws_t *ws,
                   const rl_opts_t *o, int first, ep_t *e) {
  const int32_t n = d->pnl.cols * d->pnl.rows;
  memset(e->grad, 0, sizeof *e->grad * (size_t)m->nparams);
  memset(e->dH, 0, sizeof *e->dH * (size_t)d->pnl.nnodes * m->a.d);
  if (first) {
    e->ent = e->lpi = e->lv = 0;
    e->nclip = 0;
  }
  for (int32_t t = 0; t < e->nsteps; t++) {
    const uint8_t *maps = e->obs + (size_t)t * RL_NMAPS * n;
    rl_step_forward(m, rl_enc_out(enc), enc->mean, t, e->stepf + (size_t)t * RL_NSTEPF, maps, ws);
    double ent, ratio, lp;
    double lpi = rl_ppo_loss(n, ws->logits, maps + 2 * n, e->act[t], e->lp[t], e->adv[t], o->clip,
                             o->entropy_coef, ws->dlogits, ws->p, &ent, &ratio, &lp);
    double dv;
    double lv = rl_value_loss(ws->value, e->reward, o->value_coef, &dv);
    rl_step_backward(m, rl_enc_out(enc), d->pnl.nnodes, t, maps, dv, ws, e->grad, e->dH);
    if (first) {
      e->ent += ent;
      e->lpi += lpi;
      e->lv += lv;
      e->nclip += fabs(ratio - 1) > o->clip;
    }
  }
}

static int keep_best(const rl_design_t *d, const ep_t *e, rl_result_t *best) {
  if (e->dead || !(e->reward > best->reward)) return 0;
  memcpy(best->mx, e->mx, sizeof *best->mx * (size_t)d->nhard);
  memcpy(best->my, e->my, sizeof *best->my * (size_t)d->nhard);
  memset(best->flip, 0, (size_t)d->pnl.nnodes);
  best->px = e->px;
  best->reward = e->reward;
  best->valid = 1;
  return 1;
}

/* Testing hook (tests/mpi.cmake): PLACE_TEST_KILL_RANK="R:K" makes rank R die (SIGKILL, as the
 * kernel's OOM killer or a lost node would) when it starts update K + 1. */
static void test_kill_hook(int rank, int updates) {
  const char *s = getenv("PLACE_TEST_KILL_RANK");
  int r = -1, k = -1;
  if (s && sscanf(s, "%d:%d", &r, &k) == 2 && r == rank && k == updates) raise(SIGKILL);
}

int rl_train(const rl_design_t *d, const rl_opts_t *o, rl_model_t *m, rl_adam_t *adam,
             rl_result_t *best, rl_train_info_t *info, ut_diag_t *diag) {
  memset(info, 0, sizeof *info);
  info->best_reward = -INFINITY;
  if (d->nhard == 0) return 0;
  const double t0 = rl_budget_clock(o), tw0 = ut_seconds(), wait0 = ut_mpi_wait_seconds();
  const double tc0 = ut_cpu_seconds();
  const int rank = ut_mpi_rank(), nranks = ut_mpi_size();
  int nthr = o->threads;
#ifdef _OPENMP
  if (nthr <= 0) nthr = omp_get_max_threads();
#else
  nthr = 1;
#endif
  if (nthr < 1) nthr = 1;
  const int B = o->batch > 0 ? o->batch : 8;
  if (nthr > B) nthr = B;
  const int32_t N = d->pnl.nnodes, ncell = d->pnl.cols * d->pnl.rows;
  /* per episode: parameter gradient, node gradient, then ent, lpi, lv */
  const size_t gstride = (size_t)m->nparams + (size_t)N * m->a.d + 3;
  const size_t sbytes = sum_bytes(d);
  int rc = 0;
  ep_t *eps = ut_calloc((size_t)B + 1, sizeof *eps);   /* B sampled + 1 greedy */
  double *gslab = ut_calloc(((size_t)B + 1) * gstride, sizeof *gslab);
  unsigned char *sums = ut_calloc(((size_t)B + 1) * sbytes, 1);
  size_t *off = ut_calloc((size_t)nranks + 1, sizeof *off);
  double *cpus = ut_calloc((size_t)nranks, sizeof *cpus);   /* CPU seconds per rank (the log) */
  rl_env_t **envs = ut_calloc((size_t)nthr, sizeof *envs);
  rl_ws_t *wss = ut_calloc((size_t)nthr, sizeof *wss);
  gsl_rng **rngs = ut_calloc((size_t)nthr, sizeof *rngs);
  double *g = ut_calloc((size_t)m->nparams, sizeof *g);
  double *dH = ut_calloc((size_t)N * m->a.d + 1, sizeof *dH);
  double *lrs = ut_malloc(sizeof *lrs * (size_t)m->nparams);
  rl_enc_t enc;
  memset(&enc, 0, sizeof enc);
  FILE *csv = NULL;
  if (!eps || !gslab || !sums || !off || !cpus || !envs || !wss || !rngs || !g || !dH || !lrs) {
    rc = UT_ENOMEM;
    goto agree;
  }
  /* the skip weights (how the policy mixes its observation maps) are few and large (the prior):
   * their steps scale with their size, at least 10x the others'; a resumed run keeps the scale it
   * started with (saved in the checkpoint) */
  {
    double big = adam->skip_scale;
    if (!(o->resume && big > 0)) {
      big = 10.0;
      for (int64_t k = m->off[RL_P_SK_W]; k < m->off[RL_P_SK_W + 1]; k++)
        if (fabs(m->p[k]) > big) big = fabs(m->p[k]);
      adam->skip_scale = big;
    }
    for (int64_t k = 0; k < m->nparams; k++) lrs[k] = 1.0;
    for (int64_t k = m->off[RL_P_SK_W]; k < m->off[RL_P_SK_W + 1]; k++) lrs[k] = big;
  }
  adam->lr_scale = lrs;
  for (int b = 0; b <= B && !rc; b++) rc = ep_alloc(&eps[b], d, m, gslab + (size_t)b * gstride);
  for (int t = 0; t < nthr && !rc; t++) {
    rc = rl_env_create(&envs[t], d);
    if (!rc) rc = rl_ws_create(&wss[t], m, d->pnl.rows, d->pnl.cols);
    if (!rc && !(rngs[t] = gsl_rng_alloc(gsl_rng_mt19937))) rc = UT_ENOMEM;
  }
  if (!rc) rc = rl_enc_create(&enc, m, d);
  if (!rc && o->log_csv && rank == 0) {
    csv = fopen(o->log_csv, "w");
    if (!csv) {
      ut_diag_error(diag, o->log_csv, 0, 0, "cannot write the training log");
      rc = UT_EIO;
    } else {
      fprintf(csv, "episode,update,reward,cost,wirelength,density,congestion,w_wirelength,"
                   "w_density,w_congestion,dead,entropy,value_loss,policy_loss\n");
    }
  }
agree:
  /* every rank goes on, or none (a rank that stopped alone would leave the others waiting) */
  rc = ut_mpi_min_int(rc);
  if (rc) goto done;
  UT_INFO("RL", "PPO: %d macros, %d x %d grid, %d nodes, %d GCN edges, %lld parameters, batch %d, "
          "%d threads%s", d->nhard, d->pnl.cols, d->pnl.rows, N, d->nedges,
          (long long)m->nparams, B, nthr, nranks > 1 ? " per rank" : "");
  if (nranks > 1)
    UT_INFO("RL", "MPI: %d ranks (%s); each rolls out about %d of the %d episodes of a batch; "
            "per update %.1f KB of episode summaries to every rank, %.1f KB of gradients to rank "
            "0 and %.1f KB of parameters from it", nranks, ut_mpi_library(), (B + nranks) / nranks,
            B + 1, (double)(B + 1) * sbytes / 1024.0,
            (double)o->ppo_epochs * B * gstride * sizeof(double) / 1024.0,
            (double)o->ppo_epochs * m->nparams * sizeof(double) / 1024.0);
  if (o->log_every > 0)
    UT_INFO("RL", "%7s %8s %8s %8s %8s %8s %8s %8s %8s %5s", "update", "episodes", "cost", "wl",
            "density", "cong", "best", "entropy", "v_loss", "dead");
  double t_enc = 0, t_roll = 0, t_replay = 0, t_learn = 0;   /* seconds, this rank (the log) */
  int episodes = o->first_episode > 0 ? (int)o->first_episode : 0;
  const int first = episodes;
  double last_update_s = 0;
  while (episodes < o->episodes) {
    test_kill_hook(rank, info->updates);
    double tu = rl_budget_clock(o);
    const int nb = o->episodes - episodes < B ? o->episodes - episodes : B;
    /* this rank's slots: [lo, hi) of the nb + 1 (sampled, then greedy); it replays [lo, hs) */
    const int lo = slot_lo(nb + 1, rank, nranks), hi = slot_lo(nb + 1, rank + 1, nranks);
    const int hs = hi < nb ? hi : nb;
    double ts = ut_seconds();
    rl_enc_forward(m, d, &enc);
    t_enc += ut_seconds() - ts;
    ts = ut_seconds();
    /* slots [0, nb): sampled episodes (training data); slot nb: the greedy episode of the current
     * policy (arg max; evaluation only, its placement competes for the best) */
#pragma omp parallel for num_threads(nthr) schedule(static, 1)
    for (int b = lo; b < hi; b++) {
      int tid = 0;
#ifdef _OPENMP
      tid = omp_get_thread_num();
#endif
      gsl_rng_set(rngs[tid], (unsigned long)mix64(o->seed * 1000003ULL + (uint64_t)(episodes + b)));
      rollout(d, m, &enc, envs[tid], &wss[tid], rngs[tid], b == nb, &eps[b]);
    }
    t_roll += ut_seconds() - ts;
    if (nranks > 1) {   /* every rank learns every episode's outcome */
      for (int b = lo; b < hi; b++) sum_pack(d, &eps[b], sums + (size_t)b * sbytes);
      for (int r = 0; r <= nranks; r++) off[r] = (size_t)slot_lo(nb + 1, r, nranks) * sbytes;
      if ((rc = ut_mpi_allgatherv(sums, off))) goto done;
      for (int b = 0; b <= nb; b++)
        if (b < lo || b >= hi) sum_unpack(d, sums + (size_t)b * sbytes, &eps[b]);
    }
    if (keep_best(d, &eps[nb], best)) info->best_reward = eps[nb].reward;
    info->greedy++;
    /* bookkeeping in episode order */
    int64_t nsteps = 0;
    double amean = 0, mcost = 0, mwl = 0, mden = 0, mcong = 0;
    int ndead = 0, nlive = 0;
    for (int b = 0; b < nb; b++) {
      ep_t *e = &eps[b];
      if (keep_best(d, e, best)) info->best_reward = e->reward;
      if (e->dead) ndead++;
      else {
        nlive++;
        mcost += e->px.cost;
        mwl += e->px.wirelength;
        mden += e->px.density;
        mcong += e->px.congestion;
      }
      for (int32_t t = 0; t < e->nsteps; t++) {
        e->adv[t] = e->reward - e->val[t];
        amean += e->adv[t];
      }
      nsteps += e->nsteps;
    }
    info->dead_ends += ndead;
    if (nsteps > 0) {
      amean /= (double)nsteps;
      double var = 0;
      for (int b = 0; b < nb; b++)
        for (int32_t t = 0; t < eps[b].nsteps; t++) var += (eps[b].adv[t] - amean) * (eps[b].adv[t] - amean);
      double sd = sqrt(var / (double)nsteps) + 1e-8;
      for (int b = 0; b < nb; b++)
        for (int32_t t = 0; t < eps[b].nsteps; t++) eps[b].adv[t] = (eps[b].adv[t] - amean) / sd;
    }
    /* PPO epochs */
    double ent = 0, lv = 0, lpi = 0;
    for (int ep = 0; ep < o->ppo_epochs && nsteps > 0; ep++) {
      ts = ut_seconds();
      if (ep > 0) rl_enc_forward(m, d, &enc);
      t_enc += ut_seconds() - ts;
      ts = ut_seconds();
#pragma omp parallel for num_threads(nthr) schedule(static, 1)
      for (int b = lo; b < hs; b++) {
        int tid = 0;
#ifdef _OPENMP
        tid = omp_get_thread_num();
#endif
        replay(d, m, &enc, &wss[tid], o, ep == 0, &eps[b]);
        double *tail = eps[b].dH + (size_t)N * m->a.d;
        tail[0] = eps[b].ent;
        tail[1] = eps[b].lpi;
        tail[2] = eps[b].lv;
      }
      t_replay += ut_seconds() - ts;
      /* rank 0 gets every episode's gradient buffers and adds them in episode order */
      for (int r = 0; r <= nranks; r++) {
        int sl = slot_lo(nb + 1, r, nranks);
        off[r] = (size_t)(sl < nb ? sl : nb) * gstride * sizeof(double);
      }
      if ((rc = ut_mpi_gatherv(gslab, off, 0))) goto done;
      ts = ut_seconds();
      if (rank == 0) {
        memset(g, 0, sizeof *g * (size_t)m->nparams);
        memset(dH, 0, sizeof *dH * (size_t)N * m->a.d);
        for (int b = 0; b < nb; b++) {
          for (int64_t k = 0; k < m->nparams; k++) g[k] += eps[b].grad[k];
          for (int64_t k = 0; k < (int64_t)N * m->a.d; k++) dH[k] += eps[b].dH[k];
        }
        rl_enc_backward(m, d, &enc, dH, g);
        for (int64_t k = 0; k < m->nparams; k++) g[k] /= (double)nsteps;
        rl_clip_grad(m->nparams, g, o->max_grad_norm);
        rl_adam_step(adam, m->p, g, o->lr);
        if (ep == 0)
          for (int b = 0; b < nb; b++) {
            const double *tail = eps[b].dH + (size_t)N * m->a.d;
            ent += tail[0];
            lpi += tail[1];
            lv += tail[2];
          }
      }
      t_learn += ut_seconds() - ts;
      /* the same parameters everywhere: rank 0's bytes */
      ut_mpi_bcast(m->p, sizeof *m->p * (size_t)m->nparams, 0);
    }
    ent /= nsteps > 0 ? (double)nsteps : 1;
    lv /= nsteps > 0 ? (double)nsteps : 1;
    lpi /= nsteps > 0 ? (double)nsteps : 1;
    if (csv)
      for (int b = 0; b < nb; b++) {
        const ep_t *e = &eps[b];
        fprintf(csv, "%d,%d,%.6f,%.6f,%.6f,%.6f,%.6f,%g,%g,%g,%d,%.6f,%.6f,%.6f\n", episodes + b,
                info->updates, e->reward, e->dead ? 4.0 : e->px.cost, e->px.wirelength,
                e->px.density, e->px.congestion, d->pnl.wwl, d->pnl.wden, d->pnl.wcong, e->dead,
                ent, lv, lpi);
      }
    episodes += nb;
    info->updates++;
    if (o->log_every > 0 && (info->updates % o->log_every == 0 || episodes >= o->episodes)) {
      double k = nlive > 0 ? 1.0 / nlive : 0;
      UT_INFO("RL", "%7d %8d %8.4f %8.4f %8.4f %8.4f %8.4f %8.3f %8.4f %5d", info->updates, episodes,
              mcost * k, mwl * k, mden * k, mcong * k, -info->best_reward, ent, lv, ndead);
    }
    if (o->save_path && o->save_every > 0 && info->updates % o->save_every == 0) {
      /* periodic checkpoint (temporary file + rename: a run killed now leaves the previous one) */
      if (rank == 0) rc = rl_ckpt_save(o->save_path, m, adam, episodes, diag);
      if ((rc = ut_mpi_min_int(rc))) {
        if (rank != 0)
          ut_diag_error(diag, o->save_path, 0, 0, "rank 0 could not write the checkpoint");
        goto done;
      }
    }
    last_update_s = rl_budget_clock(o) - tu;
    /* rank 0's clock decides, so that every rank stops after the same update */
    int stop = o->time_budget_s > 0 && rl_budget_clock(o) - t0 + last_update_s > o->time_budget_s;
    if (ut_mpi_bcast_int(stop, 0)) break;
  }
  info->episodes = episodes;
  {
    /* throughput; the CPU seconds of all ranks (summed in rank order) show the cost of the
     * distribution apart from the cores the machine has free */
    double tw = ut_seconds() - tw0, tc = ut_cpu_seconds() - tc0, cpu = 0;
    ut_mpi_allgather(&tc, sizeof tc, cpus);
    for (int r = 0; r < nranks; r++) cpu += cpus[r];
    UT_INFO("RL", "trained %d episodes in %d updates, %.2f s: %.3f episodes/s (%d ranks x %d "
            "threads; CPU %.2f s over all ranks; rank 0 waited %.2f s for the others)",
            episodes - first, info->updates, tw, tw > 0 ? (episodes - first) / tw : 0.0, nranks,
            nthr, cpu, ut_mpi_wait_seconds() - wait0);
    if (info->updates > 0) {
      double k = 1.0 / info->updates;
      UT_INFO("RL", "rank 0 per update: encoder forward %.3f s, rollouts %.3f s, replay %.3f s, "
              "gradient sum + encoder backward + Adam %.3f s, waiting for ranks %.3f s", t_enc * k,
              t_roll * k, t_replay * k, t_learn * k, (ut_mpi_wait_seconds() - wait0) * k);
    }
  }
  {
    const double *sk = m->p + m->off[RL_P_SK_W];
    UT_INFO("RL", "policy map weights: wire %.3f, occupancy %.3f, mask %.3f, boundary %.3f, "
            "hint %.3f", sk[0], sk[1], sk[2], sk[3], sk[4]);
  }
  /* one greedy episode with the trained policy (every rank: the same weights, the same episode) */
  {
    rl_enc_forward(m, d, &enc);
    rollout(d, m, &enc, envs[0], &wss[0], rngs[0], 1, &eps[0]);
    info->greedy++;
    if (keep_best(d, &eps[0], best)) {
      info->best_reward = eps[0].reward;
      UT_INFO("RL", "greedy episode is the best: cost %.4f", eps[0].px.cost);
    }
  }
  if (csv && fclose(csv)) {
    csv = NULL;
    ut_diag_error(diag, o->log_csv, 0, 0, "cannot write the training log");
    rc = UT_EIO;
  }
  csv = NULL;
done:
  if (csv) fclose(csv);
  if (eps)
    for (int b = 0; b <= B; b++) ep_free(&eps[b]);
  if (envs)
    for (int t = 0; t < nthr; t++) rl_env_destroy(envs[t]);
  if (wss)
    for (int t = 0; t < nthr; t++) rl_ws_free(&wss[t]);
  if (rngs)
    for (int t = 0; t < nthr; t++)
      if (rngs[t]) gsl_rng_free(rngs[t]);
  rl_enc_free(&enc);
  ut_free(eps);
  ut_free(gslab);
  ut_free(sums);
  ut_free(off);
  ut_free(cpus);
  ut_free(envs);
  ut_free(wss);
  ut_free(rngs);
  ut_free(g);
  ut_free(dH);
  adam->lr_scale = NULL;
  ut_free(lrs);
  (void)ncell;
  return rc;
}
