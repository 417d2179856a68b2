/* hpwl_test.c: our HPWL of the RePlAce placements in openroad_dpl agrees with OpenROAD's reported
 * "original HPWL" (../shared/benchmarks/README.md) within 0.05%, and with a naive recomputation. */
#include <math.h>
#include <stdlib.h>

#include "designs.h"
#include "tap.h"

static const struct {
  const char *def;
  double ref_um;
} REFS[] = {
  {"openroad_dpl/aes_cipher_top/aes_cipher_top_replace.def", 363775.2},
  {"openroad_dpl/ibex_core/ibex_core_replace.def", 636814.0},
  {"openroad_dpl/gcd/gcd_replace.def", 6950.8},
};

/* Naive HPWL: every pin's absolute position from first principles (matrix orientations). */
static double naive_hpwl(const db_t *db) {
  static const int M[8][4] = {{1, 0, 0, 1},  {0, -1, 1, 0}, {-1, 0, 0, -1}, {0, 1, -1, 0},
                              {-1, 0, 0, 1}, {0, 1, 1, 0},  {1, 0, 0, -1},  {0, -1, -1, 0}};
  double total = 0;
  for (size_t n = 0; n < db->nnets; n++) {
    double x0 = 1e300, x1 = -1e300, y0 = 1e300, y1 = -1e300;
    int cnt = 0;
    for (int32_t p = db->net_pin_start[n]; p < db->net_pin_start[n + 1]; p++) {
      double x, y;
      int32_t c = db->pin_cell[p];
      if (c >= 0) {
        const int *m = M[db->cell_orient[c]];
        int32_t ms = db->cell_master[c];
        double w = db->master_w[ms], h = db->master_h[ms];
        double cx[4] = {0, w, 0, w}, cy[4] = {0, 0, h, h}, mx = 1e300, my = 1e300;
        for (int k = 0; k < 4; k++) {
          mx = fmin(mx, m[0] * cx[k] + m[1] * cy[k]);
          my = fmin(my, m[2] * cx[k] + m[3] * cy[k]);
        }
        double px = db->mpin_x[db->pin_ref[p]], py = db->mpin_y[db->pin_ref[p]];
        x = db->cell_x[c] + m[0] * px + m[1] * py - mx;
        y = db->cell_y[c] + m[2] * px + m[3] * py - my;
      } else {
        int32_t io = db->pin_ref[p];
        if (db->io_status[io] == DB_UNPLACED) continue;
        const int *m = M[db->io_orient[io]];
        double sx = 0.5 * (db->io_shape[io].x0 + db->io_shape[io].x1);
        double sy = 0.5 * (db->io_shape[io].y0 + db->io_shape[io].y1);
        x = db->io_x[io] + m[0] * sx + m[1] * sy;
        y = db->io_y[io] + m[2] * sx + m[3] * sy;
      }
      x0 = fmin(x0, x);
      x1 = fmax(x1, x);
      y0 = fmin(y0, y);
      y1 = fmax(y1, y);
      cnt++;
    }
    if (cnt >= 2) total += (x1 - x0) + (y1 - y0);
  }
  return total / db->dbu;
}

int main(void) {
  char def[600], lef[600];
  for (size_t i = 0; i < sizeof REFS / sizeof REFS[0]; i++) {
    tdesign_t t = {.nlefs = 1};
    snprintf(def, sizeof def, "%s/%s", tap_bench(), REFS[i].def);
    snprintf(lef, sizeof lef, "%s/tech/nangate45/Nangate45.lef", tap_bench());
    snprintf(t.def, sizeof t.def, "%s", def);
    snprintf(t.lefs[0], sizeof t.lefs[0], "%s", lef);
    ut_diag_t d;
    ut_diag_init(&d);
    d.quiet = 1;
    ut_log_set_level(UT_LOG_WARN);
    db_t *db = tdesign_load(&t, &d);
    CHECKF(db != NULL, "%s: %s", def, d.first);
    if (!db) continue;
    double um = (double)db_hpwl(db) / db->dbu;
    double rel = fabs(um - REFS[i].ref_um) / REFS[i].ref_um;
    printf("%-58s ours %.1f um, OpenROAD %.1f um, diff %.5f%%\n", REFS[i].def, um, REFS[i].ref_um,
           100 * rel);
    CHECKF(rel <= 0.0005, "%s: %.3f vs %.3f", REFS[i].def, um, REFS[i].ref_um);
    double nv = naive_hpwl(db);
    CHECKF(fabs(nv - um) <= 1e-6 * um + 1.0 / db->dbu * db->nnets, "naive %.3f vs %.3f", nv, um);
    db_destroy(db);
  }
  return tap_done();
}
