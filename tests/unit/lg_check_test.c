/* lg_check_test.c: the legality checker on hand-made DEFs (tests/place/chk_*.def, one rule broken
 * per file, expected counts below), on edits of a legal placement (FIXED moved, displacement
 * limits, an extra macro halo), its bin-based overlap search against a naive all-pairs count on
 * random placements, and the orientation helpers against their definitions. */
#include <stdlib.h>
#include <string.h>

#include "def.h"
#include "lef.h"
#include "place/lg_check.h"
#include "place/lg_grid.h"
#include "tap.h"

static db_t *load(const char *def) {
  ut_diag_t d;
  ut_diag_init(&d);
  d.quiet = 1;
  db_t *db;
  if (db_create(&db)) return NULL;
  if (lef_read(db, "tests/place/lg.lef", &d) || def_read(db, def, &d)) {
    fprintf(stderr, "cannot read %s: %s\n", def, d.first);
    db_destroy(db);
    return NULL;
  }
  return db;
}

typedef struct expect_t {
  const char *def;
  int kind[3];
  int64_t count[3];
} expect_t;

static const expect_t CASES[] = {
  {"tests/place/chk_legal.def", {-1, -1, -1}, {0, 0, 0}},
  {"tests/place/chk_overlap.def", {LG_CHK_OVERLAP, -1, -1}, {1, 0, 0}},
  {"tests/place/chk_overlap_fixed.def", {LG_CHK_OVERLAP_FIXED, -1, -1}, {1, 0, 0}},
  {"tests/place/chk_overlap_macro.def", {LG_CHK_OVERLAP_MACRO, -1, -1}, {1, 0, 0}},
  {"tests/place/chk_fixed_overlap.def", {LG_CHK_W_FIXED_OVERLAP, -1, -1}, {1, 0, 0}},
  {"tests/place/chk_off_row.def", {LG_CHK_OFF_ROW, -1, -1}, {2, 0, 0}},
  {"tests/place/chk_off_site.def", {LG_CHK_OFF_SITE, -1, -1}, {1, 0, 0}},
  {"tests/place/chk_orient.def", {LG_CHK_ORIENT, -1, -1}, {4, 0, 0}},
  {"tests/place/chk_outside.def", {LG_CHK_OUTSIDE, -1, -1}, {1, 0, 0}},
  {"tests/place/chk_blockage.def", {LG_CHK_BLOCKAGE, -1, -1}, {1, 0, 0}},
  {"tests/place/chk_fence.def", {LG_CHK_FENCE_OUT, LG_CHK_FENCE_IN, -1}, {2, 1, 0}},
  {"tests/place/chk_halo.def", {LG_CHK_HALO, -1, -1}, {1, 0, 0}},
  {"tests/place/chk_unplaced.def", {LG_CHK_UNPLACED, -1, -1}, {1, 0, 0}},
  {"tests/place/chk_multi.def", {LG_CHK_OFF_ROW, -1, -1}, {1, 0, 0}},
};

static int64_t expected(const expect_t *e, int kind) {
  for (int i = 0; i < 3; i++)
    if (e->kind[i] == kind) return e->count[i];
  return 0;
}

static void test_cases(void) {
  for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
    const expect_t *e = &CASES[i];
    db_t *db = load(e->def);
    CHECKF(db != NULL, "%s", e->def);
    if (!db) continue;
    lg_check_report_t rep;
    CHECK(lg_check(db, NULL, &rep) == 0);
    for (int k = 0; k < LG_CHK_NKINDS; k++)
      CHECKF(rep.count[k] == expected(e, k), "%s: %s = %lld, want %lld", e->def,
             lg_check_kind_name(k), (long long)rep.count[k], (long long)expected(e, k));
    int64_t tot = 0;
    for (int k = 0; k < LG_CHK_NERR; k++) tot += expected(e, k);
    CHECKF(rep.total == tot, "%s: total %lld", e->def, (long long)rep.total);
    /* offenders are listed and describable */
    for (int k = 0; k < LG_CHK_NKINDS; k++) {
      CHECK(rep.nshown[k] == (rep.count[k] < 10 ? rep.count[k] : 10));
      for (int j = 0; j < rep.nshown[k]; j++) {
        char buf[512];
        CHECK(lg_check_describe(db, &rep, k, j, buf, sizeof buf) > 0);
        CHECK(strstr(buf, db_str(db, db->cell_name[rep.shown[k][j].cell])) == buf);
      }
    }
    db_destroy(db);
  }
}

static void test_edits(void) {
  db_t *db = load("tests/place/chk_legal.def");
  CHECK(db != NULL);
  if (!db) return;
  lg_check_report_t rep;
  lg_check_opts_t o;
  lg_check_opts_default(&o);
  /* 0.2 um more halo around every macro reaches cell hc (0.4 um right of macro h, whose DEF halo
   * is 0.4 um) and cell fm (abutting macro m on its right) */
  o.macro_halo = 200;
  lg_check(db, &o, &rep);
  CHECK(rep.count[LG_CHK_HALO] == 2);
  CHECK(rep.nshown[LG_CHK_HALO] == 2 && rep.shown[LG_CHK_HALO][0].cell != rep.shown[LG_CHK_HALO][1].cell);
  for (int j = 0; j < rep.nshown[LG_CHK_HALO]; j++) {
    const char *nm = db_str(db, db->cell_name[rep.shown[LG_CHK_HALO][j].cell]);
    CHECK(!strcmp(nm, "hc") || !strcmp(nm, "fm"));
  }
  o.macro_halo = 0;
  /* FIXED tap moved by one site, then re-oriented */
  int32_t t1 = db_find_cell(db, "t1", 2), a = db_find_cell(db, "a", 1);
  db_cell_set_place(db, t1, 2200, 4000, DB_FS, DB_FIXED);
  lg_check(db, &o, &rep);
  CHECK(rep.count[LG_CHK_FIXED_MOVED] == 1);
  db_cell_set_place(db, t1, 2000, 4000, DB_S, DB_FIXED);
  lg_check(db, &o, &rep);
  CHECK(rep.count[LG_CHK_FIXED_MOVED] == 1);
  db_cell_set_place(db, t1, 2000, 4000, DB_FS, DB_PLACED);   /* status changed */
  lg_check(db, &o, &rep);
  CHECK(rep.count[LG_CHK_FIXED_MOVED] == 1);
  db_cell_set_place(db, t1, 2000, 4000, DB_FS, DB_FIXED);
  /* displacement limits: a moves 2 sites right and one row up */
  db_cell_set_place(db, a, 2000 + 2 * 200 + 1600, 6000, DB_N, DB_PLACED);
  o.max_disp_x = 2000;
  o.max_disp_y = 4000;
  lg_check(db, &o, &rep);
  CHECK(rep.count[LG_CHK_MAX_DISP] == 0);
  o.max_disp_x = 1999;
  lg_check(db, &o, &rep);
  CHECK(rep.count[LG_CHK_MAX_DISP] == 1);
  o.max_disp_x = 0;
  o.max_disp_y = 3999;
  lg_check(db, &o, &rep);
  CHECK(rep.count[LG_CHK_MAX_DISP] == 1);
  CHECK(rep.shown[LG_CHK_MAX_DISP][0].cell == a);
  /* max_offenders */
  o.max_offenders = 0;
  lg_check(db, &o, &rep);
  CHECK(rep.count[LG_CHK_MAX_DISP] == 1 && rep.nshown[LG_CHK_MAX_DISP] == 0);
  db_destroy(db);
}

/* Naive all-pairs overlap count by kind. */
static void naive_overlaps(const db_t *db, int64_t cnt[LG_CHK_NKINDS]) {
  memset(cnt, 0, sizeof(int64_t) * LG_CHK_NKINDS);
  for (size_t i = 0; i < db->ncells; i++)
    for (size_t j = i + 1; j < db->ncells; j++) {
      int32_t a = (int32_t)i, b = (int32_t)j;
      if (db->cell_status[a] == DB_UNPLACED || db->cell_status[b] == DB_UNPLACED) continue;
      dbu_t wa, ha, wb, hb;
      db_cell_size(db, a, &wa, &ha);
      db_cell_size(db, b, &wb, &hb);
      int64_t ox = (int64_t)(db->cell_x[a] + wa < db->cell_x[b] + wb ? db->cell_x[a] + wa : db->cell_x[b] + wb) -
                   (db->cell_x[a] > db->cell_x[b] ? db->cell_x[a] : db->cell_x[b]);
      int64_t oy = (int64_t)(db->cell_y[a] + ha < db->cell_y[b] + hb ? db->cell_y[a] + ha : db->cell_y[b] + hb) -
                   (db->cell_y[a] > db->cell_y[b] ? db->cell_y[a] : db->cell_y[b]);
      if (ox <= 0 || oy <= 0) continue;
      int fa = db_cell_is_fixed(db, a), fb = db_cell_is_fixed(db, b);
      int k = fa && fb ? LG_CHK_W_FIXED_OVERLAP
              : (db_cell_is_macro(db, a) || db_cell_is_macro(db, b)) ? LG_CHK_OVERLAP_MACRO
              : (fa || fb) ? LG_CHK_OVERLAP_FIXED : LG_CHK_OVERLAP;
      cnt[k]++;
    }
}

static void test_overlaps_vs_naive(void) {
  db_t *db = load("tests/place/chk_legal.def");
  if (!db) return;
  uint64_t s = 12345;
  for (int round = 0; round < 200; round++) {
    for (size_t c = 0; c < db->ncells; c++) {
      s = s * 6364136223846793005ULL + 1442695040888963407ULL;
      /* a small window so that overlaps are frequent; FIXED ones move too (a new input) */
      db->cell_x[c] = (dbu_t)((s >> 33) % 9000);
      db->cell_y[c] = (dbu_t)((s >> 13) % 9000);
    }
    int64_t want[LG_CHK_NKINDS];
    naive_overlaps(db, want);
    lg_check_report_t rep;
    lg_check(db, NULL, &rep);
    CHECK(rep.count[LG_CHK_OVERLAP] == want[LG_CHK_OVERLAP]);
    CHECK(rep.count[LG_CHK_OVERLAP_FIXED] == want[LG_CHK_OVERLAP_FIXED]);
    CHECK(rep.count[LG_CHK_OVERLAP_MACRO] == want[LG_CHK_OVERLAP_MACRO]);
    CHECK(rep.count[LG_CHK_W_FIXED_OVERLAP] == want[LG_CHK_W_FIXED_OVERLAP]);
  }
  db_destroy(db);
}

static void test_orient(void) {
  /* composition against the definitions: mirror about Y of N is FN, of FS is S; W then W is S */
  CHECK(lg_orient_mirror_y(DB_N) == DB_FN);
  CHECK(lg_orient_mirror_y(DB_FN) == DB_N);
  CHECK(lg_orient_mirror_y(DB_FS) == DB_S);
  CHECK(lg_orient_mirror_y(DB_S) == DB_FS);
  CHECK(lg_orient_compose(DB_W, DB_W) == DB_S);
  CHECK(lg_orient_compose(DB_FN, DB_FS) == DB_S);
  for (int a = 0; a < 8; a++) {
    CHECK(lg_orient_compose(a, DB_N) == a && lg_orient_compose(DB_N, a) == a);
    int inv = -1;
    for (int b = 0; b < 8; b++)
      if (lg_orient_compose(a, b) == DB_N) inv = b;
    CHECK(inv >= 0);
  }
  /* the group generated by the symmetries */
  db_t *db = load("tests/place/chk_legal.def");
  if (!db) return;
  int32_t blk = db_find_master(db, "BLK", 3), blkn = db_find_master(db, "BLKN", 4);
  int32_t inv = db_find_master(db, "INV", 3), nosym = db_find_master(db, "NOSYM", 5);
  int nb = 0, nn = 0;
  for (int o = 0; o < 8; o++) {
    nb += lg_orient_macro_ok(db, blk, o);
    nn += lg_orient_macro_ok(db, blkn, o);
  }
  CHECK(nb == 4 && nn == 1);   /* X Y: N FN FS S; none: N */
  CHECK(lg_orient_macro_ok(db, blk, DB_S) && !lg_orient_macro_ok(db, blk, DB_W));
  db->master_sym[blkn] = DB_SYM_R90;
  nn = 0;
  for (int o = 0; o < 8; o++) nn += lg_orient_macro_ok(db, blkn, o);
  CHECK(nn == 4 && lg_orient_macro_ok(db, blkn, DB_E) && !lg_orient_macro_ok(db, blkn, DB_FN));
  db->master_sym[blkn] = DB_SYM_R90 | DB_SYM_X;
  nn = 0;
  for (int o = 0; o < 8; o++) nn += lg_orient_macro_ok(db, blkn, o);
  CHECK(nn == 8);
  /* standard cells: the row's orientation, and its mirror about Y with SYMMETRY Y only */
  CHECK(lg_orient_std_ok(db, inv, DB_N, DB_N) && lg_orient_std_ok(db, inv, DB_N, DB_FN));
  CHECK(!lg_orient_std_ok(db, inv, DB_N, DB_FS) && !lg_orient_std_ok(db, inv, DB_N, DB_S));
  CHECK(lg_orient_std_ok(db, inv, DB_FS, DB_S) && !lg_orient_std_ok(db, inv, DB_FS, DB_N));
  CHECK(lg_orient_std_ok(db, nosym, DB_N, DB_N) && !lg_orient_std_ok(db, nosym, DB_N, DB_FN));
  db_destroy(db);
}

int main(void) {
  test_cases();
  test_edits();
  test_overlaps_vs_naive();
  test_orient();
  return tap_done();
}
