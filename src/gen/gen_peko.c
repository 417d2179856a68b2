/*
 * gen_peko.c: PEKO, Placement Examples with Known Optimal wirelength (Chang, Cong, Xie,
 * "Optimality and scalability study of existing placement algorithms", ASP-DAC'03; IEEE TCAD
 * 23(4), 2004).
 *
 * N identical cells (PEKO_X1, pins at the cell center) fill a cols x rows grid exactly (100%
 * utilization, so every legal placement is a permutation of the grid).  A net of degree d is built
 * from d cells inside a w x h block of the grid where (w, h) minimizes (w-1) px + (h-1) py subject
 * to w h >= d, w <= cols, h <= rows (px = cell width, py = row height).  That value, LB(d), is a
 * lower bound on the HPWL of d distinct grid cells, so sum_nets LB(d) bounds every legal placement
 * and the grid placement reaches it: it is the optimum (the papers' construction, with
 * our degree histogram from ibex_core, see gen_degree.c).  Blocks are anchored first on a random
 * sweep of still-unconnected cells (so every cell is on a net) and then uniformly; each net's
 * driver is the member with the fewest outputs so far, so PEKO_X1 needs few Z pins.
 * Invariant: opt_hpwl_dbu == sum over nets of LB(d), exactly, in integers.
 */
#include "gen/gen_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PEKO_SITES 4            /* PEKO_X1 is 0.8 um wide */
#define OUT_FLAG 0x8000u

/* 30779 nets on 29301 logic cells in ibex_core (see gen_degree.c). */
#define IBEX_NETS_PER_CELL (30779.0 / 29301.0)

typedef struct {
  int32_t *a;
  size_t n, cap;
} vec32_t;

static int vec_push(vec32_t *v, int32_t x) {
  if (v->n == v->cap) {
    size_t nc = v->cap ? v->cap * 2 : 1024;
    int32_t *na = realloc(v->a, nc * sizeof(int32_t));
    if (!na) return GEN_ENOMEM;
    v->a = na;
    v->cap = nc;
  }
  v->a[v->n++] = x;
  return GEN_OK;
}

/* The shape (w, h) of the most compact block for d cells; ties broken at random. */
static int64_t best_block(int32_t dg, int32_t cols, int32_t rows, int64_t px, int64_t py,
                          gsl_rng *r, int32_t *w_out, int32_t *h_out) {
  int64_t best = INT64_MAX;
  int nties = 0;
  int32_t wmax = dg < cols ? dg : cols;
  for (int32_t w = 1; w <= wmax; w++) {
    int32_t h = (dg + w - 1) / w;
    if (h > rows) continue;
    int64_t c = (w - 1) * px + (h - 1) * py;
    if (c < best) {
      best = c;
      nties = 1;
      *w_out = w;
      *h_out = h;
    } else if (c == best) {
      nties++;   /* reservoir choice among equal shapes */
      if (gsl_rng_uniform_int(r, (unsigned long)nties) == 0) {
        *w_out = w;
        *h_out = h;
      }
    }
  }
  return best;
}

static void shuffle32(int32_t *a, size_t n, gsl_rng *r) {
  for (size_t i = n; i > 1; i--) {
    size_t j = (size_t)gsl_rng_uniform_int(r, (unsigned long)i);
    int32_t t = a[i - 1];
    a[i - 1] = a[j];
    a[j] = t;
  }
}

int gen_peko_build(gen_design_t *d, const gen_degree_t *dd, gsl_rng *r, gen_err_t *err) {
  const gen_opts_t *o = d->o;
  const int64_t px = (int64_t)PEKO_SITES * GEN_SITE_W, py = GEN_ROW_H;
  int rc = GEN_ENOMEM;
  int64_t n0 = o->cells;

  /* Grid: rows near sqrt(aspect N px / py); prefer an exact divisor of N within 25%. */
  int64_t r0 = llround(sqrt(o->aspect * (double)n0 * px / py));
  if (r0 < 1) r0 = 1;
  if (r0 > n0) r0 = n0;
  int64_t rows = 0;
  for (int64_t dl = 0; dl <= r0 / 4 && !rows; dl++) {
    if (r0 - dl >= 1 && n0 % (r0 - dl) == 0) rows = r0 - dl;
    else if (r0 + dl <= n0 && n0 % (r0 + dl) == 0) rows = r0 + dl;
  }
  if (!rows) rows = r0;
  int64_t cols = (n0 + rows - 1) / rows;
  int64_t N = rows * cols;
  if (N > GEN_MAX_CELLS) {
    snprintf(err->msg, sizeof(err->msg), "PEKO grid too large");
    return GEN_EINVAL;
  }
  if (N != n0)
    gen_log(o, "PEKO: %lld cells rounded up to %lld (%lld rows x %lld columns)", (long long)n0,
            (long long)N, (long long)rows, (long long)cols);
  d->peko = 1;
  d->peko_sites = PEKO_SITES;
  d->ncell = (int32_t)N;
  d->cols = (int32_t)cols;
  d->rows = (int32_t)rows;

  int64_t target = llround((double)N * IBEX_NETS_PER_CELL);
  int32_t *sweep = malloc((size_t)N * sizeof(int32_t));
  uint16_t *nin = calloc((size_t)N, sizeof(uint16_t));
  uint16_t *nout = calloc((size_t)N, sizeof(uint16_t));
  int64_t *off = NULL;
  size_t off_cap = 0;
  vec32_t pins = {0}, blk = {0};
  uint16_t *pidx = NULL;
  size_t pidx_cap = 0;
  d->peko_name = malloc((size_t)N * sizeof(int32_t));
  d->peko_grid = malloc((size_t)N * sizeof(int32_t));
  if (!sweep || !nin || !nout || !d->peko_name || !d->peko_grid) goto done;
  for (int64_t i = 0; i < N; i++) sweep[i] = (int32_t)i;
  shuffle32(sweep, (size_t)N, r);

  int64_t nnet = 0, ptr = 0, opt = 0;
  for (;;) {
    while (ptr < N && (nin[sweep[ptr]] | nout[sweep[ptr]])) ptr++;
    if (nnet >= target && ptr >= N) break;
    int32_t dg = gen_degree_sample(dd, r, (int32_t)(N / 4 > 2 ? N / 4 : 2));
    int32_t w = 1, h = 1;
    opt += best_block(dg, d->cols, d->rows, px, py, r, &w, &h);
    int32_t x0, y0, g = -1;
    if (ptr < N) {                       /* a block through the next unconnected cell */
      g = sweep[ptr];
      int32_t gx = g % d->cols, gy = g / d->cols;
      int32_t xl = gx - w + 1 > 0 ? gx - w + 1 : 0, xh = gx < d->cols - w ? gx : d->cols - w;
      int32_t yl = gy - h + 1 > 0 ? gy - h + 1 : 0, yh = gy < d->rows - h ? gy : d->rows - h;
      x0 = xl + (int32_t)gsl_rng_uniform_int(r, (unsigned long)(xh - xl + 1));
      y0 = yl + (int32_t)gsl_rng_uniform_int(r, (unsigned long)(yh - yl + 1));
    } else {
      x0 = (int32_t)gsl_rng_uniform_int(r, (unsigned long)(d->cols - w + 1));
      y0 = (int32_t)gsl_rng_uniform_int(r, (unsigned long)(d->rows - h + 1));
    }
    /* Members: g, then unconnected cells of the block, then connected ones, each group random. */
    blk.n = 0;
    for (int32_t y = y0; y < y0 + h; y++)
      for (int32_t x = x0; x < x0 + w; x++) {
        int32_t c = y * d->cols + x;
        if (c != g && vec_push(&blk, c) < 0) goto done;
      }
    shuffle32(blk.a, blk.n, r);
    size_t front = 0;
    for (size_t i = 0; i < blk.n; i++)
      if (!(nin[blk.a[i]] | nout[blk.a[i]])) {
        int32_t t = blk.a[front];
        blk.a[front++] = blk.a[i];
        blk.a[i] = t;
      }
    int32_t need = g >= 0 ? dg - 1 : dg;
    int32_t drv = g;
    for (int32_t i = 0; i < need; i++)
      if (drv < 0 || nout[blk.a[i]] < nout[drv]) drv = blk.a[i];
    /* Record the net: driver first. */
    if ((size_t)nnet + 2 > off_cap) {
      size_t nc = off_cap ? off_cap * 2 : 4096;
      int64_t *no = realloc(off, nc * sizeof(int64_t));
      if (!no) goto done;
      off = no;
      off_cap = nc;
    }
    off[nnet] = (int64_t)pins.n;
    if (pins.n + (size_t)dg > pidx_cap) {
      size_t nc = pidx_cap ? pidx_cap * 2 : 4096;
      while (nc < pins.n + (size_t)dg) nc *= 2;
      uint16_t *np = realloc(pidx, nc * sizeof(uint16_t));
      if (!np) goto done;
      pidx = np;
      pidx_cap = nc;
    }
    if (nout[drv] == 0x7fff) goto overflow;
    if (vec_push(&pins, drv) < 0) goto done;
    pidx[pins.n - 1] = (uint16_t)(OUT_FLAG | nout[drv]++);
    for (int32_t i = -1; i < need; i++) {
      int32_t c = i < 0 ? g : blk.a[i];
      if (c < 0 || c == drv) continue;
      if (nin[c] == 0x7fff) goto overflow;
      if (vec_push(&pins, c) < 0) goto done;
      pidx[pins.n - 1] = nin[c]++;
    }
    nnet++;
  }
  off[nnet] = (int64_t)pins.n;

  /* Names: a random permutation, so DEF order says nothing about the optimal placement. */
  for (int64_t i = 0; i < N; i++) d->peko_name[i] = (int32_t)i;
  shuffle32(d->peko_name, (size_t)N, r);
  for (int64_t i = 0; i < N; i++) d->peko_grid[d->peko_name[i]] = (int32_t)i;
  int32_t mi = 0, mo = 0;
  for (int64_t i = 0; i < N; i++) {
    if (nin[i] > mi) mi = nin[i];
    if (nout[i] > mo) mo = nout[i];
  }
  d->peko_nin = mi;
  d->peko_nout = mo;
  for (size_t k = 0; k < pins.n; k++) {
    pins.a[k] = d->peko_name[pins.a[k]];
    pidx[k] = (uint16_t)(pidx[k] & OUT_FLAG ? mi + (pidx[k] & ~OUT_FLAG) : pidx[k]);
  }
  d->nnet = nnet;
  d->npin = (int64_t)pins.n;
  d->net_off = off;
  d->pin_obj = pins.a;
  d->pin_idx = pidx;
  off = NULL;
  pins.a = NULL;
  pidx = NULL;
  d->opt_hpwl_dbu = opt;
  d->std_area = N * px * py;
  rc = GEN_OK;
  if (o->stats) rc = gen_stats_log(d, NULL, err);
  goto out;
overflow:
  snprintf(err->msg, sizeof(err->msg), "PEKO: a cell has more than 32767 pins");
  rc = GEN_EINVAL;
  goto out;
done:
  snprintf(err->msg, sizeof(err->msg), "out of memory while building the PEKO netlist");
  rc = GEN_ENOMEM;
out:
  free(sweep);
  free(nin);
  free(nout);
  free(off);
  free(pins.a);
  free(pidx);
  free(blk.a);
  return rc;
}
