/*
 * viz.h: pictures of a placement (PNG, SVG, PDF through Cairo) and the HTML review report.
 *
 * A picture shows the die (not the whole image): y grows upward in the design and downward in the
 * image, one scale for both axes, so shapes keep their aspect ratio.  Layers are drawn bottom to top
 * in a fixed order (die, rows, regions, blockages, cells, fixed cells, heatmap, macros, pins,
 * flylines, arrows), then the title, legend, color bar and scale bar around the plot.  With a
 * heatmap, standard cells are left out (they would tint it away from the color bar) and macros are
 * outlined, not filled.
 *
 * Cells come from the database, or from caller arrays of cell centers (a placer's double x/y) so a
 * global placer can draw its state without writing it back.  Above `raster_threshold` standard
 * cells the cells are accumulated into a per-pixel coverage buffer and drawn as one image (the
 * fast path for million-cell designs and for animation frames); macros stay vector shapes.
 *
 * Output is written to "<path>.tmp.XXXXXX" and renamed, so a failed run leaves no partial file.
 * The same inputs give the same PNG bytes.  PDF carries a creation date: SOURCE_DATE_EPOCH fixes it.
 */
#ifndef PLACE_VIZ_H
#define PLACE_VIZ_H

#include <stddef.h>
#include <stdint.h>

#include "netlist/db.h"
#include "util/ut.h"

/* Layers: bits of viz_opts_t.layers.  Data-driven layers (flylines, arrows, heatmap) draw only
 * when their data is given, so the default is every bit. */
enum {
  VIZ_L_DIE = 1u << 0,        /* die and core outlines */
  VIZ_L_ROWS = 1u << 1,       /* placement rows (faint) */
  VIZ_L_BLOCKAGES = 1u << 2,  /* placement blockages, hatched; soft / partial ones lighter */
  VIZ_L_REGIONS = 1u << 3,    /* fences and guides, outlined and labeled */
  VIZ_L_FIXED = 1u << 4,      /* fixed standard cells (tap cells, endcaps, ...) */
  VIZ_L_MACROS = 1u << 5,     /* macros: fill, outline, name, orientation mark, halo */
  VIZ_L_CELLS = 1u << 6,      /* movable standard cells, colored by class or by cluster */
  VIZ_L_PINS = 1u << 7,       /* IO pins on the die edge */
  VIZ_L_FLYLINES = 1u << 8,   /* net stars for chosen nets or the highest-fanout nets */
  VIZ_L_ARROWS = 1u << 9,     /* displacement arrows (need prev_x / prev_y) */
  VIZ_L_TITLE = 1u << 10,     /* title and metric lines */
  VIZ_L_LEGEND = 1u << 11,    /* legend and color bar panel at the right */
  VIZ_L_SCALE = 1u << 12      /* scale bar in microns */
};
#define VIZ_L_ALL 0x1fffu
#define VIZ_L_DEFAULT VIZ_L_ALL

/* Heatmap overlays. */
enum { VIZ_HEAT_NONE = 0, VIZ_HEAT_DENSITY, VIZ_HEAT_MAP };

/* A scalar map on a regular grid (congestion, density, ...), in DBU. */
typedef struct viz_map_t {
  const char *name;       /* color bar title ("H congestion"); NULL = "value" */
  int nx, ny;             /* bins */
  double x0, y0;          /* DBU position of the lower-left corner of bin (0, 0) */
  double bin_w, bin_h;    /* DBU */
  const double *values;   /* nx*ny; bin (i, j), column i from the left, row j from the bottom, is
                           * values[j*nx + i]; NaN bins are not drawn */
  double vmin, vmax;      /* color range; vmin >= vmax: the finite values' range */
} viz_map_t;

typedef struct viz_opts_t {
  int width;                        /* image width: pixels (PNG) or points (SVG, PDF); 1200 */
  unsigned layers;                  /* VIZ_L_* bits; VIZ_L_DEFAULT */
  const char *title;                /* first title line; NULL = the design name */
  const char *const *metrics;       /* extra title lines ("overflow 0.10"), nmetrics of them */
  int nmetrics;
  int heatmap;                      /* VIZ_HEAT_*; VIZ_HEAT_NONE */
  int density_bins;                 /* density bins along the core's longer side; 0 = auto */
  const viz_map_t *map;             /* the map drawn for VIZ_HEAT_MAP */
  double heat_alpha;                /* heatmap opacity in (0, 1]; 0.85 */
  const int32_t *cluster;           /* per-cell cluster id (< 0: none) to color cells by; NULL */
  int flylines_top;                 /* flylines of the K highest-fanout signal nets; 0 */
  const char *const *flyline_nets;  /* and of these nets, by name (unknown names are warned) */
  int nflyline_nets;
  const double *cx, *cy;            /* cell centers in DBU (db->ncells entries) replacing the
                                     * database positions of non-fixed cells; NULL = database */
  const double *prev_x, *prev_y;    /* previous cell centers in DBU: arrows prev -> current;
                                     * NaN entries and fixed cells get no arrow */
  int max_arrows;                   /* at most this many arrows, evenly subsampled; 4000 */
  size_t raster_threshold;          /* more standard cells than this: density raster; 200000 */
} viz_opts_t;

/* Defaults as documented above. */
void viz_opts_init(viz_opts_t *o);

/* Parse a layer list: names separated by commas (die, rows, blockages, regions, fixed, macros,
 * cells, pins, flylines, arrows, title, legend, scale, all, none).  "-name" removes a layer and
 * "+name" adds one; a list made only of +/- items starts from VIZ_L_DEFAULT, otherwise from none.
 * Returns 0, or UT_EINVAL with a message naming the bad item in diag. */
int viz_layers_parse(const char *s, unsigned *layers, ut_diag_t *diag);

/* Where things land in the image (for tests and for callers that annotate pictures). */
typedef struct viz_layout_t {
  int width, height;       /* image size (pixels or points) */
  double plot_x, plot_y;   /* image position of the view's upper-left corner (x0, y1) */
  double scale;            /* image units per DBU, both axes (image y grows downward) */
  db_rect_t view;          /* the DBU rectangle shown: the die */
  double bar_x, bar_y, bar_w, bar_h;  /* color bar box (maximum at the top); zero when none */
} viz_layout_t;
int viz_layout(const db_t *db, const viz_opts_t *opts, viz_layout_t *out);

/* Render to path; the format follows the extension (.png, .svg, .pdf, any case).  opts may be NULL
 * (defaults).  Returns 0, UT_EINVAL (bad options, unknown format, no die), UT_EIO or UT_ENOMEM,
 * with a message in diag (which may be NULL: messages then go to stderr). */
int viz_render(const db_t *db, const viz_opts_t *opts, const char *path, ut_diag_t *diag);

/* One animation frame: DIR/frame_NNNN.png (NNNN = iter, zero-padded to 4 digits) with the
 * non-fixed cells at centers (cx, cy) (DBU, db->ncells entries).  DIR is created if missing.
 * opts may be NULL; its cx/cy are replaced by the arguments, "iteration N" is added to the
 * title, and the default width is 800. */
int viz_frame(const db_t *db, const double *cx, const double *cy, int iter, const char *dir,
              const viz_opts_t *opts, ut_diag_t *diag);

/* Cell density on an nx x ny grid over the core: area of cells (movable, fixed and macros;
 * unplaced cells skipped unless cx/cy give them a position) inside each bin / bin area.  values
 * receives nx*ny entries in viz_map_t order; map (optional) gets the grid geometry, name
 * "cell density" and range [0, max(1, min(max value, 2))].  cx/cy as in viz_opts_t. */
int viz_density(const db_t *db, const double *cx, const double *cy, int nx, int ny,
                double *values, viz_map_t *map);

/* Colors, 0xRRGGBB, so tests can look for them in pictures. */
enum {
  VIZ_C_BACKGROUND = 0, VIZ_C_DIE, VIZ_C_CORE, VIZ_C_OUTLINE, VIZ_C_ROW, VIZ_C_BLOCKAGE,
  VIZ_C_BLOCKAGE_SOFT, VIZ_C_FENCE, VIZ_C_GUIDE, VIZ_C_FIXED, VIZ_C_MACRO, VIZ_C_MACRO_FIXED,
  VIZ_C_MACRO_LINE, VIZ_C_HALO, VIZ_C_CELL, VIZ_C_CELL_SPECIAL, VIZ_C_ENDCAP, VIZ_C_PAD,
  VIZ_C_CELL_OTHER, VIZ_C_PIN, VIZ_C_ARROW, VIZ_C_TEXT, VIZ_NCOLORS
};
uint32_t viz_color(int role);
/* Heatmap color at t (clamped to [0, 1]); t = 0 and t = 1 are the color bar's ends. */
uint32_t viz_colormap(double t);
/* Fill color of cluster `id` (>= 0). */
uint32_t viz_cluster_color(int32_t id);

/* ---- HTML review report ------------------------------------------------------------------ */

typedef struct viz_kv_t {
  const char *key, *value;
} viz_kv_t;

/* One pipeline stage and its metrics ("HPWL" -> "363775.2 um"); the report's stage table has a
 * row per stage and a column per metric name (in order of first appearance). */
typedef struct viz_stage_t {
  const char *name;
  const viz_kv_t *metrics;
  int nmetrics;
} viz_stage_t;

typedef struct viz_image_t {
  const char *path;     /* a PNG file */
  const char *caption;  /* NULL = none */
  int embed;            /* 1: inline data URI (self-contained page); 0: link to path as given */
} viz_image_t;

typedef struct viz_report_t {
  const char *title;                /* NULL = "place report: <design>" */
  const db_t *db;                   /* design statistics (db_stats); NULL = no statistics */
  const viz_stage_t *stages;
  int nstages;
  const viz_kv_t *options;          /* the options used */
  int noptions;
  const viz_image_t *images;
  int nimages;
} viz_report_t;

/* Write the report (HTML built as a libxml2 tree, saved atomically).  Returns 0, UT_EIO (an image
 * or the output could not be read or written) or UT_ENOMEM, with a message in diag (may be NULL). */
int viz_report_html(const char *path, const viz_report_t *rep, ut_diag_t *diag);

#endif
