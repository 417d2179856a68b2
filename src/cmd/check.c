/*
 * check.c: `place check PLACED.def --lef TECH.lef [--lef ...]`: run the legality checker
 * (src/place/lg_check.h) on a placed design and print a table of rule counts and the first
 * offenders of each broken rule.  Exit status: 0 legal, 1 illegal (or unreadable input), 2 usage.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "place/lg_check.h"

#define CHECK_MAX_LEFS 64

static void check_usage(FILE *f) {
  fprintf(f,
          "usage: place check PLACED.def --lef TECH.lef [--lef CELLS.lef ...] [options]\n"
          "\n"
          "Checks a placement: every component placed, no overlaps, standard cells on rows, on\n"
          "the site grid and in the row's orientation, macros inside the core on the row/site\n"
          "grid, nothing in hard placement blockages or macro halos, fences respected, FIXED\n"
          "components unmoved (against the DEF's own FIXED statuses).\n"
          "\n"
          "options:\n"
          "  -l, --lef FILE            LEF file (technology, cells, macros); repeat, in order\n"
          "  -n, --max-offenders N     offenders listed per rule (default 10, at most %d)\n"
          "      --macro-halo UM       halo around every macro, microns (default 0)\n"
          "      --no-halo             do not check macro halos\n"
          "      --max-disp X[,Y]      also check displacement from ORIG.def, microns\n"
          "      --orig ORIG.def       the input placement for --max-disp and FIXED checks\n"
          "  -q, --quiet               print only the verdict line\n"
          "  -h, --help                show this help\n"
          "\n"
          "Exit status: 0 legal, 1 illegal or unreadable input, 2 usage error.\n",
          LG_CHECK_MAX_SHOWN);
}

static int parse_um(const char *s, double *out) {
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (errno || end == s || *end || !(v >= 0) || v > 1e7) return -1;
  *out = v;
  return 0;
}

int cmd_check(int argc, char **argv) {
  const char *def = NULL, *orig = NULL;
  const char *lefs[CHECK_MAX_LEFS];
  int nlefs = 0, quiet = 0;
  double halo_um = 0, disp_x_um = 0, disp_y_um = 0;
  lg_check_opts_t o;
  lg_check_opts_default(&o);
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    int more = i + 1 < argc;
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      check_usage(stdout);
      return 0;
    } else if ((!strcmp(a, "-l") || !strcmp(a, "--lef")) && more) {
      if (nlefs == CHECK_MAX_LEFS) {
        fprintf(stderr, "place check: error: more than %d LEF files\n", CHECK_MAX_LEFS);
        return 2;
      }
      lefs[nlefs++] = argv[++i];
    } else if ((!strcmp(a, "-n") || !strcmp(a, "--max-offenders")) && more) {
      char *end;
      long v = strtol(argv[++i], &end, 10);
      if (*end || end == argv[i] || v < 0 || v > LG_CHECK_MAX_SHOWN) {
        fprintf(stderr, "place check: error: --max-offenders wants 0..%d, got '%s'\n",
                LG_CHECK_MAX_SHOWN, argv[i]);
        return 2;
      }
      o.max_offenders = (int)v;
    } else if (!strcmp(a, "--macro-halo") && more) {
      if (parse_um(argv[++i], &halo_um)) {
        fprintf(stderr, "place check: error: --macro-halo wants microns, got '%s'\n", argv[i]);
        return 2;
      }
    } else if (!strcmp(a, "--no-halo")) {
      o.check_halo = 0;
    } else if (!strcmp(a, "--max-disp") && more) {
      char buf[128];
      snprintf(buf, sizeof buf, "%s", argv[++i]);
      char *comma = strchr(buf, ',');
      if (comma) *comma = 0;
      if (parse_um(buf, &disp_x_um) || (comma && parse_um(comma + 1, &disp_y_um))) {
        fprintf(stderr, "place check: error: --max-disp wants X[,Y] microns, got '%s'\n", argv[i]);
        return 2;
      }
      if (!comma) disp_y_um = disp_x_um;
    } else if (!strcmp(a, "--orig") && more) {
      orig = argv[++i];
    } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
      quiet = 1;
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "place check: error: unknown or incomplete option '%s'\n", a);
      check_usage(stderr);
      return 2;
    } else if (!def) {
      def = a;
    } else {
      fprintf(stderr, "place check: error: more than one DEF ('%s' and '%s')\n", def, a);
      return 2;
    }
  }
  if (!def || !nlefs) {
    fprintf(stderr, "place check: error: %s\n", !def ? "no DEF given" : "no LEF given (--lef)");
    check_usage(stderr);
    return 2;
  }
  if ((disp_x_um > 0 || disp_y_um > 0) && !orig) {
    fprintf(stderr, "place check: error: --max-disp needs --orig ORIG.def\n");
    return 2;
  }
  db_t *db = NULL, *odb = NULL;
  if (cmd_load_design(&db, def, lefs, nlefs, 1)) return 1;
  if (orig) {
    if (cmd_load_design(&odb, orig, lefs, nlefs, 1)) {
      db_destroy(db);
      return 1;
    }
    /* the reference placement replaces the placed DEF's own record of its input */
    if (odb->ncells != db->ncells) {
      fprintf(stderr, "place check: error: %s has %zu components, %s has %zu\n", orig,
              odb->ncells, def, db->ncells);
      db_destroy(db);
      db_destroy(odb);
      return 1;
    }
    for (size_t c = 0; c < db->ncells; c++) {
      int32_t oc = db_find_cell(odb, db_str(db, db->cell_name[c]), strlen(db_str(db, db->cell_name[c])));
      if (oc < 0) {
        fprintf(stderr, "place check: error: component %s is not in %s\n",
                db_str(db, db->cell_name[c]), orig);
        db_destroy(db);
        db_destroy(odb);
        return 1;
      }
      db->cell_orig_x[c] = odb->cell_x[oc];
      db->cell_orig_y[c] = odb->cell_y[oc];
      db->cell_orig_orient[c] = odb->cell_orient[oc];
      db->cell_orig_status[c] = odb->cell_status[oc];
    }
    db_destroy(odb);
  }
  double u = db->dbu > 0 ? db->dbu : 1;
  o.macro_halo = (dbu_t)(halo_um * u + 0.5);
  o.max_disp_x = (dbu_t)(disp_x_um * u + 0.5);
  o.max_disp_y = (dbu_t)(disp_y_um * u + 0.5);
  lg_check_report_t *rep = malloc(sizeof *rep);
  if (!rep || lg_check(db, &o, rep)) {
    fprintf(stderr, "place check: error: out of memory\n");
    free(rep);
    db_destroy(db);
    return 1;
  }
  if (!quiet) {
    printf("design %s: %zu components (%zu movable, %zu fixed; %zu standard cells, %zu macros)\n",
           db_str(db, db->design_name), rep->ncells, rep->nmovable, rep->nfixed, rep->nstd,
           rep->nmacros);
    printf("\n%-14s %10s  %s\n", "rule", "count", "meaning");
    for (int k = 0; k < LG_CHK_NKINDS; k++) {
      if (k == LG_CHK_NERR) printf("%-14s %10lld  (errors; warnings below)\n", "total", (long long)rep->total);
      printf("%-14s %10lld  %s\n", lg_check_kind_name(k), (long long)rep->count[k],
             lg_check_kind_help(k));
    }
    int any = 0;
    char line[1024];
    for (int k = 0; k < LG_CHK_NKINDS; k++) {
      if (!rep->nshown[k]) continue;
      if (!any++) printf("\nfirst offenders:\n");
      printf("  %s (%lld):\n", lg_check_kind_name(k), (long long)rep->count[k]);
      for (int i = 0; i < rep->nshown[k]; i++) {
        lg_check_describe(db, rep, k, i, line, sizeof line);
        printf("    %s\n", line);
      }
    }
    printf("\n");
  }
  if (rep->total == 0)
    printf("LEGAL: %s (%lld warnings)\n", def, (long long)rep->warnings);
  else
    printf("ILLEGAL: %s: %lld violations (%lld warnings)\n", def, (long long)rep->total,
           (long long)rep->warnings);
  int rc = rep->total ? 1 : 0;
  free(rep);
  db_destroy(db);
  return rc;
}
