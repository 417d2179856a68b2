/*
 * gen_run.c: the pipeline of place-gen: check options -> netlist (Rent or PEKO) -> floorplan ->
 * LEF, DEF (and PEKO .opt) written to .tmp files -> all renamed at the end.
 *
 * Determinism: one mt19937 stream per stage, seeded from (--seed, stage) through splitmix64
 * (Steele, Lea, Flood, "Fast splittable pseudorandom number generators", OOPSLA'14), so the
 * floorplan does not shift when only the netlist stage changes its number of draws.  Nothing
 * depends on time, addresses or hash order; timings appear only in [INFO] log lines.
 * Invariant: on any failure every .tmp file is removed and no output file is created.
 */
#include "gen/gen_int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void gen_log(const gen_opts_t *o, const char *fmt, ...) {
  va_list ap;
  if (o->quiet) return;
  fprintf(stderr, "[INFO GEN] ");
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

uint64_t gen_seed_mix(unsigned long seed, unsigned salt) {
  uint64_t z = (uint64_t)seed + 0x9E3779B97F4A7C15ull * (uint64_t)(salt + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return (z ^ (z >> 32)) & 0xffffffffull;   /* mt19937 takes 32 bits of seed */
}

void gen_design_free(gen_design_t *d) {
  free(d->cell_master);
  free(d->mmaster);
  free(d->macro_master);
  free(d->io_net);
  free(d->net_off);
  free(d->pin_obj);
  free(d->pin_idx);
  free(d->peko_grid);
  free(d->peko_name);
  free(d->macro_x);
  free(d->macro_y);
  free(d->blk);
  free(d->io_x);
  free(d->io_y);
  free(d->io_side);
  memset(d, 0, sizeof(*d));
}

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void write_opt(gen_out_t *w, const gen_design_t *d) {
  gen_out_str(w, "# place-gen PEKO optimum: HPWL of the grid placement = sum over nets of\n"
                 "# (max x - min x) + (max y - min y) with every pin at its cell's center\n");
  gen_out_fmt(w, "design=%s\ncells=%ld\nnets=%lld\npins=%lld\nrows=%ld\ncols=%ld\n",
              d->o->name, (long)d->ncell, (long long)d->nnet, (long long)d->npin,
              (long)d->rows, (long)d->cols);
  gen_out_fmt(w, "cell_width_dbu=%d\nrow_height_dbu=%d\ndbu_per_micron=%d\n",
              (int)(d->peko_sites * GEN_SITE_W), GEN_ROW_H, GEN_DBU);
  gen_out_str(w, "hpwl_dbu=");
  gen_out_int(w, d->opt_hpwl_dbu);
  gen_out_str(w, "\nhpwl_um=");
  gen_out_um(w, d->opt_hpwl_dbu);
  gen_out_chr(w, '\n');
}

static int make_path(char *out, size_t n, const char *given, const char *prefix, const char *ext,
                     gen_err_t *err) {
  int k = given[0] ? snprintf(out, n, "%s", given) : snprintf(out, n, "%s%s", prefix, ext);
  if (k < 0 || (size_t)k >= n) {
    snprintf(err->msg, sizeof(err->msg), "output path too long");
    return GEN_EINVAL;
  }
  return GEN_OK;
}

int gen_run(const gen_opts_t *o, gen_err_t *err) {
  gen_degree_t dd;
  gen_design_t d;
  gen_out_t out[3];
  char path[3][1100];
  int nout = 0, rc;
  double t0 = now_s();
  memset(&d, 0, sizeof(d));
  memset(out, 0, sizeof(out));
  d.o = o;
  if ((rc = gen_opts_check(o, err)) < 0) return rc;
  if ((rc = gen_degree_parse(&dd, o->degree_dist, err)) < 0) return rc;
  if ((rc = make_path(path[0], sizeof(path[0]), o->lef_out, o->prefix, ".lef", err)) < 0 ||
      (rc = make_path(path[1], sizeof(path[1]), o->def_out, o->prefix, o->gz ? ".def.gz" : ".def",
                      err)) < 0 ||
      (rc = make_path(path[2], sizeof(path[2]), o->opt_out, o->prefix, ".opt", err)) < 0)
    return rc;

  gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
  if (!r) {
    snprintf(err->msg, sizeof(err->msg), "out of memory");
    return GEN_ENOMEM;
  }
  gen_log(o, "design %s: %s, %ld cells, seed %lu, degrees '%s' (mean %.2f pins/net)", o->name,
          o->peko ? "PEKO" : "Rent netlist", o->cells, o->seed, o->degree_dist,
          gen_degree_mean(&dd));
  gsl_rng_set(r, (unsigned long)gen_seed_mix(o->seed, 1));
  rc = o->peko ? gen_peko_build(&d, &dd, r, err) : gen_netlist_build(&d, &dd, r, err);
  if (rc < 0) goto done;
  gen_log(o, "netlist built in %.2f s", now_s() - t0);
  gsl_rng_set(r, (unsigned long)gen_seed_mix(o->seed, 2));
  if ((rc = gen_floor_build(&d, r, err)) < 0) goto done;
  gen_log(o, "netlist: %ld cells, %ld macros, %ld IO pins, %lld nets, %lld pins",
          (long)d.ncell, (long)d.nmacro, (long)d.nio, (long long)d.nnet, (long long)d.npin);
  double free_area = (double)d.core_w * d.core_h;
  for (int32_t i = 0; i < d.nblk; i++)
    free_area -= (double)(d.blk[4 * i + 2] - d.blk[4 * i]) * (d.blk[4 * i + 3] - d.blk[4 * i + 1]);
  gen_log(o, "floorplan: die %.3f x %.3f um, %ld rows of %ld sites, utilization %.3f",
          (double)d.die_w / GEN_DBU, (double)d.die_h / GEN_DBU, (long)d.nrows,
          (long)(d.core_w / GEN_SITE_W), (double)(d.std_area + d.macro_area) / free_area);
  if (d.peko)
    gen_log(o, "PEKO optimal HPWL %.4f um (%lld DBU)", (double)d.opt_hpwl_dbu / GEN_DBU,
            (long long)d.opt_hpwl_dbu);

  nout = d.peko ? 3 : 2;
  for (int i = 0; i < nout; i++) {
    if ((rc = gen_out_open(&out[i], path[i], i == 1 && o->gz, err)) < 0) goto done;
    if (i == 0) gen_lef_write(&out[i], &d);
    else if (i == 1) gen_def_write(&out[i], &d);
    else write_opt(&out[i], &d);
    if ((rc = gen_out_close(&out[i], err)) < 0) goto done;
  }
  for (int i = 0; i < nout; i++)
    if ((rc = gen_out_commit(&out[i], err)) < 0) goto done;
  for (int i = 0; i < nout; i++) out[i].tmp[0] = '\0';   /* committed: nothing to discard */
  gen_log(o, "wrote %s, %s%s%s", path[0], path[1], nout == 3 ? ", " : "", nout == 3 ? path[2] : "");
  gen_log(o, "time %.2f s", now_s() - t0);
  rc = GEN_OK;
done:
  for (int i = 0; i < 3; i++) gen_out_discard(&out[i]);
  gsl_rng_free(r);
  gen_design_free(&d);
  return rc;
}
