/*
 * viz_report.c: the HTML review report: design statistics (db_stats), a stage-by-metric table
 * (HPWL, overflow, displacement, legality, congestion, runtime, peak memory... whatever the caller
 * lists per stage), the pictures, and the options used.
 *
 * The page is a libxml2 HTML tree: every element is a node and every text a text node, so names
 * with '<' or '&' are escaped by the serializer and the markup is always well formed; nothing is
 * pasted together as strings.  Pictures are embedded as data: URIs (base64 PNG) for a page that
 * travels alone, or linked by the path the caller gives.  The page carries no date, so the same
 * inputs give the same bytes.  It is serialized to memory and written atomically (temporary file,
 * fsync, rename), like every output of place.
 */
#include <errno.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/ut_out.h"
#include "viz_int.h"

#ifndef PLACE_VERSION
#define PLACE_VERSION "0.0.0"
#endif

#define X(s) ((const xmlChar *)(s))

static const char CSS[] =
  "body{font-family:'DejaVu Sans',Arial,sans-serif;margin:24px;color:#202020;background:#fff}"
  "h1{font-size:22px;margin:0 0 12px}"
  "h2{font-size:17px;margin:22px 0 8px;border-bottom:1px solid #ccc;padding-bottom:3px}"
  "table{border-collapse:collapse;font-size:13px}"
  "th,td{border:1px solid #c8c8c8;padding:3px 9px;text-align:left}"
  "td.num{text-align:right;font-variant-numeric:tabular-nums}"
  "thead th{background:#eef1f6}"
  "table.kv th{background:#f6f6f6;font-weight:normal}"
  "div.figure{margin:10px 0 18px}"
  "img{max-width:100%;border:1px solid #ddd}"
  "p.caption{font-size:13px;color:#444;margin:4px 0 0}"
  "p.foot{font-size:11px;color:#777;margin-top:28px}";

static xmlNodePtr child(xmlNodePtr parent, const char *tag) {
  return xmlNewChild(parent, NULL, X(tag), NULL);
}

static xmlNodePtr text_child(xmlNodePtr parent, const char *tag, const char *text) {
  return xmlNewTextChild(parent, NULL, X(tag), X(text ? text : ""));
}

/* Right-align cells that read as numbers. */
static int looks_numeric(const char *s) {
  if (!s) return 0;
  while (*s == ' ') s++;
  if (*s == '-' || *s == '+') s++;
  return *s >= '0' && *s <= '9';
}

static void kv_row(xmlNodePtr table, const char *key, const char *value) {
  xmlNodePtr tr = child(table, "tr");
  text_child(tr, "th", key);
  text_child(tr, "td", value);
}

static void stats_table(xmlNodePtr body, const db_t *db) {
  db_stats_t st;
  db_stats(db, &st);
  double um = db->dbu > 0 ? db->dbu : 1;
  char a[64], b[64], c[64], line[256];
  xmlNodePtr t = child(body, "table");
  xmlNewProp(t, X("id"), X("design-stats"));
  xmlNewProp(t, X("class"), X("kv"));
  kv_row(t, "design", db_str(db, db->design_name));
  viz_fmt_int(a, sizeof a, (int64_t)st.ncells);
  kv_row(t, "components", a);
  viz_fmt_int(a, sizeof a, (int64_t)st.nmovable);
  viz_fmt_int(b, sizeof b, (int64_t)st.nfixed);
  viz_fmt_int(c, sizeof c, (int64_t)st.nunplaced);
  snprintf(line, sizeof line, "%s movable, %s fixed, %s unplaced", a, b, c);
  kv_row(t, "placement status", line);
  viz_fmt_int(a, sizeof a, (int64_t)st.nmacros);
  kv_row(t, "macros", a);
  line[0] = 0;
  for (int k = 0; k <= DB_CLASS_OTHER; k++) {
    if (!st.by_class[k]) continue;
    viz_fmt_int(a, sizeof a, (int64_t)st.by_class[k]);
    size_t len = strlen(line);
    snprintf(line + len, sizeof line - len, "%s%s %s", len ? ", " : "", db_class_name(k), a);
  }
  kv_row(t, "by class", line);
  viz_fmt_int(a, sizeof a, (int64_t)st.nnets);
  kv_row(t, "nets", a);
  viz_fmt_int(a, sizeof a, (int64_t)st.npins);
  kv_row(t, "pins", a);
  viz_fmt_int(a, sizeof a, (int64_t)st.nios);
  kv_row(t, "IO pins", a);
  viz_fmt_int(a, sizeof a, (int64_t)db->nrows);
  kv_row(t, "rows", a);
  viz_fmt_um(a, sizeof a, ((double)db->die.x1 - db->die.x0) / um);
  viz_fmt_um(b, sizeof b, ((double)db->die.y1 - db->die.y0) / um);
  snprintf(line, sizeof line, "%s x %s um", a, b);
  kv_row(t, "die", line);
  viz_fmt_um(a, sizeof a, ((double)db->core.x1 - db->core.x0) / um);
  viz_fmt_um(b, sizeof b, ((double)db->core.y1 - db->core.y0) / um);
  snprintf(line, sizeof line, "%s x %s um", a, b);
  kv_row(t, "core", line);
  snprintf(line, sizeof line, "%.2f%%", 100 * st.utilization);
  kv_row(t, "utilization", line);
  viz_fmt_um(a, sizeof a, (double)st.hpwl / um);
  snprintf(line, sizeof line, "%s um", a);
  kv_row(t, "HPWL", line);
}

static int stage_table(xmlNodePtr body, const viz_report_t *rep) {
  /* columns: metric names in order of first appearance */
  int cap = 0;
  for (int s = 0; s < rep->nstages; s++) cap += rep->stages[s].nmetrics;
  const char **cols = ut_malloc((size_t)(cap ? cap : 1) * sizeof *cols);
  if (!cols) return UT_ENOMEM;
  int ncols = 0;
  for (int s = 0; s < rep->nstages; s++)
    for (int k = 0; k < rep->stages[s].nmetrics; k++) {
      const char *key = rep->stages[s].metrics[k].key;
      if (!key) continue;
      int j;
      for (j = 0; j < ncols && strcmp(cols[j], key); j++) {}
      if (j == ncols) cols[ncols++] = key;
    }
  xmlNodePtr t = child(body, "table");
  xmlNewProp(t, X("id"), X("stages"));
  xmlNodePtr tr = child(child(t, "thead"), "tr");
  text_child(tr, "th", "stage");
  for (int j = 0; j < ncols; j++) text_child(tr, "th", cols[j]);
  xmlNodePtr tb = child(t, "tbody");
  for (int s = 0; s < rep->nstages; s++) {
    const viz_stage_t *st = &rep->stages[s];
    tr = child(tb, "tr");
    text_child(tr, "th", st->name);
    for (int j = 0; j < ncols; j++) {
      const char *v = "-";
      for (int k = 0; k < st->nmetrics; k++)
        if (st->metrics[k].key && !strcmp(st->metrics[k].key, cols[j])) {
          v = st->metrics[k].value ? st->metrics[k].value : "";
          break;
        }
      xmlNodePtr td = text_child(tr, "td", v);
      if (looks_numeric(v)) xmlNewProp(td, X("class"), X("num"));
    }
  }
  ut_free(cols);
  return UT_OK;
}

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* "data:image/png;base64,..." of a file's bytes; NULL on a read error (errno set) or no memory. */
static char *data_uri(const char *path, int *enomem) {
  *enomem = 0;
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  unsigned char *buf = NULL;
  size_t len = 0, cap = 0;
  for (;;) {
    if (len == cap) {
      size_t nc = cap ? 2 * cap : 1 << 16;
      unsigned char *p = ut_realloc(buf, nc);
      if (!p) {
        *enomem = 1;
        ut_free(buf);
        fclose(f);
        return NULL;
      }
      buf = p;
      cap = nc;
    }
    size_t got = fread(buf + len, 1, cap - len, f);
    len += got;
    if (got == 0) break;
  }
  int bad = ferror(f);
  fclose(f);
  if (bad) {
    ut_free(buf);
    errno = EIO;
    return NULL;
  }
  static const char head[] = "data:image/png;base64,";
  size_t n = sizeof head - 1 + 4 * ((len + 2) / 3) + 1;
  char *out = ut_malloc(n);
  if (!out) {
    *enomem = 1;
    ut_free(buf);
    return NULL;
  }
  memcpy(out, head, sizeof head - 1);
  char *o = out + sizeof head - 1;
  size_t i = 0;
  for (; i + 3 <= len; i += 3) {
    uint32_t v = (uint32_t)buf[i] << 16 | (uint32_t)buf[i + 1] << 8 | buf[i + 2];
    *o++ = B64[v >> 18 & 63];
    *o++ = B64[v >> 12 & 63];
    *o++ = B64[v >> 6 & 63];
    *o++ = B64[v & 63];
  }
  if (i < len) {
    uint32_t v = (uint32_t)buf[i] << 16 | (i + 1 < len ? (uint32_t)buf[i + 1] << 8 : 0);
    *o++ = B64[v >> 18 & 63];
    *o++ = B64[v >> 12 & 63];
    *o++ = i + 1 < len ? B64[v >> 6 & 63] : '=';
    *o++ = '=';
  }
  *o = 0;
  ut_free(buf);
  return out;
}

static int build(xmlDocPtr doc, const viz_report_t *rep, ut_diag_t *diag) {
  xmlNodePtr html = xmlNewNode(NULL, X("html"));
  xmlDocSetRootElement(doc, html);
  xmlNewProp(html, X("lang"), X("en"));
  xmlNodePtr head = child(html, "head");
  xmlNewProp(child(head, "meta"), X("charset"), X("utf-8"));
  char title[512];
  const char *dname = rep->db ? db_str(rep->db, rep->db->design_name) : "";
  if (rep->title) snprintf(title, sizeof title, "%s", rep->title);
  else snprintf(title, sizeof title, "place report: %s", dname[0] ? dname : "(unnamed design)");
  text_child(head, "title", title);
  text_child(head, "style", CSS);
  xmlNodePtr body = child(html, "body");
  text_child(body, "h1", title);
  if (rep->db) {
    text_child(body, "h2", "Design");
    stats_table(body, rep->db);
  }
  if (rep->nstages > 0) {
    text_child(body, "h2", "Stages");
    int rc = stage_table(body, rep);
    if (rc) return rc;
  }
  if (rep->nimages > 0) {
    text_child(body, "h2", "Pictures");
    for (int i = 0; i < rep->nimages; i++) {
      const viz_image_t *im = &rep->images[i];
      /* div + p rather than figure/figcaption: HTML 4 elements parse everywhere, libxml2's
       * HTML parser included */
      xmlNodePtr fig = child(body, "div");
      xmlNewProp(fig, X("class"), X("figure"));
      xmlNodePtr img = child(fig, "img");
      if (im->embed) {
        int enomem;
        char *uri = data_uri(im->path, &enomem);
        if (!uri) {
          if (enomem) return UT_ENOMEM;
          ut_diag_error(diag, im->path, 0, 0, "cannot read the picture: %s", strerror(errno));
          return UT_EIO;
        }
        xmlNewProp(img, X("src"), X(uri));
        ut_free(uri);
      } else {
        xmlNewProp(img, X("src"), X(im->path));
      }
      xmlNewProp(img, X("alt"), X(im->caption ? im->caption : im->path));
      if (im->caption) xmlNewProp(text_child(fig, "p", im->caption), X("class"), X("caption"));
    }
  }
  if (rep->noptions > 0) {
    text_child(body, "h2", "Options");
    xmlNodePtr t = child(body, "table");
    xmlNewProp(t, X("id"), X("options"));
    xmlNewProp(t, X("class"), X("kv"));
    for (int i = 0; i < rep->noptions; i++)
      kv_row(t, rep->options[i].key ? rep->options[i].key : "", rep->options[i].value);
  }
  xmlNodePtr foot = text_child(body, "p", "Generated by place " PLACE_VERSION ".");
  xmlNewProp(foot, X("class"), X("foot"));
  return UT_OK;
}

static int write_atomic(const char *path, const void *data, size_t len, ut_diag_t *diag) {
  ut_out_t out;
  int rc = ut_out_open(&out, path, diag);
  if (rc) return rc;
  if (len && fwrite(data, 1, len, out.f) != len) {
    ut_diag_error(diag, path, 0, 0, "cannot write the report: %s", strerror(errno ? errno : EIO));
    ut_out_abort(&out);
    return UT_EIO;
  }
  return ut_out_commit(&out, "the report", diag);
}

int viz_report_html(const char *path, const viz_report_t *rep, ut_diag_t *diag) {
  ut_diag_t local;
  if (!diag) {
    ut_diag_init(&local);
    diag = &local;
  }
  xmlDocPtr doc = htmlNewDocNoDtD(NULL, NULL);
  if (!doc) return UT_ENOMEM;
  xmlCreateIntSubset(doc, X("html"), NULL, NULL);   /* <!DOCTYPE html>: standards mode */
  int rc = build(doc, rep, diag);
  if (!rc) {
    xmlChar *mem = NULL;
    int size = 0;
    htmlDocDumpMemoryFormat(doc, &mem, &size, 1);
    if (!mem) rc = UT_ENOMEM;
    else rc = write_atomic(path, mem, (size_t)size, diag);
    xmlFree(mem);
  }
  xmlFreeDoc(doc);
  return rc;
}
