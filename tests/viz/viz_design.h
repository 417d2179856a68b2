/*
 * viz_design.h: a small synthetic design for the rendering tests, built with db_add_* so every
 * position is known, plus PNG pixel helpers.  Units: 1000 DBU/um.
 *
 *   die 200 x 100 um, core (rows) 10..190 x 10..90 um, site 0.2 x 2 um
 *   ram0  movable macro 30 x 20 um at (20, 60), N, halo 4 um all round   (upper left)
 *   ram1  FIXED macro   30 x 20 um at (120, 60), FS        (orientation mark at its upper left)
 *   fx0   FIXED 6 x 4 um standard cell at (150, 14)
 *   a dense block of 3 x 2 um cells: 10 rows x 10 cells abutting at x 40..70, y 10..30
 *   10 more cells stacked at (44, 12) (density > 1 there), cell "far" at (180, 80)
 *   fence f1 (100, 10)-(140, 40); placement blockage (150, 40)-(180, 55); 4 IO pins
 *   net "long": c0 (the first dense cell) -> far; net n_k: dense cell k -> k+1
 */
#ifndef PLACE_TEST_VIZ_DESIGN_H
#define PLACE_TEST_VIZ_DESIGN_H

#include <cairo.h>
#include <stdio.h>
#include <string.h>

#include "netlist/db.h"
#include "util/strmap.h"

#define UM 1000
enum { VD_NDENSE = 100, VD_NSTACK = 10 };

static inline int32_t vd_master(db_t *db, const char *name, int cls, int32_t site, double w,
                                double h) {
  int32_t m = db_add_master(db, name, strlen(name));
  db->master_class[m] = (uint8_t)cls;
  db->master_site[m] = site;
  db->master_w_um[m] = w;
  db->master_h_um[m] = h;
  int32_t p = db_add_mpin(db, m, "A", 1);
  db->mpin_x_um[p] = 0.5 * w;
  db->mpin_y_um[p] = 0.5 * h;
  return m;
}

static inline int32_t vd_cell(db_t *db, const char *name, int32_t m, double x_um, double y_um,
                              int orient, int status) {
  int32_t c = db_add_cell(db, name, strlen(name), m);
  db_cell_set_place(db, c, (dbu_t)(x_um * UM), (dbu_t)(y_um * UM), orient, status);
  return c;
}

static inline db_t *vd_build(void) {
  db_t *db;
  if (db_create(&db)) return NULL;
  int32_t site = db_add_site(db, "core", 4);
  db->site_w_um[site] = 0.2;
  db->site_h_um[site] = 2.0;
  int32_t std = vd_master(db, "STD", DB_CLASS_CORE, site, 3.0, 2.0);
  int32_t fix = vd_master(db, "FIX", DB_CLASS_CORE, site, 6.0, 4.0);
  int32_t ram = vd_master(db, "RAM", DB_CLASS_BLOCK, -1, 30.0, 20.0);
  db_lib_bind_units(db, UM);
  uint32_t off;
  ut_pool_add(&db->names, "vizdemo", 7, &off);
  db->design_name = off;
  db->has_design = 1;
  db->die = (db_rect_t){0, 0, 200 * UM, 100 * UM};
  char name[32];
  for (int r = 0; r < 40; r++) {
    snprintf(name, sizeof name, "row%d", r);
    int32_t i = db_add_row(db, name, strlen(name));
    db->row_site[i] = site;
    db->row_x[i] = 10 * UM;
    db->row_y[i] = (10 + 2 * r) * UM;
    db->row_nx[i] = 900;
    db->row_sx[i] = 200;
  }
  for (int k = 0; k < VD_NDENSE; k++) {
    snprintf(name, sizeof name, "c%d", k);
    vd_cell(db, name, std, 40 + 3 * (k % 10), 10 + 2 * (k / 10), DB_N, DB_PLACED);
  }
  for (int k = 0; k < VD_NSTACK; k++) {
    snprintf(name, sizeof name, "s%d", k);
    vd_cell(db, name, std, 44, 12, DB_N, DB_PLACED);
  }
  int32_t far = vd_cell(db, "far", std, 180, 80, DB_N, DB_PLACED);
  vd_cell(db, "ram0", ram, 20, 60, DB_N, DB_PLACED);
  vd_cell(db, "ram1", ram, 120, 60, DB_FS, DB_FIXED);
  vd_cell(db, "fx0", fix, 150, 14, DB_N, DB_FIXED);
  int32_t rg = db_add_region(db, "f1", 2);
  db->region_type[rg] = DB_REGION_FENCE;
  db_add_region_rect(db, (db_rect_t){100 * UM, 10 * UM, 140 * UM, 40 * UM});
  db_add_blockage(db, DB_BLK_PLACEMENT);
  db_add_blockage_rect(db, (db_rect_t){150 * UM, 40 * UM, 180 * UM, 55 * UM});
  static const double io[4][2] = {{0, 30}, {200, 30}, {60, 0}, {60, 100}};
  for (int k = 0; k < 4; k++) {
    snprintf(name, sizeof name, "p%d", k);
    int32_t i = db_add_io(db, name, strlen(name));
    db->io_status[i] = DB_FIXED;
    db->io_x[i] = (dbu_t)(io[k][0] * UM);
    db->io_y[i] = (dbu_t)(io[k][1] * UM);
    db->io_shape[i] = (db_rect_t){-100, -100, 100, 100};
  }
  int32_t pa = db->master_pin_start[std];
  db_add_net(db, "long", 4);
  db_add_pin(db, 0, pa);
  db_add_pin(db, far, pa);
  for (int k = 0; k + 1 < VD_NDENSE; k++) {
    snprintf(name, sizeof name, "n%d", k);
    db_add_net(db, name, strlen(name));
    db_add_pin(db, k, pa);
    db_add_pin(db, k + 1, pa);
  }
  if (db_finish(db)) {
    db_destroy(db);
    return NULL;
  }
  /* the DEF reader allocates halos on the first + HALO; do the same */
  db->cell_halo = ut_calloc(4 * db->ncells, sizeof *db->cell_halo);
  int32_t r0 = db_find_cell(db, "ram0", 4);
  if (!db->cell_halo || r0 < 0) {
    db_destroy(db);
    return NULL;
  }
  for (int k = 0; k < 4; k++) db->cell_halo[4 * r0 + k] = 4 * UM;
  db->cell_flags[r0] |= DB_CF_HALO;
  return db;
}

/* ---- PNG pixels ---- */

typedef struct vd_png_t {
  cairo_surface_t *s;
  int w, h, stride;
  const unsigned char *data;
} vd_png_t;

static inline int vd_png_open(vd_png_t *p, const char *path) {
  p->s = cairo_image_surface_create_from_png(path);
  if (cairo_surface_status(p->s)) {
    cairo_surface_destroy(p->s);
    p->s = NULL;
    return -1;
  }
  cairo_surface_flush(p->s);
  p->w = cairo_image_surface_get_width(p->s);
  p->h = cairo_image_surface_get_height(p->s);
  p->stride = cairo_image_surface_get_stride(p->s);
  p->data = cairo_image_surface_get_data(p->s);
  return 0;
}

static inline void vd_png_close(vd_png_t *p) {
  if (p->s) cairo_surface_destroy(p->s);
  p->s = NULL;
}

/* 0xRRGGBB at (x, y) (opaque images: alpha ignored); 0xFFFFFFFF outside */
static inline uint32_t vd_px(const vd_png_t *p, double x, double y) {
  int ix = (int)x, iy = (int)y;
  if (ix < 0 || iy < 0 || ix >= p->w || iy >= p->h) return 0xFFFFFFFFu;
  uint32_t v = *(const uint32_t *)(const void *)(p->data + (size_t)iy * (size_t)p->stride +
                                                 4 * (size_t)ix);
  return v & 0xFFFFFF;
}

static inline int vd_close(uint32_t a, uint32_t b, int tol) {
  if (a > 0xFFFFFF || b > 0xFFFFFF) return 0;
  for (int sh = 0; sh <= 16; sh += 8) {
    int d = (int)(a >> sh & 255) - (int)(b >> sh & 255);
    if (d < -tol || d > tol) return 0;
  }
  return 1;
}

#endif
