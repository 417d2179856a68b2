/*
 * floorplan.c: vl_floorplan, a floorplan for a netlist read from Verilog (rules in verilog.h):
 * die and core boxes, rows, routing tracks and IO pin positions, in the manner of OpenROAD's
 * initialize_floorplan, make_tracks and place_pins (random-free: pins go in port order).
 *
 * Everything is integer DBU.  Rows start at the core's lower-left corner snapped up to the
 * manufacturing grid and hold whole sites; the core the database then reports (the bounding box of
 * the rows) may be slightly smaller than the requested one.  IO pins: each edge offers the track
 * positions of its layer that keep a pin clear of the corners (by the depth of the pins on the
 * perpendicular edges); pins are shared among the four edges in proportion to their lengths
 * (largest remainder, ties to the earlier edge; an edge with fewer tracks than pins passes the
 * excess to the edge with the most free tracks), and pin i of n on an edge with T positions takes
 * position floor((i + 1/2) T / n), which spreads them evenly and never twice on one track.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "netlist/verilog.h"

void vl_floorplan_opts_default(vl_floorplan_opts_t *o) {
  memset(o, 0, sizeof *o);
  o->utilization = 0.5;
  o->aspect = 1.0;
}

static int64_t um(double v, int dbu) { return llround(v * dbu); }

static int pick_site(const db_t *db, const vl_floorplan_opts_t *o, ut_diag_t *diag) {
  if (o->site) {
    int32_t s = db_find_site(db, o->site, strlen(o->site));
    if (s < 0) ut_diag_error(diag, NULL, 0, 0, "unknown site '%s' (not in the LEF files)", o->site);
    return s;
  }
  size_t best = 0;
  int32_t pick = -1;
  for (size_t s = 0; s < db->nsites; s++) {
    if (db->site_class[s] != 0) continue;
    size_t n = 0;
    for (size_t c = 0; c < db->ncells; c++) {
      int32_t m = db->cell_master[c];
      if (db->master_class[m] == DB_CLASS_CORE && db->master_site[m] == (int32_t)s) n++;
    }
    if (n > best) {
      best = n;
      pick = (int32_t)s;
    }
  }
  if (pick < 0)
    ut_diag_error(diag, NULL, 0, 0, "no standard cell uses a CORE site of the LEF files: name the "
                  "row site");
  return pick;
}

/* Routing layer for IO pins of one direction (see verilog.h). */
static int32_t io_layer(const db_t *db, const char *name, int dir, ut_diag_t *diag) {
  if (name) {
    int32_t l = db_find_layer(db, name, strlen(name));
    if (l < 0 || db->layer_type[l] != DB_LAYER_ROUTING) {
      ut_diag_error(diag, NULL, 0, 0, "IO pin layer '%s' is not a routing layer of the LEF files",
                    name);
      return -2;
    }
    return l;
  }
  int32_t first = -1, any = -1;
  for (size_t l = 0; l < db->nlayers; l++) {
    if (db->layer_type[l] != DB_LAYER_ROUTING) continue;
    if (first < 0) {
      first = (int32_t)l;
      if (db->layer_dir[l] == dir) any = (int32_t)l;
      continue;
    }
    if (db->layer_dir[l] == dir) return (int32_t)l;
  }
  return any >= 0 ? any : first;
}

static dbu_t layer_pitch(const db_t *db, int32_t l, int along_x, int dbu) {
  double p = along_x ? db->layer_pitch_x[l] : db->layer_pitch_y[l];
  if (!(p > 0)) p = along_x ? db->layer_pitch_y[l] : db->layer_pitch_x[l];
  return (dbu_t)um(p > 0 ? p : 0, dbu);
}

static dbu_t layer_offset(const db_t *db, int32_t l, int along_x, dbu_t pitch, int dbu) {
  double o = along_x ? db->layer_offset_x[l] : db->layer_offset_y[l];
  return isnan(o) ? pitch / 2 : (dbu_t)um(o, dbu);
}

static int add_tracks(db_t *db, db_rect_t die) {
  int dbu = db->dbu;
  for (size_t i = 0; i < db->nlayers; i++) {
    int32_t l = (int32_t)i;
    if (db->layer_type[l] != DB_LAYER_ROUTING) continue;
    for (int is_x = 1; is_x >= 0; is_x--) {
      dbu_t p = layer_pitch(db, l, is_x, dbu);
      if (p <= 0) continue;
      int64_t start = (is_x ? die.x0 : die.y0) + (int64_t)layer_offset(db, l, is_x, p, dbu);
      int64_t hi = is_x ? die.x1 : die.y1;
      if (start > hi) continue;
      int32_t t = db_add_track(db);
      if (t < 0) return t;
      db->track_is_x[t] = (uint8_t)is_x;
      db->track_start[t] = (dbu_t)start;
      db->track_step[t] = p;
      db->track_num[t] = (int32_t)((hi - start) / p + 1);
      db->track_layer[t] = l;
    }
  }
  return UT_OK;
}

/* IO pin geometry of a layer: width across the edge, depth into the die. */
static void pin_size(const db_t *db, int32_t l, int along_x, dbu_t *w, dbu_t *d) {
  int dbu = db->dbu;
  dbu_t p = l >= 0 ? layer_pitch(db, l, along_x, dbu) : 0;
  *w = l >= 0 ? (dbu_t)um(db->layer_width[l], dbu) : 0;
  if (*w <= 0) *w = p > 1 ? p / 2 : 1;
  *d = p > 0 ? 2 * p : 2 * *w;
  if (*d < *w) *d = *w;
}

typedef struct edge_t {
  int64_t first, step;   /* positions first + k * step, k = 0 .. n-1, in walking order */
  int64_t n;
} edge_t;

/* Track positions of layer l along [lo, hi] (inclusive), keeping half a width inside. */
static void edge_positions(const db_t *db, int32_t l, int along_x, int64_t base, int64_t lo,
                           int64_t hi, dbu_t w, int reverse, edge_t *e) {
  int dbu = db->dbu;
  dbu_t p = l >= 0 ? layer_pitch(db, l, along_x, dbu) : 0;
  if (p <= 0) p = w > 0 ? 2 * w : 1;
  int64_t off = l >= 0 ? layer_offset(db, l, along_x, p, dbu) : p / 2;
  int64_t lo_c = lo + w / 2, hi_c = hi - (w - w / 2);
  /* first track at or above lo_c: base + off + k p */
  int64_t k0 = lo_c - base - off <= 0 ? 0 : (lo_c - base - off + p - 1) / p;
  int64_t x0 = base + off + k0 * p;
  e->n = x0 > hi_c ? 0 : (hi_c - x0) / p + 1;
  e->step = reverse ? -p : p;
  e->first = reverse ? x0 + (e->n - 1) * p : x0;
}

static int place_ios(db_t *db, db_rect_t die, const vl_floorplan_opts_t *o, ut_diag_t *diag) {
  if (!db->nios) return UT_OK;
  int32_t lh = io_layer(db, o->io_hor_layer, DB_DIR_HORIZONTAL, diag);
  int32_t lv = io_layer(db, o->io_ver_layer, DB_DIR_VERTICAL, diag);
  if (lh == -2 || lv == -2) return UT_EINVAL;
  dbu_t wh, dh, wv, dv;
  pin_size(db, lh, 0, &wh, &dh);  /* left/right pins: horizontal wires at Y tracks */
  pin_size(db, lv, 1, &wv, &dv);  /* bottom/top pins: vertical wires at X tracks */
  /* bottom (left to right), right (upward), top (right to left), left (downward) */
  edge_t e[4];
  edge_positions(db, lv, 1, die.x0, die.x0 + dh, die.x1 - dh, wv, 0, &e[0]);
  edge_positions(db, lh, 0, die.y0, die.y0 + dv, die.y1 - dv, wh, 0, &e[1]);
  edge_positions(db, lv, 1, die.x0, die.x0 + dh, die.x1 - dh, wv, 1, &e[2]);
  edge_positions(db, lh, 0, die.y0, die.y0 + dv, die.y1 - dv, wh, 1, &e[3]);
  int64_t total = e[0].n + e[1].n + e[2].n + e[3].n, n = (int64_t)db->nios;
  if (n > total) {
    ut_diag_error(diag, NULL, 0, 0, "%lld IO pins do not fit on the die edges (%lld track "
                  "positions): make the die larger", (long long)n, (long long)total);
    return UT_EINVAL;
  }
  /* shares proportional to the usable edge lengths (even spacing along the perimeter), largest
   * remainder first, then moved off any edge that has fewer tracks than pins */
  int64_t len[4] = {die.x1 - die.x0 - 2 * (int64_t)dh, die.y1 - die.y0 - 2 * (int64_t)dv, 0, 0};
  len[2] = len[0];
  len[3] = len[1];
  int64_t cnt[4], used = 0, perim = 0;
  double frac[4];
  for (int k = 0; k < 4; k++) {
    if (len[k] < 1 || e[k].n == 0) len[k] = 0;
    perim += len[k];
  }
  for (int k = 0; k < 4; k++) {
    cnt[k] = perim ? n * len[k] / perim : 0;
    frac[k] = perim ? (double)(n * len[k] % perim) / (double)perim : 0;
    used += cnt[k];
  }
  while (used < n) {
    int best = -1;
    for (int k = 0; k < 4; k++)
      if (best < 0 || frac[k] > frac[best]) best = k;
    cnt[best]++;
    frac[best] = -1;
    used++;
  }
  for (int k = 0; k < 4; k++)
    while (cnt[k] > e[k].n) {
      int to = -1;  /* the edge with the most free tracks takes the excess */
      for (int j = 0; j < 4; j++)
        if (j != k && (to < 0 || e[j].n - cnt[j] > e[to].n - cnt[to])) to = j;
      cnt[k]--;
      cnt[to]++;
    }
  size_t io = 0;
  for (int k = 0; k < 4; k++) {
    for (int64_t i = 0; i < cnt[k]; i++, io++) {
      int64_t t = (2 * i + 1) * e[k].n / (2 * cnt[k]);
      int64_t pos = e[k].first + t * e[k].step;
      int vert = k == 0 || k == 2;   /* bottom/top: vertical layer */
      dbu_t w = vert ? wv : wh, d = vert ? dv : dh;
      db_rect_t s;
      int64_t x, y;
      if (vert) {
        s = (db_rect_t){(dbu_t)(-(w / 2)), (dbu_t)(-(d / 2)), (dbu_t)(w - w / 2), (dbu_t)(d - d / 2)};
        x = pos;
        y = k == 0 ? die.y0 + d / 2 : die.y1 - (d - d / 2);
      } else {
        s = (db_rect_t){(dbu_t)(-(d / 2)), (dbu_t)(-(w / 2)), (dbu_t)(d - d / 2), (dbu_t)(w - w / 2)};
        y = pos;
        x = k == 1 ? die.x1 - (d - d / 2) : die.x0 + d / 2;
      }
      db->io_x[io] = (dbu_t)x;
      db->io_y[io] = (dbu_t)y;
      db->io_orient[io] = DB_N;
      db->io_status[io] = DB_PLACED;
      db->io_layer[io] = vert ? lv : lh;
      db->io_shape[io] = s;
    }
  }
  return UT_OK;
}

int vl_floorplan(db_t *db, const vl_floorplan_opts_t *o, ut_diag_t *diag) {
  int dbu = db->dbu;
  if (dbu <= 0 || !db->master_pin_start) {
    ut_diag_error(diag, NULL, 0, 0, "floorplan: no design read (units are not bound)");
    return UT_EINVAL;
  }
  if (db->nrows) {
    ut_diag_error(diag, NULL, 0, 0, "floorplan: the design already has rows");
    return UT_EINVAL;
  }
  int32_t s = pick_site(db, o, diag);
  if (s < 0) return UT_EINVAL;
  dbu_t sw = db->site_w[s], sh = db->site_h[s];
  if (sw <= 0 || sh <= 0) {
    ut_diag_error(diag, NULL, 0, 0, "site %s has no size", db_str(db, db->site_name[s]));
    return UT_EINVAL;
  }
  int64_t grid = db->mfg_grid > 0 ? um(db->mfg_grid, dbu) : 1;
  if (grid < 1) grid = 1;
  int64_t area = 0;
  for (size_t c = 0; c < db->ncells; c++) {
    int32_t m = db->cell_master[c];
    area += (int64_t)db->master_w[m] * db->master_h[m];
  }
  int64_t die[4], core[4];
  if (o->has_boxes) {
    for (int i = 0; i < 4; i++) {
      double a = o->die_um[i], b = o->core_um[i];
      if (!(fabs(a) < 2e9 / dbu) || !(fabs(b) < 2e9 / dbu)) {
        ut_diag_error(diag, NULL, 0, 0, "floorplan: die/core coordinates out of range");
        return UT_EINVAL;
      }
      die[i] = um(a, dbu);
      core[i] = um(b, dbu);
    }
    if (die[2] <= die[0] || die[3] <= die[1] || core[2] <= core[0] || core[3] <= core[1] ||
        core[0] < die[0] || core[1] < die[1] || core[2] > die[2] || core[3] > die[3]) {
      ut_diag_error(diag, NULL, 0, 0, "floorplan: the die must be a non-empty box containing the "
                    "non-empty core box");
      return UT_EINVAL;
    }
  } else {
    if (!(o->utilization > 0 && o->utilization <= 1) || !(o->aspect > 0) ||
        !(o->core_margin_um >= 0)) {
      ut_diag_error(diag, NULL, 0, 0, "floorplan: utilization must be in (0, 1], aspect ratio "
                    "positive and core margin not negative");
      return UT_EINVAL;
    }
    if (area <= 0) {
      ut_diag_error(diag, NULL, 0, 0, "floorplan: no instance area to size the core from");
      return UT_EINVAL;
    }
    double ca = (double)area / o->utilization;
    double ch = sqrt(ca * o->aspect), cw = ca / ch;
    int64_t nx = (int64_t)ceil(cw / sw), ny = (int64_t)ceil(ch / sh);
    int64_t m = um(o->core_margin_um, dbu);
    m = (m + grid - 1) / grid * grid;
    if ((double)nx * sw + 2.0 * m > 2e9 || (double)ny * sh + 2.0 * m > 2e9) {
      ut_diag_error(diag, NULL, 0, 0, "floorplan: the die would exceed the coordinate range");
      return UT_EINVAL;
    }
    core[0] = core[1] = m;
    core[2] = m + nx * sw;
    core[3] = m + ny * sh;
    die[0] = die[1] = 0;
    die[2] = core[2] + m;
    die[3] = core[3] + m;
  }
  /* rows from the core's lower-left corner, snapped up to the manufacturing grid */
  int64_t x0 = (core[0] + grid - 1) / grid * grid, y0 = (core[1] + grid - 1) / grid * grid;
  int64_t nx = (core[2] - x0) / sw, ny = (core[3] - y0) / sh;
  if (nx < 1 || ny < 1) {
    ut_diag_error(diag, NULL, 0, 0, "floorplan: the core holds no whole row of site %s (%.4g x "
                  "%.4g um)", db_str(db, db->site_name[s]), (double)sw / dbu, (double)sh / dbu);
    return UT_EINVAL;
  }
  for (int64_t k = 0; k < ny; k++) {
    char nm[32];
    int len = snprintf(nm, sizeof nm, "ROW_%lld", (long long)k);
    int32_t r = db_add_row(db, nm, (size_t)len);
    if (r < 0) return r;
    db->row_site[r] = s;
    db->row_x[r] = (dbu_t)x0;
    db->row_y[r] = (dbu_t)(y0 + k * sh);
    db->row_orient[r] = (uint8_t)(k % 2 == 0 ? DB_FS : DB_N);
    db->row_nx[r] = (int32_t)nx;
    db->row_ny[r] = 1;
    db->row_sx[r] = sw;
    db->row_sy[r] = 0;
  }
  db_rect_t d = {(dbu_t)die[0], (dbu_t)die[1], (dbu_t)die[2], (dbu_t)die[3]};
  db->die = d;
  db->ndie_pts = 0;
  int rc = add_tracks(db, d);
  if (!rc) rc = place_ios(db, d, o, diag);
  if (rc) return rc;
  double row_area = (double)nx * sw * (double)ny * sh;
  if ((double)area > row_area)
    ut_diag_warn(diag, NULL, 0, 0, "floorplan: the instances need %.0f um^2, the rows hold %.0f",
                 (double)area / ((double)dbu * dbu), row_area / ((double)dbu * dbu));
  for (size_t c = 0; c < db->ncells; c++) {
    int32_t m = db->cell_master[c];
    if (db->master_w[m] > nx * sw || db->master_h[m] > ny * sh) {
      ut_diag_warn(diag, NULL, 0, 0, "floorplan: %s (%s) is larger than the core",
                   db_str(db, db->cell_name[c]), db_str(db, db->master_name[m]));
      break;
    }
  }
  UT_INFO("FP", "die (%.3f %.3f) (%.3f %.3f) um, %lld rows of %lld sites (%s), utilization %.3f",
          die[0] / (double)dbu, die[1] / (double)dbu, die[2] / (double)dbu, die[3] / (double)dbu,
          (long long)ny, (long long)nx, db_str(db, db->site_name[s]), (double)area / row_area);
  return db_finish(db);
}
