/*
 * viz_draw.c: the design layers in vector form.  Under the heatmap: die and core, rows, region
 * fills, placement blockages (hatched), standard cells and fixed cells.  Over it: macros (fill,
 * outline, halo, orientation mark, name), region outlines and labels, IO pins, flylines and
 * displacement arrows.  Also the census that the legend and the layout are planned from.
 *
 * Cells are batched by color: one Cairo path per color (a counting pass, then a stable sort of
 * (color, cell) keys), so 200k rectangles cost a few fills, not 200k.  A cell's color is its
 * cluster's (caller array) or its role: macro / fixed macro / fixed cell / class of its master
 * (CORE, CORE subclasses WELLTAP TIEHIGH TIELOW SPACER ANTENNACELL FEEDTHRU, ENDCAP, PAD, other).
 *
 * Orientation mark: a triangle in the corner where the master's lower-left corner (0, 0) lands
 * after the DEF orientation (db_orient_xform), so N, FN, S, FS... are told apart at a glance.
 * Flylines: a star from the net's pin bounding-box center to each pin.  Arrows: from the previous
 * center to the current one, every k-th moved cell so at most max_arrows are drawn.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "viz_int.h"

/* ---- geometry with the caller's position override ------------------------------------------ */

int viz_cell_box(const db_t *db, const double *cx, const double *cy, int32_t c, double *x0,
                 double *y0, double *x1, double *y1) {
  dbu_t w, h;
  db_cell_size(db, c, &w, &h);
  if (cx && !db_cell_is_fixed(db, c)) {
    double mx = cx[c], my = cy[c];
    if (!isfinite(mx) || !isfinite(my)) return 0;
    *x0 = mx - 0.5 * w;
    *y0 = my - 0.5 * h;
  } else {
    if (db->cell_status[c] == DB_UNPLACED) return 0;
    *x0 = db->cell_x[c];
    *y0 = db->cell_y[c];
  }
  *x1 = *x0 + w;
  *y1 = *y0 + h;
  return 1;
}

int viz_pin_pos(const viz_ctx_t *x, int32_t p, double *px, double *py) {
  const db_t *db = x->db;
  int32_t c = db->pin_cell[p];
  if (c < 0 || !x->o->cx || db_cell_is_fixed(db, c)) {
    if (c >= 0 && db->cell_status[c] == DB_UNPLACED && !x->o->cx) return -1;
    int64_t ix, iy;
    if (db_pin_pos(db, p, &ix, &iy)) return -1;
    *px = (double)ix;
    *py = (double)iy;
    return 0;
  }
  double x0, y0, x1, y1;
  if (!viz_cell_box(db, x->o->cx, x->o->cy, c, &x0, &y0, &x1, &y1)) return -1;
  int32_t m = db->cell_master[c], mp = db->pin_ref[p];
  dbu_t ox, oy;
  db_orient_xform(db->cell_orient[c], db->master_w[m], db->master_h[m], db->mpin_x[mp],
                  db->mpin_y[mp], &ox, &oy);
  *px = x0 + ox;
  *py = y0 + oy;
  return 0;
}

double viz_hpwl_dbu(const viz_ctx_t *x) {
  const db_t *db = x->db;
  double total = 0;
  for (size_t n = 0; n < db->nnets; n++) {
    double lx = INFINITY, ly = INFINITY, hx = -INFINITY, hy = -INFINITY;
    int cnt = 0;
    for (int32_t p = db->net_pin_start[n]; p < db->net_pin_start[n + 1]; p++) {
      double px, py;
      if (viz_pin_pos(x, p, &px, &py)) continue;
      lx = fmin(lx, px);
      hx = fmax(hx, px);
      ly = fmin(ly, py);
      hy = fmax(hy, py);
      cnt++;
    }
    if (cnt >= 2) total += (hx - lx) + (hy - ly);
  }
  return total;
}

/* ---- census ------------------------------------------------------------------------------- */

static int special_subclass(const char *s) {
  static const char *const names[] = {"WELLTAP", "TIEHIGH", "TIELOW", "SPACER", "ANTENNACELL",
                                      "FEEDTHRU"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (!strcmp(s, names[i])) return 1;
  return 0;
}

/* Role of a cell (VIZ_C_*): the master's role, turned fixed when the cell is. */
static int cell_role(const viz_ctx_t *x, int32_t c) {
  int r = x->master_role[x->db->cell_master[c]];
  if (db_cell_is_fixed(x->db, c)) {
    if (r == VIZ_C_MACRO) return VIZ_C_MACRO_FIXED;
    return VIZ_C_FIXED;
  }
  return r;
}

static int is_macro_role(int r) { return r == VIZ_C_MACRO || r == VIZ_C_MACRO_FIXED; }

/* Keep the K highest-fanout nets (ties: lower index first) in top[0..*n), best first. */
static void top_insert(int32_t *top, int *n, int k, const db_t *db, int32_t net) {
  int32_t deg = db->net_pin_start[net + 1] - db->net_pin_start[net];
  int i = *n;
  if (i == k) {
    int32_t last = top[k - 1];
    if (db->net_pin_start[last + 1] - db->net_pin_start[last] >= deg) return;
    i = k - 1;
  } else {
    (*n)++;
  }
  while (i > 0) {
    int32_t q = top[i - 1];
    if (db->net_pin_start[q + 1] - db->net_pin_start[q] >= deg) break;
    top[i] = q;
    i--;
  }
  top[i] = net;
}

static int census_flylines(viz_ctx_t *x) {
  const db_t *db = x->db;
  const viz_opts_t *o = x->o;
  if (!(o->layers & VIZ_L_FLYLINES)) return UT_OK;
  int k = o->flylines_top > 0 ? o->flylines_top : 0;
  if (k > 10000) k = 10000;
  if ((size_t)k > db->nnets) k = (int)db->nnets;
  int cap = k + (o->nflyline_nets > 0 ? o->nflyline_nets : 0);
  if (!cap) return UT_OK;
  x->fly = ut_malloc((size_t)cap * sizeof *x->fly);
  if (!x->fly) return UT_ENOMEM;
  for (int i = 0; i < o->nflyline_nets; i++) {
    const char *name = o->flyline_nets[i];
    int32_t n = name ? db_find_net(db, name, strlen(name)) : -1;
    if (n < 0) {
      ut_diag_warn(x->diag, NULL, 0, 0, "flylines: no net named '%s'", name ? name : "");
      continue;
    }
    int dup = 0;
    for (int j = 0; j < x->nfly; j++) dup |= x->fly[j] == n;
    if (!dup) x->fly[x->nfly++] = n;
  }
  if (k > 0) {
    int32_t *top = x->fly + x->nfly;
    int nt = 0;
    for (size_t n = 0; n < db->nnets; n++) {
      if (db->net_use[n] == DB_USE_POWER || db->net_use[n] == DB_USE_GROUND) continue;
      if (db->net_pin_start[n + 1] - db->net_pin_start[n] < 2) continue;
      int dup = 0;
      for (int j = 0; j < x->nfly; j++) dup |= x->fly[j] == (int32_t)n;
      if (!dup) top_insert(top, &nt, k, db, (int32_t)n);
    }
    x->nfly += nt;
  }
  return UT_OK;
}

int viz_census(viz_ctx_t *x) {
  const db_t *db = x->db;
  const viz_opts_t *o = x->o;
  viz_census_t *cs = &x->cs;
  memset(cs, 0, sizeof *cs);
  x->master_role = ut_malloc(db->nmasters ? db->nmasters : 1);
  if (!x->master_role) return UT_ENOMEM;
  memset(x->master_role, 0xFF, db->nmasters);
  double sum_w = 0, sum_d = 0;
  for (size_t i = 0; i < db->ncells; i++) {
    int32_t c = (int32_t)i, m = db->cell_master[c];
    if (x->master_role[m] == 0xFF) {
      int r;
      if (db_cell_is_macro(db, c)) {
        r = VIZ_C_MACRO;
      } else {
        switch (db->master_class[m]) {
        case DB_CLASS_CORE:
          r = special_subclass(db_str(db, db->master_subclass[m])) ? VIZ_C_CELL_SPECIAL : VIZ_C_CELL;
          break;
        case DB_CLASS_ENDCAP: r = VIZ_C_ENDCAP; break;
        case DB_CLASS_PAD: r = VIZ_C_PAD; break;
        default: r = VIZ_C_CELL_OTHER; break;
        }
      }
      x->master_role[m] = (uint8_t)r;
    }
    double x0, y0, x1, y1;
    if (!viz_cell_box(db, o->cx, o->cy, c, &x0, &y0, &x1, &y1)) {
      cs->nunplaced++;
      continue;
    }
    int r = cell_role(x, c);
    cs->by_role[r]++;
    if (is_macro_role(r)) {
      if ((db->cell_flags[c] & DB_CF_HALO) && db->cell_halo) cs->nhalo++;
      continue;
    }
    cs->ncells_std++;
    sum_w += x1 - x0;
    if (o->cluster && o->cluster[c] >= 0 && r != VIZ_C_FIXED) cs->nclustered++;
    if (o->prev_x && (o->layers & VIZ_L_ARROWS) && r != VIZ_C_FIXED && isfinite(o->prev_x[c]) &&
        isfinite(o->prev_y[c])) {
      double d = hypot(0.5 * (x0 + x1) - o->prev_x[c], 0.5 * (y0 + y1) - o->prev_y[c]);
      if (d > 0.5) {
        cs->nmoved++;
        sum_d += d;
        if (d > cs->max_disp) cs->max_disp = d;
      }
    }
  }
  /* macros move too: their arrows count the same way */
  if (o->prev_x && (o->layers & VIZ_L_ARROWS)) {
    for (size_t i = 0; i < db->ncells; i++) {
      int32_t c = (int32_t)i;
      double x0, y0, x1, y1;
      if (x->master_role[db->cell_master[c]] != VIZ_C_MACRO || db_cell_is_fixed(db, c)) continue;
      if (!viz_cell_box(db, o->cx, o->cy, c, &x0, &y0, &x1, &y1)) continue;
      if (!isfinite(o->prev_x[c]) || !isfinite(o->prev_y[c])) continue;
      double d = hypot(0.5 * (x0 + x1) - o->prev_x[c], 0.5 * (y0 + y1) - o->prev_y[c]);
      if (d > 0.5) {
        cs->nmoved++;
        sum_d += d;
        if (d > cs->max_disp) cs->max_disp = d;
      }
    }
  }
  cs->mean_cell_w = cs->ncells_std ? sum_w / (double)cs->ncells_std : 0;
  cs->mean_disp = cs->nmoved ? sum_d / (double)cs->nmoved : 0;
  for (size_t b = 0; b < db->nblk; b++) {
    if (db->blk_kind[b] != DB_BLK_PLACEMENT) continue;
    if (db->blk_soft[b] || db->blk_partial[b] > 0) cs->nblk_soft++;
    else cs->nblk_hard++;
  }
  for (size_t r = 0; r < db->nregions; r++) {
    if (db->region_rect_start[r] == db->region_rect_start[r + 1]) continue;
    if (db->region_type[r] == DB_REGION_GUIDE) cs->nguide++;
    else cs->nfence++;
  }
  for (size_t i = 0; i < db->nios; i++) cs->npins += db->io_status[i] != DB_UNPLACED;
  cs->nrows = db->nrows;
  return census_flylines(x);
}

/* What depends on the scale: rows are drawn when 3 units apart; in sparse designs (5000 standard
 * cells or fewer) cells smaller than 2.5 units are drawn at 2.5 so none disappears, else at 1. */
static void row_box(const db_t *db, size_t r, double *x0, double *y0, double *x1, double *y1);

void viz_census_scale(viz_ctx_t *x) {
  const db_t *db = x->db;
  const viz_opts_t *o = x->o;
  viz_census_t *cs = &x->cs;
  double s = x->L.scale;
  cs->rows_drawn = 0;
  if (db->nrows) {
    double x0, y0, x1, y1;
    row_box(db, 0, &x0, &y0, &x1, &y1);
    cs->rows_drawn = (y1 - y0) * s >= 3;
  }
  cs->min_cell_px = cs->ncells_std <= 5000 ? 2.5 : 1.0;
  cs->nenlarged = 0;
  if (x->raster || cs->min_cell_px <= 1) return;
  for (size_t i = 0; i < db->ncells; i++) {
    int32_t c = (int32_t)i;
    double x0, y0, x1, y1;
    if (!viz_cell_box(db, o->cx, o->cy, c, &x0, &y0, &x1, &y1)) continue;
    if (is_macro_role(cell_role(x, c))) continue;
    if ((x1 - x0) * s < cs->min_cell_px || (y1 - y0) * s < cs->min_cell_px) cs->nenlarged++;
  }
}

/* ---- under the heatmap --------------------------------------------------------------------- */

static void rect_path(viz_ctx_t *x, double x0, double y0, double x1, double y1) {
  double a = viz_px(x, x0), b = viz_py(x, y1);
  cairo_rectangle(x->cr, a, b, viz_px(x, x1) - a, viz_py(x, y0) - b);
}

static void die_path(viz_ctx_t *x) {
  const db_t *db = x->db;
  if (db->ndie_pts >= 3) {
    for (size_t i = 0; i < db->ndie_pts; i++) {
      double px = viz_px(x, db->die_pts[2 * i]), py = viz_py(x, db->die_pts[2 * i + 1]);
      if (i) cairo_line_to(x->cr, px, py);
      else cairo_move_to(x->cr, px, py);
    }
    cairo_close_path(x->cr);
  } else {
    rect_path(x, x->L.view.x0, x->L.view.y0, x->L.view.x1, x->L.view.y1);
  }
}

static void draw_die(viz_ctx_t *x) {
  cairo_t *cr = x->cr;
  const db_rect_t c = x->db->core;
  die_path(x);
  viz_set_rgb(cr, viz_color(VIZ_C_DIE));
  cairo_fill(cr);
  if (c.x1 > c.x0 && c.y1 > c.y0) {
    rect_path(x, c.x0, c.y0, c.x1, c.y1);
    viz_set_rgb(cr, viz_color(VIZ_C_CORE));
    cairo_fill(cr);
  }
}

/* Outlines go on top of everything else so they stay visible. */
static void draw_die_outline(viz_ctx_t *x) {
  cairo_t *cr = x->cr;
  const db_rect_t c = x->db->core;
  cairo_save(cr);
  viz_set_rgb(cr, viz_color(VIZ_C_OUTLINE));
  if (c.x1 > c.x0 && c.y1 > c.y0 &&
      (c.x0 != x->L.view.x0 || c.y0 != x->L.view.y0 || c.x1 != x->L.view.x1 ||
       c.y1 != x->L.view.y1)) {
    double d[2] = {4 * x->lw, 3 * x->lw};
    cairo_set_dash(cr, d, 2, 0);
    cairo_set_line_width(cr, 0.9 * x->lw);
    rect_path(x, c.x0, c.y0, c.x1, c.y1);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
  }
  cairo_set_line_width(cr, 1.6 * x->lw);
  die_path(x);
  cairo_stroke(cr);
  cairo_restore(cr);
}

static void row_box(const db_t *db, size_t r, double *x0, double *y0, double *x1, double *y1) {
  int32_t s = db->row_site[r];
  double sw = s >= 0 ? db->site_w[s] : 0, sh = s >= 0 ? db->site_h[s] : 0;
  double nx = db->row_nx[r], ny = db->row_ny[r];
  double w = db->row_sx[r] ? (nx - 1) * db->row_sx[r] + sw : nx * sw;
  double h = db->row_sy[r] ? (ny - 1) * db->row_sy[r] + sh : ny * sh;
  if (db->row_orient[r] == DB_W || db->row_orient[r] == DB_E || db->row_orient[r] == DB_FW ||
      db->row_orient[r] == DB_FE) {
    double t = w;
    w = h;
    h = t;
  }
  *x0 = db->row_x[r];
  *y0 = db->row_y[r];
  *x1 = *x0 + w;
  *y1 = *y0 + h;
}

static void draw_rows(viz_ctx_t *x) {
  const db_t *db = x->db;
  /* rows closer than 3 pixels would only gray the core out */
  if (!x->cs.rows_drawn) return;
  double x0, y0, x1, y1;
  cairo_t *cr = x->cr;
  for (size_t r = 0; r < db->nrows; r++) {
    row_box(db, r, &x0, &y0, &x1, &y1);
    rect_path(x, x0, y0, x1, y1);
  }
  viz_set_rgb(cr, viz_color(VIZ_C_ROW));
  cairo_set_line_width(cr, 0.6 * x->lw);
  cairo_stroke(cr);
}

static void region_bbox(const db_t *db, size_t r, double *b) {
  b[0] = b[1] = INFINITY;
  b[2] = b[3] = -INFINITY;
  for (int32_t k = db->region_rect_start[r]; k < db->region_rect_start[r + 1]; k++) {
    const db_rect_t q = db->region_rects[k];
    b[0] = fmin(b[0], q.x0);
    b[1] = fmin(b[1], q.y0);
    b[2] = fmax(b[2], q.x1);
    b[3] = fmax(b[3], q.y1);
  }
}

static void draw_region_fills(viz_ctx_t *x) {
  const db_t *db = x->db;
  cairo_t *cr = x->cr;
  for (size_t r = 0; r < db->nregions; r++) {
    for (int32_t k = db->region_rect_start[r]; k < db->region_rect_start[r + 1]; k++) {
      const db_rect_t q = db->region_rects[k];
      rect_path(x, q.x0, q.y0, q.x1, q.y1);
    }
    int guide = db->region_type[r] == DB_REGION_GUIDE;
    viz_set_rgba(cr, viz_color(guide ? VIZ_C_GUIDE : VIZ_C_FENCE), 0.10);
    cairo_fill(cr);
  }
}

static void draw_region_outlines(viz_ctx_t *x) {
  const db_t *db = x->db;
  cairo_t *cr = x->cr;
  cairo_save(cr);
  for (size_t r = 0; r < db->nregions; r++) {
    if (db->region_rect_start[r] == db->region_rect_start[r + 1]) continue;
    int guide = db->region_type[r] == DB_REGION_GUIDE;
    uint32_t col = viz_color(guide ? VIZ_C_GUIDE : VIZ_C_FENCE);
    for (int32_t k = db->region_rect_start[r]; k < db->region_rect_start[r + 1]; k++) {
      const db_rect_t q = db->region_rects[k];
      rect_path(x, q.x0, q.y0, q.x1, q.y1);
    }
    double d[2] = {5 * x->lw, 3 * x->lw};
    cairo_set_dash(cr, d, guide ? 2 : 0, 0);
    cairo_set_line_width(cr, 1.8 * x->lw);
    viz_set_rgb(cr, col);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
    /* label inside the top-left corner of the region's bounding box, when it fits */
    double b[4];
    region_bbox(db, r, b);
    char lab[200];
    snprintf(lab, sizeof lab, "%s (%s)", db_str(db, db->region_name[r]), guide ? "guide" : "fence");
    double fs = round(x->fs * 0.85);
    cairo_select_font_face(cr, VIZ_FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
    cairo_set_font_size(cr, fs);
    cairo_text_extents_t te;
    cairo_text_extents(cr, lab, &te);
    double lx = viz_px(x, b[0]) + 3 * x->lw, ly = viz_py(x, b[3]) + 3 * x->lw;
    double wpx = (b[2] - b[0]) * x->L.scale, hpx = (b[3] - b[1]) * x->L.scale;
    if (te.x_advance + 6 * x->lw > wpx || fs * 1.3 > hpx) continue;
    if (!viz_label_claim(x, lx, ly, lx + te.x_advance, ly + fs * 1.2)) continue;
    /* a light backing keeps the label readable over cells */
    cairo_rectangle(cr, lx - 1, ly, te.x_advance + 2, fs * 1.25);
    viz_set_rgba(cr, 0xFFFFFF, 0.75);
    cairo_fill(cr);
    viz_set_rgb(cr, col);
    cairo_move_to(cr, lx, ly + fs);
    cairo_show_text(cr, lab);
  }
  cairo_restore(cr);
}

static void draw_blockages(viz_ctx_t *x) {
  const db_t *db = x->db;
  cairo_t *cr = x->cr;
  for (int pass = 0; pass < 2; pass++) {   /* soft / partial first, hard on top */
    for (size_t b = 0; b < db->nblk; b++) {
      if (db->blk_kind[b] != DB_BLK_PLACEMENT) continue;
      int soft = db->blk_soft[b] || db->blk_partial[b] > 0;
      if (soft != (pass == 0)) continue;
      uint32_t col = viz_color(soft ? VIZ_C_BLOCKAGE_SOFT : VIZ_C_BLOCKAGE);
      double step = (soft ? 10 : 6) * x->lw;
      for (int32_t k = db->blk_rect_start[b]; k < db->blk_rect_start[b + 1]; k++) {
        const db_rect_t q = db->blk_rects[k];
        double a = viz_px(x, q.x0), t = viz_py(x, q.y1);
        double w = viz_px(x, q.x1) - a, h = viz_py(x, q.y0) - t;
        cairo_save(cr);
        cairo_rectangle(cr, a, t, w, h);
        viz_set_rgba(cr, col, soft ? 0.10 : 0.16);
        cairo_fill_preserve(cr);
        cairo_clip_preserve(cr);
        cairo_set_line_width(cr, 1.2 * x->lw);
        viz_set_rgb(cr, col);
        cairo_stroke(cr);
        /* 45-degree hatch, phase anchored to the image so neighbours line up */
        double s0 = floor((a - t - h) / step) * step;
        for (double k2 = s0; k2 < a + w - t; k2 += step) {
          cairo_move_to(cr, k2 + t, t);        /* points with x - y = k2 */
          cairo_line_to(cr, k2 + t + h, t + h);
        }
        cairo_set_line_width(cr, (soft ? 0.7 : 0.9) * x->lw);
        viz_set_rgba(cr, col, soft ? 0.7 : 0.9);
        cairo_stroke(cr);
        cairo_restore(cr);
      }
    }
  }
}

typedef struct key_t {
  uint32_t color;
  int32_t cell;
} key_t;

static int key_cmp(const void *a, const void *b) {
  const key_t *p = a, *q = b;
  if (p->color != q->color) return p->color < q->color ? -1 : 1;
  return p->cell < q->cell ? -1 : p->cell > q->cell;
}

/* Standard cells (movable and fixed) as rectangles, one fill per color. */
static int draw_cells_vector(viz_ctx_t *x) {
  const db_t *db = x->db;
  const viz_opts_t *o = x->o;
  cairo_t *cr = x->cr;
  size_t n = 0;
  key_t *keys = ut_malloc((x->cs.ncells_std ? x->cs.ncells_std : 1) * sizeof *keys);
  if (!keys) return UT_ENOMEM;
  for (size_t i = 0; i < db->ncells; i++) {
    int32_t c = (int32_t)i;
    double x0, y0, x1, y1;
    if (!viz_cell_box(db, o->cx, o->cy, c, &x0, &y0, &x1, &y1)) continue;
    int r = cell_role(x, c);
    if (is_macro_role(r)) continue;
    if (!(o->layers & (r == VIZ_C_FIXED ? VIZ_L_FIXED : VIZ_L_CELLS))) continue;
    uint32_t col = viz_color(r);
    if (o->cluster && o->cluster[c] >= 0 && r != VIZ_C_FIXED) col = viz_cluster_color(o->cluster[c]);
    /* fixed cells sort last so they sit on top of movable ones */
    keys[n].color = col | (r == VIZ_C_FIXED ? 1u << 24 : 0);
    keys[n].cell = c;
    n++;
  }
  qsort(keys, n, sizeof *keys, key_cmp);
  int outline = x->cs.mean_cell_w * x->L.scale >= 5;
  for (size_t a = 0; a < n;) {
    size_t b = a;
    while (b < n && keys[b].color == keys[a].color) {
      double x0, y0, x1, y1;
      viz_cell_box(db, o->cx, o->cy, keys[b].cell, &x0, &y0, &x1, &y1);
      double minw = x->cs.min_cell_px / x->L.scale;
      if (x1 - x0 < minw) x0 = 0.5 * (x0 + x1 - minw), x1 = x0 + minw;
      if (y1 - y0 < minw) y0 = 0.5 * (y0 + y1 - minw), y1 = y0 + minw;
      rect_path(x, x0, y0, x1, y1);
      b++;
    }
    uint32_t col = keys[a].color & 0xFFFFFF;
    viz_set_rgb(cr, col);
    if (outline) {
      cairo_fill_preserve(cr);
      /* a darker edge of the same hue separates abutting cells */
      uint32_t dark = ((col >> 16 & 255) * 5 / 8) << 16 | ((col >> 8 & 255) * 5 / 8) << 8 |
                      (col & 255) * 5 / 8;
      viz_set_rgb(cr, dark);
      cairo_set_line_width(cr, 0.5 * x->lw);
      cairo_stroke(cr);
    } else {
      cairo_fill(cr);
    }
    a = b;
  }
  ut_free(keys);
  return UT_OK;
}

int viz_draw_design_under(viz_ctx_t *x) {
  unsigned ly = x->o->layers;
  if (ly & VIZ_L_DIE) draw_die(x);
  if (ly & VIZ_L_ROWS) draw_rows(x);
  if (ly & VIZ_L_REGIONS) draw_region_fills(x);
  if (ly & VIZ_L_BLOCKAGES) draw_blockages(x);
  /* under a heatmap, cells would tint its colors away from the color bar: leave them out */
  int heat = x->o->heatmap == VIZ_HEAT_DENSITY || (x->o->heatmap == VIZ_HEAT_MAP && x->o->map);
  if ((ly & (VIZ_L_CELLS | VIZ_L_FIXED)) && !heat)
    return x->raster ? viz_draw_cells_raster(x) : draw_cells_vector(x);
  return UT_OK;
}

/* ---- over the heatmap ---------------------------------------------------------------------- */

/* Instance name centered in its box, at the largest size that fits, on up to 4 lines broken after
 * hierarchy separators ('.', '/'); nothing when it would be smaller than 7 units or would cover
 * another label. */
static void draw_macro_label(viz_ctx_t *x, const char *name, double a, double t, double w, double h) {
  cairo_t *cr = x->cr;
  enum { MAXL = 4, MAXC = 160 };
  size_t len = strlen(name);
  if (!len || len >= MAXC) return;
  double best = 0;
  int best_k = 0;
  size_t best_cut[MAXL + 1] = {0};
  double ref = 10;   /* measure at a reference size, then scale */
  cairo_set_font_size(cr, ref);
  for (int k = 1; k <= MAXL; k++) {
    /* greedy: cut after the separator that brings the line closest to len/k characters */
    size_t cut[MAXL + 1];
    int nl = 0;
    cut[0] = 0;
    size_t pos = 0;
    while (pos < len && nl < k) {
      size_t want = pos + (len - pos + (size_t)(k - nl) - 1) / (size_t)(k - nl), end = len;
      if (nl < k - 1) {
        size_t bestd = (size_t)-1;
        end = len;
        for (size_t q = pos + 1; q < len; q++)
          if (name[q - 1] == '.' || name[q - 1] == '/') {
            size_t d = q > want ? q - want : want - q;
            if (d < bestd) bestd = d, end = q;
          }
      }
      cut[++nl] = end;
      pos = end;
    }
    if (pos < len) continue;
    double maxw = 0;
    char buf[MAXC];
    for (int l = 0; l < nl; l++) {
      size_t n = cut[l + 1] - cut[l];
      memcpy(buf, name + cut[l], n);
      buf[n] = 0;
      cairo_text_extents_t te;
      cairo_text_extents(cr, buf, &te);
      maxw = fmax(maxw, te.x_advance);
    }
    double fs = fmin(x->fs * 0.9, fmin(0.9 * w / maxw * ref, 0.75 * h / (1.25 * nl)));
    if (fs > best * 1.05) {
      best = fs;
      best_k = nl;
      memcpy(best_cut, cut, sizeof cut);
    }
    if (nl < k) break;   /* no more separators to cut at */
  }
  if (best < 7 || !best_k) return;
  double lh = best * 1.2, top = t + (h - best_k * lh) / 2;
  double bw = 0;
  char buf[MAXC];
  cairo_set_font_size(cr, best);
  for (int l = 0; l < best_k; l++) {
    size_t n = best_cut[l + 1] - best_cut[l];
    memcpy(buf, name + best_cut[l], n);
    buf[n] = 0;
    cairo_text_extents_t te;
    cairo_text_extents(cr, buf, &te);
    bw = fmax(bw, te.x_advance);
  }
  if (!viz_label_claim(x, a + (w - bw) / 2, top, a + (w + bw) / 2, top + best_k * lh)) return;
  viz_set_rgb(cr, viz_color(VIZ_C_TEXT));
  for (int l = 0; l < best_k; l++) {
    size_t n = best_cut[l + 1] - best_cut[l];
    memcpy(buf, name + best_cut[l], n);
    buf[n] = 0;
    cairo_text_extents_t te;
    cairo_text_extents(cr, buf, &te);
    cairo_move_to(cr, a + (w - te.x_advance) / 2, top + l * lh + best * 0.95);
    cairo_show_text(cr, buf);
  }
}

/* pass 0: halo, body and orientation mark; pass 1: the name (after every body, so no later
 * macro covers an earlier label). */
static void draw_macro(viz_ctx_t *x, int32_t c, int fill, int pass) {
  const db_t *db = x->db;
  cairo_t *cr = x->cr;
  double x0, y0, x1, y1;
  if (!viz_cell_box(db, x->o->cx, x->o->cy, c, &x0, &y0, &x1, &y1)) return;
  int fixed = db_cell_is_fixed(db, c);
  double a = viz_px(x, x0), t = viz_py(x, y1), w = viz_px(x, x1) - a, h = viz_py(x, y0) - t;
  if (pass == 1) {
    draw_macro_label(x, db_str(db, db->cell_name[c]), a, t, w, h);
    return;
  }
  if ((db->cell_flags[c] & DB_CF_HALO) && db->cell_halo) {
    const dbu_t *hl = &db->cell_halo[4 * c];
    double d[2] = {3 * x->lw, 2 * x->lw};
    cairo_set_dash(cr, d, 2, 0);
    rect_path(x, x0 - hl[0], y0 - hl[1], x1 + hl[2], y1 + hl[3]);
    viz_set_rgb(cr, viz_color(VIZ_C_HALO));
    cairo_set_line_width(cr, 1.0 * x->lw);
    cairo_stroke(cr);
    cairo_set_dash(cr, NULL, 0, 0);
  }
  cairo_rectangle(cr, a, t, w, h);
  if (fill) {
    viz_set_rgb(cr, viz_color(fixed ? VIZ_C_MACRO_FIXED : VIZ_C_MACRO));
    cairo_fill_preserve(cr);
  }
  viz_set_rgb(cr, viz_color(VIZ_C_MACRO_LINE));
  cairo_set_line_width(cr, (fill ? 1.2 : 1.8) * x->lw);
  cairo_stroke(cr);
  /* orientation mark at the image of the master's lower-left corner */
  double m = fmin(w, h);
  if (m >= 8) {
    int32_t ms = db->cell_master[c];
    dbu_t ox, oy;
    db_orient_xform(db->cell_orient[c], db->master_w[ms], db->master_h[ms], 0, 0, &ox, &oy);
    double wd = x1 - x0, hd = y1 - y0;
    int right = ox * 2 > wd, top = oy * 2 > hd;
    double sz = fmin(fmax(0.18 * m, 4), 16 * x->lw);
    double cxp = right ? a + w : a, cyp = top ? t : t + h;
    double dx = right ? -sz : sz, dy = top ? sz : -sz;
    cairo_move_to(cr, cxp, cyp);
    cairo_line_to(cr, cxp + dx, cyp);
    cairo_line_to(cr, cxp, cyp + dy);
    cairo_close_path(cr);
    viz_set_rgb(cr, viz_color(VIZ_C_MACRO_LINE));
    cairo_fill(cr);
  }
}

static void draw_macros(viz_ctx_t *x, int fill) {
  const db_t *db = x->db;
  cairo_save(x->cr);
  cairo_select_font_face(x->cr, VIZ_FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  /* movable macros over fixed ones, each group in index order; then the names */
  for (int pass = 0; pass < 3; pass++)
    for (size_t i = 0; i < db->ncells; i++) {
      int32_t c = (int32_t)i;
      if (x->master_role[db->cell_master[c]] != VIZ_C_MACRO) continue;
      if (pass < 2 && db_cell_is_fixed(db, c) != (pass == 0)) continue;
      draw_macro(x, c, fill, pass == 2);
    }
  cairo_restore(x->cr);
}

/* IO pins: the pin shape when it is big enough to see, and a triangle on the nearest die edge
 * pointing into the die. */
static void draw_pins(viz_ctx_t *x) {
  const db_t *db = x->db;
  cairo_t *cr = x->cr;
  const db_rect_t v = x->L.view;
  double sz = fmin(fmax(x->fs * 0.45, 3), 9);
  for (size_t i = 0; i < db->nios; i++) {
    if (db->io_status[i] == DB_UNPLACED) continue;
    double px = db->io_x[i], py = db->io_y[i];
    /* shape corners rotated by the pin orientation (DEF PINS), as db_pin_pos does */
    const db_rect_t s = db->io_shape[i];
    double cxs[2] = {s.x0, s.x1}, cys[2] = {s.y0, s.y1};
    double lx = INFINITY, ly = INFINITY, hx = -INFINITY, hy = -INFINITY;
    for (int a = 0; a < 2; a++)
      for (int b = 0; b < 2; b++) {
        double u = cxs[a], w = cys[b], rx, ry;
        switch (db->io_orient[i]) {
        default:
        case DB_N: rx = u; ry = w; break;
        case DB_S: rx = -u; ry = -w; break;
        case DB_W: rx = -w; ry = u; break;
        case DB_E: rx = w; ry = -u; break;
        case DB_FN: rx = -u; ry = w; break;
        case DB_FS: rx = u; ry = -w; break;
        case DB_FW: rx = w; ry = u; break;
        case DB_FE: rx = -w; ry = -u; break;
        }
        lx = fmin(lx, px + rx);
        hx = fmax(hx, px + rx);
        ly = fmin(ly, py + ry);
        hy = fmax(hy, py + ry);
      }
    viz_set_rgb(cr, viz_color(VIZ_C_PIN));
    if ((hx - lx) * x->L.scale >= 2 && (hy - ly) * x->L.scale >= 2) {
      rect_path(x, lx, ly, hx, hy);
      cairo_fill(cr);
    }
    double mx = 0.5 * (lx + hx), my = 0.5 * (ly + hy);
    double dl = fabs(mx - v.x0), dr = fabs(v.x1 - mx), db_ = fabs(my - v.y0), dt = fabs(v.y1 - my);
    double ix = viz_px(x, mx), iy = viz_py(x, my);
    if (dl <= dr && dl <= db_ && dl <= dt) {   /* left edge: point right */
      ix = viz_px(x, v.x0);
      cairo_move_to(cr, ix + sz, iy);
      cairo_line_to(cr, ix, iy - sz * 0.6);
      cairo_line_to(cr, ix, iy + sz * 0.6);
    } else if (dr <= db_ && dr <= dt) {        /* right edge: point left */
      ix = viz_px(x, v.x1);
      cairo_move_to(cr, ix - sz, iy);
      cairo_line_to(cr, ix, iy - sz * 0.6);
      cairo_line_to(cr, ix, iy + sz * 0.6);
    } else if (db_ <= dt) {                    /* bottom edge: point up */
      iy = viz_py(x, v.y0);
      cairo_move_to(cr, ix, iy - sz);
      cairo_line_to(cr, ix - sz * 0.6, iy);
      cairo_line_to(cr, ix + sz * 0.6, iy);
    } else {                                   /* top edge: point down */
      iy = viz_py(x, v.y1);
      cairo_move_to(cr, ix, iy + sz);
      cairo_line_to(cr, ix - sz * 0.6, iy);
      cairo_line_to(cr, ix + sz * 0.6, iy);
    }
    cairo_close_path(cr);
    cairo_fill(cr);
  }
}

/* Dark, saturated and not blue (the cells are blue): readable as thin translucent lines. */
static const uint32_t FLY[] = {0xC0392B, 0x1E8449, 0x7D3C98, 0xD68910,
                               0x6E2C00, 0xC71585, 0x117A65, 0x7B7D0A};
uint32_t viz_flyline_color(int k) { return FLY[(k < 0 ? 0 : k) % (int)(sizeof FLY / sizeof FLY[0])]; }

static void draw_flylines(viz_ctx_t *x) {
  const db_t *db = x->db;
  cairo_t *cr = x->cr;
  cairo_save(cr);
  cairo_set_line_width(cr, 0.8 * x->lw);
  for (int k = 0; k < x->nfly; k++) {
    int32_t n = x->fly[k];
    double lx = INFINITY, ly = INFINITY, hx = -INFINITY, hy = -INFINITY;
    int cnt = 0;
    for (int32_t p = db->net_pin_start[n]; p < db->net_pin_start[n + 1]; p++) {
      double px, py;
      if (viz_pin_pos(x, p, &px, &py)) continue;
      lx = fmin(lx, px);
      hx = fmax(hx, px);
      ly = fmin(ly, py);
      hy = fmax(hy, py);
      cnt++;
    }
    if (cnt < 1) continue;
    double cxp = viz_px(x, 0.5 * (lx + hx)), cyp = viz_py(x, 0.5 * (ly + hy));
    for (int32_t p = db->net_pin_start[n]; p < db->net_pin_start[n + 1]; p++) {
      double px, py;
      if (viz_pin_pos(x, p, &px, &py)) continue;
      cairo_move_to(cr, cxp, cyp);
      cairo_line_to(cr, viz_px(x, px), viz_py(x, py));
    }
    uint32_t col = viz_flyline_color(k);
    viz_set_rgba(cr, col, 0.6);
    cairo_stroke(cr);
    cairo_arc(cr, cxp, cyp, 2.2 * x->lw, 0, 6.283185307179586);
    viz_set_rgba(cr, col, 0.9);
    cairo_fill(cr);
  }
  cairo_restore(cr);
}

static void arrow(viz_ctx_t *x, double ax, double ay, double bx, double by) {
  cairo_t *cr = x->cr;
  double dx = bx - ax, dy = by - ay, len = hypot(dx, dy);
  if (len < 0.75) return;
  double ux = dx / len, uy = dy / len, hs = fmin(0.4 * len, 3.5 + 2.5 * x->lw);
  cairo_move_to(cr, ax, ay);
  cairo_line_to(cr, bx - ux * hs * 0.6, by - uy * hs * 0.6);
  cairo_stroke(cr);
  cairo_move_to(cr, bx, by);
  cairo_line_to(cr, bx - ux * hs - uy * hs * 0.45, by - uy * hs + ux * hs * 0.45);
  cairo_line_to(cr, bx - ux * hs + uy * hs * 0.45, by - uy * hs - ux * hs * 0.45);
  cairo_close_path(cr);
  cairo_fill(cr);
}

static void draw_arrows(viz_ctx_t *x) {
  const db_t *db = x->db;
  const viz_opts_t *o = x->o;
  if (!x->cs.nmoved) return;
  size_t stride = 1;
  if (o->max_arrows > 0 && x->cs.nmoved > (size_t)o->max_arrows)
    stride = (x->cs.nmoved + (size_t)o->max_arrows - 1) / (size_t)o->max_arrows;
  cairo_t *cr = x->cr;
  cairo_save(cr);
  cairo_set_line_width(cr, 0.9 * x->lw);
  viz_set_rgba(cr, viz_color(VIZ_C_ARROW), 0.85);
  size_t k = 0;
  /* the census order: standard cells, then macros */
  for (int pass = 0; pass < 2; pass++)
    for (size_t i = 0; i < db->ncells; i++) {
      int32_t c = (int32_t)i;
      int r = x->master_role[db->cell_master[c]];
      if ((r == VIZ_C_MACRO) != (pass == 1) || db_cell_is_fixed(db, c)) continue;
      double x0, y0, x1, y1;
      if (!viz_cell_box(db, o->cx, o->cy, c, &x0, &y0, &x1, &y1)) continue;
      if (!isfinite(o->prev_x[c]) || !isfinite(o->prev_y[c])) continue;
      double mx = 0.5 * (x0 + x1), my = 0.5 * (y0 + y1);
      if (hypot(mx - o->prev_x[c], my - o->prev_y[c]) <= 0.5) continue;
      if (k++ % stride) continue;
      arrow(x, viz_px(x, o->prev_x[c]), viz_py(x, o->prev_y[c]), viz_px(x, mx), viz_py(x, my));
    }
  cairo_restore(cr);
}

int viz_draw_design_over(viz_ctx_t *x) {
  unsigned ly = x->o->layers;
  int heat = x->o->heatmap == VIZ_HEAT_DENSITY || (x->o->heatmap == VIZ_HEAT_MAP && x->o->map);
  if (ly & VIZ_L_MACROS) draw_macros(x, !heat);
  if (ly & VIZ_L_REGIONS) draw_region_outlines(x);
  if (ly & VIZ_L_DIE) draw_die_outline(x);
  if (ly & VIZ_L_PINS) draw_pins(x);
  if ((ly & VIZ_L_FLYLINES) && x->nfly) draw_flylines(x);
  if ((ly & VIZ_L_ARROWS) && x->o->prev_x) draw_arrows(x);
  return UT_OK;
}
