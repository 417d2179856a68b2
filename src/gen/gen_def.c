/*
 * gen_def.c: object, pin and net names, and the DEF 5.8 writer (header, COMPONENTS, NETS; the
 * floorplan sections come from gen_floor.c).
 *
 * Names: cells u<k>, macros mem<k>, IO pins clk, rst_n, din[k], dout[k] (bus bits exercise
 * BUSBITCHARS "[]"), nets n<k> except nets driven by an input IO or reaching an output IO, which
 * take that IO's name as DEF writers usually do.  Sections are written in the order of the DEF
 * 5.8 Language Reference (DIEAREA, ROW, TRACKS, COMPONENTS, PINS, BLOCKAGES, NETS) and every
 * header count equals the number of "- " entries that follow.  The file is streamed: no line is
 * built in memory beyond one name, so a 2M-cell DEF costs no memory beyond the netlist itself.
 * No paper; the PEKO optimum is repeated in a header comment for humans.
 */
#include "gen/gen_int.h"

#include <string.h>

void gen_obj_name(const gen_design_t *d, int32_t obj, char *buf, size_t n) {
  if (obj < d->ncell) {
    snprintf(buf, n, "u%ld", (long)obj);
  } else if (obj < d->ncell + d->nmacro) {
    snprintf(buf, n, "mem%ld", (long)(obj - d->ncell));
  } else {
    int32_t j = obj - d->ncell - d->nmacro;
    if (j >= d->nio_in) snprintf(buf, n, "dout[%ld]", (long)(j - d->nio_in));
    else if (j == 0) snprintf(buf, n, "clk");
    else if (j == 1) snprintf(buf, n, "rst_n");
    else snprintf(buf, n, "din[%ld]", (long)(j - 2));
  }
}

void gen_pin_name(const gen_design_t *d, int32_t obj, int pin, char *buf, size_t n) {
  if (obj < d->ncell) {
    if (d->peko) {
      if (pin < d->peko_nin) snprintf(buf, n, "A%d", pin);
      else snprintf(buf, n, "Z%d", pin - d->peko_nin);
    } else {
      snprintf(buf, n, "%s", gen_lib_cell(d->cell_master[obj])->pins[pin]);
    }
  } else if (obj < d->ncell + d->nmacro) {
    gen_macro_pin_name(&d->mmaster[d->macro_master[obj - d->ncell]], pin, buf, n);
  } else {
    gen_obj_name(d, obj, buf, n);
  }
}

void gen_net_name(const gen_design_t *d, int64_t net, char *buf, size_t n) {
  int32_t io0 = d->ncell + d->nmacro;
  for (int64_t k = d->net_off[net]; k < d->net_off[net + 1]; k++)
    if (d->pin_obj[k] >= io0) {
      gen_obj_name(d, d->pin_obj[k], buf, n);
      return;
    }
  snprintf(buf, n, "n%lld", (long long)net);
}

static void opts_comment(gen_out_t *w, const gen_opts_t *o) {
  gen_out_fmt(w, "# place-gen %s:%s%s --name %s --seed %lu", GEN_VERSION,
              o->preset[0] ? " --preset " : "", o->preset, o->name, o->seed);
  if (o->peko) {
    gen_out_fmt(w, " --peko%s --cells %ld --aspect %g --degree-dist %s\n",
                o->peko_placed ? " --peko-placed" : "", o->cells, o->aspect, o->degree_dist);
  } else {
    gen_out_fmt(w, " --cells %ld --macros %ld --macro-size %g,%g --macro-status %s --util %g"
                " --rent %g --degree-dist %s --blockages %ld --aspect %g --ios %ld\n", o->cells,
                o->macros, o->macro_min_um, o->macro_max_um, o->macros_fixed ? "fixed" : "unplaced",
                o->util, o->rent, o->degree_dist, o->blockages, o->aspect, o->ios);
  }
}

static void write_components(gen_out_t *w, const gen_design_t *d) {
  char name[64];
  gen_out_str(w, "COMPONENTS ");
  gen_out_int(w, (int64_t)d->ncell + d->nmacro);
  gen_out_str(w, " ;\n");
  int32_t pw = d->peko_sites * GEN_SITE_W;
  for (int32_t i = 0; i < d->ncell; i++) {
    gen_out_str(w, "- u");
    gen_out_int(w, i);
    gen_out_chr(w, ' ');
    if (d->peko) {
      gen_out_str(w, "PEKO_X1");
      if (d->o->peko_placed) {
        int32_t g = d->peko_grid[i], row = g / d->cols, col = g % d->cols;
        gen_out_str(w, " + PLACED ( ");
        gen_out_int(w, d->core_x + (int64_t)col * pw);
        gen_out_chr(w, ' ');
        gen_out_int(w, d->core_y + (int64_t)row * GEN_ROW_H);
        gen_out_str(w, row % 2 ? " ) FS" : " ) N");
      }
    } else {
      gen_out_str(w, gen_lib_cell(d->cell_master[i])->name);
    }
    gen_out_str(w, " ;\n");
  }
  for (int32_t j = 0; j < d->nmacro; j++) {
    gen_obj_name(d, d->ncell + j, name, sizeof(name));
    gen_out_fmt(w, "- %s %s", name, d->mmaster[d->macro_master[j]].name);
    if (d->macro_x) {
      gen_out_str(w, " + FIXED ( ");
      gen_out_int(w, d->macro_x[j]);
      gen_out_chr(w, ' ');
      gen_out_int(w, d->macro_y[j]);
      gen_out_str(w, " ) N");
    }
    gen_out_str(w, " ;\n");
  }
  gen_out_str(w, "END COMPONENTS\n\n");
}

static void write_nets(gen_out_t *w, const gen_design_t *d) {
  char name[64];
  int32_t io0 = d->ncell + d->nmacro;
  gen_out_str(w, "NETS ");
  gen_out_int(w, d->nnet);
  gen_out_str(w, " ;\n");
  for (int64_t n = 0; n < d->nnet; n++) {
    int has_io = 0;
    for (int64_t k = d->net_off[n]; k < d->net_off[n + 1] && !has_io; k++)
      has_io = d->pin_obj[k] >= io0;
    if (has_io) {
      gen_net_name(d, n, name, sizeof(name));
      gen_out_str(w, "- ");
      gen_out_str(w, name);
    } else {
      gen_out_str(w, "- n");    /* the common case of gen_net_name, without snprintf */
      gen_out_int(w, n);
    }
    int on_line = 0;
    for (int64_t k = d->net_off[n]; k < d->net_off[n + 1]; k++) {
      int32_t obj = d->pin_obj[k];
      if (++on_line == 9) {     /* long nets: 8 pins per line */
        gen_out_str(w, "\n ");
        on_line = 1;
      }
      if (obj >= io0) {
        gen_obj_name(d, obj, name, sizeof(name));
        gen_out_str(w, " ( PIN ");
      } else {
        int pin = d->pin_idx[k];
        if (obj < d->ncell) {
          gen_out_str(w, " ( u");
          gen_out_int(w, obj);
          if (!d->peko) {
            gen_out_chr(w, ' ');
            gen_out_str(w, gen_lib_cell(d->cell_master[obj])->pins[pin]);
            gen_out_str(w, " )");
            continue;
          }
        } else {
          gen_obj_name(d, obj, name, sizeof(name));
          gen_out_str(w, " ( ");
          gen_out_str(w, name);
        }
        gen_out_chr(w, ' ');
        gen_pin_name(d, obj, pin, name, sizeof(name));
      }
      gen_out_str(w, name);
      gen_out_str(w, " )");
    }
    gen_out_str(w, " ;\n");
  }
  gen_out_str(w, "END NETS\n\n");
}

int gen_def_write(gen_out_t *w, const gen_design_t *d) {
  opts_comment(w, d->o);
  if (d->peko) {
    int64_t h = d->opt_hpwl_dbu;
    gen_out_str(w, "# PEKO optimal HPWL (pins at cell centers): ");
    gen_out_um(w, h);
    gen_out_str(w, " um = ");
    gen_out_int(w, h);
    gen_out_str(w, " DBU\n");
  }
  gen_out_str(w, "VERSION 5.8 ;\nDIVIDERCHAR \"/\" ;\nBUSBITCHARS \"[]\" ;\n");
  gen_out_fmt(w, "DESIGN %s ;\nUNITS DISTANCE MICRONS %d ;\n\n", d->o->name, GEN_DBU);
  gen_floor_write_def(w, d);
  write_components(w, d);
  gen_floor_write_pins(w, d);
  gen_floor_write_blockages(w, d);
  write_nets(w, d);
  gen_out_str(w, "END DESIGN\n");
  return GEN_OK;
}
