/*
 * viz_bench.c: how long pictures take.  Builds a synthetic 1M-cell design in the database (rows of
 * standard cells at ~70% utilization with tap-cell columns, a few macros, IO pins on the edges and
 * ~1M short nets) and times viz_render (PNG at two widths, density heatmap, arrows, SVG, PDF),
 * viz_frame, and the vector path forced on the same design; then times the largest shared designs.
 *
 * usage: viz_bench [--cells N] [--out DIR] [--shared DIR]   (defaults 1000000, ./viz_bench_out,
 *        $PLACE_BENCH or ../shared/benchmarks).  Results are meant for docs/bench_viz.md.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "def.h"
#include "lef.h"
#include "netlist/db.h"
#include "util/strmap.h"
#include "util/ut.h"
#include "viz.h"

/* splitmix64: a fixed, portable stream so the design is the same on every run */
static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint64_t rng_next(void) {
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}
static double rng_unit(void) { return (double)(rng_next() >> 11) / 9007199254740992.0; }

static int add_master(db_t *db, const char *name, int cls, const char *sub, int32_t site, double w,
                      double h) {
  int32_t m = db_add_master(db, name, strlen(name));
  if (m < 0) return m;
  db->master_class[m] = (uint8_t)cls;
  db->master_site[m] = site;
  db->master_w_um[m] = w;
  db->master_h_um[m] = h;
  if (sub) {
    uint32_t off;
    if (ut_pool_add(&db->names, sub, strlen(sub), &off)) return UT_ENOMEM;
    db->master_subclass[m] = off;
  }
  /* two pins: A on the left, Z on the right */
  int32_t p = db_add_mpin(db, m, "A", 1);
  if (p < 0) return p;
  db->mpin_x_um[p] = 0.25 * w;
  db->mpin_y_um[p] = 0.5 * h;
  p = db_add_mpin(db, m, "Z", 1);
  if (p < 0) return p;
  db->mpin_x_um[p] = 0.75 * w;
  db->mpin_y_um[p] = 0.5 * h;
  return m;
}

/* A design of about `ncells` standard cells.  Units: 1000 DBU/um, site 0.2 x 2 um. */
static db_t *synth(size_t ncells) {
  db_t *db;
  if (db_create(&db)) return NULL;
  int32_t site = db_add_site(db, "core", 4);
  db->site_w_um[site] = 0.2;
  db->site_h_um[site] = 2.0;
  db->site_w[site] = 200;
  db->site_h[site] = 2000;
  static const double widths[] = {0.4, 0.6, 0.8, 1.0, 1.4, 3.0};
  int32_t std[6];
  char name[64];
  for (int k = 0; k < 6; k++) {
    snprintf(name, sizeof name, "STD%d", k);
    std[k] = add_master(db, name, DB_CLASS_CORE, NULL, site, widths[k], 2.0);
  }
  int32_t tap = add_master(db, "TAP", DB_CLASS_CORE, "WELLTAP", site, 0.2, 2.0);
  int32_t ram = add_master(db, "RAM", DB_CLASS_BLOCK, NULL, -1, 120.0, 90.0);
  if (tap < 0 || ram < 0 || db_lib_bind_units(db, 1000)) goto fail;
  uint32_t off;
  if (ut_pool_add(&db->names, "synth", 5, &off)) goto fail;
  db->design_name = off;
  db->has_design = 1;
  /* core side from the area: mean width 1.2 um + 0.12 um of gaps, 2 um rows, ~80% of the core
   * filled row by row (the macros take the rest) */
  double area = (double)ncells * 1.32 * 2.0 / 0.97;
  int nrows = (int)ceil(sqrt(area) / 2.0);
  int nsites = (int)ceil(sqrt(area) / 0.2);
  dbu_t margin = 20000, core_w = nsites * 200, core_h = nrows * 2000;
  db->die = (db_rect_t){0, 0, core_w + 2 * margin, core_h + 2 * margin};
  for (int r = 0; r < nrows; r++) {
    snprintf(name, sizeof name, "ROW_%d", r);
    int32_t i = db_add_row(db, name, strlen(name));
    if (i < 0) goto fail;
    db->row_site[i] = site;
    db->row_x[i] = margin;
    db->row_y[i] = margin + r * 2000;
    db->row_orient[i] = (uint8_t)(r % 2 ? DB_FS : DB_N);
    db->row_nx[i] = nsites;
    db->row_sx[i] = 200;
  }
  /* four macros in the upper half, placed and fixed */
  for (int k = 0; k < 4; k++) {
    snprintf(name, sizeof name, "u_mem/ram%d", k);
    int32_t c = db_add_cell(db, name, strlen(name), ram);
    if (c < 0) goto fail;
    db_cell_set_place(db, c, margin + (k + 1) * core_w / 5 - 60000, margin + core_h * 7 / 10, DB_N,
                      DB_FIXED);
  }
  size_t made = 0;
  for (int r = 0; r < nrows && made < ncells; r++) {
    dbu_t y = margin + r * 2000;
    int32_t s = 0;
    while (s < nsites && made < ncells) {
      int is_tap = s % 250 == 0;
      int32_t m = is_tap ? tap : std[rng_next() % 6];
      int32_t w = db->master_w[m] / 200;
      if (s + w > nsites) break;
      dbu_t x = margin + s * 200;
      /* skip the macros' footprints */
      int blocked = 0;
      for (int k = 0; k < 4 && !blocked; k++) {
        dbu_t mx = margin + (k + 1) * core_w / 5 - 60000, my = margin + core_h * 7 / 10;
        blocked = x + w * 200 > mx && x < mx + 120000 && y + 2000 > my && y < my + 90000;
      }
      if (!blocked) {
        snprintf(name, sizeof name, "%s%zu", is_tap ? "tap" : "c", made);
        int32_t c = db_add_cell(db, name, strlen(name), m);
        if (c < 0) goto fail;
        db_cell_set_place(db, c, x, y, r % 2 ? DB_FS : DB_N, is_tap ? DB_FIXED : DB_PLACED);
        made++;
      }
      s += w + (rng_unit() < 0.3 ? 1 + (int32_t)(rng_next() % 3) : 0);
    }
  }
  /* IO pins around the die */
  for (int k = 0; k < 400; k++) {
    snprintf(name, sizeof name, "io%d", k);
    int32_t io = db_add_io(db, name, strlen(name));
    if (io < 0) goto fail;
    double f = (k % 100 + 0.5) / 100;
    dbu_t W = db->die.x1, H = db->die.y1;
    db->io_status[io] = DB_PLACED;
    db->io_x[io] = k < 100 ? (dbu_t)(f * W) : k < 200 ? W : k < 300 ? (dbu_t)(f * W) : 0;
    db->io_y[io] = k < 100 ? 0 : k < 200 ? (dbu_t)(f * H) : k < 300 ? H : (dbu_t)(f * H);
    db->io_shape[io] = (db_rect_t){-100, -100, 100, 100};
  }
  /* nets: cell i drives 1-3 cells among the next few hundred (local nets), plus IO nets */
  size_t nc = db->ncells;
  for (size_t i = 4; i < nc; i++) {
    snprintf(name, sizeof name, "n%zu", i);
    if (db_add_net(db, name, strlen(name)) < 0) goto fail;
    if (db_add_pin(db, (int32_t)i, db->master_pin_start[db->cell_master[i]] + 1) < 0) goto fail;
    int fan = 1 + (int)(rng_next() % 3);
    for (int k = 0; k < fan; k++) {
      size_t j = i + 1 + rng_next() % 400;
      if (j >= nc) j = 4 + rng_next() % (nc - 4);
      if (db_add_pin(db, (int32_t)j, db->master_pin_start[db->cell_master[j]]) < 0) goto fail;
    }
  }
  for (int k = 0; k < 400; k++) {
    snprintf(name, sizeof name, "ionet%d", k);
    if (db_add_net(db, name, strlen(name)) < 0) goto fail;
    if (db_add_pin(db, -1, k) < 0) goto fail;
    size_t j = 4 + rng_next() % (nc - 4);
    if (db_add_pin(db, (int32_t)j, db->master_pin_start[db->cell_master[j]]) < 0) goto fail;
  }
  if (db_finish(db)) goto fail;
  return db;
fail:
  db_destroy(db);
  return NULL;
}

static double time_render(const db_t *db, const viz_opts_t *o, const char *path, int reps) {
  double best = INFINITY;
  for (int r = 0; r < reps; r++) {
    ut_diag_t d;
    ut_diag_init(&d);
    double t0 = ut_seconds();
    if (viz_render(db, o, path, &d)) {
      fprintf(stderr, "viz_bench: render %s failed: %s\n", path, d.first);
      return NAN;
    }
    double t = ut_seconds() - t0;
    if (t < best) best = t;
  }
  return best;
}

static long file_kb(const char *path) {
  struct stat st;
  return stat(path, &st) ? -1 : (long)((st.st_size + 1023) / 1024);
}

static void row(const char *what, const char *path, double s) {
  printf("| %s | %.3f | %ld |\n", what, s, file_kb(path));
}

typedef struct shared_t {
  const char *def;
  const char *lefs[3];
} shared_t;

static const shared_t SHARED[] = {
  {"openroad_dpl/ibex_core/ibex_core_replace.def", {"tech/nangate45/Nangate45.lef"}},
  {"openroad_misc/RocketTile_ng45/tinyRocket.def",
   {"tech/nangate45/Nangate45.lef", "tech/nangate45/fakeram45_64x32.lef"}},
  {"openroad_misc/aes_cipher_top_asap7/aes_place.def",
   {"tech/asap7/asap7_tech_1x_201209.lef", "tech/asap7/asap7sc7p5t_28_R_1x_220121a.lef"}},
  {"openroad_dpl/aes_cipher_top/aes_cipher_top_replace.def", {"tech/nangate45/Nangate45.lef"}},
  {"ibm_lefdef/ibm01/ibm01_initial.def", {"ibm_lefdef/ibm01/ibm01.lef"}},
};

int main(int argc, char **argv) {
  size_t ncells = 1000000;
  const char *out = "viz_bench_out";
  const char *shared = getenv("PLACE_BENCH") ? getenv("PLACE_BENCH") : "../shared/benchmarks";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--cells")) ncells = strtoul(argv[i + 1], NULL, 10);
    else if (!strcmp(argv[i], "--out")) out = argv[i + 1];
    else if (!strcmp(argv[i], "--shared")) shared = argv[i + 1];
  }
  mkdir(out, 0755);
  ut_log_set_level(UT_LOG_WARN);
  char path[1024];
  double t0 = ut_seconds();
  db_t *db = synth(ncells);
  if (!db) {
    fprintf(stderr, "viz_bench: could not build the synthetic design\n");
    return 1;
  }
  printf("synthetic design: %zu cells, %zu nets, %zu pins, built in %.2f s\n\n", db->ncells,
         db->nnets, db->npins, ut_seconds() - t0);
  printf("| picture (synthetic %zu cells) | seconds (best of 3) | file KiB |\n|---|---|---|\n",
         db->ncells);
  viz_opts_t o;
  viz_opts_init(&o);
  snprintf(path, sizeof path, "%s/synth_1200.png", out);
  row("PNG 1200 px, raster", path, time_render(db, &o, path, 3));
  o.width = 2400;
  snprintf(path, sizeof path, "%s/synth_2400.png", out);
  row("PNG 2400 px, raster", path, time_render(db, &o, path, 3));
  o.width = 1200;
  o.heatmap = VIZ_HEAT_DENSITY;
  snprintf(path, sizeof path, "%s/synth_density.png", out);
  row("PNG 1200 px, raster + density heatmap", path, time_render(db, &o, path, 3));
  o.heatmap = VIZ_HEAT_NONE;
  /* arrows from a jittered "global placement" */
  double *px = malloc(db->ncells * sizeof *px), *py = malloc(db->ncells * sizeof *py);
  double *cx = malloc(db->ncells * sizeof *cx), *cy = malloc(db->ncells * sizeof *cy);
  if (!px || !py || !cx || !cy) return 1;
  for (size_t i = 0; i < db->ncells; i++) {
    dbu_t w, h;
    db_cell_size(db, (int32_t)i, &w, &h);
    cx[i] = db->cell_x[i] + 0.5 * w;
    cy[i] = db->cell_y[i] + 0.5 * h;
    px[i] = cx[i] + (rng_unit() - 0.5) * 20000;
    py[i] = cy[i] + (rng_unit() - 0.5) * 20000;
  }
  o.prev_x = px;
  o.prev_y = py;
  snprintf(path, sizeof path, "%s/synth_arrows.png", out);
  row("PNG 1200 px, raster + 4000 arrows", path, time_render(db, &o, path, 3));
  o.prev_x = o.prev_y = NULL;
  snprintf(path, sizeof path, "%s/synth.svg", out);
  row("SVG 1200, raster embedded", path, time_render(db, &o, path, 1));
  snprintf(path, sizeof path, "%s/synth.pdf", out);
  row("PDF 1200, raster embedded", path, time_render(db, &o, path, 1));
  o.raster_threshold = (size_t)-1;
  snprintf(path, sizeof path, "%s/synth_vector.png", out);
  row("PNG 1200 px, vector forced (one rectangle per cell)", path, time_render(db, &o, path, 1));
  o.raster_threshold = 200000;
  /* frames: the placer's view */
  snprintf(path, sizeof path, "%s/frames", out);
  double best = INFINITY;
  for (int it = 1; it <= 3; it++) {
    ut_diag_t d;
    ut_diag_init(&d);
    double t1 = ut_seconds();
    if (viz_frame(db, cx, cy, it, path, NULL, &d)) return 1;
    best = fmin(best, ut_seconds() - t1);
  }
  char fpath[1200];
  snprintf(fpath, sizeof fpath, "%s/frame_0001.png", path);
  row("viz_frame (800 px, centers from arrays)", fpath, best);
  free(px);
  free(py);
  free(cx);
  free(cy);
  db_destroy(db);
  printf("\npeak RSS after the synthetic runs: %ld MiB\n", ut_peak_rss_kb() / 1024);

  printf("\n| shared design | cells | load s | render PNG 1200 s | with density s | file KiB |\n"
         "|---|---|---|---|---|---|\n");
  for (size_t k = 0; k < sizeof SHARED / sizeof SHARED[0]; k++) {
    char def[1024], lefs[3][1024];
    snprintf(def, sizeof def, "%s/%s", shared, SHARED[k].def);
    db_t *d2;
    if (db_create(&d2)) return 1;
    ut_diag_t d;
    ut_diag_init(&d);
    d.quiet = 1;
    double t1 = ut_seconds();
    int rc = 0;
    for (int l = 0; l < 3 && SHARED[k].lefs[l] && !rc; l++) {
      snprintf(lefs[l], sizeof lefs[l], "%s/%s", shared, SHARED[k].lefs[l]);
      rc = lef_read(d2, lefs[l], &d);
    }
    if (!rc) rc = def_read(d2, def, &d);
    double tl = ut_seconds() - t1;
    if (rc) {
      printf("| %s | (not loaded: %s) | | | | |\n", SHARED[k].def, d.first);
      db_destroy(d2);
      continue;
    }
    const char *base = strrchr(SHARED[k].def, '/') + 1;
    snprintf(path, sizeof path, "%s/%.*s.png", out, (int)(strlen(base) - 4), base);
    viz_opts_init(&o);
    double tr = time_render(d2, &o, path, 3);
    long kb = file_kb(path);
    o.heatmap = VIZ_HEAT_DENSITY;
    snprintf(path, sizeof path, "%s/%.*s_density.png", out, (int)(strlen(base) - 4), base);
    double th = time_render(d2, &o, path, 3);
    printf("| %s | %zu | %.2f | %.3f | %.3f | %ld |\n", SHARED[k].def, d2->ncells, tl, tr, th, kb);
    db_destroy(d2);
  }
  return 0;
}
