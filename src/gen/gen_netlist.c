/*
 * gen_netlist.c: a Rent-rule netlist of library cells, RAM macros and IO pins.
 *
 * All objects are put on a line (cells in order, macros and IOs at random places) and the line is
 * cut recursively in halves: level L groups 2^L consecutive objects.  Every output pin drives one
 * net whose fanout f = degree - 1 is drawn from the degree distribution up front; then every input
 * pin, in line order, picks a net with spare fanout inside its level-L group, with L drawn from
 * P(L = l) ~ r^(l-1), r = 2^(p-1).  A group of G = 2^k objects then has ~c G pins of which a fraction
 * P(L > k) = G^(p-1) go outside it: T(G) ~ c G^p, Rent's rule (Landman and Russo, IEEE Trans.
 * Computers 20(12), 1971) with exponent p = --rent.  This is the bottom-up hierarchy of GNL
 * (Stroobandt, Verplaetse, Van Campenhout, IEEE TCAD 19(9), 2000, Sec. III) reduced to one
 * net-choice per pin.  Invariants: sum of fanouts = number of input pins (masters are tilted and
 * fanouts nudged to balance), so every input and every output is on exactly one net, every net
 * has one driver and >= 1 sink, and no net has its driver's own cell as a sink.  Spare fanout is
 * found with a path-halving "next net with room" forest, so the build is O(pins * alpha) time and
 * ~30 bytes per cell of memory.
 */
#include "gen/gen_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  int32_t key, id;
} extra_t;

static int extra_cmp(const void *a, const void *b) {
  const extra_t *x = a, *y = b;
  if (x->key != y->key) return x->key < y->key ? -1 : 1;
  return x->id < y->id ? -1 : (x->id > y->id);
}

static int nomem(gen_err_t *err) {
  snprintf(err->msg, sizeof(err->msg), "out of memory while building the netlist");
  return GEN_ENOMEM;
}

/* Inputs / outputs of an object. */
static int obj_nin(const gen_design_t *d, int32_t obj) {
  if (obj < d->ncell) return gen_lib_cell(d->cell_master[obj])->nin;
  if (obj < d->ncell + d->nmacro) return gen_macro_nin(&d->mmaster[d->macro_master[obj - d->ncell]]);
  return obj - d->ncell - d->nmacro >= d->nio_in ? 1 : 0;
}

static int obj_nout(const gen_design_t *d, int32_t obj) {
  if (obj < d->ncell) return gen_lib_cell(d->cell_master[obj])->nout;
  if (obj < d->ncell + d->nmacro) return gen_macro_nout(&d->mmaster[d->macro_master[obj - d->ncell]]);
  return obj - d->ncell - d->nmacro < d->nio_in ? 1 : 0;
}

/* Smallest net >= x with spare fanout (nxt[x] == x), with path halving. */
static int32_t room_find(int32_t *nxt, int32_t x) {
  while (nxt[x] != x) {
    nxt[x] = nxt[nxt[x]];
    x = nxt[x];
  }
  return x;
}

/* Master-choice tables: plain weights, tilted to more inputs, tilted to fewer inputs. */
typedef struct {
  double cum[3][32];
} tilt_t;

static void tilt_init(tilt_t *t) {
  double c[3] = {0, 0, 0};
  for (int i = 0; i < gen_lib_ncells(); i++) {
    const gen_master_t *m = gen_lib_cell(i);
    double n2 = (double)m->nin * m->nin;
    c[0] += m->weight;
    c[1] += m->weight * n2;
    c[2] += m->weight / n2;
    for (int k = 0; k < 3; k++) t->cum[k][i] = c[k];
  }
}

static uint8_t tilt_pick(const tilt_t *t, int table, gsl_rng *r) {
  int n = gen_lib_ncells();
  double u = gsl_rng_uniform(r) * t->cum[table][n - 1];
  int i = 0;
  while (i < n - 1 && u >= t->cum[table][i]) i++;
  return (uint8_t)i;
}

typedef struct {
  gen_design_t *d;
  const int32_t *order;       /* position -> object */
  const int32_t *posnet;      /* position -> first net driven there (T + 1) */
  int32_t *rem;               /* spare fanout per net */
  int32_t *nxt;               /* room forest, nnet + 1 */
  int64_t T;
  int lmax;
  double log_r;
} build_t;

static void take(build_t *b, int32_t n, int32_t obj, int pin) {
  gen_design_t *d = b->d;
  int64_t slot = d->net_off[n + 1] - b->rem[n];
  d->pin_obj[slot] = obj;
  d->pin_idx[slot] = (uint16_t)pin;
  if (--b->rem[n] == 0) b->nxt[n] = n + 1;
  if (obj >= d->ncell + d->nmacro) d->io_net[obj - d->ncell - d->nmacro] = n;
}

/* A net for input `pin` of the object at position p; chosen[0..pin) are the nets its earlier
 * inputs took.  Returns -1 when only the object's own nets have room (caller swaps). */
static int32_t pick_net(build_t *b, gsl_rng *r, int64_t p, const int32_t *chosen, int pin) {
  int32_t own_lo = b->posnet[p], own_hi = b->posnet[p + 1];
  int32_t dup = -1;
  double u = gsl_rng_uniform_pos(r);
  int L = 1 + (int)floor(log(u) / b->log_r);
  if (L > b->lmax || L < 1) L = b->lmax;
  for (;;) {
    int64_t a = (p >> L) << L;
    int64_t e = a + ((int64_t)1 << L);
    if (e > b->T) e = b->T;
    int32_t na = b->posnet[a], nb = b->posnet[e];
    if (nb > na) {
      int32_t s = na + (int32_t)gsl_rng_uniform_int(r, (unsigned long)(nb - na));
      for (int pass = 0; pass < 2; pass++) {
        int32_t lo = pass ? na : s, hi = pass ? s : nb;
        int32_t n = room_find(b->nxt, lo);
        while (n < hi) {
          if (n >= own_lo && n < own_hi) {
            n = room_find(b->nxt, own_hi);
            continue;
          }
          int seen = 0;
          for (int k = 0; k < pin; k++) seen |= chosen[k] == n;
          if (!seen) return n;
          if (dup < 0) dup = n;
          n = room_find(b->nxt, n + 1);
        }
      }
    }
    if (a == 0 && e == b->T) break;
    L++;
  }
  return dup;   /* two inputs of one cell on one net: legal, and only when nothing else is left */
}

/* Only the object's own nets have room: give one of them an already placed sink of another
 * object (pin_obj[e]) and put this input where that sink was. */
static int swap_in(build_t *b, int64_t p, int32_t obj, int pin, int32_t *chosen) {
  gen_design_t *d = b->d;
  int32_t n0 = room_find(b->nxt, b->posnet[p]);
  for (int32_t m = 0; m < d->nnet; m++) {
    if (m >= b->posnet[p] && m < b->posnet[p + 1]) continue;
    for (int64_t e = d->net_off[m] + 1; e < d->net_off[m + 1] - b->rem[m]; e++) {
      if (d->pin_obj[e] == obj) continue;
      int32_t vobj = d->pin_obj[e];
      int vpin = d->pin_idx[e];
      take(b, n0, vobj, vpin);
      d->pin_obj[e] = obj;
      d->pin_idx[e] = (uint16_t)pin;
      if (obj >= d->ncell + d->nmacro) d->io_net[obj - d->ncell - d->nmacro] = m;
      chosen[pin] = m;
      return GEN_OK;
    }
  }
  return GEN_EINVAL;
}

int gen_netlist_build(gen_design_t *d, const gen_degree_t *dd, gsl_rng *r, gen_err_t *err) {
  const gen_opts_t *o = d->o;
  int rc = GEN_ENOMEM;
  d->ncell = (int32_t)o->cells;
  d->nmacro = (int32_t)o->macros;
  d->nio = (int32_t)o->ios;
  d->nio_in = d->nio - d->nio / 2;
  int64_t T = (int64_t)d->ncell + d->nmacro + d->nio;
  int32_t *order = NULL, *posnet = NULL, *rem = NULL, *nxt = NULL;
  extra_t *ex = NULL;

  /* Macro masters: a few distinct RAMs, instances round-robin over them. */
  if (d->nmacro > 0) {
    int k = 2 + (int)sqrt((double)d->nmacro);
    if (k > d->nmacro) k = d->nmacro;
    d->nmmaster = k;
    d->mmaster = calloc((size_t)k, sizeof(*d->mmaster));
    d->macro_master = malloc((size_t)d->nmacro * sizeof(int32_t));
    if (!d->mmaster || !d->macro_master) return nomem(err);
    rc = gen_lib_make_macros(d->mmaster, k, o->macro_min_um, o->macro_max_um, r, err);
    if (rc < 0) return rc;
    for (int32_t j = 0; j < d->nmacro; j++) d->macro_master[j] = j % k;
    rc = GEN_ENOMEM;
  }
  d->cell_master = malloc((size_t)d->ncell + 1);
  d->io_net = malloc(((size_t)d->nio + 1) * sizeof(int32_t));
  order = malloc((size_t)T * sizeof(int32_t));
  posnet = malloc(((size_t)T + 1) * sizeof(int32_t));
  ex = malloc(((size_t)d->nmacro + d->nio + 1) * sizeof(extra_t));
  if (!d->cell_master || !d->io_net || !order || !posnet || !ex) goto nomem;

  /* The line: cells in index order, each macro and IO inserted before a random cell. */
  int32_t nex = d->nmacro + d->nio;
  for (int32_t j = 0; j < nex; j++) {
    ex[j].key = (int32_t)gsl_rng_uniform_int(r, (unsigned long)d->ncell + 1);
    ex[j].id = d->ncell + j;
  }
  qsort(ex, (size_t)nex, sizeof(extra_t), extra_cmp);
  {
    int64_t p = 0;
    int32_t e = 0;
    for (int32_t i = 0; i < d->ncell; i++) {
      while (e < nex && ex[e].key <= i) order[p++] = ex[e++].id;
      order[p++] = i;
    }
    while (e < nex) order[p++] = ex[e++].id;
  }
  free(ex);
  ex = NULL;

  /* Masters and fanouts in line order, keeping  sum(fanout) - sum(inputs) = bal  near 0. */
  int64_t nout_max = 0;
  for (int32_t j = 0; j < d->nmacro; j++) nout_max += gen_macro_nout(&d->mmaster[d->macro_master[j]]);
  nout_max += 2 * (int64_t)d->ncell + d->nio_in;
  if (nout_max >= INT32_MAX) {
    snprintf(err->msg, sizeof(err->msg), "design too large");
    rc = GEN_EINVAL;
    goto fail;
  }
  rem = malloc((size_t)(nout_max + 1) * sizeof(int32_t));
  if (!rem) goto nomem;
  tilt_t tilt;
  tilt_init(&tilt);
  int32_t cap = (int32_t)(T / 4 < 100000 ? T / 4 : 100000);
  if (cap < 2) cap = 2;
  int64_t bal = 0, nnet = 0, nsink_in = 0;
  for (int64_t p = 0; p < T; p++) {
    int32_t obj = order[p];
    posnet[p] = (int32_t)nnet;
    if (obj < d->ncell)
      d->cell_master[obj] = tilt_pick(&tilt, bal > 8 ? 1 : bal < -8 ? 2 : 0, r);
    int nin = obj_nin(d, obj), nout = obj_nout(d, obj);
    bal -= nin;
    nsink_in += nin;
    for (int k = 0; k < nout; k++) {
      int32_t f = gen_degree_sample(dd, r, cap) - 1;
      rem[nnet++] = f;
      bal += f;
    }
  }
  posnet[T] = (int32_t)nnet;
  d->nnet = nnet;
  if (nnet == 0 || nsink_in < nnet) {
    snprintf(err->msg, sizeof(err->msg),
             "the netlist has %lld output pins but only %lld input pins; every net needs a sink "
             "(use more --cells or fewer --ios)", (long long)nnet, (long long)nsink_in);
    rc = GEN_EINVAL;
    goto fail;
  }
  /* Nudge fanouts round-robin from a random net until they sum to the number of inputs. */
  {
    int32_t n = (int32_t)gsl_rng_uniform_int(r, (unsigned long)nnet);
    while (bal != 0) {
      if (bal > 0 && rem[n] > 1) rem[n]--, bal--;
      else if (bal < 0) rem[n]++, bal++;
      if (++n == nnet) n = 0;
    }
  }

  /* CSR with the driver of each net first; the sinks fill in as inputs pick nets. */
  d->npin = nnet + nsink_in;
  d->net_off = malloc(((size_t)nnet + 1) * sizeof(int64_t));
  d->pin_obj = malloc((size_t)d->npin * sizeof(int32_t));
  d->pin_idx = malloc((size_t)d->npin * sizeof(uint16_t));
  nxt = malloc(((size_t)nnet + 1) * sizeof(int32_t));
  if (!d->net_off || !d->pin_obj || !d->pin_idx || !nxt) goto nomem;
  {
    int64_t off = 0;
    for (int64_t p = 0; p < T; p++) {
      int32_t obj = order[p];
      int nin = obj_nin(d, obj);
      for (int32_t n = posnet[p]; n < posnet[p + 1]; n++) {
        d->net_off[n] = off;
        d->pin_obj[off] = obj;
        d->pin_idx[off] = (uint16_t)(obj < d->ncell + d->nmacro ? nin + (n - posnet[p]) : 0);
        off += 1 + rem[n];
        nxt[n] = n;
      }
    }
    d->net_off[nnet] = off;
    nxt[nnet] = (int32_t)nnet;
  }

  build_t b = {d, order, posnet, rem, nxt, T, 1, log(pow(2.0, o->rent - 1.0))};
  while (((int64_t)1 << b.lmax) < T) b.lmax++;
  int32_t chosen[512];   /* a macro has at most 16 + 3 + 128 inputs */
  for (int64_t p = 0; p < T; p++) {
    int32_t obj = order[p];
    int nin = obj_nin(d, obj);
    for (int k = 0; k < nin; k++) {
      int32_t n = pick_net(&b, r, p, chosen, k);
      if (n >= 0) {
        take(&b, n, obj, k);
        chosen[k] = n;
      } else if (swap_in(&b, p, obj, k, chosen) < 0) {
        snprintf(err->msg, sizeof(err->msg), "cannot connect the netlist (design too small?)");
        rc = GEN_EINVAL;
        goto fail;
      }
    }
  }

  d->std_area = 0;
  for (int32_t i = 0; i < d->ncell; i++)
    d->std_area += (int64_t)gen_lib_cell(d->cell_master[i])->sites * GEN_SITE_W * GEN_ROW_H;
  d->macro_area = 0;
  for (int32_t j = 0; j < d->nmacro; j++) {
    const gen_macro_t *m = &d->mmaster[d->macro_master[j]];
    d->macro_area += (int64_t)m->w * m->h;
  }

  if (o->stats) {
    /* The line position of each object, for the measured Rent exponent (reuses posnet). */
    int32_t *pos = realloc(posnet, (size_t)T * sizeof(int32_t));
    if (!pos) goto nomem;
    posnet = pos;
    for (int64_t p = 0; p < T; p++) pos[order[p]] = (int32_t)p;
    rc = gen_stats_log(d, pos, err);
    if (rc < 0) goto fail;
  }
  rc = GEN_OK;
  goto done;
nomem:
  rc = nomem(err);
fail:
done:
  free(order);
  free(posnet);
  free(rem);
  free(nxt);
  free(ex);
  return rc;
}
