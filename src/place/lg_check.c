/*
 * lg_check.c: placement legality checker (rules in lg_check.h, row model in lg_grid.h).
 *
 * Method.  Overlaps: a uniform bin grid over the die (bin side sqrt(2 * area / n), so a bin holds
 * a couple of cells), every component rectangle stored in the bins it touches (CSR, in component
 * order); each bin tests its pairs and a pair is counted only in the bin holding the lower-left
 * corner of its intersection, so no pair is counted twice.  Expected time is linear in the number
 * of components (ibex, 34k components: a few milliseconds).  Halos, blockages and fences query the
 * same bins with a per-query stamp to visit each component once.  Row and site rules go through
 * lg_grid_fit (binary search over rows by y).  Fence containment is exact for any union of
 * rectangles (split x at the rectangles' edges, cover y with the union of the covering ones).
 *
 * Offenders are kept in the order found: component order for per-component rules, bin order for
 * overlaps; both are deterministic.
 */
#include "place/lg_check.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "place/lg_grid.h"
#include "util/ut.h"

static const struct {
  const char *name, *help;
} KINDS[LG_CHK_NKINDS] = {
  {"unplaced", "component left UNPLACED"},
  {"overlap", "movable standard cells overlapping"},
  {"overlap_fixed", "movable standard cell on a fixed one"},
  {"overlap_macro", "overlap involving a macro"},
  {"off_row", "not on a row of its site and height"},
  {"off_site", "x not on the row's site grid"},
  {"orient", "orientation not allowed by the row or the symmetry"},
  {"outside", "outside the die (macros: the core)"},
  {"blockage", "inside a hard placement blockage"},
  {"fence_out", "region member outside its region"},
  {"fence_in", "non-member inside a fence"},
  {"halo", "movable component inside a macro halo"},
  {"fixed_moved", "FIXED component moved or re-oriented"},
  {"max_disp", "moved beyond the displacement limit"},
  {"fixed_overlap", "FIXED components overlapping (input, warning)"},
  {"fixed_place", "FIXED component off row/site, outside, blocked or fenced (input, warning)"},
};

const char *lg_check_kind_name(int k) { return k >= 0 && k < LG_CHK_NKINDS ? KINDS[k].name : "?"; }
const char *lg_check_kind_help(int k) { return k >= 0 && k < LG_CHK_NKINDS ? KINDS[k].help : "?"; }

void lg_check_opts_default(lg_check_opts_t *o) {
  memset(o, 0, sizeof *o);
  o->max_offenders = 10;
  o->check_halo = 1;
}

typedef struct chk_t {
  const db_t *db;
  lg_check_opts_t o;
  lg_check_report_t *rep;
  const lg_grid_t *g;
  /* items: placed components with an area, in component order */
  int32_t nitems;
  int32_t *item_cell;
  db_rect_t *item_box;
  int32_t *cell_item;      /* -1 when not an item */
  /* bins */
  int64_t bx0, by0, bw, bh;
  int32_t nbx, nby;
  int32_t *bin_start, *bin_items;
  uint32_t *stamp, cur;
} chk_t;

static void add(chk_t *k, int kind, int32_t cell, int32_t other, dbu_t x, dbu_t y, int64_t v) {
  lg_check_report_t *r = k->rep;
  r->count[kind]++;
  if (r->nshown[kind] < k->o.max_offenders)
    r->shown[kind][r->nshown[kind]++] = (lg_check_offender_t){cell, other, x, y, v};
}

static int is_fixed(const db_t *db, int32_t c) { return db_cell_is_fixed(db, c); }

static int64_t overlap_area(const db_rect_t *a, const db_rect_t *b) {
  int64_t w = (int64_t)(a->x1 < b->x1 ? a->x1 : b->x1) - (a->x0 > b->x0 ? a->x0 : b->x0);
  int64_t h = (int64_t)(a->y1 < b->y1 ? a->y1 : b->y1) - (a->y0 > b->y0 ? a->y0 : b->y0);
  return w > 0 && h > 0 ? w * h : 0;
}

static int32_t bin_x(const chk_t *k, int64_t x) {
  int64_t b = (x - k->bx0) / k->bw;
  return (int32_t)(b < 0 ? 0 : b >= k->nbx ? k->nbx - 1 : b);
}
static int32_t bin_y(const chk_t *k, int64_t y) {
  int64_t b = (y - k->by0) / k->bh;
  return (int32_t)(b < 0 ? 0 : b >= k->nby ? k->nby - 1 : b);
}

static int build_bins(chk_t *k) {
  const db_t *db = k->db;
  k->item_cell = ut_malloc((db->ncells ? db->ncells : 1) * sizeof *k->item_cell);
  k->item_box = ut_malloc((db->ncells ? db->ncells : 1) * sizeof *k->item_box);
  k->cell_item = ut_malloc((db->ncells ? db->ncells : 1) * sizeof *k->cell_item);
  k->stamp = ut_calloc(db->ncells ? db->ncells : 1, sizeof *k->stamp);
  if (!k->item_cell || !k->item_box || !k->cell_item || !k->stamp) return UT_ENOMEM;
  int64_t x0 = db->die.x0, y0 = db->die.y0, x1 = db->die.x1, y1 = db->die.y1;
  for (size_t c = 0; c < db->ncells; c++) {
    k->cell_item[c] = -1;
    if (db->cell_status[c] == DB_UNPLACED) continue;
    if (db->master_class[db->cell_master[c]] == DB_CLASS_COVER) continue;
    dbu_t w, h;
    db_cell_size(db, (int32_t)c, &w, &h);
    if (w <= 0 || h <= 0) continue;
    db_rect_t b = {db->cell_x[c], db->cell_y[c], (dbu_t)(db->cell_x[c] + w),
                   (dbu_t)(db->cell_y[c] + h)};
    k->cell_item[c] = k->nitems;
    k->item_cell[k->nitems] = (int32_t)c;
    k->item_box[k->nitems++] = b;
    if (b.x0 < x0) x0 = b.x0;
    if (b.y0 < y0) y0 = b.y0;
    if (b.x1 > x1) x1 = b.x1;
    if (b.y1 > y1) y1 = b.y1;
  }
  if (x1 <= x0) x1 = x0 + 1;
  if (y1 <= y0) y1 = y0 + 1;
  double area = (double)(x1 - x0) * (double)(y1 - y0);
  double side = sqrt(2.0 * area / (k->nitems > 0 ? k->nitems : 1));
  if (side < 1) side = 1;
  int64_t nbx = (int64_t)ceil((double)(x1 - x0) / side), nby = (int64_t)ceil((double)(y1 - y0) / side);
  if (nbx < 1) nbx = 1;
  if (nby < 1) nby = 1;
  if (nbx > 4096) nbx = 4096;
  if (nby > 4096) nby = 4096;
  k->bx0 = x0;
  k->by0 = y0;
  k->bw = (x1 - x0 + nbx - 1) / nbx;
  k->bh = (y1 - y0 + nby - 1) / nby;
  if (k->bw < 1) k->bw = 1;
  if (k->bh < 1) k->bh = 1;
  k->nbx = (int32_t)nbx;
  k->nby = (int32_t)nby;
  size_t nb = (size_t)nbx * (size_t)nby;
  k->bin_start = ut_calloc(nb + 1, sizeof *k->bin_start);
  if (!k->bin_start) return UT_ENOMEM;
  size_t total = 0;
  for (int32_t i = 0; i < k->nitems; i++) {
    const db_rect_t *b = &k->item_box[i];
    int32_t ax = bin_x(k, b->x0), bx = bin_x(k, (int64_t)b->x1 - 1);
    int32_t ay = bin_y(k, b->y0), by = bin_y(k, (int64_t)b->y1 - 1);
    for (int32_t yy = ay; yy <= by; yy++)
      for (int32_t xx = ax; xx <= bx; xx++) k->bin_start[(size_t)yy * (size_t)nbx + (size_t)xx + 1]++;
    total += (size_t)(bx - ax + 1) * (size_t)(by - ay + 1);
  }
  for (size_t b = 0; b < nb; b++) k->bin_start[b + 1] += k->bin_start[b];
  k->bin_items = ut_malloc((total ? total : 1) * sizeof *k->bin_items);
  int32_t *fill = ut_malloc(nb * sizeof *fill);
  if (!k->bin_items || !fill) {
    ut_free(fill);
    return UT_ENOMEM;
  }
  memcpy(fill, k->bin_start, nb * sizeof *fill);
  for (int32_t i = 0; i < k->nitems; i++) {
    const db_rect_t *b = &k->item_box[i];
    int32_t ax = bin_x(k, b->x0), bx = bin_x(k, (int64_t)b->x1 - 1);
    int32_t ay = bin_y(k, b->y0), by = bin_y(k, (int64_t)b->y1 - 1);
    for (int32_t yy = ay; yy <= by; yy++)
      for (int32_t xx = ax; xx <= bx; xx++) k->bin_items[fill[(size_t)yy * (size_t)nbx + (size_t)xx]++] = i;
  }
  ut_free(fill);
  return UT_OK;
}

static void check_overlaps(chk_t *k) {
  const db_t *db = k->db;
  for (int32_t by = 0; by < k->nby; by++)
    for (int32_t bx = 0; bx < k->nbx; bx++) {
      size_t b = (size_t)by * (size_t)k->nbx + (size_t)bx;
      for (int32_t p = k->bin_start[b]; p < k->bin_start[b + 1]; p++) {
        int32_t i = k->bin_items[p];
        const db_rect_t *bi = &k->item_box[i];
        for (int32_t q = p + 1; q < k->bin_start[b + 1]; q++) {
          int32_t j = k->bin_items[q];
          const db_rect_t *bj = &k->item_box[j];
          if (bi->x0 >= bj->x1 || bj->x0 >= bi->x1 || bi->y0 >= bj->y1 || bj->y0 >= bi->y1) continue;
          dbu_t ix = bi->x0 > bj->x0 ? bi->x0 : bj->x0, iy = bi->y0 > bj->y0 ? bi->y0 : bj->y0;
          if (bin_x(k, ix) != bx || bin_y(k, iy) != by) continue;
          int32_t a = k->item_cell[i], c = k->item_cell[j];
          int fa = is_fixed(db, a), fc = is_fixed(db, c);
          int kind = fa && fc                                               ? LG_CHK_W_FIXED_OVERLAP
                     : (db_cell_is_macro(db, a) || db_cell_is_macro(db, c)) ? LG_CHK_OVERLAP_MACRO
                     : (fa || fc)                                           ? LG_CHK_OVERLAP_FIXED
                                                                            : LG_CHK_OVERLAP;
          add(k, kind, a, c, ix, iy, overlap_area(bi, bj));
        }
      }
    }
}

/* Call fn(k, item, ctx) once for each item whose box overlaps q with positive area. */
typedef void (*visit_fn)(chk_t *k, int32_t item, const db_rect_t *q, int64_t ctx);
static void query(chk_t *k, const db_rect_t *q, visit_fn fn, int64_t ctx) {
  if (q->x1 <= q->x0 || q->y1 <= q->y0) return;
  int32_t ax = bin_x(k, q->x0), bx = bin_x(k, (int64_t)q->x1 - 1);
  int32_t ay = bin_y(k, q->y0), by = bin_y(k, (int64_t)q->y1 - 1);
  for (int32_t yy = ay; yy <= by; yy++)
    for (int32_t xx = ax; xx <= bx; xx++) {
      size_t b = (size_t)yy * (size_t)k->nbx + (size_t)xx;
      for (int32_t p = k->bin_start[b]; p < k->bin_start[b + 1]; p++) {
        int32_t i = k->bin_items[p];
        if (k->stamp[i] == k->cur) continue;
        if (overlap_area(&k->item_box[i], q) <= 0) continue;
        k->stamp[i] = k->cur;
        fn(k, i, q, ctx);
      }
    }
}

/* ---- halos ---- */

static void visit_halo(chk_t *k, int32_t i, const db_rect_t *q, int64_t ctx) {
  const db_t *db = k->db;
  int32_t m = (int32_t)ctx, c = k->item_cell[i];
  if (c == m || is_fixed(db, c) || lg_cell_kind(db, c) == LG_KIND_OTHER) return;
  const db_rect_t *b = &k->item_box[i];
  int32_t mi = k->cell_item[m];
  int64_t in_ring = overlap_area(b, q) - (mi >= 0 ? overlap_area(b, &k->item_box[mi]) : 0);
  if (in_ring > 0) add(k, LG_CHK_HALO, c, m, b->x0, b->y0, in_ring);
}

static void check_halos(chk_t *k) {
  const db_t *db = k->db;
  for (int32_t i = 0; i < k->nitems; i++) {
    int32_t m = k->item_cell[i];
    if (!db_cell_is_macro(db, m)) continue;
    dbu_t h[4];
    lg_cell_halo(db, m, k->o.macro_halo, h);
    if (!h[0] && !h[1] && !h[2] && !h[3]) continue;
    const db_rect_t *b = &k->item_box[i];
    db_rect_t q = {b->x0 - h[0], b->y0 - h[1], b->x1 + h[2], b->y1 + h[3]};
    k->cur++;
    query(k, &q, visit_halo, m);
  }
}

/* ---- blockages ---- */
static void visit_blk(chk_t *k, int32_t i, const db_rect_t *q, int64_t ctx) {
  const db_t *db = k->db;
  int32_t c = k->item_cell[i];
  if (db->blk_cell[ctx] == c) return;
  const db_rect_t *b = &k->item_box[i];
  if (is_fixed(db, c)) add(k, LG_CHK_W_FIXED_PLACE, c, -1, b->x0, b->y0, LG_CHK_BLOCKAGE);
  else add(k, LG_CHK_BLOCKAGE, c, -1, b->x0, b->y0, overlap_area(b, q));
}

static void check_blockages(chk_t *k) {
  const db_t *db = k->db;
  for (size_t bl = 0; bl < db->nblk; bl++) {
    if (db->blk_kind[bl] != DB_BLK_PLACEMENT || db->blk_soft[bl] || db->blk_partial[bl] > 0) continue;
    k->cur++;   /* one stamp per blockage: a component counts once even across its rectangles */
    for (int32_t r = db->blk_rect_start[bl]; r < db->blk_rect_start[bl + 1]; r++)
      query(k, &db->blk_rects[r], visit_blk, (int64_t)bl);
  }
}

/* ---- fences ---- */
static void visit_fence(chk_t *k, int32_t i, const db_rect_t *q, int64_t ctx) {
  const db_t *db = k->db;
  int32_t c = k->item_cell[i];
  if (db->cell_region[c] == (int32_t)ctx || is_fixed(db, c)) return;
  if (lg_cell_kind(db, c) == LG_KIND_OTHER) return;
  const db_rect_t *b = &k->item_box[i];
  (void)q;
  add(k, LG_CHK_FENCE_IN, c, -1, b->x0, b->y0, ctx);
}

static int cmp_dbu(const void *pa, const void *pb) {
  dbu_t a = *(const dbu_t *)pa, b = *(const dbu_t *)pb;
  return a < b ? -1 : a > b;
}

/* Is box inside the union of rects[0..n)?  xs: scratch of 2n + 2 entries. */
static int box_in_union(const db_rect_t *rects, int32_t n, const db_rect_t *box, dbu_t *xs) {
  int nx = 0;
  xs[nx++] = box->x0;
  xs[nx++] = box->x1;
  for (int32_t i = 0; i < n; i++) {
    if (rects[i].x0 > box->x0 && rects[i].x0 < box->x1) xs[nx++] = rects[i].x0;
    if (rects[i].x1 > box->x0 && rects[i].x1 < box->x1) xs[nx++] = rects[i].x1;
  }
  qsort(xs, (size_t)nx, sizeof *xs, cmp_dbu);
  for (int j = 0; j + 1 < nx; j++) {
    if (xs[j] == xs[j + 1]) continue;
    int64_t reach = box->y0;
    int progress = 1;
    while (progress && reach < box->y1) {
      progress = 0;
      for (int32_t i = 0; i < n; i++) {
        const db_rect_t *r = &rects[i];
        if (r->x0 <= xs[j] && r->x1 >= xs[j + 1] && r->y0 <= reach && r->y1 > reach) {
          reach = r->y1;
          progress = 1;
        }
      }
    }
    if (reach < box->y1) return 0;
  }
  return 1;
}

static int check_fences(chk_t *k) {
  const db_t *db = k->db;
  int32_t maxr = 0;
  for (size_t r = 0; r < db->nregions; r++) {
    int32_t n = db->region_rect_start[r + 1] - db->region_rect_start[r];
    if (n > maxr) maxr = n;
  }
  dbu_t *xs = ut_malloc(((size_t)maxr * 2 + 2) * sizeof *xs);
  if (!xs) return UT_ENOMEM;
  for (int32_t i = 0; i < k->nitems; i++) {
    int32_t c = k->item_cell[i], r = db->cell_region[c];
    if (!lg_region_hard(db, r)) continue;
    int32_t a = db->region_rect_start[r], n = db->region_rect_start[r + 1] - a;
    const db_rect_t *b = &k->item_box[i];
    if (box_in_union(db->region_rects + a, n, b, xs)) continue;
    if (is_fixed(db, c)) add(k, LG_CHK_W_FIXED_PLACE, c, -1, b->x0, b->y0, LG_CHK_FENCE_OUT);
    else add(k, LG_CHK_FENCE_OUT, c, -1, b->x0, b->y0, r);
  }
  ut_free(xs);
  for (size_t r = 0; r < db->nregions; r++) {
    if (!lg_region_fence(db, (int32_t)r)) continue;
    k->cur++;
    for (int32_t q = db->region_rect_start[r]; q < db->region_rect_start[r + 1]; q++)
      query(k, &db->region_rects[q], visit_fence, (int64_t)r);
  }
  return UT_OK;
}

/* ---- per-component rules ---- */

/* Macro on the row grid: y at a level (or on the grid of equal-height base rows), x on the site
 * grid of a base row at that level (or of the nearest level below). */
static int macro_grid(const lg_grid_t *g, dbu_t x, dbu_t y) {
  if (g->nlevels == 0) return LG_FIT_OK;
  int32_t l = lg_grid_level_at(g, y);
  if (l < 0) {
    dbu_t h = g->row_h[g->level_rows[0]];
    for (int32_t i = 0; i < g->level_start[g->nlevels]; i++)
      if (g->row_h[g->level_rows[i]] != h) return LG_FIT_OFF_ROW;
    if (((int64_t)y - g->level_y[0]) % h != 0) return LG_FIT_OFF_ROW;
    l = lg_grid_level_lower_bound(g, y);
    l = l > 0 ? l - 1 : 0;
  }
  for (int32_t i = g->level_start[l]; i < g->level_start[l + 1]; i++) {
    int32_t r = g->level_rows[i];
    if (((int64_t)x - g->row_x0[r]) % g->row_pitch[r] == 0) return LG_FIT_OK;
  }
  return LG_FIT_OFF_SITE;
}

static void check_cells(chk_t *k) {
  const db_t *db = k->db;
  const lg_grid_t *g = k->g;
  lg_check_report_t *rep = k->rep;
  for (size_t ci = 0; ci < db->ncells; ci++) {
    int32_t c = (int32_t)ci, m = db->cell_master[c];
    int fixed = is_fixed(db, c), kind = lg_cell_kind(db, c);
    rep->ncells++;
    if (fixed) rep->nfixed++;
    else rep->nmovable++;
    if (kind == LG_KIND_MACRO) rep->nmacros++;
    if (kind == LG_KIND_STD) rep->nstd++;
    dbu_t x = db->cell_x[c], y = db->cell_y[c];
    /* fixed in the input: unchanged */
    if (db->cell_orig_status) {
      int os = db->cell_orig_status[c];
      if ((os == DB_FIXED || os == DB_COVER) &&
          (db->cell_status[c] != os || db->cell_orig_x[c] != x || db->cell_orig_y[c] != y ||
           db->cell_orig_orient[c] != db->cell_orient[c])) {
        int64_t dx = llabs((int64_t)x - db->cell_orig_x[c]), dy = llabs((int64_t)y - db->cell_orig_y[c]);
        add(k, LG_CHK_FIXED_MOVED, c, -1, x, y, dx + dy);
      }
    }
    if (db->cell_status[c] == DB_UNPLACED) {
      add(k, LG_CHK_UNPLACED, c, -1, x, y, 0);
      continue;
    }
    if (!fixed && db->cell_orig_status && db->cell_orig_status[c] == DB_PLACED &&
        (k->o.max_disp_x > 0 || k->o.max_disp_y > 0)) {
      /* from the input position pulled into the core box */
      dbu_t cw, chh;
      db_cell_size(db, c, &cw, &chh);
      int64_t ax = db->cell_orig_x[c], ay = db->cell_orig_y[c];
      if (ax > (int64_t)db->core.x1 - cw) ax = (int64_t)db->core.x1 - cw;
      if (ax < db->core.x0) ax = db->core.x0;
      if (ay > (int64_t)db->core.y1 - chh) ay = (int64_t)db->core.y1 - chh;
      if (ay < db->core.y0) ay = db->core.y0;
      int64_t dx = llabs((int64_t)x - ax), dy = llabs((int64_t)y - ay);
      if ((k->o.max_disp_x > 0 && dx > k->o.max_disp_x) || (k->o.max_disp_y > 0 && dy > k->o.max_disp_y))
        add(k, LG_CHK_MAX_DISP, c, -1, x, y, dx > dy ? dx : dy);
    }
    dbu_t w, h;
    db_cell_size(db, c, &w, &h);
    int bad = -1;   /* first rule broken, as a kind */
    int64_t x1 = (int64_t)x + w, y1 = (int64_t)y + h;
    if (x < db->die.x0 || y < db->die.y0 || x1 > db->die.x1 || y1 > db->die.y1) bad = LG_CHK_OUTSIDE;
    if (kind == LG_KIND_MACRO && bad < 0 &&
        (x < db->core.x0 || y < db->core.y0 || x1 > db->core.x1 || y1 > db->core.y1))
      bad = LG_CHK_OUTSIDE;
    if (bad < 0 && kind == LG_KIND_STD && g->nrows > 0) {
      int32_t bottom;
      int fit = lg_grid_fit(g, db, m, x, y, w, h, &bottom, NULL);
      if (fit == LG_FIT_OFF_ROW) bad = LG_CHK_OFF_ROW;
      else if (fit == LG_FIT_OFF_SITE) bad = LG_CHK_OFF_SITE;
      else if (!lg_orient_std_ok(db, m, g->row_orient[bottom], db->cell_orient[c])) bad = LG_CHK_ORIENT;
    } else if (bad < 0 && kind == LG_KIND_MACRO) {
      int fit = macro_grid(g, x, y);
      if (fit == LG_FIT_OFF_ROW) bad = LG_CHK_OFF_ROW;
      else if (fit == LG_FIT_OFF_SITE) bad = LG_CHK_OFF_SITE;
      else if (!lg_orient_macro_ok(db, m, db->cell_orient[c])) bad = LG_CHK_ORIENT;
    }
    if (bad >= 0) add(k, fixed ? LG_CHK_W_FIXED_PLACE : bad, c, -1, x, y, bad);
  }
}

int lg_check(const db_t *db, const lg_check_opts_t *opts, lg_check_report_t *rep) {
  double t0 = ut_seconds();
  memset(rep, 0, sizeof *rep);
  chk_t k;
  memset(&k, 0, sizeof k);
  k.db = db;
  k.rep = rep;
  if (opts) k.o = *opts;
  else lg_check_opts_default(&k.o);
  if (k.o.max_offenders < 0) k.o.max_offenders = 0;
  if (k.o.max_offenders > LG_CHECK_MAX_SHOWN) k.o.max_offenders = LG_CHECK_MAX_SHOWN;
  lg_grid_t *g = NULL;
  int rc = lg_grid_create(&g, db);
  if (!rc) {
    k.g = g;
    rc = build_bins(&k);
  }
  if (!rc) {
    check_cells(&k);
    check_overlaps(&k);
    if (k.o.check_halo) check_halos(&k);
    check_blockages(&k);
    rc = check_fences(&k);
  }
  for (int i = 0; i < LG_CHK_NKINDS; i++) {
    if (i < LG_CHK_NERR) rep->total += rep->count[i];
    else rep->warnings += rep->count[i];
  }
  lg_grid_destroy(g);
  ut_free(k.item_cell);
  ut_free(k.item_box);
  ut_free(k.cell_item);
  ut_free(k.stamp);
  ut_free(k.bin_start);
  ut_free(k.bin_items);
  rep->seconds = ut_seconds() - t0;
  return rc;
}

int lg_check_describe(const db_t *db, const lg_check_report_t *rep, int kind, int i, char *buf,
                      size_t n) {
  if (kind < 0 || kind >= LG_CHK_NKINDS || i < 0 || i >= rep->nshown[kind]) return snprintf(buf, n, "?");
  const lg_check_offender_t *o = &rep->shown[kind][i];
  double u = db->dbu > 0 ? db->dbu : 1;
  const char *a = db_str(db, db->cell_name[o->cell]);
  const char *am = db_str(db, db->master_name[db->cell_master[o->cell]]);
  switch (kind) {
  case LG_CHK_OVERLAP:
  case LG_CHK_OVERLAP_FIXED:
  case LG_CHK_OVERLAP_MACRO:
  case LG_CHK_W_FIXED_OVERLAP:
    return snprintf(buf, n, "%s (%s) at (%.3f, %.3f) and %s (%s) at (%.3f, %.3f): %.4f um^2 from (%.3f, %.3f)",
                    a, am, db->cell_x[o->cell] / u, db->cell_y[o->cell] / u,
                    db_str(db, db->cell_name[o->other]),
                    db_str(db, db->master_name[db->cell_master[o->other]]),
                    db->cell_x[o->other] / u, db->cell_y[o->other] / u, (double)o->value / (u * u),
                    o->x / u, o->y / u);
  case LG_CHK_HALO:
    return snprintf(buf, n, "%s (%s) at (%.3f, %.3f) in the halo of %s: %.4f um^2", a, am, o->x / u,
                    o->y / u, db_str(db, db->cell_name[o->other]), (double)o->value / (u * u));
  case LG_CHK_FENCE_OUT:
    return snprintf(buf, n, "%s (%s) at (%.3f, %.3f) outside its region %s", a, am, o->x / u,
                    o->y / u, db_str(db, db->region_name[o->value]));
  case LG_CHK_FENCE_IN:
    return snprintf(buf, n, "%s (%s) at (%.3f, %.3f) inside fence %s", a, am, o->x / u, o->y / u,
                    db_str(db, db->region_name[o->value]));
  case LG_CHK_FIXED_MOVED:
    return snprintf(buf, n, "%s (%s) at (%.3f, %.3f) %s, FIXED at (%.3f, %.3f) %s in the input", a,
                    am, o->x / u, o->y / u, db_orient_name(db->cell_orient[o->cell]),
                    db->cell_orig_x[o->cell] / u, db->cell_orig_y[o->cell] / u,
                    db_orient_name(db->cell_orig_orient[o->cell]));
  case LG_CHK_MAX_DISP:
    return snprintf(buf, n, "%s (%s) at (%.3f, %.3f) moved %.3f um from (%.3f, %.3f)", a, am,
                    o->x / u, o->y / u, (double)o->value / u, db->cell_orig_x[o->cell] / u,
                    db->cell_orig_y[o->cell] / u);
  case LG_CHK_W_FIXED_PLACE:
    return snprintf(buf, n, "%s (%s) at (%.3f, %.3f) %s: %s", a, am, o->x / u, o->y / u,
                    db_orient_name(db->cell_orient[o->cell]),
                    o->value >= 0 && o->value < LG_CHK_NKINDS ? KINDS[o->value].name : "?");
  default:
    return snprintf(buf, n, "%s (%s) at (%.3f, %.3f) %s", a, am, o->x / u, o->y / u,
                    db_orient_name(db->cell_orient[o->cell]));
  }
}
