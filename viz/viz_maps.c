/*
 * viz_maps.c: everything drawn as an image rather than as shapes: the coverage raster used for
 * large designs, the cell-density grid and its heatmap, caller scalar maps (congestion), and the
 * color bar.
 *
 * Coverage raster: every standard cell adds its exact overlap area with each pixel (a box filter),
 * weighted by its color, into four float channels per pixel (sum of area*r, area*g, area*b, and
 * area).  A pixel's color is the area-weighted mean color and its opacity the covered fraction,
 * capped at 1, so sparse areas look light and overlaps saturate.  One pass over the cells, one
 * over the pixels: a million cells take well under a second.  The result is painted as a single
 * image with nearest-neighbour sampling (one buffer pixel per image pixel).
 *
 * Density: bin (i, j) of an nx x ny grid over the core holds the area of every placed cell inside
 * it (cells are split exactly over the bins they overlap) divided by the bin area, as the density
 * term of ePlace (Lu et al., TODAES 2015, section 3) counts it, without the smoothing.  Heatmaps
 * are painted as an nx x ny image scaled with nearest sampling, so bin colors are exact and no
 * seams appear between bins.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "viz_int.h"

/* ---- coverage raster ----------------------------------------------------------------------- */

static void splat(float *acc, int pw, int ph, double fx0, double fy0, double fx1, double fy1,
                  float r, float g, float b) {
  if (fx0 < 0) fx0 = 0;
  if (fy0 < 0) fy0 = 0;
  if (fx1 > pw) fx1 = pw;
  if (fy1 > ph) fy1 = ph;
  if (fx1 <= fx0 || fy1 <= fy0) return;
  int ix0 = (int)fx0, iy0 = (int)fy0;
  int ix1 = (int)ceil(fx1) - 1, iy1 = (int)ceil(fy1) - 1;
  if (ix1 >= pw) ix1 = pw - 1;
  if (iy1 >= ph) iy1 = ph - 1;
  for (int j = iy0; j <= iy1; j++) {
    double oy = fmin(fy1, j + 1.0) - fmax(fy0, (double)j);
    if (oy <= 0) continue;
    float *row = acc + (size_t)4 * ((size_t)j * (size_t)pw);
    for (int i = ix0; i <= ix1; i++) {
      double ox = fmin(fx1, i + 1.0) - fmax(fx0, (double)i);
      if (ox <= 0) continue;
      float a = (float)(ox * oy);
      float *p = row + 4 * (size_t)i;
      p[0] += a * r;
      p[1] += a * g;
      p[2] += a * b;
      p[3] += a;
    }
  }
}

int viz_draw_cells_raster(viz_ctx_t *x) {
  const db_t *db = x->db;
  const viz_opts_t *o = x->o;
  const db_rect_t v = x->L.view;
  double s = x->L.scale;
  int pw = (int)ceil(((double)v.x1 - v.x0) * s), ph = (int)ceil(((double)v.y1 - v.y0) * s);
  if (pw < 1) pw = 1;
  if (ph < 1) ph = 1;
  float *acc = ut_calloc((size_t)pw * (size_t)ph * 4, sizeof *acc);
  if (!acc) return UT_ENOMEM;
  /* the plot origin is on a whole pixel, so buffer pixel (i, j) is image pixel (plot_x+i, plot_y+j) */
  for (size_t i = 0; i < db->ncells; i++) {
    int32_t c = (int32_t)i;
    double x0, y0, x1, y1;
    if (!viz_cell_box(db, o->cx, o->cy, c, &x0, &y0, &x1, &y1)) continue;
    int r = x->master_role[db->cell_master[c]];
    if (r == VIZ_C_MACRO) continue;
    int fixed = db_cell_is_fixed(db, c);
    if (fixed) r = VIZ_C_FIXED;
    if (!(o->layers & (fixed ? VIZ_L_FIXED : VIZ_L_CELLS))) continue;
    uint32_t col = viz_color(r);
    if (!fixed && o->cluster && o->cluster[c] >= 0) col = viz_cluster_color(o->cluster[c]);
    splat(acc, pw, ph, (x0 - v.x0) * s, (v.y1 - y1) * s, (x1 - v.x0) * s, (v.y1 - y0) * s,
          (float)(col >> 16 & 255), (float)(col >> 8 & 255), (float)(col & 255));
  }
  cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, pw, ph);
  if (cairo_surface_status(img)) {
    ut_free(acc);
    cairo_surface_destroy(img);
    return UT_ENOMEM;
  }
  cairo_surface_flush(img);
  unsigned char *data = cairo_image_surface_get_data(img);
  int stride = cairo_image_surface_get_stride(img);
  for (int j = 0; j < ph; j++) {
    uint32_t *out = (uint32_t *)(void *)(data + (size_t)j * (size_t)stride);
    const float *in = acc + (size_t)4 * ((size_t)j * (size_t)pw);
    for (int i = 0; i < pw; i++, in += 4) {
      float cov = in[3];
      if (cov <= 0) {
        out[i] = 0;
        continue;
      }
      float a = cov < 1 ? cov : 1;
      /* premultiplied: channel = mean color * alpha */
      uint32_t A = (uint32_t)lrintf(a * 255.0f);
      uint32_t R = (uint32_t)lrintf(in[0] / cov * a), G = (uint32_t)lrintf(in[1] / cov * a);
      uint32_t B = (uint32_t)lrintf(in[2] / cov * a);
      if (R > A) R = A;
      if (G > A) G = A;
      if (B > A) B = A;
      out[i] = A << 24 | R << 16 | G << 8 | B;
    }
  }
  cairo_surface_mark_dirty(img);
  ut_free(acc);
  cairo_t *cr = x->cr;
  cairo_save(cr);
  cairo_set_source_surface(cr, img, x->L.plot_x, x->L.plot_y);
  cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
  cairo_rectangle(cr, x->L.plot_x, x->L.plot_y, pw, ph);
  cairo_fill(cr);
  cairo_restore(cr);
  cairo_surface_destroy(img);
  return UT_OK;
}

/* ---- density ------------------------------------------------------------------------------- */

int viz_density(const db_t *db, const double *cx, const double *cy, int nx, int ny,
                double *values, viz_map_t *map) {
  if (nx <= 0 || ny <= 0 || !values) return UT_EINVAL;
  db_rect_t g = db->core;
  if (g.x1 <= g.x0 || g.y1 <= g.y0) g = db->die;
  if (g.x1 <= g.x0 || g.y1 <= g.y0) return UT_EINVAL;
  double bw = ((double)g.x1 - g.x0) / nx, bh = ((double)g.y1 - g.y0) / ny;
  size_t nb = (size_t)nx * (size_t)ny;
  memset(values, 0, nb * sizeof *values);
  for (size_t i = 0; i < db->ncells; i++) {
    double x0, y0, x1, y1;
    if (!viz_cell_box(db, cx, cy, (int32_t)i, &x0, &y0, &x1, &y1)) continue;
    /* clip to the grid, then split over the bins the box overlaps */
    double a0 = fmax(x0, g.x0), b0 = fmax(y0, g.y0), a1 = fmin(x1, g.x1), b1 = fmin(y1, g.y1);
    if (a1 <= a0 || b1 <= b0) continue;
    int i0 = (int)((a0 - g.x0) / bw), i1 = (int)((a1 - g.x0) / bw);
    int j0 = (int)((b0 - g.y0) / bh), j1 = (int)((b1 - g.y0) / bh);
    if (i1 >= nx) i1 = nx - 1;
    if (j1 >= ny) j1 = ny - 1;
    for (int j = j0; j <= j1; j++) {
      double oy = fmin(b1, g.y0 + (j + 1) * bh) - fmax(b0, g.y0 + j * bh);
      if (oy <= 0) continue;
      for (int k = i0; k <= i1; k++) {
        double ox = fmin(a1, g.x0 + (k + 1) * bw) - fmax(a0, g.x0 + k * bw);
        if (ox > 0) values[(size_t)j * (size_t)nx + (size_t)k] += ox * oy;
      }
    }
  }
  double area = bw * bh, vmax = 0;
  for (size_t k = 0; k < nb; k++) {
    values[k] /= area;
    if (values[k] > vmax) vmax = values[k];
  }
  if (map) {
    memset(map, 0, sizeof *map);
    map->name = "cell density";
    map->nx = nx;
    map->ny = ny;
    map->x0 = g.x0;
    map->y0 = g.y0;
    map->bin_w = bw;
    map->bin_h = bh;
    map->values = values;
    map->vmin = 0;
    map->vmax = fmax(1.0, fmin(vmax, 2.0));
  }
  return UT_OK;
}

/* Bins along the core's longer side: about sqrt(cells)/2, within [16, 128]. */
static void density_grid(const viz_ctx_t *x, int *nx, int *ny) {
  const db_t *db = x->db;
  db_rect_t g = db->core;
  if (g.x1 <= g.x0 || g.y1 <= g.y0) g = db->die;
  double w = (double)g.x1 - g.x0, h = (double)g.y1 - g.y0;
  int nb = x->o->density_bins;
  if (nb <= 0) {
    double n = (double)(x->cs.ncells_std + x->cs.by_role[VIZ_C_MACRO] + x->cs.by_role[VIZ_C_MACRO_FIXED]);
    nb = (int)lround(sqrt(n) / 2);
    if (nb < 16) nb = 16;
    if (nb > 128) nb = 128;
  }
  if (w >= h) {
    *nx = nb;
    *ny = (int)lround(nb * h / w);
  } else {
    *ny = nb;
    *nx = (int)lround(nb * w / h);
  }
  if (*nx < 1) *nx = 1;
  if (*ny < 1) *ny = 1;
}

/* Paint an nx x ny grid of colors as one image over the grid's DBU box. */
static int paint_grid(viz_ctx_t *x, const viz_map_t *m, double vmin, double vmax, double alpha) {
  cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, m->nx, m->ny);
  if (cairo_surface_status(img)) {
    cairo_surface_destroy(img);
    return UT_ENOMEM;
  }
  cairo_surface_flush(img);
  unsigned char *data = cairo_image_surface_get_data(img);
  int stride = cairo_image_surface_get_stride(img);
  for (int j = 0; j < m->ny; j++) {
    uint32_t *out = (uint32_t *)(void *)(data + (size_t)(m->ny - 1 - j) * (size_t)stride);
    for (int i = 0; i < m->nx; i++) {
      double v = m->values[(size_t)j * (size_t)m->nx + (size_t)i];
      out[i] = isnan(v) ? 0 : 0xFF000000u | viz_colormap((v - vmin) / (vmax - vmin));
    }
  }
  cairo_surface_mark_dirty(img);
  cairo_t *cr = x->cr;
  cairo_save(cr);
  double a = viz_px(x, m->x0), t = viz_py(x, m->y0 + m->ny * m->bin_h);
  double w = m->nx * m->bin_w * x->L.scale, h = m->ny * m->bin_h * x->L.scale;
  cairo_rectangle(cr, a, t, w, h);
  cairo_clip(cr);
  cairo_translate(cr, a, t);
  cairo_scale(cr, w / m->nx, h / m->ny);
  cairo_set_source_surface(cr, img, 0, 0);
  cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
  cairo_paint_with_alpha(cr, alpha);
  cairo_restore(cr);
  cairo_surface_destroy(img);
  return UT_OK;
}

int viz_draw_heatmap(viz_ctx_t *x) {
  const viz_opts_t *o = x->o;
  viz_map_t m;
  double *vals = NULL;
  if (o->heatmap == VIZ_HEAT_DENSITY) {
    int nx, ny;
    density_grid(x, &nx, &ny);
    vals = ut_malloc((size_t)nx * (size_t)ny * sizeof *vals);
    if (!vals) return UT_ENOMEM;
    int rc = viz_density(x->db, o->cx, o->cy, nx, ny, vals, &m);
    if (rc) {
      ut_free(vals);
      return rc;
    }
  } else {
    m = *o->map;
  }
  double lo = m.vmin, hi = m.vmax, dmax = -INFINITY;
  size_t nb = (size_t)m.nx * (size_t)m.ny;
  for (size_t k = 0; k < nb; k++)
    if (isfinite(m.values[k]) && m.values[k] > dmax) dmax = m.values[k];
  if (!(lo < hi)) {
    lo = INFINITY;
    hi = -INFINITY;
    for (size_t k = 0; k < nb; k++)
      if (isfinite(m.values[k])) {
        lo = fmin(lo, m.values[k]);
        hi = fmax(hi, m.values[k]);
      }
    if (!(lo <= hi)) lo = hi = 0;
    if (!(lo < hi)) hi = lo + 1;
  }
  int rc = paint_grid(x, &m, lo, hi, o->heat_alpha);
  x->has_bar = 1;
  x->bar_min = lo;
  x->bar_max = hi;
  x->bar_clipped = dmax > hi;
  snprintf(x->bar_name, sizeof x->bar_name, "%s", m.name ? m.name : "value");
  char dims[40];
  snprintf(dims, sizeof dims, " (%dx%d)", m.nx, m.ny);
  if (strlen(x->bar_name) + strlen(dims) < sizeof x->bar_name) strcat(x->bar_name, dims);
  ut_free(vals);
  return rc;
}

static void fmt_value(char *buf, size_t n, double v) {
  if (v != 0 && (fabs(v) >= 1e5 || fabs(v) < 1e-3)) snprintf(buf, n, "%.2e", v);
  else snprintf(buf, n, "%.3g", v);
}

void viz_draw_colorbar(viz_ctx_t *x) {
  cairo_t *cr = x->cr;
  const viz_layout_t *L = &x->L;
  /* one image row per bar row: the top row is exactly colormap(1), the bottom colormap(0) */
  int N = (int)L->bar_h;
  if (N < 2) return;
  cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, N);
  if (cairo_surface_status(img)) {
    cairo_surface_destroy(img);
    return;
  }
  cairo_surface_flush(img);
  unsigned char *data = cairo_image_surface_get_data(img);
  int stride = cairo_image_surface_get_stride(img);
  /* the heatmap is painted with opacity heat_alpha over the core: blend the bar the same way so
   * an empty-core bin and the bar show the same color */
  double a = x->o->heat_alpha;
  uint32_t under = viz_color(VIZ_C_CORE);
  for (int k = 0; k < N; k++) {
    uint32_t c = viz_colormap(1.0 - (double)k / (N - 1)), out = 0xFF000000u;
    for (int sh = 0; sh <= 16; sh += 8)
      out |= (uint32_t)lround(a * (c >> sh & 255) + (1 - a) * (under >> sh & 255)) << sh;
    *(uint32_t *)(void *)(data + (size_t)k * (size_t)stride) = out;
  }
  cairo_surface_mark_dirty(img);
  cairo_save(cr);
  cairo_rectangle(cr, L->bar_x, L->bar_y, L->bar_w, L->bar_h);
  cairo_clip(cr);
  cairo_translate(cr, L->bar_x, L->bar_y);
  cairo_scale(cr, L->bar_w, 1);
  cairo_set_source_surface(cr, img, 0, 0);
  cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
  cairo_paint(cr);
  cairo_restore(cr);
  cairo_surface_destroy(img);
  cairo_save(cr);
  cairo_rectangle(cr, L->bar_x - 0.5, L->bar_y - 0.5, L->bar_w + 1, L->bar_h + 1);
  viz_set_rgb(cr, 0x404040);
  cairo_set_line_width(cr, 1);
  cairo_stroke(cr);
  /* title above, values at the ends and the middle */
  cairo_select_font_face(cr, VIZ_FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  double fs = round(x->fs * 0.9);
  cairo_set_font_size(cr, fs);
  viz_set_rgb(cr, viz_color(VIZ_C_TEXT));
  cairo_move_to(cr, L->bar_x, L->bar_y - 0.9 * x->line_h);
  cairo_show_text(cr, x->bar_name);
  cairo_select_font_face(cr, VIZ_FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, fs);
  for (int k = 0; k <= 4; k++) {
    double f = k / 4.0, v = x->bar_max - f * (x->bar_max - x->bar_min);
    double ty = L->bar_y + f * L->bar_h;
    char buf[48], num[40];
    fmt_value(num, sizeof num, v);
    snprintf(buf, sizeof buf, "%s%s", k == 0 && x->bar_clipped ? ">= " : "", num);
    cairo_move_to(cr, L->bar_x + L->bar_w, ty);
    cairo_line_to(cr, L->bar_x + L->bar_w + 4, ty);
    cairo_set_line_width(cr, 1);
    cairo_stroke(cr);
    cairo_move_to(cr, L->bar_x + L->bar_w + 7, ty + fs * 0.36);
    cairo_show_text(cr, buf);
  }
  cairo_restore(cr);
}
