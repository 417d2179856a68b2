/*
 * gen.h: place-gen, the synthetic design generator.  It writes a self-made technology + cell LEF
 * and a DEF (both 5.8) from a handful of parameters, deterministically from --seed.
 *
 * The module is standalone: it links only libc, libm, GSL (random numbers) and zlib (--gz), never
 * the rest of the project, so it can produce test inputs for the LEF/DEF reader independently.
 * The command line (src/gen/gen_main.c) fills a gen_opts_t; gen_run() does all the work.
 */
#ifndef PLACE_GEN_H
#define PLACE_GEN_H

#include <stddef.h>
#include <stdio.h>

/* Error codes: 0 is success, failures are negative. */
enum {
  GEN_OK = 0,
  GEN_ENOMEM = -1,   /* out of memory */
  GEN_EIO = -2,      /* could not write an output file */
  GEN_EINVAL = -3,   /* invalid or inconsistent options */
  GEN_EFIT = -4      /* the requested design does not fit (macros, blockages, pins) */
};

/* What went wrong, in one line ("cannot fit 40 fixed macros in a 90 x 90 um core; ..."). */
typedef struct gen_err_t {
  char msg[512];
} gen_err_t;

/* Every option of place-gen.  Defaults come from gen_opts_default() or a preset. */
typedef struct gen_opts_t {
  char preset[32];           /* informational: the preset the defaults came from ("" = none) */
  char name[64];             /* DESIGN name, a valid identifier */
  long cells;                /* standard cells (PEKO: rounded to rows x columns) */
  long macros;               /* RAM-like CLASS BLOCK macros */
  double macro_min_um;       /* macro side range in microns */
  double macro_max_um;
  int macros_fixed;          /* 1: macros + FIXED inside the core; 0: unplaced */
  double util;               /* (std cell area + macro area) / (core area - blockage area) */
  double rent;               /* Rent exponent p of the netlist */
  char degree_dist[256];     /* net-degree distribution spec (see gen_degree_parse) */
  long blockages;            /* placement blockages */
  double aspect;             /* core height / core width */
  long ios;                  /* IO pins on the die edges */
  unsigned long seed;        /* the only source of randomness */
  char prefix[1024];         /* output prefix: PREFIX.lef, PREFIX.def, PREFIX.opt */
  char lef_out[1024];        /* explicit paths ("" = from prefix) */
  char def_out[1024];
  char opt_out[1024];
  int gz;                    /* write the DEF gzip-compressed */
  int peko;                  /* PEKO mode: known-optimal wirelength construction */
  int peko_placed;           /* PEKO: write the optimal placement as + PLACED components */
  int stats;                 /* log the degree histogram and a measured Rent exponent */
  int quiet;                 /* no [INFO] lines */
} gen_opts_t;

/* The defaults that hold without a preset. */
void gen_opts_default(gen_opts_t *o);
/* Apply a preset ("small", "medium", "large", "macro-heavy"); GEN_EINVAL for an unknown name. */
int gen_opts_preset(gen_opts_t *o, const char *preset, gen_err_t *err);
/* Parse argv (see --help): defaults, then --preset, then the other options in order; resolves
 * the output prefix and PEKO defaults and ends with gen_opts_check.  *want_help is set by -h. */
int gen_opts_parse(gen_opts_t *o, int argc, char **argv, int *want_help, gen_err_t *err);
/* The --help text, generated from the option table. */
void gen_opts_help(FILE *f);
/* Check every option (ranges, consistency, degree spec) before any work starts. */
int gen_opts_check(const gen_opts_t *o, gen_err_t *err);

/* Generate the design and write its files (through PATH.tmp.<pid> files renamed at the end; on
 * failure no output file is left behind).  Returns 0 or a negative GEN_E* code with err filled. */
int gen_run(const gen_opts_t *o, gen_err_t *err);

#endif
