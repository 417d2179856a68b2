/* verilog_test.c: the Verilog reader and the floorplanner.
 *  - the six OpenROAD netlists (shared benchmarks): instance counts equal the README's; every
 *    instance pin connects as a slow obvious scan of the Verilog text says (statement by statement,
 *    ".PIN(net)" and "{a, b}" against the LEF bus pins); every port bit is an IO pin on its net;
 *    the floorplan with the README's die/core has whole rows in the core alternating FS/N, tracks on
 *    every routing layer, IO pins on distinct tracks at the die edge; the DEF written by def_emit
 *    reads back (same database) and re-emits to the same bytes;
 *  - a small netlist with assign aliasing, constants, escaped names, ANSI ports, bus pins, supply0
 *    and implicit nets; the utilization-driven floorplan; determinism;
 *  - malformed netlists give "file:line:col: error: ..." messages. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "def.h"
#include "def_emit.h"
#include "lef.h"
#include "netlist/verilog.h"
#include "tap.h"

typedef struct msgs_t {
  char text[4096];
} msgs_t;

static void keep_sink(void *ctx, int is_error, const char *msg) {
  msgs_t *m = ctx;
  if (is_error && strlen(m->text) + strlen(msg) + 2 < sizeof m->text) {
    strcat(m->text, msg);
    strcat(m->text, "\n");
  }
}

static void quiet_sink(void *ctx, int is_error, const char *msg) {
  (void)ctx;
  if (is_error) fprintf(stderr, "  %s\n", msg);
}

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *b = malloc((size_t)n + 1);
  *len = fread(b, 1, (size_t)n, f);
  b[*len] = 0;
  fclose(f);
  return b;
}

/* ---- the slow obvious connectivity scan ---- */

/* Stored name of one Verilog reference (escaped: drop '\', escape [ ] / \). */
static void canon_ref(const char *s, size_t n, char *out, size_t cap) {
  size_t k = 0, i = 0;
  while (i < n && isspace((unsigned char)s[i])) i++;
  while (n > i && isspace((unsigned char)s[n - 1])) n--;
  if (i < n && s[i] == '\\') {
    i++;
    while (i < n && !isspace((unsigned char)s[i]) && k + 3 < cap) {
      if (strchr("[]/\\", s[i])) out[k++] = '\\';
      out[k++] = s[i++];
    }
    while (i < n && isspace((unsigned char)s[i])) i++;
  }
  for (; i < n && k + 1 < cap; i++)
    if (!isspace((unsigned char)s[i])) out[k++] = s[i];
  out[k] = 0;
}

/* Remove comments and (* attributes *) (the test netlists have none inside escaped names). */
static void strip(char *s) {
  char *w = s;
  for (char *r = s; *r;) {
    if (r[0] == '/' && r[1] == '/') {
      while (*r && *r != '\n') r++;
    } else if ((r[0] == '/' && r[1] == '*') || (r[0] == '(' && r[1] == '*' && r[2] != ')')) {
      char close = r[0] == '/' ? '/' : ')';
      r += 2;
      while (*r && !(r[0] == '*' && r[1] == close)) r++;
      if (*r) r += 2;
    } else {
      *w++ = *r++;
    }
  }
  *w = 0;
}

/* The net of (component c, master pin p) in db, or NULL. */
static const char *pin_net(const db_t *db, int32_t c, int32_t p) {
  for (int32_t k = db->cell_pin_start[c]; k < db->cell_pin_start[c + 1]; k++) {
    int32_t q = db->cell_pins[k];
    if (db->pin_ref[q] == p) return db_str(db, db->net_name[db->pin_net[q]]);
  }
  return NULL;
}

/* Scan every instance statement; returns the number of connections checked, counts mismatches. */
static long scan_connections(const db_t *db, const char *path, long *bad, long *instances) {
  size_t len;
  char *text = slurp(path, &len);
  if (!text) return -1;
  strip(text);
  long checked = 0;
  *bad = 0;
  *instances = 0;
  char *stmt = text;
  for (char *semi = strchr(stmt, ';'); semi; stmt = semi + 1, semi = strchr(stmt, ';')) {
    *semi = 0;
    char *p = stmt;
    while (isspace((unsigned char)*p)) p++;
    char master[256];
    size_t k = 0;
    while (p[k] && !isspace((unsigned char)p[k]) && p[k] != '(' && k < 255) k++;
    memcpy(master, p, k);
    master[k] = 0;
    int32_t m = db_find_master(db, master, k);
    if (m < 0) continue;
    p += k;
    char *paren = strchr(p, '(');
    /* the instance name lies between the master and the '(' (escaped names end in a space) */
    char *q = p;
    while (isspace((unsigned char)*q)) q++;
    char *end = *q == '\\' ? q + strcspn(q, " \t\n") : paren;
    char inst[1024];
    canon_ref(q, (size_t)(end - q), inst, sizeof inst);
    int32_t c = db_find_cell(db, inst, strlen(inst));
    (*instances)++;
    if (c < 0 || db->cell_master[c] != m) {
      (*bad)++;
      continue;
    }
    for (char *d = strchr(end, '.'); d; d = strchr(d + 1, '.')) {
      /* a '.' inside an escaped name is not a pin: pins follow '(' or ',' */
      char *b = d - 1;
      while (b > end && isspace((unsigned char)*b)) b--;
      if (*b != '(' && *b != ',') continue;
      char pin[128];
      size_t n = 0;
      char *r = d + 1;
      while (*r && *r != '(' && !isspace((unsigned char)*r) && n < 127) pin[n++] = *r++;
      pin[n] = 0;
      while (isspace((unsigned char)*r)) r++;
      if (*r != '(') continue;
      char *open = r + 1, *close = open;
      int depth = 1;
      while (*close && depth) {
        if (*close == '(') depth++;
        if (*close == ')') depth--;
        if (depth) close++;
      }
      /* elements: "net" or "{ a , b , ... }" */
      char *e0 = open, *e1 = close;
      while (e0 < e1 && isspace((unsigned char)*e0)) e0++;
      if (e0 == e1) continue;
      int concat = *e0 == '{';
      if (concat) {
        e0++;
        while (e1 > e0 && e1[-1] != '}') e1--;
        e1--;
      }
      int nel = 1;
      for (char *t = e0; t < e1; t++) nel += *t == ',';
      char *t = e0;
      for (int i = 0; i < nel; i++) {
        char *comma = memchr(t, ',', (size_t)(e1 - t));
        char *te = comma ? comma : e1;
        char net[1024];
        canon_ref(t, (size_t)(te - t), net, sizeof net);
        t = te + 1;
        if (strchr(net, '\'')) continue;  /* a constant: left unconnected */
        char pn[160];
        if (nel == 1 && db_find_mpin(db, m, pin, strlen(pin)) >= 0)
          snprintf(pn, sizeof pn, "%s", pin);
        else
          snprintf(pn, sizeof pn, "%s[%d]", pin, nel - 1 - i);
        int32_t mp = db_find_mpin(db, m, pn, strlen(pn));
        const char *got = mp >= 0 ? pin_net(db, c, mp) : NULL;
        if (!got || strcmp(got, net)) {
          if (*bad < 5)
            fprintf(stderr, "  %s: %s.%s is on '%s', the Verilog says '%s'\n", path, inst, pn,
                    got ? got : "(nothing)", net);
          (*bad)++;
        }
        checked++;
      }
      d = close;
    }
  }
  free(text);
  return checked;
}

/* ---- shared designs ---- */

typedef struct vcase_t {
  const char *v, *lefs[3];
  long instances;
  double die[4], core[4];
} vcase_t;

static const vcase_t CASES[] = {
  {"gcd_nangate45/gcd_nangate45.v", {"nangate45/Nangate45.lef"}, 362,
   {0, 0, 100.13, 100.8}, {10.07, 11.2, 90.25, 91}},
  {"aes_nangate45/aes_nangate45.v", {"nangate45/Nangate45.lef"}, 16758,
   {0, 0, 1020, 920.8}, {10, 12, 1010, 911.2}},
  {"tinyRocket_nangate45/tinyRocket_nangate45.v",
   {"nangate45/Nangate45.lef", "nangate45/fakeram45_64x32.lef"}, 23877,
   {0, 0, 540, 540}, {10, 10, 530, 530}},
  {"aes_asap7/aes_asap7.v", {"asap7/asap7_tech_1x_201209.lef", "asap7/asap7sc7p5t_28_R_1x_220121a.lef"},
   15621, {0, 0, 68.746, 68.746}, {2.052, 2.160, 66.744, 66.690}},
  {"gcd_sky130hd/gcd_sky130hd.v", {"sky130hd/sky130hd.tlef", "sky130hd/sky130_fd_sc_hd_merged.lef"},
   249, {0, 0, 299.96, 300.128}, {9.996, 10.08, 289.964, 290.048}},
  {"ibex_sky130hd/ibex_sky130hd.v", {"sky130hd/sky130hd.tlef", "sky130hd/sky130_fd_sc_hd_merged.lef"},
   15695, {0, 0, 800, 800}, {10, 10, 790, 790}},
};

static db_t *load_lefs(const char *bench, const vcase_t *t, ut_diag_t *d) {
  db_t *db;
  if (db_create(&db)) return NULL;
  for (int i = 0; i < 3 && t->lefs[i]; i++) {
    char p[1024];
    snprintf(p, sizeof p, "%s/tech/%s", bench, t->lefs[i]);
    if (lef_read(db, p, d)) {
      db_destroy(db);
      return NULL;
    }
  }
  return db;
}

static void check_floorplan(const db_t *db, const char *what) {
  /* rows: inside the core request, alternating FS/N, whole sites */
  int ok = db->nrows > 0;
  for (size_t r = 0; r < db->nrows; r++) {
    ok &= db->row_orient[r] == (r % 2 ? DB_N : DB_FS);
    ok &= db->row_x[r] == db->row_x[0] && db->row_nx[r] == db->row_nx[0];
    if (r) ok &= db->row_y[r] - db->row_y[r - 1] == db->site_h[db->row_site[0]];
  }
  CHECKF(ok, "%s: rows", what);
  CHECKF(db->core.x0 >= db->die.x0 && db->core.x1 <= db->die.x1 && db->core.y0 >= db->die.y0 &&
         db->core.y1 <= db->die.y1, "%s: core outside the die", what);
  /* tracks: X and Y on every routing layer with a pitch */
  size_t routing = 0;
  for (size_t l = 0; l < db->nlayers; l++)
    routing += db->layer_type[l] == DB_LAYER_ROUTING && db->layer_pitch_x[l] > 0;
  CHECKF(db->ntracks == 2 * routing, "%s: %zu tracks for %zu routing layers", what, db->ntracks,
         routing);
  /* IO pins: placed, on the die boundary, inside it, on a track of their layer, all distinct */
  size_t bad = 0;
  for (size_t i = 0; i < db->nios; i++) {
    const db_rect_t *s = &db->io_shape[i];
    int64_t x0 = db->io_x[i] + s->x0, x1 = db->io_x[i] + s->x1;
    int64_t y0 = db->io_y[i] + s->y0, y1 = db->io_y[i] + s->y1;
    int on_edge = x0 == db->die.x0 || x1 == db->die.x1 || y0 == db->die.y0 || y1 == db->die.y1;
    int inside = x0 >= db->die.x0 && x1 <= db->die.x1 && y0 >= db->die.y0 && y1 <= db->die.y1;
    int vertical_edge = x0 == db->die.x0 || x1 == db->die.x1;
    int on_track = 0;
    for (size_t t = 0; t < db->ntracks; t++) {
      if (db->track_layer[t] != db->io_layer[i] || db->track_is_x[t] == vertical_edge) continue;
      int64_t c = vertical_edge ? db->io_y[i] : db->io_x[i];
      int64_t k = (c - db->track_start[t]) / db->track_step[t];
      on_track |= c >= db->track_start[t] && (c - db->track_start[t]) % db->track_step[t] == 0 &&
                  k < db->track_num[t];
    }
    if (db->io_status[i] != DB_PLACED || !on_edge || !inside || !on_track) bad++;
    for (size_t j = 0; j < i; j++)
      if (db->io_x[j] == db->io_x[i] && db->io_y[j] == db->io_y[i]) bad++;
  }
  CHECKF(bad == 0, "%s: %zu IO pin placement problems", what, bad);
}

static void netlist_case(const char *bench, const vcase_t *t) {
  ut_diag_t d;
  ut_diag_init(&d);
  d.sink = quiet_sink;
  db_t *db = load_lefs(bench, t, &d);
  CHECKF(db != NULL, "%s: LEF", t->v);
  if (!db) return;
  char v[1024];
  snprintf(v, sizeof v, "%s/openroad_netlists/%s", bench, t->v);
  int rc = vl_read(db, v, NULL, &d);
  CHECKF(rc == 0, "%s: vl_read rc %d", t->v, rc);
  if (rc) {
    db_destroy(db);
    return;
  }
  CHECKF((long)db->ncells == t->instances, "%s: %zu instances, README says %ld", t->v, db->ncells,
         t->instances);
  long bad = 0, inst = 0;
  long checked = scan_connections(db, v, &bad, &inst);
  size_t cell_pins = 0;
  for (size_t p = 0; p < db->npins; p++) cell_pins += db->pin_cell[p] >= 0;
  CHECKF(inst == t->instances && bad == 0 && checked == (long)cell_pins,
         "%s: %ld connections scanned, %zu in the database, %ld differ, %ld instances", t->v,
         checked, cell_pins, bad, inst);
  /* every IO pin is on the net of its own name */
  size_t io_bad = 0;
  for (size_t i = 0; i < db->nios; i++)
    if (db->io_net[i] < 0 || strcmp(db_str(db, db->io_name[i]), db_str(db, db->net_name[db->io_net[i]])))
      io_bad++;
  CHECKF(io_bad == 0, "%s: %zu IO pins not on their own net", t->v, io_bad);
  vl_floorplan_opts_t fo;
  vl_floorplan_opts_default(&fo);
  fo.has_boxes = 1;
  memcpy(fo.die_um, t->die, sizeof fo.die_um);
  memcpy(fo.core_um, t->core, sizeof fo.core_um);
  rc = vl_floorplan(db, &fo, &d);
  CHECKF(rc == 0, "%s: floorplan rc %d", t->v, rc);
  if (!rc) {
    check_floorplan(db, t->v);
    CHECK(db->die.x1 == (dbu_t)llround(t->die[2] * db->dbu));
    CHECK(db->core.x0 >= (dbu_t)llround(t->core[0] * db->dbu));
    /* DEF out, read back with our reader, same database, same bytes again */
    char *txt = NULL;
    size_t len = 0;
    CHECK(def_emit_mem(db, &txt, &len, &d) == 0);
    db_t *b = load_lefs(bench, t, &d);
    if (b && txt) {
      rc = def_read_buffer(b, ut_strndup(txt, len), len, "emitted.def", &d);
      CHECKF(rc == 0, "%s: the emitted DEF does not read back (%d)", t->v, rc);
      if (!rc) {
        CHECK(b->ncells == db->ncells && b->nnets == db->nnets && b->npins == db->npins);
        CHECK(b->nios == db->nios && b->nrows == db->nrows && b->ntracks == db->ntracks);
        CHECK(memcmp(&b->die, &db->die, sizeof b->die) == 0);
        CHECK(memcmp(&b->core, &db->core, sizeof b->core) == 0);
        int same = b->npins == db->npins;
        for (size_t p = 0; same && p < db->npins; p++)
          same = b->pin_cell[p] == db->pin_cell[p] && b->pin_ref[p] == db->pin_ref[p];
        for (size_t i = 0; same && i < db->nios; i++)
          same = b->io_x[i] == db->io_x[i] && b->io_y[i] == db->io_y[i] &&
                 b->io_layer[i] == db->io_layer[i] && b->io_net[i] == db->io_net[i];
        CHECKF(same, "%s: pins differ after DEF round trip", t->v);
        char *txt2 = NULL;
        size_t len2 = 0;
        CHECK(def_emit_mem(b, &txt2, &len2, &d) == 0);
        CHECK(txt2 && len2 == len && memcmp(txt, txt2, len) == 0);
        ut_free(txt2);
      }
    }
    db_destroy(b);
    ut_free(txt);
  }
  db_destroy(db);
}

/* ---- small netlists ---- */

static const char LIB[] =
    "VERSION 5.8 ;\nUNITS\n DATABASE MICRONS 1000 ;\nEND UNITS\n"
    "LAYER m1\n TYPE ROUTING ;\n DIRECTION HORIZONTAL ;\n PITCH 0.2 ;\n WIDTH 0.1 ;\nEND m1\n"
    "LAYER m2\n TYPE ROUTING ;\n DIRECTION VERTICAL ;\n PITCH 0.2 ;\n WIDTH 0.1 ;\nEND m2\n"
    "LAYER m3\n TYPE ROUTING ;\n DIRECTION HORIZONTAL ;\n PITCH 0.4 ;\n WIDTH 0.2 ;\nEND m3\n"
    "SITE core\n CLASS CORE ;\n SYMMETRY Y ;\n SIZE 0.2 BY 2 ;\nEND core\n"
    "MACRO INV\n CLASS CORE ;\n SIZE 0.6 BY 2 ;\n SYMMETRY X Y ;\n SITE core ;\n"
    " PIN A\n DIRECTION INPUT ;\n PORT\n LAYER m1 ;\n RECT 0.1 0.5 0.2 0.7 ;\n END\n END A\n"
    " PIN Z\n DIRECTION OUTPUT ;\n PORT\n LAYER m1 ;\n RECT 0.4 0.5 0.5 0.7 ;\n END\n END Z\n"
    " PIN VDD\n USE POWER ;\n PORT\n LAYER m1 ;\n RECT 0 1.9 0.6 2 ;\n END\n END VDD\n"
    "END INV\n"
    "MACRO RAM\n CLASS BLOCK ;\n SIZE 10 BY 8 ;\n"
    " PIN D[0]\n PORT\n LAYER m2 ;\n RECT 0 0 0.2 0.2 ;\n END\n END D[0]\n"
    " PIN D[1]\n PORT\n LAYER m2 ;\n RECT 1 0 1.2 0.2 ;\n END\n END D[1]\n"
    " PIN D[2]\n PORT\n LAYER m2 ;\n RECT 2 0 2.2 0.2 ;\n END\n END D[2]\n"
    " PIN CK\n PORT\n LAYER m2 ;\n RECT 3 0 3.2 0.2 ;\n END\n END CK\n"
    "END RAM\nEND LIBRARY\n";

static db_t *lib_db(void) {
  ut_diag_t d;
  ut_diag_init(&d);
  d.sink = quiet_sink;
  db_t *db;
  if (db_create(&db)) return NULL;
  if (lef_read_buffer(db, LIB, sizeof LIB - 1, "lib.lef", &d)) {
    db_destroy(db);
    return NULL;
  }
  return db;
}

static const char SMALL_V[] =
    "// a small netlist\n`timescale 1ns/1ps\n"
    "module leaf(input a, output z);\nendmodule\n"
    "module top(input clk, input [2:0] d, output [1:0] q, output \\o[x] , inout io);\n"
    "  (* keep *) wire n1, n2;\n  wire [3:0] w;\n  supply0 gnd;\n"
    "  wire alias_of_n1 = n1;\n"
    "  assign q[0] = n2;\n  assign {q[1], w[3]} = {n1, d[0]};\n"
    "  assign \\o[x]  = 1'b1;\n"
    "  INV u1 (.A(clk), .Z(n1), .VDD(1'b1));\n"
    "  INV \\u2/esc  (.A(alias_of_n1), .Z(n2));\n"
    "  INV u3 (.A(gnd), .Z(undeclared_net)), u4 (.A(undeclared_net), .Z());\n"
    "  RAM #(.P(1)) r0 (.D({w[3], d[2:1]}), .CK(clk));\n"
    "  INV u5 (.A(w[3]), .Z(io));\n"
    "endmodule\n";

static void small_netlist(void) {
  db_t *db = lib_db();
  CHECK(db != NULL);
  if (!db) return;
  msgs_t m = {{0}};
  ut_diag_t d;
  ut_diag_init(&d);
  d.sink = keep_sink;
  d.sink_ctx = &m;
  int rc = vl_read_buffer(db, SMALL_V, sizeof SMALL_V - 1, "small.v", "top", &d);
  CHECKF(rc == 0, "small.v: rc %d: %s", rc, m.text);
  if (rc) {
    db_destroy(db);
    return;
  }
  CHECK(strcmp(db_str(db, db->design_name), "top") == 0);
  CHECK(db->ncells == 6 && db->dbu == 1000);
  CHECK(db_find_cell(db, "u2\\/esc", 7) >= 0);
  /* IO pins in port order, bus bits in increasing index */
  const char *ios[] = {"clk", "d[0]", "d[1]", "d[2]", "q[0]", "q[1]", "o\\[x\\]", "io"};
  CHECK(db->nios == 8);
  for (size_t i = 0; i < 8 && i < db->nios; i++)
    CHECKF(strcmp(db_str(db, db->io_name[i]), ios[i]) == 0, "io %zu is %s", i,
           db_str(db, db->io_name[i]));
  /* q[1] = n1 = alias_of_n1: one net named after the port; o[x] tied to 1: no net */
  int32_t q1 = db_find_net(db, "q[1]", 4);
  CHECK(q1 >= 0 && db_find_net(db, "n1", 2) < 0 && db_find_net(db, "alias_of_n1", 11) < 0);
  CHECK(q1 >= 0 && db->net_pin_start[q1 + 1] - db->net_pin_start[q1] == 3);  /* q[1], u1.Z, u2.A */
  CHECK(db->io_net[db_find_io(db, "o\\[x\\]", 6)] == -1);
  CHECK(db_find_net(db, "q[0]", 4) >= 0);  /* n2 = q[0] */
  /* w[3] = d[0]: RAM D[2] (msb of the concatenation), u5.A and the IO pin d[0] */
  int32_t d0 = db_find_net(db, "d[0]", 4);
  CHECK(d0 >= 0 && db->net_pin_start[d0 + 1] - db->net_pin_start[d0] == 3);
  int32_t r0 = db_find_cell(db, "r0", 2), rm = db->cell_master[r0 >= 0 ? r0 : 0];
  CHECK(r0 >= 0 && strcmp(pin_net(db, r0, db_find_mpin(db, rm, "D[2]", 4)), "d[0]") == 0);
  CHECK(r0 >= 0 && strcmp(pin_net(db, r0, db_find_mpin(db, rm, "D[1]", 4)), "d[2]") == 0);
  CHECK(r0 >= 0 && strcmp(pin_net(db, r0, db_find_mpin(db, rm, "D[0]", 4)), "d[1]") == 0);
  /* u3.A on supply0: unconnected; VDD never connected; undeclared_net exists */
  int32_t u3 = db_find_cell(db, "u3", 2);
  CHECK(u3 >= 0 && db->cell_pin_start[u3 + 1] - db->cell_pin_start[u3] == 1);
  CHECK(db_find_net(db, "undeclared_net", 14) >= 0 && db_find_net(db, "gnd", 3) < 0);
  CHECK(db_find_net(db, "io", 2) >= 0);

  /* utilization floorplan: core area ~ instance area / U, whole rows, margin */
  vl_floorplan_opts_t fo;
  vl_floorplan_opts_default(&fo);
  fo.utilization = 0.25;
  fo.aspect = 2.0;
  fo.core_margin_um = 3;
  rc = vl_floorplan(db, &fo, &d);
  CHECKF(rc == 0, "floorplan: %s", m.text);
  int64_t area = 0;
  for (size_t c = 0; c < db->ncells; c++)
    area += (int64_t)db->master_w[db->cell_master[c]] * db->master_h[db->cell_master[c]];
  int64_t core = (int64_t)(db->core.x1 - db->core.x0) * (db->core.y1 - db->core.y0);
  CHECKF(core >= area * 4 && core < area * 4 * 1.5, "core %lld for area %lld", (long long)core,
         (long long)area);
  CHECK(db->core.x0 == 3000 && db->core.y0 == 3000);
  CHECK(db->die.x1 == db->core.x1 + 3000 && db->die.y1 == db->core.y1 + 3000);
  double ar = (double)(db->core.y1 - db->core.y0) / (db->core.x1 - db->core.x0);
  CHECKF(ar > 1.6 && ar < 2.4, "aspect %.3f", ar);
  check_floorplan(db, "small");
  /* left/right pins on m3 (horizontal, above m1), top/bottom on m2 */
  for (size_t i = 0; i < db->nios; i++) {
    int side = db->io_x[i] + db->io_shape[i].x0 == db->die.x0 ||
               db->io_x[i] + db->io_shape[i].x1 == db->die.x1;
    CHECK(db->io_layer[i] == db_find_layer(db, side ? "m3" : "m2", 2));
  }
  char *a = NULL, *b = NULL;
  size_t la = 0, lb = 0;
  CHECK(def_emit_mem(db, &a, &la, &d) == 0);
  db_destroy(db);
  /* deterministic: a second run gives the same DEF */
  db = lib_db();
  ut_diag_init(&d);
  d.sink = quiet_sink;
  CHECK(vl_read_buffer(db, SMALL_V, sizeof SMALL_V - 1, "small.v", "top", &d) == 0);
  CHECK(vl_floorplan(db, &fo, &d) == 0);
  CHECK(def_emit_mem(db, &b, &lb, &d) == 0);
  CHECK(a && b && la == lb && memcmp(a, b, la) == 0);
  ut_free(a);
  ut_free(b);
  /* too many pins for a tiny die */
  db_destroy(db);
  db = lib_db();
  CHECK(vl_read_buffer(db, SMALL_V, sizeof SMALL_V - 1, "small.v", "top", &d) == 0);
  vl_floorplan_opts_default(&fo);
  fo.has_boxes = 1;
  double die[4] = {0, 0, 12, 10}, cbox[4] = {0, 0, 12, 10};
  memcpy(fo.die_um, die, sizeof die);
  memcpy(fo.core_um, cbox, sizeof cbox);
  fo.io_hor_layer = "m3";
  fo.io_ver_layer = "m3";
  ut_diag_init(&d);
  memset(&m, 0, sizeof m);
  d.sink = keep_sink;
  d.sink_ctx = &m;
  rc = vl_floorplan(db, &fo, &d);
  CHECKF(rc == 0, "12x10 die: %s", m.text);
  db_destroy(db);
}

/* Malformed netlists: each must fail with its message. */
static void bad_netlists(void) {
  static const struct { const char *text, *top, *want; } cases[] = {
    {"module t(a);\n input a;\n FOO u1 (.A(a));\nendmodule\n", NULL,
     "bad.v:3:2: error: unknown cell 'FOO' (not in the LEF files)"},
    {"module s(input a);\nendmodule\nmodule t(a);\n input a;\n s u1 (.a(a));\nendmodule\n", "t",
     "bad.v:5:2: error: instance of module 's': hierarchical netlists are not supported"},
    {"module t(a);\n input a;\n INV u1 (a);\nendmodule\n", NULL,
     "bad.v:3:10: error: positional connections are not supported"},
    {"module t(a);\n input a;\n always @(a) begin end\nendmodule\n", NULL,
     "bad.v:3:2: error: 'always': behavioural Verilog is not supported"},
    {"module t(a);\n input a;\n INV u1 (.A(a), .Q(a));\nendmodule\n", NULL,
     "bad.v:3:18: error: cell INV has no pin 'Q' (instance u1)"},
    {"module t(a);\n input [1:0] a;\n INV u1 (.A(a));\nendmodule\n", NULL,
     "bad.v:3:11: error: pin A of INV is one bit, connected to 2 (instance u1)"},
    {"module t(a);\n input a;\n INV u1 (.A(a)), u1 (.A(a));\nendmodule\n", NULL,
     "bad.v:3:18: error: duplicate instance 'u1'"},
    {"module t(a);\n input a;\n INV u1 (.A(a[3]));\nendmodule\n", NULL,
     "bad.v:3:14: error: 'a' is not a declared bus"},
    {"module t(a);\n input [1:0] a;\n INV u1 (.A(a[3]));\nendmodule\n", NULL,
     "bad.v:3:14: error: select [3:3] outside 'a' [1:0]"},
    {"module t(a);\n input a;\n INV u1 (.A(a))\nendmodule\n", NULL,
     "bad.v:4:1: error: expected ';' after instance u1, got 'endmodule'"},
    {"module t(a);\n input a;\n INV u1 (.A(a));\n", NULL,
     "bad.v:4:1: error: unexpected end of file in module t (missing endmodule)"},
    {"module t(a, b);\n input a;\nendmodule\n", NULL,
     "bad.v: error: port 'b' has no input/output/inout declaration"},
    {"module t(a);\n input a;\n output z;\nendmodule\n", NULL,
     "bad.v:3:9: error: 'z' is declared as a port but is not in the module's port list"},
    {"module t(a);\n input a;\n wire [1:0] w;\n assign w = a;\nendmodule\n", NULL,
     "bad.v:4:9: error: assign of 1 bits to 2 bits"},
    {"module t(a);\n input a;\n INV u1 (.A(4'b10z2));\nendmodule\n", NULL,
     "bad.v:3:13: error: malformed constant '4'b10z2'"},
    {"module t(a);\n input a;\n INV u1 (.A(a), .A(a));\nendmodule\n", NULL,
     "bad.v:3:18: error: pin A of instance u1 connected twice"},
    {"module a(x);\nendmodule\nmodule b(y);\nendmodule\n", NULL,
     "bad.v: error: 2 modules and 2 not instantiated by another: name the top module (--top)"},
    {"module t(a);\n input a;\nendmodule\n", "nosuch",
     "bad.v: error: no module 'nosuch' in the file"},
    {"garbage\n", NULL, "bad.v:1:1: error: expected 'module', got 'garbage'"},
    {"module t(a);\n input a;\n /* open\nendmodule\n", NULL, "bad.v:3:2: error: unterminated comment"},
    {"module t(a);\n input a;\n INV u1 (.A(a\001));\nendmodule\n", NULL, "bad.v:3:14: error: binary data"},
    {"", NULL, "bad.v: error: no module in the file"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    db_t *db = lib_db();
    msgs_t m = {{0}};
    ut_diag_t d;
    ut_diag_init(&d);
    d.sink = keep_sink;
    d.sink_ctx = &m;
    int rc = vl_read_buffer(db, cases[i].text, strlen(cases[i].text), "bad.v", cases[i].top, &d);
    CHECKF(rc != 0 && strstr(m.text, cases[i].want), "case %zu: rc %d, want '%s', got '%s'", i, rc,
           cases[i].want, m.text);
    db_destroy(db);
  }
  /* no LEF */
  db_t *db;
  CHECK(db_create(&db) == 0);
  ut_diag_t d;
  ut_diag_init(&d);
  msgs_t m = {{0}};
  d.sink = keep_sink;
  d.sink_ctx = &m;
  CHECK(vl_read_buffer(db, "module t; endmodule", 19, "x.v", NULL, &d) == UT_EINVAL);
  db_destroy(db);
}

int main(void) {
  ut_log_set_level(UT_LOG_WARN);
  const char *bench = tap_bench();
  for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) netlist_case(bench, &CASES[i]);
  small_netlist();
  bad_netlists();
  return tap_done();
}
