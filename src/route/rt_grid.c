/*
 * rt_grid.c: GCell grid and per-edge routing capacity, the supply side of every congestion model
 * (the "tile graph" of global routers, e.g. FastRoute: Pan & Chu, ICCAD 2006; the grid
 * graph of NCTU-GR and of the ISPD 2007/08 global routing contests).
 *
 * Grid: DEF GCELLGRID lines when present, else squares of ~tracks_per_gcell tracks of the most
 * common preferred pitch rounded to whole rows and aligned to the core's lower-left corner; in
 * both cases a GCell narrower than half the dominant step (a sliver at the die edge) is merged into
 * its neighbour.  Capacity: per routing layer, the tracks in its preferred direction (DEF TRACKS of
 * that layer and direction, else the LEF pitch and offset from the die corner) whose centre line
 * lies in the GCell row (horizontal layers) or column (vertical layers).  Obstructions (DEF
 * BLOCKAGES LAYER, LEF OBS of placed components transformed by their orientation) block a track
 * when they come closer to its centre line than width/2 + spacing; blocked x-intervals of a track
 * are merged (so overlapping shapes count once) and each removes the covered fraction of every
 * edge span (GCell centre to GCell centre) from that track's unit of capacity.  Invariants:
 * 0 <= lcap <= raw track count; cap_h/cap_v are the sums over the used layers times cap_scale.
 */
#include "route/rt_grid.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/ut.h"

#define RT_GRID_MAX_GCELLS (1 << 26)   /* 64M GCells: far beyond any useful grid */

void rt_grid_opts_default(rt_grid_opts_t *o) {
  memset(o, 0, sizeof *o);
  o->use_def_gcells = 1;
  o->tracks_per_gcell = 15;
  o->gcell_size = 0;
  o->min_layer = 2;
  o->max_layer = 0;
  o->cell_obs = 1;
  o->blockages = 1;
  o->cap_scale = 1.0;
}

void rt_grid_destroy(rt_grid_t *g) {
  if (!g) return;
  ut_free(g->xs);
  ut_free(g->ys);
  ut_free(g->layer_db);
  ut_free(g->layer_dir);
  ut_free(g->layer_used);
  ut_free(g->layer_def_tracks);
  ut_free(g->layer_pitch);
  ut_free(g->layer_ntracks);
  ut_free(g->layer_cap_raw);
  ut_free(g->layer_cap);
  ut_free(g->layer_cap_start);
  ut_free(g->lcap);
  ut_free(g->cap_h);
  ut_free(g->cap_v);
  ut_free(g);
}

static int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

static int64_t ceil_div(int64_t a, int64_t b) { return -floor_div(-a, b); }

/* Index k with b[k] <= v < b[k+1], or -1 outside [b[0], b[n]). */
static int find_bin(const dbu_t *b, int n, int64_t v) {
  if (v < b[0] || v >= b[n]) return -1;
  int lo = 0, hi = n;  /* b[lo] <= v < b[hi] */
  while (hi - lo > 1) {
    int mid = (lo + hi) / 2;
    if (b[mid] <= v)
      lo = mid;
    else
      hi = mid;
  }
  return lo;
}

int rt_grid_col(const rt_grid_t *g, int64_t x) {
  if (x < g->xs[0]) return 0;
  if (x >= g->xs[g->nx]) return g->nx - 1;
  return find_bin(g->xs, g->nx, x);
}

int rt_grid_row(const rt_grid_t *g, int64_t y) {
  if (y < g->ys[0]) return 0;
  if (y >= g->ys[g->ny]) return g->ny - 1;
  return find_bin(g->ys, g->ny, y);
}

static int cmp_dbu(const void *a, const void *b) {
  dbu_t x = *(const dbu_t *)a, y = *(const dbu_t *)b;
  return (x > y) - (x < y);
}

/* Sort and deduplicate lines, keep those strictly inside (lo, hi), add lo and hi, then merge every
 * interval narrower than step/2 into a neighbour.  lines has room for n + 2 entries.  Returns the
 * number of intervals. */
static int build_axis(dbu_t *lines, int n, dbu_t lo, dbu_t hi, int64_t step) {
  int m = 0;
  for (int i = 0; i < n; i++)
    if (lines[i] > lo && lines[i] < hi) lines[m++] = lines[i];
  lines[m++] = lo;
  lines[m++] = hi;
  qsort(lines, (size_t)m, sizeof *lines, cmp_dbu);
  int u = 0;
  for (int i = 0; i < m; i++)
    if (!u || lines[i] != lines[u - 1]) lines[u++] = lines[i];
  int cells = u - 1;
  for (int changed = 1; changed && cells > 1;) {
    changed = 0;
    for (int i = 0; i < cells && cells > 1; i++) {
      if (2 * ((int64_t)lines[i + 1] - lines[i]) >= step) continue;
      /* drop the boundary shared with the neighbour: the right one for the first interval */
      int drop = i == 0 ? 1 : i;
      memmove(lines + drop, lines + drop + 1, (size_t)(cells - drop) * sizeof *lines);
      cells--;
      changed = 1;
      break;
    }
  }
  return cells;
}

/* Uniform lines from origin with the given step, covering [lo, hi]. */
static int uniform_lines(dbu_t **out, dbu_t lo, dbu_t hi, int64_t origin, int64_t step, int *n) {
  int64_t k0 = ceil_div((int64_t)lo - origin, step), k1 = floor_div((int64_t)hi - origin, step);
  int64_t cnt = k1 >= k0 ? k1 - k0 + 1 : 0;
  if (cnt > 50000000) return UT_ELIMIT;
  dbu_t *l = ut_malloc((size_t)(cnt + 2) * sizeof *l);
  if (!l) return UT_ENOMEM;
  for (int64_t k = 0; k < cnt; k++) l[k] = (dbu_t)(origin + (k0 + k) * step);
  *out = l;
  *n = (int)cnt;
  return 0;
}

/* A run of tracks: start + k*step, k in [0, num). */
typedef struct seq_t {
  int layer;
  int64_t start, step;
  int64_t num;
} seq_t;

/* A blocked interval [a, b] on track k of sequence s. */
typedef struct blk_t {
  int32_t s;
  int32_t k;
  dbu_t a, b;
} blk_t;

static int cmp_blk(const void *pa, const void *pb) {
  const blk_t *x = pa, *y = pb;
  if (x->s != y->s) return x->s < y->s ? -1 : 1;
  if (x->k != y->k) return x->k < y->k ? -1 : 1;
  if (x->a != y->a) return x->a < y->a ? -1 : 1;
  return (x->b > y->b) - (x->b < y->b);
}

typedef struct build_t {
  rt_grid_t *g;
  const db_t *db;
  seq_t *seq;
  size_t nseq, cap_seq;
  blk_t *blk;
  size_t nblk, cap_blk;
  dbu_t *margin;   /* per routing layer */
} build_t;

static dbu_t um_to_dbu(double um, int dbu) { return (dbu_t)llround(um * dbu); }

/* Layer directions and pitches; directions missing from the LEF alternate from the layer below
 * (the first routing layer horizontal). */
static int setup_layers(build_t *b, const rt_grid_opts_t *o) {
  rt_grid_t *g = b->g;
  const db_t *db = b->db;
  int n = 0;
  for (size_t l = 0; l < db->nlayers; l++)
    if (db->layer_type[l] == DB_LAYER_ROUTING) n++;
  if (!n) return UT_EINVAL;
  g->nlayers = n;
  g->layer_db = ut_calloc((size_t)n, sizeof *g->layer_db);
  g->layer_dir = ut_calloc((size_t)n, 1);
  g->layer_used = ut_calloc((size_t)n, 1);
  g->layer_def_tracks = ut_calloc((size_t)n, 1);
  g->layer_pitch = ut_calloc((size_t)n, sizeof *g->layer_pitch);
  g->layer_ntracks = ut_calloc((size_t)n, sizeof *g->layer_ntracks);
  g->layer_cap_raw = ut_calloc((size_t)n, sizeof *g->layer_cap_raw);
  g->layer_cap = ut_calloc((size_t)n, sizeof *g->layer_cap);
  g->layer_cap_start = ut_calloc((size_t)n + 1, sizeof *g->layer_cap_start);
  b->margin = ut_calloc((size_t)n, sizeof *b->margin);
  if (!g->layer_db || !g->layer_dir || !g->layer_used || !g->layer_def_tracks ||
      !g->layer_pitch || !g->layer_ntracks || !g->layer_cap_raw || !g->layer_cap ||
      !g->layer_cap_start || !b->margin)
    return UT_ENOMEM;
  int k = 0;
  for (size_t l = 0; l < db->nlayers; l++) {
    if (db->layer_type[l] != DB_LAYER_ROUTING) continue;
    g->layer_db[k] = (int32_t)l;
    int dir = db->layer_dir[l];
    if (dir != DB_DIR_HORIZONTAL && dir != DB_DIR_VERTICAL)
      dir = k == 0 ? DB_DIR_HORIZONTAL
                   : (g->layer_dir[k - 1] == DB_DIR_HORIZONTAL ? DB_DIR_VERTICAL
                                                               : DB_DIR_HORIZONTAL);
    g->layer_dir[k] = (uint8_t)dir;
    double p = dir == DB_DIR_HORIZONTAL ? db->layer_pitch_y[l] : db->layer_pitch_x[l];
    if (p <= 0) p = dir == DB_DIR_HORIZONTAL ? db->layer_pitch_x[l] : db->layer_pitch_y[l];
    g->layer_pitch[k] = p > 0 ? um_to_dbu(p, db->dbu) : 0;
    int num = k + 1;
    g->layer_used[k] = (uint8_t)(num >= o->min_layer && (o->max_layer <= 0 || num <= o->max_layer));
    /* keep-out distance of a track's centre line from an obstruction: half a wire plus spacing */
    double w = db->layer_width[l] > 0 ? db->layer_width[l] : p / 2;
    double s = db->layer_spacing[l] > 0 ? db->layer_spacing[l] : (p - w > 0 ? p - w : 0);
    b->margin[k] = um_to_dbu(w / 2 + s, db->dbu);
    k++;
  }
  return 0;
}

static int add_seq(build_t *b, int layer, int64_t start, int64_t step, int64_t num) {
  if (num <= 0) return 0;
  if (step <= 0) {
    step = 1;
    num = 1;
  }
  if (UT_RESERVE(b->seq, b->cap_seq, b->nseq + 1)) return UT_ENOMEM;
  b->seq[b->nseq++] = (seq_t){layer, start, step, num};
  return 0;
}

/* Track runs per layer: DEF TRACKS in the preferred direction, else LEF pitch/offset. */
static int setup_tracks(build_t *b) {
  rt_grid_t *g = b->g;
  const db_t *db = b->db;
  for (int l = 0; l < g->nlayers; l++) {
    int vert = g->layer_dir[l] == DB_DIR_VERTICAL;
    size_t before = b->nseq;
    for (size_t t = 0; t < db->ntracks; t++) {
      if (db->track_layer[t] != g->layer_db[l] || (db->track_is_x[t] != 0) != vert) continue;
      if (add_seq(b, l, db->track_start[t], db->track_step[t], db->track_num[t])) return UT_ENOMEM;
    }
    if (b->nseq > before) {
      g->layer_def_tracks[l] = 1;
      if (b->seq[before].step > 1 || b->seq[before].num > 1)
        g->layer_pitch[l] = (dbu_t)b->seq[before].step;
    } else if (g->layer_pitch[l] > 0) {
      int32_t L = g->layer_db[l];
      double off_um = vert ? db->layer_offset_x[L] : db->layer_offset_y[L];
      int64_t p = g->layer_pitch[l];
      int64_t off = isnan(off_um) ? p / 2 : um_to_dbu(off_um, db->dbu);
      int64_t lo = vert ? db->die.x0 : db->die.y0, hi = vert ? db->die.x1 : db->die.y1;
      int64_t start = lo + off;
      if (start < hi && add_seq(b, l, start, p, (hi - 1 - start) / p + 1)) return UT_ENOMEM;
    }
  }
  for (size_t s = 0; s < b->nseq; s++) {
    int64_t lo = g->layer_dir[b->seq[s].layer] == DB_DIR_VERTICAL ? g->xs[0] : g->ys[0];
    int64_t hi = g->layer_dir[b->seq[s].layer] == DB_DIR_VERTICAL ? g->xs[g->nx] : g->ys[g->ny];
    for (int64_t k = 0; k < b->seq[s].num; k++) {
      int64_t t = b->seq[s].start + k * b->seq[s].step;
      if (t >= lo && t < hi) g->layer_ntracks[b->seq[s].layer]++;
    }
  }
  return 0;
}

/* The most common preferred pitch over the used layers (ties: the smaller). */
static int64_t mode_pitch(const rt_grid_t *g) {
  int64_t best = 0;
  int best_n = 0;
  for (int a = 0; a < g->nlayers; a++) {
    if (!g->layer_used[a] || g->layer_pitch[a] <= 0) continue;
    int n = 0;
    for (int c = 0; c < g->nlayers; c++)
      if (g->layer_used[c] && g->layer_pitch[c] == g->layer_pitch[a]) n++;
    if (n > best_n || (n == best_n && g->layer_pitch[a] < best)) {
      best = g->layer_pitch[a];
      best_n = n;
    }
  }
  if (!best)
    for (int a = 0; a < g->nlayers; a++)
      if (g->layer_pitch[a] > 0 && (!best || g->layer_pitch[a] < best)) best = g->layer_pitch[a];
  return best;
}

static int setup_axes(build_t *b, const rt_grid_opts_t *o) {
  rt_grid_t *g = b->g;
  const db_t *db = b->db;
  int nxl = 0, nyl = 0;
  int64_t stepx = 0, stepy = 0, bestx = -1, besty = -1;
  if (o->use_def_gcells && o->gcell_size <= 0) {
    for (size_t i = 0; i < db->ngcell; i++) {
      int64_t num = db->gcell_num[i];
      if (db->gcell_is_x[i]) {
        nxl += (int)num;
        if (num > bestx) bestx = num, stepx = db->gcell_step[i];
      } else {
        nyl += (int)num;
        if (num > besty) besty = num, stepy = db->gcell_step[i];
      }
    }
  }
  dbu_t *lx = NULL, *ly = NULL;
  int rc = 0;
  if (nxl > 0 && nyl > 0 && stepx > 0 && stepy > 0) {
    lx = ut_malloc((size_t)(nxl + 2) * sizeof *lx);
    ly = ut_malloc((size_t)(nyl + 2) * sizeof *ly);
    if (!lx || !ly) {
      ut_free(lx);
      ut_free(ly);
      return UT_ENOMEM;
    }
    nxl = nyl = 0;
    for (size_t i = 0; i < db->ngcell; i++)
      for (int64_t k = 0; k < db->gcell_num[i]; k++) {
        int64_t v = (int64_t)db->gcell_start[i] + k * db->gcell_step[i];
        if (v < INT32_MIN || v > INT32_MAX) continue;
        if (db->gcell_is_x[i])
          lx[nxl++] = (dbu_t)v;
        else
          ly[nyl++] = (dbu_t)v;
      }
    g->from_def = 1;
  } else {
    int64_t step = o->gcell_size;
    int have_rows = db->nrows > 0 && db->row_site[0] >= 0 && db->site_h[db->row_site[0]] > 0;
    if (step <= 0) {
      step = (int64_t)o->tracks_per_gcell * mode_pitch(g);
      if (have_rows) {
        int64_t rh = db->site_h[db->row_site[0]];
        int64_t nr = (step + rh / 2) / rh;
        step = (nr < 1 ? 1 : nr) * rh;
      }
      if (step <= 0) step = (db->die.x1 - db->die.x0) / 16 + 1;
    }
    int64_t ox = have_rows ? db->core.x0 : db->die.x0, oy = have_rows ? db->core.y0 : db->die.y0;
    rc = uniform_lines(&lx, db->die.x0, db->die.x1, ox, step, &nxl);
    if (!rc) rc = uniform_lines(&ly, db->die.y0, db->die.y1, oy, step, &nyl);
    if (rc) {
      ut_free(lx);
      ut_free(ly);
      return rc;
    }
    stepx = stepy = step;
  }
  g->nx = build_axis(lx, nxl, db->die.x0, db->die.x1, stepx);
  g->ny = build_axis(ly, nyl, db->die.y0, db->die.y1, stepy);
  g->xs = lx;
  g->ys = ly;
  return (int64_t)g->nx * g->ny > RT_GRID_MAX_GCELLS ? UT_ELIMIT : 0;
}

/* Add the blocked intervals of rectangle r (absolute DBU) on routing layer l. */
static int add_block(build_t *b, int l, db_rect_t r) {
  const rt_grid_t *g = b->g;
  int vert = g->layer_dir[l] == DB_DIR_VERTICAL;
  /* across: the coordinate the tracks are spaced in; along: the tracks' running direction */
  int64_t c0 = vert ? r.x0 : r.y0, c1 = vert ? r.x1 : r.y1;
  int64_t a0 = vert ? r.y0 : r.x0, a1 = vert ? r.y1 : r.x1;
  int64_t lo = vert ? g->ys[0] : g->xs[0], hi = vert ? g->ys[g->ny] : g->xs[g->nx];
  if (a0 < lo) a0 = lo;
  if (a1 > hi) a1 = hi;
  if (a1 <= a0 || c1 < c0) return 0;
  int64_t m = b->margin[l];
  for (size_t s = 0; s < b->nseq; s++) {
    const seq_t *q = &b->seq[s];
    if (q->layer != l) continue;
    /* tracks strictly inside (c0 - m, c1 + m) */
    int64_t k0 = floor_div(c0 - m - q->start, q->step) + 1;
    int64_t k1 = ceil_div(c1 + m - q->start, q->step) - 1;
    if (k0 < 0) k0 = 0;
    if (k1 > q->num - 1) k1 = q->num - 1;
    for (int64_t k = k0; k <= k1; k++) {
      if (UT_RESERVE(b->blk, b->cap_blk, b->nblk + 1)) return UT_ENOMEM;
      b->blk[b->nblk++] = (blk_t){(int32_t)s, (int32_t)k, (dbu_t)a0, (dbu_t)a1};
    }
  }
  return 0;
}

/* Subtract the merged blocked intervals from the per-layer edge capacities. */
static void apply_blocks(build_t *b) {
  rt_grid_t *g = b->g;
  if (!b->nblk) return;
  qsort(b->blk, b->nblk, sizeof *b->blk, cmp_blk);
  size_t i = 0;
  while (i < b->nblk) {
    blk_t cur = b->blk[i++];
    while (i < b->nblk && b->blk[i].s == cur.s && b->blk[i].k == cur.k && b->blk[i].a <= cur.b) {
      if (b->blk[i].b > cur.b) cur.b = b->blk[i].b;
      i++;
    }
    const seq_t *q = &b->seq[cur.s];
    int l = q->layer;
    int vert = g->layer_dir[l] == DB_DIR_VERTICAL;
    int64_t t = q->start + (int64_t)cur.k * q->step;
    int ncross = vert ? g->nx : g->ny, nalong = vert ? g->ny : g->nx;
    const dbu_t *cb = vert ? g->xs : g->ys, *ab = vert ? g->ys : g->xs;
    int c = find_bin(cb, ncross, t);
    if (c < 0 || nalong < 2) continue;
    double *cap = g->lcap + g->layer_cap_start[l];
    /* edge e (along index) spans doubled centres [ab[e] + ab[e+1], ab[e+1] + ab[e+2]] */
    int64_t a2 = 2 * (int64_t)cur.a, b2 = 2 * (int64_t)cur.b;
    int e = find_bin(ab, nalong, cur.a);
    if (e < 0) e = 0;
    if (e > 0) e--;
    for (; e < nalong - 1; e++) {
      int64_t s0 = (int64_t)ab[e] + ab[e + 1], s1 = (int64_t)ab[e + 1] + ab[e + 2];
      if (s0 >= b2) break;
      int64_t ov = (b2 < s1 ? b2 : s1) - (a2 > s0 ? a2 : s0);
      if (ov <= 0) continue;
      int64_t idx = vert ? (int64_t)e * g->nx + c : (int64_t)c * (g->nx - 1) + e;
      double v = cap[idx] - (double)ov / (double)(s1 - s0);
      cap[idx] = v > 0 ? v : 0;
    }
  }
}

static int setup_capacity(build_t *b, const rt_grid_opts_t *o) {
  rt_grid_t *g = b->g;
  const db_t *db = b->db;
  g->nedges_h = (int64_t)(g->nx - 1) * g->ny;
  g->nedges_v = (int64_t)g->nx * (g->ny - 1);
  int64_t tot = 0;
  for (int l = 0; l < g->nlayers; l++) {
    g->layer_cap_start[l] = tot;
    tot += g->layer_dir[l] == DB_DIR_VERTICAL ? g->nedges_v : g->nedges_h;
  }
  g->layer_cap_start[g->nlayers] = tot;
  g->lcap = ut_calloc((size_t)(tot ? tot : 1), sizeof *g->lcap);
  g->cap_h = ut_calloc((size_t)(g->nedges_h ? g->nedges_h : 1), sizeof *g->cap_h);
  g->cap_v = ut_calloc((size_t)(g->nedges_v ? g->nedges_v : 1), sizeof *g->cap_v);
  int32_t *count = ut_calloc((size_t)(g->nx > g->ny ? g->nx : g->ny), sizeof *count);
  if (!g->lcap || !g->cap_h || !g->cap_v || !count) {
    ut_free(count);
    return UT_ENOMEM;
  }
  /* raw track counts per GCell row (horizontal layers) or column (vertical layers) */
  for (int l = 0; l < g->nlayers; l++) {
    int vert = g->layer_dir[l] == DB_DIR_VERTICAL;
    int ncross = vert ? g->nx : g->ny;
    const dbu_t *cb = vert ? g->xs : g->ys;
    memset(count, 0, (size_t)ncross * sizeof *count);
    for (size_t s = 0; s < b->nseq; s++) {
      const seq_t *q = &b->seq[s];
      if (q->layer != l) continue;
      for (int c = 0; c < ncross; c++) {
        /* k with cb[c] <= start + k step < cb[c+1] */
        int64_t k0 = ceil_div((int64_t)cb[c] - q->start, q->step);
        int64_t k1 = ceil_div((int64_t)cb[c + 1] - q->start, q->step) - 1;
        if (k0 < 0) k0 = 0;
        if (k1 > q->num - 1) k1 = q->num - 1;
        if (k1 >= k0) count[c] += (int32_t)(k1 - k0 + 1);
      }
    }
    double *cap = g->lcap + g->layer_cap_start[l];
    int64_t ne = g->layer_cap_start[l + 1] - g->layer_cap_start[l];
    for (int64_t e = 0; e < ne; e++) {
      int c = vert ? (int)(e % g->nx) : (int)(e / (g->nx - 1));
      cap[e] = count[c];
      g->layer_cap_raw[l] += count[c];
    }
  }
  ut_free(count);

  /* obstructions, layer by layer (bounded memory) */
  int32_t *rmap = ut_malloc((db->nlayers ? db->nlayers : 1) * sizeof *rmap);
  if (!rmap) return UT_ENOMEM;
  for (size_t l = 0; l < db->nlayers; l++) rmap[l] = -1;
  for (int l = 0; l < g->nlayers; l++) rmap[g->layer_db[l]] = l;
  int rc = 0;
  for (int l = 0; l < g->nlayers && !rc; l++) {
    b->nblk = 0;
    if (o->blockages)
      for (size_t k = 0; k < db->nblk && !rc; k++) {
        if (db->blk_kind[k] != DB_BLK_LAYER || db->blk_layer[k] < 0 ||
            rmap[db->blk_layer[k]] != l)
          continue;
        for (int32_t r = db->blk_rect_start[k]; r < db->blk_rect_start[k + 1] && !rc; r++) {
          rc = add_block(b, l, db->blk_rects[r]);
          g->nblk_rects++;
        }
      }
    if (o->cell_obs)
      for (size_t c = 0; c < db->ncells && !rc; c++) {
        if (db->cell_status[c] == DB_UNPLACED) continue;
        int32_t m = db->cell_master[c];
        dbu_t mw = db->master_w[m], mh = db->master_h[m];
        for (int32_t k = db->master_obs_start[m]; k < db->master_obs_start[m + 1] && !rc; k++) {
          if (db->obs_layer[k] < 0 || rmap[db->obs_layer[k]] != l) continue;
          db_rect_t s = db->obs_rect[k], r;
          dbu_t ax, ay, bx, by;
          db_orient_xform(db->cell_orient[c], mw, mh, s.x0, s.y0, &ax, &ay);
          db_orient_xform(db->cell_orient[c], mw, mh, s.x1, s.y1, &bx, &by);
          r.x0 = db->cell_x[c] + (ax < bx ? ax : bx);
          r.x1 = db->cell_x[c] + (ax < bx ? bx : ax);
          r.y0 = db->cell_y[c] + (ay < by ? ay : by);
          r.y1 = db->cell_y[c] + (ay < by ? by : ay);
          rc = add_block(b, l, r);
          g->nobs_rects++;
        }
      }
    if (!rc) apply_blocks(b);
  }
  ut_free(rmap);
  if (rc) return rc;

  for (int l = 0; l < g->nlayers; l++) {
    double *cap = g->lcap + g->layer_cap_start[l];
    int64_t ne = g->layer_cap_start[l + 1] - g->layer_cap_start[l];
    double *sum = g->layer_dir[l] == DB_DIR_VERTICAL ? g->cap_v : g->cap_h;
    double t = 0;
    for (int64_t e = 0; e < ne; e++) {
      cap[e] *= o->cap_scale;
      t += cap[e];
      if (g->layer_used[l]) sum[e] += cap[e];
    }
    g->layer_cap[l] = t;
    g->layer_cap_raw[l] *= o->cap_scale;
  }
  return 0;
}

int rt_grid_create(rt_grid_t **out, const db_t *db, const rt_grid_opts_t *o) {
  *out = NULL;
  rt_grid_opts_t def;
  if (!o) {
    rt_grid_opts_default(&def);
    o = &def;
  }
  if (db->dbu <= 0 || db->die.x1 <= db->die.x0 || db->die.y1 <= db->die.y0 ||
      o->tracks_per_gcell < 1 || o->gcell_size < 0 || o->min_layer < 1 ||
      (o->max_layer > 0 && o->max_layer < o->min_layer) || !(o->cap_scale > 0) ||
      o->cap_scale > 1)
    return UT_EINVAL;
  rt_grid_t *g = ut_calloc(1, sizeof *g);
  if (!g) return UT_ENOMEM;
  g->dbu = db->dbu;
  build_t b = {.g = g, .db = db};
  int rc = setup_layers(&b, o);
  if (!rc) rc = setup_axes(&b, o);
  if (!rc) rc = setup_tracks(&b);
  if (!rc) rc = setup_capacity(&b, o);
  ut_free(b.seq);
  ut_free(b.blk);
  ut_free(b.margin);
  if (rc) {
    rt_grid_destroy(g);
    return rc;
  }
  *out = g;
  return 0;
}

void rt_grid_gcell_capacity(const rt_grid_t *g, double *cap_h, double *cap_v) {
  int nx = g->nx, ny = g->ny;
  for (int j = 0; j < ny; j++)
    for (int i = 0; i < nx; i++) {
      double s = 0;
      int n = 0;
      if (i > 0) s += g->cap_h[(int64_t)j * (nx - 1) + i - 1], n++;
      if (i + 1 < nx) s += g->cap_h[(int64_t)j * (nx - 1) + i], n++;
      cap_h[(int64_t)j * nx + i] = n ? s / n : 0;
      s = 0;
      n = 0;
      if (j > 0) s += g->cap_v[(int64_t)(j - 1) * nx + i], n++;
      if (j + 1 < ny) s += g->cap_v[(int64_t)j * nx + i], n++;
      cap_v[(int64_t)j * nx + i] = n ? s / n : 0;
    }
}

void rt_grid_print(const rt_grid_t *g, const db_t *db, FILE *f) {
  double um = (double)g->dbu;
  int64_t gw = 0, gh = 0;
  for (int i = 0; i < g->nx; i++) gw += g->xs[i + 1] - g->xs[i];
  for (int j = 0; j < g->ny; j++) gh += g->ys[j + 1] - g->ys[j];
  fprintf(f, "gcell grid        %d x %d (%s), mean gcell %.3f x %.3f um\n", g->nx, g->ny,
          g->from_def ? "DEF GCELLGRID" : "automatic", gw / um / g->nx, gh / um / g->ny);
  fprintf(f, "obstructions      %lld component OBS rects, %lld layer blockage rects\n",
          (long long)g->nobs_rects, (long long)g->nblk_rects);
  fprintf(f, "%-10s %-3s %9s %7s %7s %12s %12s %8s %s\n", "layer", "dir", "pitch_um", "tracks",
          "trk/gc", "capacity", "free_cap", "blocked%", "used");
  double th = 0, tv = 0, rh = 0, rv = 0;
  for (int l = 0; l < g->nlayers; l++) {
    int vert = g->layer_dir[l] == DB_DIR_VERTICAL;
    int64_t ne = vert ? g->nedges_v : g->nedges_h;
    double per = ne ? g->layer_cap_raw[l] / (double)ne : 0;
    double blocked = g->layer_cap_raw[l] > 0 ? 100.0 * (1 - g->layer_cap[l] / g->layer_cap_raw[l])
                                             : 0;
    fprintf(f, "%-10s %-3s %9.4f %7d %7.2f %12.0f %12.1f %8.2f %s%s\n",
            db_str(db, db->layer_name[g->layer_db[l]]), vert ? "V" : "H",
            g->layer_pitch[l] / um, g->layer_ntracks[l], per, g->layer_cap_raw[l],
            g->layer_cap[l], blocked, g->layer_used[l] ? "yes" : "no",
            g->layer_def_tracks[l] ? "" : " (LEF pitch)");
    if (g->layer_used[l]) {
      if (vert) {
        tv += g->layer_cap[l];
        rv += g->layer_cap_raw[l];
      } else {
        th += g->layer_cap[l];
        rh += g->layer_cap_raw[l];
      }
    }
  }
  fprintf(f, "capacity H        %.1f of %.0f tracks x edges (%.2f%% blocked), %.2f per edge\n", th,
          rh, rh > 0 ? 100 * (1 - th / rh) : 0, g->nedges_h ? th / g->nedges_h : 0);
  fprintf(f, "capacity V        %.1f of %.0f tracks x edges (%.2f%% blocked), %.2f per edge\n", tv,
          rv, rv > 0 ? 100 * (1 - tv / rv) : 0, g->nedges_v ? tv / g->nedges_v : 0);
}
