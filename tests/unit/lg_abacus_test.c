/* lg_abacus_test.c: standard-cell legalization (lg_run, Abacus and multi-row cells).
 *  - worked cases: a legal placement stays put; two cells on one target split evenly about it;
 *    a pile at a row end is clamped; a fence keeps its members; a displacement limit and a full
 *    row give errors naming the cells;
 *  - random designs (rows, taps, blockages, a fence, macros, single- and double-row cells, up to
 *    ~75% utilization): every result is legal under lg_check, and a second run gives the same
 *    placement. */
#include <stdlib.h>
#include <string.h>

#include "def.h"
#include "lef.h"
#include "place/lg_check.h"
#include "place/lg_legalize.h"
#include "tap.h"

static db_t *load_text(const char *text) {
  ut_diag_t d;
  ut_diag_init(&d);
  d.quiet = 1;
  db_t *db;
  if (db_create(&db)) return NULL;
  size_t n = strlen(text);
  char *buf = ut_malloc(n + 1);
  memcpy(buf, text, n + 1);
  if (lef_read(db, "tests/place/lg.lef", &d) || def_read_buffer(db, buf, n, "mem.def", &d)) {
    fprintf(stderr, "cannot read: %s\n", d.first);
    db_destroy(db);
    return NULL;
  }
  return db;
}

static db_t *load_file(const char *def) {
  ut_diag_t d;
  ut_diag_init(&d);
  d.quiet = 1;
  db_t *db;
  if (db_create(&db)) return NULL;
  if (lef_read(db, "tests/place/lg.lef", &d) || def_read(db, def, &d)) {
    db_destroy(db);
    return NULL;
  }
  return db;
}

static int64_t legal_errors(const db_t *db) {
  lg_check_report_t rep;
  lg_check(db, NULL, &rep);
  if (rep.total) {
    char buf[512];
    for (int k = 0; k < LG_CHK_NERR; k++)
      for (int i = 0; i < rep.nshown[k] && i < 3; i++) {
        lg_check_describe(db, &rep, k, i, buf, sizeof buf);
        fprintf(stderr, "    %s: %s\n", lg_check_kind_name(k), buf);
      }
  }
  return rep.total;
}

#define HEAD                                                                                    \
  "VERSION 5.8 ;\nDIVIDERCHAR \"/\" ;\nBUSBITCHARS \"[]\" ;\nDESIGN t ;\n"                     \
  "UNITS DISTANCE MICRONS 1000 ;\nDIEAREA ( 0 0 ) ( 24000 24000 ) ;\n"

static void no_sink(void *ctx, int is_error, const char *msg) {
  (void)ctx;
  (void)is_error;
  (void)msg;
}

static int32_t cell(const db_t *db, const char *name) { return db_find_cell(db, name, strlen(name)); }

static void test_worked(void) {
  lg_opts_t o;
  lg_opts_default(&o);
  o.flip = 0;
  lg_stats_t st;
  ut_diag_t d;

  /* a legal placement: nothing moves */
  db_t *db = load_file("tests/place/chk_legal.def");
  CHECK(db != NULL);
  if (db) {
    dbu_t *x = malloc(db->ncells * sizeof *x), *y = malloc(db->ncells * sizeof *y);
    memcpy(x, db->cell_x, db->ncells * sizeof *x);
    memcpy(y, db->cell_y, db->ncells * sizeof *y);
    ut_diag_init(&d);
    CHECK(lg_run(db, &o, &st, &d) == 0);
    CHECK(!memcmp(x, db->cell_x, db->ncells * sizeof *x) && !memcmp(y, db->cell_y, db->ncells * sizeof *y));
    CHECK(st.disp_max_um == 0 && st.hpwl_after == st.hpwl_before);
    CHECK(legal_errors(db) == 0);
    free(x);
    free(y);
    db_destroy(db);
  }

  /* one row: a and b aim at x = 10; widths 0.4 and equal weights put the cluster at 9.8: a at
   * 9.8, b at 10.2.  c, d, e pile at the row start: 2.0, 2.4, 2.8. */
  db = load_text(HEAD "ROW R0 core 2000 2000 N DO 100 BY 1 STEP 200 0 ;\n"
                      "COMPONENTS 5 ;\n- a INV + PLACED ( 10000 2000 ) N ;\n"
                      "- b INV + PLACED ( 10000 2000 ) N ;\n- c INV + PLACED ( 0 2000 ) N ;\n"
                      "- d INV + PLACED ( 0 2000 ) N ;\n- e INV + PLACED ( 0 2500 ) N ;\n"
                      "END COMPONENTS\nEND DESIGN\n");
  CHECK(db != NULL);
  if (db) {
    ut_diag_init(&d);
    CHECK(lg_run(db, &o, &st, &d) == 0);
    CHECK(db->cell_x[cell(db, "a")] == 9800 && db->cell_x[cell(db, "b")] == 10200);
    CHECK(db->cell_x[cell(db, "c")] == 2000 && db->cell_x[cell(db, "d")] == 2400 &&
          db->cell_x[cell(db, "e")] == 2800);
    CHECK(legal_errors(db) == 0);
    db_destroy(db);
  }

  /* a fence: its member aims outside and lands on the fence's nearest site; the non-member aims
   * inside and lands just outside */
  db = load_text(HEAD "ROW R0 core 2000 2000 N DO 100 BY 1 STEP 200 0 ;\n"
                      "ROW R1 core 2000 4000 FS DO 100 BY 1 STEP 200 0 ;\n"
                      "COMPONENTS 2 ;\n- in INV + PLACED ( 2000 2000 ) N ;\n"
                      "- out INV + PLACED ( 10000 2000 ) N ;\nEND COMPONENTS\n"
                      "REGIONS 1 ;\n- f ( 8000 2000 ) ( 12100 6000 ) + TYPE FENCE ;\nEND REGIONS\n"
                      "GROUPS 1 ;\n- g in + REGION f ;\nEND GROUPS\nEND DESIGN\n");
  CHECK(db != NULL);
  if (db) {
    ut_diag_init(&d);
    CHECK(lg_run(db, &o, &st, &d) == 0);
    CHECK(db->cell_x[cell(db, "in")] == 8000 && db->cell_y[cell(db, "in")] == 2000);
    CHECK(db->cell_x[cell(db, "out")] == 12200 || db->cell_x[cell(db, "out")] == 7600);
    CHECK(legal_errors(db) == 0);
    db_destroy(db);
  }

  /* a displacement limit that cannot be met, and a row that is too full: errors name cells */
  db = load_text(HEAD "ROW R0 core 2000 2000 N DO 10 BY 1 STEP 200 0 ;\n"
                      "ROW R1 core 2000 4000 FS DO 10 BY 1 STEP 200 0 ;\n"
                      "COMPONENTS 4 ;\n- p INV + PLACED ( 2400 2000 ) N ;\n"
                      "- q INV + PLACED ( 2400 2000 ) N ;\n- r INV + PLACED ( 2400 2000 ) N ;\n"
                      "- s INV + PLACED ( 2400 2000 ) N ;\nEND COMPONENTS\nEND DESIGN\n");
  CHECK(db != NULL);
  if (db) {
    lg_opts_t lim = o;
    lim.max_disp_x = 400;
    lim.max_disp_y = 1000;
    ut_diag_init(&d);
    d.sink = no_sink;
    int rc = lg_run(db, &lim, &st, &d);
    CHECK(rc == UT_EINVAL && d.nerrors >= 1);
    CHECKF(strstr(d.first, "max displacement") && strstr(d.first, "INV"), "%s", d.first);
    db_destroy(db);
  }
  {
    char text[8192];
    int n = snprintf(text, sizeof text, HEAD "ROW R0 core 2000 2000 N DO 10 BY 1 STEP 200 0 ;\n"
                                             "COMPONENTS 6 ;\n");
    for (int i = 0; i < 6; i++)
      n += snprintf(text + n, sizeof text - (size_t)n, "- u%d INV + PLACED ( 2000 2000 ) N ;\n", i);
    snprintf(text + n, sizeof text - (size_t)n, "END COMPONENTS\nEND DESIGN\n");
    db = load_text(text);
    CHECK(db != NULL);
    if (db) {
      ut_diag_init(&d);
      d.sink = no_sink;
      int rc = lg_run(db, &o, &st, &d);
      CHECK(rc == UT_EINVAL && d.nerrors == 1 && st.nfailed == 1);
      CHECKF(strstr(d.first, "cannot legalize cell u5") != NULL, "%s", d.first);
      db_destroy(db);
    }
  }
}

/* empty designs and designs without rows */
static void test_degenerate(void) {
  lg_stats_t st;
  ut_diag_t d;
  lg_check_report_t rep;
  db_t *db = load_text(HEAD "ROW R0 core 2000 2000 N DO 10 BY 1 STEP 200 0 ;\nEND DESIGN\n");
  CHECK(db != NULL);
  if (db) {
    ut_diag_init(&d);
    CHECK(lg_run(db, NULL, &st, &d) == 0 && st.ncells == 0 && st.nmacros == 0);
    CHECK(lg_check(db, NULL, &rep) == 0 && rep.total == 0 && rep.ncells == 0);
    db_destroy(db);
  }
  db = load_text(HEAD "COMPONENTS 1 ;\n- t TAP + FIXED ( 0 0 ) N ;\nEND COMPONENTS\nEND DESIGN\n");
  CHECK(db != NULL);
  if (db) {
    ut_diag_init(&d);
    CHECK(lg_run(db, NULL, &st, &d) == 0);   /* nothing to move */
    CHECK(lg_check(db, NULL, &rep) == 0 && rep.total == 0);
    db_destroy(db);
  }
  db = load_text(HEAD "COMPONENTS 1 ;\n- a INV + PLACED ( 0 0 ) N ;\nEND COMPONENTS\nEND DESIGN\n");
  CHECK(db != NULL);
  if (db) {
    ut_diag_init(&d);
    d.sink = no_sink;
    CHECK(lg_run(db, NULL, &st, &d) == UT_EINVAL);
    CHECKF(strstr(d.first, "no usable ROWs") != NULL, "%s", d.first);
    db_destroy(db);
  }
}

/* ---- random designs ---- */

static uint64_t rng(uint64_t *s) {
  *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
  return *s >> 33;
}

static char *random_design(uint64_t seed, int *ncells) {
  uint64_t s = seed;
  size_t cap = 1 << 20, n = 0;
  char *t = malloc(cap);
  int nrow = 12 + (int)(rng(&s) % 10), nsite = 150 + (int)(rng(&s) % 150);
  int w = 2000 + nsite * 200 + 2000, h = 2000 + nrow * 2000 + 2000;
  n += (size_t)snprintf(t + n, cap - n,
                        "VERSION 5.8 ;\nDIVIDERCHAR \"/\" ;\nBUSBITCHARS \"[]\" ;\nDESIGN r ;\n"
                        "UNITS DISTANCE MICRONS 1000 ;\nDIEAREA ( 0 0 ) ( %d %d ) ;\n", w, h);
  for (int r = 0; r < nrow; r++)
    n += (size_t)snprintf(t + n, cap - n, "ROW R%d core 2000 %d %s DO %d BY 1 STEP 200 0 ;\n", r,
                          2000 + 2000 * r, r % 2 ? "FS" : "N", nsite);
  /* components: taps every 60 sites on every row (staggered), 2 macros (one fixed), cells to ~utilization */
  double util = 0.45 + 0.30 * (double)(rng(&s) % 1000) / 1000.0;
  int ntap = 0;
  for (int r = 0; r < nrow; r++)
    for (int k = 10 + r % 2 * 30; k < nsite; k += 60) ntap++;
  int64_t free_sites = (int64_t)nrow * nsite - ntap - 20 * 3 - 15 * 2 - 20 * 3 - 40 * 4;
  int64_t budget = (int64_t)(util * (double)free_sites);
  /* cell list first, to know the count */
  int nc = 0;
  static char comps[1 << 19];
  size_t cn = 0;
  for (int r = 0; r < nrow; r++)
    for (int k = 10 + r % 2 * 30; k < nsite; k += 60)
      cn += (size_t)snprintf(comps + cn, sizeof comps - cn, "- t%d_%d TAP + FIXED ( %d %d ) %s ;\n",
                             r, k, 2000 + 200 * k, 2000 + 2000 * r, r % 2 ? "FS" : "N");
  int mx = 2000 + 200 * (int)(rng(&s) % (uint64_t)(nsite - 30)), my = 2000 + 2000 * (int)(rng(&s) % (uint64_t)(nrow - 4));
  cn += (size_t)snprintf(comps + cn, sizeof comps - cn, "- fm BLKN + FIXED ( %d %d ) N ;\n", mx, my);
  cn += (size_t)snprintf(comps + cn, sizeof comps - cn, "- mm BLK + PLACED ( %d %d ) N ;\n", mx + 1000, my + 1000);
  static const char *const M[] = {"INV", "NAND", "NOSYM", "INV", "NAND", "DFF2"};
  static const int W[] = {2, 3, 2, 2, 3, 4};
  static char pin[1 << 16];
  while (budget > 0 && nc < (int)sizeof pin) {
    int k = (int)(rng(&s) % 6);
    pin[nc] = k == 5 ? 'D' : 'A';
    budget -= W[k] * (k == 5 ? 2 : 1);
    int x = (int)(rng(&s) % (uint64_t)(w + 4000)) - 2000, y = (int)(rng(&s) % (uint64_t)(h + 2000)) - 1000;
    cn += (size_t)snprintf(comps + cn, sizeof comps - cn, "- c%d %s + PLACED ( %d %d ) N ;\n", nc,
                           M[k], x, y);
    nc++;
  }
  n += (size_t)snprintf(t + n, cap - n, "COMPONENTS %d ;\n%sEND COMPONENTS\n", nc + ntap + 2, comps);
  int bx = 2000 + 200 * (int)(rng(&s) % (uint64_t)(nsite - 20)), by = 2000 + 2000 * (int)(rng(&s) % (uint64_t)(nrow - 3));
  n += (size_t)snprintf(t + n, cap - n,
                        "BLOCKAGES 2 ;\n- PLACEMENT RECT ( %d %d ) ( %d %d ) ;\n"
                        "- PLACEMENT + SOFT RECT ( %d %d ) ( %d %d ) ;\nEND BLOCKAGES\n",
                        bx, by, bx + 3000 + 77, by + 5000, 2000, 2000, 6000, 6000);
  /* a fence holding the first 10 cells, 40 sites x 4 rows, in the upper right */
  int fx = 2000 + 200 * (nsite - 45), fy = 2000 + 2000 * (nrow - 4);
  n += (size_t)snprintf(t + n, cap - n, "REGIONS 1 ;\n- fz ( %d %d ) ( %d %d ) + TYPE FENCE ;\nEND REGIONS\n",
                        fx, fy, fx + 8000, fy + 8000);
  n += (size_t)snprintf(t + n, cap - n, "GROUPS 1 ;\n- gz");
  for (int i = 0; i < 10 && i < nc; i++) n += (size_t)snprintf(t + n, cap - n, " c%d", i);
  n += (size_t)snprintf(t + n, cap - n, " + REGION fz ;\nEND GROUPS\n");
  /* nets: chains of 2-4 cells */
  n += (size_t)snprintf(t + n, cap - n, "NETS %d ;\n", nc);
  for (int i = 0; i < nc; i++) {
    int k = (int)(rng(&s) % 3) + 2;
    n += (size_t)snprintf(t + n, cap - n, "- n%d", i);
    for (int j = 0; j < k; j++) {
      int c = (i + j * 7) % nc;
      n += (size_t)snprintf(t + n, cap - n, " ( c%d %c )", c, pin[c]);
    }
    n += (size_t)snprintf(t + n, cap - n, " ;\n");
  }
  n += (size_t)snprintf(t + n, cap - n, "END NETS\nEND DESIGN\n");
  *ncells = nc;
  return t;
}

static void test_random(void) {
  int nlegal = 0, ntry = 0;
  for (uint64_t seed = 1; seed <= 40; seed++) {
    int nc;
    char *text = random_design(seed, &nc);
    db_t *db = load_text(text);
    CHECKF(db != NULL, "seed %llu: design not readable", (unsigned long long)seed);
    if (!db) {
      free(text);
      continue;
    }
    lg_opts_t o;
    lg_opts_default(&o);
    lg_stats_t st;
    ut_diag_t d;
    ut_diag_init(&d);
    d.quiet = 1;
    int rc = lg_run(db, &o, &st, &d);
    ntry++;
    CHECKF(rc == 0, "seed %llu (%d cells): lg_run %d: %s", (unsigned long long)seed, nc, rc, d.first);
    int64_t bad = legal_errors(db);
    CHECKF(bad == 0, "seed %llu: %lld violations", (unsigned long long)seed, (long long)bad);
    nlegal += rc == 0 && bad == 0;
    /* determinism */
    db_t *db2 = load_text(text);
    if (db2) {
      ut_diag_init(&d);
      d.quiet = 1;
      lg_run(db2, &o, NULL, &d);
      CHECKF(!memcmp(db->cell_x, db2->cell_x, db->ncells * sizeof *db->cell_x) &&
                 !memcmp(db->cell_y, db2->cell_y, db->ncells * sizeof *db->cell_y) &&
                 !memcmp(db->cell_orient, db2->cell_orient, db->ncells),
             "seed %llu: runs differ", (unsigned long long)seed);
      db_destroy(db2);
    }
    db_destroy(db);
    free(text);
  }
  printf("random designs: %d of %d legal\n", nlegal, ntry);
}

int main(void) {
  test_worked();
  test_degenerate();
  test_random();
  return tap_done();
}
