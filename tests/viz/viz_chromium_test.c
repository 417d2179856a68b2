/*
 * viz_chromium_test.c: the HTML report as a browser shows it.  Writes a report with an embedded
 * picture of the synthetic design, has headless Chromium screenshot it at 1200 x 900, and reads
 * the screenshot back: right size, not blank (many colors, text-dark pixels, non-white area), and
 * the picture really decoded (the macro fill color of the embedded PNG is on screen).
 * Exits 77 (CTest: skipped) with a message when chromium is not installed.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../viz/viz_design.h"
#include "tap.h"
#include "viz.h"

static const char *find_chromium(void) {
  static char buf[1024];
  static const char *const names[] = {"chromium", "chromium-browser"};
  const char *path = getenv("PATH");
  if (!path) path = "/usr/bin:/bin";
  for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
    for (const char *p = path; *p;) {
      size_t n = strcspn(p, ":");
      snprintf(buf, sizeof buf, "%.*s/%s", (int)n, p, names[k]);
      if (n && access(buf, X_OK) == 0) return buf;
      p += n + (p[n] == ':');
    }
  }
  return NULL;
}

int main(void) {
  const char *chromium = find_chromium();
  if (!chromium) {
    printf("SKIP: chromium is not installed (Debian package 'chromium'); "
           "the report screenshot test did not run\n");
    return 77;
  }
  char dir[128];
  snprintf(dir, sizeof dir, "%s/viz_chromium_test.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
  if (!mkdtemp(dir)) return 1;
  ut_log_set_level(UT_LOG_WARN);
  db_t *db = vd_build();
  CHECK(db != NULL);
  if (!db) return tap_done();
  char png[600], html[600], shot[600], cmd[4096];
  snprintf(png, sizeof png, "%s/floor.png", dir);
  snprintf(html, sizeof html, "%s/report.html", dir);
  snprintf(shot, sizeof shot, "%s/shot.png", dir);
  viz_opts_t o;
  viz_opts_init(&o);
  o.width = 700;
  ut_diag_t d;
  ut_diag_init(&d);
  CHECK(viz_render(db, &o, png, &d) == 0);
  const viz_kv_t m[] = {{"HPWL", "741.0 um"}, {"runtime", "0.1 s"}};
  const viz_stage_t st[] = {{"legalize", m, 2}};
  const viz_image_t im[] = {{png, "floorplan", 1}};
  viz_report_t rep = {NULL, db, st, 1, NULL, 0, im, 1};
  CHECK(viz_report_html(html, &rep, &d) == 0);
  snprintf(cmd, sizeof cmd,
           "timeout 90 '%s' --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
           "--disable-background-networking --disable-component-update --disable-sync "
           "--user-data-dir='%s/profile' --screenshot='%s' --window-size=1200,900 'file://%s' "
           ">'%s/chromium.log' 2>&1",
           chromium, dir, shot, html, dir);
  int rc = system(cmd);
  CHECKF(rc == 0, "chromium exited with %d (see %s/chromium.log)", rc, dir);
  vd_png_t p;
  CHECKF(vd_png_open(&p, shot) == 0, "no screenshot %s", shot);
  if (p.s) {
    CHECKF(p.w == 1200 && p.h == 900, "screenshot %d x %d", p.w, p.h);
    /* distinct colors (a small open-addressing set), non-white and dark pixels, macro color */
    enum { SET = 1 << 16 };
    uint32_t *set = calloc(SET, sizeof *set);
    int distinct = 0;
    long nonwhite = 0, dark = 0, macro = 0;
    for (int y = 0; y < p.h; y++)
      for (int x = 0; x < p.w; x++) {
        uint32_t c = vd_px(&p, x, y);
        nonwhite += c != 0xFFFFFF;
        dark += (c >> 16 & 255) < 90 && (c >> 8 & 255) < 90 && (c & 255) < 90;
        macro += vd_close(c, viz_color(VIZ_C_MACRO), 6);
        uint32_t key = c + 1, h = (key * 2654435761u) >> 16;
        while (set[h] && set[h] != key) h = (h + 1) & (SET - 1);
        if (!set[h] && distinct < SET / 2) set[h] = key, distinct++;
      }
    free(set);
    printf("screenshot: %d colors, %ld non-white, %ld dark, %ld macro-colored pixels\n", distinct,
           nonwhite, dark, macro);
    CHECKF(distinct >= 40, "only %d distinct colors", distinct);
    CHECKF(nonwhite > 1200L * 900 / 20, "only %ld non-white pixels", nonwhite);
    CHECKF(dark > 2000, "only %ld dark (text) pixels", dark);
    CHECKF(macro > 300, "the embedded picture's macro color covers only %ld pixels", macro);
    vd_png_close(&p);
  }
  db_destroy(db);
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (getenv("VIZ_TEST_KEEP") || tap_fail) fprintf(stderr, "screenshot kept in %s\n", dir);
  else if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
  cairo_debug_reset_static_data();
  return tap_done();
}
