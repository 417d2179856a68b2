/*
 * viz_report_test.c: the HTML report parses with libxml2's HTML parser without errors, holds the
 * design statistics (values checked against db_stats), the stage table (one row per stage, one
 * column per metric name, "-" where a stage lacks a metric), names with markup characters as text,
 * the options, and the pictures: the embedded one decodes back to the PNG file's bytes, the linked
 * one keeps the path given.  Same inputs, same bytes; no temporary file left; bad image path is
 * an error that writes nothing.
 */
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlversion.h>
#include <libxml/xpath.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../viz/viz_design.h"
#include "tap.h"
#include "viz.h"

static char dir[128];

static const char *tmp(const char *name) {
  static char buf[4][512];
  static int k;
  k = (k + 1) % 4;
  snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
  return buf[k];
}

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *b = malloc((size_t)n + 1);
  if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
    free(b);
    b = NULL;
  }
  if (b) b[n] = 0;
  fclose(f);
  *len = (size_t)n;
  return b;
}

static int nerrors;
#if LIBXML_VERSION >= 21200
static void count_errors(void *ctx, const xmlError *e) {
#else
static void count_errors(void *ctx, xmlErrorPtr e) {
#endif
  (void)ctx;
  if (e && e->level >= XML_ERR_ERROR) {
    nerrors++;
    fprintf(stderr, "html parse: %s", e->message);
  }
}

/* Text content of the XPath expression's first hit ("" when none); caller frees. */
static char *xtext(xmlXPathContextPtr xc, const char *expr) {
  xmlXPathObjectPtr r = xmlXPathEvalExpression((const xmlChar *)expr, xc);
  char *out = NULL;
  if (r && r->nodesetval && r->nodesetval->nodeNr > 0) {
    xmlChar *t = xmlNodeGetContent(r->nodesetval->nodeTab[0]);
    out = strdup(t ? (const char *)t : "");
    xmlFree(t);
  }
  xmlXPathFreeObject(r);
  return out ? out : strdup("");
}

static int xcount(xmlXPathContextPtr xc, const char *expr) {
  xmlXPathObjectPtr r = xmlXPathEvalExpression((const xmlChar *)expr, xc);
  int n = r && r->nodesetval ? r->nodesetval->nodeNr : -1;
  xmlXPathFreeObject(r);
  return n;
}

static size_t b64_decode(const char *s, unsigned char *out) {
  static const char *A = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t n = 0;
  uint32_t acc = 0;
  int bits = 0;
  for (; *s && *s != '='; s++) {
    const char *p = strchr(A, *s);
    if (!p) return 0;
    acc = acc << 6 | (uint32_t)(p - A);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (unsigned char)(acc >> bits & 255);
    }
  }
  return n;
}

static void quiet_sink(void *ctx, int is_error, const char *msg) {
  (void)ctx;
  (void)is_error;
  (void)msg;
}

int main(void) {
  snprintf(dir, sizeof dir, "%s/viz_report_test.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
  if (!mkdtemp(dir)) return 1;
  ut_log_set_level(UT_LOG_WARN);
  db_t *db = vd_build();
  CHECK(db != NULL);
  if (!db) return tap_done();
  viz_opts_t o;
  viz_opts_init(&o);
  o.width = 600;
  ut_diag_t d;
  ut_diag_init(&d);
  CHECK(viz_render(db, &o, tmp("floor.png"), &d) == 0);

  const viz_kv_t gp[] = {{"HPWL", "741.0 um"}, {"overflow", "0.10"}, {"runtime", "0.2 s"}};
  const viz_kv_t lg[] = {{"HPWL", "760.2 um"}, {"displacement", "1.3 um"}, {"legal", "yes"},
                         {"runtime", "0.1 s"}, {"peak memory", "12 MiB"}};
  const viz_stage_t stages[] = {{"global <b>&amp;</b>", gp, 3}, {"legalize", lg, 5}};
  const viz_kv_t opts[] = {{"--density", "0.7"}, {"--seed", "1"}};
  char floor[512];
  snprintf(floor, sizeof floor, "%s", tmp("floor.png"));
  const viz_image_t imgs[] = {{floor, "floorplan <after> legalization", 1},
                              {"floor.png", NULL, 0}};
  viz_report_t rep = {NULL, db, stages, 2, opts, 2, imgs, 2};
  CHECK(viz_report_html(tmp("report.html"), &rep, &d) == 0);

  xmlSetStructuredErrorFunc(NULL, count_errors);
  htmlDocPtr doc = htmlReadFile(tmp("report.html"), "UTF-8", HTML_PARSE_NONET);
  xmlSetStructuredErrorFunc(NULL, NULL);
  CHECK(doc != NULL);
  CHECKF(nerrors == 0, "%d HTML parse errors", nerrors);
  if (doc) {
    xmlXPathContextPtr xc = xmlXPathNewContext(doc);
    char *t = xtext(xc, "//title");
    CHECKF(!strcmp(t, "place report: vizdemo"), "title '%s'", t);
    free(t);
    /* design statistics against db_stats */
    db_stats_t st;
    db_stats(db, &st);
    char want[64];
    snprintf(want, sizeof want, "%zu", st.ncells);
    t = xtext(xc, "//table[@id='design-stats']//tr[th='components']/td");
    CHECKF(!strcmp(t, want), "components '%s', want %s", t, want);
    free(t);
    snprintf(want, sizeof want, "%.2f%%", 100 * st.utilization);
    t = xtext(xc, "//table[@id='design-stats']//tr[th='utilization']/td");
    CHECKF(!strcmp(t, want), "utilization '%s', want %s", t, want);
    free(t);
    t = xtext(xc, "//table[@id='design-stats']//tr[th='HPWL']/td");
    CHECKF(!strcmp(t, "741.0 um"), "HPWL '%s'", t);
    free(t);
    t = xtext(xc, "//table[@id='design-stats']//tr[th='die']/td");
    CHECKF(!strcmp(t, "200.0 x 100.0 um"), "die '%s'", t);
    free(t);
    /* stages: header = stage + 6 metric names in first-appearance order */
    CHECK(xcount(xc, "//table[@id='stages']/thead/tr/th") == 7);
    t = xtext(xc, "//table[@id='stages']/thead/tr/th[5]");
    CHECKF(!strcmp(t, "displacement"), "5th column '%s'", t);
    free(t);
    CHECK(xcount(xc, "//table[@id='stages']/tbody/tr") == 2);
    t = xtext(xc, "//table[@id='stages']/tbody/tr[1]/th");
    CHECKF(!strcmp(t, "global <b>&amp;</b>"), "stage name kept as text: '%s'", t);
    free(t);
    CHECK(xcount(xc, "//table[@id='stages']//b") == 0);
    t = xtext(xc, "//table[@id='stages']/tbody/tr[1]/td[4]");
    CHECKF(!strcmp(t, "-"), "missing metric shows '%s'", t);
    free(t);
    t = xtext(xc, "//table[@id='stages']/tbody/tr[2]/td[6]");
    CHECKF(!strcmp(t, "12 MiB"), "peak memory '%s'", t);
    free(t);
    t = xtext(xc, "//table[@id='options']//tr[th='--density']/td");
    CHECK(!strcmp(t, "0.7"));
    free(t);
    /* pictures */
    CHECK(xcount(xc, "//img") == 2);
    char *src = xtext(xc, "(//img)[1]/@src");
    const char *head = "data:image/png;base64,";
    CHECK(!strncmp(src, head, strlen(head)));
    size_t n;
    char *png = slurp(tmp("floor.png"), &n);
    unsigned char *dec = malloc(strlen(src));
    size_t dn = b64_decode(src + strlen(head), dec);
    CHECKF(png && dn == n && !memcmp(dec, png, n), "embedded picture differs (%zu vs %zu bytes)",
           dn, n);
    free(dec);
    free(png);
    free(src);
    src = xtext(xc, "(//img)[2]/@src");
    CHECK(!strcmp(src, "floor.png"));
    free(src);
    t = xtext(xc, "//p[@class='caption']");
    CHECK(!strcmp(t, "floorplan <after> legalization"));
    free(t);
    xmlXPathFreeContext(xc);
    xmlFreeDoc(doc);
  }
  /* same bytes again; a missing picture is an error that leaves the old report alone */
  CHECK(viz_report_html(tmp("report2.html"), &rep, &d) == 0);
  size_t n1, n2;
  char *a = slurp(tmp("report.html"), &n1), *b = slurp(tmp("report2.html"), &n2);
  CHECK(a && b && n1 == n2 && !memcmp(a, b, n1));
  free(b);
  const viz_image_t bad[] = {{tmp("missing.png"), NULL, 1}};
  viz_report_t rep2 = {"x", db, NULL, 0, NULL, 0, bad, 1};
  ut_diag_init(&d);
  d.sink = quiet_sink;
  CHECK(viz_report_html(tmp("report.html"), &rep2, &d) == UT_EIO);
  CHECK(strstr(d.first, "cannot read the picture") != NULL);
  b = slurp(tmp("report.html"), &n2);
  CHECK(a && b && n1 == n2 && !memcmp(a, b, n1));
  free(a);
  free(b);
  char cmd[600];
  snprintf(cmd, sizeof cmd, "ls '%s' | grep -q '\\.tmp\\.'", dir);
  CHECK(system(cmd) != 0);
  db_destroy(db);
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (getenv("VIZ_TEST_KEEP") || tap_fail) fprintf(stderr, "report kept in %s\n", dir);
  else if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
  cairo_debug_reset_static_data();
  xmlCleanupParser();
  return tap_done();
}
