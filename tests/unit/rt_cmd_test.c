/*
 * rt_cmd_test.c: `place report-congestion` end to end on the shared gcd design
 * (openroad_dpl/gcd/gcd-opt.def + tech/nangate45/Nangate45.lef), calling cmd_report_congestion
 * directly (this test links src/cmd/report_congestion.c and src/cmd/load.c):
 *  - usage errors exit 2, a missing file exits 1, --help exits 0;
 *  - a run prints the capacity summary and the reports, writes the five CSV files with one row
 *    per GCell / edge, and the routed demand in the CSVs sums to the reported GCell-edge length;
 *  - two runs give byte-identical stdout and CSV files.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "tap.h"

static char g_def[1024], g_lef[1024];

/* Run the command with stdout sent to out_path (stderr silenced). */
static int run(const char *out_path, int argc, const char **argv) {
  fflush(stdout);
  fflush(stderr);
  int so = dup(1), se = dup(2);
  int fo = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644), fe = open("/dev/null", O_WRONLY);
  dup2(fo, 1);
  dup2(fe, 2);
  int rc = cmd_report_congestion(argc, (char **)argv);
  fflush(stdout);
  fflush(stderr);
  dup2(so, 1);
  dup2(se, 2);
  close(fo);
  close(fe);
  close(so);
  close(se);
  return rc;
}

static char *slurp(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long len = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *b = malloc((size_t)len + 1);
  if (b && fread(b, 1, (size_t)len, f) != (size_t)len) {
    free(b);
    b = NULL;
  }
  if (b) b[len] = 0;
  fclose(f);
  if (n) *n = (size_t)len;
  return b;
}

static long count_lines(const char *s) {
  long n = 0;
  for (; s && *s; s++) n += *s == '\n';
  return n;
}

/* Sum of the "demand" column (third) of an edge CSV. */
static long sum_demand(const char *csv) {
  long s = 0;
  const char *p = strchr(csv, '\n');
  while (p && p[1]) {
    int i, j, d;
    if (sscanf(p + 1, "%d,%d,%d,", &i, &j, &d) == 3) s += d;
    p = strchr(p + 1, '\n');
  }
  return s;
}

int main(void) {
  snprintf(g_def, sizeof g_def, "%s/openroad_dpl/gcd/gcd-opt.def", tap_bench());
  snprintf(g_lef, sizeof g_lef, "%s/tech/nangate45/Nangate45.lef", tap_bench());
  char dir[128];
  snprintf(dir, sizeof dir, "%s/rt_cmd_test_XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
  if (!mkdtemp(dir)) {
    CHECK(0);
    return tap_done();
  }
  char out1[1100], out2[1100], pre1[1100], pre2[1100], path[1200];
  snprintf(out1, sizeof out1, "%s/out1.txt", dir);
  snprintf(out2, sizeof out2, "%s/out2.txt", dir);
  snprintf(pre1, sizeof pre1, "%s/a", dir);
  snprintf(pre2, sizeof pre2, "%s/b", dir);

  const char *help[] = {"report-congestion", "--help"};
  CHECK(run(out1, 2, help) == 0);
  const char *none[] = {"report-congestion"};
  CHECK(run(out1, 1, none) == 2);
  const char *nolef[] = {"report-congestion", g_def};
  CHECK(run(out1, 2, nolef) == 2);
  const char *badopt[] = {"report-congestion", g_def, "--lef", g_lef, "--frobnicate"};
  CHECK(run(out1, 5, badopt) == 2);
  const char *badval[] = {"report-congestion", g_def, "--lef", g_lef, "--min-layer", "0"};
  CHECK(run(out1, 6, badval) == 2);
  const char *badval2[] = {"report-congestion", g_def, "--lef", g_lef, "--cap-scale", "x"};
  CHECK(run(out1, 6, badval2) == 2);
  const char *missing[] = {"report-congestion", "/nonexistent/x.def", "--lef", g_lef};
  CHECK(run(out1, 4, missing) == 1);

  const char *a1[] = {"report-congestion", g_def, "--lef", g_lef, "--out", pre1};
  const char *a2[] = {"report-congestion", g_def, "-l", g_lef, "-o", pre2, "-q"};
  CHECK(run(out1, 6, a1) == 0);
  CHECK(run(out2, 7, a2) == 0);
  char *s1 = slurp(out1, NULL), *s2 = slurp(out2, NULL);
  CHECK(s1 && s2 && !strcmp(s1, s2));
  if (s1) {
    CHECK(strstr(s1, "design            gcd") != NULL);
    CHECK(strstr(s1, "metal2     V") != NULL && strstr(s1, "metal10    V") != NULL);
    CHECK(strstr(s1, "ACE               0.5%:") != NULL);
    CHECK(strstr(s1, "overflow          total 0.00") != NULL);
    CHECK(strstr(s1, "wirelength        hpwl 7709.2 um") != NULL);
  }
  /* grid size from the summary line: "gcell grid        NX x NY" */
  int nx = 0, ny = 0;
  const char *gl = s1 ? strstr(s1, "gcell grid") : NULL;
  CHECK(gl && sscanf(gl, "gcell grid %d x %d", &nx, &ny) == 2 && nx > 1 && ny > 1);
  long routed = -1;
  const char *wl = s1 ? strstr(s1, "wirelength        routed") : NULL;
  if (wl) {
    const char *par = strchr(wl, '(');
    if (par) routed = strtol(par + 1, NULL, 10);
  }
  CHECK(routed > 0);

  static const char *what[] = {"rudy", "pins", "demand_h", "demand_v", "congestion"};
  long rows[5] = {(long)nx * ny, (long)nx * ny, (long)(nx - 1) * ny, (long)nx * (ny - 1),
                  (long)nx * ny};
  long dsum = 0;
  for (int k = 0; k < 5; k++) {
    snprintf(path, sizeof path, "%s_%s.csv", pre1, what[k]);
    size_t n1 = 0, n2 = 0;
    char *c1 = slurp(path, &n1);
    snprintf(path, sizeof path, "%s_%s.csv", pre2, what[k]);
    char *c2 = slurp(path, &n2);
    CHECKF(c1 && c2 && n1 == n2 && !memcmp(c1, c2, n1), "%s differs between runs", what[k]);
    CHECKF(count_lines(c1) == rows[k] + 1, "%s: %ld lines, expected %ld", what[k],
           count_lines(c1), rows[k] + 1);
    if (k == 2 || k == 3) dsum += c1 ? sum_demand(c1) : 0;
    free(c1);
    free(c2);
    snprintf(path, sizeof path, "%s_%s.csv", pre1, what[k]);
    remove(path);
    snprintf(path, sizeof path, "%s_%s.csv", pre2, what[k]);
    remove(path);
  }
  CHECKF(dsum == routed, "csv demand %ld vs reported %ld", dsum, routed);
  /* an unwritable prefix fails with 1 */
  const char *a3[] = {"report-congestion", g_def, "--lef", g_lef, "--out", "/nonexistent/dir/x"};
  CHECK(run(out1, 6, a3) == 1);
  free(s1);
  free(s2);
  remove(out1);
  remove(out2);
  rmdir(dir);
  return tap_done();
}
