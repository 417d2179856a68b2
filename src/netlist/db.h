/*
 * db.h: the design database.  Library (LEF: layers, sites, masters, master pins) and design (DEF:
 * die, rows, tracks, components, IO pins, nets, blockages, regions, groups) in flat struct-of-arrays
 * form, with CSR pin lists.
 *
 * Invariants:
 *  - Coordinates are int32 DBU of the DEF (UNITS DISTANCE MICRONS).  LEF values (microns) are
 *    converted once, when the DEF units are known (db_lib_bind_units); areas and sums are int64.
 *  - A component's (x, y) is the lower-left corner of its placed, oriented bounding box, as in DEF.
 *  - Pins are stored net by net: pins of net n are net_pin_start[n] .. net_pin_start[n+1]-1.  The
 *    component-to-pin view is a second CSR (cell_pin_start / cell_pins).  A pin belongs either to a
 *    component (pin_cell >= 0, pin_ref = master pin index) or to an IO pin (pin_cell = -1,
 *    pin_ref = IO pin index).
 *  - Indices are dense and follow input order; nothing depends on hash or pointer order.
 *  - Engines read these arrays directly (read-only) and keep their own double coordinates; they
 *    write results back with db_cell_set_place().
 *
 * The DEF reader also keeps the input text and, per component and IO pin, the byte span of its
 * placement clause, so the writer can reproduce every other byte of the input (def.h).
 */
#ifndef PLACE_DB_H
#define PLACE_DB_H

#include <stddef.h>
#include <stdint.h>

#include "util/strmap.h"
#include "util/ut.h"

typedef int32_t dbu_t;

typedef struct db_rect_t {
  dbu_t x0, y0, x1, y1;
} db_rect_t;

/* DEF orientations; the values index db_orient_name(). */
enum { DB_N = 0, DB_W, DB_S, DB_E, DB_FN, DB_FW, DB_FS, DB_FE };
/* Component placement status. */
enum { DB_UNPLACED = 0, DB_PLACED, DB_FIXED, DB_COVER };
/* Master classes (LEF CLASS); the sub-class is kept separately. */
enum { DB_CLASS_CORE = 0, DB_CLASS_BLOCK, DB_CLASS_PAD, DB_CLASS_ENDCAP, DB_CLASS_COVER,
       DB_CLASS_RING, DB_CLASS_OTHER };
/* LEF SYMMETRY bits. */
enum { DB_SYM_X = 1, DB_SYM_Y = 2, DB_SYM_R90 = 4 };
/* Layer types. */
enum { DB_LAYER_ROUTING = 0, DB_LAYER_CUT, DB_LAYER_MASTERSLICE, DB_LAYER_OVERLAP,
       DB_LAYER_IMPLANT, DB_LAYER_OTHER };
enum { DB_DIR_NONE = 0, DB_DIR_HORIZONTAL, DB_DIR_VERTICAL };
/* Pin direction and use (LEF/DEF). */
enum { DB_PDIR_NONE = 0, DB_PDIR_INPUT, DB_PDIR_OUTPUT, DB_PDIR_INOUT, DB_PDIR_FEEDTHRU };
enum { DB_USE_SIGNAL = 0, DB_USE_POWER, DB_USE_GROUND, DB_USE_CLOCK, DB_USE_ANALOG,
       DB_USE_SCAN, DB_USE_TIEOFF, DB_USE_RESET, DB_USE_OTHER };
/* Region types. */
enum { DB_REGION_NONE = 0, DB_REGION_FENCE, DB_REGION_GUIDE };
/* Blockage kinds. */
enum { DB_BLK_PLACEMENT = 0, DB_BLK_LAYER };

/* Component flags. */
enum { DB_CF_HALO = 1, DB_CF_HALO_SOFT = 2, DB_CF_ROUTEHALO = 4, DB_CF_WEIGHT = 8 };

typedef struct db_t {
  /* ---- units ---- */
  int dbu;                    /* DEF DBU per micron (0 until bound) */
  int lef_dbu;                /* LEF UNITS DATABASE MICRONS (0 when absent) */
  double mfg_grid;            /* LEF MANUFACTURINGGRID in microns (0 when absent) */

  ut_pool_t names;            /* every name of library and design */

  /* ---- library: layers ---- */
  size_t nlayers, cap_layers;
  uint32_t *layer_name;
  uint8_t *layer_type, *layer_dir;
  double *layer_pitch_x, *layer_pitch_y, *layer_width, *layer_spacing;  /* microns */
  double *layer_offset_x, *layer_offset_y;                             /* microns, NAN = unset */
  ut_strmap_t layer_map;

  /* ---- library: sites ---- */
  size_t nsites, cap_sites;
  uint32_t *site_name;
  uint8_t *site_class;        /* 0 CORE, 1 PAD */
  uint8_t *site_sym;
  double *site_w_um, *site_h_um;
  dbu_t *site_w, *site_h;     /* DBU, valid after binding */
  ut_strmap_t site_map;

  /* ---- library: masters (LEF MACRO) ---- */
  size_t nmasters, cap_masters;
  uint32_t *master_name;
  uint8_t *master_class;
  uint32_t *master_subclass;  /* pool offset of the sub-class word ("" when none) */
  uint8_t *master_sym;
  int32_t *master_site;       /* -1 when none */
  double *master_w_um, *master_h_um, *master_ox_um, *master_oy_um;  /* SIZE and ORIGIN */
  dbu_t *master_w, *master_h; /* DBU, valid after binding */
  int32_t *master_pin_start;  /* CSR into mpin_*, nmasters+1 entries after binding */
  int32_t *master_obs_start;  /* CSR into obs_*, nmasters+1 entries after binding */
  ut_strmap_t master_map;

  /* master pins (in master order after binding) */
  size_t nmpins, cap_mpins;
  uint32_t *mpin_name;
  int32_t *mpin_master;
  uint8_t *mpin_dir, *mpin_use;
  double *mpin_x_um, *mpin_y_um;   /* average of port-shape centers, relative to the macro origin */
  dbu_t *mpin_x, *mpin_y;          /* DBU offset from the master's lower-left, orientation N */
  db_rect_t *mpin_bbox;            /* DBU bounding box of all port shapes, orientation N */
  double *mpin_bbox_um;            /* 4 per pin, relative to the macro origin (x0 y0 x1 y1) */

  /* master obstructions (LEF OBS), DBU, orientation N */
  size_t nobs, cap_obs;
  int32_t *obs_master, *obs_layer;
  double *obs_um;                  /* 4 per obstruction, microns relative to origin */
  db_rect_t *obs_rect;

  /* ---- design ---- */
  uint32_t design_name;
  int has_design;
  db_rect_t die;                   /* bounding box of DIEAREA */
  size_t ndie_pts;
  dbu_t *die_pts;                  /* polygon DIEAREA (x,y pairs), empty for a rectangle */
  db_rect_t core;                  /* bounding box of all rows */

  /* rows */
  size_t nrows, cap_rows;
  uint32_t *row_name;
  int32_t *row_site;
  dbu_t *row_x, *row_y;
  uint8_t *row_orient;
  int32_t *row_nx, *row_ny;
  dbu_t *row_sx, *row_sy;

  /* tracks and gcell grid */
  size_t ntracks, cap_tracks;
  uint8_t *track_is_x;             /* 1: TRACKS X (vertical tracks at x positions) */
  dbu_t *track_start, *track_step;
  int32_t *track_num;
  int32_t *track_layer;            /* first layer named, -1 when none */
  size_t ngcell, cap_gcell;
  uint8_t *gcell_is_x;
  dbu_t *gcell_start, *gcell_step;
  int32_t *gcell_num;

  /* components */
  size_t ncells, cap_cells;
  uint32_t *cell_name;
  int32_t *cell_master;
  dbu_t *cell_x, *cell_y;
  uint8_t *cell_orient, *cell_status, *cell_flags;
  int32_t *cell_region;            /* -1 when none */
  int32_t *cell_weight;            /* + WEIGHT, 0 when none */
  dbu_t *cell_halo;                /* 4 per cell (left bottom right top) when DB_CF_HALO */
  int32_t *cell_pin_start;         /* CSR, ncells+1 */
  int32_t *cell_pins;              /* pin indices grouped by component */
  ut_strmap_t cell_map;

  /* IO pins (DEF PINS) */
  size_t nios, cap_ios;
  uint32_t *io_name, *io_net_name;
  int32_t *io_net;                 /* -1 when the net is not in NETS */
  uint8_t *io_dir, *io_use, *io_status, *io_orient;
  dbu_t *io_x, *io_y;              /* placement point */
  db_rect_t *io_shape;             /* first port's first LAYER shape, relative to the point, N */
  int32_t *io_layer;
  ut_strmap_t io_map;

  /* nets and pins (pins stored net by net) */
  size_t nnets, cap_nets;
  uint32_t *net_name;
  uint8_t *net_use;
  float *net_weight;               /* + WEIGHT (default 1) */
  int32_t *net_pin_start;          /* CSR, nnets+1 */
  ut_strmap_t net_map;

  size_t npins, cap_pins;
  int32_t *pin_cell;               /* -1 for an IO pin */
  int32_t *pin_ref;                /* master pin (component) or IO pin index */
  int32_t *pin_net;

  /* placement and layer blockages */
  size_t nblk, cap_blk;
  uint8_t *blk_kind;               /* DB_BLK_* */
  uint8_t *blk_soft;
  float *blk_partial;              /* + PARTIAL density (0..100), 0 when none */
  int32_t *blk_layer;              /* layer blockages */
  int32_t *blk_cell;               /* + COMPONENT, -1 when none */
  uint8_t *blk_pushdown;
  int32_t *blk_rect_start;         /* CSR into blk_rects, nblk+1 */
  size_t nblk_rects, cap_blk_rects;
  db_rect_t *blk_rects;            /* polygons stored as their bounding box */

  /* regions and groups */
  size_t nregions, cap_regions;
  uint32_t *region_name;
  uint8_t *region_type;
  int32_t *region_rect_start;      /* CSR, nregions+1 */
  size_t nregion_rects, cap_region_rects;
  db_rect_t *region_rects;
  ut_strmap_t region_map;

  size_t ngroups, cap_groups;
  uint32_t *group_name;
  int32_t *group_region;           /* -1 when none */
  int32_t *group_member_start;     /* CSR into group_members, ngroups+1 */
  size_t ngroup_members, cap_group_members;
  int32_t *group_members;          /* component indices */

  /* ---- bookkeeping for the DEF writer (def.c) ---- */
  char *src;                       /* the input DEF text (decompressed) */
  size_t src_len;
  char *src_path;
  int64_t *cell_span_off;          /* byte span of the placement clause, or insertion point */
  int32_t *cell_span_len;
  uint8_t *cell_orig_status, *cell_orig_orient;
  dbu_t *cell_orig_x, *cell_orig_y;
  int64_t *io_span_off;
  int32_t *io_span_len;
  uint8_t *io_orig_status, *io_orig_orient;
  dbu_t *io_orig_x, *io_orig_y;

  /* construction state (pins are appended per net while reading NETS) */
  size_t cap_net_pin_start;
} db_t;

/* Creation and destruction; db_destroy is NULL-safe. */
int db_create(db_t **out);
void db_destroy(db_t *db);

/* Library construction (the LEF reader).  Each returns the new index or a negative error. */
int32_t db_add_layer(db_t *db, const char *name, size_t n);
int32_t db_add_site(db_t *db, const char *name, size_t n);
int32_t db_add_master(db_t *db, const char *name, size_t n);
int32_t db_add_mpin(db_t *db, int32_t master, const char *name, size_t n);
int32_t db_add_obs(db_t *db, int32_t master, int32_t layer, double x0, double y0, double x1,
                   double y1);
/* Convert library microns to DBU (dbu per micron of the DEF) and build the master CSR views.
 * Called by the DEF reader when UNITS is read (or when COMPONENTS starts).  Idempotent. */
int db_lib_bind_units(db_t *db, int dbu);

/* Design construction (the DEF reader). */
int32_t db_add_row(db_t *db, const char *name, size_t n);
int32_t db_add_cell(db_t *db, const char *name, size_t n, int32_t master);
int32_t db_add_io(db_t *db, const char *name, size_t n);
int32_t db_add_net(db_t *db, const char *name, size_t n);
/* Append a pin to the most recently added net. */
int32_t db_add_pin(db_t *db, int32_t cell, int32_t ref);
int32_t db_add_region(db_t *db, const char *name, size_t n);
int db_add_region_rect(db_t *db, db_rect_t r);       /* to the most recent region */
int32_t db_add_blockage(db_t *db, uint8_t kind);
int db_add_blockage_rect(db_t *db, db_rect_t r);     /* to the most recent blockage */
int32_t db_add_group(db_t *db, const char *name, size_t n);
int db_add_group_member(db_t *db, int32_t cell);     /* to the most recent group */
int32_t db_add_track(db_t *db);
int32_t db_add_gcell(db_t *db);
/* Close the CSR arrays, compute the core box and the cell->pin view.  Called once at the end. */
int db_finish(db_t *db);

/* Lookups (-1 when absent). */
int32_t db_find_layer(const db_t *db, const char *name, size_t n);
int32_t db_find_site(const db_t *db, const char *name, size_t n);
int32_t db_find_master(const db_t *db, const char *name, size_t n);
int32_t db_find_mpin(const db_t *db, int32_t master, const char *name, size_t n);
int32_t db_find_cell(const db_t *db, const char *name, size_t n);
int32_t db_find_io(const db_t *db, const char *name, size_t n);
int32_t db_find_net(const db_t *db, const char *name, size_t n);
int32_t db_find_region(const db_t *db, const char *name, size_t n);

static inline const char *db_str(const db_t *db, uint32_t off) { return db->names.buf + off; }
const char *db_orient_name(int orient);
int db_orient_parse(const char *s, size_t n);   /* -1 when not an orientation */
const char *db_class_name(int cls);

/* Geometry. */
/* Width and height of a component as placed (swapped for W/E/FW/FE). */
void db_cell_size(const db_t *db, int32_t c, dbu_t *w, dbu_t *h);
/* Transform an offset (dx, dy) inside a w x h master (orientation N) into orientation `orient`;
 * the result is relative to the placed lower-left corner. */
void db_orient_xform(int orient, dbu_t w, dbu_t h, dbu_t dx, dbu_t dy, dbu_t *ox, dbu_t *oy);
/* Absolute pin position in DBU (component pins: cell origin + oriented offset; IO pins: placement
 * point + oriented shape center).  Returns 0, or -1 for an IO pin that is not placed. */
int db_pin_pos(const db_t *db, int32_t p, int64_t *x, int64_t *y);
/* Half-perimeter wirelength of all nets in DBU (nets with fewer than two pins add 0; net weights
 * are not applied, as in OpenROAD's report). */
int64_t db_hpwl(const db_t *db);
int64_t db_net_hpwl(const db_t *db, int32_t n);

/* Update a component placement (engines call this; the DEF writer emits what changed). */
void db_cell_set_place(db_t *db, int32_t c, dbu_t x, dbu_t y, int orient, int status);

/* Classification helpers. */
int db_cell_is_macro(const db_t *db, int32_t c);   /* CLASS BLOCK, or taller than its row height */
int db_cell_is_fixed(const db_t *db, int32_t c);   /* FIXED or COVER */

/* Design statistics for --report. */
typedef struct db_stats_t {
  size_t ncells, nmovable, nfixed, nunplaced, nmacros, nnets, npins, nios;
  size_t by_class[DB_CLASS_OTHER + 1];
  int64_t die_area, core_area;       /* DBU^2 */
  int64_t movable_area, fixed_area_in_core;
  double utilization;                /* movable area / (core area - fixed area in core) */
  int64_t hpwl;                      /* DBU */
} db_stats_t;
void db_stats(const db_t *db, db_stats_t *st);
/* Bytes held by the database's arrays (excluding the kept DEF text). */
size_t db_bytes(const db_t *db);

#endif
