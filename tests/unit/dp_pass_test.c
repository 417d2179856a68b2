/* dp_pass_test.c: every detailed placement pass on the hand-made designs of tests/dp/ (mixed
 * widths and a master without SYMMETRY Y; a fence, an untyped region, a blockage, a fixed macro
 * with a halo, a movable macro and double-row cells; a dense design), after lg_run:
 *  - each pass alone, then all of them: HPWL never increases, the reported HPWL is db_hpwl, the
 *    placement passes lg_check, and components detailed placement must not move (fixed ones,
 *    macros, double-row cells) stay where they are;
 *  - all passes gain on every design;
 *  - displacement limits: measured from the input DEF (lg_check's rule; legalization within the
 *    same limits first) and from caller-given positions (here the legalized ones, 1 um in x and
 *    no row change);
 *  - determinism: two runs give byte-identical placements;
 *  - a design whose rows overlap is left alone (tests/dp/dp_rows_overlap.def);
 *  - bad options are refused. */
#include <stdlib.h>
#include <string.h>

#include "def.h"
#include "lef.h"
#include "place/dp.h"
#include "place/lg_check.h"
#include "place/lg_legalize.h"
#include "tap.h"

static db_t *load2(const char *lef, const char *def) {
  ut_diag_t d;
  ut_diag_init(&d);
  d.quiet = 1;
  db_t *db = NULL;
  if (db_create(&db)) return NULL;
  if (lef_read(db, lef, &d) || def_read(db, def, &d)) {
    fprintf(stderr, "cannot read %s: %s\n", def, d.first);
    db_destroy(db);
    return NULL;
  }
  return db;
}

typedef struct snap_t {
  dbu_t *x, *y;
  uint8_t *o;
} snap_t;

static void snap_take(const db_t *db, snap_t *s) {
  size_t n = db->ncells;
  s->x = malloc(n * sizeof *s->x);
  s->y = malloc(n * sizeof *s->y);
  s->o = malloc(n);
  memcpy(s->x, db->cell_x, n * sizeof *s->x);
  memcpy(s->y, db->cell_y, n * sizeof *s->y);
  memcpy(s->o, db->cell_orient, n);
}

static void snap_put(db_t *db, const snap_t *s) {
  for (size_t c = 0; c < db->ncells; c++)
    db_cell_set_place(db, (int32_t)c, s->x[c], s->y[c], s->o[c], db->cell_status[c]);
}

static void snap_free(snap_t *s) {
  free(s->x);
  free(s->y);
  free(s->o);
}

static int legal(const db_t *db, dbu_t mdx, dbu_t mdy, const char *what) {
  lg_check_opts_t co;
  lg_check_opts_default(&co);
  co.max_disp_x = mdx;
  co.max_disp_y = mdy;
  lg_check_report_t *rep = malloc(sizeof *rep);
  lg_check(db, &co, rep);
  int64_t total = rep->total;
  if (total) {
    char buf[512];
    for (int k = 0; k < LG_CHK_NERR; k++)
      if (rep->nshown[k]) {
        lg_check_describe(db, rep, k, 0, buf, sizeof buf);
        fprintf(stderr, "  %s: %s (%lld): %s\n", what, lg_check_kind_name(k),
                (long long)rep->count[k], buf);
      }
  }
  free(rep);
  return total == 0;
}

/* Components other than single-row standard cells keep their place. */
static int others_kept(const db_t *db, const snap_t *s) {
  for (size_t c = 0; c < db->ncells; c++) {
    int32_t m = db->cell_master[c];
    int single = db->master_class[m] == DB_CLASS_CORE && db->master_h[m] == 2000;
    if (single && !db_cell_is_fixed(db, (int32_t)c)) continue;
    if (db->cell_x[c] != s->x[c] || db->cell_y[c] != s->y[c] || db->cell_orient[c] != s->o[c])
      return 0;
  }
  return 1;
}

static void one_design(const char *def, dbu_t mdx, dbu_t mdy) {
  char path[512];
  snprintf(path, sizeof path, "tests/dp/%s", def);
  db_t *db = load2("tests/dp/dp.lef", path);
  CHECKF(db != NULL, "%s", def);
  if (!db) return;
  ut_diag_t diag;
  ut_diag_init(&diag);
  diag.quiet = 1;
  CHECKF(lg_run(db, NULL, NULL, &diag) == 0, "%s: lg_run: %s", def, diag.first);
  CHECKF(legal(db, 0, 0, def), "%s: legalized input not legal", def);
  snap_t lg;
  snap_take(db, &lg);
  int64_t h_lg = db_hpwl(db);
  double u = db->dbu;

  /* each pass alone, then all */
  for (int p = 0; p <= DP_NPASSES; p++) {
    snap_put(db, &lg);
    dp_opts_t o;
    dp_opts_default(&o);
    o.verbose = 0;
    if (p < DP_NPASSES) {
      memset(o.pass, 0, sizeof o.pass);
      o.pass[p] = 1;
    }
    dp_stats_t st;
    const char *name = p < DP_NPASSES ? dp_pass_name(p) : "all";
    int rc = dp_run(db, &o, &st, &diag);
    CHECKF(rc == 0, "%s %s: dp_run %d", def, name, rc);
    int64_t h = db_hpwl(db);
    CHECKF(st.hpwl_before == h_lg, "%s %s: hpwl_before", def, name);
    CHECKF(h == st.hpwl_after, "%s %s: db_hpwl %lld, reported %lld", def, name, (long long)h,
           (long long)st.hpwl_after);
    CHECKF(h <= h_lg, "%s %s: HPWL went up %lld -> %lld", def, name, (long long)h_lg, (long long)h);
    CHECKF(legal(db, 0, 0, name), "%s %s: not legal", def, name);
    CHECKF(others_kept(db, &lg), "%s %s: moved a fixed component, macro or double-row cell", def,
           name);
    int64_t sum = 0;
    for (int k = 0; k < DP_NPASSES; k++) {
      CHECK(st.gain[k] >= 0);
      sum += st.gain[k];
    }
    CHECKF(sum == h_lg - h, "%s %s: pass gains %lld, HPWL change %lld", def, name,
           (long long)sum, (long long)(h_lg - h));
    if (p == DP_NPASSES) {
      CHECKF(h < h_lg, "%s: detailed placement gained nothing", def);
      printf("%-14s hpwl %.1f -> %.1f um (%.2f%%), %zu cells, %d rounds\n", def, h_lg / u, h / u,
             100.0 * (double)(h_lg - h) / (double)h_lg, st.ncells, st.rounds);
    } else {
      printf("  %-8s gain %8.1f um, %lld moves\n", name, (h_lg - h) / u, (long long)st.moves[p]);
    }
  }

  /* determinism */
  snap_t a;
  snap_take(db, &a);
  snap_put(db, &lg);
  dp_opts_t o;
  dp_opts_default(&o);
  o.verbose = 0;
  CHECK(dp_run(db, &o, NULL, &diag) == 0);
  CHECKF(!memcmp(a.x, db->cell_x, db->ncells * sizeof *a.x) &&
             !memcmp(a.y, db->cell_y, db->ncells * sizeof *a.y) &&
             !memcmp(a.o, db->cell_orient, db->ncells),
         "%s: two runs differ", def);
  snap_free(&a);

  /* limits from caller-given positions: 1 um in x, no row change */
  snap_put(db, &lg);
  o.max_disp_x = 1000;
  o.max_disp_y = 1;
  o.orig_x = lg.x;
  o.orig_y = lg.y;
  CHECK(dp_run(db, &o, NULL, &diag) == 0);
  int far = 0;
  for (size_t c = 0; c < db->ncells; c++)
    far += abs(db->cell_x[c] - lg.x[c]) > 1000 || db->cell_y[c] != lg.y[c];
  CHECKF(far == 0, "%s: %d cells beyond 1 um / same row", def, far);
  CHECK(legal(db, 0, 0, "limits"));
  CHECKF(db_hpwl(db) <= h_lg, "%s: limited run went up", def);
  snap_free(&lg);
  db_destroy(db);

  /* limits from the input DEF, as lg_check measures them: legalize and place within them */
  db = load2("tests/dp/dp.lef", path);
  if (!db) return;
  lg_opts_t lo;
  lg_opts_default(&lo);
  lo.max_disp_x = mdx;
  lo.max_disp_y = mdy;
  ut_diag_init(&diag);
  diag.quiet = 1;
  int rc = lg_run(db, &lo, NULL, &diag);
  CHECKF(rc == 0, "%s: lg_run within %d x %d dbu: %s", def, mdx, mdy, diag.first);
  if (rc == 0) {
    int64_t h0 = db_hpwl(db);
    dp_opts_default(&o);
    o.verbose = 0;
    o.max_disp_x = mdx;
    o.max_disp_y = mdy;
    CHECK(dp_run(db, &o, NULL, &diag) == 0);
    CHECKF(legal(db, mdx, mdy, "input limits"), "%s: displacement limits broken", def);
    CHECK(db_hpwl(db) <= h0);
  }
  db_destroy(db);
}

int main(void) {
  one_design("dp_mixed.def", 12000, 8000);
  one_design("dp_fence.def", 20000, 20000);   /* region members start anywhere */
  one_design("dp_dense.def", 12000, 8000);

  /* overlapping rows: left alone, with a warning */
  db_t *ov = load2("tests/dp/dp.lef", "tests/dp/dp_rows_overlap.def");
  CHECK(ov != NULL);
  if (ov) {
    ut_diag_t diag;
    ut_diag_init(&diag);
    diag.quiet = 1;
    snap_t s0;
    snap_take(ov, &s0);
    dp_stats_t st;
    CHECK(dp_run(ov, NULL, &st, &diag) == 0);
    CHECK(diag.nwarnings == 1 && st.ncells == 0 && st.hpwl_after == st.hpwl_before);
    CHECK(!memcmp(s0.x, ov->cell_x, ov->ncells * sizeof *s0.x) &&
          !memcmp(s0.y, ov->cell_y, ov->ncells * sizeof *s0.y));
    snap_free(&s0);
    db_destroy(ov);
  }

  /* bad options */
  db_t *db = load2("tests/dp/dp.lef", "tests/dp/dp_dense.def");
  CHECK(db != NULL);
  if (db) {
    ut_diag_t diag;
    ut_diag_init(&diag);
    diag.quiet = 1;
    dp_opts_t o;
    dp_opts_default(&o);
    o.window = 7;
    CHECK(dp_run(db, &o, NULL, &diag) == UT_EINVAL);
    CHECK(diag.nerrors == 1 && strstr(diag.first, "window"));
    dp_opts_default(&o);
    o.ism_size = 1;
    CHECK(dp_run(db, &o, NULL, &diag) == UT_EINVAL);
    db_destroy(db);
  }
  return tap_done();
}
