/*
 * lg_grid.h: the placement grid shared by the legality checker, the legalizers and detailed
 * placement: rows, site-aligned free segments, and the rules that say where a standard cell may sit.
 *
 * Rows.  Every DEF ROW is expanded (DO nx BY ny gives ny rows of nx sites); rows with the same y,
 * site, height, orientation and pitch that abut (or overlap on the same site grid) are merged, so a
 * row here is a maximal run of sites.  Rows are sorted by (y, x0, height, site).  A row is a *base*
 * row unless a lower row (smaller height) overlaps it: in a design with single-, double- and
 * triple-height site rows over the same area, the single-height rows are the base rows and the
 * others only say where cells of those sites may start.  Occupancy (segments, legalization, detailed
 * placement) is always in base rows.  Base rows with the same y form a *level*.
 *
 * Where a standard cell (master m, height h) may sit, with lower-left (x, y):
 *  - mode A: if m names a site S that has rows and h is a multiple k of S's height: a stack of k
 *    rows of site S, the first at y, each next one starting where the previous ends, each holding
 *    [x, x+w) inside its extent with x on its site grid (x = row_x0 + j * pitch);
 *  - mode B (m has no site, or its site has no rows, e.g. a hybrid site such as HybridAG in a
 *    design without HybridAG rows): a stack of base rows whose heights add up to h exactly, the
 *    same conditions on each row.
 *  The cell's orientation must be the bottom row's orientation R, or R mirrored about the Y axis
 *  (N row: N or FN; FS row: FS or S) when the master has SYMMETRY Y.  LEF ROWPATTERN (which
 *  orders the rows of a hybrid site) is not in the database: mode B accepts either order.
 *
 * Segments.  lg_grid_segments() cuts every base row into maximal free runs of whole sites: the
 * sites covered (even partly) by an obstacle are removed: FIXED components (not CLASS COVER),
 * components flagged in opts->obstacle (legalized macros, pre-placed multi-height cells), macro
 * halos (DEF + HALO unless SOFT, plus opts->macro_halo around every macro obstacle), and hard
 * placement blockages (not SOFT, no PARTIAL).  Regions of TYPE FENCE and regions without a TYPE
 * label the sites they cover fully with their index (seg_region); a site only partly inside one is
 * removed; GUIDE regions are ignored.  A fence's members use only its segments, other cells only
 * segments with seg_region == -1.
 *
 * The struct is read-only for callers (hot loops read the arrays directly), like db_t.
 */
#ifndef PLACE_LG_GRID_H
#define PLACE_LG_GRID_H

#include <stdint.h>

#include "netlist/db.h"

/* lg_grid_fit results. */
enum { LG_FIT_OK = 0, LG_FIT_OFF_ROW = 1, LG_FIT_OFF_SITE = 2 };
/* Component kinds for legality: standard cells live in rows, macros on the row/site grid. */
enum { LG_KIND_STD = 0, LG_KIND_MACRO = 1, LG_KIND_OTHER = 2 };

typedef struct lg_grid_t {
  /* rows, sorted by (y, x0, h, site) */
  int32_t nrows;
  dbu_t *row_x0, *row_x1;        /* extent: x1 = x0 + nsites * pitch */
  dbu_t *row_y, *row_h, *row_pitch;
  int32_t *row_site;             /* database site */
  int32_t *row_def;              /* first DEF row merged into it */
  uint8_t *row_orient;
  uint8_t *row_base;             /* 1: base row */
  int32_t *row_level;            /* level of a base row, -1 otherwise */
  dbu_t max_row_h;

  /* levels: the distinct y of base rows, ascending; level_rows[level_start[l] ..] are its base
   * rows by x0 */
  int32_t nlevels;
  dbu_t *level_y;
  int32_t *level_start;          /* nlevels + 1 */
  int32_t *level_rows;

  /* per database site: bit 0 = some row has it, bit 1 = some base row has it */
  uint8_t *site_rows;

  /* segments of base rows (empty until lg_grid_segments), by row then x */
  int32_t nsegs;
  int32_t *row_seg_start;        /* nrows + 1 */
  dbu_t *seg_x0, *seg_x1;        /* on the row's site grid */
  int32_t *seg_row;
  int32_t *seg_region;           /* fence-like region index, -1 for none */
} lg_grid_t;

typedef struct lg_seg_opts_t {
  const uint8_t *obstacle;       /* per component, may be NULL: 1 = an obstacle although movable */
  dbu_t macro_halo;              /* keep-out added around every macro obstacle (DBU) */
} lg_seg_opts_t;

/* Build the rows and levels (no segments).  Rows whose site has no size are skipped.  Returns 0
 * or UT_ENOMEM. */
int lg_grid_create(lg_grid_t **out, const db_t *db);
void lg_grid_destroy(lg_grid_t *g);   /* NULL-safe */

/* (Re)build the segments of every base row.  Returns 0 or UT_ENOMEM. */
int lg_grid_segments(lg_grid_t *g, const db_t *db, const lg_seg_opts_t *opts);

/* Rows with row_y == y: [*lo, *hi) (empty when none). */
void lg_grid_rows_at(const lg_grid_t *g, dbu_t y, int32_t *lo, int32_t *hi);
/* Level with level_y == y, or -1. */
int32_t lg_grid_level_at(const lg_grid_t *g, dbu_t y);
/* First level with level_y >= y (nlevels when none). */
int32_t lg_grid_level_lower_bound(const lg_grid_t *g, dbu_t y);

/* Where may master m, placed w x h (oriented size) with lower-left (x, y), sit?  Returns
 * LG_FIT_OK, LG_FIT_OFF_ROW or LG_FIT_OFF_SITE (rows found, x not on a site grid); *bottom (may
 * be NULL) gets the bottom row (-1 when off row) and *nspan the number of rows stacked. */
int lg_grid_fit(const lg_grid_t *g, const db_t *db, int32_t m, dbu_t x, dbu_t y, dbu_t w, dbu_t h,
                int32_t *bottom, int *nspan);
/* Can row r be the bottom row of master m (height h) by the rules above, ignoring x?  For a cell
 * that fits one row (nspan 1): the row is of the master's site (mode A) or a base row of height h
 * (mode B). */
int lg_grid_row_takes(const lg_grid_t *g, const db_t *db, int32_t m, dbu_t h, int32_t r);
/* 1 when master m uses mode A with a single row of a base-row site, or mode B with height equal to
 * a base row's: the cells Abacus places. */
int lg_grid_single_row(const lg_grid_t *g, const db_t *db, int32_t m, dbu_t h);

/* Orientations.  lg_orient_mirror_y(o): o mirrored about the Y axis (N->FN, FS->S, ...).
 * lg_orient_std_ok: may a standard cell of master m sit with orient in a row of row_orient?
 * lg_orient_macro_ok: is orient in the group generated by the master's SYMMETRY (X: FS, Y: FN,
 * R90: W; N always)? */
int lg_orient_mirror_y(int o);
int lg_orient_std_ok(const db_t *db, int32_t m, int row_orient, int orient);
int lg_orient_macro_ok(const db_t *db, int32_t m, int orient);
/* Compose orientations as linear maps: the result of applying a, then b. */
int lg_orient_compose(int a, int b);

/* LG_KIND_* of component c: macro (db_cell_is_macro), standard cell (CLASS CORE or ENDCAP), other
 * (pads, covers, rings). */
int lg_cell_kind(const db_t *db, int32_t c);
/* Region rules: members of a "hard" region (TYPE FENCE, or no TYPE) must lie inside it; only TYPE
 * FENCE keeps other components out (the legalizer keeps them out of untyped regions too). */
int lg_region_hard(const db_t *db, int32_t region);
int lg_region_fence(const db_t *db, int32_t region);
/* Halo of a macro (left, bottom, right, top) in DBU: DEF + HALO (unless SOFT) plus extra. */
void lg_cell_halo(const db_t *db, int32_t c, dbu_t extra, dbu_t out[4]);

#endif
