/*
 * bookshelf.c: GSRC Bookshelf reader (.aux .nodes .nets .pl .scl .wts) and .pl writer; the rules
 * that map Bookshelf onto the database are in bookshelf.h.
 *
 * Two phases.  Parsing fills plain tables (nodes, nets with their connections, rows) with the
 * file values as doubles; every file is tokenized by lex.h (which gives '#' comments, line and
 * column) with a thin wrapper that also splits ':' off words ("NumNodes:" or "I:") and tells
 * whether the next token is on the current line, since Bookshelf is line-oriented.  Building then
 * picks the DBU, derives masters and their pins, and fills the database in one pass: the database
 * wants a master's pins contiguous and before any component, and pins come from every instance.
 *
 * Master pins (bookshelf.h): connections are sorted by (master, point, node, order); per master
 * and point, the largest number of uses by one node is the number of pin copies at that point, and
 * a node's k-th use of a point takes copy k.  The sort keys are all values, so the result does not
 * depend on hash or pointer order.  Reference: the Bookshelf format of the GSRC bookshelf
 * (Caldwell, Kahng, Markov, "Toward CAD-IP reuse: the MARCO GSRC bookshelf", 2000) and the
 * ISPD-2005 placement contest files; HPWL is the centre-to-centre model of those benchmarks.
 */
#include "netlist/bookshelf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "def_emit.h"
#include "lex.h"

/* ---- tokens: lex.h plus ':' splitting and line tracking ---- */

typedef struct bt_t {
  lex_t lx;
  lex_tok_t pend, rest;
  int has_pend, has_rest;
  int line;                  /* line of the last token consumed */
} bt_t;

static void bt_init(bt_t *b, const bs_text_t *f, ut_diag_t *d) {
  memset(b, 0, sizeof *b);
  lex_init(&b->lx, f->buf, f->len, f->name, d);
}

static void bt_split(bt_t *b, const lex_tok_t *t) {
  b->pend = *t;
  b->has_pend = 1;
  if (t->quoted || t->n < 2) return;
  const char *c = memchr(t->s, ':', t->n);
  if (!c) return;
  uint32_t k = (uint32_t)(c - t->s);
  if (k == 0) k = 1;           /* ":rest": the colon first */
  b->pend.n = k;
  b->pend.end = t->off + k;
  b->rest = *t;
  b->rest.s = t->s + k;
  b->rest.n = t->n - k;
  b->rest.col = t->col + (int)k;
  b->rest.off = t->off + k;
  b->has_rest = 1;
}

static int bt_peek(bt_t *b, lex_tok_t *t) {
  if (!b->has_pend) {
    lex_tok_t u;
    if (b->has_rest) {
      u = b->rest;
      b->has_rest = 0;
    } else {
      lex_next(&b->lx, &u);
    }
    bt_split(b, &u);
  }
  *t = b->pend;
  return t->n != 0 || t->quoted;
}

static int bt_next(bt_t *b, lex_tok_t *t) {
  int r = bt_peek(b, t);
  b->has_pend = 0;
  if (r) b->line = t->line;
  return r;
}

/* The next token exists and is on the line of the last token consumed. */
static int bt_same_line(bt_t *b) {
  lex_tok_t t;
  return bt_peek(b, &t) && t.line == b->line;
}

static void bt_skip_line(bt_t *b) {
  lex_tok_t t;
  while (bt_same_line(b)) bt_next(b, &t);
}

static int is_colon(const lex_tok_t *t) { return !t->quoted && t->n == 1 && t->s[0] == ':'; }

/* "UCLA nodes 1.0" and the like: skipped when it is the first line. */
static void bt_skip_header(bt_t *b) {
  lex_tok_t t;
  if (bt_peek(b, &t) && lex_is_ci(&t, "UCLA")) {
    bt_next(b, &t);
    bt_skip_line(b);
  }
}

/* ---- parsed tables ---- */

enum { BS_MOVABLE = 0, BS_TERMINAL, BS_TERMINAL_NI };
enum { BS_PL_NONE = 0, BS_PL_FIXED, BS_PL_FIXED_NI };

typedef struct bs_node_t {
  double w, h, x, y;
  uint8_t kind, orient, fixed, placed;
} bs_node_t;

typedef struct bs_conn_t {
  int32_t node;
  char dir;                    /* 'I', 'O', 'B' or 0 */
  double dx, dy;               /* offset from the node centre */
} bs_conn_t;

typedef struct bs_net_t {
  int32_t start;               /* first connection */
  float weight;
} bs_net_t;

typedef struct bs_row_t {
  double y, h, site_w, site_sp, x;
  int64_t nsites;
  uint8_t orient, sym;
} bs_row_t;

typedef struct bs_t {
  ut_diag_t *diag;
  ut_pool_t pool;              /* node and net names; offset 0 is "" */
  bs_node_t *nodes;
  uint32_t *node_name;
  size_t nnodes, cap_nodes, cap_node_names;
  ut_strmap_t node_map;
  bs_net_t *nets;
  uint32_t *net_name;          /* 0 for an unnamed net */
  size_t nnets, cap_nets, cap_net_names;
  ut_strmap_t net_map;         /* named nets only */
  bs_conn_t *conns;
  size_t nconns, cap_conns;
  bs_row_t *rows;
  size_t nrows, cap_rows;
  size_t ignored_node_weights, numeric_orients;
} bs_t;

static void bs_free(bs_t *ps) {
  ut_pool_free(&ps->pool);
  ut_free(ps->nodes);
  ut_free(ps->node_name);
  ut_strmap_free(&ps->node_map);
  ut_free(ps->nets);
  ut_free(ps->net_name);
  ut_strmap_free(&ps->net_map);
  ut_free(ps->conns);
  ut_free(ps->rows);
}

static int32_t find_node(const bs_t *ps, const lex_tok_t *t) {
  return ut_strmap_find(&ps->node_map, &ps->pool, ps->node_name, t->s, t->n);
}
static int32_t find_net(const bs_t *ps, const lex_tok_t *t) {
  return ut_strmap_find(&ps->net_map, &ps->pool, ps->net_name, t->s, t->n);
}

/* A number on the current line (what names it in the message; at: where to report a missing one). */
static int num_here(bt_t *b, double *v, const char *what, const lex_tok_t *at) {
  lex_tok_t t;
  if (!bt_same_line(b)) {
    lex_error(&b->lx, at, "missing %s after '%.*s'", what, (int)at->n, at->s);
    return 0;
  }
  bt_next(b, &t);
  if (lex_to_double(&t, v) || fabs(*v) > 1e12) {
    lex_error(&b->lx, &t, "expected a number (%s), got '%.*s'", what, (int)t.n, t.s);
    return 0;
  }
  return 1;
}

/* ": integer" after a header keyword; returns the value or -1 after an error. */
static long colon_count(bt_t *b, const lex_tok_t *kw) {
  lex_tok_t t;
  if (bt_same_line(b) && bt_peek(b, &t) && is_colon(&t)) bt_next(b, &t);
  int64_t v;
  if (!bt_same_line(b)) {
    lex_error(&b->lx, kw, "missing count after '%.*s'", (int)kw->n, kw->s);
    return -1;
  }
  bt_next(b, &t);
  if (lex_to_int64(&t, &v) || v < 0 || v > INT32_MAX) {
    lex_error(&b->lx, &t, "expected a count after '%.*s', got '%.*s'", (int)kw->n, kw->s,
              (int)t.n, t.s);
    bt_skip_line(b);
    return -1;
  }
  if (bt_same_line(b)) {
    bt_next(b, &t);
    lex_error(&b->lx, &t, "unexpected '%.*s' after the count", (int)t.n, t.s);
    bt_skip_line(b);
  }
  return (long)v;
}

/* Unexpected words left on the line: one error, then skip them. */
static void end_of_line(bt_t *b, const char *what) {
  lex_tok_t t;
  if (!bt_same_line(b)) return;
  bt_next(b, &t);
  lex_error(&b->lx, &t, "unexpected '%.*s' in %s", (int)t.n, t.s, what);
  bt_skip_line(b);
}

static int check_text(bt_t *b, const bs_text_t *f) {
  if (lex_check_text(&b->lx)) return 0;
  (void)f;
  return 1;
}

/* ---- .nodes ---- */

static int parse_nodes(bs_t *ps, const bs_text_t *f) {
  bt_t b;
  bt_init(&b, f, ps->diag);
  if (!check_text(&b, f)) return 0;
  bt_skip_header(&b);
  long want_nodes = -1, want_terms = -1;
  size_t nterms = 0;
  lex_tok_t t, head = {0};
  while (!ut_diag_full(ps->diag) && bt_next(&b, &t)) {
    if (t.quoted) {
      lex_error(&b.lx, &t, "unexpected quoted string in .nodes");
      bt_skip_line(&b);
      continue;
    }
    if (lex_is_ci(&t, "NUMNODES")) {
      head = t;
      want_nodes = colon_count(&b, &t);
      continue;
    }
    if (lex_is_ci(&t, "NUMTERMINALS")) {
      want_terms = colon_count(&b, &t);
      continue;
    }
    lex_tok_t name = t;
    double w, h;
    if (!num_here(&b, &w, "node width", &name) || !num_here(&b, &h, "node height", &name)) {
      bt_skip_line(&b);
      continue;
    }
    uint8_t kind = BS_MOVABLE;
    if (bt_same_line(&b)) {
      bt_next(&b, &t);
      if (lex_is_ci(&t, "TERMINAL")) kind = BS_TERMINAL;
      else if (lex_is_ci(&t, "TERMINAL_NI")) kind = BS_TERMINAL_NI;
      else {
        lex_error(&b.lx, &t, "expected 'terminal' or 'terminal_NI' after the size of node %.*s, "
                  "got '%.*s'", (int)name.n, name.s, (int)t.n, t.s);
        bt_skip_line(&b);
        continue;
      }
    }
    end_of_line(&b, ".nodes");
    if (w < 0 || h < 0) {
      lex_error(&b.lx, &name, "node %.*s has a negative size", (int)name.n, name.s);
      continue;
    }
    if (find_node(ps, &name) >= 0) {
      lex_error(&b.lx, &name, "duplicate node '%.*s'", (int)name.n, name.s);
      continue;
    }
    if (UT_RESERVE(ps->nodes, ps->cap_nodes, ps->nnodes + 1) ||
        UT_RESERVE(ps->node_name, ps->cap_node_names, ps->nnodes + 1))
      return UT_ENOMEM;
    size_t i = ps->nnodes;
    if (ut_pool_add(&ps->pool, name.s, name.n, &ps->node_name[i])) return UT_ENOMEM;
    if (ut_strmap_insert(&ps->node_map, &ps->pool, ps->node_name, (int32_t)i)) return UT_ENOMEM;
    memset(&ps->nodes[i], 0, sizeof ps->nodes[i]);
    ps->nodes[i].w = w;
    ps->nodes[i].h = h;
    ps->nodes[i].kind = kind;
    ps->nnodes++;
    nterms += kind != BS_MOVABLE;
  }
  if (want_nodes >= 0 && (size_t)want_nodes != ps->nnodes)
    lex_warn(&b.lx, &head, "NumNodes says %ld but %zu nodes follow", want_nodes, ps->nnodes);
  if (want_terms >= 0 && (size_t)want_terms != nterms)
    lex_warn(&b.lx, &head, "NumTerminals says %ld but %zu terminals follow", want_terms, nterms);
  if (!ps->nnodes && !ut_diag_full(ps->diag))
    ut_diag_error(ps->diag, f->name, 0, 0, "no nodes in .nodes file");
  return 1;
}

/* ---- .nets ---- */

static int add_net(bs_t *ps, uint32_t name) {
  if (UT_RESERVE(ps->nets, ps->cap_nets, ps->nnets + 1) ||
      UT_RESERVE(ps->net_name, ps->cap_net_names, ps->nnets + 1))
    return UT_ENOMEM;
  size_t i = ps->nnets++;
  ps->net_name[i] = name;
  ps->nets[i].start = (int32_t)ps->nconns;
  ps->nets[i].weight = 1.0f;
  if (name && ut_strmap_insert(&ps->net_map, &ps->pool, ps->net_name, (int32_t)i))
    return UT_ENOMEM;
  return UT_OK;
}

/* One pin line "node [I|O|B] [: dx dy]".  Returns 1 (line consumed), negative on out of memory. */
static int parse_pin(bs_t *ps, bt_t *b, const lex_tok_t *netname) {
  lex_tok_t t, node;
  bt_next(b, &node);
  int32_t n = find_node(ps, &node);
  if (n < 0) {
    if (netname->n)
      lex_error(&b->lx, &node, "unknown node '%.*s' in net %.*s", (int)node.n, node.s,
                (int)netname->n, netname->s);
    else
      lex_error(&b->lx, &node, "unknown node '%.*s' in .nets", (int)node.n, node.s);
    bt_skip_line(b);
    return 1;
  }
  char dir = 0;
  double dx = 0, dy = 0;
  if (bt_same_line(b) && bt_peek(b, &t) && !is_colon(&t)) {
    bt_next(b, &t);
    if (lex_is_ci(&t, "I") || lex_is_ci(&t, "INPUT")) dir = 'I';
    else if (lex_is_ci(&t, "O") || lex_is_ci(&t, "OUTPUT")) dir = 'O';
    else if (lex_is_ci(&t, "B") || lex_is_ci(&t, "BIDIRECTIONAL")) dir = 'B';
    else {
      lex_error(&b->lx, &t, "expected a pin direction (I, O or B) for node %.*s, got '%.*s'",
                (int)node.n, node.s, (int)t.n, t.s);
      bt_skip_line(b);
      return 1;
    }
  }
  if (bt_same_line(b)) {
    bt_next(b, &t);
    if (!is_colon(&t)) {
      lex_error(&b->lx, &t, "expected ':' before the pin offset, got '%.*s'", (int)t.n, t.s);
      bt_skip_line(b);
      return 1;
    }
    if (!num_here(b, &dx, "pin x offset", &t) || !num_here(b, &dy, "pin y offset", &t)) {
      bt_skip_line(b);
      return 1;
    }
    end_of_line(b, "pin line");
  }
  if (UT_RESERVE(ps->conns, ps->cap_conns, ps->nconns + 1)) return UT_ENOMEM;
  bs_conn_t *c = &ps->conns[ps->nconns++];
  c->node = n;
  c->dir = dir;
  c->dx = dx;
  c->dy = dy;
  return 1;
}

/* "NetDegree : d [name]": returns d (or -1 after an error); name.n = 0 when unnamed. */
static long colon_count_keep_name(bt_t *b, const lex_tok_t *kw, lex_tok_t *name) {
  lex_tok_t t;
  name->n = 0;
  if (bt_same_line(b) && bt_peek(b, &t) && is_colon(&t)) bt_next(b, &t);
  int64_t v;
  if (!bt_same_line(b)) {
    lex_error(&b->lx, kw, "missing degree after NetDegree");
    return -1;
  }
  bt_next(b, &t);
  if (lex_to_int64(&t, &v) || v < 0 || v > INT32_MAX) {
    lex_error(&b->lx, &t, "expected the net degree after NetDegree, got '%.*s'", (int)t.n, t.s);
    bt_skip_line(b);
    return -1;
  }
  if (bt_same_line(b)) {
    bt_next(b, name);
    if (name->quoted) {
      lex_error(&b->lx, name, "unexpected quoted string as net name");
      name->n = 0;
    }
  }
  end_of_line(b, "NetDegree line");
  return (long)v;
}

static int parse_nets(bs_t *ps, const bs_text_t *f) {
  bt_t b;
  bt_init(&b, f, ps->diag);
  if (!check_text(&b, f)) return 0;
  bt_skip_header(&b);
  long want_nets = -1, want_pins = -1;
  lex_tok_t t, head = {0};
  while (!ut_diag_full(ps->diag) && bt_next(&b, &t)) {
    if (lex_is_ci(&t, "NUMNETS")) {
      head = t;
      want_nets = colon_count(&b, &t);
      continue;
    }
    if (lex_is_ci(&t, "NUMPINS")) {
      want_pins = colon_count(&b, &t);
      continue;
    }
    if (!lex_is_ci(&t, "NETDEGREE")) {
      lex_error(&b.lx, &t, "expected NetDegree, got '%.*s'", (int)t.n, t.s);
      bt_skip_line(&b);
      continue;
    }
    lex_tok_t kw = t, name = {0};
    long deg = colon_count_keep_name(&b, &kw, &name);
    if (deg < 0) continue;
    uint32_t off = 0;
    if (name.n) {
      if (find_net(ps, &name) >= 0) {
        lex_error(&b.lx, &name, "duplicate net '%.*s'", (int)name.n, name.s);
        name.n = 0;
      } else if (ut_pool_add(&ps->pool, name.s, name.n, &off)) {
        return UT_ENOMEM;
      }
    }
    int rc = add_net(ps, off);
    if (rc) return rc;
    long got = 0;
    for (; got < deg && !ut_diag_full(ps->diag); got++) {
      if (!bt_peek(&b, &t) || lex_is_ci(&t, "NETDEGREE")) break;
      rc = parse_pin(ps, &b, &name);
      if (rc < 0) return rc;
    }
    if (got < deg && !ut_diag_full(ps->diag))
      lex_error(&b.lx, &kw, "NetDegree says %ld but %ld pins follow", deg, got);
  }
  if (UT_RESERVE(ps->nets, ps->cap_nets, ps->nnets + 1)) return UT_ENOMEM;
  ps->nets[ps->nnets].start = (int32_t)ps->nconns;  /* CSR end */
  if (want_nets >= 0 && (size_t)want_nets != ps->nnets)
    lex_warn(&b.lx, &head, "NumNets says %ld but %zu nets follow", want_nets, ps->nnets);
  if (want_pins >= 0 && (size_t)want_pins != ps->nconns)
    lex_warn(&b.lx, &head, "NumPins says %ld but %zu pins follow", want_pins, ps->nconns);
  return 1;
}

/* ---- .pl ---- */

static int parse_pl(bs_t *ps, const bs_text_t *f) {
  bt_t b;
  bt_init(&b, f, ps->diag);
  if (!check_text(&b, f)) return 0;
  bt_skip_header(&b);
  lex_tok_t t;
  while (!ut_diag_full(ps->diag) && bt_next(&b, &t)) {
    lex_tok_t name = t;
    int32_t n = find_node(ps, &name);
    if (n < 0) {
      lex_error(&b.lx, &name, "unknown node '%.*s' in .pl", (int)name.n, name.s);
      bt_skip_line(&b);
      continue;
    }
    double x, y;
    if (!num_here(&b, &x, "x", &name) || !num_here(&b, &y, "y", &name)) {
      bt_skip_line(&b);
      continue;
    }
    int orient = DB_N, fixed = BS_PL_NONE, bad = 0;
    if (bt_same_line(&b) && bt_peek(&b, &t) && is_colon(&t)) {
      bt_next(&b, &t);
      lex_tok_t o;
      if (!bt_same_line(&b)) {
        lex_error(&b.lx, &t, "missing orientation after ':' for node %.*s", (int)name.n, name.s);
        continue;
      }
      bt_next(&b, &o);
      orient = o.quoted ? -1 : db_orient_parse(o.s, o.n);
      if (orient < 0) {
        lex_error(&b.lx, &o, "unknown orientation '%.*s' (expected N, S, E, W, FN, FS, FE or FW)",
                  (int)o.n, o.s);
        bt_skip_line(&b);
        continue;
      }
    }
    while (bt_same_line(&b)) {
      bt_next(&b, &t);
      if (lex_is_ci(&t, "/FIXED")) fixed = BS_PL_FIXED;
      else if (lex_is_ci(&t, "/FIXED_NI")) fixed = BS_PL_FIXED_NI;
      else if (lex_is_ci(&t, "/PLACED")) { /* the default */ }
      else {
        lex_error(&b.lx, &t, "unexpected '%.*s' in .pl (expected ': orient' or /FIXED)", (int)t.n,
                  t.s);
        bt_skip_line(&b);
        bad = 1;
        break;
      }
    }
    if (bad) continue;
    bs_node_t *nd = &ps->nodes[n];
    if (nd->placed) {
      lex_error(&b.lx, &name, "node '%.*s' is placed twice in .pl", (int)name.n, name.s);
      continue;
    }
    nd->x = x;
    nd->y = y;
    nd->orient = (uint8_t)orient;
    nd->fixed = (uint8_t)fixed;
    nd->placed = 1;
  }
  return 1;
}

/* ---- .scl ---- */

static int parse_scl(bs_t *ps, const bs_text_t *f) {
  bt_t b;
  bt_init(&b, f, ps->diag);
  if (!check_text(&b, f)) return 0;
  bt_skip_header(&b);
  long want = -1;
  lex_tok_t t, head = {0};
  while (!ut_diag_full(ps->diag) && bt_next(&b, &t)) {
    if (lex_is_ci(&t, "NUMROWS")) {
      head = t;
      want = colon_count(&b, &t);
      continue;
    }
    if (!lex_is_ci(&t, "COREROW")) {
      lex_error(&b.lx, &t, "expected CoreRow, got '%.*s'", (int)t.n, t.s);
      bt_skip_line(&b);
      continue;
    }
    lex_tok_t kw = t;
    if (bt_same_line(&b)) {
      bt_next(&b, &t);
      if (!lex_is_ci(&t, "HORIZONTAL")) {
        lex_error(&b.lx, &t, "only horizontal rows are supported, got CoreRow '%.*s'", (int)t.n,
                  t.s);
        bt_skip_line(&b);
      }
    }
    end_of_line(&b, "CoreRow line");
    bs_row_t r = {0};
    r.site_w = 1;
    r.site_sp = -1;
    r.nsites = -1;
    r.h = -1;
    r.y = NAN;
    r.orient = DB_N;
    int ended = 0;
    while (!ut_diag_full(ps->diag) && bt_next(&b, &t)) {
      if (lex_is_ci(&t, "END")) {
        end_of_line(&b, "row");
        ended = 1;
        break;
      }
      lex_tok_t key = t, v;
      if (!bt_same_line(&b) || (bt_next(&b, &v), !is_colon(&v))) {
        lex_error(&b.lx, &key, "expected ':' after '%.*s' in CoreRow", (int)key.n, key.s);
        bt_skip_line(&b);
        continue;
      }
      if (lex_is_ci(&key, "SITEORIENT") || lex_is_ci(&key, "SITESYMMETRY")) {
        if (!bt_same_line(&b)) {
          lex_error(&b.lx, &key, "missing value after '%.*s'", (int)key.n, key.s);
          continue;
        }
        bt_next(&b, &v);
        int64_t iv;
        if (lex_is_ci(&key, "SITEORIENT")) {
          int o = v.quoted ? -1 : db_orient_parse(v.s, v.n);
          if (o < 0 && lex_to_int64(&v, &iv) == 0) {
            o = DB_N;  /* old numeric form: no orientation information */
            ps->numeric_orients++;
          }
          if (o < 0) lex_error(&b.lx, &v, "unknown Siteorient '%.*s'", (int)v.n, v.s);
          else r.orient = (uint8_t)o;
        } else {
          if (lex_is_ci(&v, "Y")) r.sym = DB_SYM_Y;
          else if (lex_is_ci(&v, "X")) r.sym = DB_SYM_X;
          else if (lex_is_ci(&v, "R90")) r.sym = DB_SYM_R90;
          else if (lex_to_int64(&v, &iv) == 0) r.sym = iv ? DB_SYM_Y : 0;
          else lex_error(&b.lx, &v, "unknown Sitesymmetry '%.*s'", (int)v.n, v.s);
        }
        end_of_line(&b, "row");
        continue;
      }
      double d;
      if (!num_here(&b, &d, "value", &key)) {
        bt_skip_line(&b);
        continue;
      }
      if (lex_is_ci(&key, "COORDINATE")) r.y = d;
      else if (lex_is_ci(&key, "HEIGHT")) r.h = d;
      else if (lex_is_ci(&key, "SITEWIDTH")) r.site_w = d;
      else if (lex_is_ci(&key, "SITESPACING")) r.site_sp = d;
      else if (lex_is_ci(&key, "SUBROWORIGIN")) {
        r.x = d;
        /* "SubrowOrigin : x NumSites : n" share a line */
        if (bt_same_line(&b)) {
          lex_tok_t k2, c2;
          bt_next(&b, &k2);
          if (!lex_is_ci(&k2, "NUMSITES") || !bt_same_line(&b) || (bt_next(&b, &c2), !is_colon(&c2)) ||
              !num_here(&b, &d, "NumSites", &k2)) {
            lex_error(&b.lx, &k2, "expected 'NumSites : n' after SubrowOrigin");
            bt_skip_line(&b);
            continue;
          }
          if (d != floor(d) || d < 0 || d > INT32_MAX)
            lex_error(&b.lx, &k2, "NumSites must be a non-negative integer");
          else r.nsites = (int64_t)d;
        }
      } else if (lex_is_ci(&key, "NUMSITES")) {
        if (d != floor(d) || d < 0 || d > INT32_MAX)
          lex_error(&b.lx, &key, "NumSites must be a non-negative integer");
        else r.nsites = (int64_t)d;
      } else {
        lex_error(&b.lx, &key, "unknown CoreRow field '%.*s'", (int)key.n, key.s);
      }
      end_of_line(&b, "row");
    }
    if (!ended) {
      if (!ut_diag_full(ps->diag))
        lex_error(&b.lx, NULL, "unexpected end of file in CoreRow (missing End)");
      break;
    }
    if (isnan(r.y) || r.h <= 0 || r.nsites < 0 || r.site_w <= 0) {
      lex_error(&b.lx, &kw, "CoreRow needs Coordinate, a positive Height and Sitewidth, and "
                "NumSites");
      continue;
    }
    if (r.site_sp < 0) r.site_sp = r.site_w;
    if (UT_RESERVE(ps->rows, ps->cap_rows, ps->nrows + 1)) return UT_ENOMEM;
    ps->rows[ps->nrows++] = r;
  }
  if (want >= 0 && (size_t)want != ps->nrows)
    lex_warn(&b.lx, &head, "NumRows says %ld but %zu rows follow", want, ps->nrows);
  if (!ps->nrows && !ut_diag_full(ps->diag))
    ut_diag_error(ps->diag, f->name, 0, 0, "no rows in .scl file");
  return 1;
}

/* ---- .wts ---- */

static int parse_wts(bs_t *ps, const bs_text_t *f) {
  bt_t b;
  bt_init(&b, f, ps->diag);
  if (!check_text(&b, f)) return 0;
  bt_skip_header(&b);
  lex_tok_t t;
  size_t unknown = 0;
  lex_tok_t first_unknown = {0};
  while (!ut_diag_full(ps->diag) && bt_next(&b, &t)) {
    lex_tok_t name = t;
    double w;
    if (!num_here(&b, &w, "weight", &name)) {
      bt_skip_line(&b);
      continue;
    }
    end_of_line(&b, ".wts");
    int32_t n = find_net(ps, &name);
    if (n >= 0) {
      if (w < 0) lex_error(&b.lx, &name, "negative weight for net %.*s", (int)name.n, name.s);
      else ps->nets[n].weight = (float)w;
    } else if (find_node(ps, &name) >= 0) {
      ps->ignored_node_weights++;
    } else if (!unknown++) {
      first_unknown = name;
    }
  }
  if (unknown)
    lex_warn(&b.lx, &first_unknown, "%zu .wts entries name no net or node (first '%.*s'); ignored",
             unknown, (int)first_unknown.n, first_unknown.s);
  return 1;
}

/* ---- building the database ---- */

enum { M_CELL = 0, M_BLOCK, M_TERM };

typedef struct pinrec_t {
  int32_t master;
  int64_t px, py;              /* DBU from the master's lower-left, orientation N */
  int32_t node, seq;
} pinrec_t;

static int pinrec_cmp(const void *a, const void *b) {
  const pinrec_t *p = a, *q = b;
  if (p->master != q->master) return p->master < q->master ? -1 : 1;
  if (p->px != q->px) return p->px < q->px ? -1 : 1;
  if (p->py != q->py) return p->py < q->py ? -1 : 1;
  if (p->node != q->node) return p->node < q->node ? -1 : 1;
  return (p->seq > q->seq) - (p->seq < q->seq);
}

/* v DBU as an exact decimal in units (microns): "12", "-7.333", "0.5". */
static void fmt_units(char *buf, size_t n, int64_t v, int dbu) {
  int neg = v < 0;
  uint64_t a = neg ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  uint64_t whole = a / (uint64_t)dbu, rem = a % (uint64_t)dbu;
  if (!rem) {
    snprintf(buf, n, "%s%llu", neg ? "-" : "", (unsigned long long)whole);
    return;
  }
  uint64_t frac = rem * 1000000000ull / (uint64_t)dbu;
  int len = snprintf(buf, n, "%s%llu.%09llu", neg ? "-" : "", (unsigned long long)whole,
                     (unsigned long long)frac);
  while (len > 0 && (size_t)len < n && buf[len - 1] == '0') buf[--len] = 0;
}

static int64_t to_dbu(double v, int dbu) { return llround(v * dbu); }

static int off_grid(double v, int dbu) {
  double s = v * dbu;
  return fabs(s - nearbyint(s)) > 1e-6 * (1 + fabs(s));
}

/* DBU per unit: 1000, or less when the design would not fit int32. */
static int choose_dbu(const bs_t *ps, size_t *rounded) {
  double maxc = 0;
  for (size_t i = 0; i < ps->nnodes; i++) {
    const bs_node_t *n = &ps->nodes[i];
    double m = fmax(fabs(n->x), fabs(n->y)) + fmax(n->w, n->h);
    if (m > maxc) maxc = m;
  }
  for (size_t r = 0; r < ps->nrows; r++) {
    const bs_row_t *w = &ps->rows[r];
    double m = fmax(fabs(w->x) + (double)w->nsites * w->site_sp + w->site_w, fabs(w->y) + w->h);
    if (m > maxc) maxc = m;
  }
  int dbu = 1000;
  while (dbu > 1 && maxc * dbu > 1e9) dbu /= 10;
  size_t k = 0;
  for (size_t i = 0; i < ps->nnodes; i++) {
    const bs_node_t *n = &ps->nodes[i];
    k += off_grid(n->w, dbu) + off_grid(n->h, dbu) + off_grid(n->x, dbu) + off_grid(n->y, dbu);
  }
  for (size_t c = 0; c < ps->nconns; c++) {
    const bs_conn_t *q = &ps->conns[c];
    const bs_node_t *n = &ps->nodes[q->node];
    k += off_grid(n->w / 2 + q->dx, dbu) + off_grid(n->h / 2 + q->dy, dbu);
  }
  for (size_t r = 0; r < ps->nrows; r++) {
    const bs_row_t *w = &ps->rows[r];
    k += off_grid(w->x, dbu) + off_grid(w->y, dbu) + off_grid(w->h, dbu) +
         off_grid(w->site_w, dbu) + off_grid(w->site_sp, dbu);
  }
  *rounded = k;
  return maxc * dbu > 2e9 ? 0 : dbu;
}

/* Centre c of an IO pin shape such that the DEF rotation of c about the placement point (db.c)
 * lands on r, the oriented offset from the lower-left corner. */
static void unrotate(int o, int64_t rx, int64_t ry, int64_t *cx, int64_t *cy) {
  switch (o) {
  default:
  case DB_N: *cx = rx; *cy = ry; break;
  case DB_S: *cx = -rx; *cy = -ry; break;
  case DB_W: *cx = ry; *cy = -rx; break;
  case DB_E: *cx = -ry; *cy = rx; break;
  case DB_FN: *cx = -rx; *cy = ry; break;
  case DB_FS: *cx = rx; *cy = -ry; break;
  case DB_FW: *cx = ry; *cy = rx; break;
  case DB_FE: *cx = -ry; *cy = -rx; break;
  }
}

typedef struct bmaster_t {
  int64_t w, h;
  uint8_t cls;
  int32_t pin_base, npins;
} bmaster_t;

typedef struct build_t {
  bs_t *ps;
  db_t *db;
  int dbu;
  const char *pl_name;
  uint8_t *is_io;
  int32_t *node_master, *node_ref;   /* component or IO pin index per node */
  bmaster_t *masters;
  size_t nmasters, cap_masters;
  uint32_t *master_name;             /* in mpool */
  size_t cap_master_names;
  ut_pool_t mpool;
  ut_strmap_t mmap;
  int64_t *mp_x, *mp_y;              /* master pins, in master order */
  char *mp_dir;
  size_t nmp;
  int32_t *conn_mpin;
} build_t;

static void build_free(build_t *bd) {
  ut_free(bd->is_io);
  ut_free(bd->node_master);
  ut_free(bd->node_ref);
  ut_free(bd->masters);
  ut_free(bd->master_name);
  ut_pool_free(&bd->mpool);
  ut_strmap_free(&bd->mmap);
  ut_free(bd->mp_x);
  ut_free(bd->mp_y);
  ut_free(bd->mp_dir);
  ut_free(bd->conn_mpin);
}

static int classify(build_t *bd) {
  bs_t *ps = bd->ps;
  size_t nn = ps->nnodes;
  bd->is_io = ut_calloc(nn ? nn : 1, 1);
  bd->node_master = ut_malloc((nn ? nn : 1) * sizeof *bd->node_master);
  bd->node_ref = ut_malloc((nn ? nn : 1) * sizeof *bd->node_ref);
  int32_t *last = ut_malloc((nn ? nn : 1) * sizeof *last);
  int32_t *nnet = ut_calloc(nn ? nn : 1, sizeof *nnet);
  if (!bd->is_io || !bd->node_master || !bd->node_ref || !last || !nnet) {
    ut_free(last);
    ut_free(nnet);
    return UT_ENOMEM;
  }
  for (size_t i = 0; i < nn; i++) last[i] = -1;
  for (size_t k = 0; k < ps->nnets; k++)
    for (int32_t c = ps->nets[k].start; c < ps->nets[k + 1].start; c++) {
      int32_t n = ps->conns[c].node;
      if (last[n] != (int32_t)k) {
        last[n] = (int32_t)k;
        nnet[n]++;
      }
    }
  int64_t max_row_h = 0;
  for (size_t r = 0; r < ps->nrows; r++) {
    int64_t h = to_dbu(ps->rows[r].h, bd->dbu);
    if (h > max_row_h) max_row_h = h;
  }
  for (size_t i = 0; i < nn; i++) {
    const bs_node_t *n = &ps->nodes[i];
    bd->is_io[i] = (n->kind == BS_TERMINAL_NI || (n->kind == BS_TERMINAL && n->w <= 1 && n->h <= 1))
                   && nnet[i] <= 1;
    bd->node_master[i] = -1;
    if (bd->is_io[i]) continue;
    int64_t w = to_dbu(n->w, bd->dbu), h = to_dbu(n->h, bd->dbu);
    uint8_t cls = n->kind != BS_MOVABLE ? M_TERM : h <= max_row_h ? M_CELL : M_BLOCK;
    char ws[48], hs[48], nm[128];
    fmt_units(ws, sizeof ws, w, bd->dbu);
    fmt_units(hs, sizeof hs, h, bd->dbu);
    int len = snprintf(nm, sizeof nm, "%s_%sx%s", cls == M_CELL ? "CELL" : cls == M_BLOCK ? "BLOCK"
                       : "TERM", ws, hs);
    int32_t m = ut_strmap_find(&bd->mmap, &bd->mpool, bd->master_name, nm, (size_t)len);
    if (m < 0) {
      if (UT_RESERVE(bd->masters, bd->cap_masters, bd->nmasters + 1) ||
          UT_RESERVE(bd->master_name, bd->cap_master_names, bd->nmasters + 1))
        goto oom;
      m = (int32_t)bd->nmasters++;
      if (ut_pool_add(&bd->mpool, nm, (size_t)len, &bd->master_name[m]) ||
          ut_strmap_insert(&bd->mmap, &bd->mpool, bd->master_name, m))
        goto oom;
      bd->masters[m].w = w;
      bd->masters[m].h = h;
      bd->masters[m].cls = cls;
      bd->masters[m].pin_base = bd->masters[m].npins = 0;
    }
    bd->node_master[i] = m;
  }
  ut_free(last);
  ut_free(nnet);
  return UT_OK;
oom:
  ut_free(last);
  ut_free(nnet);
  return UT_ENOMEM;
}

/* Master pins from the connection points (see the comment atop this file). */
static int make_pins(build_t *bd) {
  bs_t *ps = bd->ps;
  size_t nrec = 0;
  pinrec_t *rec = ut_malloc((ps->nconns ? ps->nconns : 1) * sizeof *rec);
  bd->conn_mpin = ut_malloc((ps->nconns ? ps->nconns : 1) * sizeof *bd->conn_mpin);
  bd->mp_x = ut_malloc((ps->nconns ? ps->nconns : 1) * sizeof *bd->mp_x);
  bd->mp_y = ut_malloc((ps->nconns ? ps->nconns : 1) * sizeof *bd->mp_y);
  bd->mp_dir = ut_malloc(ps->nconns ? ps->nconns : 1);
  if (!rec || !bd->conn_mpin || !bd->mp_x || !bd->mp_y || !bd->mp_dir) {
    ut_free(rec);
    return UT_ENOMEM;
  }
  for (size_t c = 0; c < ps->nconns; c++) {
    bd->conn_mpin[c] = -1;
    int32_t n = ps->conns[c].node;
    if (bd->is_io[n]) continue;
    const bs_node_t *nd = &ps->nodes[n];
    pinrec_t *r = &rec[nrec++];
    r->master = bd->node_master[n];
    r->px = to_dbu(nd->w / 2 + ps->conns[c].dx, bd->dbu);
    r->py = to_dbu(nd->h / 2 + ps->conns[c].dy, bd->dbu);
    r->node = n;
    r->seq = (int32_t)c;
  }
  qsort(rec, nrec, sizeof *rec, pinrec_cmp);
  size_t i = 0;
  int32_t nmp = 0;
  while (i < nrec) {
    int32_t m = rec[i].master;
    bd->masters[m].pin_base = nmp;
    while (i < nrec && rec[i].master == m) {
      /* one point: copies = the longest run of one node */
      size_t j = i;
      int32_t copies = 0;
      while (j < nrec && rec[j].master == m && rec[j].px == rec[i].px && rec[j].py == rec[i].py) {
        size_t k = j;
        while (k < nrec && rec[k].master == m && rec[k].px == rec[i].px &&
               rec[k].py == rec[i].py && rec[k].node == rec[j].node) {
          bd->conn_mpin[rec[k].seq] = nmp + (int32_t)(k - j);
          k++;
        }
        if ((int32_t)(k - j) > copies) copies = (int32_t)(k - j);
        j = k;
      }
      for (int32_t q = 0; q < copies; q++) {
        bd->mp_x[nmp + q] = rec[i].px;
        bd->mp_y[nmp + q] = rec[i].py;
        bd->mp_dir[nmp + q] = -1;  /* no use seen yet */
      }
      nmp += copies;
      i = j;
    }
    bd->masters[m].npins = nmp - bd->masters[m].pin_base;
  }
  bd->nmp = (size_t)nmp;
  for (size_t c = 0; c < ps->nconns; c++) {
    int32_t p = bd->conn_mpin[c];
    if (p < 0) continue;
    char d = ps->conns[c].dir;
    if (bd->mp_dir[p] == -1) bd->mp_dir[p] = d;
    else if (bd->mp_dir[p] != d) bd->mp_dir[p] = 'B';
  }
  ut_free(rec);
  return UT_OK;
}

static uint8_t pdir(char d) {
  return d == 'I' ? DB_PDIR_INPUT : d == 'O' ? DB_PDIR_OUTPUT : d == 'B' ? DB_PDIR_INOUT
                                                                         : DB_PDIR_NONE;
}

static int build_db(bs_t *ps, db_t *db, const char *design, const char *pl_name,
                    const char *scl_name) {
  ut_diag_t *diag = ps->diag;
  int errors0 = diag->nerrors;
  build_t bd;
  memset(&bd, 0, sizeof bd);
  bd.ps = ps;
  bd.db = db;
  bd.pl_name = pl_name;
  size_t rounded = 0;
  bd.dbu = choose_dbu(ps, &rounded);
  if (!bd.dbu) {
    ut_diag_error(diag, pl_name, 0, 0, "coordinates exceed the database range (|v| < 2e9 units)");
    return UT_ELIMIT;
  }
  int dbu = bd.dbu;
  if (rounded)
    UT_INFO("BS", "%zu values are finer than 1/%d unit and were rounded to the nearest DBU",
            rounded, dbu);
  if (ps->ignored_node_weights)
    UT_INFO("BS", ".wts: %zu node weights ignored (the database has net weights only)",
            ps->ignored_node_weights);
  if (ps->numeric_orients)
    UT_INFO("BS", ".scl: %zu numeric Siteorient values read as N", ps->numeric_orients);
  int rc = classify(&bd);
  if (!rc) rc = make_pins(&bd);
  if (rc) goto done;

  /* terminals need a position */
  for (size_t i = 0; i < ps->nnodes; i++)
    if (ps->nodes[i].kind != BS_MOVABLE && !ps->nodes[i].placed) {
      ut_diag_error(diag, pl_name, 0, 0, "terminal '%s' has no position in the .pl file",
                    ps->pool.buf + ps->node_name[i]);
      if (ut_diag_full(diag)) break;
    }
  if (diag->nerrors > errors0) {
    rc = UT_EPARSE;
    goto done;
  }

  /* sites: one per distinct (width, height) */
  int32_t *row_site = ut_malloc((ps->nrows ? ps->nrows : 1) * sizeof *row_site);
  if (!row_site) {
    rc = UT_ENOMEM;
    goto done;
  }
  for (size_t r = 0; r < ps->nrows; r++) {
    int64_t sw = to_dbu(ps->rows[r].site_w, dbu), sh = to_dbu(ps->rows[r].h, dbu);
    int32_t s = -1;
    for (size_t k = 0; k < db->nsites && s < 0; k++)
      if (db->site_w[k] == sw && db->site_h[k] == sh) s = (int32_t)k;
    if (s < 0) {
      char nm[32];
      int len = db->nsites ? snprintf(nm, sizeof nm, "core_%zu", db->nsites)
                           : snprintf(nm, sizeof nm, "core");
      s = db_add_site(db, nm, (size_t)len);
      if (s < 0) {
        ut_free(row_site);
        rc = s;
        goto done;
      }
      db->site_class[s] = 0;
      db->site_sym[s] = ps->rows[r].sym;
      db->site_w_um[s] = (double)sw / dbu;
      db->site_h_um[s] = (double)sh / dbu;
      db->site_w[s] = (dbu_t)sw;  /* for the lookup above; binding sets them again */
      db->site_h[s] = (dbu_t)sh;
    }
    row_site[r] = s;
  }

  /* masters and their pins */
  for (size_t m = 0; m < bd.nmasters && !rc; m++) {
    const bmaster_t *bm = &bd.masters[m];
    const char *nm = bd.mpool.buf + bd.master_name[m];
    int32_t id = db_add_master(db, nm, strlen(nm));
    if (id < 0) {
      rc = id;
      break;
    }
    db->master_class[id] = bm->cls == M_CELL ? DB_CLASS_CORE : DB_CLASS_BLOCK;
    db->master_sym[id] = bm->cls == M_TERM ? 0 : DB_SYM_X | DB_SYM_Y;
    db->master_w_um[id] = (double)bm->w / dbu;
    db->master_h_um[id] = (double)bm->h / dbu;
    if (bm->cls == M_CELL && db->nsites) {
      db->master_site[id] = 0;
      for (size_t k = 0; k < db->nsites; k++)
        if (db->site_h[k] == bm->h) {
          db->master_site[id] = (int32_t)k;
          break;
        }
    }
    for (int32_t k = 0; k < bm->npins; k++) {
      char pn[24];
      int len = snprintf(pn, sizeof pn, "P%d", k);
      int32_t p = db_add_mpin(db, id, pn, (size_t)len);
      if (p < 0) {
        rc = p;
        break;
      }
      size_t q = (size_t)(bm->pin_base + k);
      db->mpin_dir[p] = pdir(bd.mp_dir[q] == -1 ? 0 : bd.mp_dir[q]);
      db->mpin_x_um[p] = (double)bd.mp_x[q] / dbu;
      db->mpin_y_um[p] = (double)bd.mp_y[q] / dbu;
      double *bb = &db->mpin_bbox_um[4 * p];
      bb[0] = bb[2] = db->mpin_x_um[p];
      bb[1] = bb[3] = db->mpin_y_um[p];
    }
  }
  if (!rc) rc = db_lib_bind_units(db, dbu);
  if (rc) {
    ut_free(row_site);
    goto done;
  }

  /* rows */
  db_rect_t die = {INT32_MAX, INT32_MAX, INT32_MIN, INT32_MIN};
#define GROW(x0_, y0_, x1_, y1_) do { \
    if ((x0_) < die.x0) die.x0 = (dbu_t)(x0_); \
    if ((y0_) < die.y0) die.y0 = (dbu_t)(y0_); \
    if ((x1_) > die.x1) die.x1 = (dbu_t)(x1_); \
    if ((y1_) > die.y1) die.y1 = (dbu_t)(y1_); } while (0)
  size_t empty_rows = 0;
  for (size_t r = 0; r < ps->nrows; r++) {
    const bs_row_t *w = &ps->rows[r];
    if (w->nsites < 1) {
      empty_rows++;
      continue;
    }
    char nm[32];
    int len = snprintf(nm, sizeof nm, "row_%zu", r);
    int32_t id = db_add_row(db, nm, (size_t)len);
    if (id < 0) {
      rc = id;
      break;
    }
    int64_t x = to_dbu(w->x, dbu), y = to_dbu(w->y, dbu), sp = to_dbu(w->site_sp, dbu);
    db->row_site[id] = row_site[r];
    db->row_x[id] = (dbu_t)x;
    db->row_y[id] = (dbu_t)y;
    db->row_orient[id] = w->orient;
    db->row_nx[id] = (int32_t)w->nsites;
    db->row_ny[id] = 1;
    db->row_sx[id] = (dbu_t)sp;
    db->row_sy[id] = 0;
    GROW(x, y, x + (w->nsites - 1) * sp + db->site_w[row_site[r]], y + db->site_h[row_site[r]]);
  }
  ut_free(row_site);
  if (empty_rows)
    ut_diag_warn(diag, scl_name, 0, 0, "%zu rows with no sites skipped", empty_rows);
  if (rc) goto done;

  /* components, then IO pins, in node order */
  for (size_t i = 0; i < ps->nnodes && !rc; i++) {
    if (bd.is_io[i]) continue;
    const bs_node_t *n = &ps->nodes[i];
    const char *nm = ps->pool.buf + ps->node_name[i];
    int32_t c = db_add_cell(db, nm, strlen(nm), bd.node_master[i]);
    if (c < 0) {
      rc = c;
      break;
    }
    bd.node_ref[i] = c;
    uint8_t st = !n->placed ? DB_UNPLACED
                 : (n->kind == BS_TERMINAL_NI || n->fixed == BS_PL_FIXED_NI) ? DB_COVER
                 : (n->kind == BS_TERMINAL || n->fixed == BS_PL_FIXED) ? DB_FIXED : DB_PLACED;
    dbu_t x = (dbu_t)to_dbu(n->x, dbu), y = (dbu_t)to_dbu(n->y, dbu);
    db->cell_x[c] = db->cell_orig_x[c] = x;
    db->cell_y[c] = db->cell_orig_y[c] = y;
    db->cell_orient[c] = db->cell_orig_orient[c] = n->orient;
    db->cell_status[c] = db->cell_orig_status[c] = st;
    if (n->kind != BS_MOVABLE) {
      dbu_t w, h;
      db_cell_size(db, c, &w, &h);
      GROW(x, y, (int64_t)x + w, (int64_t)y + h);
    }
  }
  for (size_t i = 0; i < ps->nnodes && !rc; i++) {
    if (!bd.is_io[i]) continue;
    const bs_node_t *n = &ps->nodes[i];
    const char *nm = ps->pool.buf + ps->node_name[i];
    int32_t io = db_add_io(db, nm, strlen(nm));
    if (io < 0) {
      rc = io;
      break;
    }
    bd.node_ref[i] = io;
    int64_t w = to_dbu(n->w, dbu), h = to_dbu(n->h, dbu);
    int64_t x = to_dbu(n->x, dbu), y = to_dbu(n->y, dbu);
    db->io_x[io] = db->io_orig_x[io] = (dbu_t)x;
    db->io_y[io] = db->io_orig_y[io] = (dbu_t)y;
    db->io_orient[io] = db->io_orig_orient[io] = n->orient;
    db->io_status[io] = db->io_orig_status[io] =
        (n->kind == BS_TERMINAL_NI || n->fixed == BS_PL_FIXED_NI) ? DB_COVER : DB_FIXED;
    int64_t ow = w, oh = h;
    if (n->orient == DB_W || n->orient == DB_E || n->orient == DB_FW || n->orient == DB_FE) {
      ow = h;
      oh = w;
    }
    GROW(x, y, x + ow, y + oh);
    /* the shape centre encodes centre + offset of the (first) connection; set with the nets */
    int64_t s = (w < h ? w : h) / 2;
    dbu_t rx, ry;
    db_orient_xform(n->orient, (dbu_t)w, (dbu_t)h, (dbu_t)to_dbu(n->w / 2, dbu),
                    (dbu_t)to_dbu(n->h / 2, dbu), &rx, &ry);
    int64_t cx, cy;
    unrotate(n->orient, rx, ry, &cx, &cy);
    db_rect_t shp = {(dbu_t)(cx - s), (dbu_t)(cy - s), (dbu_t)(cx + s), (dbu_t)(cy + s)};
    db->io_shape[io] = shp;
  }
#undef GROW
  if (rc) goto done;

  /* nets */
  for (size_t k = 0; k < ps->nnets && !rc; k++) {
    char gen[32];
    const char *nm = ps->net_name[k] ? ps->pool.buf + ps->net_name[k] : gen;
    if (!ps->net_name[k]) snprintf(gen, sizeof gen, "net%zu", k);
    size_t len = strlen(nm);
    if (db_find_net(db, nm, len) >= 0) {
      ut_diag_error(diag, NULL, 0, 0, "net name '%s' (net %zu) is used twice", nm, k);
      rc = UT_EPARSE;
      break;
    }
    int32_t net = db_add_net(db, nm, len);
    if (net < 0) {
      rc = net;
      break;
    }
    db->net_weight[net] = ps->nets[k].weight;
    for (int32_t c = ps->nets[k].start; c < ps->nets[k + 1].start; c++) {
      int32_t n = ps->conns[c].node;
      int32_t p;
      if (!bd.is_io[n]) {
        p = db_add_pin(db, bd.node_ref[n], bd.conn_mpin[c]);
      } else {
        int32_t io = bd.node_ref[n];
        p = db_add_pin(db, -1, io);
        if (!db->io_net_name[io]) {
          /* first connection: net, direction (the terminal's side) and pin offset */
          const bs_node_t *nd = &ps->nodes[n];
          db->io_net_name[io] = db->net_name[net];
          char d = ps->conns[c].dir;
          db->io_dir[io] = d == 'O' ? DB_PDIR_INPUT : d == 'I' ? DB_PDIR_OUTPUT
                           : d == 'B' ? DB_PDIR_INOUT : DB_PDIR_NONE;
          int64_t w = to_dbu(nd->w, dbu), h = to_dbu(nd->h, dbu);
          int64_t s = (w < h ? w : h) / 2, cx, cy;
          dbu_t rx, ry;
          db_orient_xform(nd->orient, (dbu_t)w, (dbu_t)h,
                          (dbu_t)to_dbu(nd->w / 2 + ps->conns[c].dx, dbu),
                          (dbu_t)to_dbu(nd->h / 2 + ps->conns[c].dy, dbu), &rx, &ry);
          unrotate(nd->orient, rx, ry, &cx, &cy);
          db_rect_t shp = {(dbu_t)(cx - s), (dbu_t)(cy - s), (dbu_t)(cx + s), (dbu_t)(cy + s)};
          db->io_shape[io] = shp;
        }
      }
      if (p < 0) {
        rc = p;
        break;
      }
    }
  }
  if (rc) goto done;
  db->die = die.x1 > die.x0 && die.y1 > die.y0 ? die : (db_rect_t){0, 0, 1, 1};
  uint32_t off;
  if (ut_pool_add(&db->names, design, strlen(design), &off)) {
    rc = UT_ENOMEM;
    goto done;
  }
  db->design_name = off;
  db->has_design = 1;
  rc = db_finish(db);
done:
  build_free(&bd);
  return rc;
}

/* ---- entry points ---- */

int bs_read_mem(db_t *db, const bs_text_t files[BS_NFILES], const char *design, ut_diag_t *diag) {
  static const char *const what[BS_NFILES] = {".nodes", ".nets", ".pl", ".scl", ".wts"};
  if (db->nmasters || db->ncells || db->nnets || db->nios) {
    ut_diag_error(diag, files[BS_NODES].name, 0, 0,
                  "Bookshelf input needs an empty database (no LEF: Bookshelf has its own library)");
    return UT_EINVAL;
  }
  for (int i = 0; i < BS_NFILES; i++)
    if (!files[i].buf && i != BS_WTS) {
      ut_diag_error(diag, files[BS_NODES].name, 0, 0, "no %s file given", what[i]);
      return UT_EINVAL;
    }
  bs_t ps;
  memset(&ps, 0, sizeof ps);
  ps.diag = diag;
  uint32_t off;
  if (ut_pool_add(&ps.pool, "", 0, &off)) return UT_ENOMEM;
  int errors0 = diag->nerrors;
  /* nodes first (names), then nets (net names for .wts), positions, rows, weights */
  int rc = parse_nodes(&ps, &files[BS_NODES]);
  if (rc >= 0 && diag->nerrors == errors0) rc = parse_nets(&ps, &files[BS_NETS]);
  if (rc >= 0 && !ut_diag_full(diag) && diag->nerrors == errors0)
    rc = parse_pl(&ps, &files[BS_PL]);
  if (rc >= 0 && !ut_diag_full(diag)) rc = parse_scl(&ps, &files[BS_SCL]);
  if (rc >= 0 && !ut_diag_full(diag) && files[BS_WTS].buf && diag->nerrors == errors0)
    rc = parse_wts(&ps, &files[BS_WTS]);
  if (rc < 0) {
    bs_free(&ps);
    return rc;
  }
  if (diag->nerrors > errors0) {
    bs_free(&ps);
    return UT_EPARSE;
  }
  rc = build_db(&ps, db, design, files[BS_PL].name, files[BS_SCL].name);
  bs_free(&ps);
  if (!rc && diag->nerrors > errors0) rc = UT_EPARSE;
  return rc;
}

static int has_suffix(const char *s, size_t n, const char *suf) {
  size_t k = strlen(suf);
  return n >= k && memcmp(s + n - k, suf, k) == 0;
}

int bs_read(db_t *db, const char *aux_path, ut_diag_t *diag) {
  char *aux;
  size_t auxlen;
  int rc = lex_load_file(aux_path, &aux, &auxlen, diag);
  if (rc) return rc;
  bs_text_t aux_text = {aux_path, aux, auxlen};
  bt_t b;
  bt_init(&b, &aux_text, diag);
  char *paths[BS_NFILES] = {0};
  char *bufs[BS_NFILES] = {0};
  size_t lens[BS_NFILES] = {0};
  int errors0 = diag->nerrors;
  if (lex_check_text(&b.lx)) {
    ut_free(aux);
    return UT_EPARSE;
  }
  /* the folder of the .aux: file names are relative to it */
  const char *slash = strrchr(aux_path, '/');
  size_t dirlen = slash ? (size_t)(slash - aux_path + 1) : 0;
  lex_tok_t t;
  int seen_colon = 0;
  size_t ignored = 0;
  while (bt_next(&b, &t)) {
    if (!seen_colon) {
      if (is_colon(&t)) seen_colon = 1;
      continue;  /* "RowBasedPlacement :" */
    }
    static const char *const suf[BS_NFILES] = {".nodes", ".nets", ".pl", ".scl", ".wts"};
    int kind = -1;
    size_t tn = has_suffix(t.s, t.n, ".gz") ? t.n - 3 : t.n;  /* x.nodes.gz is read through zlib */
    for (int k = 0; k < BS_NFILES; k++)
      if (has_suffix(t.s, tn, suf[k])) kind = k;
    if (kind < 0) {
      ignored++;
      continue;  /* .shapes, .route, ...: not used by placement */
    }
    if (paths[kind]) {
      lex_error(&b.lx, &t, "second %s file in .aux", suf[kind]);
      continue;
    }
    int abs = t.n && t.s[0] == '/';
    size_t n = (abs ? 0 : dirlen) + t.n;
    paths[kind] = ut_malloc(n + 1);
    if (!paths[kind]) {
      rc = UT_ENOMEM;
      break;
    }
    if (!abs) memcpy(paths[kind], aux_path, dirlen);
    memcpy(paths[kind] + (abs ? 0 : dirlen), t.s, t.n);
    paths[kind][n] = 0;
  }
  if (!rc && !seen_colon)
    lex_error(&b.lx, NULL, "expected 'RowBasedPlacement : FILES' in the .aux file");
  if (ignored) UT_INFO("BS", "%s: %zu files of other kinds ignored", aux_path, ignored);
  static const char *const what[BS_NFILES] = {".nodes", ".nets", ".pl", ".scl", ".wts"};
  for (int k = 0; k < BS_NFILES && !rc && seen_colon; k++)
    if (!paths[k] && k != BS_WTS)
      ut_diag_error(diag, aux_path, 1, 1, "the .aux file names no %s file", what[k]);
  for (int k = 0; k < BS_NFILES && !rc && diag->nerrors == errors0; k++)
    if (paths[k]) rc = lex_load_file(paths[k], &bufs[k], &lens[k], diag);
  if (!rc && diag->nerrors == errors0) {
    bs_text_t files[BS_NFILES];
    for (int k = 0; k < BS_NFILES; k++) {
      files[k].name = paths[k];
      files[k].buf = bufs[k];
      files[k].len = lens[k];
    }
    /* design name: the .aux base name without its extension */
    const char *base = slash ? slash + 1 : aux_path;
    size_t bl = strlen(base);
    if (has_suffix(base, bl, ".gz")) bl -= 3;
    if (bl > 4 && !memcmp(base + bl - 4, ".aux", 4)) bl -= 4;
    char *design = ut_strndup(base, bl);
    if (!design) rc = UT_ENOMEM;
    else rc = bs_read_mem(db, files, design, diag);
    ut_free(design);
  } else if (!rc) {
    rc = UT_EPARSE;
  }
  for (int k = 0; k < BS_NFILES; k++) {
    ut_free(paths[k]);
    ut_free(bufs[k]);
  }
  ut_free(aux);
  return rc;
}

/* ---- .pl writer ---- */

static int write_pl(const db_t *db, def_out_t *o) {
  int dbu = db->dbu > 0 ? db->dbu : 1000;
  def_out_printf(o, "UCLA pl 1.0\n# written by place (lower-left corners, 1 unit = 1 micron)\n\n");
  char xs[48], ys[48];
  for (size_t c = 0; c < db->ncells; c++) {
    fmt_units(xs, sizeof xs, db->cell_x[c], dbu);
    fmt_units(ys, sizeof ys, db->cell_y[c], dbu);
    int st = db->cell_status[c];
    def_out_printf(o, "%s %s %s : %s%s\n", db_str(db, db->cell_name[c]), xs, ys,
                   db_orient_name(db->cell_orient[c]),
                   st == DB_FIXED ? " /FIXED" : st == DB_COVER ? " /FIXED_NI" : "");
  }
  for (size_t i = 0; i < db->nios; i++) {
    fmt_units(xs, sizeof xs, db->io_x[i], dbu);
    fmt_units(ys, sizeof ys, db->io_y[i], dbu);
    int st = db->io_status[i];
    def_out_printf(o, "%s %s %s : %s%s\n", db_str(db, db->io_name[i]), xs, ys,
                   db_orient_name(db->io_orient[i]),
                   st == DB_COVER ? " /FIXED_NI" : st == DB_UNPLACED ? "" : " /FIXED");
  }
  return UT_OK;
}

int bs_write_pl(const db_t *db, const char *path, ut_diag_t *diag) {
  def_out_t *o;
  int rc = def_out_open(&o, path, diag);
  if (rc) return rc;
  write_pl(db, o);
  return def_out_commit(o, NULL, NULL, diag);
}

int bs_write_pl_mem(const db_t *db, char **out, size_t *len) {
  def_out_t *o;
  ut_diag_t d;
  ut_diag_init(&d);
  *out = NULL;
  *len = 0;
  int rc = def_out_open(&o, NULL, &d);
  if (rc) return rc;
  write_pl(db, o);
  return def_out_commit(o, out, len, &d);
}
