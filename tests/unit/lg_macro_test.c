/* lg_macro_test.c: macro legalization.  (1) tests/place/lg_macros.def: three macros stacked on one
 * spot and one against a fixed macro with a DEF halo, worked out by hand below; the whole design
 * (macros, double-row and single-row cells) ends legal under the checker with the same halo.
 * (2) ibm01 (246 movable macros and 12k cells, all at (0, 0)): legal after lg_run. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "def.h"
#include "lef.h"
#include "place/lg_check.h"
#include "place/lg_legalize.h"
#include "tap.h"

static db_t *load2(const char *lef, const char *def) {
  ut_diag_t d;
  ut_diag_init(&d);
  d.quiet = 1;
  db_t *db;
  if (db_create(&db)) return NULL;
  if (lef_read(db, lef, &d) || def_read(db, def, &d)) {
    fprintf(stderr, "cannot read %s: %s\n", def, d.first);
    db_destroy(db);
    return NULL;
  }
  return db;
}

static void print_report(const db_t *db, const lg_check_report_t *rep) {
  char buf[512];
  for (int k = 0; k < LG_CHK_NERR; k++)
    for (int i = 0; i < rep->nshown[k]; i++) {
      lg_check_describe(db, rep, k, i, buf, sizeof buf);
      fprintf(stderr, "  %s: %s\n", lg_check_kind_name(k), buf);
    }
}

static void test_hand_made(void) {
  db_t *db = load2("tests/place/lg.lef", "tests/place/lg_macros.def");
  CHECK(db != NULL);
  if (!db) return;
  lg_opts_t o;
  lg_opts_default(&o);
  o.macro_halo = 200;
  o.flip = 0;
  lg_stats_t st;
  ut_diag_t d;
  ut_diag_init(&d);
  int rc = lg_run(db, &o, &st, &d);
  CHECKF(rc == 0, "lg_run: %d (%s)", rc, d.first);
  CHECK(st.nmacros == 4);
  /* m1 keeps its spot; m2 goes left, x in (10 - 0.2 - 4, 14 + 0.2) is taken by m1 and its halo
   * (ties between 5.8 and 14.2 go to the left gap found first); m3 then finds only 14.2.  m4
   * (target (2, 14)) cannot stay on row y = 14: m2 and m1 end at y = 14 and need 0.2 um of halo
   * gap, and h with its 0.4 + 0.2 um halo covers x < 5.6; one row up, x = 5.6 clears h's halo
   * and the blockage starts at x = 16 - 4. */
  static const struct {
    const char *name;
    dbu_t x, y;
  } WANT[] = {{"m1", 10000, 8000}, {"m2", 5800, 8000}, {"m3", 14200, 8000}, {"m4", 5600, 16000}};
  for (size_t i = 0; i < 4; i++) {
    int32_t c = db_find_cell(db, WANT[i].name, strlen(WANT[i].name));
    CHECKF(db->cell_x[c] == WANT[i].x && db->cell_y[c] == WANT[i].y, "%s at (%d, %d), want (%d, %d)",
           WANT[i].name, db->cell_x[c], db->cell_y[c], WANT[i].x, WANT[i].y);
    CHECK(db->cell_status[c] == DB_PLACED);
  }
  lg_check_opts_t co;
  lg_check_opts_default(&co);
  co.macro_halo = 200;
  lg_check_report_t rep;
  lg_check(db, &co, &rep);
  CHECKF(rep.total == 0, "lg_macros.def: %lld violations", (long long)rep.total);
  if (rep.total) print_report(db, &rep);
  db_destroy(db);

  /* with flips on, the result stays legal and HPWL does not grow from the flip step */
  db = load2("tests/place/lg.lef", "tests/place/lg_macros.def");
  if (!db) return;
  o.flip = 1;
  ut_diag_init(&d);
  CHECK(lg_run(db, &o, &st, &d) == 0);
  lg_check(db, &co, &rep);
  CHECK(rep.total == 0);
  db_destroy(db);
}

static void test_ibm01(void) {
  char lef[1024], def[1024];
  snprintf(lef, sizeof lef, "%s/ibm_lefdef/ibm01/ibm01.lef", tap_bench());
  snprintf(def, sizeof def, "%s/ibm_lefdef/ibm01/ibm01_initial.def", tap_bench());
  db_t *db = load2(lef, def);
  if (!db) {
    fprintf(stderr, "skipping ibm01: %s not readable\n", def);
    return;
  }
  lg_opts_t o;
  lg_opts_default(&o);
  lg_stats_t st;
  ut_diag_t d;
  ut_diag_init(&d);
  int rc = lg_run(db, &o, &st, &d);
  CHECKF(rc == 0, "ibm01: lg_run %d (%s)", rc, d.first);
  CHECK(st.nmacros == 246);
  lg_check_report_t rep;
  lg_check(db, NULL, &rep);
  CHECKF(rep.total == 0, "ibm01: %lld violations", (long long)rep.total);
  if (rep.total) print_report(db, &rep);
  printf("ibm01: %zu macros (mean / max displacement %.1f / %.1f um), %zu cells, %.2f s "
         "(macros %.2f s)\n",
         st.nmacros, st.macro_disp_mean_um, st.macro_disp_max_um, st.ncells, st.seconds_total,
         st.seconds_macro);
  db_destroy(db);
}

/* ibm01 with its macros scattered (deterministic LCG) over the core, overlapping each other:
 * legal with and without refinement, and refinement never increases the total displacement. */
static void test_ibm01_scattered(void) {
  char lef[1024], def[1024];
  snprintf(lef, sizeof lef, "%s/ibm_lefdef/ibm01/ibm01.lef", tap_bench());
  snprintf(def, sizeof def, "%s/ibm_lefdef/ibm01/ibm01_initial.def", tap_bench());
  double disp[2] = {0, 0};
  for (int pass = 0; pass < 2; pass++) {
    db_t *db = load2(lef, def);
    if (!db) return;
    uint64_t s = 99;
    for (size_t c = 0; c < db->ncells; c++) {
      s = s * 6364136223846793005ULL + 1442695040888963407ULL;
      dbu_t w, h;
      db_cell_size(db, (int32_t)c, &w, &h);
      int64_t sx = db->core.x1 - db->core.x0 - w, sy = db->core.y1 - db->core.y0 - h;
      db->cell_x[c] = (dbu_t)(db->core.x0 + (int64_t)((s >> 33) % (uint64_t)(sx > 0 ? sx : 1)));
      db->cell_y[c] = (dbu_t)(db->core.y0 + (int64_t)((s >> 11) % (uint64_t)(sy > 0 ? sy : 1)));
    }
    lg_opts_t o;
    lg_opts_default(&o);
    o.macro_passes = pass ? 4 : 0;
    o.macro_halo = 2000;   /* 2 um */
    lg_stats_t st;
    ut_diag_t d;
    ut_diag_init(&d);
    int rc = lg_run(db, &o, &st, &d);
    CHECKF(rc == 0, "ibm01 scattered: lg_run %d (%s)", rc, d.first);
    lg_check_opts_t co;
    lg_check_opts_default(&co);
    co.macro_halo = o.macro_halo;
    lg_check_report_t rep;
    lg_check(db, &co, &rep);
    CHECKF(rep.total == 0, "ibm01 scattered: %lld violations", (long long)rep.total);
    if (rep.total) print_report(db, &rep);
    disp[pass] = st.macro_disp_mean_um;
    printf("ibm01 scattered, %d refinement passes: macro displacement mean %.2f max %.2f um, "
           "cells mean %.2f um, HPWL %.0f um, %.2f s\n",
           o.macro_passes, st.macro_disp_mean_um, st.macro_disp_max_um, st.disp_mean_um,
           st.hpwl_after / (double)db->dbu, st.seconds_total);
    db_destroy(db);
  }
  CHECK(disp[1] <= disp[0]);
}

int main(void) {
  test_hand_made();
  test_ibm01();
  test_ibm01_scattered();
  return tap_done();
}
