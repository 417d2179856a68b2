/*
 * lg_grid.c: rows, levels, site-aligned free segments and the standard-cell placement rules (see
 * lg_grid.h for the model).
 *
 * Method.  Rows: expand DEF rows, sort by (y, x0, h, site, DEF index), merge runs on one site grid,
 * then mark base rows (no lower row overlaps them) and group them into levels by y.  Segments: every
 * obstacle and fence rectangle is cut into the base rows it overlaps (binary search over levels);
 * then each row is labelled site by site in a scratch array (free / fence r / blocked) and the
 * labels are run-length encoded into segments.  The work is linear in the number of sites plus
 * the obstacle pieces; nothing depends on pointer or hash order.
 *
 * Invariants: segment ends lie on their row's site grid; segments of a row are disjoint and sorted;
 * a site partly covered by an obstacle or partly inside a fence belongs to no segment.
 */
#include "place/lg_grid.h"

#include <stdlib.h>
#include <string.h>

#include "util/ut.h"

/* ---- orientations as 2x2 integer maps (x, y) -> (a x + b y, c x + d y) ---------------------- */

static const int ORIENT_M[8][4] = {
  {1, 0, 0, 1},   /* N */
  {0, -1, 1, 0},  /* W: rotate 90 counter-clockwise */
  {-1, 0, 0, -1}, /* S */
  {0, 1, -1, 0},  /* E */
  {-1, 0, 0, 1},  /* FN: mirror about the Y axis */
  {0, 1, 1, 0},   /* FW */
  {1, 0, 0, -1},  /* FS: mirror about the X axis */
  {0, -1, -1, 0}, /* FE */
};

static int orient_of(const int m[4]) {
  for (int o = 0; o < 8; o++)
    if (ORIENT_M[o][0] == m[0] && ORIENT_M[o][1] == m[1] && ORIENT_M[o][2] == m[2] &&
        ORIENT_M[o][3] == m[3])
      return o;
  return DB_N;
}

int lg_orient_compose(int a, int b) {
  const int *A = ORIENT_M[a & 7], *B = ORIENT_M[b & 7];
  int m[4] = {B[0] * A[0] + B[1] * A[2], B[0] * A[1] + B[1] * A[3], B[2] * A[0] + B[3] * A[2],
              B[2] * A[1] + B[3] * A[3]};
  return orient_of(m);
}

int lg_orient_mirror_y(int o) { return lg_orient_compose(o, DB_FN); }

int lg_orient_std_ok(const db_t *db, int32_t m, int row_orient, int orient) {
  if (orient == row_orient) return 1;
  return (db->master_sym[m] & DB_SYM_Y) && orient == lg_orient_mirror_y(row_orient);
}

int lg_orient_macro_ok(const db_t *db, int32_t m, int orient) {
  int gen[3], ngen = 0;
  uint8_t sym = db->master_sym[m];
  if (sym & DB_SYM_X) gen[ngen++] = DB_FS;
  if (sym & DB_SYM_Y) gen[ngen++] = DB_FN;
  if (sym & DB_SYM_R90) gen[ngen++] = DB_W;
  int in[8] = {0}, stack[8], n = 0;
  in[DB_N] = 1;
  stack[n++] = DB_N;
  while (n > 0) {
    int o = stack[--n];
    for (int i = 0; i < ngen; i++) {
      int p = lg_orient_compose(o, gen[i]);
      if (!in[p]) {
        in[p] = 1;
        stack[n++] = p;
      }
    }
  }
  return in[orient & 7];
}

/* ---- classification ----------------------------------------------------------------------- */

int lg_cell_kind(const db_t *db, int32_t c) {
  if (db_cell_is_macro(db, c)) return LG_KIND_MACRO;
  int cls = db->master_class[db->cell_master[c]];
  return (cls == DB_CLASS_CORE || cls == DB_CLASS_ENDCAP) ? LG_KIND_STD : LG_KIND_OTHER;
}

int lg_region_hard(const db_t *db, int32_t r) {
  return r >= 0 && (size_t)r < db->nregions && db->region_type[r] != DB_REGION_GUIDE;
}

int lg_region_fence(const db_t *db, int32_t r) {
  return r >= 0 && (size_t)r < db->nregions && db->region_type[r] == DB_REGION_FENCE;
}

void lg_cell_halo(const db_t *db, int32_t c, dbu_t extra, dbu_t out[4]) {
  for (int i = 0; i < 4; i++) out[i] = extra;
  if (db->cell_halo && (db->cell_flags[c] & DB_CF_HALO) && !(db->cell_flags[c] & DB_CF_HALO_SOFT))
    for (int i = 0; i < 4; i++) out[i] += db->cell_halo[4 * (size_t)c + (size_t)i];
}

/* ---- rows --------------------------------------------------------------------------------- */

typedef struct row_tmp_t {
  dbu_t y, x0, x1, h, pitch;
  int32_t site, def;
  uint8_t orient;
} row_tmp_t;

static int row_tmp_cmp(const void *pa, const void *pb) {
  const row_tmp_t *a = pa, *b = pb;
  if (a->y != b->y) return a->y < b->y ? -1 : 1;
  if (a->x0 != b->x0) return a->x0 < b->x0 ? -1 : 1;
  if (a->h != b->h) return a->h < b->h ? -1 : 1;
  if (a->site != b->site) return a->site < b->site ? -1 : 1;
  return a->def < b->def ? -1 : a->def > b->def;
}

void lg_grid_destroy(lg_grid_t *g) {
  if (!g) return;
  ut_free(g->row_x0);
  ut_free(g->row_x1);
  ut_free(g->row_y);
  ut_free(g->row_h);
  ut_free(g->row_pitch);
  ut_free(g->row_site);
  ut_free(g->row_def);
  ut_free(g->row_orient);
  ut_free(g->row_base);
  ut_free(g->row_level);
  ut_free(g->level_y);
  ut_free(g->level_start);
  ut_free(g->level_rows);
  ut_free(g->site_rows);
  ut_free(g->row_seg_start);
  ut_free(g->seg_x0);
  ut_free(g->seg_x1);
  ut_free(g->seg_row);
  ut_free(g->seg_region);
  ut_free(g);
}

int lg_grid_create(lg_grid_t **out, const db_t *db) {
  *out = NULL;
  lg_grid_t *g = ut_calloc(1, sizeof *g);
  if (!g) return UT_ENOMEM;
  size_t nt = 0;
  for (size_t r = 0; r < db->nrows; r++)
    if (db->row_nx[r] > 0) nt += (size_t)(db->row_ny[r] > 1 ? db->row_ny[r] : 1);
  row_tmp_t *t = ut_malloc((nt ? nt : 1) * sizeof *t);
  g->site_rows = ut_calloc(db->nsites ? db->nsites : 1, 1);
  if (!t || !g->site_rows) goto oom;
  size_t n = 0;
  for (size_t r = 0; r < db->nrows; r++) {
    int32_t s = db->row_site[r];
    if (db->row_nx[r] <= 0 || s < 0 || db->site_w[s] <= 0 || db->site_h[s] <= 0) continue;
    dbu_t pitch = db->row_sx[r] > 0 ? db->row_sx[r] : db->site_w[s];
    dbu_t ystep = db->row_sy[r] > 0 ? db->row_sy[r] : db->site_h[s];
    int32_t ny = db->row_ny[r] > 1 ? db->row_ny[r] : 1;
    for (int32_t j = 0; j < ny; j++) {
      row_tmp_t *x = &t[n++];
      x->y = (dbu_t)(db->row_y[r] + (int64_t)j * ystep);
      x->x0 = db->row_x[r];
      int64_t x1 = (int64_t)db->row_x[r] + (int64_t)db->row_nx[r] * pitch;
      x->x1 = x1 > INT32_MAX ? INT32_MAX : (dbu_t)x1;
      x->h = db->site_h[s];
      x->pitch = pitch;
      x->site = s;
      x->def = (int32_t)r;
      x->orient = db->row_orient[r];
    }
  }
  if (n) qsort(t, n, sizeof *t, row_tmp_cmp);
  /* merge runs on one site grid (abutting or overlapping rows, e.g. duplicated ROW statements) */
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    int merged = 0;
    for (size_t k = m; k-- > 0 && t[k].y == t[i].y;) {
      row_tmp_t *p = &t[k];
      if (p->h == t[i].h && p->site == t[i].site && p->orient == t[i].orient &&
          p->pitch == t[i].pitch && t[i].x0 <= p->x1 && (t[i].x0 - p->x0) % p->pitch == 0) {
        if (t[i].x1 > p->x1) p->x1 = t[i].x1;
        merged = 1;
        break;
      }
    }
    if (!merged) t[m++] = t[i];
  }
  if (m) qsort(t, m, sizeof *t, row_tmp_cmp);
  g->nrows = (int32_t)m;
  size_t nr = m ? m : 1;
  g->row_x0 = ut_malloc(nr * sizeof *g->row_x0);
  g->row_x1 = ut_malloc(nr * sizeof *g->row_x1);
  g->row_y = ut_malloc(nr * sizeof *g->row_y);
  g->row_h = ut_malloc(nr * sizeof *g->row_h);
  g->row_pitch = ut_malloc(nr * sizeof *g->row_pitch);
  g->row_site = ut_malloc(nr * sizeof *g->row_site);
  g->row_def = ut_malloc(nr * sizeof *g->row_def);
  g->row_orient = ut_malloc(nr);
  g->row_base = ut_malloc(nr);
  g->row_level = ut_malloc(nr * sizeof *g->row_level);
  g->row_seg_start = ut_calloc(nr + 1, sizeof *g->row_seg_start);
  if (!g->row_x0 || !g->row_x1 || !g->row_y || !g->row_h || !g->row_pitch || !g->row_site ||
      !g->row_def || !g->row_orient || !g->row_base || !g->row_level || !g->row_seg_start)
    goto oom;
  for (size_t i = 0; i < m; i++) {
    g->row_x0[i] = t[i].x0;
    g->row_x1[i] = t[i].x1;
    g->row_y[i] = t[i].y;
    g->row_h[i] = t[i].h;
    g->row_pitch[i] = t[i].pitch;
    g->row_site[i] = t[i].site;
    g->row_def[i] = t[i].def;
    g->row_orient[i] = t[i].orient;
    if (t[i].h > g->max_row_h) g->max_row_h = t[i].h;
  }
  ut_free(t);
  t = NULL;
  /* base rows: no lower row overlaps them */
  for (int32_t r = 0; r < g->nrows; r++) {
    int base = 1;
    int64_t ylo = (int64_t)g->row_y[r] - g->max_row_h;
    /* first row with y > ylo */
    int32_t lo = 0, hi = g->nrows;
    while (lo < hi) {
      int32_t mid = lo + (hi - lo) / 2;
      if (g->row_y[mid] <= ylo) lo = mid + 1;
      else hi = mid;
    }
    for (int32_t q = lo; q < g->nrows && g->row_y[q] < g->row_y[r] + g->row_h[r] && base; q++) {
      if (q == r || g->row_h[q] >= g->row_h[r]) continue;
      if (g->row_y[q] + g->row_h[q] <= g->row_y[r]) continue;
      if (g->row_x0[q] < g->row_x1[r] && g->row_x1[q] > g->row_x0[r]) base = 0;
    }
    g->row_base[r] = (uint8_t)base;
    g->site_rows[g->row_site[r]] |= (uint8_t)(1 | (base ? 2 : 0));
  }
  /* levels */
  int32_t nl = 0;
  dbu_t last_y = 0;
  int32_t nbase = 0;
  for (int32_t r = 0; r < g->nrows; r++) {
    if (!g->row_base[r]) continue;
    if (nbase == 0 || g->row_y[r] != last_y) nl++;
    last_y = g->row_y[r];
    nbase++;
  }
  g->nlevels = nl;
  g->level_y = ut_malloc((size_t)(nl ? nl : 1) * sizeof *g->level_y);
  g->level_start = ut_calloc((size_t)nl + 1, sizeof *g->level_start);
  g->level_rows = ut_malloc((size_t)(nbase ? nbase : 1) * sizeof *g->level_rows);
  if (!g->level_y || !g->level_start || !g->level_rows) goto oom;
  int32_t l = -1, k = 0;
  for (int32_t r = 0; r < g->nrows; r++) {
    g->row_level[r] = -1;
    if (!g->row_base[r]) continue;
    if (l < 0 || g->row_y[r] != g->level_y[l]) {
      l++;
      g->level_y[l] = g->row_y[r];
      g->level_start[l] = k;
    }
    g->row_level[r] = l;
    g->level_rows[k++] = r;
  }
  g->level_start[nl] = k;
  *out = g;
  return UT_OK;
oom:
  ut_free(t);
  lg_grid_destroy(g);
  return UT_ENOMEM;
}

/* ---- lookups ------------------------------------------------------------------------------- */

void lg_grid_rows_at(const lg_grid_t *g, dbu_t y, int32_t *lo, int32_t *hi) {
  int32_t a = 0, b = g->nrows;
  while (a < b) {
    int32_t mid = a + (b - a) / 2;
    if (g->row_y[mid] < y) a = mid + 1;
    else b = mid;
  }
  int32_t e = a;
  while (e < g->nrows && g->row_y[e] == y) e++;
  *lo = a;
  *hi = e;
}

int32_t lg_grid_level_lower_bound(const lg_grid_t *g, dbu_t y) {
  int32_t a = 0, b = g->nlevels;
  while (a < b) {
    int32_t mid = a + (b - a) / 2;
    if (g->level_y[mid] < y) a = mid + 1;
    else b = mid;
  }
  return a;
}

int32_t lg_grid_level_at(const lg_grid_t *g, dbu_t y) {
  int32_t l = lg_grid_level_lower_bound(g, y);
  return l < g->nlevels && g->level_y[l] == y ? l : -1;
}

/* A stack of rows (of `site`, or base rows when site < 0) from y up, heights adding to h, each
 * holding [x, x+w). */
static int stack_fit(const lg_grid_t *g, int32_t site, dbu_t x, dbu_t y, dbu_t w, dbu_t h,
                     int32_t *bottom, int *nspan) {
  int status = LG_FIT_OK, n = 0;
  int32_t first = -1;
  int64_t cy = y, left = h, xe = (int64_t)x + w;
  while (left > 0) {
    if (cy > INT32_MAX) break;
    int32_t lo, hi, found = -1;
    lg_grid_rows_at(g, (dbu_t)cy, &lo, &hi);
    for (int32_t r = lo; r < hi; r++) {
      if (site >= 0 ? g->row_site[r] != site : !g->row_base[r]) continue;
      if (g->row_x0[r] > x || xe > g->row_x1[r] || g->row_h[r] > left) continue;
      found = r;
      if ((x - g->row_x0[r]) % g->row_pitch[r] == 0) break;
    }
    if (found < 0) {
      first = -1;
      status = LG_FIT_OFF_ROW;
      break;
    }
    if ((x - g->row_x0[found]) % g->row_pitch[found] != 0) status = LG_FIT_OFF_SITE;
    if (first < 0) first = found;
    n++;
    left -= g->row_h[found];
    cy += g->row_h[found];
  }
  if (left > 0 && status != LG_FIT_OFF_ROW) {
    status = LG_FIT_OFF_ROW;
    first = -1;
  }
  if (bottom) *bottom = first;
  if (nspan) *nspan = status == LG_FIT_OFF_ROW ? 0 : n;
  return status;
}

/* Mode A applies: the master's site has rows and the height is a multiple of it. */
static int mode_a(const lg_grid_t *g, const db_t *db, int32_t m, dbu_t h) {
  int32_t s = db->master_site[m];
  return s >= 0 && (g->site_rows[s] & 1) && db->site_h[s] > 0 && h % db->site_h[s] == 0;
}

int lg_grid_fit(const lg_grid_t *g, const db_t *db, int32_t m, dbu_t x, dbu_t y, dbu_t w, dbu_t h,
                int32_t *bottom, int *nspan) {
  if (h <= 0 || w < 0) {
    if (bottom) *bottom = -1;
    if (nspan) *nspan = 0;
    return LG_FIT_OFF_ROW;
  }
  return stack_fit(g, mode_a(g, db, m, h) ? db->master_site[m] : -1, x, y, w, h, bottom, nspan);
}

int lg_grid_row_takes(const lg_grid_t *g, const db_t *db, int32_t m, dbu_t h, int32_t r) {
  if (mode_a(g, db, m, h)) return g->row_site[r] == db->master_site[m];
  return g->row_base[r] != 0;
}

int lg_grid_single_row(const lg_grid_t *g, const db_t *db, int32_t m, dbu_t h) {
  if (mode_a(g, db, m, h)) {
    int32_t s = db->master_site[m];
    return db->site_h[s] == h && (g->site_rows[s] & 2);
  }
  for (int32_t r = 0; r < g->nrows; r++)
    if (g->row_base[r] && g->row_h[r] == h) return 1;
  return 0;
}

/* ---- segments ------------------------------------------------------------------------------ */

typedef struct piece_t {
  int32_t row;
  dbu_t x0, x1;
  int32_t label;   /* -2 blocked, >= 0 region fully covering the row's height over [x0, x1) */
} piece_t;

typedef struct pieces_t {
  piece_t *p;
  size_t n, cap;
} pieces_t;

static int piece_cmp(const void *pa, const void *pb) {
  const piece_t *a = pa, *b = pb;
  if (a->row != b->row) return a->row < b->row ? -1 : 1;
  if (a->x0 != b->x0) return a->x0 < b->x0 ? -1 : 1;
  if (a->x1 != b->x1) return a->x1 < b->x1 ? -1 : 1;
  return a->label < b->label ? -1 : a->label > b->label;
}

static int pieces_add(pieces_t *ps, int32_t row, dbu_t x0, dbu_t x1, int32_t label) {
  if (UT_RESERVE(ps->p, ps->cap, ps->n + 1)) return UT_ENOMEM;
  ps->p[ps->n++] = (piece_t){row, x0, x1, label};
  return UT_OK;
}

/* Cut the rectangle [x0,x1) x [y0,y1) into the base rows it overlaps (blocked pieces). */
static int cut_blocked(const lg_grid_t *g, pieces_t *ps, int64_t x0, int64_t y0, int64_t x1,
                       int64_t y1) {
  if (x1 <= x0 || y1 <= y0) return UT_OK;
  int64_t ylo = y0 - g->max_row_h + 1;
  int32_t l = lg_grid_level_lower_bound(g, ylo < INT32_MIN ? INT32_MIN : (dbu_t)ylo);
  for (; l < g->nlevels && g->level_y[l] < y1; l++)
    for (int32_t k = g->level_start[l]; k < g->level_start[l + 1]; k++) {
      int32_t r = g->level_rows[k];
      if ((int64_t)g->row_y[r] + g->row_h[r] <= y0) continue;
      if (g->row_x1[r] <= x0 || g->row_x0[r] >= x1) continue;
      dbu_t a = x0 < g->row_x0[r] ? g->row_x0[r] : (dbu_t)x0;
      dbu_t b = x1 > g->row_x1[r] ? g->row_x1[r] : (dbu_t)x1;
      if (pieces_add(ps, r, a, b, -2)) return UT_ENOMEM;
    }
  return UT_OK;
}

static int cmp_dbu(const void *pa, const void *pb) {
  dbu_t a = *(const dbu_t *)pa, b = *(const dbu_t *)pb;
  return a < b ? -1 : a > b;
}

/* Region reg: for each base row it touches, split x at the region's rectangle edges; an elementary
 * interval whose covering rectangles span the row's whole height is the region's, one covered only
 * in part is blocked. */
static int cut_region(const lg_grid_t *g, const db_t *db, pieces_t *ps, int32_t reg) {
  int32_t a = db->region_rect_start[reg], b = db->region_rect_start[reg + 1];
  if (a >= b) return UT_OK;
  int32_t nr = b - a;
  dbu_t *xs = ut_malloc((size_t)nr * 2 * sizeof *xs);
  dbu_t *ys = ut_malloc((size_t)nr * 2 * sizeof *ys);
  if (!xs || !ys) {
    ut_free(xs);
    ut_free(ys);
    return UT_ENOMEM;
  }
  db_rect_t bb = db->region_rects[a];
  for (int32_t i = a; i < b; i++) {
    const db_rect_t *q = &db->region_rects[i];
    if (q->x0 < bb.x0) bb.x0 = q->x0;
    if (q->y0 < bb.y0) bb.y0 = q->y0;
    if (q->x1 > bb.x1) bb.x1 = q->x1;
    if (q->y1 > bb.y1) bb.y1 = q->y1;
  }
  int rc = UT_OK;
  int64_t ylo = (int64_t)bb.y0 - g->max_row_h + 1;
  int32_t l = lg_grid_level_lower_bound(g, ylo < INT32_MIN ? INT32_MIN : (dbu_t)ylo);
  for (; l < g->nlevels && g->level_y[l] < bb.y1 && !rc; l++)
    for (int32_t k = g->level_start[l]; k < g->level_start[l + 1] && !rc; k++) {
      int32_t r = g->level_rows[k];
      dbu_t ry0 = g->row_y[r], ry1 = g->row_y[r] + g->row_h[r];
      int nx = 0;
      for (int32_t i = a; i < b; i++) {
        const db_rect_t *q = &db->region_rects[i];
        if (q->y1 <= ry0 || q->y0 >= ry1 || q->x1 <= g->row_x0[r] || q->x0 >= g->row_x1[r]) continue;
        xs[nx++] = q->x0;
        xs[nx++] = q->x1;
      }
      if (!nx) continue;
      qsort(xs, (size_t)nx, sizeof *xs, cmp_dbu);
      for (int j = 0; j + 1 < nx && !rc; j++) {
        dbu_t e0 = xs[j], e1 = xs[j + 1];
        if (e0 == e1) continue;
        int ny = 0;
        for (int32_t i = a; i < b; i++) {
          const db_rect_t *q = &db->region_rects[i];
          if (q->y1 <= ry0 || q->y0 >= ry1 || q->x0 > e0 || q->x1 < e1) continue;
          ys[2 * ny] = q->y0;
          ys[2 * ny + 1] = q->y1;
          ny++;
        }
        if (!ny) continue;
        /* union of the y-intervals covering [e0, e1): does it hold [ry0, ry1)? */
        int64_t reach = ry0;
        int progress = 1;
        while (progress && reach < ry1) {
          progress = 0;
          for (int i = 0; i < ny; i++)
            if (ys[2 * i] <= reach && ys[2 * i + 1] > reach) {
              reach = ys[2 * i + 1];
              progress = 1;
            }
        }
        dbu_t c0 = e0 < g->row_x0[r] ? g->row_x0[r] : e0;
        dbu_t c1 = e1 > g->row_x1[r] ? g->row_x1[r] : e1;
        if (c0 < c1) rc = pieces_add(ps, r, c0, c1, reach >= ry1 ? reg : -2);
      }
    }
  ut_free(xs);
  ut_free(ys);
  return rc;
}

static int64_t floor_div(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }
static int64_t ceil_div(int64_t a, int64_t b) { return -floor_div(-a, b); }

int lg_grid_segments(lg_grid_t *g, const db_t *db, const lg_seg_opts_t *opts) {
  pieces_t ps = {0};
  int rc = UT_OK;
  dbu_t extra = opts ? opts->macro_halo : 0;
  /* obstacles: fixed components and flagged ones (halos around macros), hard blockages */
  for (size_t c = 0; c < db->ncells && !rc; c++) {
    if (db->cell_status[c] == DB_UNPLACED) continue;
    int obst = db_cell_is_fixed(db, (int32_t)c) || (opts && opts->obstacle && opts->obstacle[c]);
    if (!obst || db->master_class[db->cell_master[c]] == DB_CLASS_COVER) continue;
    dbu_t w, h, hl[4] = {0, 0, 0, 0};
    db_cell_size(db, (int32_t)c, &w, &h);
    if (db_cell_is_macro(db, (int32_t)c)) lg_cell_halo(db, (int32_t)c, extra, hl);
    rc = cut_blocked(g, &ps, (int64_t)db->cell_x[c] - hl[0], (int64_t)db->cell_y[c] - hl[1],
                     (int64_t)db->cell_x[c] + w + hl[2], (int64_t)db->cell_y[c] + h + hl[3]);
  }
  for (size_t b = 0; b < db->nblk && !rc; b++) {
    if (db->blk_kind[b] != DB_BLK_PLACEMENT || db->blk_soft[b] || db->blk_partial[b] > 0) continue;
    for (int32_t i = db->blk_rect_start[b]; i < db->blk_rect_start[b + 1] && !rc; i++) {
      const db_rect_t *q = &db->blk_rects[i];
      rc = cut_blocked(g, &ps, q->x0, q->y0, q->x1, q->y1);
    }
  }
  for (size_t r = 0; r < db->nregions && !rc; r++)
    if (lg_region_hard(db, (int32_t)r)) rc = cut_region(g, db, &ps, (int32_t)r);
  if (rc) {
    ut_free(ps.p);
    return rc;
  }
  if (ps.n) qsort(ps.p, ps.n, sizeof *ps.p, piece_cmp);

  /* label sites row by row, then run-length encode */
  int64_t maxs = 0;
  size_t cap = 0, cap1 = 0, cap2 = 0, cap3 = 0;
  for (int32_t r = 0; r < g->nrows; r++) {
    int64_t nsr = (g->row_x1[r] - g->row_x0[r]) / g->row_pitch[r];
    if (nsr > maxs) maxs = nsr;
  }
  int32_t *lab = ut_malloc((size_t)(maxs ? maxs : 1) * sizeof *lab);
  int64_t *cov = ut_malloc((size_t)(maxs ? maxs : 1) * sizeof *cov);
  dbu_t *sx0 = NULL, *sx1 = NULL;
  int32_t *srow = NULL, *sreg = NULL;
  if (!lab || !cov) {
    rc = UT_ENOMEM;
    goto done;
  }
  size_t ns = 0, pi = 0;
  for (int32_t r = 0; r < g->nrows; r++) {
    g->row_seg_start[r] = (int32_t)ns;
    size_t pstart = pi;
    while (pi < ps.n && ps.p[pi].row == r) pi++;
    if (!g->row_base[r]) continue;
    int64_t nsite = (g->row_x1[r] - g->row_x0[r]) / g->row_pitch[r];
    int64_t x0 = g->row_x0[r], p = g->row_pitch[r];
    for (int64_t s = 0; s < nsite; s++) {
      lab[s] = -1;
      cov[s] = 0;
    }
    /* fences: covered length per site; a site inside two different regions is blocked */
    for (size_t k = pstart; k < pi; k++) {
      const piece_t *q = &ps.p[k];
      if (q->label < 0) continue;
      int64_t s0 = floor_div(q->x0 - x0, p), s1 = ceil_div(q->x1 - x0, p);
      if (s0 < 0) s0 = 0;
      if (s1 > nsite) s1 = nsite;
      for (int64_t s = s0; s < s1; s++) {
        int64_t a = x0 + s * p, b = a + p;
        int64_t lo = a > q->x0 ? a : q->x0, hi = b < q->x1 ? b : q->x1;
        if (lab[s] == -1 || lab[s] == q->label) {
          lab[s] = q->label;
          cov[s] += hi - lo;
        } else {
          lab[s] = -2;
        }
      }
    }
    for (int64_t s = 0; s < nsite; s++)
      if (lab[s] >= 0 && cov[s] < p) lab[s] = -2;
    /* obstacles and partial fence coverage */
    for (size_t k = pstart; k < pi; k++) {
      const piece_t *q = &ps.p[k];
      if (q->label >= 0) continue;
      int64_t s0 = floor_div(q->x0 - x0, p), s1 = ceil_div(q->x1 - x0, p);
      if (s0 < 0) s0 = 0;
      if (s1 > nsite) s1 = nsite;
      for (int64_t s = s0; s < s1; s++) lab[s] = -2;
    }
    for (int64_t s = 0; s < nsite;) {
      if (lab[s] == -2) {
        s++;
        continue;
      }
      int64_t e = s;
      while (e < nsite && lab[e] == lab[s]) e++;
      if (UT_RESERVE(sx0, cap, ns + 1) || UT_RESERVE(sx1, cap1, ns + 1) ||
          UT_RESERVE(srow, cap2, ns + 1) || UT_RESERVE(sreg, cap3, ns + 1)) {
        rc = UT_ENOMEM;
        goto done;
      }
      sx0[ns] = (dbu_t)(x0 + s * p);
      sx1[ns] = (dbu_t)(x0 + e * p);
      srow[ns] = r;
      sreg[ns] = lab[s];
      ns++;
      s = e;
    }
  }
  g->row_seg_start[g->nrows] = (int32_t)ns;
  ut_free(g->seg_x0);
  ut_free(g->seg_x1);
  ut_free(g->seg_row);
  ut_free(g->seg_region);
  g->seg_x0 = sx0;
  g->seg_x1 = sx1;
  g->seg_row = srow;
  g->seg_region = sreg;
  g->nsegs = (int32_t)ns;
  sx0 = sx1 = NULL;
  srow = sreg = NULL;
done:
  ut_free(lab);
  ut_free(cov);
  ut_free(sx0);
  ut_free(sx1);
  ut_free(srow);
  ut_free(sreg);
  ut_free(ps.p);
  return rc;
}
