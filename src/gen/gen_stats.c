/*
 * gen_stats.c: --stats: the net-degree histogram of the generated netlist and its measured Rent
 * exponent, logged to stderr.
 *
 * Rent's rule T = t G^p (Landman and Russo, IEEE Trans. Computers 20(12), 1971) is measured on the
 * generator's own hierarchy: for each level k the line of objects is cut into aligned groups of
 * G = 2^k, and a net with pins in m > 1 groups adds one terminal to each of those m groups.  With
 * the pins of a net sorted by line position s_1 <= ... <= s_d, the net spans
 * m_k = 1 + #{i : bitlen(s_i xor s_(i-1)) > k} groups at level k, so all levels cost O(d log d).
 * p is the least-squares slope of log(T_k / groups_k) against log G over the middle levels: the
 * smallest groups are dominated by single cells, and the last levels bend down (Rent's
 * "region II", where groups approach the whole design).
 */
#include "gen/gen_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_i32(const void *a, const void *b) {
  int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
  return (x > y) - (x < y);
}

static int bitlen(uint32_t v) {
  int n = 0;
  while (v) {
    n++;
    v >>= 1;
  }
  return n;
}

int gen_stats_log(const gen_design_t *d, const int32_t *pos_of_obj, gen_err_t *err) {
  static const int32_t EDGE[] = {2, 3, 4, 5, 6, 11, 21, 31, 101, INT32_MAX};
  static const char *LABEL[] = {"2", "3", "4", "5", "6-10", "11-20", "21-30", "31-100", ">100"};
  int64_t hist[9] = {0};
  int32_t dmax = 0;
  for (int64_t n = 0; n < d->nnet; n++) {
    int32_t dg = (int32_t)(d->net_off[n + 1] - d->net_off[n]);
    int b = 0;
    while (dg >= EDGE[b + 1]) b++;
    hist[b]++;
    if (dg > dmax) dmax = dg;
  }
  gen_log(d->o, "stats: %lld nets, %lld pins, %.3f pins/net, largest net %d pins",
          (long long)d->nnet, (long long)d->npin, (double)d->npin / (double)d->nnet, (int)dmax);
  for (int b = 0; b < 9; b++)
    gen_log(d->o, "stats: degree %-7s %10lld nets %6.2f%%", LABEL[b], (long long)hist[b],
            100.0 * (double)hist[b] / (double)d->nnet);
  if (!pos_of_obj) return GEN_OK;

  int64_t T = (int64_t)d->ncell + d->nmacro + d->nio;
  int lmax = 0;
  while (((int64_t)1 << lmax) < T) lmax++;
  double *term = calloc((size_t)lmax + 2, sizeof(double));
  int32_t *s = malloc((size_t)dmax * sizeof(int32_t));
  if (!term || !s) {
    free(term);
    free(s);
    snprintf(err->msg, sizeof(err->msg), "out of memory in --stats");
    return GEN_ENOMEM;
  }
  for (int64_t n = 0; n < d->nnet; n++) {
    int32_t dg = (int32_t)(d->net_off[n + 1] - d->net_off[n]);
    for (int32_t i = 0; i < dg; i++) s[i] = pos_of_obj[d->pin_obj[d->net_off[n] + i]];
    qsort(s, (size_t)dg, sizeof(int32_t), cmp_i32);
    int cnt[34] = {0};
    for (int32_t i = 1; i < dg; i++) cnt[bitlen((uint32_t)(s[i] ^ s[i - 1]))]++;
    int64_t above = 0;     /* pairs with bitlen > k, for k = 32 down to 0 */
    for (int k = 32; k >= 0; k--) {
      if (k <= lmax && above > 0) term[k] += (double)(above + 1);
      above += cnt[k];
    }
  }
  {
    /* Level of each driver-sink connection: bitlen(pos(driver) xor pos(sink)). */
    int64_t lev[34] = {0};
    for (int64_t n = 0; n < d->nnet; n++) {
      int32_t pd = pos_of_obj[d->pin_obj[d->net_off[n]]];
      for (int64_t k = d->net_off[n] + 1; k < d->net_off[n + 1]; k++)
        lev[bitlen((uint32_t)(pd ^ pos_of_obj[d->pin_obj[k]]))]++;
    }
    for (int k = 0; k <= lmax; k++)
      gen_log(d->o, "stats: connections at level %2d: %10lld", k, (long long)lev[k]);
  }
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  int npt = 0;
  for (int k = 0; k < lmax; k++) {
    double groups = ceil((double)T / (double)((int64_t)1 << k));
    double t = term[k] / groups;
    int fit = k >= 2 && k <= lmax - 5 && t > 0;
    gen_log(d->o, "stats: rent G=2^%-2d %10.0f groups %12.2f terminals/group%s", k, groups, t,
            fit ? "  *" : "");
    if (fit) {
      double x = k * log(2.0), y = log(t);
      sx += x, sy += y, sxx += x * x, sxy += x * y;
      npt++;
    }
  }
  if (npt >= 2) {
    double p = (npt * sxy - sx * sy) / (npt * sxx - sx * sx);
    gen_log(d->o, "stats: measured Rent exponent %.3f over the * levels (--rent %g)", p,
            d->o->rent);
  }
  free(term);
  free(s);
  return GEN_OK;
}
