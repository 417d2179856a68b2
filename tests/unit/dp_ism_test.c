/* dp_ism_test.c: the assignment step of independent set matching (dp_lsap, igraph's Hungarian
 * method) against brute force over all permutations, on random integral cost matrices of sizes
 * 1..8: small values (many ties), large values, and matrices with forbidden entries (a value
 * larger than any finite assignment, as dp_ism.c uses) where the identity is always finite. */
#include <stdlib.h>
#include <string.h>

#include "place/dp_int.h"
#include "tap.h"

static uint64_t rng = 0x243f6a8885a308d3ull;
static uint64_t next(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

static double best_cost;
static void brute(const double *c, int n, int *p, int k, uint8_t *used, double acc) {
  if (acc >= best_cost) return;
  if (k == n) {
    best_cost = acc;
    return;
  }
  for (int j = 0; j < n; j++)
    if (!used[j]) {
      used[j] = 1;
      p[k] = j;
      brute(c, n, p, k + 1, used, acc + c[k * n + j]);
      used[j] = 0;
    }
}

int main(void) {
  double c[64];
  int32_t perm[8];
  int bad_perm = 0, bad_cost = 0, bad_rc = 0, ntests = 0;
  for (int kind = 0; kind < 3; kind++)
    for (int n = 1; n <= 8; n++)
      for (int t = 0; t < 60; t++) {
        double finite = 0;
        for (int i = 0; i < n * n; i++) {
          uint64_t r = next();
          c[i] = kind == 0 ? (double)(r % 6) : (double)(r % 2000000);
          if (c[i] > finite) finite = c[i];
        }
        if (kind == 2) {   /* forbid about a third of the off-diagonal entries */
          double big = finite * n + 1;
          for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
              if (i != j && next() % 3 == 0) c[i * n + j] = big;
        }
        int rc = dp_lsap(n, c, perm);
        bad_rc += rc != 0;
        uint8_t seen[8] = {0};
        double got = 0;
        for (int i = 0; i < n; i++) {
          if (perm[i] < 0 || perm[i] >= n || seen[perm[i]]) {
            bad_perm++;
            break;
          }
          seen[perm[i]] = 1;
          got += c[i * n + perm[i]];
        }
        int p[8];
        uint8_t used[8] = {0};
        best_cost = 1e300;
        brute(c, n, p, 0, used, 0);
        if (got != best_cost) {
          bad_cost++;
          fprintf(stderr, "n %d kind %d: lsap %.0f, brute force %.0f\n", n, kind, got, best_cost);
        }
        ntests++;
      }
  CHECKF(bad_rc == 0, "%d failures of dp_lsap", bad_rc);
  CHECKF(bad_perm == 0, "%d results that are not permutations", bad_perm);
  CHECKF(bad_cost == 0, "%d of %d assignments not optimal", bad_cost, ntests);
  /* sizes beyond the limit are refused with the identity */
  double z[33 * 33];
  memset(z, 0, sizeof z);
  int32_t q[33];
  CHECK(dp_lsap(33, z, q) == UT_EINVAL);
  CHECK(q[0] == 0 && q[32] == 32);
  printf("%d assignments checked against brute force\n", ntests);
  return tap_done();
}
