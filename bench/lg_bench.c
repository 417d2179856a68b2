/*
 * lg_bench.c: legalize every openroad_dpl design (tests/designs.txt) with lg_run, check the result
 * with lg_check, and print a markdown table: HPWL before/after, ratio to OpenROAD's legalized HPWL
 * (the dpl regression logs, see ../shared/benchmarks/README.md), displacement, runtime, legality.
 *
 * usage: lg_bench [-n REPEAT] [-o OUT.def] [--all] [--unit-weights] [--cell-cost]
 *                 [--manhattan] [--no-flip] [DEF ...]
 * (--all: every design of tests/designs.txt, not only openroad_dpl)
 * (run from the repository root; DEF names are matched as substrings of the designs.txt paths;
 * -o writes the last legalized design).  Times are the best of REPEAT runs (default 3).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "def.h"
#include "lef.h"
#include "place/lg_abacus.h"
#include "place/lg_check.h"
#include "place/lg_legalize.h"
#include "util/ut.h"

typedef struct ref_t {
  const char *key;
  double or_hpwl;       /* OpenROAD legalized HPWL, um (-1: none) */
  double disp_x, disp_y;   /* max displacement (um), 0 = none */
} ref_t;

static const ref_t REFS[] = {
  {"gcd/gcd_replace.def", 7736.3, 0, 0},
  {"gcd/gcd-opt.def", -1, 0, 0},
  {"aes_cipher_top_replace.def", 384290.7, 0, 0},
  {"aes-opt.def", -1, 0, 0},
  {"ibex_core_replace.def", 663932.0, 0, 0},
  {"max_disp1.def", 34464.8, 280, 50},
  {"fence01.def", 89.3, 0, 0},
  {"regions1.def", 63.5, 0, 0},
  {"one_site_gap_disallow.def", 63.2, 0, 0},
  {"fragmented_row01.def", 64.6, 0, 0},
  {"blockage01.def", 15.2, 0, 0},
  {"obstruction2.def", 737.5, 0, 0},
  {"multi_height_rows.def", 0, 0, 0},
  {"hybrid_cells.def", 0, 0, 0},
};

static db_t *load(const char *bench, char *line, ut_diag_t *d, char *name, size_t nn) {
  char *save = NULL, *tok = strtok_r(line, " \t\n", &save);
  if (!tok) return NULL;
  snprintf(name, nn, "%s", tok);
  db_t *db;
  if (db_create(&db)) return NULL;
  char path[2048];
  const char *def = tok;
  while ((tok = strtok_r(NULL, " \t\n", &save))) {
    snprintf(path, sizeof path, "%s/%s", bench, tok);
    if (lef_read(db, path, d)) {
      db_destroy(db);
      return NULL;
    }
  }
  snprintf(path, sizeof path, "%s/%s", bench, def);
  if (def_read(db, path, d)) {
    db_destroy(db);
    return NULL;
  }
  return db;
}

int main(int argc, char **argv) {
  const char *bench = getenv("PLACE_BENCH") ? getenv("PLACE_BENCH") : "../shared/benchmarks";
  const char *out = NULL;
  int repeat = 3, all = 0;
  lg_opts_t base;
  lg_opts_default(&base);
  const char *pick[64];
  int npick = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-n") && i + 1 < argc) repeat = atoi(argv[++i]);
    else if (!strcmp(argv[i], "-o") && i + 1 < argc) out = argv[++i];
    else if (!strcmp(argv[i], "--all")) all = 1;
    else if (!strcmp(argv[i], "--unit-weights")) base.weight_by_width = 0;
    else if (!strcmp(argv[i], "--manhattan")) base.cost = LG_COST_MANHATTAN;
    else if (!strcmp(argv[i], "--cell-cost")) base.cost = LG_COST_QUADRATIC;
    else if (!strcmp(argv[i], "--no-flip")) base.flip = 0;
    else if (npick < 64) pick[npick++] = argv[i];
  }
  if (repeat < 1) repeat = 1;
  FILE *f = fopen("tests/designs.txt", "r");
  if (!f) {
    fprintf(stderr, "lg_bench: run from the repository root (tests/designs.txt)\n");
    return 2;
  }
  printf("| design | movable cells | HPWL in (um) | HPWL legalized (um) | OpenROAD legalized (um) | "
         "ratio to OpenROAD | disp mean / max (um) | seconds (best of %d) | legal |\n",
         repeat);
  printf("|---|---|---|---|---|---|---|---|---|\n");
  char line[4096];
  int bad = 0;
  while (fgets(line, sizeof line, f)) {
    if (line[0] == '#' || line[0] == '\n' || (!all && !strstr(line, "openroad_dpl/"))) continue;
    const ref_t *ref = NULL;
    for (size_t k = 0; k < sizeof REFS / sizeof REFS[0]; k++)
      if (strstr(line, REFS[k].key)) ref = &REFS[k];
    int want = npick == 0;
    for (int k = 0; k < npick; k++)
      if (strstr(line, pick[k])) want = 1;
    if (!want) continue;
    double best_t = 1e30;
    lg_stats_t st;
    lg_check_report_t *rep = malloc(sizeof *rep);
    char name[1024];
    db_t *db = NULL;
    int rc = 0;
    for (int r = 0; r < repeat; r++) {
      char copy[4096];
      snprintf(copy, sizeof copy, "%s", line);
      ut_diag_t d;
      ut_diag_init(&d);
      d.quiet = 1;
      db_destroy(db);
      db = load(bench, copy, &d, name, sizeof name);
      if (!db) {
        fprintf(stderr, "lg_bench: cannot read %s\n", name);
        return 1;
      }
      lg_opts_t o = base;
      if (ref && ref->disp_x > 0) {
        o.max_disp_x = (dbu_t)(ref->disp_x * db->dbu);
        o.max_disp_y = (dbu_t)(ref->disp_y * db->dbu);
      }
      rc = lg_run(db, &o, &st, &d);
      if (st.seconds_total < best_t) best_t = st.seconds_total;
    }
    lg_check_opts_t co;
    lg_check_opts_default(&co);
    if (ref && ref->disp_x > 0) {
      co.max_disp_x = (dbu_t)(ref->disp_x * db->dbu);
      co.max_disp_y = (dbu_t)(ref->disp_y * db->dbu);
    }
    lg_check(db, &co, rep);
    double u = db->dbu;
    char ratio[64] = "-", orh[64] = "-";
    if (ref && ref->or_hpwl > 0) {
      snprintf(ratio, sizeof ratio, "%.4f", st.hpwl_after / u / ref->or_hpwl);
      snprintf(orh, sizeof orh, "%.1f", ref->or_hpwl);
    } else if (ref && ref->or_hpwl == 0) {
      snprintf(orh, sizeof orh, "0 (no nets)");
    }
    const char *shortname = strstr(name, "openroad_dpl/") ? name + strlen("openroad_dpl/") : name;
    printf("| %s | %zu | %.1f | %.1f | %s | %s | %.3f / %.3f | %.4f | %s |\n", shortname,
           st.ncells + st.nmacros, st.hpwl_before / u, st.hpwl_after / u, orh, ratio,
           st.disp_mean_um, st.disp_max_um, best_t,
           rc == 0 && rep->total == 0 ? "yes" : "NO");
    if (rc || rep->total) {
      bad++;
      for (int k = 0; k < LG_CHK_NKINDS; k++)
        if (rep->count[k] && k < LG_CHK_NERR) {
          char buf[512];
          lg_check_describe(db, rep, k, 0, buf, sizeof buf);
          fprintf(stderr, "  %s: %s: %lld, e.g. %s\n", shortname, lg_check_kind_name(k),
                  (long long)rep->count[k], buf);
        }
    }
    if (out) {
      ut_diag_t d;
      ut_diag_init(&d);
      def_write(db, out, &d);
    }
    free(rep);
    db_destroy(db);
  }
  fclose(f);
  return bad ? 1 : 0;
}
