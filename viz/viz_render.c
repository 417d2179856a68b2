/*
 * viz_render.c: the renderer's entry points (viz_render, viz_frame, viz_layout), options and layer
 * names, the palette, the page layout around the plot (title band on top, legend panel at the right,
 * scale bar below) and the atomic PNG / SVG / PDF writer.
 *
 * Layout: the plot keeps the die's aspect ratio with one scale for both axes; it takes the width left
 * by the margins and the legend panel, unless the die is so tall that the plot would pass 1.5 image
 * widths, then the height is capped and the plot centered.  Plot corners sit on whole pixels.  The
 * image height follows: title band + plot + scale bar band, or the legend panel if that is taller.
 * Everything is computed from the census (what will be drawn) before any drawing, so viz_layout()
 * returns exactly the geometry viz_render() uses.
 *
 * Determinism: no clocks, no hash or pointer order; text goes through Cairo's toy font API with a
 * fixed face.  A PNG is a pure function of the inputs; a PDF embeds a creation date, which follows
 * SOURCE_DATE_EPOCH when set (the reproducible-builds convention).
 */
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/ut_out.h"
#include "viz_int.h"

/* ---- options and layer names ---------------------------------------------------------------- */

void viz_opts_init(viz_opts_t *o) {
  memset(o, 0, sizeof *o);
  o->width = 1200;
  o->layers = VIZ_L_DEFAULT;
  o->heatmap = VIZ_HEAT_NONE;
  o->heat_alpha = 0.85;
  o->max_arrows = 4000;
  o->raster_threshold = 200000;
}

static const struct {
  const char *name;
  unsigned bits;
} LAYER_NAMES[] = {
  {"die", VIZ_L_DIE},         {"rows", VIZ_L_ROWS},       {"blockages", VIZ_L_BLOCKAGES},
  {"regions", VIZ_L_REGIONS}, {"fixed", VIZ_L_FIXED},     {"macros", VIZ_L_MACROS},
  {"cells", VIZ_L_CELLS},     {"pins", VIZ_L_PINS},       {"flylines", VIZ_L_FLYLINES},
  {"arrows", VIZ_L_ARROWS},   {"title", VIZ_L_TITLE},     {"legend", VIZ_L_LEGEND},
  {"scale", VIZ_L_SCALE},     {"all", VIZ_L_ALL},         {"none", 0},
};

int viz_layers_parse(const char *s, unsigned *layers, ut_diag_t *diag) {
  ut_diag_t local;
  if (!diag) {
    ut_diag_init(&local);
    diag = &local;
  }
  /* a list of only +/- items edits the default; any plain item starts from nothing */
  int plain = 0;
  for (const char *p = s; *p;) {
    size_t n = strcspn(p, ",");
    if (n && p[0] != '+' && p[0] != '-') plain = 1;
    p += n + (p[n] == ',');
  }
  unsigned bits = plain ? 0 : VIZ_L_DEFAULT;
  for (const char *p = s; *p;) {
    size_t n = strcspn(p, ",");
    const char *item = p;
    p += n + (p[n] == ',');
    if (!n) continue;
    int sign = 1;
    if (item[0] == '+' || item[0] == '-') {
      sign = item[0] == '+' ? 1 : -1;
      item++;
      n--;
    }
    size_t k, nk = sizeof LAYER_NAMES / sizeof LAYER_NAMES[0];
    for (k = 0; k < nk; k++)
      if (strlen(LAYER_NAMES[k].name) == n && !strncmp(LAYER_NAMES[k].name, item, n)) break;
    if (k == nk) {
      ut_diag_error(diag, NULL, 0, 0,
                    "unknown layer '%.*s' (layers: die, rows, blockages, regions, fixed, macros, "
                    "cells, pins, flylines, arrows, title, legend, scale, all, none)",
                    (int)n, item);
      return UT_EINVAL;
    }
    if (sign > 0) bits |= LAYER_NAMES[k].bits;
    else bits &= ~LAYER_NAMES[k].bits;
  }
  *layers = bits;
  return UT_OK;
}

/* ---- palette ------------------------------------------------------------------------------- */

/* Chosen for contrast on a light die: cells blue, fixed things gray, macros amber, fences green,
 * guides purple, blockages brick red, pins crimson; fills keep dark outlines. */
static const uint32_t COLORS[VIZ_NCOLORS] = {
  [VIZ_C_BACKGROUND] = 0xFFFFFF, [VIZ_C_DIE] = 0xEEEEEE,         [VIZ_C_CORE] = 0xFBFBFB,
  [VIZ_C_OUTLINE] = 0x2B2B2B,    [VIZ_C_ROW] = 0xDADDE6,         [VIZ_C_BLOCKAGE] = 0xB03A2E,
  [VIZ_C_BLOCKAGE_SOFT] = 0xD98880, [VIZ_C_FENCE] = 0x2E8B3E,    [VIZ_C_GUIDE] = 0x8E44AD,
  [VIZ_C_FIXED] = 0x7A7A7A,      [VIZ_C_MACRO] = 0xF0A830,       [VIZ_C_MACRO_FIXED] = 0xC9B48A,
  [VIZ_C_MACRO_LINE] = 0x5A3A00, [VIZ_C_HALO] = 0xA0522D,        [VIZ_C_CELL] = 0x3F6FC6,
  [VIZ_C_CELL_SPECIAL] = 0x8DB6E8, [VIZ_C_ENDCAP] = 0x9467BD,    [VIZ_C_PAD] = 0x8C564B,
  [VIZ_C_CELL_OTHER] = 0x17A2B8, [VIZ_C_PIN] = 0xC2185B,         [VIZ_C_ARROW] = 0xD35400,
  [VIZ_C_TEXT] = 0x202020,
};

uint32_t viz_color(int role) { return (role >= 0 && role < VIZ_NCOLORS) ? COLORS[role] : 0; }

/* Sequential heatmap: pale yellow (empty) through orange and red to dark plum (full/overflow). */
static const struct {
  double t;
  double r, g, b;
} HEAT[] = {
  {0.00, 255, 248, 196}, {0.25, 253, 204, 92}, {0.50, 245, 136, 48},
  {0.75, 212, 58, 44},   {1.00, 104, 12, 66},
};

uint32_t viz_colormap(double t) {
  if (!(t > 0)) t = 0;  /* also NaN */
  if (t > 1) t = 1;
  size_t k = 0, nk = sizeof HEAT / sizeof HEAT[0];
  while (k + 2 < nk && t > HEAT[k + 1].t) k++;
  double u = (t - HEAT[k].t) / (HEAT[k + 1].t - HEAT[k].t);
  int r = (int)lround(HEAT[k].r + u * (HEAT[k + 1].r - HEAT[k].r));
  int g = (int)lround(HEAT[k].g + u * (HEAT[k + 1].g - HEAT[k].g));
  int b = (int)lround(HEAT[k].b + u * (HEAT[k + 1].b - HEAT[k].b));
  return (uint32_t)r << 16 | (uint32_t)g << 8 | (uint32_t)b;
}

/* Golden-ratio hue steps give neighbouring ids distant hues; saturation and value alternate so
 * hues that come back around stay apart. */
uint32_t viz_cluster_color(int32_t id) {
  if (id < 0) id = 0;
  double h = fmod(0.13 + 0.6180339887498949 * (double)id, 1.0) * 6.0;
  double s = (id / 3) % 2 ? 0.55 : 0.75, v = (id / 5) % 2 ? 0.72 : 0.88;
  int i = (int)h;
  double f = h - i, p = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f));
  double r, g, b;
  switch (i % 6) {
  case 0: r = v; g = t; b = p; break;
  case 1: r = q; g = v; b = p; break;
  case 2: r = p; g = v; b = t; break;
  case 3: r = p; g = q; b = v; break;
  case 4: r = t; g = p; b = v; break;
  default: r = v; g = p; b = q; break;
  }
  return (uint32_t)lround(r * 255) << 16 | (uint32_t)lround(g * 255) << 8 |
         (uint32_t)lround(b * 255);
}

void viz_set_rgb(cairo_t *cr, uint32_t c) {
  cairo_set_source_rgb(cr, (c >> 16 & 255) / 255.0, (c >> 8 & 255) / 255.0, (c & 255) / 255.0);
}

void viz_set_rgba(cairo_t *cr, uint32_t c, double a) {
  cairo_set_source_rgba(cr, (c >> 16 & 255) / 255.0, (c >> 8 & 255) / 255.0, (c & 255) / 255.0,
                        a);
}

/* ---- small helpers ------------------------------------------------------------------------- */

void viz_fmt_int(char *buf, size_t n, int64_t v) {
  char tmp[32];
  int len = snprintf(tmp, sizeof tmp, "%lld", (long long)(v < 0 ? -v : v));
  size_t k = 0;
  if (v < 0 && k + 1 < n) buf[k++] = '-';
  for (int i = 0; i < len && k + 1 < n; i++) {
    if (i && (len - i) % 3 == 0 && k + 1 < n) buf[k++] = ',';
    if (k + 1 < n) buf[k++] = tmp[i];
  }
  buf[k] = 0;
}

void viz_fmt_um(char *buf, size_t n, double um) {
  double r = floor(fabs(um) * 10 + 0.5);
  char ip[32];
  viz_fmt_int(ip, sizeof ip, (int64_t)(r / 10));
  snprintf(buf, n, "%s%s.%d", um < 0 && r > 0 ? "-" : "", ip, (int)fmod(r, 10));
}

int viz_label_claim(viz_ctx_t *x, double x0, double y0, double x1, double y1) {
  for (int i = 0; i < x->nlabels; i++) {
    const double *b = x->labels[i];
    if (x0 < b[2] && b[0] < x1 && y0 < b[3] && b[1] < y1) return 0;
  }
  if (x->nlabels == x->cap_labels) {
    int nc = x->cap_labels ? 2 * x->cap_labels : 64;
    void *p = ut_realloc(x->labels, (size_t)nc * sizeof *x->labels);
    if (!p) return 0;
    x->labels = p;
    x->cap_labels = nc;
  }
  double *b = x->labels[x->nlabels++];
  b[0] = x0;
  b[1] = y0;
  b[2] = x1;
  b[3] = y1;
  return 1;
}

static void font(cairo_t *cr, double size, int bold) {
  cairo_select_font_face(cr, VIZ_FONT, CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
}

static void text_at(cairo_t *cr, double x, double y, const char *s) {
  cairo_move_to(cr, x, y);
  cairo_show_text(cr, s);
}

/* ---- context, legend plan and layout ----------------------------------------------------- */

static int has_heatmap(const viz_opts_t *o) {
  return o->heatmap == VIZ_HEAT_DENSITY || (o->heatmap == VIZ_HEAT_MAP && o->map);
}

static void legend_add(viz_ctx_t *x, int kind, uint32_t color, const char *fmt, ...)
  __attribute__((format(printf, 4, 5)));
static void legend_add(viz_ctx_t *x, int kind, uint32_t color, const char *fmt, ...) {
  if (x->nleg >= VIZ_MAX_LEGEND) return;
  viz_legend_t *e = &x->leg[x->nleg++];
  e->kind = kind;
  e->color = color;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(e->label, sizeof e->label, fmt, ap);
  va_end(ap);
}

/* The legend lists what the picture shows, with counts, in drawing order. */
static void plan_legend(viz_ctx_t *x) {
  const viz_census_t *c = &x->cs;
  unsigned ly = x->o->layers;
  char n1[32];
  x->nleg = 0;
  if (ly & VIZ_L_DIE) legend_add(x, VIZ_SW_OUTLINE, COLORS[VIZ_C_OUTLINE], "die / core (dashed)");
  if ((ly & VIZ_L_ROWS) && c->nrows && c->rows_drawn) {
    viz_fmt_int(n1, sizeof n1, (int64_t)c->nrows);
    legend_add(x, VIZ_SW_OUTLINE, 0xA9AFC0, "rows (%s)", n1);
  }
  if (ly & VIZ_L_REGIONS) {
    if (c->nfence) legend_add(x, VIZ_SW_OUTLINE, COLORS[VIZ_C_FENCE], "fence (%zu)", c->nfence);
    if (c->nguide) legend_add(x, VIZ_SW_DASHED, COLORS[VIZ_C_GUIDE], "guide (%zu)", c->nguide);
  }
  if (ly & VIZ_L_BLOCKAGES) {
    if (c->nblk_hard)
      legend_add(x, VIZ_SW_HATCH, COLORS[VIZ_C_BLOCKAGE], "placement blockage (%zu)", c->nblk_hard);
    if (c->nblk_soft)
      legend_add(x, VIZ_SW_HATCH, COLORS[VIZ_C_BLOCKAGE_SOFT], "soft / partial blockage (%zu)",
                 c->nblk_soft);
  }
  static const struct {
    int role;
    unsigned layer;
    const char *name;
  } ROLES[] = {
    {VIZ_C_CELL, VIZ_L_CELLS, "standard cell"},
    {VIZ_C_CELL_SPECIAL, VIZ_L_CELLS, "tap / tie / filler"},
    {VIZ_C_ENDCAP, VIZ_L_CELLS, "endcap"},
    {VIZ_C_PAD, VIZ_L_CELLS, "pad"},
    {VIZ_C_CELL_OTHER, VIZ_L_CELLS, "other cell"},
    {VIZ_C_FIXED, VIZ_L_FIXED, "fixed cell"},
    {VIZ_C_MACRO, VIZ_L_MACROS, "macro"},
    {VIZ_C_MACRO_FIXED, VIZ_L_MACROS, "fixed macro"},
  };
  /* standard cells are not drawn under a heatmap (see viz_draw_design_under) */
  int heat = has_heatmap(x->o);
  if (heat) ly &= ~(unsigned)(VIZ_L_CELLS | VIZ_L_FIXED);
  if (x->o->cluster && c->nclustered && (ly & VIZ_L_CELLS)) {
    viz_fmt_int(n1, sizeof n1, (int64_t)c->nclustered);
    legend_add(x, VIZ_SW_FILL, viz_cluster_color(0), "cells by cluster (%s)", n1);
  }
  for (size_t k = 0; k < sizeof ROLES / sizeof ROLES[0]; k++) {
    size_t n = c->by_role[ROLES[k].role];
    if (!n || !(ly & ROLES[k].layer)) continue;
    viz_fmt_int(n1, sizeof n1, (int64_t)n);
    legend_add(x, VIZ_SW_FILL, COLORS[ROLES[k].role], "%s (%s)", ROLES[k].name, n1);
  }
  if ((ly & VIZ_L_MACROS) && (c->by_role[VIZ_C_MACRO] || c->by_role[VIZ_C_MACRO_FIXED])) {
    legend_add(x, VIZ_SW_MARK, COLORS[VIZ_C_MACRO_LINE], "orientation (master lower-left)");
    if (c->nhalo) legend_add(x, VIZ_SW_DASHED, COLORS[VIZ_C_HALO], "halo (%zu)", c->nhalo);
  }
  if ((ly & VIZ_L_PINS) && c->npins) {
    viz_fmt_int(n1, sizeof n1, (int64_t)c->npins);
    legend_add(x, VIZ_SW_MARK, COLORS[VIZ_C_PIN], "IO pin (%s)", n1);
  }
  if ((ly & VIZ_L_FLYLINES) && x->nfly)
    legend_add(x, VIZ_SW_LINE, viz_flyline_color(0), "flylines (%d net%s)", x->nfly,
               x->nfly == 1 ? "" : "s");
  if ((ly & VIZ_L_ARROWS) && c->nmoved) {
    char mx[32];
    viz_fmt_int(n1, sizeof n1, (int64_t)c->nmoved);
    viz_fmt_um(mx, sizeof mx, c->max_disp / x->db->dbu);
    legend_add(x, VIZ_SW_ARROW, COLORS[VIZ_C_ARROW], "moved %s, max %s um", n1, mx);
    size_t shown = c->nmoved;
    if (x->o->max_arrows > 0 && shown > (size_t)x->o->max_arrows) {
      size_t stride = (c->nmoved + (size_t)x->o->max_arrows - 1) / (size_t)x->o->max_arrows;
      shown = (c->nmoved + stride - 1) / stride;
      char n2[32];
      viz_fmt_int(n2, sizeof n2, (int64_t)shown);
      legend_add(x, VIZ_SW_TEXT, 0, "(every %zu-th arrow: %s shown)", stride, n2);
    }
  }
  if (x->raster && (ly & (VIZ_L_CELLS | VIZ_L_FIXED)))
    legend_add(x, VIZ_SW_TEXT, 0, "cells drawn as coverage raster");
  if (c->nenlarged && (ly & (VIZ_L_CELLS | VIZ_L_FIXED))) {
    viz_fmt_int(n1, sizeof n1, (int64_t)c->nenlarged);
    legend_add(x, VIZ_SW_TEXT, 0, "%s tiny cells drawn at %.1f px", n1, c->min_cell_px);
  }
  if (heat && c->ncells_std && (x->o->layers & (VIZ_L_CELLS | VIZ_L_FIXED)))
    legend_add(x, VIZ_SW_TEXT, 0, "standard cells hidden by the heatmap");
  if (c->nunplaced) {
    viz_fmt_int(n1, sizeof n1, (int64_t)c->nunplaced);
    legend_add(x, VIZ_SW_TEXT, 0, "%s unplaced (not drawn)", n1);
  }
}

static double clampd(double v, double lo, double hi) { return v < lo ? lo : v > hi ? hi : v; }

static int compute_layout(viz_ctx_t *x) {
  const viz_opts_t *o = x->o;
  viz_layout_t *L = &x->L;
  memset(L, 0, sizeof *L);
  db_rect_t v = x->db->die;
  if (v.x1 <= v.x0 || v.y1 <= v.y0) v = x->db->core;
  if (v.x1 <= v.x0 || v.y1 <= v.y0) {
    ut_diag_error(x->diag, NULL, 0, 0, "the design has no die area to draw");
    return UT_EINVAL;
  }
  L->view = v;
  double W = o->width;
  x->fs = clampd(W / 90.0, 9, 18);
  x->margin = round(x->fs);
  x->line_h = round(x->fs * 1.5);
  x->lw = clampd(W / 1200.0, 0.6, 3);
  double title_h = x->margin;
  if (o->layers & VIZ_L_TITLE)   /* see draw_title for the baselines */
    title_h = x->margin + round(x->fs * 1.35) + round(x->fs * 0.35) +
              (1 + o->nmetrics) * x->line_h + round(x->fs * 0.9);
  x->panel_w = 0;
  if ((o->layers & VIZ_L_LEGEND) && W >= 400) x->panel_w = round(clampd(W * 0.22, 190, 380));
  double avail = W - 2 * x->margin - (x->panel_w > 0 ? x->panel_w + x->margin : 0);
  double vw = (double)v.x1 - v.x0, vh = (double)v.y1 - v.y0, aspect = vh / vw;
  double pw = avail, ph = pw * aspect;
  if (ph > 1.5 * W) {
    ph = 1.5 * W;
    pw = ph / aspect;
  }
  L->scale = pw / vw;
  L->plot_x = x->margin + floor((avail - pw) / 2);
  L->plot_y = title_h;
  double bottom = L->plot_y + ceil(ph) + x->margin;
  if (o->layers & VIZ_L_SCALE) bottom += 2 * x->line_h;
  x->panel_x = W - x->margin - x->panel_w;
  double panel_end = L->plot_y;
  if (x->panel_w > 0) {
    panel_end += x->nleg * x->line_h * 0.92 + x->margin;
    if (has_heatmap(o)) {
      L->bar_w = round(x->fs * 1.5);
      L->bar_h = round(clampd(0.45 * ph, 6 * x->line_h, 20 * x->line_h));
      L->bar_x = x->panel_x + round(x->fs * 0.5);
      L->bar_y = round(panel_end + 2.2 * x->line_h);
      panel_end = L->bar_y + L->bar_h + x->line_h;
    }
  }
  L->width = o->width;
  L->height = (int)ceil(fmax(bottom, panel_end + x->margin));
  return UT_OK;
}

static void ctx_free(viz_ctx_t *x) {
  ut_free(x->master_role);
  ut_free(x->fly);
  ut_free(x->labels);
  memset(x, 0, sizeof *x);
}

static int validate(const db_t *db, const viz_opts_t *o, ut_diag_t *diag) {
  if (!db) {
    ut_diag_error(diag, NULL, 0, 0, "no design to draw");
    return UT_EINVAL;
  }
  if (o->width < 64 || o->width > 16384) {
    ut_diag_error(diag, NULL, 0, 0, "image width %d out of range [64, 16384]", o->width);
    return UT_EINVAL;
  }
  if (!(o->heat_alpha > 0 && o->heat_alpha <= 1)) {
    ut_diag_error(diag, NULL, 0, 0, "heatmap opacity %g out of range (0, 1]", o->heat_alpha);
    return UT_EINVAL;
  }
  if (o->heatmap < VIZ_HEAT_NONE || o->heatmap > VIZ_HEAT_MAP) {
    ut_diag_error(diag, NULL, 0, 0, "unknown heatmap kind %d", o->heatmap);
    return UT_EINVAL;
  }
  if (o->heatmap == VIZ_HEAT_MAP) {
    const viz_map_t *m = o->map;
    if (!m || m->nx <= 0 || m->ny <= 0 || !m->values || !(m->bin_w > 0) || !(m->bin_h > 0) ||
        (size_t)m->nx * (size_t)m->ny > ((size_t)1 << 26)) {
      ut_diag_error(diag, NULL, 0, 0, "heatmap: the map needs nx, ny > 0, values and bin sizes > 0");
      return UT_EINVAL;
    }
  }
  if (o->density_bins < 0 || o->density_bins > 4096) {
    ut_diag_error(diag, NULL, 0, 0, "density bins %d out of range [0, 4096]", o->density_bins);
    return UT_EINVAL;
  }
  if ((o->cx == NULL) != (o->cy == NULL) || (o->prev_x == NULL) != (o->prev_y == NULL)) {
    ut_diag_error(diag, NULL, 0, 0, "cell position arrays come in x/y pairs");
    return UT_EINVAL;
  }
  if (db->dbu <= 0) {
    ut_diag_error(diag, NULL, 0, 0, "the design has no DEF units");
    return UT_EINVAL;
  }
  return UT_OK;
}

static int ctx_init(viz_ctx_t *x, const db_t *db, const viz_opts_t *o, ut_diag_t *diag) {
  memset(x, 0, sizeof *x);
  x->db = db;
  x->o = o;
  x->diag = diag;
  int rc = validate(db, o, diag);
  if (!rc) rc = viz_census(x);
  if (!rc) {
    x->raster = x->cs.ncells_std > o->raster_threshold;
    /* the scale does not depend on the legend: lay out once for it, then plan the legend */
    x->nleg = 0;
    rc = compute_layout(x);
    if (!rc) {
      viz_census_scale(x);
      plan_legend(x);
      rc = compute_layout(x);
    }
    /* a tall die at a large width could ask for gigabytes (4 bytes per pixel, 16 more for the
     * coverage raster) */
    if (!rc && (double)x->L.width * x->L.height > 80e6) {
      ut_diag_error(diag, NULL, 0, 0, "image of %d x %d pixels is too large (80 Mpixel at most)",
                    x->L.width, x->L.height);
      rc = UT_EINVAL;
    }
  }
  if (rc) ctx_free(x);
  return rc;
}

static void silent(void *ctx, int is_error, const char *msg) {
  (void)ctx;
  (void)is_error;
  (void)msg;
}

int viz_layout(const db_t *db, const viz_opts_t *opts, viz_layout_t *out) {
  viz_opts_t def;
  if (!opts) {
    viz_opts_init(&def);
    opts = &def;
  }
  ut_diag_t d;
  ut_diag_init(&d);
  d.sink = silent;   /* viz_render reports the same problems */
  viz_ctx_t x;
  int rc = ctx_init(&x, db, opts, &d);
  if (rc) return rc;
  *out = x.L;
  ctx_free(&x);
  return UT_OK;
}

/* ---- decorations: title, legend, scale bar ------------------------------------------------ */

static void draw_title(viz_ctx_t *x) {
  const db_t *db = x->db;
  const viz_opts_t *o = x->o;
  cairo_t *cr = x->cr;
  db_stats_t st;
  db_stats(db, &st);
  double hpwl = (o->cx ? viz_hpwl_dbu(x) : (double)st.hpwl) / db->dbu;
  const char *name = o->title ? o->title : db_str(db, db->design_name);
  if (!name[0]) name = "(unnamed design)";
  double y = x->margin + round(x->fs * 1.35);
  viz_set_rgb(cr, COLORS[VIZ_C_TEXT]);
  font(cr, round(x->fs * 1.35), 1);
  text_at(cr, x->margin, y, name);
  char n1[32], n2[32], n3[32], h[48], dw[32], dh[32], line[512], unpl[64] = "";
  viz_fmt_int(n1, sizeof n1, (int64_t)st.ncells);
  viz_fmt_int(n2, sizeof n2, (int64_t)st.nmacros);
  viz_fmt_int(n3, sizeof n3, (int64_t)st.nfixed);
  if (st.nunplaced && !o->cx) {
    char n4[32];
    viz_fmt_int(n4, sizeof n4, (int64_t)st.nunplaced);
    snprintf(unpl, sizeof unpl, ", %s unplaced", n4);
  }
  viz_fmt_um(h, sizeof h, hpwl);
  viz_fmt_um(dw, sizeof dw, ((double)x->L.view.x1 - x->L.view.x0) / db->dbu);
  viz_fmt_um(dh, sizeof dh, ((double)x->L.view.y1 - x->L.view.y0) / db->dbu);
  snprintf(line, sizeof line,
           "%s cells (%s macros, %s fixed%s), utilization %.1f%%, HPWL %s um, die %s x %s um", n1,
           n2, n3, unpl, 100 * st.utilization, h, dw, dh);
  font(cr, x->fs, 0);
  y += round(x->fs * 0.35) + x->line_h;
  text_at(cr, x->margin, y, line);
  for (int i = 0; i < o->nmetrics; i++) {
    y += x->line_h;
    if (o->metrics[i]) text_at(cr, x->margin, y, o->metrics[i]);
  }
}

static void swatch(viz_ctx_t *x, const viz_legend_t *e, double sx, double sy, double w, double h) {
  cairo_t *cr = x->cr;
  cairo_save(cr);
  cairo_set_line_width(cr, 1.2 * x->lw);
  switch (e->kind) {
  case VIZ_SW_FILL:
    cairo_rectangle(cr, sx, sy, w, h);
    viz_set_rgb(cr, e->color);
    cairo_fill_preserve(cr);
    viz_set_rgb(cr, 0x404040);
    cairo_set_line_width(cr, 0.6 * x->lw);
    cairo_stroke(cr);
    break;
  case VIZ_SW_DASHED: {
    double d[2] = {3 * x->lw, 2 * x->lw};
    cairo_set_dash(cr, d, 2, 0);
  }
    /* fall through */
  case VIZ_SW_OUTLINE:
    cairo_rectangle(cr, sx + 0.5, sy + 0.5, w - 1, h - 1);
    viz_set_rgb(cr, e->color);
    cairo_stroke(cr);
    break;
  case VIZ_SW_HATCH:
    cairo_rectangle(cr, sx, sy, w, h);
    viz_set_rgba(cr, e->color, 0.18);
    cairo_fill_preserve(cr);
    cairo_clip_preserve(cr);
    viz_set_rgb(cr, e->color);
    cairo_stroke(cr);
    for (double k = -h; k < w; k += 4)
      cairo_move_to(cr, sx + k, sy + h), cairo_line_to(cr, sx + k + h, sy);
    cairo_set_line_width(cr, 0.8 * x->lw);
    cairo_stroke(cr);
    break;
  case VIZ_SW_LINE:
    viz_set_rgba(cr, e->color, 0.8);
    cairo_move_to(cr, sx, sy + h);
    cairo_line_to(cr, sx + w / 2, sy);
    cairo_line_to(cr, sx + w, sy + h * 0.6);
    cairo_stroke(cr);
    break;
  case VIZ_SW_ARROW:
    viz_set_rgb(cr, e->color);
    cairo_move_to(cr, sx, sy + h / 2);
    cairo_line_to(cr, sx + w - 4, sy + h / 2);
    cairo_stroke(cr);
    cairo_move_to(cr, sx + w, sy + h / 2);
    cairo_line_to(cr, sx + w - 6, sy + h / 2 - 3.5);
    cairo_line_to(cr, sx + w - 6, sy + h / 2 + 3.5);
    cairo_close_path(cr);
    cairo_fill(cr);
    break;
  case VIZ_SW_MARK:
    viz_set_rgb(cr, e->color);
    cairo_move_to(cr, sx + w / 2 - h / 2, sy + h);
    cairo_line_to(cr, sx + w / 2 + h / 2, sy + h);
    cairo_line_to(cr, sx + w / 2 - h / 2, sy);
    cairo_close_path(cr);
    cairo_fill(cr);
    break;
  default:
    break;
  }
  cairo_restore(cr);
}

static void draw_legend(viz_ctx_t *x) {
  if (x->panel_w <= 0) return;
  cairo_t *cr = x->cr;
  double lh = x->line_h * 0.92, fs = round(x->fs * 0.9);
  double sx = x->panel_x + round(x->fs * 0.5), sw = round(x->fs * 1.6), sh = round(x->fs * 0.8);
  double y = x->L.plot_y;
  font(cr, fs, 0);
  for (int i = 0; i < x->nleg; i++, y += lh) {
    const viz_legend_t *e = &x->leg[i];
    double tx = sx;
    if (e->kind != VIZ_SW_TEXT) {
      swatch(x, e, sx, y + (lh - sh) / 2, sw, sh);
      tx = sx + sw + round(x->fs * 0.6);
    }
    viz_set_rgb(cr, e->kind == VIZ_SW_TEXT ? 0x555555 : COLORS[VIZ_C_TEXT]);
    text_at(cr, tx, y + lh / 2 + fs * 0.36, e->label);
  }
}

static void draw_scale_bar(viz_ctx_t *x) {
  cairo_t *cr = x->cr;
  double px_per_um = x->L.scale * x->db->dbu;
  double plot_w = ((double)x->L.view.x1 - x->L.view.x0) * x->L.scale;
  double target = 0.22 * plot_w / px_per_um;
  if (!(target > 0)) return;
  double p = pow(10, floor(log10(target))), len = p;
  if (5 * p <= target) len = 5 * p;
  else if (2 * p <= target) len = 2 * p;
  double x0 = x->L.plot_x, x1 = x0 + len * px_per_um;
  double ph = ((double)x->L.view.y1 - x->L.view.y0) * x->L.scale;
  double y = ceil(x->L.plot_y + ph) + x->margin + x->line_h * 0.4, tick = x->fs * 0.45;
  cairo_save(cr);
  viz_set_rgb(cr, COLORS[VIZ_C_TEXT]);
  cairo_set_line_width(cr, 2 * x->lw);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
  cairo_move_to(cr, x0, y);
  cairo_line_to(cr, x1, y);
  cairo_stroke(cr);
  cairo_set_line_width(cr, 1.2 * x->lw);
  for (int k = 0; k <= 2; k++) {
    double tx = x0 + (x1 - x0) * k / 2;
    cairo_move_to(cr, tx, y - tick * (k == 1 ? 0.6 : 1));
    cairo_line_to(cr, tx, y + tick * (k == 1 ? 0.6 : 1));
  }
  cairo_stroke(cr);
  char lab[48];
  snprintf(lab, sizeof lab, "%g um", len);
  font(cr, x->fs, 0);
  text_at(cr, x1 + x->fs * 0.7, y + x->fs * 0.36, lab);
  cairo_restore(cr);
}

/* ---- output ------------------------------------------------------------------------------- */

enum { FMT_PNG = 0, FMT_SVG, FMT_PDF };

static int format_of(const char *path) {
  size_t n = strlen(path);
  if (n >= 4 && !strcasecmp(path + n - 4, ".png")) return FMT_PNG;
  if (n >= 4 && !strcasecmp(path + n - 4, ".svg")) return FMT_SVG;
  if (n >= 4 && !strcasecmp(path + n - 4, ".pdf")) return FMT_PDF;
  return -1;
}

typedef struct sink_t {
  FILE *f;
  int err;
} sink_t;

static cairo_status_t sink_write(void *closure, const unsigned char *data, unsigned int len) {
  sink_t *s = closure;
  if (fwrite(data, 1, len, s->f) != len) {
    s->err = errno ? errno : EIO;
    return CAIRO_STATUS_WRITE_ERROR;
  }
  return CAIRO_STATUS_SUCCESS;
}

static void pdf_metadata(cairo_surface_t *s, const char *title) {
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "place (viz)");
  const char *sde = getenv("SOURCE_DATE_EPOCH");
  if (sde && *sde) {
    char *end;
    long long t = strtoll(sde, &end, 10);
    if (!*end && t >= 0) {
      time_t tt = (time_t)t;
      struct tm tm;
      char buf[40];
      if (gmtime_r(&tt, &tm) && strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm)) {
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, buf);
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, buf);
      }
    }
  }
}

static int draw_all(viz_ctx_t *x) {
  cairo_t *cr = x->cr;
  viz_set_rgb(cr, COLORS[VIZ_C_BACKGROUND]);
  cairo_paint(cr);
  /* the design stays inside the plot (plus a little room for pins on the die edge) */
  double pad = round(x->fs * 0.6);
  cairo_save(cr);
  cairo_rectangle(cr, x->L.plot_x - pad, x->L.plot_y - pad,
                  ((double)x->L.view.x1 - x->L.view.x0) * x->L.scale + 2 * pad,
                  ((double)x->L.view.y1 - x->L.view.y0) * x->L.scale + 2 * pad);
  cairo_clip(cr);
  int rc = viz_draw_design_under(x);
  if (!rc && has_heatmap(x->o)) rc = viz_draw_heatmap(x);
  if (!rc) rc = viz_draw_design_over(x);
  cairo_restore(cr);
  if (rc) return rc;
  if (x->o->layers & VIZ_L_TITLE) draw_title(x);
  draw_legend(x);
  if (x->has_bar && x->L.bar_h > 0) viz_draw_colorbar(x);
  if (x->o->layers & VIZ_L_SCALE) draw_scale_bar(x);
  if (cairo_status(cr) == CAIRO_STATUS_NO_MEMORY) return UT_ENOMEM;
  return cairo_status(cr) ? UT_EIO : UT_OK;
}

int viz_render(const db_t *db, const viz_opts_t *opts, const char *path, ut_diag_t *diag) {
  ut_diag_t local;
  if (!diag) {
    ut_diag_init(&local);
    diag = &local;
  }
  viz_opts_t def;
  if (!opts) {
    viz_opts_init(&def);
    opts = &def;
  }
  int fmt = format_of(path);
  if (fmt < 0) {
    ut_diag_error(diag, path, 0, 0, "unknown image format (use .png, .svg or .pdf)");
    return UT_EINVAL;
  }
  viz_ctx_t x;
  int rc = ctx_init(&x, db, opts, diag);
  if (rc) return rc;

  ut_out_t out;
  rc = ut_out_open(&out, path, diag);
  if (rc) {
    ctx_free(&x);
    return rc;
  }
  sink_t s = {out.f, 0};
  cairo_surface_t *surf = NULL;
  if (!rc) {
    int W = x.L.width, H = x.L.height;
    if (fmt == FMT_PNG) {
      surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, W, H);
    } else if (fmt == FMT_SVG) {
      surf = cairo_svg_surface_create_for_stream(sink_write, &s, W, H);
      cairo_svg_surface_set_document_unit(surf, CAIRO_SVG_UNIT_PX);
    } else {
      surf = cairo_pdf_surface_create_for_stream(sink_write, &s, W, H);
      const char *name = opts->title ? opts->title : db_str(db, db->design_name);
      pdf_metadata(surf, name);
    }
    if (cairo_surface_status(surf)) rc = UT_ENOMEM;
  }
  if (!rc) {
    x.cr = cairo_create(surf);
    if (cairo_status(x.cr)) rc = UT_ENOMEM;
    if (!rc) rc = draw_all(&x);
    cairo_destroy(x.cr);
    x.cr = NULL;
  }
  if (!rc) {
    if (fmt == FMT_PNG) {
      cairo_surface_flush(surf);
      if (cairo_surface_write_to_png_stream(surf, sink_write, &s)) rc = UT_EIO;
    } else {
      cairo_surface_finish(surf);
      if (cairo_surface_status(surf)) rc = UT_EIO;
    }
  }
  if (surf) cairo_surface_destroy(surf);
  if (rc) {
    ut_diag_error(diag, path, 0, 0, "cannot write the image: %s",
                  rc == UT_ENOMEM ? "out of memory" : strerror(s.err ? s.err : EIO));
    ut_out_abort(&out);
  } else {
    rc = ut_out_commit(&out, "the image", diag);
  }
  ctx_free(&x);
  return rc;
}

int viz_frame(const db_t *db, const double *cx, const double *cy, int iter, const char *dir,
              const viz_opts_t *opts, ut_diag_t *diag) {
  ut_diag_t local;
  if (!diag) {
    ut_diag_init(&local);
    diag = &local;
  }
  viz_opts_t o;
  if (opts) {
    o = *opts;
  } else {
    viz_opts_init(&o);
    o.width = 800;
  }
  o.cx = cx;
  o.cy = cy;
  if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
    ut_diag_error(diag, dir, 0, 0, "cannot create the frames folder: %s", strerror(errno));
    return UT_EIO;
  }
  /* "iteration N" first, then the caller's lines */
  enum { MAXM = 16 };
  const char *lines[MAXM];
  char it[48];
  snprintf(it, sizeof it, "iteration %d", iter);
  int nm = 0;
  lines[nm++] = it;
  for (int i = 0; i < o.nmetrics && nm < MAXM; i++) lines[nm++] = o.metrics[i];
  o.metrics = lines;
  o.nmetrics = nm;
  size_t n = strlen(dir) + 32;
  char *path = ut_malloc(n);
  if (!path) return UT_ENOMEM;
  snprintf(path, n, "%s/frame_%04d.png", dir, iter);
  int rc = viz_render(db, &o, path, diag);
  ut_free(path);
  return rc;
}
