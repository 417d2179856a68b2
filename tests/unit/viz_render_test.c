/*
 * viz_render_test.c: pictures of a synthetic design (tests/viz/viz_design.h) read back pixel by
 * pixel.  Nothing is compared against a stored golden image: each check knows where a shape is in
 * the design and what color it must have.
 *  - size: the requested width; the die outline found by scanning the PNG spans the die's aspect
 *  - colors: macro fill at a point inside ram0 (and not at the y-mirrored point), fixed cell fill,
 *    the orientation mark in the corner FS puts the master's lower-left, cells by cluster
 *  - heatmap: the densest and an empty bin carry the color bar's two end colors (read from the
 *    PNG); viz_density against a naive bin x cell overlap loop
 *  - raster mode, frames with position overrides, arrows, flylines
 *  - SVG parses with libxml2 and holds the macro as a path of the macro color at the right place;
 *    PDF is a PDF; PNG, raster PNG and PDF (SOURCE_DATE_EPOCH) are byte-identical across runs
 *  - errors: unknown format, unwritable folder, bad layer names, bad options
 */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../viz/viz_design.h"
#include "tap.h"
#include "viz.h"

static char dir[128];

static const char *tmp(const char *name) {
  static char buf[4][512];
  static int k;
  k = (k + 1) % 4;
  snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
  return buf[k];
}

static double PX(const viz_layout_t *L, double x_um) {
  return L->plot_x + (x_um * UM - L->view.x0) * L->scale;
}
static double PY(const viz_layout_t *L, double y_um) {
  return L->plot_y + (L->view.y1 - y_um * UM) * L->scale;
}

static int render(const db_t *db, const viz_opts_t *o, const char *path) {
  ut_diag_t d;
  ut_diag_init(&d);
  int rc = viz_render(db, o, path, &d);
  if (rc) fprintf(stderr, "render %s: %s\n", path, d.first);
  return rc;
}

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *b = malloc((size_t)n + 1);
  if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
    free(b);
    b = NULL;
  }
  if (b) b[n] = 0;
  fclose(f);
  *len = (size_t)n;
  return b;
}

static int same_bytes(const char *a, const char *b) {
  size_t na, nb;
  char *x = slurp(a, &na), *y = slurp(b, &nb);
  int same = x && y && na == nb && !memcmp(x, y, na);
  free(x);
  free(y);
  return same;
}

static int dark_gray(uint32_t c) {
  int r = c >> 16 & 255, g = c >> 8 & 255, b = c & 255;
  return c <= 0xFFFFFF && abs(r - g) < 12 && abs(g - b) < 12 && r < 0xB8;
}

static void test_size_and_colors(const db_t *db) {
  viz_opts_t o;
  viz_opts_init(&o);
  o.width = 800;
  viz_layout_t L;
  CHECK(viz_layout(db, &o, &L) == 0);
  CHECK(render(db, &o, tmp("a.png")) == 0);
  vd_png_t p;
  CHECK(vd_png_open(&p, tmp("a.png")) == 0);
  if (!p.s) return;
  CHECKF(p.w == 800, "width %d", p.w);
  CHECKF(p.h == L.height, "height %d vs layout %d", p.h, L.height);
  /* find the die outline by walking out from inside the die until a dark gray pixel: along
   * y = 5 um (below the core) to the left and right edges, along x = 5 um (left of the core) to
   * the top and bottom edges.  Antialiasing may split a line over two pixels: half-dark counts. */
  int left = -1, right = -1, top = -1, bottom = -1;
  double y5 = PY(&L, 5), x5 = PX(&L, 5), xc = PX(&L, 100), yc = PY(&L, 50);
  for (int i = (int)xc; i >= 0 && left < 0; i--)
    if (dark_gray(vd_px(&p, i, y5))) left = i;
  for (int i = (int)xc; i < p.w && right < 0; i++)
    if (dark_gray(vd_px(&p, i, y5))) right = i;
  for (int j = (int)yc; j >= 0 && top < 0; j--)
    if (dark_gray(vd_px(&p, x5, j))) top = j;
  for (int j = (int)yc; j < p.h && bottom < 0; j++)
    if (dark_gray(vd_px(&p, x5, j))) bottom = j;
  double wpx = right - left, hpx = bottom - top;
  CHECKF(fabs(wpx - 200 * UM * L.scale) <= 2, "die width %g px, expected %g", wpx,
         200 * UM * L.scale);
  CHECKF(fabs(wpx / hpx - 2.0) < 0.02, "die aspect %g, expected 2 (%g x %g px)", wpx / hpx, wpx,
         hpx);
  CHECKF(fabs(left - L.plot_x) <= 1.5 && fabs(top - L.plot_y) <= 1.5, "die corner at %d,%d vs %g,%g",
         left, top, L.plot_x, L.plot_y);
  /* macro fill inside ram0 (20..50 x 60..80 um), away from its name and orientation mark */
  uint32_t m = vd_px(&p, PX(&L, 44), PY(&L, 64));
  CHECKF(vd_close(m, viz_color(VIZ_C_MACRO), 3), "ram0 pixel %06x, macro color %06x", m,
         viz_color(VIZ_C_MACRO));
  uint32_t mirror = vd_px(&p, PX(&L, 44), PY(&L, 100 - 64));
  CHECKF(!vd_close(mirror, viz_color(VIZ_C_MACRO), 30), "macro color at the y-mirrored point");
  /* ram0's halo: a dashed line 4 um above its top edge (y = 84 um), along x 20..50 um */
  int halo = 0;
  for (double xx = PX(&L, 20); xx < PX(&L, 50); xx += 1) {
    uint32_t c = vd_px(&p, xx, PY(&L, 84));
    int r = c >> 16 & 255, g = c >> 8 & 255, b = c & 255;
    halo += r > g + 40 && r > b + 60 && r < 230;
  }
  CHECKF(halo >= 10, "halo line: %d pixels", halo);
  /* the fixed cell fx0 (150..156 x 14..18 um) */
  uint32_t f = vd_px(&p, PX(&L, 153), PY(&L, 16));
  CHECKF(vd_close(f, viz_color(VIZ_C_FIXED), 3), "fx0 pixel %06x, fixed color %06x", f,
         viz_color(VIZ_C_FIXED));
  /* ram1 is FS: the master's lower-left lands at the upper-left corner, where the mark is */
  double s = L.scale * UM;
  uint32_t ul = vd_px(&p, PX(&L, 120) + 3, PY(&L, 80) + 3);
  uint32_t ll = vd_px(&p, PX(&L, 120) + 3, PY(&L, 60) - 3);
  CHECKF(vd_close(ul, viz_color(VIZ_C_MACRO_LINE), 6), "FS mark: upper-left %06x", ul);
  CHECKF(vd_close(ll, viz_color(VIZ_C_MACRO_FIXED), 3), "FS: lower-left %06x is fill", ll);
  CHECK(s > 2);
  /* a dense cell */
  uint32_t c = vd_px(&p, PX(&L, 55.5), PY(&L, 21));
  CHECKF(vd_close(c, viz_color(VIZ_C_CELL), 3), "cell pixel %06x", c);
  vd_png_close(&p);

  /* determinism: same bytes twice */
  CHECK(render(db, &o, tmp("b.png")) == 0);
  CHECK(same_bytes(tmp("a.png"), tmp("b.png")));
}

static void test_clusters_raster(const db_t *db) {
  viz_opts_t o;
  viz_opts_init(&o);
  o.width = 800;
  int32_t *cl = malloc(db->ncells * sizeof *cl);
  for (size_t i = 0; i < db->ncells; i++) cl[i] = 3;
  o.cluster = cl;
  viz_layout_t L;
  viz_layout(db, &o, &L);
  CHECK(render(db, &o, tmp("cl.png")) == 0);
  vd_png_t p;
  if (vd_png_open(&p, tmp("cl.png")) == 0) {
    uint32_t c = vd_px(&p, PX(&L, 55.5), PY(&L, 21));
    CHECKF(vd_close(c, viz_cluster_color(3), 3), "cluster pixel %06x vs %06x", c,
           viz_cluster_color(3));
    vd_png_close(&p);
  }
  free(cl);
  CHECK(viz_cluster_color(0) != viz_cluster_color(1));

  /* raster mode: full coverage gives the exact cell color; macros stay vector */
  o.cluster = NULL;
  o.raster_threshold = 0;
  viz_layout(db, &o, &L);
  CHECK(render(db, &o, tmp("r1.png")) == 0);
  CHECK(render(db, &o, tmp("r2.png")) == 0);
  CHECK(same_bytes(tmp("r1.png"), tmp("r2.png")));
  if (vd_png_open(&p, tmp("r1.png")) == 0) {
    uint32_t c = vd_px(&p, PX(&L, 55.5), PY(&L, 21));
    CHECKF(vd_close(c, viz_color(VIZ_C_CELL), 4), "raster cell pixel %06x", c);
    uint32_t m = vd_px(&p, PX(&L, 44), PY(&L, 64));
    CHECKF(vd_close(m, viz_color(VIZ_C_MACRO), 3), "raster: macro pixel %06x", m);
    /* an empty core spot stays the core color */
    uint32_t e = vd_px(&p, PX(&L, 90), PY(&L, 75));
    CHECKF(vd_close(e, viz_color(VIZ_C_CORE), 3), "raster: empty pixel %06x", e);
    vd_png_close(&p);
  }
}

/* density of every bin by brute force: each cell against each bin */
static void naive_density(const db_t *db, const double *cx, const double *cy, int nx, int ny,
                          double *out) {
  db_rect_t g = db->core;
  double bw = ((double)g.x1 - g.x0) / nx, bh = ((double)g.y1 - g.y0) / ny;
  for (int j = 0; j < ny; j++)
    for (int i = 0; i < nx; i++) {
      double bx0 = g.x0 + i * bw, by0 = g.y0 + j * bh, sum = 0;
      for (size_t c = 0; c < db->ncells; c++) {
        dbu_t w, h;
        db_cell_size(db, (int32_t)c, &w, &h);
        double x0 = db->cell_x[c], y0 = db->cell_y[c];
        if (cx && !db_cell_is_fixed(db, (int32_t)c)) {
          x0 = cx[c] - w / 2.0;
          y0 = cy[c] - h / 2.0;
        }
        double ox = fmin(x0 + w, bx0 + bw) - fmax(x0, bx0);
        double oy = fmin(y0 + h, by0 + bh) - fmax(y0, by0);
        if (ox > 0 && oy > 0) sum += ox * oy;
      }
      out[j * nx + i] = sum / (bw * bh);
    }
}

static void test_density_and_heatmap(const db_t *db) {
  enum { NX = 18, NY = 8 };
  double fast[NX * NY], slow[NX * NY];
  viz_map_t map;
  CHECK(viz_density(db, NULL, NULL, NX, NY, fast, &map) == 0);
  naive_density(db, NULL, NULL, NX, NY, slow);
  double err = 0;
  for (int k = 0; k < NX * NY; k++) err = fmax(err, fabs(fast[k] - slow[k]));
  CHECKF(err < 1e-9, "density differs from the naive loop by %g", err);
  /* with centers moved by (+13.3, -2.1) um */
  double *cx = malloc(db->ncells * sizeof *cx), *cy = malloc(db->ncells * sizeof *cy);
  for (size_t c = 0; c < db->ncells; c++) {
    dbu_t w, h;
    db_cell_size(db, (int32_t)c, &w, &h);
    cx[c] = db->cell_x[c] + w / 2.0 + 13300;
    cy[c] = db->cell_y[c] + h / 2.0 - 2100;
  }
  CHECK(viz_density(db, cx, cy, NX, NY, fast, NULL) == 0);
  naive_density(db, cx, cy, NX, NY, slow);
  err = 0;
  for (int k = 0; k < NX * NY; k++) err = fmax(err, fabs(fast[k] - slow[k]));
  CHECKF(err < 1e-9, "density with centers differs by %g", err);
  free(cx);
  free(cy);

  /* heatmap: 20 bins along the core's 180 um -> 20 x 9 bins of 9 x 8.9 um */
  viz_opts_t o;
  viz_opts_init(&o);
  o.width = 800;
  o.heatmap = VIZ_HEAT_DENSITY;
  o.density_bins = 20;
  o.heat_alpha = 1;
  viz_layout_t L;
  CHECK(viz_layout(db, &o, &L) == 0);
  CHECK(L.bar_h > 0 && L.bar_w > 0);
  CHECK(render(db, &o, tmp("heat.png")) == 0);
  int nx = 20, ny = 9;
  double v[20 * 9];
  viz_map_t hm;
  CHECK(viz_density(db, NULL, NULL, nx, ny, v, &hm) == 0);
  int kmax = 0;
  for (int k = 1; k < nx * ny; k++)
    if (v[k] > v[kmax]) kmax = k;
  CHECKF(v[kmax] >= hm.vmax, "densest bin %g below the range top %g", v[kmax], hm.vmax);
  /* an empty bin away from every outline: around (90, 75) um */
  int ie = (int)((90 * UM - hm.x0) / hm.bin_w), je = (int)((75 * UM - hm.y0) / hm.bin_h);
  CHECKF(v[je * nx + ie] == 0, "bin at (90, 75) um not empty: %g", v[je * nx + ie]);
  vd_png_t p;
  if (vd_png_open(&p, tmp("heat.png")) == 0) {
    uint32_t top = vd_px(&p, L.bar_x + L.bar_w / 2, L.bar_y + 0.5);
    uint32_t bot = vd_px(&p, L.bar_x + L.bar_w / 2, L.bar_y + L.bar_h - 0.5);
    CHECKF(vd_close(top, viz_colormap(1), 1), "bar top %06x vs %06x", top, viz_colormap(1));
    CHECKF(vd_close(bot, viz_colormap(0), 1), "bar bottom %06x vs %06x", bot, viz_colormap(0));
    int im = kmax % nx, jm = kmax / nx;
    double bx = hm.x0 + (im + 0.5) * hm.bin_w, by = hm.y0 + (jm + 0.5) * hm.bin_h;
    uint32_t hot = vd_px(&p, PX(&L, bx / UM), PY(&L, by / UM));
    CHECKF(vd_close(hot, top, 1), "densest bin %06x vs bar top %06x", hot, top);
    bx = hm.x0 + (ie + 0.5) * hm.bin_w;
    by = hm.y0 + (je + 0.5) * hm.bin_h;
    uint32_t cold = vd_px(&p, PX(&L, bx / UM), PY(&L, by / UM));
    CHECKF(vd_close(cold, bot, 1), "empty bin %06x vs bar bottom %06x", cold, bot);
    vd_png_close(&p);
  }

  /* a caller map (congestion-like) on its own grid, with NaN holes: min and max bins */
  double cv[4 * 2] = {0.2, 0.5, NAN, 1.4, 0.9, 0.7, 0.3, 0.6};
  viz_map_t cm = {"H congestion", 4, 2, 10 * UM, 10 * UM, 45 * UM, 40 * UM, cv, 0, 0};
  o.heatmap = VIZ_HEAT_MAP;
  o.map = &cm;
  CHECK(viz_layout(db, &o, &L) == 0);
  CHECK(render(db, &o, tmp("cong.png")) == 0);
  if (vd_png_open(&p, tmp("cong.png")) == 0) {
    /* bin (3,0): 1.4 = max, at x 145..190, y 10..50 um; bin (0,0): 0.2 = min */
    uint32_t hi = vd_px(&p, PX(&L, 185), PY(&L, 35)), lo = vd_px(&p, PX(&L, 30), PY(&L, 45));
    CHECKF(vd_close(hi, viz_colormap(1), 1), "map max bin %06x", hi);
    CHECKF(vd_close(lo, viz_colormap(0), 1), "map min bin %06x", lo);
    /* the NaN bin (2,0) is not painted: the core shows through */
    uint32_t hole = vd_px(&p, PX(&L, 112), PY(&L, 45));
    CHECKF(!vd_close(hole, viz_colormap(0), 10) && !vd_close(hole, viz_colormap(1), 10),
           "NaN bin painted %06x", hole);
    vd_png_close(&p);
  }
}

static void test_overrides(const db_t *db) {
  /* frames: the movable cells moved 100 um right through cx/cy */
  double *cx = malloc(db->ncells * sizeof *cx), *cy = malloc(db->ncells * sizeof *cy);
  for (size_t c = 0; c < db->ncells; c++) {
    dbu_t w, h;
    db_cell_size(db, (int32_t)c, &w, &h);
    cx[c] = db->cell_x[c] + w / 2.0 + (c < VD_NDENSE ? 100 * UM : 0);
    cy[c] = db->cell_y[c] + h / 2.0;
  }
  char fdir[512];
  snprintf(fdir, sizeof fdir, "%s/frames", dir);
  ut_diag_t d;
  ut_diag_init(&d);
  CHECK(viz_frame(db, cx, cy, 7, fdir, NULL, &d) == 0);
  viz_opts_t o;
  viz_opts_init(&o);
  o.width = 800;
  o.cx = cx;
  o.cy = cy;
  o.metrics = (const char *const[]){"iteration 7"};
  o.nmetrics = 1;
  viz_layout_t L;
  CHECK(viz_layout(db, &o, &L) == 0);
  vd_png_t p;
  char fpath[600];
  snprintf(fpath, sizeof fpath, "%s/frame_0007.png", fdir);
  if (vd_png_open(&p, fpath) == 0) {
    CHECKF(p.w == 800 && p.h == L.height, "frame size %d x %d", p.w, p.h);
    uint32_t moved = vd_px(&p, PX(&L, 165.5), PY(&L, 25));
    uint32_t old = vd_px(&p, PX(&L, 65.5), PY(&L, 25));
    CHECKF(vd_close(moved, viz_color(VIZ_C_CELL), 3), "moved cell pixel %06x", moved);
    CHECKF(!vd_close(old, viz_color(VIZ_C_CELL), 30), "old place still has a cell %06x", old);
    vd_png_close(&p);
  } else {
    CHECKF(0, "no frame %s", fpath);
  }
  free(cx);
  free(cy);

  /* arrows: "far" came from 60 um to its left */
  double *px = malloc(db->ncells * sizeof *px), *py = malloc(db->ncells * sizeof *py);
  for (size_t c = 0; c < db->ncells; c++) px[c] = py[c] = NAN;
  int32_t far = db_find_cell(db, "far", 3);
  px[far] = (180 + 1.5 - 60) * UM;
  py[far] = (80 + 1) * UM;
  viz_opts_init(&o);
  o.width = 800;
  o.prev_x = px;
  o.prev_y = py;
  viz_layout(db, &o, &L);
  CHECK(render(db, &o, tmp("arrows.png")) == 0);
  if (vd_png_open(&p, tmp("arrows.png")) == 0) {
    int hits = 0;
    double mx = PX(&L, 151.5), my = PY(&L, 81);
    for (int dy = -1; dy <= 1; dy++) {
      uint32_t c = vd_px(&p, mx, my + dy);
      int r = c >> 16 & 255, g = c >> 8 & 255, b = c & 255;
      hits += r - g > 60 && r - b > 100;
    }
    CHECKF(hits > 0, "no arrow pixel at the displacement's midpoint");
    vd_png_close(&p);
  }
  /* subsampling: all 100 dense cells moved up 6 um; 5 arrows draw fewer arrow pixels than 100 */
  for (int c = 0; c < VD_NDENSE; c++) {
    dbu_t w, h;
    db_cell_size(db, c, &w, &h);
    px[c] = db->cell_x[c] + w / 2.0;
    py[c] = db->cell_y[c] + h / 2.0 - 6 * UM;
  }
  long count[2] = {0, 0};
  for (int k = 0; k < 2; k++) {
    o.max_arrows = k == 0 ? 5 : 1000;
    CHECK(render(db, &o, tmp("sub.png")) == 0);
    if (vd_png_open(&p, tmp("sub.png")) == 0) {
      /* only around the dense block (x 38..72, y 2..32 um): the macro fill is orange too */
      for (int yy = (int)PY(&L, 32); yy < PY(&L, 2); yy++)
        for (int xx = (int)PX(&L, 38); xx < PX(&L, 72); xx++) {
          uint32_t c = vd_px(&p, xx, yy);
          int r = c >> 16 & 255, g = c >> 8 & 255, b = c & 255;
          count[k] += r - g > 60 && r - b > 100;
        }
      vd_png_close(&p);
    }
  }
  CHECKF(count[0] > 0 && count[0] * 5 < count[1], "arrow pixels: %ld with 5 arrows, %ld with all",
         count[0], count[1]);
  free(px);
  free(py);

  /* flylines: net "long" from c0 (41.5, 11) to far (181.5, 81): a dot at the star center */
  viz_opts_init(&o);
  o.width = 800;
  o.flyline_nets = (const char *const[]){"long", "no_such_net"};
  o.nflyline_nets = 2;
  viz_layout(db, &o, &L);
  ut_diag_init(&d);
  d.quiet = 1;
  CHECK(viz_render(db, &o, tmp("fly.png"), &d) == 0);
  CHECK(d.nwarnings == 1);
  if (vd_png_open(&p, tmp("fly.png")) == 0) {
    uint32_t c = vd_px(&p, PX(&L, 111.5), PY(&L, 46));
    int r = c >> 16 & 255, g = c >> 8 & 255;
    CHECKF(r > 150 && g < 120, "flyline center %06x", c);
    vd_png_close(&p);
  }
}

/* bounding box of the coordinates in an SVG path's d attribute ("M x y L x y ... Z") */
static void path_bbox(const char *d, double *b) {
  b[0] = b[1] = INFINITY;
  b[2] = b[3] = -INFINITY;
  int k = 0;
  while (*d) {
    if ((*d >= '0' && *d <= '9') || *d == '-' || *d == '.') {
      char *end;
      double v = strtod(d, &end);
      if (k % 2 == 0) b[0] = fmin(b[0], v), b[2] = fmax(b[2], v);
      else b[1] = fmin(b[1], v), b[3] = fmax(b[3], v);
      k++;
      d = end;
    } else {
      d++;
    }
  }
}

static int fill_is(const char *style, uint32_t rgb) {
  const char *f = strstr(style, "fill:rgb(");
  if (!f) return 0;
  double c[3];
  if (sscanf(f, "fill:rgb(%lf%%,%lf%%,%lf%%)", &c[0], &c[1], &c[2]) != 3) return 0;
  for (int k = 0; k < 3; k++) {
    double want = (rgb >> (16 - 8 * k) & 255) / 2.55;
    if (fabs(c[k] - want) > 0.05) return 0;
  }
  return 1;
}

static void walk(xmlNodePtr n, int *npaths, int *nmacro, const double *want) {
  for (; n; n = n->next) {
    if (n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, "path")) {
      (*npaths)++;
      xmlChar *st = xmlGetProp(n, (const xmlChar *)"style");
      xmlChar *d = xmlGetProp(n, (const xmlChar *)"d");
      if (st && d && fill_is((const char *)st, viz_color(VIZ_C_MACRO))) {
        double b[4];
        path_bbox((const char *)d, b);
        if (fabs(b[0] - want[0]) < 0.05 && fabs(b[1] - want[1]) < 0.05 &&
            fabs(b[2] - want[2]) < 0.05 && fabs(b[3] - want[3]) < 0.05)
          (*nmacro)++;
      }
      xmlFree(st);
      xmlFree(d);
    }
    walk(n->children, npaths, nmacro, want);
  }
}

static void test_svg_pdf(const db_t *db) {
  viz_opts_t o;
  viz_opts_init(&o);
  o.width = 800;
  viz_layout_t L;
  viz_layout(db, &o, &L);
  CHECK(render(db, &o, tmp("a.svg")) == 0);
  xmlDocPtr doc = xmlReadFile(tmp("a.svg"), NULL, XML_PARSE_NONET);
  CHECKF(doc != NULL, "SVG does not parse");
  if (doc) {
    xmlNodePtr root = xmlDocGetRootElement(doc);
    CHECK(root && !strcmp((const char *)root->name, "svg"));
    int npaths = 0, nmacro = 0;
    double want[4] = {PX(&L, 20), PY(&L, 80), PX(&L, 50), PY(&L, 60)};
    walk(root, &npaths, &nmacro, want);
    /* at least: die, core, rows, blockage, cells (one path per color), macros, pins, text */
    CHECKF(npaths >= 10, "only %d paths", npaths);
    CHECKF(nmacro == 1, "%d paths with ram0's color and box", nmacro);
    xmlFreeDoc(doc);
  }
  setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
  CHECK(render(db, &o, tmp("a.pdf")) == 0);
  CHECK(render(db, &o, tmp("b.pdf")) == 0);
  size_t n;
  char *pdf = slurp(tmp("a.pdf"), &n);
  CHECK(pdf && n > 3000 && !memcmp(pdf, "%PDF-", 5));
  CHECK(pdf && n > 3000 && strstr(pdf + n - 64, "%%EOF"));
  free(pdf);
  CHECK(same_bytes(tmp("a.pdf"), tmp("b.pdf")));
  unsetenv("SOURCE_DATE_EPOCH");
  /* uppercase extensions work too */
  CHECK(render(db, &o, tmp("UP.PNG")) == 0);
}

static void quiet_sink(void *ctx, int is_error, const char *msg) {
  (void)ctx;
  (void)is_error;
  (void)msg;
}

static void test_errors(const db_t *db) {
  ut_diag_t d;
  ut_diag_init(&d);
  d.sink = quiet_sink;   /* expected errors: keep only d.first */
  viz_opts_t o;
  viz_opts_init(&o);
  CHECK(viz_render(db, &o, tmp("x.jpg"), &d) == UT_EINVAL);
  CHECK(strstr(d.first, "unknown image format") != NULL);
  ut_diag_init(&d);
  d.sink = quiet_sink;
  CHECK(viz_render(db, &o, "/nonexistent_dir_viz/x.png", &d) == UT_EIO);
  CHECK(strstr(d.first, "cannot create a temporary file") != NULL);
  o.width = 10;
  ut_diag_init(&d);
  d.sink = quiet_sink;
  CHECK(viz_render(db, &o, tmp("w.png"), &d) == UT_EINVAL);
  CHECK(access(tmp("w.png"), F_OK) != 0);
  viz_opts_init(&o);
  o.heatmap = VIZ_HEAT_MAP;   /* no map */
  ut_diag_init(&d);
  d.sink = quiet_sink;
  CHECK(viz_render(db, &o, tmp("m.png"), &d) == UT_EINVAL);

  unsigned ly = 0;
  CHECK(viz_layers_parse("die,macros", &ly, NULL) == 0 && ly == (VIZ_L_DIE | VIZ_L_MACROS));
  CHECK(viz_layers_parse("-rows,-pins", &ly, NULL) == 0 &&
        ly == (VIZ_L_DEFAULT & ~(unsigned)(VIZ_L_ROWS | VIZ_L_PINS)));
  CHECK(viz_layers_parse("none,+cells", &ly, NULL) == 0 && ly == VIZ_L_CELLS);
  ut_diag_init(&d);
  d.sink = quiet_sink;
  CHECK(viz_layers_parse("die,bogus", &ly, &d) == UT_EINVAL && strstr(d.first, "'bogus'"));
  /* no temporary files left behind by any of the above */
  int left = 0;
  char cmd[600];
  snprintf(cmd, sizeof cmd, "ls '%s' | grep -q '\\.tmp\\.'", dir);
  left = system(cmd) == 0;
  CHECK(!left);
}

int main(void) {
  snprintf(dir, sizeof dir, "%s/viz_render_test.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
  if (!mkdtemp(dir)) return 1;
  ut_log_set_level(UT_LOG_WARN);
  db_t *db = vd_build();
  CHECK(db != NULL);
  if (!db) return tap_done();
  test_size_and_colors(db);
  test_clusters_raster(db);
  test_density_and_heatmap(db);
  test_overrides(db);
  test_svg_pdf(db);
  test_errors(db);
  db_destroy(db);
  char cmd[400];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (getenv("VIZ_TEST_KEEP") || tap_fail) fprintf(stderr, "pictures kept in %s\n", dir);
  else if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
  cairo_debug_reset_static_data();
  xmlCleanupParser();
  return tap_done();
}
