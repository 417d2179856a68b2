/* lg_grid_test.c: the row / segment grid.
 *  - rows: abutting and duplicated DEF rows merge, a one-site gap does not; DO nx BY ny expands;
 *    base rows and levels with multi-height and hybrid rows (shared edge cases);
 *  - lg_grid_fit: single and double rows, sites, row ends, multi-height and hybrid sites;
 *  - segments against a slow obvious site-by-site computation (every site tested against every
 *    obstacle and region rectangle) on hand-made and shared small designs. */
#include <stdlib.h>
#include <string.h>

#include "def.h"
#include "e2e/designs.h"
#include "lef.h"
#include "place/lg_grid.h"
#include "tap.h"

static db_t *load_text(const char *def_text) {
  ut_diag_t d;
  ut_diag_init(&d);
  d.quiet = 1;
  db_t *db;
  if (db_create(&db)) return NULL;
  size_t n = strlen(def_text);
  char *buf = ut_malloc(n + 1);
  memcpy(buf, def_text, n + 1);
  if (lef_read(db, "tests/place/lg.lef", &d) || def_read_buffer(db, buf, n, "mem.def", &d)) {
    fprintf(stderr, "cannot read: %s\n", d.first);
    db_destroy(db);
    return NULL;
  }
  return db;
}

static db_t *load_shared(const char *key) {
  static tdesign_t designs[64];
  int n = tdesigns_read(tap_bench(), designs, 64);
  for (int i = 0; i < n; i++)
    if (strstr(designs[i].def, key)) {
      ut_diag_t d;
      ut_diag_init(&d);
      d.quiet = 1;
      return tdesign_load(&designs[i], &d);
    }
  return NULL;
}

#define HEAD                                                                                    \
  "VERSION 5.8 ;\nDIVIDERCHAR \"/\" ;\nBUSBITCHARS \"[]\" ;\nDESIGN t ;\n"                     \
  "UNITS DISTANCE MICRONS 1000 ;\nDIEAREA ( 0 0 ) ( 24000 24000 ) ;\n"

static void test_rows(void) {
  db_t *db = load_text(HEAD
                       "ROW a core 2000 2000 N DO 20 BY 1 STEP 200 0 ;\n"
                       "ROW b core 6000 2000 N DO 30 BY 1 STEP 200 0 ;\n"     /* abuts a */
                       "ROW b2 core 6000 2000 N DO 30 BY 1 STEP 200 0 ;\n"    /* duplicate */
                       "ROW c core 12200 2000 N DO 10 BY 1 STEP 200 0 ;\n"    /* one-site gap */
                       "ROW d core 2000 4000 FS DO 10 BY 1 STEP 200 0 ;\n"
                       "ROW e core 2000 6000 N DO 1 BY 3 STEP 0 2000 ;\n"     /* vertical */
                       "END DESIGN\n");
  CHECK(db != NULL);
  if (!db) return;
  lg_grid_t *g;
  CHECK(lg_grid_create(&g, db) == 0);
  /* y=2000: [2000, 12000) merged, [12200, 14200); y=4000; y=6000,8000,10000 one site each */
  CHECK(g->nrows == 6);
  CHECK(g->row_x0[0] == 2000 && g->row_x1[0] == 12000 && g->row_y[0] == 2000);
  CHECK(g->row_x0[1] == 12200 && g->row_x1[1] == 14200);
  CHECK(g->row_y[2] == 4000 && g->row_orient[2] == DB_FS);
  CHECK(g->row_y[5] == 10000 && g->row_x1[5] == 2200);
  CHECK(g->nlevels == 5);
  int32_t lo, hi;
  lg_grid_rows_at(g, 2000, &lo, &hi);
  CHECK(lo == 0 && hi == 2);
  lg_grid_rows_at(g, 3000, &lo, &hi);
  CHECK(lo == hi);
  CHECK(lg_grid_level_at(g, 4000) == 1 && lg_grid_level_at(g, 4001) == -1);
  CHECK(lg_grid_level_lower_bound(g, 4001) == 2);
  /* fit: INV 400 wide, DFF2 double row */
  int32_t inv = db_find_master(db, "INV", 3), dff = db_find_master(db, "DFF2", 4);
  int32_t bottom;
  int nspan;
  CHECK(lg_grid_fit(g, db, inv, 11600, 2000, 400, 2000, &bottom, &nspan) == LG_FIT_OK && bottom == 0);
  CHECK(lg_grid_fit(g, db, inv, 11800, 2000, 400, 2000, NULL, NULL) == LG_FIT_OFF_ROW);  /* gap */
  CHECK(lg_grid_fit(g, db, inv, 12200, 2000, 400, 2000, &bottom, NULL) == LG_FIT_OK && bottom == 1);
  CHECK(lg_grid_fit(g, db, inv, 2100, 2000, 400, 2000, NULL, NULL) == LG_FIT_OFF_SITE);
  CHECK(lg_grid_fit(g, db, inv, 2000, 2500, 400, 2000, NULL, NULL) == LG_FIT_OFF_ROW);
  CHECK(lg_grid_fit(g, db, dff, 2000, 2000, 800, 4000, &bottom, &nspan) == LG_FIT_OK && nspan == 2);
  CHECK(lg_grid_fit(g, db, dff, 3400, 2000, 800, 4000, NULL, NULL) == LG_FIT_OFF_ROW);  /* d ends */
  CHECK(lg_grid_fit(g, db, dff, 2000, 4000, 800, 4000, NULL, NULL) == LG_FIT_OFF_ROW);
  lg_grid_destroy(g);
  db_destroy(db);
}

static void test_multi_height_rows(void) {
  db_t *db = load_shared("multi_height_rows.def");
  if (!db) {
    fprintf(stderr, "skipping multi_height_rows.def\n");
    return;
  }
  lg_grid_t *g;
  CHECK(lg_grid_create(&g, db) == 0);
  int nbase = 0;
  for (int32_t r = 0; r < g->nrows; r++) nbase += g->row_base[r];
  CHECK(g->nrows == 11 && nbase == 6 && g->nlevels == 6);
  int32_t single = db_find_master(db, "MOCK_SINGLE", 11), dbl = db_find_master(db, "MOCK_DOUBLE", 11);
  int32_t tri = db_find_master(db, "MOCK_TRIPLE", 11);
  CHECK(lg_grid_single_row(g, db, single, db->master_h[single]));
  CHECK(!lg_grid_single_row(g, db, dbl, db->master_h[dbl]));
  CHECK(!lg_grid_single_row(g, db, tri, db->master_h[tri]));
  int32_t bottom;
  int nspan;
  /* double-height site rows start at y = 0, 2.8, 5.6 um only (not at the FS row 1.4) */
  CHECK(lg_grid_fit(g, db, dbl, 380, 5600, 1520, 5600, &bottom, &nspan) == LG_FIT_OK && nspan == 1);
  CHECK(db->site_h[g->row_site[bottom]] == 5600);
  CHECK(lg_grid_fit(g, db, dbl, 380, 2800, 1520, 5600, NULL, NULL) == LG_FIT_OFF_ROW);
  CHECK(lg_grid_fit(g, db, tri, 380, 8400, 1520, 8400, &bottom, NULL) == LG_FIT_OK &&
        g->row_orient[bottom] == DB_FS);
  lg_grid_destroy(g);
  db_destroy(db);
}

static void test_hybrid(void) {
  db_t *db = load_shared("hybrid_cells.def");
  if (!db) {
    fprintf(stderr, "skipping hybrid_cells.def\n");
    return;
  }
  lg_grid_t *g;
  CHECK(lg_grid_create(&g, db) == 0);
  int32_t a = db_find_master(db, "MOCK_HYBRID_A", 13), gm = db_find_master(db, "MOCK_HYBRID_G", 13);
  int32_t ag = db_find_master(db, "MOCK_HYBRID_AG", 14);
  /* A and G rows alternate (3.6 and 2.8 um) and are the base rows; the HybridAG / HybridGA rows
   * (6.4 um, one per A / G row) are not */
  int nbase = 0, nag = 0;
  for (int32_t r = 0; r < g->nrows; r++) {
    nbase += g->row_base[r];
    nag += g->row_h[r] == 6400 && !g->row_base[r];
  }
  CHECK(nbase == 497 && g->nlevels == 497 && nag == g->nrows - 497);
  CHECK(lg_grid_single_row(g, db, a, db->master_h[a]) && lg_grid_single_row(g, db, gm, db->master_h[gm]));
  CHECK(!lg_grid_single_row(g, db, ag, db->master_h[ag]));
  /* A cells on A rows only; an AG cell sits on a HybridAG row (covering an A and a G row) */
  CHECK(lg_grid_fit(g, db, a, 200260, 204800, 380, 3600, NULL, NULL) == LG_FIT_OK);
  CHECK(lg_grid_fit(g, db, gm, 200260, 204800, 380, 2800, NULL, NULL) == LG_FIT_OFF_ROW);
  CHECK(lg_grid_fit(g, db, gm, 200260, 208400, 380, 2800, NULL, NULL) == LG_FIT_OK);
  int nspan;
  int32_t bottom;
  CHECK(lg_grid_fit(g, db, ag, 200260, 204800, 380, 6400, &bottom, &nspan) == LG_FIT_OK && nspan == 1);
  CHECK(g->row_site[bottom] == db->master_site[ag]);
  CHECK(lg_grid_fit(g, db, ag, 200260, 208400, 380, 6400, NULL, NULL) == LG_FIT_OFF_ROW);
  /* without its rows (mode B), the site's cells stack base rows whose heights add up */
  db->master_site[ag] = -1;
  CHECK(lg_grid_fit(g, db, ag, 200260, 204800, 380, 6400, &bottom, &nspan) == LG_FIT_OK && nspan == 2);
  CHECK(g->row_base[bottom] && g->row_h[bottom] == 3600);
  lg_grid_destroy(g);
  db_destroy(db);
}

/* ---- segments against a site-by-site computation ---- */

static int64_t ovl(int64_t ax0, int64_t ay0, int64_t ax1, int64_t ay1, const db_rect_t *b) {
  int64_t w = (ax1 < b->x1 ? ax1 : b->x1) - (ax0 > b->x0 ? ax0 : b->x0);
  int64_t h = (ay1 < b->y1 ? ay1 : b->y1) - (ay0 > b->y0 ? ay0 : b->y0);
  return w > 0 && h > 0 ? w * h : 0;
}

/* Site label: -2 blocked, -1 free, r inside hard region r. */
static int32_t slow_label(const db_t *db, const uint8_t *obst, dbu_t halo, int64_t x0, int64_t y0,
                          int64_t x1, int64_t y1) {
  for (size_t c = 0; c < db->ncells; c++) {
    if (db->cell_status[c] == DB_UNPLACED) continue;
    if (!db_cell_is_fixed(db, (int32_t)c) && !(obst && obst[c])) continue;
    if (db->master_class[db->cell_master[c]] == DB_CLASS_COVER) continue;
    dbu_t w, h, hl[4] = {0, 0, 0, 0};
    db_cell_size(db, (int32_t)c, &w, &h);
    if (db_cell_is_macro(db, (int32_t)c)) lg_cell_halo(db, (int32_t)c, halo, hl);
    db_rect_t b = {db->cell_x[c] - hl[0], db->cell_y[c] - hl[1], db->cell_x[c] + w + hl[2],
                   db->cell_y[c] + h + hl[3]};
    if (ovl(x0, y0, x1, y1, &b)) return -2;
  }
  for (size_t k = 0; k < db->nblk; k++) {
    if (db->blk_kind[k] != DB_BLK_PLACEMENT || db->blk_soft[k] || db->blk_partial[k] > 0) continue;
    for (int32_t i = db->blk_rect_start[k]; i < db->blk_rect_start[k + 1]; i++)
      if (ovl(x0, y0, x1, y1, &db->blk_rects[i])) return -2;
  }
  int32_t label = -1;
  for (size_t r = 0; r < db->nregions; r++) {
    if (!lg_region_hard(db, (int32_t)r)) continue;
    int64_t area = 0, any = 0;
    for (int32_t i = db->region_rect_start[r]; i < db->region_rect_start[r + 1]; i++) {
      int64_t a = ovl(x0, y0, x1, y1, &db->region_rects[i]);
      area += a;   /* the test designs' region rectangles do not overlap each other */
      any |= a > 0;
    }
    if (!any) continue;
    if (area < (x1 - x0) * (y1 - y0) || label != -1) return -2;
    label = (int32_t)r;
  }
  return label;
}

static void check_segments(const char *what, const db_t *db, const uint8_t *obst, dbu_t halo) {
  lg_grid_t *g;
  CHECK(lg_grid_create(&g, db) == 0);
  lg_seg_opts_t so = {obst, halo};
  CHECK(lg_grid_segments(g, db, &so) == 0);
  int bad = 0;
  for (int32_t r = 0; r < g->nrows && !bad; r++) {
    if (!g->row_base[r]) {
      CHECK(g->row_seg_start[r] == g->row_seg_start[r + 1]);
      continue;
    }
    int64_t p = g->row_pitch[r], ns = (g->row_x1[r] - g->row_x0[r]) / p;
    int32_t s = g->row_seg_start[r];
    for (int64_t k = 0; k < ns && !bad; k++) {
      int64_t x0 = g->row_x0[r] + k * p;
      int32_t want = slow_label(db, obst, halo, x0, g->row_y[r], x0 + p, g->row_y[r] + g->row_h[r]);
      while (s < g->row_seg_start[r + 1] && g->seg_x1[s] <= x0) s++;
      int32_t got = (s < g->row_seg_start[r + 1] && g->seg_x0[s] <= x0) ? g->seg_region[s] : -2;
      if (got != want) {
        fprintf(stderr, "%s: row %d (y %d) site %lld at x %lld: segment label %d, want %d\n", what,
                r, g->row_y[r], (long long)k, (long long)x0, got, want);
        bad = 1;
      }
    }
    /* segments are sorted, disjoint, maximal (neighbours differ in label or leave a gap) */
    for (int32_t t = g->row_seg_start[r]; t + 1 < g->row_seg_start[r + 1]; t++)
      if (!(g->seg_x1[t] < g->seg_x0[t + 1] ||
            (g->seg_x1[t] == g->seg_x0[t + 1] && g->seg_region[t] != g->seg_region[t + 1])))
        bad = 1;
  }
  CHECKF(!bad, "%s: segments differ from the site-by-site labels", what);
  lg_grid_destroy(g);
}

static void test_segments(void) {
  db_t *db = load_text(HEAD
                       "ROW R0 core 2000 2000 N DO 100 BY 1 STEP 200 0 ;\n"
                       "ROW R1 core 2000 4000 FS DO 100 BY 1 STEP 200 0 ;\n"
                       "ROW R2 core 2000 6000 N DO 100 BY 1 STEP 200 0 ;\n"
                       "ROW R3 core 2000 8000 FS DO 100 BY 1 STEP 200 0 ;\n"
                       "ROW R4 core 2000 10000 N DO 100 BY 1 STEP 200 0 ;\n"
                       "ROW R5 core 2000 12000 FS DO 100 BY 1 STEP 200 0 ;\n"
                       "COMPONENTS 6 ;\n"
                       "- t1 TAP + FIXED ( 3000 2000 ) N ;\n"
                       "- t2 INV + FIXED ( 3300 4000 ) FS ;\n"          /* off the site grid */
                       "- m BLKN + FIXED ( 8000 6000 ) N + HALO 100 300 500 0 ;\n"
                       "- mv BLK + PLACED ( 16000 4000 ) N ;\n"
                       "- a INV + PLACED ( 2000 2000 ) N ;\n"
                       "- cv INV + COVER ( 2000 12000 ) FS ;\n"
                       "END COMPONENTS\n"
                       "BLOCKAGES 3 ;\n"
                       "- PLACEMENT RECT ( 5000 2000 ) ( 5500 4000 ) ;\n"
                       "- PLACEMENT + SOFT RECT ( 6000 2000 ) ( 7000 4000 ) ;\n"
                       "- PLACEMENT + PARTIAL 20 RECT ( 7000 2000 ) ( 7600 4000 ) ;\n"
                       "END BLOCKAGES\n"
                       "REGIONS 3 ;\n"
                       "- f1 ( 2000 10000 ) ( 5100 14000 ) ( 5100 10000 ) ( 6000 12000 ) + TYPE FENCE ;\n"
                       "- f2 ( 12000 9000 ) ( 14000 11000 ) + TYPE FENCE ;\n"   /* half rows */
                       "- g1 ( 18000 10000 ) ( 20000 14000 ) + TYPE GUIDE ;\n"
                       "END REGIONS\n"
                       "END DESIGN\n");
  CHECK(db != NULL);
  if (!db) return;
  check_segments("hand-made", db, NULL, 0);
  check_segments("hand-made, 0.3 um macro halo", db, NULL, 300);
  uint8_t *obst = calloc(db->ncells, 1);
  obst[db_find_cell(db, "mv", 2)] = 1;
  check_segments("hand-made, movable macro as obstacle", db, obst, 300);
  /* spot checks: the tap splits row 0 at [3000, 3200); t2 off grid blocks [3200, 3800) */
  lg_grid_t *g;
  lg_grid_create(&g, db);
  lg_seg_opts_t so = {NULL, 0};
  lg_grid_segments(g, db, &so);
  CHECK(g->seg_x0[0] == 2000 && g->seg_x1[0] == 3000 && g->seg_x0[1] == 3200);
  int32_t r1 = g->level_rows[g->level_start[1]];
  CHECK(g->seg_x1[g->row_seg_start[r1]] == 3200);
  lg_grid_destroy(g);
  free(obst);
  db_destroy(db);

  static const char *const SHARED[] = {"fence01.def", "regions1.def", "blockage01.def",
                                       "obstruction2.def", "fragmented_row01.def",
                                       "multi_height_rows.def", "gcd_replace.def"};
  for (size_t i = 0; i < sizeof SHARED / sizeof SHARED[0]; i++) {
    db = load_shared(SHARED[i]);
    if (!db) {
      fprintf(stderr, "skipping %s\n", SHARED[i]);
      continue;
    }
    check_segments(SHARED[i], db, NULL, 0);
    db_destroy(db);
  }
}

int main(void) {
  test_rows();
  test_multi_height_rows();
  test_hybrid();
  test_segments();
  return tap_done();
}
