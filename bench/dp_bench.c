/*
 * dp_bench.c: detailed placement (dp_run) on the shared designs, checked with lg_check; prints a
 * markdown table: HPWL after legalization and after detailed placement, the gain of each pass,
 * the ratio to OpenROAD's number, runtimes, legality.
 *
 * usage: dp_bench [--flow | --opt] [-n REPEAT] [--rounds N] [--no PASS]... [-o OUT.def] [DEF...]
 *   (default)  every openroad_dpl design: lg_run, then dp_run (reference: OpenROAD's legalized
 *              HPWL from the dpl regression logs);
 *   --opt      the legal OpenROAD outputs (*-opt.def): dp_run alone (reference: OpenROAD's
 *              improve_placement result);
 *   --flow     the unplaced floorplans gcd_tapcells, aes, ibex of openroad_gpl: gp_run, lg_run,
 *              dp_run (reference: OpenROAD's whole flow, ../shared/benchmarks/PEERS.md);
 *   --all      every design of tests/designs.txt as it is: lg_run, then dp_run (robustness).
 * Run from the repository root (tests/designs.txt); DEF names match as substrings.  Times are the
 * best of REPEAT runs (default 1), wall clock (and, for detailed placement, the process CPU time,
 * steadier on a shared machine).  -o writes the last design.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "def.h"
#include "lef.h"
#include "place/dp.h"
#include "place/gp.h"
#include "place/lg_check.h"
#include "place/lg_legalize.h"
#include "util/ut.h"

typedef struct ref_t {
  const char *key;
  double hpwl;             /* OpenROAD's number, um (0: none) */
  double disp_x, disp_y;   /* max displacement, um (0: none) */
} ref_t;

static const ref_t DPL_REFS[] = {
  {"gcd/gcd_replace.def", 7736.3, 0, 0},
  {"aes_cipher_top_replace.def", 384290.7, 0, 0},
  {"ibex_core_replace.def", 663932.0, 0, 0},
  {"max_disp1.def", 34464.8, 280, 50},
  {"fence01.def", 89.3, 0, 0},
  {"regions1.def", 63.5, 0, 0},
  {"one_site_gap_disallow.def", 63.2, 0, 0},
  {"fragmented_row01.def", 64.6, 0, 0},
  {"blockage01.def", 15.2, 0, 0},
  {"obstruction2.def", 737.5, 0, 0},
};
static const ref_t OPT_REFS[] = {
  {"aes-opt.def", 359805.8, 0, 0},
  {"gcd-opt.def", 7333.3, 0, 0},
};
static const ref_t FLOW_REFS[] = {
  {"gcd_tapcells.def", 7175.8, 0, 0},
  {"aes_cipher_top/aes_cipher_top.def", 365127.2, 0, 0},
  {"ibex_core/ibex_core.def", 657050.2, 0, 0},
};

static db_t *load(const char *bench, const char *line, ut_diag_t *d, char *name, size_t nn) {
  char copy[4096];
  snprintf(copy, sizeof copy, "%s", line);
  char *save = NULL, *tok = strtok_r(copy, " \t\n", &save);
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
  int repeat = 1, mode = 0;   /* 0 dpl, 1 opt, 2 flow */
  dp_opts_t base;
  dp_opts_default(&base);
  base.verbose = 0;
  const char *pick[64];
  int npick = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-n") && i + 1 < argc) repeat = atoi(argv[++i]);
    else if (!strcmp(argv[i], "-o") && i + 1 < argc) out = argv[++i];
    else if (!strcmp(argv[i], "--opt")) mode = 1;
    else if (!strcmp(argv[i], "--flow")) mode = 2;
    else if (!strcmp(argv[i], "--all")) mode = 3;
    else if (!strcmp(argv[i], "-v")) base.verbose = 1;
    else if (!strcmp(argv[i], "--rounds") && i + 1 < argc) base.max_rounds = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--window") && i + 1 < argc) base.window = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--ism") && i + 1 < argc) base.ism_size = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--sites") && i + 1 < argc) base.search_sites = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--min-gain") && i + 1 < argc) base.min_gain = atof(argv[++i]);
    else if (!strcmp(argv[i], "--no") && i + 1 < argc) {
      const char *p = argv[++i];
      for (int k = 0; k < DP_NPASSES; k++)
        if (!strcmp(p, dp_pass_name(k))) base.pass[k] = 0;
    } else if (npick < 64) pick[npick++] = argv[i];
  }
  if (repeat < 1) repeat = 1;
  const ref_t *refs = mode == 0 || mode == 3 ? DPL_REFS : mode == 1 ? OPT_REFS : FLOW_REFS;
  size_t nrefs = mode == 0 || mode == 3 ? sizeof DPL_REFS / sizeof DPL_REFS[0]
                 : mode == 1 ? sizeof OPT_REFS / sizeof OPT_REFS[0]
                             : sizeof FLOW_REFS / sizeof FLOW_REFS[0];
  FILE *f = fopen("tests/designs.txt", "r");
  if (!f) {
    fprintf(stderr, "dp_bench: run from the repository root (tests/designs.txt)\n");
    return 2;
  }
  const char *start = mode == 0 || mode == 3 ? "HPWL legalized (um)" : mode == 1 ? "HPWL input (um)"
                                                                    : "HPWL GP+LG (um)";
  printf("| design | movable | %s | HPWL after DP (um) | DP gain |", start);
  for (int p = 0; p < DP_NPASSES; p++) printf(" %s (um) |", dp_pass_name(p));
  printf(" rounds | OpenROAD (um) | ratio | %sDP s | legal |\n", mode == 2 ? "GP s | LG s | " : mode != 1 ? "LG s | " : "");
  printf("|---|---|---|---|---|");
  for (int p = 0; p < DP_NPASSES; p++) printf("---|");
  printf("---|---|---|%s---|---|\n", mode == 2 ? "---|---|" : mode != 1 ? "---|" : "");
  char line[4096];
  int bad = 0;
  while (fgets(line, sizeof line, f)) {
    if (line[0] == '#' || line[0] == '\n') continue;
    const ref_t *ref = NULL;
    for (size_t k = 0; k < nrefs; k++)
      if (strstr(line, refs[k].key)) ref = &refs[k];
    if (mode == 0 && !strstr(line, "openroad_dpl/")) continue;
    if (mode == 0 && strstr(line, "-opt.def")) continue;
    if ((mode == 1 || mode == 2) && !ref) continue;
    int want = npick == 0;
    for (int k = 0; k < npick; k++)
      if (strstr(line, pick[k])) want = 1;
    if (!want) continue;
    double best_dp = 1e30, best_lg = 1e30, best_gp = 1e30, best_cpu = 1e30;
    char name[1024];
    db_t *db = NULL;
    dp_stats_t st;
    int64_t h_start = 0;
    int rc = 0;
    lg_check_opts_t co;
    lg_check_opts_default(&co);
    for (int r = 0; r < repeat; r++) {
      ut_diag_t d;
      ut_diag_init(&d);
      d.quiet = 1;
      db_destroy(db);
      db = load(bench, line, &d, name, sizeof name);
      if (!db) {
        fprintf(stderr, "dp_bench: cannot read %s: %s\n", name, d.first);
        return 1;
      }
      dp_opts_t o = base;
      lg_opts_t lo;
      lg_opts_default(&lo);
      if (ref && ref->disp_x > 0) {
        o.max_disp_x = lo.max_disp_x = co.max_disp_x = (dbu_t)(ref->disp_x * db->dbu);
        o.max_disp_y = lo.max_disp_y = co.max_disp_y = (dbu_t)(ref->disp_y * db->dbu);
      }
      if (mode == 2) {
        gp_opts_t go;
        gp_opts_default(&go);
        go.progress_every = 0;
        gp_stats_t gs;
        if ((rc = gp_run(db, &go, &gs, &d))) break;
        if (gs.t_total < best_gp) best_gp = gs.t_total;
      }
      if (mode != 1) {
        lg_stats_t ls;
        if ((rc = lg_run(db, &lo, &ls, &d))) break;
        if (ls.seconds_total < best_lg) best_lg = ls.seconds_total;
      }
      h_start = db_hpwl(db);
      clock_t c0 = clock();
      if ((rc = dp_run(db, &o, &st, &d))) break;
      double cpu = (double)(clock() - c0) / CLOCKS_PER_SEC;
      if (st.seconds_total < best_dp) best_dp = st.seconds_total;
      if (cpu < best_cpu) best_cpu = cpu;
    }
    lg_check_report_t *rep = malloc(sizeof *rep);
    lg_check(db, &co, rep);
    double u = db->dbu;
    const char *shortname = strchr(name, '/') ? strchr(name, '/') + 1 : name;
    printf("| %s | %zu | %.1f | %.1f | %.2f%% |", shortname, st.ncells, h_start / u,
           st.hpwl_after / u, h_start > 0 ? 100.0 * (double)(h_start - st.hpwl_after) / (double)h_start : 0.0);
    for (int p = 0; p < DP_NPASSES; p++) printf(" %.1f |", st.gain[p] / u);
    char orh[64] = "-", ratio[64] = "-";
    if (ref && ref->hpwl > 0) {
      snprintf(orh, sizeof orh, "%.1f", ref->hpwl);
      snprintf(ratio, sizeof ratio, "%.4f", st.hpwl_after / u / ref->hpwl);
    }
    printf(" %d | %s | %s |", st.rounds, orh, ratio);
    if (mode == 2) printf(" %.2f | %.3f |", best_gp, best_lg);
    if (mode == 0 || mode == 3) printf(" %.3f |", best_lg);
    printf(" %.3f (cpu %.3f) | %s |\n", best_dp, best_cpu, rc == 0 && rep->total == 0 ? "yes" : "NO");
    fflush(stdout);
    if (base.verbose) {
      fprintf(stderr, "  %s seconds: setup %.3f", shortname, st.seconds_setup);
      for (int p = 0; p < DP_NPASSES; p++) fprintf(stderr, ", %s %.3f", dp_pass_name(p), st.seconds[p]);
      fprintf(stderr, "\n");
    }
    if (rc || rep->total) {
      bad++;
      fprintf(stderr, "  %s: rc %d\n", shortname, rc);
      for (int k = 0; k < LG_CHK_NERR; k++)
        if (rep->count[k]) {
          char buf[512];
          lg_check_describe(db, rep, k, 0, buf, sizeof buf);
          fprintf(stderr, "  %s: %s: %lld, e.g. %s\n", shortname, lg_check_kind_name(k),
                  (long long)rep->count[k], buf);
        }
    }
    if (db_hpwl(db) != st.hpwl_after) {
      fprintf(stderr, "  %s: db_hpwl %lld != dp's %lld\n", shortname, (long long)db_hpwl(db),
              (long long)st.hpwl_after);
      bad++;
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
