/*
 * gen_lib.c: the self-made technology (6 metals, 5 cut layers, one 0.2 x 1.4 um core site), the
 * standard-cell library, the RAM-like macro masters, and the LEF 5.8 writer.
 *
 * Numbers are in the range of a 45 nm open library (site 0.19-0.2 um, row 1.4 um, metal1 pitch
 * 0.14 um, 10 metal1 tracks per row) but are ours: nothing is copied from a real PDK.  Invariants:
 * every coordinate is an integer DBU on the 0.005 um manufacturing grid; cell widths are whole
 * sites and cell heights one row; each signal pin of a cell sits in its own site column (so pins
 * have distinct positions); macro heights are whole rows and their pins sit on the boundary,
 * metal4 on horizontal edges and metal3 on vertical ones, at least 0.4 um apart.
 * The grammar followed is the LEF/DEF 5.8 Language Reference (Cadence), chapter "LEF Syntax".
 */
#include "gen/gen_int.h"

#include <math.h>
#include <string.h>

/* metal1..metal6 alternate H/V; pitches are multiples of the site width or the row height / 10. */
static const gen_layer_t LAYERS[] = {
  {"metal1", 0, 280, 140, 130, 140},
  {"metal2", 1, 400, 140, 140, 200},
  {"metal3", 0, 280, 140, 140, 140},
  {"metal4", 1, 800, 280, 280, 400},
  {"metal5", 0, 560, 280, 280, 280},
  {"metal6", 1, 800, 280, 280, 400},
};
#define NLAYERS ((int)(sizeof(LAYERS) / sizeof(LAYERS[0])))

/* Cut layer between metal(k+1) and metal(k+2): width and spacing (DBU). */
static const int32_t CUT_W[] = {140, 140, 280, 280, 280};
static const int32_t CUT_S[] = {160, 180, 320, 320, 320};

/* The library: name, sites, inputs, outputs, pin names (inputs first), weight.  Weights give a
 * synthesized-logic mix (~2.3 inputs per output) close to the mix of the ibex_core netlist. */
static const gen_master_t CELLS[] = {
  {"INV_X1", 3, 1, 1, {"A", "ZN"}, 10},
  {"INV_X2", 4, 1, 1, {"A", "ZN"}, 3},
  {"BUF_X1", 4, 1, 1, {"A", "Z"}, 4},
  {"BUF_X2", 5, 1, 1, {"A", "Z"}, 3},
  {"BUF_X4", 8, 1, 1, {"A", "Z"}, 1},
  {"NAND2_X1", 4, 2, 1, {"A1", "A2", "ZN"}, 10},
  {"NOR2_X1", 4, 2, 1, {"A1", "A2", "ZN"}, 8},
  {"AND2_X1", 5, 2, 1, {"A1", "A2", "ZN"}, 6},
  {"OR2_X1", 5, 2, 1, {"A1", "A2", "ZN"}, 4},
  {"XOR2_X1", 7, 2, 1, {"A", "B", "Z"}, 3},
  {"NAND3_X1", 5, 3, 1, {"A1", "A2", "A3", "ZN"}, 6},
  {"NOR3_X1", 5, 3, 1, {"A1", "A2", "A3", "ZN"}, 4},
  {"AOI21_X1", 5, 3, 1, {"A", "B1", "B2", "ZN"}, 9},
  {"OAI21_X1", 5, 3, 1, {"A", "B1", "B2", "ZN"}, 8},
  {"AOI22_X1", 6, 4, 1, {"A1", "A2", "B1", "B2", "ZN"}, 4},
  {"OAI22_X1", 6, 4, 1, {"A1", "A2", "B1", "B2", "ZN"}, 4},
  {"NAND4_X1", 6, 4, 1, {"A1", "A2", "A3", "A4", "ZN"}, 3},
  {"MUX2_X1", 9, 3, 1, {"A", "B", "S", "Z"}, 5},
  {"DFF_X1", 19, 2, 1, {"D", "CK", "Q"}, 8},
  {"DFFR_X1", 22, 3, 1, {"D", "RN", "CK", "Q"}, 4},
  {"HA_X1", 10, 2, 2, {"A", "B", "CO", "S"}, 1},
  {"FA_X1", 16, 3, 2, {"A", "B", "CI", "CO", "S"}, 1},
};
#define NCELLS ((int)(sizeof(CELLS) / sizeof(CELLS[0])))

#define MACRO_CORNER 600       /* no macro pin within 0.3 um of a corner */
#define MACRO_PIN_STEP 800     /* minimum distance between macro pins along the boundary */
#define MACRO_PIN_DEPTH 560    /* pins reach 0.28 um into the macro */

int gen_lib_nlayers(void) { return NLAYERS; }
const gen_layer_t *gen_lib_layer(int i) { return &LAYERS[i]; }
int gen_lib_ncells(void) { return NCELLS; }
const gen_master_t *gen_lib_cell(int i) { return &CELLS[i]; }

int gen_macro_nin(const gen_macro_t *m) { return m->naddr + 3 + m->nbits; }
int gen_macro_nout(const gen_macro_t *m) { return m->nbits; }

void gen_macro_pin_name(const gen_macro_t *m, int pin, char *buf, size_t n) {
  if (pin < m->naddr) snprintf(buf, n, "A[%d]", pin);
  else if (pin == m->naddr) snprintf(buf, n, "CE");
  else if (pin == m->naddr + 1) snprintf(buf, n, "WE");
  else if (pin == m->naddr + 2) snprintf(buf, n, "CLK");
  else if (pin < gen_macro_nin(m)) snprintf(buf, n, "D[%d]", pin - m->naddr - 3);
  else snprintf(buf, n, "Q[%d]", pin - gen_macro_nin(m));
}

static int32_t snap(double v, int32_t q) { return (int32_t)llround(v / q) * q; }

static int32_t macro_usable(const gen_macro_t *m) {
  return 2 * (m->w - 2 * MACRO_CORNER) + 2 * (m->h - 2 * MACRO_CORNER);
}

int gen_lib_make_macros(gen_macro_t *out, int k, double min_um, double max_um, gsl_rng *r,
                        gen_err_t *err) {
  for (int i = 0; i < k; i++) {
    gen_macro_t *m = &out[i];
    double s = exp(log(min_um) + gsl_rng_uniform(r) * (log(max_um) - log(min_um)));
    double a = exp((gsl_rng_uniform(r) - 0.5) * 2.0 * log(2.0));   /* aspect in [1/2, 2] */
    double w = fmin(fmax(s * sqrt(a), min_um), max_um);
    double h = fmin(fmax(s / sqrt(a), min_um), max_um);
    m->w = snap(w * GEN_DBU, GEN_SITE_W);
    m->h = snap(h * GEN_DBU, GEN_ROW_H);
    if (m->w < 4 * MACRO_CORNER) m->w = 4 * MACRO_CORNER;
    if (m->h < 2 * GEN_ROW_H) m->h = 2 * GEN_ROW_H;
    double perim_um = 2.0 * (m->w + m->h) / GEN_DBU;
    double area_um2 = (double)m->w * m->h / ((double)GEN_DBU * GEN_DBU);
    m->nbits = (int)(perim_um / 5.0);
    if (m->nbits < 4) m->nbits = 4;
    if (m->nbits > 128) m->nbits = 128;
    m->naddr = (int)floor(log2(area_um2)) - 2;
    if (m->naddr < 4) m->naddr = 4;
    if (m->naddr > 16) m->naddr = 16;
    int32_t cap = macro_usable(m) / MACRO_PIN_STEP;
    while (gen_macro_nin(m) + gen_macro_nout(m) > cap && (m->nbits > 1 || m->naddr > 1)) {
      if (m->nbits > 1) m->nbits--;
      else m->naddr--;
    }
    if (gen_macro_nin(m) + gen_macro_nout(m) > cap) {
      snprintf(err->msg, sizeof(err->msg), "macro of %.2f x %.2f um is too small for its pins",
               (double)m->w / GEN_DBU, (double)m->h / GEN_DBU);
      return GEN_EINVAL;
    }
    snprintf(m->name, sizeof(m->name), "RAM%d_%dX%ld", i, m->nbits, 1L << m->naddr);
  }
  return GEN_OK;
}

/* ---- LEF writing -------------------------------------------------------------------------- */

static void rect(gen_out_t *w, int32_t x0, int32_t y0, int32_t x1, int32_t y1) {
  gen_out_str(w, "        RECT ");
  gen_out_um(w, x0);
  gen_out_chr(w, ' ');
  gen_out_um(w, y0);
  gen_out_chr(w, ' ');
  gen_out_um(w, x1);
  gen_out_chr(w, ' ');
  gen_out_um(w, y1);
  gen_out_str(w, " ;\n");
}

static void kv_um(gen_out_t *w, const char *key, int32_t v) {
  gen_out_str(w, key);
  gen_out_chr(w, ' ');
  gen_out_um(w, v);
  gen_out_str(w, " ;\n");
}

static void write_tech(gen_out_t *w) {
  gen_out_str(w, "VERSION 5.8 ;\nBUSBITCHARS \"[]\" ;\nDIVIDERCHAR \"/\" ;\n\n");
  gen_out_fmt(w, "UNITS\n  DATABASE MICRONS %d ;\nEND UNITS\n\n", GEN_DBU);
  gen_out_str(w, "MANUFACTURINGGRID ");
  gen_out_um(w, GEN_MFG);
  gen_out_str(w, " ;\n\n");
  for (int i = 0; i < NLAYERS; i++) {
    const gen_layer_t *l = &LAYERS[i];
    gen_out_fmt(w, "LAYER %s\n  TYPE ROUTING ;\n  DIRECTION %s ;\n", l->name,
                l->vertical ? "VERTICAL" : "HORIZONTAL");
    kv_um(w, "  PITCH", l->pitch);
    kv_um(w, "  OFFSET", l->offset);
    kv_um(w, "  WIDTH", l->width);
    kv_um(w, "  SPACING", l->spacing);
    gen_out_fmt(w, "END %s\n\n", l->name);
    if (i + 1 < NLAYERS) {
      gen_out_fmt(w, "LAYER via%d\n  TYPE CUT ;\n", i + 1);
      kv_um(w, "  SPACING", CUT_S[i]);
      kv_um(w, "  WIDTH", CUT_W[i]);
      gen_out_fmt(w, "END via%d\n\n", i + 1);
    }
  }
  /* One default via per cut layer: the cut plus a metal landing stretched along each metal's
   * preferred direction. */
  for (int i = 0; i + 1 < NLAYERS; i++) {
    int32_t c = CUT_W[i] / 2;
    gen_out_fmt(w, "VIA via%d_def DEFAULT\n", i + 1);
    for (int k = 0; k < 3; k++) {
      if (k == 1) {
        gen_out_fmt(w, "    LAYER via%d ;\n", i + 1);
        rect(w, -c, -c, c, c);
        continue;
      }
      const gen_layer_t *l = &LAYERS[i + k / 2];
      gen_out_fmt(w, "    LAYER %s ;\n", l->name);
      if (l->vertical) rect(w, -c, -2 * c, c, 2 * c);
      else rect(w, -2 * c, -c, 2 * c, c);
    }
    gen_out_fmt(w, "END via%d_def\n\n", i + 1);
  }
  gen_out_str(w, "SITE coresite\n  CLASS CORE ;\n  SYMMETRY Y ;\n  SIZE ");
  gen_out_um(w, GEN_SITE_W);
  gen_out_str(w, " BY ");
  gen_out_um(w, GEN_ROW_H);
  gen_out_str(w, " ;\nEND coresite\n\n");
}

static void pin_open(gen_out_t *w, const char *name, const char *dir, const char *use) {
  gen_out_fmt(w, "  PIN %s\n    DIRECTION %s ;\n    USE %s ;\n", name, dir, use);
  if (strcmp(use, "SIGNAL") != 0) gen_out_str(w, "    SHAPE ABUTMENT ;\n");
  gen_out_str(w, "    PORT\n");
}

static void pin_close(gen_out_t *w, const char *name) {
  gen_out_fmt(w, "    END\n  END %s\n", name);
}

static void rails(gen_out_t *w, int32_t width) {
  pin_open(w, "VDD", "INOUT", "POWER");
  gen_out_str(w, "      LAYER metal1 ;\n");
  rect(w, 0, GEN_ROW_H - 170, width, GEN_ROW_H);
  pin_close(w, "VDD");
  pin_open(w, "VSS", "INOUT", "GROUND");
  gen_out_str(w, "      LAYER metal1 ;\n");
  rect(w, 0, 0, width, 170);
  pin_close(w, "VSS");
}

static void macro_head(gen_out_t *w, const char *name, const char *cls, int32_t wd, int32_t ht,
                       int core) {
  gen_out_fmt(w, "MACRO %s\n  CLASS %s ;\n  ORIGIN 0 0 ;\n  FOREIGN %s 0 0 ;\n  SIZE ", name, cls,
              name);
  gen_out_um(w, wd);
  gen_out_str(w, " BY ");
  gen_out_um(w, ht);
  gen_out_str(w, " ;\n  SYMMETRY X Y ;\n");
  if (core) gen_out_str(w, "  SITE coresite ;\n");
}

static void write_cell(gen_out_t *w, const gen_master_t *m) {
  int32_t width = m->sites * GEN_SITE_W;
  int k = m->nin + m->nout;
  macro_head(w, m->name, "CORE", width, GEN_ROW_H, 1);
  for (int i = 0; i < k; i++) {
    int col = (int)((2 * i + 1) * m->sites / (2 * k));    /* distinct columns: sites >= k */
    int32_t xc = col * GEN_SITE_W + GEN_SITE_W / 2;
    int out = i >= m->nin;
    pin_open(w, m->pins[i], out ? "OUTPUT" : "INPUT", "SIGNAL");
    gen_out_str(w, "      LAYER metal1 ;\n");
    if (out) {
      rect(w, xc - 70, 420, xc + 70, 2380);
    } else {
      int32_t y0 = 700 + (i % 3) * 140;
      rect(w, xc - 70, y0, xc + 70, y0 + 840);
    }
    pin_close(w, m->pins[i]);
  }
  rails(w, width);
  gen_out_fmt(w, "END %s\n\n", m->name);
}

/* PEKO_X1: every signal pin is the same small square at the cell center, so a pin's position is
 * the cell's center in any orientation (the pin model of the PEKO papers). */
static void write_peko_cell(gen_out_t *w, const gen_design_t *d) {
  int32_t width = d->peko_sites * GEN_SITE_W;
  int32_t xc = width / 2, yc = GEN_ROW_H / 2;
  char name[32];
  macro_head(w, "PEKO_X1", "CORE", width, GEN_ROW_H, 1);
  for (int i = 0; i < d->peko_nin + d->peko_nout; i++) {
    int out = i >= d->peko_nin;
    snprintf(name, sizeof(name), out ? "Z%d" : "A%d", out ? i - d->peko_nin : i);
    pin_open(w, name, out ? "OUTPUT" : "INPUT", "SIGNAL");
    gen_out_str(w, "      LAYER metal1 ;\n");
    rect(w, xc - 70, yc - 70, xc + 70, yc + 70);
    pin_close(w, name);
  }
  rails(w, width);
  gen_out_str(w, "END PEKO_X1\n\n");
}

static void write_macro(gen_out_t *w, const gen_macro_t *m) {
  int n = gen_macro_nin(m) + gen_macro_nout(m);
  int32_t wb = m->w - 2 * MACRO_CORNER, hl = m->h - 2 * MACRO_CORNER;
  double step = (double)macro_usable(m) / n;
  char name[32];
  macro_head(w, m->name, "BLOCK", m->w, m->h, 0);
  for (int i = 0; i < n; i++) {
    double t = (i + 0.5) * step;
    int32_t x0, y0, x1, y1;
    const char *layer;
    gen_macro_pin_name(m, i, name, sizeof(name));
    if (t < wb) {                                   /* bottom, left to right */
      int32_t x = snap(MACRO_CORNER + t, GEN_MFG);
      layer = "metal4", x0 = x - 140, y0 = 0, x1 = x + 140, y1 = MACRO_PIN_DEPTH;
    } else if ((t -= wb) < hl) {                    /* right, bottom to top */
      int32_t y = snap(MACRO_CORNER + t, GEN_MFG);
      layer = "metal3", x0 = m->w - MACRO_PIN_DEPTH, y0 = y - 70, x1 = m->w, y1 = y + 70;
    } else if ((t -= hl) < wb) {                    /* top, right to left */
      int32_t x = snap(m->w - MACRO_CORNER - t, GEN_MFG);
      layer = "metal4", x0 = x - 140, y0 = m->h - MACRO_PIN_DEPTH, x1 = x + 140, y1 = m->h;
    } else {                                        /* left, top to bottom */
      t -= wb;
      int32_t y = snap(m->h - MACRO_CORNER - t, GEN_MFG);
      layer = "metal3", x0 = 0, y0 = y - 70, x1 = MACRO_PIN_DEPTH, y1 = y + 70;
    }
    pin_open(w, name, i < gen_macro_nin(m) ? "INPUT" : "OUTPUT", "SIGNAL");
    gen_out_fmt(w, "      LAYER %s ;\n", layer);
    rect(w, x0, y0, x1, y1);
    pin_close(w, name);
  }
  /* Power stripes on metal4 at 1/3 and 2/3 of the width, clear of the boundary pins. */
  for (int p = 0; p < 2; p++) {
    int32_t x = snap((double)m->w * (p + 1) / 3.0, GEN_MFG);
    pin_open(w, p ? "VSS" : "VDD", "INOUT", p ? "GROUND" : "POWER");
    gen_out_str(w, "      LAYER metal4 ;\n");
    rect(w, x - 280, 2 * MACRO_PIN_DEPTH, x + 280, m->h - 2 * MACRO_PIN_DEPTH);
    pin_close(w, p ? "VSS" : "VDD");
  }
  gen_out_str(w, "  OBS\n    LAYER metal1 ;\n");
  rect(w, 0, 0, m->w, m->h);
  gen_out_str(w, "    LAYER metal2 ;\n");
  rect(w, 0, 0, m->w, m->h);
  gen_out_str(w, "    LAYER metal3 ;\n");
  rect(w, MACRO_CORNER, MACRO_CORNER, m->w - MACRO_CORNER, m->h - MACRO_CORNER);
  gen_out_fmt(w, "  END\nEND %s\n\n", m->name);
}

int gen_lef_write(gen_out_t *w, const gen_design_t *d) {
  gen_out_fmt(w, "# place-gen %s: self-made technology and library for design %s (seed %lu)\n",
              GEN_VERSION, d->o->name, d->o->seed);
  gen_out_str(w, "# 6 routing layers, coresite 0.2 x 1.4 um; not a real PDK.\n");
  write_tech(w);
  if (d->peko) {
    write_peko_cell(w, d);
  } else {
    for (int i = 0; i < NCELLS; i++) write_cell(w, &CELLS[i]);
    for (int i = 0; i < d->nmmaster; i++) write_macro(w, &d->mmaster[i]);
  }
  gen_out_str(w, "END LIBRARY\n");
  return GEN_OK;
}
