/*
 * gen_floor.c: the floorplan: core and die size, rows, tracks, fixed macros, placement blockages
 * and IO pin positions, and their DEF sections.
 *
 * Core area = (std cell area + macro area) / util + blockage area, shaped by --aspect into whole
 * rows and whole sites; PEKO cores are exactly cols x rows cells.  The die adds a margin of
 * max(4 um, 3% of the core) on every side, rounded to whole sites (x) and rows (y), so rows, sites
 * and tracks line up.  Fixed macros are dropped at random row/site-aligned spots with a 2-row halo
 * (rejection sampling); if that fails, a shelf packing (tallest first) is used.  IO pins take
 * evenly spaced metal2 (bottom/top) and metal3 (left/right) track positions around the die,
 * starting at a random offset.  Invariants: rows alternate N / FS from the core's bottom; every
 * macro, blockage and pin lies inside the die and no two of them overlap.
 * No paper: these are the conventions of OpenROAD's floorplan/pin-placer DEFs.
 */
#include "gen/gen_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MACRO_HALO (2 * GEN_ROW_H)

static int overlap(const int32_t *a, const int32_t *b, int32_t halo) {
  return a[0] < b[2] + halo && b[0] < a[2] + halo && a[1] < b[3] + halo && b[1] < a[3] + halo;
}

static int32_t round_up(int64_t v, int32_t q) { return (int32_t)((v + q - 1) / q * q); }

typedef struct {
  int64_t area;
  int32_t idx;
} by_area_t;

static int by_area_cmp(const void *a, const void *b) {
  const by_area_t *x = a, *y = b;
  if (x->area != y->area) return x->area > y->area ? -1 : 1;
  return x->idx - y->idx;
}

/* Random row/site-aligned spot for a w x h box in the core that avoids `boxes` (+ halo). */
static int drop_box(const gen_design_t *d, gsl_rng *r, int32_t w, int32_t h, const int32_t *boxes,
                    int32_t nbox, int32_t halo, int32_t *out) {
  int32_t nx = (d->core_w - w) / GEN_SITE_W + 1, ny = (d->core_h - h) / GEN_ROW_H + 1;
  if (nx < 1 || ny < 1) return 0;
  for (int t = 0; t < 400; t++) {
    out[0] = d->core_x + (int32_t)gsl_rng_uniform_int(r, (unsigned long)nx) * GEN_SITE_W;
    out[1] = d->core_y + (int32_t)gsl_rng_uniform_int(r, (unsigned long)ny) * GEN_ROW_H;
    out[2] = out[0] + w;
    out[3] = out[1] + h;
    int ok = 1;
    for (int32_t i = 0; i < nbox && ok; i++) ok = !overlap(out, &boxes[4 * i], halo);
    if (ok) return 1;
  }
  return 0;
}

static int place_macros(gen_design_t *d, gsl_rng *r, gen_err_t *err) {
  int32_t n = d->nmacro;
  by_area_t *ord = malloc((size_t)n * sizeof(by_area_t));
  int32_t *box = malloc((size_t)n * 4 * sizeof(int32_t));
  if (!ord || !box) {
    free(ord);
    free(box);
    snprintf(err->msg, sizeof(err->msg), "out of memory");
    return GEN_ENOMEM;
  }
  for (int32_t j = 0; j < n; j++) {
    const gen_macro_t *m = &d->mmaster[d->macro_master[j]];
    ord[j].area = (int64_t)m->w * m->h;
    ord[j].idx = j;
  }
  qsort(ord, (size_t)n, sizeof(by_area_t), by_area_cmp);
  int ok = 1;
  for (int32_t k = 0; k < n && ok; k++) {
    const gen_macro_t *m = &d->mmaster[d->macro_master[ord[k].idx]];
    ok = drop_box(d, r, m->w, m->h, box, k, MACRO_HALO, &box[4 * k]);
  }
  if (!ok) {   /* shelf packing, tallest first, left to right and bottom to top */
    gen_log(d->o, "random macro placement failed; packing %d macros on shelves", (int)n);
    int32_t x = d->core_x, y = d->core_y, shelf = 0;
    for (int32_t k = 0; k < n; k++) {
      const gen_macro_t *m = &d->mmaster[d->macro_master[ord[k].idx]];
      if (x + m->w > d->core_x + d->core_w) {
        x = d->core_x;
        y += shelf;
        shelf = 0;
      }
      if (x + m->w > d->core_x + d->core_w || y + m->h > d->core_y + d->core_h) {
        snprintf(err->msg, sizeof(err->msg),
                 "cannot fit %d fixed macros in the %.1f x %.1f um core; lower --util, --macros "
                 "or --macro-size", (int)n, (double)d->core_w / GEN_DBU,
                 (double)d->core_h / GEN_DBU);
        free(ord);
        free(box);
        return GEN_EFIT;
      }
      box[4 * k] = x;
      box[4 * k + 1] = y;
      x += m->w;
      if (m->h > shelf) shelf = m->h;
    }
  }
  for (int32_t k = 0; k < n; k++) {
    d->macro_x[ord[k].idx] = box[4 * k];
    d->macro_y[ord[k].idx] = box[4 * k + 1];
  }
  free(ord);
  free(box);
  return GEN_OK;
}

static int place_ios(gen_design_t *d, gsl_rng *r, gen_err_t *err) {
  const gen_layer_t *m2 = gen_lib_layer(1), *m3 = gen_lib_layer(2);
  /* Track positions inside the core's span on each side. */
  int32_t x_first = round_up(d->core_x - m2->offset, m2->pitch) + m2->offset;
  int32_t nb = (d->core_x + d->core_w - x_first) / m2->pitch;
  int32_t y_first = round_up(d->core_y - m3->offset, m3->pitch) + m3->offset;
  int32_t nl = (d->core_y + d->core_h - y_first) / m3->pitch;
  int64_t S = 2 * (int64_t)nb + 2 * (int64_t)nl;
  if (d->nio > S) {
    snprintf(err->msg, sizeof(err->msg), "%d IO pins do not fit on the die edges (%lld slots)",
             (int)d->nio, (long long)S);
    return GEN_EFIT;
  }
  int64_t rot = S > 0 ? (int64_t)gsl_rng_uniform_int(r, (unsigned long)S) : 0;
  for (int32_t j = 0; j < d->nio; j++) {
    int64_t s = ((int64_t)((j + 0.5) * (double)S / d->nio) + rot) % S;
    if (s < nb) {
      d->io_side[j] = GEN_SIDE_BOTTOM;
      d->io_x[j] = x_first + (int32_t)s * m2->pitch;
      d->io_y[j] = 0;
    } else if ((s -= nb) < nl) {
      d->io_side[j] = GEN_SIDE_RIGHT;
      d->io_x[j] = d->die_w;
      d->io_y[j] = y_first + (int32_t)s * m3->pitch;
    } else if ((s -= nl) < nb) {
      d->io_side[j] = GEN_SIDE_TOP;
      d->io_x[j] = x_first + (int32_t)(nb - 1 - s) * m2->pitch;
      d->io_y[j] = d->die_h;
    } else {
      s -= nb;
      d->io_side[j] = GEN_SIDE_LEFT;
      d->io_x[j] = 0;
      d->io_y[j] = y_first + (int32_t)(nl - 1 - s) * m3->pitch;
    }
  }
  return GEN_OK;
}

int gen_floor_build(gen_design_t *d, gsl_rng *r, gen_err_t *err) {
  const gen_opts_t *o = d->o;
  int32_t *bsz = NULL;   /* blockage sizes, 2 per blockage */
  if (d->peko) {
    d->core_w = d->cols * d->peko_sites * GEN_SITE_W;
    d->nrows = d->rows;
  } else {
    double A = (double)(d->std_area + d->macro_area) / o->util;
    double side_w = sqrt(A / o->aspect), side_h = sqrt(A * o->aspect);
    d->nblk = (int32_t)o->blockages;
    if (d->nblk > 0) {
      bsz = malloc((size_t)d->nblk * 2 * sizeof(int32_t));
      if (!bsz) goto nomem;
      for (int32_t i = 0; i < d->nblk; i++) {
        double fw = 0.04 + 0.08 * gsl_rng_uniform(r), fh = 0.04 + 0.08 * gsl_rng_uniform(r);
        bsz[2 * i] = round_up((int64_t)(fw * side_w), GEN_SITE_W);
        bsz[2 * i + 1] = round_up((int64_t)(fh * side_h), GEN_ROW_H);
        A += (double)bsz[2 * i] * bsz[2 * i + 1];
      }
    }
    d->nrows = (int32_t)llround(sqrt(A * o->aspect) / GEN_ROW_H);
    if (d->nrows < 1) d->nrows = 1;
    d->core_w = round_up((int64_t)ceil(A / ((double)d->nrows * GEN_ROW_H)), GEN_SITE_W);
    int32_t mw = 0, mh = 0;
    for (int32_t k = 0; k < d->nmmaster; k++) {
      if (d->mmaster[k].w > mw) mw = d->mmaster[k].w;
      if (d->mmaster[k].h > mh) mh = d->mmaster[k].h;
    }
    if (mw > d->core_w || mh > d->nrows * GEN_ROW_H) {
      gen_log(o, "core enlarged to fit a %.1f x %.1f um macro", (double)mw / GEN_DBU,
              (double)mh / GEN_DBU);
      if (mw > d->core_w) d->core_w = mw;
      if (mh > d->nrows * GEN_ROW_H) d->nrows = mh / GEN_ROW_H;
    }
  }
  d->core_h = d->nrows * GEN_ROW_H;
  int64_t big = d->core_w > d->core_h ? d->core_w : d->core_h;
  int64_t margin = (int64_t)(0.03 * (double)big);
  if (margin < 4 * GEN_DBU) margin = 4 * GEN_DBU;
  d->core_x = round_up(margin, GEN_SITE_W);
  d->core_y = round_up(margin, GEN_ROW_H);
  if ((int64_t)d->core_w + 2 * d->core_x > INT32_MAX / 2 ||
      (int64_t)d->core_h + 2 * d->core_y > INT32_MAX / 2) {
    snprintf(err->msg, sizeof(err->msg), "die too large for 32-bit DBU coordinates");
    free(bsz);
    return GEN_EINVAL;
  }
  d->die_w = d->core_w + 2 * d->core_x;
  d->die_h = d->core_h + 2 * d->core_y;

  if (d->nmacro > 0 && o->macros_fixed) {
    d->macro_x = malloc((size_t)d->nmacro * sizeof(int32_t));
    d->macro_y = malloc((size_t)d->nmacro * sizeof(int32_t));
    if (!d->macro_x || !d->macro_y) goto nomem;
    int rc = place_macros(d, r, err);
    if (rc < 0) {
      free(bsz);
      return rc;
    }
  }
  if (d->nblk > 0) {
    /* Obstacles for blockages: the fixed macros, then each placed blockage. */
    int32_t nfix = d->macro_x ? d->nmacro : 0;
    int32_t *box = malloc(((size_t)nfix + d->nblk) * 4 * sizeof(int32_t));
    d->blk = malloc((size_t)d->nblk * 4 * sizeof(int32_t));
    if (!box || !d->blk) {
      free(box);
      goto nomem;
    }
    for (int32_t j = 0; j < nfix; j++) {
      const gen_macro_t *m = &d->mmaster[d->macro_master[j]];
      box[4 * j] = d->macro_x[j];
      box[4 * j + 1] = d->macro_y[j];
      box[4 * j + 2] = d->macro_x[j] + m->w;
      box[4 * j + 3] = d->macro_y[j] + m->h;
    }
    for (int32_t i = 0; i < d->nblk; i++) {
      int32_t w = bsz[2 * i], h = bsz[2 * i + 1];
      int ok = 0;
      for (int shrink = 0; shrink < 4 && !ok; shrink++) {
        ok = drop_box(d, r, w, h, box, nfix + i, 0, &box[4 * (nfix + i)]);
        w = round_up(w * 2 / 3, GEN_SITE_W);
        h = round_up(h * 2 / 3, GEN_ROW_H);
      }
      if (!ok) {
        snprintf(err->msg, sizeof(err->msg),
                 "cannot place placement blockage %d without overlapping macros or blockages; "
                 "use fewer --blockages", (int)i);
        free(box);
        free(bsz);
        return GEN_EFIT;
      }
      memcpy(&d->blk[4 * i], &box[4 * (nfix + i)], 4 * sizeof(int32_t));
    }
    free(box);
  }
  free(bsz);
  bsz = NULL;
  if (d->nio > 0) {
    d->io_x = malloc((size_t)d->nio * sizeof(int32_t));
    d->io_y = malloc((size_t)d->nio * sizeof(int32_t));
    d->io_side = malloc((size_t)d->nio);
    if (!d->io_x || !d->io_y || !d->io_side) goto nomem;
    return place_ios(d, r, err);
  }
  return GEN_OK;
nomem:
  free(bsz);
  snprintf(err->msg, sizeof(err->msg), "out of memory in the floorplan");
  return GEN_ENOMEM;
}

static void pt(gen_out_t *w, int64_t x, int64_t y) {
  gen_out_str(w, "( ");
  gen_out_int(w, x);
  gen_out_chr(w, ' ');
  gen_out_int(w, y);
  gen_out_str(w, " )");
}

void gen_floor_write_def(gen_out_t *w, const gen_design_t *d) {
  gen_out_str(w, "DIEAREA ");
  pt(w, 0, 0);
  gen_out_chr(w, ' ');
  pt(w, d->die_w, d->die_h);
  gen_out_str(w, " ;\n\n");
  for (int32_t i = 0; i < d->nrows; i++) {
    gen_out_str(w, "ROW ROW_");
    gen_out_int(w, i);
    gen_out_str(w, " coresite ");
    gen_out_int(w, d->core_x);
    gen_out_chr(w, ' ');
    gen_out_int(w, d->core_y + (int64_t)i * GEN_ROW_H);
    gen_out_str(w, i % 2 ? " FS DO " : " N DO ");
    gen_out_int(w, d->core_w / GEN_SITE_W);
    gen_out_str(w, " BY 1 STEP ");
    gen_out_int(w, GEN_SITE_W);
    gen_out_str(w, " 0 ;\n");
  }
  gen_out_chr(w, '\n');
  /* Both directions for every layer, preferred direction first (as OpenROAD writes them). */
  for (int i = 0; i < gen_lib_nlayers(); i++) {
    const gen_layer_t *l = gen_lib_layer(i);
    for (int k = 0; k < 2; k++) {
      int x = (k == 0) == (l->vertical != 0);
      int32_t span = x ? d->die_w : d->die_h;
      gen_out_fmt(w, "TRACKS %c %d DO %d STEP %d LAYER %s ;\n", x ? 'X' : 'Y', (int)l->offset,
                  (int)((span - l->offset) / l->pitch + 1), (int)l->pitch, l->name);
    }
  }
  gen_out_chr(w, '\n');
}

void gen_floor_write_pins(gen_out_t *w, const gen_design_t *d) {
  char name[64], net[64];
  if (d->nio == 0) return;
  gen_out_str(w, "PINS ");
  gen_out_int(w, d->nio);
  gen_out_str(w, " ;\n");
  for (int32_t j = 0; j < d->nio; j++) {
    int32_t obj = d->ncell + d->nmacro + j;
    int side = d->io_side[j];
    int vert = side == GEN_SIDE_BOTTOM || side == GEN_SIDE_TOP;
    int32_t hw = (vert ? gen_lib_layer(1) : gen_lib_layer(2))->width / 2, len = 2 * 140;
    int32_t r[4];
    switch (side) {
      case GEN_SIDE_BOTTOM: r[0] = -hw, r[1] = 0, r[2] = hw, r[3] = len; break;
      case GEN_SIDE_TOP: r[0] = -hw, r[1] = -len, r[2] = hw, r[3] = 0; break;
      case GEN_SIDE_LEFT: r[0] = 0, r[1] = -hw, r[2] = len, r[3] = hw; break;
      default: r[0] = -len, r[1] = -hw, r[2] = 0, r[3] = hw; break;
    }
    gen_obj_name(d, obj, name, sizeof(name));
    gen_net_name(d, d->io_net[j], net, sizeof(net));
    gen_out_fmt(w, "- %s + NET %s + DIRECTION %s + USE SIGNAL\n  + LAYER %s ", name, net,
                j < d->nio_in ? "INPUT" : "OUTPUT", vert ? "metal2" : "metal3");
    pt(w, r[0], r[1]);
    gen_out_chr(w, ' ');
    pt(w, r[2], r[3]);
    gen_out_str(w, "\n  + FIXED ");
    pt(w, d->io_x[j], d->io_y[j]);
    gen_out_str(w, " N ;\n");
  }
  gen_out_str(w, "END PINS\n\n");
}

void gen_floor_write_blockages(gen_out_t *w, const gen_design_t *d) {
  if (d->nblk == 0) return;
  gen_out_str(w, "BLOCKAGES ");
  gen_out_int(w, d->nblk);
  gen_out_str(w, " ;\n");
  for (int32_t i = 0; i < d->nblk; i++) {
    const int32_t *b = &d->blk[4 * i];
    gen_out_str(w, "- PLACEMENT RECT ");
    pt(w, b[0], b[1]);
    gen_out_chr(w, ' ');
    pt(w, b[2], b[3]);
    gen_out_str(w, " ;\n");
  }
  gen_out_str(w, "END BLOCKAGES\n\n");
}
