/*
 * rl_sa.c: the simulated annealing baseline over macro positions (Kirkpatrick, Gelatt & Vecchi,
 * "Optimization by Simulated Annealing", Science 1983; for macro placement as in the SA baseline
 * of the Circuit Training evaluations: Cheng et al., "Assessment of Reinforcement Learning for
 * Macro Placement", ISPD 2023), on the same canvas grid, legality model and proxy cost as the RL
 * agent (rl_graph.c, rl_legal.c, rl_proxy.c).
 *
 * State: every hard macro on a grid cell (its candidate position, rl_design_cands) with a flip.
 * Moves: swap two macros' cells, shift one macro by up to s cells (s shrinks with the temperature),
 * move one to a random cell, flip one (only orientations its SYMMETRY allows).  A move is legal when
 * each moved macro's static mask allows the cell and it keeps clear of every other macro (bodies
 * and halos); illegal proposals are rejected without evaluation.  Cost: the proxy cost with the soft
 * clusters where the last force-directed pass put them; they are re-placed (FD) twenty times per
 * chain and the final state and the best state are both re-evaluated after a fresh FD pass, the
 * same evaluation the RL episodes end with.
 * Schedule: start at the greedy legal placement (rl_greedy_place: by wirelength, or nearest to the
 * analytic placement with opts->sa_analytic_start), T0 such that the mean uphill
 * step of 64 random moves is accepted with probability 1/2, geometric cooling to T0 / 1000 over the
 * chain.  Chains: one per thread, generator seeded by (seed, chain); the best chain wins (ties to
 * the lower index).  Length: opts->sa_moves moves per chain (deterministic), or with a time budget
 * the temperature follows the elapsed fraction of the budget and the chain stops at its end (the
 * number of moves then depends on the machine's speed), else 20000 moves.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "rl/rl_int.h"

typedef struct chain_t {
  rl_env_t *env;
  rl_eval_t ev;
  gsl_rng *rng;
  int32_t *cell;             /* grid cell per macro */
  int64_t *mx, *my;
  uint8_t *flip;             /* per node */
  double *cx, *cy;
  rl_result_t best;
  double best_cost;
  long moves, accepted;
  int ok;
} chain_t;

typedef struct sa_shared_t {
  const rl_design_t *d;
  int64_t *ys, *xs;          /* nhard x rows, nhard x ncell: candidate positions */
} sa_shared_t;

static uint64_t mix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

static double eval_cost(const rl_design_t *d, chain_t *c) {
  rl_proxy_t px;
  rl_pnl_eval(&d->pnl, c->cx, c->cy, c->flip, &c->ev, &px);
  return px.cost;
}

/* Is macro i at cell g legal against the static obstacles and every macro other than i and
 * `skip` (which may be -1)? */
static int legal_at(const sa_shared_t *s, const chain_t *c, int32_t i, int32_t g, int32_t skip,
                    int64_t *x, int64_t *y) {
  const rl_design_t *d = s->d;
  const int cols = d->pnl.cols, rows = d->pnl.rows;
  const size_t nc = (size_t)cols * rows;
  if (!d->smask[(size_t)i * nc + g]) return 0;
  *x = s->xs[(size_t)i * nc + g];
  *y = s->ys[(size_t)i * rows + g / cols];
  for (int32_t j = 0; j < d->nhard; j++) {
    if (j == i || j == skip) continue;
    if (!rl_design_pair_ok(d, i, *x, *y, j, c->mx[j], c->my[j])) return 0;
  }
  return 1;
}

static void set_pos(const rl_design_t *d, chain_t *c, int32_t i, int32_t g, int64_t x, int64_t y) {
  c->cell[i] = g;
  c->mx[i] = x;
  c->my[i] = y;
  c->cx[i] = ((double)x + 0.5 * (double)d->hw[i]) / d->dbu;
  c->cy[i] = ((double)y + 0.5 * (double)d->hh[i]) / d->dbu;
}

static void refresh_fd(const rl_design_t *d, chain_t *c) {
  rl_design_centers(d, c->mx, c->my, c->cx, c->cy);
  rl_fd_place(c->env->fd, c->cx, c->cy, c->flip, d->fd_iters, 0);
}

static void save_best(const rl_design_t *d, chain_t *c, double cost) {
  c->best_cost = cost;
  memcpy(c->best.mx, c->mx, sizeof *c->mx * (size_t)d->nhard);
  memcpy(c->best.my, c->my, sizeof *c->my * (size_t)d->nhard);
  memcpy(c->best.flip, c->flip, (size_t)d->pnl.nnodes);
  c->best.valid = 1;
}

/* One proposal; returns 1 when applied (accepted), 0 otherwise.  *cost is the current cost. */
static int propose(const sa_shared_t *s, chain_t *c, double T, double frac, double *cost,
                   double *delta_out) {
  const rl_design_t *d = s->d;
  const int cols = d->pnl.cols, rows = d->pnl.rows;
  const int32_t nh = d->nhard;
  gsl_rng *r = c->rng;
  double u = gsl_rng_uniform(r);
  int32_t i = (int32_t)gsl_rng_uniform_int(r, (unsigned long)nh);
  int32_t j = -1, gi = -1, gj = -1;
  int newflip = -1;
  if (u < 0.3 && nh >= 2) {
    j = (int32_t)gsl_rng_uniform_int(r, (unsigned long)(nh - 1));
    if (j >= i) j++;
    gi = c->cell[j];
    gj = c->cell[i];
  } else if (u < 0.65) {
    int smax = (int)lround(0.25 * (cols > rows ? cols : rows) * sqrt(frac));
    if (smax < 1) smax = 1;
    int dc = (int)gsl_rng_uniform_int(r, (unsigned long)(2 * smax + 1)) - smax;
    int dr = (int)gsl_rng_uniform_int(r, (unsigned long)(2 * smax + 1)) - smax;
    int cc = c->cell[i] % cols + dc, rr = c->cell[i] / cols + dr;
    if (cc < 0 || cc >= cols || rr < 0 || rr >= rows || (dc == 0 && dr == 0)) return 0;
    gi = rr * cols + cc;
  } else if (u < 0.9) {
    gi = (int32_t)gsl_rng_uniform_int(r, (unsigned long)(cols * rows));
  } else {
    uint8_t fl = d->hflips[i];
    int nopt = 0, opts[4];
    for (int f = 0; f < 4; f++)
      if ((fl >> f & 1) && f != c->flip[i]) opts[nopt++] = f;
    if (!nopt) return 0;
    newflip = opts[gsl_rng_uniform_int(r, (unsigned long)nopt)];
  }
  /* legality and the tentative state */
  int32_t oi = c->cell[i], oj = j >= 0 ? c->cell[j] : -1;
  int64_t oxi = c->mx[i], oyi = c->my[i], oxj = 0, oyj = 0;
  double ocxi = c->cx[i], ocyi = c->cy[i], ocxj = 0, ocyj = 0;
  uint8_t ofl = c->flip[i];
  if (newflip >= 0) {
    c->flip[i] = (uint8_t)newflip;
  } else {
    int64_t x, y;
    if (j >= 0) {
      oxj = c->mx[j];
      oyj = c->my[j];
      ocxj = c->cx[j];
      ocyj = c->cy[j];
      int64_t xj, yj;
      if (!legal_at(s, c, i, gi, j, &x, &y)) return 0;
      if (!legal_at(s, c, j, gj, i, &xj, &yj)) return 0;
      if (!rl_design_pair_ok(d, i, x, y, j, xj, yj)) return 0;
      set_pos(d, c, i, gi, x, y);
      set_pos(d, c, j, gj, xj, yj);
    } else {
      if (gi == oi || !legal_at(s, c, i, gi, -1, &x, &y)) return 0;
      if (x == oxi && y == oyi) return 0;
      set_pos(d, c, i, gi, x, y);
    }
  }
  double nc = eval_cost(d, c);
  double delta = nc - *cost;
  if (delta_out) *delta_out = delta;
  if (delta <= 0 || (T > 0 && gsl_rng_uniform(r) < exp(-delta / T))) {
    *cost = nc;
    return 1;
  }
  /* undo */
  c->flip[i] = ofl;
  c->cell[i] = oi;
  c->mx[i] = oxi;
  c->my[i] = oyi;
  c->cx[i] = ocxi;
  c->cy[i] = ocyi;
  if (j >= 0) {
    c->cell[j] = oj;
    c->mx[j] = oxj;
    c->my[j] = oyj;
    c->cx[j] = ocxj;
    c->cy[j] = ocyj;
  }
  return 0;
}

static void chain_free(chain_t *c) {
  rl_env_destroy(c->env);
  rl_eval_free(&c->ev);
  if (c->rng) gsl_rng_free(c->rng);
  ut_free(c->cell);
  ut_free(c->mx);
  ut_free(c->my);
  ut_free(c->flip);
  ut_free(c->cx);
  ut_free(c->cy);
  rl_result_free(&c->best);
}

static int chain_init(chain_t *c, const rl_design_t *d, uint64_t seed) {
  memset(c, 0, sizeof *c);
  size_t nh = (size_t)d->nhard + 1, nn = (size_t)d->pnl.nnodes + 1;
  c->cell = ut_calloc(nh, sizeof *c->cell);
  c->mx = ut_calloc(nh, sizeof *c->mx);
  c->my = ut_calloc(nh, sizeof *c->my);
  c->flip = ut_calloc(nn, 1);
  c->cx = ut_calloc(nn, sizeof *c->cx);
  c->cy = ut_calloc(nn, sizeof *c->cy);
  c->rng = gsl_rng_alloc(gsl_rng_mt19937);
  if (!c->cell || !c->mx || !c->my || !c->flip || !c->cx || !c->cy || !c->rng ||
      rl_env_create(&c->env, d) || rl_eval_create(&c->ev, &d->pnl) || rl_result_init(&c->best, d))
    return UT_ENOMEM;
  gsl_rng_set(c->rng, (unsigned long)mix64(seed));
  return 0;
}

static void run_chain(const sa_shared_t *s, const rl_opts_t *o, chain_t *c, double t_start) {
  const rl_design_t *d = s->d;
  const int cols = d->pnl.cols;
  rl_result_t g;
  if (rl_result_init(&g, d)) return;
  if (rl_greedy_place(d, c->env, d->hint_cx != NULL, &g)) {
    rl_result_free(&g);
    return;
  }
  memcpy(c->mx, g.mx, sizeof *c->mx * (size_t)d->nhard);
  memcpy(c->my, g.my, sizeof *c->my * (size_t)d->nhard);
  rl_result_free(&g);
  for (int32_t i = 0; i < d->nhard; i++) {
    /* the grid cell whose candidate this is: the cell under the macro's center */
    int col, row;
    rl_pnl_cell(&d->pnl, ((double)c->mx[i] + 0.5 * (double)d->hw[i]) / d->dbu,
                ((double)c->my[i] + 0.5 * (double)d->hh[i]) / d->dbu, &col, &row);
    c->cell[i] = row * cols + col;
  }
  refresh_fd(d, c);
  double cost = eval_cost(d, c);
  save_best(d, c, cost);
  c->ok = 1;
  /* initial temperature and speed from 64 probing moves (applied only when downhill) */
  double up = 0, t0 = ut_seconds();
  int nup = 0;
  for (int k = 0; k < 64; k++) {
    double delta = NAN;
    propose(s, c, 0.0, 1.0, &cost, &delta);
    if (delta > 0) {
      up += delta;
      nup++;
    }
  }
  (void)t0;
  if (cost < c->best_cost) save_best(d, c, cost);
  double T0 = nup > 0 ? (up / nup) / log(2.0) : 1e-3;
  /* schedule: by moves (sa_moves, or 20000 without a budget), else by the wall clock: the
   * temperature follows the elapsed fraction of the budget and the chain stops at its end */
  const int timed = o->sa_moves <= 0 && o->time_budget_s > 0;
  const long N = o->sa_moves > 0 ? o->sa_moves : 20000;
  const double tl0 = rl_budget_clock(o);
  double span = o->time_budget_s - (tl0 - t_start);
  if (span < 0.5) span = 0.5;
  const double Tend = T0 * 1e-3;
  double frac = 0, next_refresh = 0.05;
  for (long k = 0;; k++) {
    if (timed) {
      if ((k & 63) == 0) frac = (rl_budget_clock(o) - tl0) / span;
      if (frac >= 1) break;
    } else {
      if (k >= N) break;
      frac = (double)k / N;
    }
    double T = T0 * pow(Tend / T0, frac);
    c->moves++;
    if (propose(s, c, T, 1.0 - frac, &cost, NULL)) {
      c->accepted++;
      if (cost < c->best_cost) save_best(d, c, cost);
    }
    if (frac >= next_refresh) {
      next_refresh += 0.05;
      refresh_fd(d, c);
      cost = eval_cost(d, c);
      if (cost < c->best_cost) save_best(d, c, cost);
    }
  }
  /* final: the best state and the last state, each with fresh soft clusters */
  double last;
  refresh_fd(d, c);
  last = eval_cost(d, c);
  int64_t *lx = ut_malloc(sizeof *lx * ((size_t)d->nhard + 1));
  int64_t *ly = ut_malloc(sizeof *ly * ((size_t)d->nhard + 1));
  uint8_t *lf = ut_malloc((size_t)d->pnl.nnodes + 1);
  if (lx && ly && lf) {
    memcpy(lx, c->mx, sizeof *lx * (size_t)d->nhard);
    memcpy(ly, c->my, sizeof *ly * (size_t)d->nhard);
    memcpy(lf, c->flip, (size_t)d->pnl.nnodes);
    memcpy(c->mx, c->best.mx, sizeof *c->mx * (size_t)d->nhard);
    memcpy(c->my, c->best.my, sizeof *c->my * (size_t)d->nhard);
    memcpy(c->flip, c->best.flip, (size_t)d->pnl.nnodes);
    refresh_fd(d, c);
    rl_pnl_eval(&d->pnl, c->cx, c->cy, c->flip, &c->ev, &c->best.px);
    if (last < c->best.px.cost) {
      memcpy(c->mx, lx, sizeof *c->mx * (size_t)d->nhard);
      memcpy(c->my, ly, sizeof *c->my * (size_t)d->nhard);
      memcpy(c->flip, lf, (size_t)d->pnl.nnodes);
      save_best(d, c, last);
      refresh_fd(d, c);
      rl_pnl_eval(&d->pnl, c->cx, c->cy, c->flip, &c->ev, &c->best.px);
    }
    c->best_cost = c->best.px.cost;
    c->best.reward = -c->best.px.cost;
  }
  ut_free(lx);
  ut_free(ly);
  ut_free(lf);
}

int rl_sa_run(const rl_design_t *d, const rl_opts_t *o, rl_result_t *best, long *moves,
              double *accept, ut_diag_t *diag) {
  *moves = 0;
  *accept = 0;
  if (d->nhard == 0) return 0;
  const double t_start = rl_budget_clock(o);
  int nthr = o->threads;
#ifdef _OPENMP
  if (nthr <= 0) nthr = omp_get_max_threads();
#else
  nthr = 1;
#endif
  if (nthr < 1) nthr = 1;
  const int rows = d->pnl.rows, cols = d->pnl.cols;
  const size_t nc = (size_t)rows * cols;
  sa_shared_t s = {d, NULL, NULL};
  s.ys = ut_malloc(sizeof *s.ys * (size_t)d->nhard * rows);
  s.xs = ut_malloc(sizeof *s.xs * (size_t)d->nhard * nc);
  chain_t *ch = ut_calloc((size_t)nthr, sizeof *ch);
  int rc = 0;
  if (!s.ys || !s.xs || !ch) rc = UT_ENOMEM;
  for (int t = 0; t < nthr && !rc; t++) rc = chain_init(&ch[t], d, o->seed * 7919ULL + (uint64_t)t);
  if (rc) goto done;
  for (int32_t i = 0; i < d->nhard; i++)
    rl_design_cands(d, i, s.ys + (size_t)i * rows, s.xs + (size_t)i * nc);
  UT_INFO("SA", "%d chains, %d macros, %d x %d grid", nthr, d->nhard, cols, rows);
#pragma omp parallel for num_threads(nthr) schedule(static, 1)
  for (int t = 0; t < nthr; t++) run_chain(&s, o, &ch[t], t_start);
  int bi = -1;
  long acc = 0;
  for (int t = 0; t < nthr; t++) {
    *moves += ch[t].moves;
    acc += ch[t].accepted;
    if (!ch[t].ok) continue;
    UT_INFO("SA", "chain %d: %ld moves, %.1f%% accepted, cost %.4f", t, ch[t].moves,
            ch[t].moves ? 100.0 * ch[t].accepted / ch[t].moves : 0.0, ch[t].best.px.cost);
    if (bi < 0 || ch[t].best.px.cost < ch[bi].best.px.cost) bi = t;
  }
  *accept = *moves ? (double)acc / *moves : 0;
  if (bi < 0) {
    ut_diag_error(diag, NULL, 0, 0, "simulated annealing: no legal start (the greedy placement "
                                    "found no legal cell for some macro)");
    rc = UT_EINVAL;
    goto done;
  }
  memcpy(best->mx, ch[bi].best.mx, sizeof *best->mx * (size_t)d->nhard);
  memcpy(best->my, ch[bi].best.my, sizeof *best->my * (size_t)d->nhard);
  memcpy(best->flip, ch[bi].best.flip, (size_t)d->pnl.nnodes);
  best->px = ch[bi].best.px;
  best->reward = -best->px.cost;
  best->valid = 1;
done:
  if (ch)
    for (int t = 0; t < nthr; t++) chain_free(&ch[t]);
  ut_free(ch);
  ut_free(s.ys);
  ut_free(s.xs);
  return rc;
}
