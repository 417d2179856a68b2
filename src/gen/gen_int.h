/*
 * gen_int.h: what the files of src/gen share: units, the buffered writer, the technology and cell
 * library, the degree distributions, and the design (netlist + floorplan) the generators fill.
 *
 * Objects of a design are numbered cells [0, ncell), then macros [ncell, ncell + nmacro), then IO
 * pins.  A pin of an object is a small index: for cells and macros, inputs come first
 * ([0, nin)), then outputs ([nin, nin + nout)); an IO pin has the single pin 0.  Nets are a CSR
 * (net_off, pin_obj, pin_idx) with the driver (the one OUTPUT pin, or an INPUT IO pin) first.
 * All geometry is integer DBU (GEN_DBU per micron); LEF values are printed from DBU.
 */
#ifndef PLACE_GEN_INT_H
#define PLACE_GEN_INT_H

#include "gen/gen.h"

#include <stdint.h>
#include <stdio.h>
#include <gsl/gsl_rng.h>

#define GEN_VERSION "0.1"
#define GEN_DBU 2000          /* DBU per micron, in the LEF UNITS and the DEF UNITS */
#define GEN_MFG 10            /* manufacturing grid, 0.005 um */
#define GEN_SITE_W 400        /* coresite: 0.2 um x 1.4 um */
#define GEN_ROW_H 2800
#define GEN_MAX_CELLS 10000000L

/* ---- gen_out.c: buffered output to PATH.tmp.<pid>, renamed on commit ---------------------- */
typedef struct gen_out_t {
  FILE *fp;
  void *gz;                   /* gzFile when compressing */
  char *buf;
  size_t len;
  int failed;                 /* a write failed; reported by gen_out_close */
  char path[1100];
  char tmp[1130];
} gen_out_t;

int gen_out_open(gen_out_t *w, const char *path, int gz, gen_err_t *err);
void gen_out_str(gen_out_t *w, const char *s);
void gen_out_chr(gen_out_t *w, char c);
void gen_out_int(gen_out_t *w, int64_t v);
/* A DBU value as microns with the fewest exact decimals ("0.2", "1.4", "0.035"). */
void gen_out_um(gen_out_t *w, int64_t dbu);
void gen_out_fmt(gen_out_t *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int gen_out_close(gen_out_t *w, gen_err_t *err);    /* flush and close PATH.tmp.<pid> */
int gen_out_commit(gen_out_t *w, gen_err_t *err);   /* rename PATH.tmp.<pid> to PATH */
void gen_out_discard(gen_out_t *w);                 /* close if open and remove PATH.tmp.<pid> */

/* ---- gen_lib.c: technology, standard cells, RAM-like macros, LEF writer -------------------- */
typedef struct gen_layer_t {
  const char *name;
  int vertical;               /* preferred direction */
  int32_t pitch, width, spacing, offset;  /* DBU */
} gen_layer_t;

typedef struct gen_master_t {
  const char *name;
  int sites;                  /* width in coresite widths */
  int nin, nout;
  const char *pins[6];        /* inputs, then outputs */
  int weight;                 /* relative frequency in the generated netlist */
} gen_master_t;

/* A RAM-like block: pins A[naddr] CE WE CLK D[nbits] (inputs), Q[nbits] (outputs). */
typedef struct gen_macro_t {
  char name[32];
  int32_t w, h;               /* DBU; w a multiple of GEN_SITE_W, h of GEN_ROW_H */
  int naddr, nbits;
} gen_macro_t;

int gen_lib_nlayers(void);
const gen_layer_t *gen_lib_layer(int i);
int gen_lib_ncells(void);
const gen_master_t *gen_lib_cell(int i);
int gen_macro_nin(const gen_macro_t *m);
int gen_macro_nout(const gen_macro_t *m);
void gen_macro_pin_name(const gen_macro_t *m, int pin, char *buf, size_t n);
/* Make k macro masters with sides in [min_um, max_um] (log-uniform, aspect 1:2..2:1). */
int gen_lib_make_macros(gen_macro_t *out, int k, double min_um, double max_um, gsl_rng *r,
                        gen_err_t *err);

/* ---- gen_degree.c: net-degree distributions ----------------------------------------------- */
#define GEN_DEG_MAX_BINS 64
typedef struct gen_degree_t {
  int nbin;
  int32_t lo[GEN_DEG_MAX_BINS], hi[GEN_DEG_MAX_BINS];  /* degree range of a bin (pins per net) */
  double cum[GEN_DEG_MAX_BINS];                        /* cumulative weight */
  char label[32];
} gen_degree_t;

/* spec: "realistic" | "ibex" | "D:W,D:W,LO-HI:W,..." (weights, any scale; degrees >= 2). */
int gen_degree_parse(gen_degree_t *d, const char *spec, gen_err_t *err);
/* A degree from the distribution, clamped to [2, cap]. */
int32_t gen_degree_sample(const gen_degree_t *d, gsl_rng *r, int32_t cap);
double gen_degree_mean(const gen_degree_t *d);

/* ---- the design --------------------------------------------------------------------------- */
enum { GEN_SIDE_BOTTOM, GEN_SIDE_RIGHT, GEN_SIDE_TOP, GEN_SIDE_LEFT };

typedef struct gen_design_t {
  const gen_opts_t *o;
  int32_t ncell, nmacro, nio, nio_in;   /* IOs [0, nio_in) are inputs, the rest outputs */
  uint8_t *cell_master;                  /* library index per cell; NULL in PEKO mode */
  gen_macro_t *mmaster;                  /* macro masters */
  int32_t nmmaster;
  int32_t *macro_master;                 /* master per macro */
  int32_t *io_net;                       /* the net of each IO */

  int64_t nnet, npin;
  int64_t *net_off;                      /* nnet + 1 */
  int32_t *pin_obj;                      /* npin */
  uint16_t *pin_idx;

  /* PEKO: all cells are PEKO_X1 on a cols x rows grid; cell u<k> sits at grid peko_grid[k]. */
  int peko;
  int32_t peko_nin, peko_nout, peko_sites;
  int32_t cols, rows;
  int32_t *peko_grid;                    /* name -> grid index (row-major) */
  int32_t *peko_name;                    /* grid index -> name */
  int64_t opt_hpwl_dbu;

  /* floorplan */
  int64_t std_area, macro_area;          /* DBU^2 */
  int32_t die_w, die_h, core_x, core_y, core_w, core_h;   /* core_w in DBU, multiple of site */
  int32_t nrows;
  int32_t *macro_x, *macro_y;            /* lower-left when fixed */
  int32_t nblk;
  int32_t *blk;                          /* 4 per blockage: x0 y0 x1 y1 */
  int32_t *io_x, *io_y;
  uint8_t *io_side;
  double elapsed_gen;
} gen_design_t;

void gen_design_free(gen_design_t *d);
/* Names: "u12", "mem3", IO "clk" / "rst_n" / "din[4]" / "dout[7]". */
void gen_obj_name(const gen_design_t *d, int32_t obj, char *buf, size_t n);
void gen_pin_name(const gen_design_t *d, int32_t obj, int pin, char *buf, size_t n);
int gen_obj_is_input_pin(const gen_design_t *d, int32_t obj, int pin);
/* The name of net n: the IO's name when an IO drives it or it reaches an output IO, else n<k>. */
void gen_net_name(const gen_design_t *d, int64_t n, char *buf, size_t n_buf);
uint64_t gen_seed_mix(unsigned long seed, unsigned salt);

/* ---- the stages --------------------------------------------------------------------------- */
/* gen_netlist.c: a Rent-rule netlist of library cells, macros and IOs. */
int gen_netlist_build(gen_design_t *d, const gen_degree_t *dd, gsl_rng *r, gen_err_t *err);
/* gen_peko.c: a PEKO netlist and its optimal grid placement; also sizes the core exactly. */
int gen_peko_build(gen_design_t *d, const gen_degree_t *dd, gsl_rng *r, gen_err_t *err);
/* gen_floor.c: die, core, rows, fixed macros, blockages, IO pin positions. */
int gen_floor_build(gen_design_t *d, gsl_rng *r, gen_err_t *err);
void gen_floor_write_def(gen_out_t *w, const gen_design_t *d);   /* DIEAREA, ROW, TRACKS */
void gen_floor_write_pins(gen_out_t *w, const gen_design_t *d);  /* PINS */
void gen_floor_write_blockages(gen_out_t *w, const gen_design_t *d);
/* gen_lib.c: the LEF; gen_def.c: the DEF. */
int gen_lef_write(gen_out_t *w, const gen_design_t *d);
int gen_def_write(gen_out_t *w, const gen_design_t *d);
/* gen_stats.c: degree histogram and measured Rent exponent, logged to stderr. */
int gen_stats_log(const gen_design_t *d, const int32_t *pos_of_obj, gen_err_t *err);

void gen_log(const gen_opts_t *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
