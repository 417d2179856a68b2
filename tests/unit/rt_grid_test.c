/*
 * rt_grid_test.c: the routing capacity model on a hand-made LEF/DEF (tests/route/rt_grid.*) whose
 * capacities are worked out by hand below:
 *  - 20 x 20 um die, GCELLGRID 4 x 4 GCells of 5 um;
 *  - M1 (H) and M2 (V): DEF TRACKS at 0.2 um -> 25 per GCell row/column;
 *  - M3 (H): no DEF TRACKS, LEF pitch 0.4 offset 0.2 -> y = 0.2, 0.6, ..., 19.8: 12, 13, 12, 13;
 *  - M4 (V): DEF TRACKS X 250 DO 40 STEP 500 -> 10 per column;
 *  - a DEF layer blockage on M2 over x in [0, 1] um: tracks closer than width/2 + spacing =
 *    0.15 um -> x = 0.1 .. 1.1, 6 tracks, fully blocked along every vertical edge of column 0;
 *  - block b1 (N at 10, 10): M3 OBS (10..14, 10..11) blocks M3 tracks y in (9.7, 11.3): one in
 *    row 1, three in row 2, over x in [10, 14] -> 0.5 of edge 1 ([7.5, 12.5]) and 0.3 of edge 2;
 *    M4 OBS (13..14, 10..12) blocks 4 M4 tracks of column 2 over 0.4 of vertical edge 1;
 *  - block b2 (E at 4, 16): M3 OBS becomes (4..5, 16..20): 11 M3 tracks of row 3 over 0.2 of edge
 *    0; M4 OBS becomes (4..6, 16..17): 3 tracks in column 0 and 3 in column 1, 0.2 of edge 2;
 *  - b3 is unplaced and blocks nothing.
 * Also: the automatic grid (15 tracks of the most common pitch, rounded to rows, aligned to the
 * core, slivers merged), layer options, rt_grid_col/row, per-GCell capacities, bad options.
 */
#include <math.h>
#include <string.h>

#include "def.h"
#include "lef.h"
#include "route/rt_grid.h"
#include "tap.h"
#include "util/ut.h"

static db_t *load(void) {
  db_t *db;
  ut_diag_t d;
  ut_diag_init(&d);
  d.quiet = 1;
  if (db_create(&db)) return NULL;
  if (lef_read(db, "tests/route/rt_grid.lef", &d) || def_read(db, "tests/route/rt_grid.def", &d)) {
    fprintf(stderr, "%s\n", d.first);
    db_destroy(db);
    return NULL;
  }
  return db;
}

static int near(double a, double b) { return fabs(a - b) < 1e-9; }

int main(void) {
  db_t *db = load();
  CHECK(db != NULL);
  if (!db) return tap_done();
  ut_log_set_level(UT_LOG_WARN);

  rt_grid_opts_t o;
  rt_grid_opts_default(&o);
  rt_grid_t *g = NULL;
  CHECK(rt_grid_create(&g, db, &o) == 0);
  if (!g) return tap_done();
  CHECK(g->from_def == 1 && g->nx == 4 && g->ny == 4);
  for (int k = 0; k <= 4; k++) CHECK(g->xs[k] == 5000 * k && g->ys[k] == 5000 * k);
  CHECK(g->nlayers == 4);
  CHECK(g->layer_dir[0] == DB_DIR_HORIZONTAL && g->layer_dir[1] == DB_DIR_VERTICAL &&
        g->layer_dir[2] == DB_DIR_HORIZONTAL && g->layer_dir[3] == DB_DIR_VERTICAL);
  CHECK(!g->layer_used[0] && g->layer_used[1] && g->layer_used[2] && g->layer_used[3]);
  CHECK(g->layer_def_tracks[0] && g->layer_def_tracks[1] && !g->layer_def_tracks[2] &&
        g->layer_def_tracks[3]);
  CHECK(g->layer_pitch[0] == 200 && g->layer_pitch[1] == 200 && g->layer_pitch[2] == 400 &&
        g->layer_pitch[3] == 500);
  CHECK(g->layer_ntracks[0] == 100 && g->layer_ntracks[1] == 100 && g->layer_ntracks[2] == 50 &&
        g->layer_ntracks[3] == 40);
  CHECK(g->nedges_h == 12 && g->nedges_v == 12);

  /* per-layer raw capacities: M1 25 per row x 12 H edges; M3 (12+13+12+13) * 3 */
  CHECK(near(g->layer_cap_raw[0], 300) && near(g->layer_cap_raw[1], 300));
  CHECK(near(g->layer_cap_raw[2], 150) && near(g->layer_cap_raw[3], 120));

  static const double exp_h[12] = {12, 12, 12,           /* row 0 */
                                   13, 12.5, 12.7,       /* row 1: b1 M3, one track */
                                   12, 10.5, 11.1,       /* row 2: b1 M3, three tracks */
                                   10.8, 13, 13};        /* row 3: b2 M3, 11 tracks x 0.2 */
  static const double exp_v[12] = {29, 35, 35, 35,       /* edges j=0: M2 blockage, column 0 */
                                   29, 35, 33.4, 35,     /* j=1: b1 M4, 4 tracks x 0.4 */
                                   28.4, 34.4, 35, 35};  /* j=2: b2 M4, 3 tracks x 0.2 each */
  int bad = 0;
  for (int e = 0; e < 12; e++) {
    if (!near(g->cap_h[e], exp_h[e])) {
      bad++;
      fprintf(stderr, "cap_h[%d] = %.4f, expected %.4f\n", e, g->cap_h[e], exp_h[e]);
    }
    if (!near(g->cap_v[e], exp_v[e])) {
      bad++;
      fprintf(stderr, "cap_v[%d] = %.4f, expected %.4f\n", e, g->cap_v[e], exp_v[e]);
    }
  }
  CHECKF(bad == 0, "%d capacities differ", bad);
  /* per-layer sums after blockages */
  CHECK(near(g->layer_cap[1], 300 - 18));                    /* M2: 6 tracks x 3 edges */
  CHECK(near(g->layer_cap[2], 150 - (0.5 + 0.3) - 3 * (0.5 + 0.3) - 11 * 0.2));
  CHECK(near(g->layer_cap[3], 120 - 4 * 0.4 - 6 * 0.2));
  /* M1 is not used, but cell OBS (none on M1) leave it whole */
  CHECK(near(g->layer_cap[0], 300));

  /* per-GCell capacities: means of the incident edges */
  double ch[16], cv[16];
  rt_grid_gcell_capacity(g, ch, cv);
  CHECK(near(ch[0], 12) && near(ch[1 * 4 + 1], (13 + 12.5) / 2) && near(ch[3 * 4 + 3], 13));
  CHECK(near(cv[0], 29) && near(cv[1 * 4 + 0], 29) && near(cv[3 * 4 + 0], 28.4));

  /* lookups */
  CHECK(rt_grid_col(g, -5) == 0 && rt_grid_col(g, 0) == 0 && rt_grid_col(g, 4999) == 0 &&
        rt_grid_col(g, 5000) == 1 && rt_grid_col(g, 20000) == 3 && rt_grid_col(g, 99999) == 3);
  CHECK(rt_grid_row(g, 14999) == 2 && rt_grid_row(g, 15000) == 3);
  CHECK(rt_grid_cx2(g, 1) == 15000);
  rt_grid_destroy(g);

  /* layer options: metal1 counted, no obstructions, capacity scale */
  o.min_layer = 1;
  o.cell_obs = 0;
  o.blockages = 0;
  o.cap_scale = 0.5;
  CHECK(rt_grid_create(&g, db, &o) == 0);
  if (g) {
    CHECK(near(g->cap_h[0], 0.5 * (25 + 12)) && near(g->cap_h[3 * 3], 0.5 * (25 + 13)));
    CHECK(near(g->cap_v[0], 0.5 * 35) && near(g->cap_v[11], 0.5 * 35));
    CHECK(near(g->layer_cap[1], g->layer_cap_raw[1]));
    rt_grid_destroy(g);
  }
  o.min_layer = 3;
  o.max_layer = 3;
  o.cap_scale = 1;
  CHECK(rt_grid_create(&g, db, &o) == 0);
  if (g) {
    CHECK(near(g->cap_h[0], 12) && near(g->cap_v[0], 0));
    rt_grid_destroy(g);
  }

  /* automatic grid: pitches 0.2/0.4/0.5 -> 15 x 0.2 = 3 um -> 2 rows = 4 um, aligned to the core
   * (1, 2); the 1 um sliver at the left merges, 3 um at the right and 2 um at the bottom stay */
  rt_grid_opts_default(&o);
  o.use_def_gcells = 0;
  o.cell_obs = 0;   /* raw track counts below */
  CHECK(rt_grid_create(&g, db, &o) == 0);
  if (g) {
    static const dbu_t ex[] = {0, 5000, 9000, 13000, 17000, 20000};
    static const dbu_t ey[] = {0, 2000, 6000, 10000, 14000, 18000, 20000};
    CHECK(g->from_def == 0 && g->nx == 5 && g->ny == 6);
    if (g->nx == 5 && g->ny == 6) {
      for (int k = 0; k <= 5; k++) CHECK(g->xs[k] == ex[k]);
      for (int k = 0; k <= 6; k++) CHECK(g->ys[k] == ey[k]);
      /* M3 tracks over all rows still number 50 (rows of 2, 4, 4, 4, 4, 2 um: 5+10+10+10+10+5) */
      int tot = 0;
      for (int j = 0; j < g->ny; j++) {
        double row = g->lcap[g->layer_cap_start[2] + (int64_t)j * (g->nx - 1) + 0];
        tot += (int)lround(row);
        CHECK(lround(row) == (g->ys[j + 1] - g->ys[j]) / 400);
      }
      CHECK(tot == 50);
    }
    rt_grid_destroy(g);
  }
  o.gcell_size = 2500;   /* forced size: 8 x 8 */
  CHECK(rt_grid_create(&g, db, &o) == 0);
  if (g) {
    CHECK(g->nx == 8 && g->ny == 8);
    rt_grid_destroy(g);
  }

  /* bad options */
  rt_grid_opts_default(&o);
  o.min_layer = 0;
  CHECK(rt_grid_create(&g, db, &o) == UT_EINVAL && g == NULL);
  rt_grid_opts_default(&o);
  o.cap_scale = 0;
  CHECK(rt_grid_create(&g, db, &o) == UT_EINVAL);
  rt_grid_destroy(NULL);
  db_destroy(db);
  return tap_done();
}
