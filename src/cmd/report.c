/*
 * report.c: what `place` reports besides its log.  Every stage leaves a record (name and a few
 * metrics: HPWL, displacement, runtime, peak memory) as it finishes; --report-html turns the
 * records, the design statistics, every option and the --png picture into one self-contained page
 * (viz_report_html), and --report prints the design statistics on stdout.  The records are fixed
 * arrays (CMD_MAX_STAGES x CMD_MAX_METRICS): a stage or metric past them is dropped, never an
 * error.
 */
#include <stdio.h>
#include <string.h>

#include "cmd/flow.h"

void cmd_stage_begin(cmd_stages_t *s, const char *name) {
  if (s->n == CMD_MAX_STAGES) return;
  s->st[s->n].name = name;
  s->st[s->n].metrics = s->kv[s->n];
  s->st[s->n].nmetrics = 0;
  s->n++;
}

void cmd_stage_metric(cmd_stages_t *s, const char *key, const char *fmt, double v) {
  if (!s->n) return;
  viz_stage_t *st = &s->st[s->n - 1];
  int k = st->nmetrics;
  if (k == CMD_MAX_METRICS) return;
  char *buf = s->val[s->n - 1][k];
  if (strcmp(fmt, "%d") == 0) snprintf(buf, 48, "%d", (int)v);
  else snprintf(buf, 48, fmt, v);
  s->kv[s->n - 1][k].key = key;
  s->kv[s->n - 1][k].value = buf;
  st->nmetrics = k + 1;
}

void cmd_report_print(const db_t *db) {
  db_stats_t st;
  db_stats(db, &st);
  double um = (double)db->dbu;
  printf("design            %s\n", db->has_design ? db_str(db, db->design_name) : "(unnamed)");
  printf("dbu per micron    %d\n", db->dbu);
  printf("components        %zu (movable %zu, fixed %zu, unplaced %zu)\n", st.ncells,
         st.nmovable, st.nfixed, st.nunplaced);
  printf("  by class        ");
  for (int c = 0; c <= DB_CLASS_OTHER; c++)
    if (st.by_class[c]) printf("%s %zu  ", db_class_name(c), st.by_class[c]);
  printf("\n");
  printf("macros            %zu\n", st.nmacros);
  printf("nets              %zu\n", st.nnets);
  printf("pins              %zu\n", st.npins);
  printf("io pins           %zu\n", st.nios);
  printf("rows              %zu\n", db->nrows);
  printf("die               (%.3f %.3f) (%.3f %.3f) um, area %.3f um^2\n", db->die.x0 / um,
         db->die.y0 / um, db->die.x1 / um, db->die.y1 / um, (double)st.die_area / (um * um));
  printf("core              (%.3f %.3f) (%.3f %.3f) um, area %.3f um^2\n", db->core.x0 / um,
         db->core.y0 / um, db->core.x1 / um, db->core.y1 / um, (double)st.core_area / (um * um));
  printf("movable area      %.3f um^2\n", (double)st.movable_area / (um * um));
  printf("fixed area (core) %.3f um^2\n", (double)st.fixed_area_in_core / (um * um));
  printf("utilization       %.4f\n", st.utilization);
  printf("hpwl              %.3f um\n", (double)st.hpwl / um);
}

int cmd_report_html(const db_t *db, const cmd_place_opts_t *o, const cmd_opt_t *t, size_t nt,
                    const cmd_stages_t *sg, ut_diag_t *diag) {
  viz_kv_t kv[64];
  char vals[64][64];
  int n = 0;
  for (size_t i = 0; i < nt && n < 60; i++) {
    const cmd_opt_t *d = &t[i];
    const char *base = (const char *)o;
    char *v = vals[n];
    if (d->kind == CMD_OPT_FLAG) snprintf(v, 64, "%s", *(const int *)(base + d->off) ? "on" : "off");
    else if (d->kind == CMD_OPT_LONG) snprintf(v, 64, "%ld", *(const long *)(base + d->off));
    else if (d->kind == CMD_OPT_DOUBLE) snprintf(v, 64, "%g", *(const double *)(base + d->off));
    else if (d->kind == CMD_OPT_STR) {
      const char *sv = *(const char *const *)(base + d->off);
      snprintf(v, 64, "%s", sv ? sv : "-");
    } else {
      snprintf(v, 64, "%d file(s)", o->nlefs);
    }
    kv[n].key = d->name;
    kv[n].value = v;
    n++;
  }
  kv[n].key = "design";
  kv[n].value = o->def_path ? o->def_path : o->verilog;
  n++;
  viz_image_t img = {o->png_path, "placement", 1};
  int has_png = o->png_path && strlen(o->png_path) > 4 &&
                strcmp(o->png_path + strlen(o->png_path) - 4, ".png") == 0;
  viz_report_t rep = {NULL, db, sg->st, sg->n, kv, n, has_png ? &img : NULL, has_png ? 1 : 0};
  if (viz_report_html(o->report_html, &rep, diag)) return 1;
  UT_INFO("MAIN", "wrote %s", o->report_html);
  return 0;
}
