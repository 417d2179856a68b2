/*
 * db.c: construction, lookup and geometry of the design database (see db.h for the layout).
 *
 * Every table is a set of parallel arrays sharing one capacity; adding a row grows all of them
 * together (doubling), so construction is amortized O(1) and the memory is a handful of bytes per
 * field.  Orientation handling follows DEF: a component's location is the lower-left corner of its
 * oriented bounding box, so an offset (dx, dy) inside a w x h master maps, e.g. for W (rotate 90
 * counter-clockwise), to (h - dy, dx).  IO pin shapes rotate about the pin's placement point instead.
 */
#include "netlist/db.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int grow1(void *pp, size_t n, size_t el) {
  void **p = pp;
  void *q = ut_realloc(*p, n * el);
  if (!q) return -1;
  *p = q;
  return 0;
}
#define G(field) do { if (grow1(&db->field, nc, sizeof *db->field)) return UT_ENOMEM; } while (0)

/* Growth by 1.5x keeps the slack of a table at most half its size; db_finish() then trims every
 * table to its exact size. */
static size_t next_cap(size_t cap, size_t need) {
  size_t nc = cap ? cap : 16;
  while (nc < need) nc += nc / 2;
  return nc;
}

/* Trim an array to n elements (never fails: a failed shrink keeps the larger block). */
static void trim(void *pp, size_t n, size_t el) {
  void **p = pp;
  if (!*p) return;
  void *q = ut_realloc(*p, (n ? n : 1) * el);
  if (q) *p = q;
}
#define T(field, n) trim(&db->field, (n), sizeof *db->field)

static void trim_tables(db_t *db) {
  size_t c = db->ncells, n = db->nnets, p = db->npins, i = db->nios;
  T(cell_name, c); T(cell_master, c); T(cell_x, c); T(cell_y, c); T(cell_orient, c);
  T(cell_status, c); T(cell_flags, c); T(cell_region, c); T(cell_weight, c);
  T(cell_span_off, c); T(cell_span_len, c); T(cell_orig_status, c); T(cell_orig_orient, c);
  T(cell_orig_x, c); T(cell_orig_y, c);
  if (db->cell_halo) T(cell_halo, 4 * c);
  db->cap_cells = c;
  T(net_name, n); T(net_use, n); T(net_weight, n); T(net_pin_start, n + 1);
  db->cap_nets = n;
  db->cap_net_pin_start = n + 1;
  T(pin_cell, p); T(pin_ref, p); T(pin_net, p);
  db->cap_pins = p;
  T(io_name, i); T(io_net_name, i); T(io_net, i); T(io_dir, i); T(io_use, i); T(io_status, i);
  T(io_orient, i); T(io_x, i); T(io_y, i); T(io_shape, i); T(io_layer, i); T(io_span_off, i);
  T(io_span_len, i); T(io_orig_status, i); T(io_orig_orient, i); T(io_orig_x, i);
  T(io_orig_y, i);
  db->cap_ios = i;
  trim(&db->names.buf, db->names.len, 1);
  db->names.cap = db->names.len;
}

int db_create(db_t **out) {
  db_t *db = ut_calloc(1, sizeof *db);
  *out = db;
  if (!db) return UT_ENOMEM;
  db->design_name = 0;
  /* offset 0 of the pool is the empty string, used for "no name" */
  uint32_t off;
  if (ut_pool_add(&db->names, "", 0, &off)) {
    ut_free(db);
    *out = NULL;
    return UT_ENOMEM;
  }
  return UT_OK;
}

void db_destroy(db_t *db) {
  if (!db) return;
  /* every pointer field of db_t is an ut_malloc'ed array; free them by walking the struct is not
   * portable, so list them. */
  void *arrays[] = {
    db->layer_name, db->layer_type, db->layer_dir, db->layer_pitch_x, db->layer_pitch_y,
    db->layer_width, db->layer_spacing, db->layer_offset_x, db->layer_offset_y,
    db->site_name, db->site_class, db->site_sym, db->site_w_um, db->site_h_um, db->site_w,
    db->site_h, db->master_name, db->master_class, db->master_subclass, db->master_sym,
    db->master_site, db->master_w_um, db->master_h_um, db->master_ox_um, db->master_oy_um,
    db->master_w, db->master_h, db->master_pin_start, db->master_obs_start, db->mpin_name,
    db->mpin_master, db->mpin_dir, db->mpin_use, db->mpin_x_um, db->mpin_y_um, db->mpin_x,
    db->mpin_y, db->mpin_bbox, db->mpin_bbox_um, db->obs_master, db->obs_layer, db->obs_um,
    db->obs_rect, db->die_pts, db->row_name, db->row_site, db->row_x, db->row_y, db->row_orient,
    db->row_nx, db->row_ny, db->row_sx, db->row_sy, db->track_is_x, db->track_start,
    db->track_step, db->track_num, db->track_layer, db->gcell_is_x, db->gcell_start,
    db->gcell_step, db->gcell_num, db->cell_name, db->cell_master, db->cell_x, db->cell_y,
    db->cell_orient, db->cell_status, db->cell_flags, db->cell_region, db->cell_weight,
    db->cell_halo, db->cell_pin_start, db->cell_pins, db->io_name, db->io_net_name, db->io_net,
    db->io_dir, db->io_use, db->io_status, db->io_orient, db->io_x, db->io_y, db->io_shape,
    db->io_layer, db->net_name, db->net_use, db->net_weight, db->net_pin_start, db->pin_cell,
    db->pin_ref, db->pin_net, db->blk_kind, db->blk_soft, db->blk_partial, db->blk_layer,
    db->blk_cell, db->blk_pushdown, db->blk_rect_start, db->blk_rects, db->region_name,
    db->region_type, db->region_rect_start, db->region_rects, db->group_name, db->group_region,
    db->group_member_start, db->group_members, db->src, db->src_path, db->cell_span_off,
    db->cell_span_len, db->cell_orig_status, db->cell_orig_orient, db->cell_orig_x,
    db->cell_orig_y, db->io_span_off, db->io_span_len, db->io_orig_status, db->io_orig_orient,
    db->io_orig_x, db->io_orig_y,
  };
  for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++) ut_free(arrays[i]);
  ut_strmap_t *maps[] = {&db->layer_map, &db->site_map, &db->master_map, &db->cell_map,
                         &db->io_map, &db->net_map, &db->region_map};
  for (size_t i = 0; i < sizeof maps / sizeof maps[0]; i++) ut_strmap_free(maps[i]);
  ut_pool_free(&db->names);
  ut_free(db);
}

/* Add name to the pool and index it in map; names[] must already hold room for idx. */
static int add_name(db_t *db, ut_strmap_t *map, uint32_t *names, int32_t idx, const char *s,
                    size_t n) {
  uint32_t off;
  int rc = ut_pool_add(&db->names, s, n, &off);
  if (rc) return rc;
  names[idx] = off;
  if (map) return ut_strmap_insert(map, &db->names, names, idx);
  return UT_OK;
}

/* ---- library ---- */

int32_t db_add_layer(db_t *db, const char *name, size_t n) {
  if (db->nlayers == db->cap_layers) {
    size_t nc = next_cap(db->cap_layers, db->nlayers + 1);
    G(layer_name); G(layer_type); G(layer_dir); G(layer_pitch_x); G(layer_pitch_y);
    G(layer_width); G(layer_spacing); G(layer_offset_x); G(layer_offset_y);
    db->cap_layers = nc;
  }
  int32_t i = (int32_t)db->nlayers;
  db->layer_type[i] = DB_LAYER_OTHER;
  db->layer_dir[i] = DB_DIR_NONE;
  db->layer_pitch_x[i] = db->layer_pitch_y[i] = 0;
  db->layer_width[i] = db->layer_spacing[i] = 0;
  db->layer_offset_x[i] = db->layer_offset_y[i] = NAN;
  int rc = add_name(db, &db->layer_map, db->layer_name, i, name, n);
  if (rc) return rc;
  db->nlayers++;
  return i;
}

int32_t db_add_site(db_t *db, const char *name, size_t n) {
  if (db->nsites == db->cap_sites) {
    size_t nc = next_cap(db->cap_sites, db->nsites + 1);
    G(site_name); G(site_class); G(site_sym); G(site_w_um); G(site_h_um); G(site_w); G(site_h);
    db->cap_sites = nc;
  }
  int32_t i = (int32_t)db->nsites;
  db->site_class[i] = 0;
  db->site_sym[i] = 0;
  db->site_w_um[i] = db->site_h_um[i] = 0;
  db->site_w[i] = db->site_h[i] = 0;
  int rc = add_name(db, &db->site_map, db->site_name, i, name, n);
  if (rc) return rc;
  db->nsites++;
  return i;
}

int32_t db_add_master(db_t *db, const char *name, size_t n) {
  if (db->nmasters == db->cap_masters) {
    size_t nc = next_cap(db->cap_masters, db->nmasters + 1);
    G(master_name); G(master_class); G(master_subclass); G(master_sym); G(master_site);
    G(master_w_um); G(master_h_um); G(master_ox_um); G(master_oy_um); G(master_w); G(master_h);
    db->cap_masters = nc;
  }
  int32_t i = (int32_t)db->nmasters;
  db->master_class[i] = DB_CLASS_CORE;
  db->master_subclass[i] = 0;
  db->master_sym[i] = 0;
  db->master_site[i] = -1;
  db->master_w_um[i] = db->master_h_um[i] = 0;
  db->master_ox_um[i] = db->master_oy_um[i] = 0;
  db->master_w[i] = db->master_h[i] = 0;
  int rc = add_name(db, &db->master_map, db->master_name, i, name, n);
  if (rc) return rc;
  db->nmasters++;
  return i;
}

int32_t db_add_mpin(db_t *db, int32_t master, const char *name, size_t n) {
  if (db->nmpins == db->cap_mpins) {
    size_t nc = next_cap(db->cap_mpins, db->nmpins + 1);
    G(mpin_name); G(mpin_master); G(mpin_dir); G(mpin_use); G(mpin_x_um); G(mpin_y_um);
    G(mpin_x); G(mpin_y); G(mpin_bbox);
    if (grow1(&db->mpin_bbox_um, nc * 4, sizeof *db->mpin_bbox_um)) return UT_ENOMEM;
    db->cap_mpins = nc;
  }
  int32_t i = (int32_t)db->nmpins;
  db->mpin_master[i] = master;
  db->mpin_dir[i] = DB_PDIR_NONE;
  db->mpin_use[i] = DB_USE_SIGNAL;
  db->mpin_x_um[i] = db->mpin_y_um[i] = 0;
  db->mpin_x[i] = db->mpin_y[i] = 0;
  memset(&db->mpin_bbox[i], 0, sizeof db->mpin_bbox[i]);
  memset(&db->mpin_bbox_um[4 * i], 0, 4 * sizeof(double));
  int rc = add_name(db, NULL, db->mpin_name, i, name, n);
  if (rc) return rc;
  db->nmpins++;
  return i;
}

int32_t db_add_obs(db_t *db, int32_t master, int32_t layer, double x0, double y0, double x1,
                   double y1) {
  if (db->nobs == db->cap_obs) {
    size_t nc = next_cap(db->cap_obs, db->nobs + 1);
    G(obs_master); G(obs_layer); G(obs_rect);
    if (grow1(&db->obs_um, nc * 4, sizeof *db->obs_um)) return UT_ENOMEM;
    db->cap_obs = nc;
  }
  int32_t i = (int32_t)db->nobs;
  db->obs_master[i] = master;
  db->obs_layer[i] = layer;
  db->obs_um[4 * i + 0] = fmin(x0, x1);
  db->obs_um[4 * i + 1] = fmin(y0, y1);
  db->obs_um[4 * i + 2] = fmax(x0, x1);
  db->obs_um[4 * i + 3] = fmax(y0, y1);
  memset(&db->obs_rect[i], 0, sizeof db->obs_rect[i]);
  db->nobs++;
  return i;
}

static dbu_t um2dbu(double um, int dbu) {
  double v = um * dbu;
  if (v > INT32_MAX) return INT32_MAX;
  if (v < INT32_MIN) return INT32_MIN;
  return (dbu_t)lround(v);
}

/* Build a CSR start array over items grouped by owner (owner[i] non-decreasing). */
static int build_groups(int32_t **start, size_t nowners, const int32_t *owner, size_t nitems) {
  int32_t *s = ut_calloc(nowners + 1, sizeof *s);
  if (!s) return UT_ENOMEM;
  for (size_t i = 0; i < nitems; i++) s[owner[i] + 1]++;
  for (size_t m = 0; m < nowners; m++) s[m + 1] += s[m];
  ut_free(*start);
  *start = s;
  return UT_OK;
}

int db_lib_bind_units(db_t *db, int dbu) {
  if (dbu <= 0) return UT_EINVAL;
  db->dbu = dbu;
  for (size_t i = 0; i < db->nsites; i++) {
    db->site_w[i] = um2dbu(db->site_w_um[i], dbu);
    db->site_h[i] = um2dbu(db->site_h_um[i], dbu);
  }
  for (size_t m = 0; m < db->nmasters; m++) {
    db->master_w[m] = um2dbu(db->master_w_um[m], dbu);
    db->master_h[m] = um2dbu(db->master_h_um[m], dbu);
  }
  /* master pins and obstructions are appended macro by macro, so they are grouped by master */
  for (size_t p = 1; p < db->nmpins; p++)
    if (db->mpin_master[p] < db->mpin_master[p - 1]) return UT_EINVAL;
  for (size_t o = 1; o < db->nobs; o++)
    if (db->obs_master[o] < db->obs_master[o - 1]) return UT_EINVAL;
  int rc = build_groups(&db->master_pin_start, db->nmasters, db->mpin_master, db->nmpins);
  if (!rc) rc = build_groups(&db->master_obs_start, db->nmasters, db->obs_master, db->nobs);
  if (rc) return rc;
  for (size_t p = 0; p < db->nmpins; p++) {
    int32_t m = db->mpin_master[p];
    double ox = db->master_ox_um[m], oy = db->master_oy_um[m];
    db->mpin_x[p] = um2dbu(db->mpin_x_um[p] + ox, dbu);
    db->mpin_y[p] = um2dbu(db->mpin_y_um[p] + oy, dbu);
    const double *b = &db->mpin_bbox_um[4 * p];
    db->mpin_bbox[p].x0 = um2dbu(b[0] + ox, dbu);
    db->mpin_bbox[p].y0 = um2dbu(b[1] + oy, dbu);
    db->mpin_bbox[p].x1 = um2dbu(b[2] + ox, dbu);
    db->mpin_bbox[p].y1 = um2dbu(b[3] + oy, dbu);
  }
  for (size_t o = 0; o < db->nobs; o++) {
    int32_t m = db->obs_master[o];
    double ox = db->master_ox_um[m], oy = db->master_oy_um[m];
    const double *b = &db->obs_um[4 * o];
    db->obs_rect[o].x0 = um2dbu(b[0] + ox, dbu);
    db->obs_rect[o].y0 = um2dbu(b[1] + oy, dbu);
    db->obs_rect[o].x1 = um2dbu(b[2] + ox, dbu);
    db->obs_rect[o].y1 = um2dbu(b[3] + oy, dbu);
  }
  return UT_OK;
}

/* ---- design ---- */

int32_t db_add_row(db_t *db, const char *name, size_t n) {
  if (db->nrows == db->cap_rows) {
    size_t nc = next_cap(db->cap_rows, db->nrows + 1);
    G(row_name); G(row_site); G(row_x); G(row_y); G(row_orient); G(row_nx); G(row_ny);
    G(row_sx); G(row_sy);
    db->cap_rows = nc;
  }
  int32_t i = (int32_t)db->nrows;
  db->row_site[i] = -1;
  db->row_x[i] = db->row_y[i] = 0;
  db->row_orient[i] = DB_N;
  db->row_nx[i] = db->row_ny[i] = 1;
  db->row_sx[i] = db->row_sy[i] = 0;
  int rc = add_name(db, NULL, db->row_name, i, name, n);
  if (rc) return rc;
  db->nrows++;
  return i;
}

int32_t db_add_track(db_t *db) {
  if (db->ntracks == db->cap_tracks) {
    size_t nc = next_cap(db->cap_tracks, db->ntracks + 1);
    G(track_is_x); G(track_start); G(track_step); G(track_num); G(track_layer);
    db->cap_tracks = nc;
  }
  int32_t i = (int32_t)db->ntracks++;
  db->track_is_x[i] = 0;
  db->track_start[i] = db->track_step[i] = 0;
  db->track_num[i] = 0;
  db->track_layer[i] = -1;
  return i;
}

int32_t db_add_gcell(db_t *db) {
  if (db->ngcell == db->cap_gcell) {
    size_t nc = next_cap(db->cap_gcell, db->ngcell + 1);
    G(gcell_is_x); G(gcell_start); G(gcell_step); G(gcell_num);
    db->cap_gcell = nc;
  }
  int32_t i = (int32_t)db->ngcell++;
  db->gcell_is_x[i] = 0;
  db->gcell_start[i] = db->gcell_step[i] = 0;
  db->gcell_num[i] = 0;
  return i;
}

int32_t db_add_cell(db_t *db, const char *name, size_t n, int32_t master) {
  if (db->ncells == db->cap_cells) {
    size_t nc = next_cap(db->cap_cells, db->ncells + 1);
    G(cell_name); G(cell_master); G(cell_x); G(cell_y); G(cell_orient); G(cell_status);
    G(cell_flags); G(cell_region); G(cell_weight); G(cell_span_off); G(cell_span_len);
    G(cell_orig_status); G(cell_orig_orient); G(cell_orig_x); G(cell_orig_y);
    if (db->cell_halo && grow1(&db->cell_halo, nc * 4, sizeof *db->cell_halo)) return UT_ENOMEM;
    db->cap_cells = nc;
  }
  int32_t i = (int32_t)db->ncells;
  db->cell_master[i] = master;
  db->cell_x[i] = db->cell_y[i] = 0;
  db->cell_orient[i] = DB_N;
  db->cell_status[i] = DB_UNPLACED;
  db->cell_flags[i] = 0;
  db->cell_region[i] = -1;
  db->cell_weight[i] = 0;
  db->cell_span_off[i] = -1;
  db->cell_span_len[i] = 0;
  db->cell_orig_status[i] = DB_UNPLACED;
  db->cell_orig_orient[i] = DB_N;
  db->cell_orig_x[i] = db->cell_orig_y[i] = 0;
  if (db->cell_halo) memset(&db->cell_halo[4 * i], 0, 4 * sizeof(dbu_t));
  int rc = add_name(db, &db->cell_map, db->cell_name, i, name, n);
  if (rc) return rc;
  db->ncells++;
  return i;
}

int32_t db_add_io(db_t *db, const char *name, size_t n) {
  if (db->nios == db->cap_ios) {
    size_t nc = next_cap(db->cap_ios, db->nios + 1);
    G(io_name); G(io_net_name); G(io_net); G(io_dir); G(io_use); G(io_status); G(io_orient);
    G(io_x); G(io_y); G(io_shape); G(io_layer); G(io_span_off); G(io_span_len);
    G(io_orig_status); G(io_orig_orient); G(io_orig_x); G(io_orig_y);
    db->cap_ios = nc;
  }
  int32_t i = (int32_t)db->nios;
  db->io_net_name[i] = 0;
  db->io_net[i] = -1;
  db->io_dir[i] = DB_PDIR_NONE;
  db->io_use[i] = DB_USE_SIGNAL;
  db->io_status[i] = DB_UNPLACED;
  db->io_orient[i] = DB_N;
  db->io_x[i] = db->io_y[i] = 0;
  memset(&db->io_shape[i], 0, sizeof db->io_shape[i]);
  db->io_layer[i] = -1;
  db->io_span_off[i] = -1;
  db->io_span_len[i] = 0;
  db->io_orig_status[i] = DB_UNPLACED;
  db->io_orig_orient[i] = DB_N;
  db->io_orig_x[i] = db->io_orig_y[i] = 0;
  int rc = add_name(db, &db->io_map, db->io_name, i, name, n);
  if (rc) return rc;
  db->nios++;
  return i;
}

int32_t db_add_net(db_t *db, const char *name, size_t n) {
  if (db->nnets == db->cap_nets) {
    size_t nc = next_cap(db->cap_nets, db->nnets + 1);
    G(net_name); G(net_use); G(net_weight);
    db->cap_nets = nc;
  }
  if (db->nnets + 2 > db->cap_net_pin_start) {
    size_t nc = next_cap(db->cap_net_pin_start, db->nnets + 2);
    G(net_pin_start);
    db->cap_net_pin_start = nc;
  }
  int32_t i = (int32_t)db->nnets;
  db->net_use[i] = DB_USE_SIGNAL;
  db->net_weight[i] = 1.0f;
  db->net_pin_start[i] = (int32_t)db->npins;
  db->net_pin_start[i + 1] = (int32_t)db->npins;
  int rc = add_name(db, &db->net_map, db->net_name, i, name, n);
  if (rc) return rc;
  db->nnets++;
  return i;
}

int32_t db_add_pin(db_t *db, int32_t cell, int32_t ref) {
  if (!db->nnets) return UT_EINVAL;
  if (db->npins >= INT32_MAX - 1) return UT_ELIMIT;
  if (db->npins == db->cap_pins) {
    size_t nc = next_cap(db->cap_pins, db->npins + 1);
    G(pin_cell); G(pin_ref); G(pin_net);
    db->cap_pins = nc;
  }
  int32_t i = (int32_t)db->npins++;
  db->pin_cell[i] = cell;
  db->pin_ref[i] = ref;
  db->pin_net[i] = (int32_t)db->nnets - 1;
  db->net_pin_start[db->nnets] = (int32_t)db->npins;
  return i;
}

int32_t db_add_region(db_t *db, const char *name, size_t n) {
  if (db->nregions + 1 >= db->cap_regions) {
    size_t nc = next_cap(db->cap_regions, db->nregions + 2);
    G(region_name); G(region_type); G(region_rect_start);
    db->cap_regions = nc;
  }
  int32_t i = (int32_t)db->nregions;
  db->region_type[i] = DB_REGION_NONE;
  db->region_rect_start[i] = (int32_t)db->nregion_rects;
  db->region_rect_start[i + 1] = (int32_t)db->nregion_rects;
  int rc = add_name(db, &db->region_map, db->region_name, i, name, n);
  if (rc) return rc;
  db->nregions++;
  return i;
}

int db_add_region_rect(db_t *db, db_rect_t r) {
  if (!db->nregions) return UT_EINVAL;
  if (UT_RESERVE(db->region_rects, db->cap_region_rects, db->nregion_rects + 1)) return UT_ENOMEM;
  db->region_rects[db->nregion_rects++] = r;
  db->region_rect_start[db->nregions] = (int32_t)db->nregion_rects;
  return UT_OK;
}

int32_t db_add_blockage(db_t *db, uint8_t kind) {
  if (db->nblk + 1 >= db->cap_blk) {
    size_t nc = next_cap(db->cap_blk, db->nblk + 2);
    G(blk_kind); G(blk_soft); G(blk_partial); G(blk_layer); G(blk_cell); G(blk_pushdown);
    G(blk_rect_start);
    db->cap_blk = nc;
  }
  int32_t i = (int32_t)db->nblk++;
  db->blk_kind[i] = kind;
  db->blk_soft[i] = 0;
  db->blk_partial[i] = 0;
  db->blk_layer[i] = -1;
  db->blk_cell[i] = -1;
  db->blk_pushdown[i] = 0;
  db->blk_rect_start[i] = (int32_t)db->nblk_rects;
  db->blk_rect_start[i + 1] = (int32_t)db->nblk_rects;
  return i;
}

int db_add_blockage_rect(db_t *db, db_rect_t r) {
  if (!db->nblk) return UT_EINVAL;
  if (UT_RESERVE(db->blk_rects, db->cap_blk_rects, db->nblk_rects + 1)) return UT_ENOMEM;
  db->blk_rects[db->nblk_rects++] = r;
  db->blk_rect_start[db->nblk] = (int32_t)db->nblk_rects;
  return UT_OK;
}

int32_t db_add_group(db_t *db, const char *name, size_t n) {
  if (db->ngroups + 1 >= db->cap_groups) {
    size_t nc = next_cap(db->cap_groups, db->ngroups + 2);
    G(group_name); G(group_region); G(group_member_start);
    db->cap_groups = nc;
  }
  int32_t i = (int32_t)db->ngroups;
  db->group_region[i] = -1;
  db->group_member_start[i] = (int32_t)db->ngroup_members;
  db->group_member_start[i + 1] = (int32_t)db->ngroup_members;
  int rc = add_name(db, NULL, db->group_name, i, name, n);
  if (rc) return rc;
  db->ngroups++;
  return i;
}

int db_add_group_member(db_t *db, int32_t cell) {
  if (!db->ngroups) return UT_EINVAL;
  if (UT_RESERVE(db->group_members, db->cap_group_members, db->ngroup_members + 1))
    return UT_ENOMEM;
  db->group_members[db->ngroup_members++] = cell;
  db->group_member_start[db->ngroups] = (int32_t)db->ngroup_members;
  return UT_OK;
}

/* DEF connects an IO pin to the net named by its "+ NET" in PINS, whether or not NETS lists
 * "( PIN name )" (OpenDB does the same).  Append the missing ones to their nets, rebuilding the
 * net-ordered pin arrays once. */
static int attach_io_pins(db_t *db) {
  for (size_t i = 0; i < db->nios; i++) db->io_net[i] = -1;
  for (size_t p = 0; p < db->npins; p++)
    if (db->pin_cell[p] < 0) db->io_net[db->pin_ref[p]] = db->pin_net[p];
  size_t extra = 0;
  int32_t *want = ut_malloc((db->nios ? db->nios : 1) * sizeof *want);
  if (!want) return UT_ENOMEM;
  for (size_t i = 0; i < db->nios; i++) {
    want[i] = -1;
    if (db->io_net[i] >= 0 || !db->io_net_name[i]) continue;
    const char *nm = db_str(db, db->io_net_name[i]);
    want[i] = db_find_net(db, nm, strlen(nm));
    if (want[i] >= 0) extra++;
  }
  if (!extra) {
    ut_free(want);
    return UT_OK;
  }
  size_t np = db->npins + extra;
  int32_t *cnt = ut_calloc(db->nnets + 1, sizeof *cnt);
  int32_t *pc = ut_malloc(np * sizeof *pc), *pr = ut_malloc(np * sizeof *pr);
  int32_t *pn = ut_malloc(np * sizeof *pn);
  if (!cnt || !pc || !pr || !pn) {
    ut_free(cnt); ut_free(pc); ut_free(pr); ut_free(pn); ut_free(want);
    return UT_ENOMEM;
  }
  for (size_t i = 0; i < db->nios; i++)
    if (want[i] >= 0) cnt[want[i]]++;
  size_t k = 0;
  for (size_t n = 0; n < db->nnets; n++) {
    int32_t b = db->net_pin_start[n], e = db->net_pin_start[n + 1];
    db->net_pin_start[n] = (int32_t)k;
    for (int32_t p = b; p < e; p++, k++) {
      pc[k] = db->pin_cell[p];
      pr[k] = db->pin_ref[p];
      pn[k] = (int32_t)n;
    }
    if (cnt[n]) {
      for (size_t i = 0; i < db->nios; i++) {
        if (want[i] != (int32_t)n) continue;
        pc[k] = -1;
        pr[k] = (int32_t)i;
        pn[k] = (int32_t)n;
        db->io_net[i] = (int32_t)n;
        k++;
      }
    }
  }
  db->net_pin_start[db->nnets] = (int32_t)k;
  ut_free(db->pin_cell); ut_free(db->pin_ref); ut_free(db->pin_net);
  db->pin_cell = pc;
  db->pin_ref = pr;
  db->pin_net = pn;
  db->npins = db->cap_pins = np;
  ut_free(cnt);
  ut_free(want);
  return UT_OK;
}

int db_finish(db_t *db) {
  /* empty CSR tables still need their closing entry */
  if (!db->net_pin_start) {
    db->net_pin_start = ut_calloc(1, sizeof *db->net_pin_start);
    if (!db->net_pin_start) return UT_ENOMEM;
  }
  int rc = attach_io_pins(db);
  if (rc) return rc;
  trim_tables(db);
  if (!db->master_pin_start && db_lib_bind_units(db, db->dbu > 0 ? db->dbu : 1000))
    return UT_ENOMEM;
  /* cell -> pin CSR (counting sort keeps pins in net order within a cell) */
  ut_free(db->cell_pin_start);
  ut_free(db->cell_pins);
  db->cell_pin_start = ut_calloc(db->ncells + 1, sizeof *db->cell_pin_start);
  size_t ncp = 0;
  for (size_t p = 0; p < db->npins; p++) ncp += db->pin_cell[p] >= 0;
  db->cell_pins = ut_malloc((ncp ? ncp : 1) * sizeof *db->cell_pins);
  if (!db->cell_pin_start || !db->cell_pins) return UT_ENOMEM;
  for (size_t p = 0; p < db->npins; p++)
    if (db->pin_cell[p] >= 0) db->cell_pin_start[db->pin_cell[p] + 1]++;
  for (size_t c = 0; c < db->ncells; c++) db->cell_pin_start[c + 1] += db->cell_pin_start[c];
  int32_t *fill = ut_malloc((db->ncells + 1) * sizeof *fill);
  if (!fill) return UT_ENOMEM;
  memcpy(fill, db->cell_pin_start, (db->ncells + 1) * sizeof *fill);
  for (size_t p = 0; p < db->npins; p++)
    if (db->pin_cell[p] >= 0) db->cell_pins[fill[db->pin_cell[p]]++] = (int32_t)p;
  ut_free(fill);
  /* group membership assigns regions to components that do not name one themselves */
  for (size_t g = 0; g < db->ngroups; g++) {
    if (db->group_region[g] < 0) continue;
    for (int32_t k = db->group_member_start[g]; k < db->group_member_start[g + 1]; k++) {
      int32_t c = db->group_members[k];
      if (db->cell_region[c] < 0) db->cell_region[c] = db->group_region[g];
    }
  }
  /* core = bounding box of all rows */
  if (db->nrows) {
    db_rect_t core = {INT32_MAX, INT32_MAX, INT32_MIN, INT32_MIN};
    for (size_t r = 0; r < db->nrows; r++) {
      int32_t s = db->row_site[r];
      int64_t sw = s >= 0 ? db->site_w[s] : 0, sh = s >= 0 ? db->site_h[s] : 0;
      int64_t nx = db->row_nx[r], ny = db->row_ny[r];
      int64_t w = db->row_sx[r] ? (nx - 1) * db->row_sx[r] + sw : nx * sw;
      int64_t h = db->row_sy[r] ? (ny - 1) * db->row_sy[r] + sh : ny * sh;
      int64_t x1 = db->row_x[r] + w, y1 = db->row_y[r] + h;
      if (db->row_x[r] < core.x0) core.x0 = db->row_x[r];
      if (db->row_y[r] < core.y0) core.y0 = db->row_y[r];
      if (x1 > core.x1) core.x1 = x1 > INT32_MAX ? INT32_MAX : (dbu_t)x1;
      if (y1 > core.y1) core.y1 = y1 > INT32_MAX ? INT32_MAX : (dbu_t)y1;
    }
    db->core = core;
  } else {
    db->core = db->die;
  }
  return UT_OK;
}

/* ---- lookups ---- */

int32_t db_find_layer(const db_t *db, const char *s, size_t n) {
  return ut_strmap_find(&db->layer_map, &db->names, db->layer_name, s, n);
}
int32_t db_find_site(const db_t *db, const char *s, size_t n) {
  return ut_strmap_find(&db->site_map, &db->names, db->site_name, s, n);
}
int32_t db_find_master(const db_t *db, const char *s, size_t n) {
  return ut_strmap_find(&db->master_map, &db->names, db->master_name, s, n);
}
int32_t db_find_cell(const db_t *db, const char *s, size_t n) {
  return ut_strmap_find(&db->cell_map, &db->names, db->cell_name, s, n);
}
int32_t db_find_io(const db_t *db, const char *s, size_t n) {
  return ut_strmap_find(&db->io_map, &db->names, db->io_name, s, n);
}
int32_t db_find_net(const db_t *db, const char *s, size_t n) {
  return ut_strmap_find(&db->net_map, &db->names, db->net_name, s, n);
}
int32_t db_find_region(const db_t *db, const char *s, size_t n) {
  return ut_strmap_find(&db->region_map, &db->names, db->region_name, s, n);
}

int32_t db_find_mpin(const db_t *db, int32_t master, const char *s, size_t n) {
  /* masters have few pins: a linear scan beats a per-master table */
  int32_t b, e;
  if (db->master_pin_start) {
    b = db->master_pin_start[master];
    e = db->master_pin_start[master + 1];
  } else {
    b = 0;
    e = (int32_t)db->nmpins;
  }
  for (int32_t p = b; p < e; p++) {
    if (db->mpin_master[p] != master) continue;
    const char *t = db->names.buf + db->mpin_name[p];
    if (strncmp(t, s, n) == 0 && t[n] == 0) return p;
  }
  return -1;
}

static const char *const orient_names[] = {"N", "W", "S", "E", "FN", "FW", "FS", "FE"};
const char *db_orient_name(int o) { return (o >= 0 && o < 8) ? orient_names[o] : "N"; }

int db_orient_parse(const char *s, size_t n) {
  for (int i = 0; i < 8; i++)
    if (strlen(orient_names[i]) == n && memcmp(orient_names[i], s, n) == 0) return i;
  /* OpenAccess-style synonyms accepted by some writers */
  static const struct { const char *name; int o; } syn[] = {
    {"R0", DB_N}, {"R90", DB_W}, {"R180", DB_S}, {"R270", DB_E},
    {"MY", DB_FN}, {"MX", DB_FS}, {"MXR90", DB_FW}, {"MYR90", DB_FE}};
  for (size_t i = 0; i < sizeof syn / sizeof syn[0]; i++)
    if (strlen(syn[i].name) == n && memcmp(syn[i].name, s, n) == 0) return syn[i].o;
  return -1;
}

const char *db_class_name(int cls) {
  static const char *const names[] = {"CORE", "BLOCK", "PAD", "ENDCAP", "COVER", "RING", "OTHER"};
  return (cls >= 0 && cls <= DB_CLASS_OTHER) ? names[cls] : "OTHER";
}

/* ---- geometry ---- */

static int orient_swaps(int o) { return o == DB_W || o == DB_E || o == DB_FW || o == DB_FE; }

void db_cell_size(const db_t *db, int32_t c, dbu_t *w, dbu_t *h) {
  int32_t m = db->cell_master[c];
  if (orient_swaps(db->cell_orient[c])) {
    *w = db->master_h[m];
    *h = db->master_w[m];
  } else {
    *w = db->master_w[m];
    *h = db->master_h[m];
  }
}

void db_orient_xform(int o, dbu_t w, dbu_t h, dbu_t dx, dbu_t dy, dbu_t *ox, dbu_t *oy) {
  switch (o) {
  default:
  case DB_N: *ox = dx; *oy = dy; break;
  case DB_S: *ox = w - dx; *oy = h - dy; break;
  case DB_W: *ox = h - dy; *oy = dx; break;
  case DB_E: *ox = dy; *oy = w - dx; break;
  case DB_FN: *ox = w - dx; *oy = dy; break;
  case DB_FS: *ox = dx; *oy = h - dy; break;
  case DB_FW: *ox = dy; *oy = dx; break;
  case DB_FE: *ox = h - dy; *oy = w - dx; break;
  }
}

/* Rotation about the origin, for IO pin shapes (DEF PINS orientation). */
static void rotate_point(int o, int64_t x, int64_t y, int64_t *rx, int64_t *ry) {
  switch (o) {
  default:
  case DB_N: *rx = x; *ry = y; break;
  case DB_S: *rx = -x; *ry = -y; break;
  case DB_W: *rx = -y; *ry = x; break;
  case DB_E: *rx = y; *ry = -x; break;
  case DB_FN: *rx = -x; *ry = y; break;
  case DB_FS: *rx = x; *ry = -y; break;
  case DB_FW: *rx = y; *ry = x; break;
  case DB_FE: *rx = -y; *ry = -x; break;
  }
}

int db_pin_pos(const db_t *db, int32_t p, int64_t *x, int64_t *y) {
  int32_t c = db->pin_cell[p];
  if (c >= 0) {
    int32_t m = db->cell_master[c], mp = db->pin_ref[p];
    dbu_t ox, oy;
    db_orient_xform(db->cell_orient[c], db->master_w[m], db->master_h[m], db->mpin_x[mp],
                    db->mpin_y[mp], &ox, &oy);
    *x = (int64_t)db->cell_x[c] + ox;
    *y = (int64_t)db->cell_y[c] + oy;
    return 0;
  }
  int32_t io = db->pin_ref[p];
  if (db->io_status[io] == DB_UNPLACED) return -1;
  const db_rect_t *s = &db->io_shape[io];
  int64_t cx2 = (int64_t)s->x0 + s->x1, cy2 = (int64_t)s->y0 + s->y1, rx, ry;
  rotate_point(db->io_orient[io], cx2, cy2, &rx, &ry);
  /* half of the doubled center, rounding toward minus infinity like an arithmetic shift */
  *x = db->io_x[io] + (rx >= 0 ? rx / 2 : -((-rx + 1) / 2));
  *y = db->io_y[io] + (ry >= 0 ? ry / 2 : -((-ry + 1) / 2));
  return 0;
}

int64_t db_net_hpwl(const db_t *db, int32_t n) {
  int64_t x0 = INT64_MAX, y0 = INT64_MAX, x1 = INT64_MIN, y1 = INT64_MIN;
  int cnt = 0;
  for (int32_t p = db->net_pin_start[n]; p < db->net_pin_start[n + 1]; p++) {
    int64_t x, y;
    if (db_pin_pos(db, p, &x, &y)) continue;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
    cnt++;
  }
  return cnt < 2 ? 0 : (x1 - x0) + (y1 - y0);
}

int64_t db_hpwl(const db_t *db) {
  int64_t sum = 0;
  for (size_t n = 0; n < db->nnets; n++) sum += db_net_hpwl(db, (int32_t)n);
  return sum;
}

void db_cell_set_place(db_t *db, int32_t c, dbu_t x, dbu_t y, int orient, int status) {
  db->cell_x[c] = x;
  db->cell_y[c] = y;
  db->cell_orient[c] = (uint8_t)orient;
  db->cell_status[c] = (uint8_t)status;
}

int db_cell_is_fixed(const db_t *db, int32_t c) {
  return db->cell_status[c] == DB_FIXED || db->cell_status[c] == DB_COVER;
}

int db_cell_is_macro(const db_t *db, int32_t c) {
  int32_t m = db->cell_master[c];
  if (db->master_class[m] == DB_CLASS_BLOCK) return 1;
  /* taller than the tallest row site counts as a macro (multi-height cells are at most a few
   * rows, and their masters name a multi-height site; a master without a site that is more than
   * 4 single rows tall is a macro) */
  int32_t s = db->master_site[m];
  if (s >= 0 && db->site_h[s] > 0) return db->master_h[m] > db->site_h[s] * 4;
  if (db->nrows && db->row_site[0] >= 0) {
    dbu_t rh = db->site_h[db->row_site[0]];
    return rh > 0 && db->master_h[m] > rh * 4;
  }
  return 0;
}

void db_stats(const db_t *db, db_stats_t *st) {
  memset(st, 0, sizeof *st);
  st->ncells = db->ncells;
  st->nnets = db->nnets;
  st->npins = db->npins;
  st->nios = db->nios;
  const db_rect_t core = db->core;
  for (size_t i = 0; i < db->ncells; i++) {
    int32_t c = (int32_t)i, m = db->cell_master[c];
    st->by_class[db->master_class[m] <= DB_CLASS_OTHER ? db->master_class[m] : DB_CLASS_OTHER]++;
    int64_t a = (int64_t)db->master_w[m] * db->master_h[m];
    if (db_cell_is_macro(db, c)) st->nmacros++;
    if (db_cell_is_fixed(db, c)) {
      st->nfixed++;
      dbu_t w, h;
      db_cell_size(db, c, &w, &h);
      int64_t x0 = db->cell_x[c] > core.x0 ? db->cell_x[c] : core.x0;
      int64_t y0 = db->cell_y[c] > core.y0 ? db->cell_y[c] : core.y0;
      int64_t x1 = (int64_t)db->cell_x[c] + w < core.x1 ? (int64_t)db->cell_x[c] + w : core.x1;
      int64_t y1 = (int64_t)db->cell_y[c] + h < core.y1 ? (int64_t)db->cell_y[c] + h : core.y1;
      if (x1 > x0 && y1 > y0) st->fixed_area_in_core += (x1 - x0) * (y1 - y0);
    } else {
      st->nmovable++;
      st->movable_area += a;
      if (db->cell_status[c] == DB_UNPLACED) st->nunplaced++;
    }
  }
  st->die_area = (int64_t)(db->die.x1 - db->die.x0) * (db->die.y1 - db->die.y0);
  st->core_area = (int64_t)(core.x1 - core.x0) * (core.y1 - core.y0);
  int64_t free_area = st->core_area - st->fixed_area_in_core;
  st->utilization = free_area > 0 ? (double)st->movable_area / (double)free_area : 0.0;
  st->hpwl = db_hpwl(db);
}

size_t db_bytes(const db_t *db) {
  size_t src = db->src ? db->src_len + 1 : 0;
  size_t total = ut_alloc_bytes();
  (void)db;
  return total > src ? total - src : 0;
}
