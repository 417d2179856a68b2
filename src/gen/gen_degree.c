/*
 * gen_degree.c: net-degree distributions (pins per net) for the generators.
 *
 * A distribution is a list of bins (a degree or a degree range, uniform inside) with weights.
 * "realistic" is the default of the Rent-rule generator: ~60% 2-pin, ~18% 3-pin, a geometric-like
 * tail to 30 pins and 0.2% high-fanout nets (31..1000 pins).  Its weights are ours, chosen to give
 * ~3.6 pins per net, the range of the ISPD98 circuits (Alpert, "The ISPD98 circuit benchmark
 * suite", ISPD'98, whose tables give pins and nets per circuit).  "ibex" is measured (see
 * IBEX_BINS) and is the default of PEKO mode, since Chang, Cong and Xie (ASP-DAC'03; TCAD'04)
 * match PEKO's net-degree distribution to a real design.
 * Invariant: every sampled degree is in [2, cap]; sampling uses only the caller's gsl_rng.
 */
#include "gen/gen_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  int32_t lo, hi;
  double w;
} bin_t;

/* Net-degree histogram of openroad_gpl/ibex_core/ibex_core.def (OpenROAD gpl test design,
 * NanGate45, 29301 logic cells): the component pins of each of the 33171 NETS entries were
 * counted (IO "( PIN ... )" entries excluded, as PEKO has no IO pins); the 9 nets with 0 and the
 * 2383 nets with 1 component pin are dropped, leaving 30779 nets with 102298 pins (1.0504 nets
 * per cell).  The 2481 11-pin nets are the netlist's fanout-10 buffer trees, the 3748-pin net is
 * the clock. */
static const bin_t IBEX_BINS[] = {
  {2, 2, 20439}, {3, 3, 4800}, {4, 4, 1511}, {5, 5, 577}, {6, 6, 403}, {7, 7, 205},
  {8, 8, 149},   {9, 9, 123},  {10, 10, 90}, {11, 11, 2481}, {3748, 3748, 1},
};

static const bin_t REALISTIC_BINS[] = {
  {2, 2, 60.0},    {3, 3, 18.0},    {4, 4, 8.0},     {5, 5, 4.0},        {6, 6, 2.5},
  {7, 7, 1.8},     {8, 8, 1.2},     {9, 9, 0.9},     {10, 10, 0.7},      {11, 20, 2.0},
  {21, 30, 0.7},   {31, 100, 0.15}, {101, 1000, 0.05},
};

static void load(gen_degree_t *d, const bin_t *b, int n, const char *label) {
  double c = 0;
  d->nbin = n;
  for (int i = 0; i < n; i++) {
    d->lo[i] = b[i].lo;
    d->hi[i] = b[i].hi;
    c += b[i].w;
    d->cum[i] = c;
  }
  snprintf(d->label, sizeof(d->label), "%s", label);
}

static int parse_fail(gen_err_t *err, const char *spec, const char *why) {
  snprintf(err->msg, sizeof(err->msg),
           "--degree-dist '%.120s': %s (expected 'realistic', 'ibex' or a list like "
           "'2:60,3:20,4-10:15,11-30:5')", spec, why);
  return GEN_EINVAL;
}

int gen_degree_parse(gen_degree_t *d, const char *spec, gen_err_t *err) {
  memset(d, 0, sizeof(*d));
  if (strcmp(spec, "realistic") == 0 || spec[0] == '\0') {
    load(d, REALISTIC_BINS, (int)(sizeof(REALISTIC_BINS) / sizeof(REALISTIC_BINS[0])), "realistic");
    return GEN_OK;
  }
  if (strcmp(spec, "ibex") == 0) {
    load(d, IBEX_BINS, (int)(sizeof(IBEX_BINS) / sizeof(IBEX_BINS[0])), "ibex");
    return GEN_OK;
  }
  bin_t bins[GEN_DEG_MAX_BINS];
  int n = 0;
  const char *s = spec;
  while (*s) {
    char *end;
    if (n == GEN_DEG_MAX_BINS) return parse_fail(err, spec, "too many bins (at most 64)");
    long lo = strtol(s, &end, 10);
    if (end == s) return parse_fail(err, spec, "expected a degree");
    long hi = lo;
    s = end;
    if (*s == '-') {
      s++;
      hi = strtol(s, &end, 10);
      if (end == s) return parse_fail(err, spec, "expected the end of a degree range");
      s = end;
    }
    if (*s != ':') return parse_fail(err, spec, "expected ':' after a degree");
    s++;
    double w = strtod(s, &end);
    if (end == s) return parse_fail(err, spec, "expected a weight after ':'");
    s = end;
    if (lo < 2 || hi < lo || hi > 100000)
      return parse_fail(err, spec, "degrees must satisfy 2 <= lo <= hi <= 100000");
    if (!(w > 0) || !isfinite(w)) return parse_fail(err, spec, "weights must be positive");
    bins[n].lo = (int32_t)lo;
    bins[n].hi = (int32_t)hi;
    bins[n].w = w;
    n++;
    if (*s == ',') {
      s++;
      if (*s == '\0') return parse_fail(err, spec, "trailing ','");
    } else if (*s != '\0') {
      return parse_fail(err, spec, "unexpected character");
    }
  }
  if (n == 0) return parse_fail(err, spec, "empty list");
  load(d, bins, n, "custom");
  return GEN_OK;
}

int32_t gen_degree_sample(const gen_degree_t *d, gsl_rng *r, int32_t cap) {
  double u = gsl_rng_uniform(r) * d->cum[d->nbin - 1];
  int b = 0;
  while (b < d->nbin - 1 && u >= d->cum[b]) b++;
  int32_t k = d->lo[b];
  if (d->hi[b] > d->lo[b])
    k += (int32_t)gsl_rng_uniform_int(r, (unsigned long)(d->hi[b] - d->lo[b] + 1));
  if (k > cap) k = cap;
  if (k < 2) k = 2;
  return k;
}

double gen_degree_mean(const gen_degree_t *d) {
  double s = 0, prev = 0;
  for (int b = 0; b < d->nbin; b++) {
    s += (d->cum[b] - prev) * 0.5 * ((double)d->lo[b] + (double)d->hi[b]);
    prev = d->cum[b];
  }
  return s / d->cum[d->nbin - 1];
}
