/*
 * viz_int.h: what the viz_*.c files share: the drawing context (layout, Cairo context, legend
 * entries collected while drawing), cell geometry with the caller's position override, and the
 * helpers of each file.  Not part of the public API (viz.h).
 */
#ifndef PLACE_VIZ_INT_H
#define PLACE_VIZ_INT_H

#include <cairo.h>
#include <stdint.h>

#include "viz.h"

#define VIZ_MAX_LEGEND 32
#define VIZ_FONT "DejaVu Sans"

/* Legend swatch kinds. */
enum { VIZ_SW_FILL = 0, VIZ_SW_OUTLINE, VIZ_SW_DASHED, VIZ_SW_HATCH, VIZ_SW_LINE, VIZ_SW_ARROW,
       VIZ_SW_MARK, VIZ_SW_TEXT };

typedef struct viz_legend_t {
  int kind;
  uint32_t color;
  char label[112];
} viz_legend_t;

/* Per-design counts gathered before layout (the legend's height depends on them). */
typedef struct viz_census_t {
  size_t by_role[VIZ_NCOLORS];   /* drawn cells per color role */
  size_t ncells_std;             /* drawn standard cells (movable + fixed) */
  size_t nunplaced;              /* cells not drawn: unplaced and no override */
  size_t nclustered;             /* cells with a cluster id */
  size_t nblk_hard, nblk_soft, nfence, nguide, npins, nhalo, nrows;
  double mean_cell_w;            /* DBU, of drawn standard cells */
  int rows_drawn;                /* rows are tall enough (3 units) to draw */
  double min_cell_px;            /* standard cells are drawn at least this big (visibility) */
  size_t nenlarged;              /* cells drawn bigger than they are because of min_cell_px */
  size_t nmoved;                 /* cells with a displacement arrow candidate */
  double max_disp, mean_disp;    /* DBU */
} viz_census_t;

typedef struct viz_ctx_t {
  const db_t *db;
  const viz_opts_t *o;
  ut_diag_t *diag;
  cairo_t *cr;
  viz_layout_t L;
  double fs;                     /* base font size (image units) */
  double lw;                     /* base line width */
  double line_h;                 /* text line height */
  double margin;
  double panel_x, panel_w;       /* legend panel, 0 wide when off */
  int raster;                    /* standard cells drawn as a coverage raster */
  uint8_t *master_role;          /* color role per master (VIZ_C_*), built by viz_census */
  viz_census_t cs;
  int32_t *fly;                  /* nets drawn as flylines */
  int nfly;
  /* heatmap for the color bar */
  int has_bar;
  char bar_name[96];
  double bar_min, bar_max;
  int bar_clipped;
  /* legend entries collected while drawing */
  viz_legend_t leg[VIZ_MAX_LEGEND];
  int nleg;
  /* label boxes already drawn (image units), to avoid overprinting */
  double (*labels)[4];
  int nlabels, cap_labels;
} viz_ctx_t;

/* ---- viz_render.c ---- */
void viz_set_rgb(cairo_t *cr, uint32_t rgb);
void viz_set_rgba(cairo_t *cr, uint32_t rgb, double a);
/* Reserve a label box; returns 0 when it overlaps one already drawn (then draw nothing). */
int viz_label_claim(viz_ctx_t *x, double x0, double y0, double x1, double y1);
void viz_fmt_int(char *buf, size_t n, int64_t v);       /* 1234567 -> "1,234,567" */
void viz_fmt_um(char *buf, size_t n, double um);        /* thousands separators, 1 decimal */

/* Image coordinates of a DBU point. */
static inline double viz_px(const viz_ctx_t *x, double dbu_x) {
  return x->L.plot_x + (dbu_x - x->L.view.x0) * x->L.scale;
}
static inline double viz_py(const viz_ctx_t *x, double dbu_y) {
  return x->L.plot_y + (x->L.view.y1 - dbu_y) * x->L.scale;
}

/* ---- viz_draw.c: the design layers ---- */
/* Count what will be drawn (fills x->cs, x->master_role and x->fly). */
int viz_census(viz_ctx_t *x);
/* The census items that depend on the scale (call after the first layout pass). */
void viz_census_scale(viz_ctx_t *x);
/* Cell box in DBU (lower-left x0,y0; upper-right x1,y1) at its drawn position: the center from
 * cx/cy for a non-fixed cell when cx is given, else the database placement.  Returns 0 when the
 * cell has no position (unplaced without override, or a non-finite center). */
int viz_cell_box(const db_t *db, const double *cx, const double *cy, int32_t c, double *x0,
                 double *y0, double *x1, double *y1);
/* Pin position in DBU with the override applied; returns -1 for an unplaced pin. */
int viz_pin_pos(const viz_ctx_t *x, int32_t p, double *px, double *py);
int viz_draw_design_under(viz_ctx_t *x);   /* die, core, rows, regions, blockages, cells */
int viz_draw_design_over(viz_ctx_t *x);    /* macros, region outlines, pins, flylines, arrows */
double viz_hpwl_dbu(const viz_ctx_t *x);   /* HPWL of the drawn positions */
uint32_t viz_flyline_color(int k);          /* color of the k-th flyline net */

/* ---- viz_maps.c: rasters and heatmaps ---- */
int viz_draw_cells_raster(viz_ctx_t *x);
int viz_draw_heatmap(viz_ctx_t *x);         /* density or caller map, sets has_bar */
void viz_draw_colorbar(viz_ctx_t *x);

#endif
