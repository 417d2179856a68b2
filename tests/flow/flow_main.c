/*
 * flow_main.c: place_flow, a small driver for the flow entry points until `place` itself takes
 * Bookshelf and Verilog input (the main.c changes are in docs/OPENROAD.md's notes and the report).
 * Used by the tests (malformed-Bookshelf corpus, Verilog floorplans, the KLayout check) and by the
 * measurements in docs/bench_flow.md.
 *
 *   place_flow bookshelf DESIGN.aux [-o OUT.pl] [--def OUT.def]
 *   place_flow verilog NETLIST.v --lef F [--lef F ...] [--top T]
 *              (--die X0,Y0,X1,Y1 --core X0,Y0,X1,Y1 | --utilization U [--aspect A] [--core-margin M])
 *              [--site S] [-o OUT.def]
 *   place_flow emit DESIGN.def --lef F [--lef F ...] -o OUT.def     (read, then write with def_emit)
 *   place_flow dump DESIGN.def --lef F [--lef F ...]   (placed components: "name x y orient", DBU)
 *
 * Prints one summary line on stdout (counts, HPWL, seconds).  Exit status 0, 1 bad input, 2 usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "def.h"
#include "def_emit.h"
#include "lef.h"
#include "netlist/bookshelf.h"
#include "netlist/verilog.h"

#define MAX_LEFS 16

static int usage(void) {
  fprintf(stderr,
          "usage: place_flow bookshelf DESIGN.aux [-o OUT.pl] [--def OUT.def]\n"
          "       place_flow verilog NETLIST.v --lef F [--lef F ...] [--top T] (--die X0,Y0,X1,Y1 "
          "--core X0,Y0,X1,Y1 | --utilization U [--aspect A] [--core-margin M]) [--site S] "
          "[-o OUT.def]\n"
          "       place_flow emit DESIGN.def --lef F [--lef F ...] -o OUT.def\n"
          "       place_flow dump DESIGN.def --lef F [--lef F ...]\n");
  return 2;
}

static int parse_box(const char *s, double b[4]) {
  char *end;
  for (int i = 0; i < 4; i++) {
    b[i] = strtod(s, &end);
    if (end == s) return 0;
    s = end;
    if (i < 3) {
      if (*s != ',') return 0;
      s++;
    }
  }
  return *s == 0;
}

static int parse_num(const char *s, double *v) {
  char *end;
  *v = strtod(s, &end);
  return end != s && *end == 0;
}

static void summary(const char *what, const db_t *db, double secs) {
  printf("%s: components %zu, io pins %zu, nets %zu, pins %zu, rows %zu, masters %zu, "
         "hpwl %.3f um, %.3f s\n", what, db->ncells, db->nios, db->nnets, db->npins, db->nrows,
         db->nmasters, db->dbu > 0 ? (double)db_hpwl(db) / db->dbu : 0.0, secs);
}

int main(int argc, char **argv) {
  if (argc < 3) return usage();
  const char *cmd = argv[1], *in = argv[2], *out = NULL, *def_out = NULL, *top = NULL;
  const char *lefs[MAX_LEFS];
  int nlefs = 0;
  vl_floorplan_opts_t fo;
  vl_floorplan_opts_default(&fo);
  int have_die = 0, have_core = 0, have_util = 0;
  for (int i = 3; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!v) return usage();
    i++;
    if (!strcmp(a, "-o")) out = v;
    else if (!strcmp(a, "--def")) def_out = v;
    else if (!strcmp(a, "--top")) top = v;
    else if (!strcmp(a, "--site")) fo.site = v;
    else if (!strcmp(a, "--lef") && nlefs < MAX_LEFS) lefs[nlefs++] = v;
    else if (!strcmp(a, "--die") && parse_box(v, fo.die_um)) have_die = 1;
    else if (!strcmp(a, "--core") && parse_box(v, fo.core_um)) have_core = 1;
    else if (!strcmp(a, "--utilization") && parse_num(v, &fo.utilization)) have_util = 1;
    else if (!strcmp(a, "--aspect") && parse_num(v, &fo.aspect)) {}
    else if (!strcmp(a, "--core-margin") && parse_num(v, &fo.core_margin_um)) {}
    else {
      fprintf(stderr, "place_flow: bad option '%s %s'\n", a, v);
      return 2;
    }
  }
  if (have_die != have_core || (have_die && have_util)) {
    fprintf(stderr, "place_flow: give --die and --core together, or --utilization\n");
    return 2;
  }
  fo.has_boxes = have_die;
  ut_diag_t d;
  ut_diag_init(&d);
  db_t *db;
  if (db_create(&db)) return 1;
  int rc = 0;
  double t0 = ut_seconds();
  if (!strcmp(cmd, "bookshelf")) {
    rc = bs_read(db, in, &d);
    if (!rc) summary("bookshelf", db, ut_seconds() - t0);
    if (!rc && out) rc = bs_write_pl(db, out, &d);
    if (!rc && def_out) rc = def_emit(db, def_out, &d);
  } else if (!strcmp(cmd, "dump")) {
    for (int i = 0; i < nlefs && !rc; i++) rc = lef_read(db, lefs[i], &d);
    if (!rc) rc = def_read(db, in, &d);
    if (!rc) {
      size_t n = 0;
      for (size_t c = 0; c < db->ncells; c++) n += db->cell_status[c] != DB_UNPLACED;
      printf("count %zu\n", n);
      for (size_t c = 0; c < db->ncells; c++)
        if (db->cell_status[c] != DB_UNPLACED)
          printf("%s %d %d %s\n", db_str(db, db->cell_name[c]), (int)db->cell_x[c],
                 (int)db->cell_y[c], db_orient_name(db->cell_orient[c]));
    }
  } else if (!strcmp(cmd, "verilog") || !strcmp(cmd, "emit")) {
    if (!nlefs) {
      db_destroy(db);
      return usage();
    }
    for (int i = 0; i < nlefs && !rc; i++) rc = lef_read(db, lefs[i], &d);
    double t1 = ut_seconds();
    if (!rc && !strcmp(cmd, "emit")) {
      rc = def_read(db, in, &d);
      if (!rc) summary("def", db, ut_seconds() - t1);
    } else if (!rc) {
      rc = vl_read(db, in, top, &d);
      double t2 = ut_seconds();
      if (!rc) rc = vl_floorplan(db, &fo, &d);
      double t3 = ut_seconds();
      if (!rc) {
        summary("verilog", db, t2 - t1);
        printf("floorplan: die %.3f x %.3f um, core %.3f x %.3f um, %zu tracks, %.3f s\n",
               (double)(db->die.x1 - db->die.x0) / db->dbu, (double)(db->die.y1 - db->die.y0) / db->dbu,
               (double)(db->core.x1 - db->core.x0) / db->dbu,
               (double)(db->core.y1 - db->core.y0) / db->dbu, db->ntracks, t3 - t2);
      }
    }
    if (!rc && out) {
      double t4 = ut_seconds();
      rc = def_emit(db, out, &d);
      if (!rc) printf("wrote %s (%.3f s)\n", out, ut_seconds() - t4);
    }
  } else {
    db_destroy(db);
    return usage();
  }
  db_destroy(db);
  return rc ? 1 : 0;
}
