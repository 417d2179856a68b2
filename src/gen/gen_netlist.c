/*
 * gen_netlist.c: a Rent-rule netlist of library cells, RAM macros and IO pins.
 *
 * All objects lie on a line (cells in order, macros and IOs at random places); level L of its
 * recursive bisection groups 2^L consecutive objects.  Every output drives one net whose fanout
 * f = degree - 1 is drawn up front; then every input pin (objects served in random order) draws
 * L with P(L = l) ~ r^(l-1), r = 2^(p-1), and takes a uniformly drawn free sink slot of its
 * level-L group.  A group of G = 2^k objects has ~c G pins of which P(L > k) = G^(p-1) leave it:
 * T(G) ~ c G^p, Rent's rule (Landman and Russo, IEEE Trans. Computers 20(12), 1971), built
 * bottom-up like GNL (Stroobandt, Verplaetse, Van Campenhout, IEEE TCAD 19(9), 2000) with one
 * net choice per pin.  Invariants: sum of fanouts = number of inputs (masters tilted, fanouts
 * nudged), so every pin is on exactly one net, every net has one driver and >= 1 sink, no net
 * has its driver's cell as a sink and no cell twice (late inputs swap with earlier sinks).  A sum
 * tree of spare fanout over the line draws slots in O(log N); ~55 bytes per cell in all.
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

static void shuffle(int32_t *a, int64_t n, gsl_rng *r) {
  for (int64_t i = n; i > 1; i--) {
    int64_t j = (int64_t)gsl_rng_uniform_int(r, (unsigned long)i);
    int32_t t = a[i - 1];
    a[i - 1] = a[j];
    a[j] = t;
  }
}

static int nomem(gen_err_t *err) {
  snprintf(err->msg, sizeof(err->msg), "out of memory while building the netlist");
  return GEN_ENOMEM;
}

/* Inputs / outputs of an object. */
static int obj_nin(const gen_design_t *d, int32_t obj) {
  if (obj < d->ncell) return gen_lib_cell(d->cell_master[obj])->nin;
  if (obj < d->ncell + d->nmacro)
    return gen_macro_nin(&d->mmaster[d->macro_master[obj - d->ncell]]);
  return obj - d->ncell - d->nmacro >= d->nio_in ? 1 : 0;
}

static int obj_nout(const gen_design_t *d, int32_t obj) {
  if (obj < d->ncell) return gen_lib_cell(d->cell_master[obj])->nout;
  if (obj < d->ncell + d->nmacro)
    return gen_macro_nout(&d->mmaster[d->macro_master[obj - d->ncell]]);
  return obj - d->ncell - d->nmacro < d->nio_in ? 1 : 0;
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
  int32_t *tr;                /* capacity tree: tr[x] = spare fanout of the nets driven in node x */
  int64_t T, P2;              /* positions; leaves (2^lmax >= T), leaf of position p is P2 + p */
  int lmax;
  double log_r;
} build_t;

/* Add v to the spare fanout of the leaf of position q and all its ancestors. */
static void tree_add(build_t *b, int64_t q, int32_t v) {
  for (int64_t x = b->P2 + q; x >= 1; x >>= 1) b->tr[x] += v;
}

/* Put (obj, pin) into the next free sink slot of net n. */
static void take(build_t *b, int32_t n, int32_t obj, int pin) {
  gen_design_t *d = b->d;
  int64_t slot = d->net_off[n + 1] - b->rem[n];
  d->pin_obj[slot] = obj;
  d->pin_idx[slot] = (uint16_t)pin;
  b->rem[n]--;
  if (obj >= d->ncell + d->nmacro) d->io_net[obj - d->ncell - d->nmacro] = n;
}

static int seen_before(const int32_t *chosen, int pin, int32_t n) {
  for (int k = 0; k < pin; k++)
    if (chosen[k] == n) return 1;
  return 0;
}

/* The first net with room in subtree x that is not in chosen[0..pin), or -1. */
static int32_t first_other(const build_t *b, int64_t x, const int32_t *chosen, int pin,
                           int64_t *q) {
  if (b->tr[x] == 0) return -1;
  if (x >= b->P2) {
    *q = x - b->P2;
    for (int32_t n = b->posnet[*q]; n < b->posnet[*q + 1]; n++)
      if (b->rem[n] > 0 && !seen_before(chosen, pin, n)) return n;
    return -1;
  }
  int32_t n = first_other(b, 2 * x, chosen, pin, q);
  return n >= 0 ? n : first_other(b, 2 * x + 1, chosen, pin, q);
}

/* A net for input `pin` of the object at position p, whose own nets are out of the tree while it
 * is served; chosen[0..pin) are the nets its earlier inputs took.  Level L ~ P(L = l) ~ r^(l-1);
 * in the level-L group (a tree node) one free sink slot is drawn uniformly, so a net is chosen in
 * proportion to its spare fanout; an empty group sends the draw one level up.  *q gets the
 * driver's position.  Returns -1 when no other net has room (the caller swaps). */
static int32_t pick_net(build_t *b, gsl_rng *r, int64_t p, const int32_t *chosen, int pin,
                        int64_t *q, int *dup) {
  *dup = 0;
  int L = 1 + (int)floor(log(gsl_rng_uniform_pos(r)) / b->log_r);
  if (L > b->lmax || L < 1) L = b->lmax;
  int64_t x = (b->P2 + p) >> L;
  int tries = 0;
  while (x >= 1) {
    if (b->tr[x] == 0) {
      x >>= 1;
      continue;
    }
    int64_t u = (int64_t)gsl_rng_uniform_int(r, (unsigned long)b->tr[x]), y = x;
    while (y < b->P2) {                  /* descend in proportion to spare fanout */
      int64_t left = b->tr[2 * y];
      if (u < left) y = 2 * y;
      else u -= left, y = 2 * y + 1;
    }
    *q = y - b->P2;
    int32_t n = b->posnet[*q];
    while (u >= b->rem[n]) u -= b->rem[n++];
    if (!seen_before(chosen, pin, n)) return n;
    if (x == 1 && tries >= 8) {
      /* Draws keep hitting nets this object already uses (late in the build, when a few big
       * nets hold most of the spare fanout): search outwards from p, sibling subtree by
       * sibling subtree, for any other net.  When there is none, report the duplicate. */
      int64_t q2 = 0;
      for (int64_t z = b->P2 + p; z > 1; z >>= 1) {
        int32_t m = first_other(b, z ^ 1, chosen, pin, &q2);
        if (m >= 0) {
          *q = q2;
          return m;
        }
      }
      *dup = 1;
      return n;
    }
    if (++tries % 4 == 0 && x > 1) x >>= 1;
  }
  return -1;
}

/* Net n0 has the only spare fanout left for input `pin` of obj, but obj may not join it (n0 is
 * obj's own net, or already on chosen[]).  Find a placed sink v of another net m that obj may join
 * (m not own, not chosen) and that may join n0 (v != obj, v not on n0 yet): v moves to n0 and
 * the input takes v's slot.  Own nets are out of the tree (in_tree = 0); otherwise the tree loses
 * one unit at n0's driver position q0.  Returns 0, or -1 when no such sink exists. */
static int swap_into(build_t *b, int64_t p, int32_t obj, int pin, int32_t *chosen, int32_t n0,
                     int64_t q0, int in_tree) {
  gen_design_t *d = b->d;
  int64_t n0_end = d->net_off[n0 + 1] - b->rem[n0];
  for (int32_t m = 0; m < d->nnet; m++) {
    if ((m >= b->posnet[p] && m < b->posnet[p + 1]) || m == n0 || seen_before(chosen, pin, m))
      continue;
    for (int64_t e = d->net_off[m] + 1; e < d->net_off[m + 1] - b->rem[m]; e++) {
      int32_t v = d->pin_obj[e];
      int on_n0 = v == obj;
      for (int64_t k = d->net_off[n0]; k < n0_end && !on_n0; k++) on_n0 = d->pin_obj[k] == v;
      if (on_n0) continue;
      take(b, n0, v, d->pin_idx[e]);
      if (in_tree) tree_add(b, q0, -1);
      d->pin_obj[e] = obj;
      d->pin_idx[e] = (uint16_t)pin;
      if (obj >= d->ncell + d->nmacro) d->io_net[obj - d->ncell - d->nmacro] = m;
      chosen[pin] = m;
      return GEN_OK;
    }
  }
  return -1;
}

int gen_netlist_build(gen_design_t *d, const gen_degree_t *dd, gsl_rng *r, gen_err_t *err) {
  const gen_opts_t *o = d->o;
  int rc = GEN_ENOMEM;
  d->ncell = (int32_t)o->cells;
  d->nmacro = (int32_t)o->macros;
  d->nio = (int32_t)o->ios;
  d->nio_in = d->nio - d->nio / 2;
  int64_t T = (int64_t)d->ncell + d->nmacro + d->nio;
  int32_t *order = NULL, *posnet = NULL, *rem = NULL, *tree = NULL, *visit = NULL;
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
  for (int32_t j = 0; j < d->nmacro; j++)
    nout_max += gen_macro_nout(&d->mmaster[d->macro_master[j]]);
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
  if (!d->net_off || !d->pin_obj || !d->pin_idx) goto nomem;
  build_t b = {d, order, posnet, rem, NULL, T, 1, 1, log(pow(2.0, o->rent - 1.0))};
  while (((int64_t)1 << b.lmax) < T) b.lmax++;
  b.P2 = (int64_t)1 << b.lmax;
  tree = calloc((size_t)(2 * b.P2), sizeof(int32_t));
  if (!tree) goto nomem;
  b.tr = tree;
  {
    int64_t off = 0;
    for (int64_t p = 0; p < T; p++) {
      int32_t obj = order[p];
      int nin = obj_nin(d, obj);
      for (int32_t n = posnet[p]; n < posnet[p + 1]; n++) {
        d->net_off[n] = off;
        d->pin_obj[off] = obj;
        d->pin_idx[off] = (uint16_t)(obj < d->ncell + d->nmacro ? nin + (n - posnet[p]) : 0);
        if (obj >= d->ncell + d->nmacro) d->io_net[obj - d->ncell - d->nmacro] = n;
        off += 1 + rem[n];
        tree[b.P2 + p] += rem[n];
      }
    }
    d->net_off[nnet] = off;
    for (int64_t x = b.P2 - 1; x >= 1; x--) tree[x] = tree[2 * x] + tree[2 * x + 1];
  }

  int32_t chosen[512];   /* a macro has at most 16 + 3 + 128 inputs */
  /* Objects are served in random order.  In line order the inputs behind the sweep front would
   * drain the nets just ahead of it and push the later local connections up the hierarchy; a
   * random order keeps the served set uniform at every scale (measured: --stats). */
  visit = malloc((size_t)T * sizeof(int32_t));
  if (!visit) goto nomem;
  for (int64_t p = 0; p < T; p++) visit[p] = (int32_t)p;
  shuffle(visit, T, r);
  for (int64_t v = 0; v < T; v++) {
    int64_t p = visit[v], q = 0;
    int32_t obj = order[p];
    int nin = obj_nin(d, obj);
    if (nin == 0) continue;
    int32_t own = tree[b.P2 + p];
    if (own) tree_add(&b, p, -own);        /* no input may take the object's own nets */
    for (int k = 0; k < nin; k++) {
      int dup;
      int32_t n = pick_net(&b, r, p, chosen, k, &q, &dup);
      if (n >= 0 && !dup) {
        take(&b, n, obj, k);
        tree_add(&b, q, -1);
        chosen[k] = n;
        continue;
      }
      /* Only nets this object may not join have room: its own nets (n < 0), or nets its other
       * inputs are on.  Swap with a sink placed earlier; a duplicate stays only if that fails. */
      int32_t n0 = n;
      int64_t q0 = q;
      if (n < 0) {
        for (n0 = posnet[p]; n0 < posnet[p + 1] && rem[n0] == 0; n0++) {}
        if (n0 == posnet[p + 1]) n0 = -1;
      }
      if (n0 >= 0 && swap_into(&b, p, obj, k, chosen, n0, q0, n >= 0) == 0) continue;
      if (n < 0) {
        snprintf(err->msg, sizeof(err->msg), "cannot connect the netlist (design too small?)");
        rc = GEN_EINVAL;
        goto fail;
      }
      take(&b, n, obj, k);
      tree_add(&b, q, -1);
      chosen[k] = n;
    }
    own = 0;
    for (int32_t n = posnet[p]; n < posnet[p + 1]; n++) own += rem[n];
    if (own) tree_add(&b, p, own);
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
  free(tree);
  free(visit);
  free(ex);
  return rc;
}
