/*
 * verilog.c: flat gate-level Verilog reader (the rules and naming are in verilog.h).
 *
 * A hand-written tokenizer (identifiers, escaped identifiers, sized numbers, punctuation; comments,
 * (* attributes *) and `directives skipped) feeds a recursive-descent parser of the structural
 * subset: IEEE 1364-2005 sections 12.1 (modules and ports), 4.2/6.1 (nets and assign) and 12.2
 * (instances with named port connections).  One quick pass over the whole file finds the modules
 * and which ones are instantiated, to choose the top; the top is then parsed in full.
 *
 * Every signal bit is a net id (a bus [7:0] is 8 ids, made when declared); expressions evaluate to
 * a list of bits, most significant first, where a bit is a net id or a constant.  assign merges
 * nets with union-find, the root being the bit with the lowest priority key (port bits in port
 * order, then other nets in order of first appearance), which gives the merged net its name.
 * Components are added to the database as they are read; nets, IO pins and pins are added at the
 * end, net by net in order of first connection (IO pins first, then component pins in input
 * order), so the output does not depend on hashing.
 */
#include "netlist/verilog.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lex.h"

/* ---- tokens ---- */

enum { VT_EOF = 0, VT_ID, VT_ESC, VT_NUM, VT_STR, VT_PUNCT };

typedef struct vtok_t {
  int kind;
  const char *s;              /* VT_ESC: the body, without the backslash */
  uint32_t n;
  int line, col;
} vtok_t;

typedef struct vlex_t {
  const char *buf, *file;
  size_t len, pos, line_start;
  int line;
  ut_diag_t *diag;
  vtok_t peek;
  int has_peek;
} vlex_t;

static void vx_init(vlex_t *x, const char *buf, size_t len, const char *file, ut_diag_t *d) {
  memset(x, 0, sizeof *x);
  x->buf = buf;
  x->len = len;
  x->file = file;
  x->line = 1;
  x->diag = d;
}

static void vx_error(vlex_t *x, const vtok_t *t, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void vx_error(vlex_t *x, const vtok_t *t, const char *fmt, ...) {
  char msg[768];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  int line = t ? t->line : x->line, col = t ? t->col : (int)(x->pos - x->line_start) + 1;
  ut_diag_error(x->diag, x->file, line, col, "%s", msg);
}

static int is_id0(int c) { return isalpha(c) || c == '_'; }
static int is_id(int c) { return isalnum(c) || c == '_' || c == '$'; }

static void scan(vlex_t *x, vtok_t *t) {
  const char *b = x->buf;
  size_t p = x->pos, len = x->len;
  for (;;) {
    while (p < len && isspace((unsigned char)b[p])) {
      if (b[p] == '\n') {
        x->line++;
        x->line_start = p + 1;
      }
      p++;
    }
    if (p + 1 < len && b[p] == '/' && b[p + 1] == '/') {
      while (p < len && b[p] != '\n') p++;
      continue;
    }
    if (p + 1 < len && ((b[p] == '/' && b[p + 1] == '*') ||
                        (b[p] == '(' && b[p + 1] == '*' && (p + 2 >= len || b[p + 2] != ')')))) {
      /* block comment or (* attribute *) */
      char close = b[p] == '/' ? '/' : ')';
      int line = x->line, col = (int)(p - x->line_start) + 1;
      p += 2;
      while (p + 1 < len && !(b[p] == '*' && b[p + 1] == close)) {
        if (b[p] == '\n') {
          x->line++;
          x->line_start = p + 1;
        }
        p++;
      }
      if (p + 1 >= len) {
        ut_diag_error(x->diag, x->file, line, col, "unterminated %s",
                      close == '/' ? "comment" : "attribute");
        p = len;
      } else {
        p += 2;
      }
      continue;
    }
    if (p < len && b[p] == '`') {  /* compiler directive: the rest of the line */
      while (p < len && b[p] != '\n') p++;
      continue;
    }
    break;
  }
  t->line = x->line;
  t->col = (int)(p - x->line_start) + 1;
  t->s = b + p;
  t->n = 0;
  if (p >= len) {
    t->kind = VT_EOF;
    x->pos = p;
    return;
  }
  unsigned char c = (unsigned char)b[p];
  size_t q = p + 1;
  if (is_id0(c)) {
    while (q < len && is_id((unsigned char)b[q])) q++;
    t->kind = VT_ID;
  } else if (c == '\\') {
    while (q < len && !isspace((unsigned char)b[q])) q++;
    t->kind = VT_ESC;
    t->s = b + p + 1;
    t->n = (uint32_t)(q - p - 1);
    x->pos = q;
    if (!t->n) vx_error(x, t, "empty escaped identifier");
    return;
  } else if (isdigit(c) || c == '\'') {
    /* 12, 1'b0, 4'hF, 'b1, 8'sd3 (digits may contain x, z, ?, _) */
    q = p;
    while (q < len && (isdigit((unsigned char)b[q]) || b[q] == '_')) q++;
    size_t r = q;
    while (r < len && (b[r] == ' ' || b[r] == '\t')) r++;
    if (r < len && b[r] == '\'') {
      q = r + 1;
      if (q < len && (b[q] == 's' || b[q] == 'S')) q++;
      if (q < len && strchr("bBoOdDhH", b[q])) q++;
      while (q < len && (b[q] == ' ' || b[q] == '\t')) q++;
      while (q < len && (isxdigit((unsigned char)b[q]) || strchr("xXzZ?_", b[q]))) q++;
    }
    if (q == p) q = p + 1;
    t->kind = VT_NUM;
  } else if (c == '"') {
    while (q < len && b[q] != '"' && b[q] != '\n') {
      if (b[q] == '\\' && q + 1 < len) q++;
      q++;
    }
    if (q < len && b[q] == '"') q++;
    t->kind = VT_STR;
  } else {
    t->kind = VT_PUNCT;
  }
  t->n = (uint32_t)(q - p);
  x->pos = q;
}

static vtok_t *vx_peek(vlex_t *x) {
  if (!x->has_peek) {
    scan(x, &x->peek);
    x->has_peek = 1;
  }
  return &x->peek;
}

static vtok_t vx_next(vlex_t *x) {
  vtok_t t = *vx_peek(x);
  x->has_peek = 0;
  return t;
}

static int tok_is(const vtok_t *t, const char *kw) {
  size_t n = strlen(kw);
  return (t->kind == VT_ID || t->kind == VT_PUNCT) && t->n == n && memcmp(t->s, kw, n) == 0;
}

static int is_name(const vtok_t *t) { return t->kind == VT_ID || t->kind == VT_ESC; }

/* ---- parser state ---- */

enum { VL_C0 = -1, VL_C1 = -2, VL_CX = -3 };   /* constant bits */
enum { PD_NONE = 0, PD_IN, PD_OUT, PD_INOUT };

typedef struct vbus_t {
  int32_t msb, lsb;
  int32_t first;              /* net id of bit msb; bits are consecutive ids msb..lsb */
} vbus_t;

typedef struct vconn_t {
  int32_t cell, mpin, bit;
} vconn_t;

typedef struct vl_t {
  vlex_t x;
  db_t *db;
  ut_diag_t *diag;
  const char *file;
  ut_pool_t pool;             /* signal names */
  /* nets (signal bits) */
  uint32_t *net_name;
  int32_t *parent;
  int64_t *prio;
  int8_t *tie;                /* at roots: 0 none, 1 tied to 0, 2 tied to 1 */
  size_t nnets, cap_name, cap_parent, cap_prio, cap_tie;
  ut_strmap_t net_map;
  /* buses and scalars by name: sig_name -> bus index or -1 (scalar net in sig_net) */
  uint32_t *sig_name;
  int32_t *sig_bus, *sig_net;
  uint8_t *sig_dir;           /* PD_* when a port */
  size_t nsigs, cap_sig_name, cap_sig_bus, cap_sig_net, cap_sig_dir;
  ut_strmap_t sig_map;
  vbus_t *buses;
  size_t nbuses, cap_buses;
  /* ports in header order (signal indices) */
  int32_t *ports;
  size_t nports, cap_ports;
  int ansi;
  /* instance pin connections */
  vconn_t *conns;
  size_t nconns, cap_conns;
  int32_t *bits;              /* expression scratch */
  size_t nbits, cap_bits;
  int32_t *stamp;             /* per master pin: last cell + 1 that connected it */
  int32_t *pairs;             /* assign: bit pairs (a, b), applied after the module is read */
  vtok_t *pair_at;            /* where each pair was written, for messages */
  size_t npairs, cap_pairs, cap_pair_at;
  vtok_t modname;             /* the top module's name token */
  int errors0;                /* diag->nerrors when reading started */
  size_t ties, power_pins, implicit, unconnected_x;
  /* other modules in the file (names), for the hierarchy message */
  char **modules;
  size_t nmodules;
} vl_t;

static void vl_free(vl_t *v) {
  ut_pool_free(&v->pool);
  ut_free(v->net_name);
  ut_free(v->parent);
  ut_free(v->prio);
  ut_free(v->tie);
  ut_strmap_free(&v->net_map);
  ut_free(v->sig_name);
  ut_free(v->sig_bus);
  ut_free(v->sig_net);
  ut_free(v->sig_dir);
  ut_strmap_free(&v->sig_map);
  ut_free(v->buses);
  ut_free(v->ports);
  ut_free(v->conns);
  ut_free(v->bits);
  ut_free(v->stamp);
  ut_free(v->pairs);
  ut_free(v->pair_at);
  for (size_t i = 0; i < v->nmodules; i++) ut_free(v->modules[i]);
  ut_free(v->modules);
}

/* Name of a token as stored (see verilog.h): escaped identifiers lose the backslash and escape
 * the characters OpenSTA and DEF treat specially.  Writes into buf (cap bytes); returns length or
 * -1 when too long. */
static int canon(const vtok_t *t, char *buf, size_t cap) {
  size_t k = 0;
  if (t->kind != VT_ESC) {
    if (t->n + 1 > cap) return -1;
    memcpy(buf, t->s, t->n);
    buf[t->n] = 0;
    return (int)t->n;
  }
  for (uint32_t i = 0; i < t->n; i++) {
    char c = t->s[i];
    int esc = c == '[' || c == ']' || c == '/' || c == '\\' || c == '"' ||
              (c == '#' && i == 0) || (c == ';' && i + 1 == t->n) ||
              (t->n == 1 && strchr("-+*()", c));
    if (k + 3 > cap) return -1;
    if (esc) buf[k++] = '\\';
    buf[k++] = c;
  }
  buf[k] = 0;
  return (int)k;
}

#define NAME_MAX_LEN 4096

static int32_t net_new(vl_t *v, const char *name, size_t n) {
  if (UT_RESERVE(v->net_name, v->cap_name, v->nnets + 1) ||
      UT_RESERVE(v->parent, v->cap_parent, v->nnets + 1) ||
      UT_RESERVE(v->prio, v->cap_prio, v->nnets + 1) || UT_RESERVE(v->tie, v->cap_tie, v->nnets + 1))
    return UT_ENOMEM;
  int32_t id = (int32_t)v->nnets;
  if (ut_pool_add(&v->pool, name, n, &v->net_name[id])) return UT_ENOMEM;
  v->parent[id] = id;
  v->prio[id] = ((int64_t)1 << 40) + id;
  v->tie[id] = 0;
  v->nnets++;
  if (ut_strmap_insert(&v->net_map, &v->pool, v->net_name, id)) return UT_ENOMEM;
  return id;
}

static int32_t sig_find(vl_t *v, const char *name, size_t n) {
  return ut_strmap_find(&v->sig_map, &v->pool, v->sig_name, name, n);
}

static int32_t sig_new(vl_t *v, const char *name, size_t n) {
  if (UT_RESERVE(v->sig_name, v->cap_sig_name, v->nsigs + 1) ||
      UT_RESERVE(v->sig_bus, v->cap_sig_bus, v->nsigs + 1) ||
      UT_RESERVE(v->sig_net, v->cap_sig_net, v->nsigs + 1) ||
      UT_RESERVE(v->sig_dir, v->cap_sig_dir, v->nsigs + 1))
    return UT_ENOMEM;
  int32_t s = (int32_t)v->nsigs;
  if (ut_pool_add(&v->pool, name, n, &v->sig_name[s])) return UT_ENOMEM;
  v->sig_bus[s] = -1;
  v->sig_net[s] = -1;
  v->sig_dir[s] = PD_NONE;
  v->nsigs++;
  if (ut_strmap_insert(&v->sig_map, &v->pool, v->sig_name, s)) return UT_ENOMEM;
  return s;
}

static int bus_bit_name(char *buf, size_t cap, const char *bus, int32_t k) {
  int n = snprintf(buf, cap, "%s[%d]", bus, (int)k);
  return (n < 0 || (size_t)n >= cap) ? -1 : n;
}

/* Give signal s its nets: one scalar, or the bits of range [msb:lsb]. */
static int sig_make_nets(vl_t *v, int32_t s, int has_range, int32_t msb, int32_t lsb) {
  char nm[NAME_MAX_LEN + 32];
  const char *base = v->pool.buf + v->sig_name[s];
  if (!has_range) {
    int32_t id = ut_strmap_find(&v->net_map, &v->pool, v->net_name, base, strlen(base));
    if (id < 0) {
      /* the base name may move when the pool grows: copy it first */
      snprintf(nm, sizeof nm, "%s", base);
      id = net_new(v, nm, strlen(nm));
      if (id < 0) return id;
    }
    v->sig_net[s] = id;
    return UT_OK;
  }
  if (UT_RESERVE(v->buses, v->cap_buses, v->nbuses + 1)) return UT_ENOMEM;
  int32_t b = (int32_t)v->nbuses++;
  v->buses[b].msb = msb;
  v->buses[b].lsb = lsb;
  v->buses[b].first = (int32_t)v->nnets;
  v->sig_bus[s] = b;
  int32_t step = msb >= lsb ? -1 : 1;
  char bname[NAME_MAX_LEN + 1];
  snprintf(bname, sizeof bname, "%s", base);
  for (int32_t k = msb;; k += step) {
    int n = bus_bit_name(nm, sizeof nm, bname, k);
    if (n < 0) return UT_ELIMIT;
    if (ut_strmap_find(&v->net_map, &v->pool, v->net_name, nm, (size_t)n) >= 0) {
      vx_error(&v->x, NULL, "bus bit '%s' clashes with a signal of the same name", nm);
      return UT_EPARSE;
    }
    int32_t id = net_new(v, nm, (size_t)n);
    if (id < 0) return id;
    if (k == lsb) break;
  }
  return UT_OK;
}

static int32_t root(vl_t *v, int32_t a) {
  while (v->parent[a] != a) {
    v->parent[a] = v->parent[v->parent[a]];
    a = v->parent[a];
  }
  return a;
}

/* Merge the nets of two bits (either may be a constant). */
static void unify(vl_t *v, int32_t a, int32_t b, const vtok_t *at) {
  if (a < 0 && b < 0) {
    if (a != b && a != VL_CX && b != VL_CX) vx_error(&v->x, at, "assign of one constant to another");
    return;
  }
  if (a < 0 || b < 0) {
    int32_t n = root(v, a < 0 ? b : a), c = a < 0 ? a : b;
    if (c == VL_CX) return;
    int8_t t = c == VL_C0 ? 1 : 2;
    if (v->tie[n] && v->tie[n] != t) vx_error(&v->x, at, "net tied to both 0 and 1");
    v->tie[n] = t;
    return;
  }
  int32_t ra = root(v, a), rb = root(v, b);
  if (ra == rb) return;
  if (v->prio[rb] < v->prio[ra]) {
    int32_t t = ra;
    ra = rb;
    rb = t;
  }
  v->parent[rb] = ra;
  if (v->tie[rb]) {
    if (v->tie[ra] && v->tie[ra] != v->tie[rb]) vx_error(&v->x, at, "net tied to both 0 and 1");
    v->tie[ra] = v->tie[rb];
  }
}

/* ---- expressions ---- */

static int push_bit(vl_t *v, int32_t b) {
  if (UT_RESERVE(v->bits, v->cap_bits, v->nbits + 1)) return UT_ENOMEM;
  v->bits[v->nbits++] = b;
  return UT_OK;
}

static int need_punct(vl_t *v, const char *p, const char *where) {
  vtok_t t = vx_next(&v->x);
  if (tok_is(&t, p)) return 1;
  if (t.kind == VT_EOF) vx_error(&v->x, &t, "unexpected end of file in %s (expected '%s')", where, p);
  else vx_error(&v->x, &t, "expected '%s' in %s, got '%.*s'", p, where, (int)t.n, t.s);
  return 0;
}

static int parse_int(vl_t *v, int32_t *out, const char *where) {
  vtok_t t = vx_next(&v->x);
  long long val = 0;
  int ok = t.kind == VT_NUM && t.n <= 10;
  for (uint32_t i = 0; ok && i < t.n; i++) {
    if (t.s[i] == '_') continue;
    if (!isdigit((unsigned char)t.s[i])) ok = 0;
    else val = val * 10 + (t.s[i] - '0');
  }
  if (!ok || val > INT32_MAX) {
    vx_error(&v->x, &t, "expected an integer in %s, got '%.*s'", where, (int)t.n, t.s);
    return 0;
  }
  *out = (int32_t)val;
  return 1;
}

/* "[msb:lsb]" (the '[' already peeked). */
static int parse_range(vl_t *v, int32_t *msb, int32_t *lsb, int *is_range, const char *where) {
  vx_next(&v->x);
  if (!parse_int(v, msb, where)) return 0;
  *lsb = *msb;
  *is_range = 0;
  if (tok_is(vx_peek(&v->x), ":")) {
    vx_next(&v->x);
    if (!parse_int(v, lsb, where)) return 0;
    *is_range = 1;
  }
  return need_punct(v, "]", where);
}

/* A sized constant "W'bDIGITS": its bits, most significant first. */
static int const_bits(vl_t *v, const vtok_t *t) {
  const char *q = memchr(t->s, '\'', t->n);
  if (!q || q == t->s) {
    vx_error(&v->x, t, "constant '%.*s' needs a width (e.g. 1'b0)", (int)t->n, t->s);
    return 0;
  }
  long width = 0;
  for (const char *p = t->s; p < q; p++)
    if (isdigit((unsigned char)*p)) width = width * 10 + (*p - '0');
  const char *e = t->s + t->n, *p = q + 1;
  if (p < e && (*p == 's' || *p == 'S')) p++;
  int base = 10;
  if (p < e) {
    char c = (char)tolower((unsigned char)*p);
    base = c == 'b' ? 2 : c == 'o' ? 8 : c == 'h' ? 16 : 10;
    p++;
  }
  while (p < e && (*p == ' ' || *p == '\t')) p++;
  if (width < 1 || width > 4096 || p == e) {
    vx_error(&v->x, t, "malformed constant '%.*s'", (int)t->n, t->s);
    return 0;
  }
  /* value bits, least significant first, into a fixed array */
  int8_t bit[4096];
  memset(bit, 0, sizeof bit);
  if (base == 10) {
    unsigned long long val = 0;
    for (const char *r = p; r < e; r++) {
      if (*r == '_') continue;
      if (!isdigit((unsigned char)*r)) {
        vx_error(&v->x, t, "malformed constant '%.*s'", (int)t->n, t->s);
        return 0;
      }
      val = val * 10 + (unsigned long long)(*r - '0');
    }
    for (int i = 0; i < 64 && i < width; i++) bit[i] = (int8_t)((val >> i) & 1);
  } else {
    int per = base == 2 ? 1 : base == 8 ? 3 : 4, pos = 0;
    for (const char *r = e - 1; r >= p; r--) {
      char c = (char)tolower((unsigned char)*r);
      if (c == '_') continue;
      int d;
      if (c == 'x' || c == 'z' || c == '?') d = -1;
      else if (isdigit((unsigned char)c)) d = c - '0';
      else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
      else d = 99;
      if (d >= base) {
        vx_error(&v->x, t, "malformed constant '%.*s'", (int)t->n, t->s);
        return 0;
      }
      for (int i = 0; i < per && pos < 4096; i++, pos++) bit[pos] = (int8_t)(d < 0 ? -1 : (d >> i) & 1);
    }
  }
  for (long i = width - 1; i >= 0; i--)
    if (push_bit(v, bit[i] < 0 ? VL_CX : bit[i] ? VL_C1 : VL_C0)) return -1;
  return 1;
}

/* Bits of a signal reference (name token already read). */
static int ref_bits(vl_t *v, const vtok_t *name) {
  char nm[NAME_MAX_LEN + 1];
  int n = canon(name, nm, sizeof nm);
  if (n < 0) {
    vx_error(&v->x, name, "name too long");
    return 0;
  }
  int32_t s = sig_find(v, nm, (size_t)n);
  if (s >= 0 && v->sig_bus[s] < 0 && v->sig_net[s] < 0) {
    /* named in the port list, not declared (yet): a scalar */
    int rc = sig_make_nets(v, s, 0, 0, 0);
    if (rc) return rc == UT_EPARSE ? 0 : rc;
  }
  if (tok_is(vx_peek(&v->x), "[")) {
    int32_t msb, lsb;
    int is_range;
    vtok_t at = *vx_peek(&v->x);
    if (!parse_range(v, &msb, &lsb, &is_range, "bit select")) return 0;
    if (s < 0 || v->sig_bus[s] < 0) {
      vx_error(&v->x, &at, "'%s' is not a declared bus", nm);
      return 0;
    }
    const vbus_t *b = &v->buses[v->sig_bus[s]];
    int32_t lo = b->msb < b->lsb ? b->msb : b->lsb, hi = b->msb < b->lsb ? b->lsb : b->msb;
    if (msb < lo || msb > hi || lsb < lo || lsb > hi) {
      vx_error(&v->x, &at, "select [%d:%d] outside '%s' [%d:%d]", (int)msb, (int)lsb, nm,
               (int)b->msb, (int)b->lsb);
      return 0;
    }
    int32_t dir = b->msb >= b->lsb ? -1 : 1;   /* net ids go msb..lsb */
    int32_t step = msb >= lsb ? -1 : 1;
    for (int32_t k = msb;; k += step) {
      int32_t id = b->first + (k - b->msb) * dir;
      if (push_bit(v, id)) return -1;
      if (k == lsb) break;
    }
    return 1;
  }
  if (s < 0) {
    /* an implicit net (Verilog allows undeclared scalars in port connections) */
    s = sig_new(v, nm, (size_t)n);
    if (s < 0) return s;
    int rc = sig_make_nets(v, s, 0, 0, 0);
    if (rc) return rc == UT_EPARSE ? 0 : rc;
    v->implicit++;
  }
  if (v->sig_bus[s] < 0) return push_bit(v, v->sig_net[s]) ? -1 : 1;
  const vbus_t *b = &v->buses[v->sig_bus[s]];
  int32_t w = (b->msb > b->lsb ? b->msb - b->lsb : b->lsb - b->msb) + 1;
  for (int32_t k = 0; k < w; k++)
    if (push_bit(v, b->first + k)) return -1;
  return 1;
}

/* An expression: appends its bits to v->bits.  1 ok, 0 reported error, negative out of memory. */
static int parse_expr(vl_t *v) {
  vtok_t t = vx_next(&v->x);
  if (is_name(&t)) return ref_bits(v, &t);
  if (t.kind == VT_NUM) return const_bits(v, &t);
  if (tok_is(&t, "{")) {
    vtok_t *p = vx_peek(&v->x);
    if (p->kind == VT_NUM && !memchr(p->s, '\'', p->n)) {
      /* replication {N{...}} */
      int32_t times;
      if (!parse_int(v, &times, "replication")) return 0;
      if (!need_punct(v, "{", "replication")) return 0;
      size_t start = v->nbits;
      for (;;) {
        int rc = parse_expr(v);
        if (rc <= 0) return rc;
        vtok_t u = vx_next(&v->x);
        if (tok_is(&u, "}")) break;
        if (!tok_is(&u, ",")) {
          vx_error(&v->x, &u, "expected ',' or '}' in replication, got '%.*s'", (int)u.n, u.s);
          return 0;
        }
      }
      size_t w = v->nbits - start;
      if (times < 1 || (size_t)times * w > 1u << 20) {
        vx_error(&v->x, &t, "bad replication count %d", (int)times);
        return 0;
      }
      for (int32_t r = 1; r < times; r++)
        for (size_t k = 0; k < w; k++)
          if (push_bit(v, v->bits[start + k])) return -1;
      return need_punct(v, "}", "replication");
    }
    for (;;) {
      int rc = parse_expr(v);
      if (rc <= 0) return rc;
      vtok_t u = vx_next(&v->x);
      if (tok_is(&u, "}")) return 1;
      if (!tok_is(&u, ",")) {
        vx_error(&v->x, &u, "expected ',' or '}' in concatenation, got '%.*s'", (int)u.n, u.s);
        return 0;
      }
    }
  }
  if (t.kind == VT_EOF) vx_error(&v->x, &t, "unexpected end of file in an expression");
  else vx_error(&v->x, &t, "expected a net, constant or {concatenation}, got '%.*s'", (int)t.n, t.s);
  return 0;
}

/* Skip to the ';' ending the current statement (nested brackets are skipped as a whole). */
static void skip_statement(vl_t *v) {
  int depth = 0;
  for (;;) {
    vtok_t t = vx_next(&v->x);
    if (t.kind == VT_EOF) return;
    if (tok_is(&t, "(") || tok_is(&t, "{") || tok_is(&t, "[")) depth++;
    else if ((tok_is(&t, ")") || tok_is(&t, "}") || tok_is(&t, "]")) && depth > 0) depth--;
    else if (tok_is(&t, ";") && depth == 0) return;
    else if (tok_is(&t, "endmodule")) {
      v->x.peek = t;  /* leave it for the module loop */
      v->x.has_peek = 1;
      return;
    }
  }
}

/* Record that bits a..a+w and b..b+w (in v->bits) are the same nets. */
static int add_pairs(vl_t *v, size_t a, size_t b, size_t w, const vtok_t *at) {
  for (size_t k = 0; k < w; k++) {
    if (UT_RESERVE(v->pairs, v->cap_pairs, 2 * (v->npairs + 1)) ||
        UT_RESERVE(v->pair_at, v->cap_pair_at, v->npairs + 1))
      return UT_ENOMEM;
    v->pairs[2 * v->npairs] = v->bits[a + k];
    v->pairs[2 * v->npairs + 1] = v->bits[b + k];
    v->pair_at[v->npairs] = *at;
    v->npairs++;
  }
  return UT_OK;
}

/* ---- declarations ---- */

static int is_kw(const vtok_t *t, const char *const *list) {
  for (size_t i = 0; list[i]; i++)
    if (tok_is(t, list[i])) return 1;
  return 0;
}

static const char *const NET_TYPES[] = {"wire", "tri", "wand", "wor", "triand", "trior", "tri0",
                                        "tri1", "uwire", "reg", "logic", NULL};

/* input/output/inout/wire/... declarations after the keyword.  dir: PD_* (PD_NONE for nets);
 * supply: 0, or VL_C0 / VL_C1 for supply0/supply1.  in_header: ANSI port list (stops at ',' before
 * a direction keyword or at ')'). */
static int parse_decl(vl_t *v, int dir, int32_t supply, int in_header) {
  while (is_kw(vx_peek(&v->x), NET_TYPES) || tok_is(vx_peek(&v->x), "signed") ||
         tok_is(vx_peek(&v->x), "unsigned"))
    vx_next(&v->x);
  int32_t msb = 0, lsb = 0;
  int has_range = 0, is_range = 0;
  if (tok_is(vx_peek(&v->x), "[")) {
    vtok_t at = *vx_peek(&v->x);
    if (!parse_range(v, &msb, &lsb, &is_range, "declaration")) return 0;
    if (!is_range) {
      vx_error(&v->x, &at, "a declaration range needs [msb:lsb]");
      return 0;
    }
    if ((msb > lsb ? msb - lsb : lsb - msb) >= (1 << 20)) {
      vx_error(&v->x, &at, "bus range [%d:%d] is too wide", (int)msb, (int)lsb);
      return 0;
    }
    has_range = 1;
  }
  for (;;) {
    vtok_t name = vx_next(&v->x);
    if (!is_name(&name)) {
      vx_error(&v->x, &name, "expected a name in declaration, got '%.*s'", (int)name.n, name.s);
      return 0;
    }
    char nm[NAME_MAX_LEN + 1];
    int n = canon(&name, nm, sizeof nm);
    if (n < 0) {
      vx_error(&v->x, &name, "name too long");
      return 0;
    }
    int32_t s = sig_find(v, nm, (size_t)n);
    if (s >= 0 && (v->sig_net[s] >= 0 || v->sig_bus[s] >= 0)) {
      /* a second declaration ("output x; wire x;"): the ranges must agree */
      int was_bus = v->sig_bus[s] >= 0;
      if (was_bus != has_range || (has_range && (v->buses[v->sig_bus[s]].msb != msb ||
                                                 v->buses[v->sig_bus[s]].lsb != lsb))) {
        vx_error(&v->x, &name, "'%s' declared again with a different range", nm);
        return 0;
      }
    } else {
      if (s < 0) {
        if (dir && !v->ansi && !in_header) {
          vx_error(&v->x, &name, "'%s' is declared as a port but is not in the module's port list",
                   nm);
          return 0;
        }
        s = sig_new(v, nm, (size_t)n);
        if (s < 0) return s;
      }
      int rc = sig_make_nets(v, s, has_range, msb, lsb);
      if (rc) return rc == UT_EPARSE ? 0 : rc;
    }
    if (dir) {
      if (v->sig_dir[s] && v->sig_dir[s] != dir) {
        vx_error(&v->x, &name, "port '%s' declared with two directions", nm);
        return 0;
      }
      if (!v->sig_dir[s] && in_header) {
        if (UT_RESERVE(v->ports, v->cap_ports, v->nports + 1)) return UT_ENOMEM;
        v->ports[v->nports++] = s;
      }
      v->sig_dir[s] = (uint8_t)dir;
    }
    if (supply || tok_is(vx_peek(&v->x), "=")) {
      size_t a = v->nbits = 0;
      int rc = ref_bits(v, &name);   /* bits of the declared signal */
      if (rc <= 0) return rc;
      size_t w = v->nbits;
      vtok_t at = name;
      if (supply) {
        for (size_t k = 0; k < w; k++)
          if (push_bit(v, supply)) return UT_ENOMEM;
      } else {
        at = vx_next(&v->x);  /* '=' */
        rc = parse_expr(v);
        if (rc <= 0) return rc;
        if (v->nbits - w != w) {
          vx_error(&v->x, &at, "assignment of %zu bits to the %zu bits of '%s'", v->nbits - w, w, nm);
          return 0;
        }
      }
      rc = add_pairs(v, a, w, w, &at);
      if (rc) return rc;
    }
    vtok_t *p = vx_peek(&v->x);
    if (in_header) {
      if (tok_is(p, ")")) return 1;
      if (tok_is(p, ",")) {
        vx_next(&v->x);
        vtok_t *q = vx_peek(&v->x);
        if (tok_is(q, "input") || tok_is(q, "output") || tok_is(q, "inout")) return 1;
        continue;
      }
    } else {
      vtok_t u = vx_next(&v->x);
      if (tok_is(&u, ";")) return 1;
      if (tok_is(&u, ",")) continue;
      vx_error(&v->x, &u, "expected ',' or ';' in declaration, got '%.*s'", (int)u.n, u.s);
      return 0;
    }
    vx_error(&v->x, p, "expected ',' or ')' in the port list, got '%.*s'", (int)p->n, p->s);
    return 0;
  }
}

static int parse_assign(vl_t *v) {
  for (;;) {
    v->nbits = 0;
    vtok_t at = *vx_peek(&v->x);
    int rc = parse_expr(v);
    if (rc <= 0) return rc;
    size_t w = v->nbits;
    if (!need_punct(v, "=", "assign")) return 0;
    rc = parse_expr(v);
    if (rc <= 0) return rc;
    if (v->nbits - w != w) {
      vx_error(&v->x, &at, "assign of %zu bits to %zu bits", v->nbits - w, w);
      return 0;
    }
    for (size_t k = 0; k < w; k++)
      if (v->bits[k] < 0) {
        vx_error(&v->x, &at, "assign to a constant");
        return 0;
      }
    rc = add_pairs(v, 0, w, w, &at);
    if (rc) return rc;
    vtok_t u = vx_next(&v->x);
    if (tok_is(&u, ";")) return 1;
    if (!tok_is(&u, ",")) {
      vx_error(&v->x, &u, "expected ',' or ';' after assign, got '%.*s'", (int)u.n, u.s);
      return 0;
    }
  }
}

/* ---- instances ---- */

static int is_module_name(const vl_t *v, const char *nm) {
  for (size_t i = 0; i < v->nmodules; i++)
    if (!strcmp(v->modules[i], nm)) return 1;
  return 0;
}

/* Connect the bits in v->bits to pin `pin` of component c (master m). */
static int connect(vl_t *v, int32_t c, int32_t m, const vtok_t *pin) {
  db_t *db = v->db;
  const char *pn = pin->s;
  size_t pl = pin->n;
  int32_t mp = db_find_mpin(db, m, pn, pl);
  int32_t lo = 0, hi = -1;
  if (mp < 0) {
    /* a bus pin: LEF pins "pin[k]" */
    for (int32_t p = db->master_pin_start[m]; p < db->master_pin_start[m + 1]; p++) {
      const char *q = db_str(db, db->mpin_name[p]);
      if (strncmp(q, pn, pl) || q[pl] != '[') continue;
      char *end;
      long k = strtol(q + pl + 1, &end, 10);
      if (end == q + pl + 1 || strcmp(end, "]")) continue;
      if (hi < lo) lo = hi = (int32_t)k;
      if (k < lo) lo = (int32_t)k;
      if (k > hi) hi = (int32_t)k;
    }
    if (hi < lo) {
      vx_error(&v->x, pin, "cell %s has no pin '%.*s' (instance %s)",
               db_str(db, db->master_name[m]), (int)pl, pn, db_str(db, db->cell_name[c]));
      return 0;
    }
    if (v->nbits != (size_t)(hi - lo + 1)) {
      vx_error(&v->x, pin, "pin %.*s of %s has %d bits, connected to %zu (instance %s)", (int)pl,
               pn, db_str(db, db->master_name[m]), (int)(hi - lo + 1), v->nbits,
               db_str(db, db->cell_name[c]));
      return 0;
    }
  } else if (v->nbits != 1) {
    vx_error(&v->x, pin, "pin %.*s of %s is one bit, connected to %zu (instance %s)", (int)pl, pn,
             db_str(db, db->master_name[m]), v->nbits, db_str(db, db->cell_name[c]));
    return 0;
  }
  for (size_t k = 0; k < v->nbits; k++) {
    int32_t p = mp;
    if (mp < 0) {
      char nm[NAME_MAX_LEN + 32];
      snprintf(nm, sizeof nm, "%.*s[%d]", (int)pl, pn, (int)(hi - (int32_t)k));
      p = db_find_mpin(db, m, nm, strlen(nm));
      if (p < 0) continue;  /* a hole in the LEF bus */
    }
    if (v->stamp[p] == c + 1) {
      vx_error(&v->x, pin, "pin %s of instance %s connected twice", db_str(db, db->mpin_name[p]),
               db_str(db, db->cell_name[c]));
      return 0;
    }
    v->stamp[p] = c + 1;
    int32_t b = v->bits[k];
    if (db->mpin_use[p] == DB_USE_POWER || db->mpin_use[p] == DB_USE_GROUND) {
      v->power_pins++;
      continue;
    }
    if (b == VL_CX) {
      v->unconnected_x++;
      continue;
    }
    if (b < 0) {
      v->ties++;
      continue;
    }
    if (UT_RESERVE(v->conns, v->cap_conns, v->nconns + 1)) return UT_ENOMEM;
    vconn_t *q = &v->conns[v->nconns++];
    q->cell = c;
    q->mpin = p;
    q->bit = b;
  }
  return 1;
}

/* Skip "#( ... )" parameters. */
static int skip_params(vl_t *v) {
  vx_next(&v->x);  /* '#' */
  if (!need_punct(v, "(", "parameters")) return 0;
  int depth = 1;
  while (depth) {
    vtok_t t = vx_next(&v->x);
    if (t.kind == VT_EOF) {
      vx_error(&v->x, &t, "unexpected end of file in parameters");
      return 0;
    }
    if (tok_is(&t, "(")) depth++;
    if (tok_is(&t, ")")) depth--;
  }
  return 1;
}

static int parse_instances(vl_t *v, const vtok_t *master) {
  db_t *db = v->db;
  char mname[NAME_MAX_LEN + 1];
  snprintf(mname, sizeof mname, "%.*s", (int)master->n, master->s);
  int32_t m = db_find_master(db, mname, strlen(mname));
  if (tok_is(vx_peek(&v->x), "#") && !skip_params(v)) return 0;
  if (m < 0) {
    if (is_module_name(v, mname))
      vx_error(&v->x, master, "instance of module '%s': hierarchical netlists are not supported "
               "(flatten the netlist first)", mname);
    else
      vx_error(&v->x, master, "unknown cell '%s' (not in the LEF files)", mname);
    skip_statement(v);
    return 1;
  }
  for (;;) {
    vtok_t inst = vx_next(&v->x);
    if (!is_name(&inst)) {
      vx_error(&v->x, &inst, "expected an instance name after '%s', got '%.*s'", mname,
               (int)inst.n, inst.s);
      if (!tok_is(&inst, ";")) skip_statement(v);
      return 1;
    }
    if (tok_is(vx_peek(&v->x), "[")) {
      vx_error(&v->x, vx_peek(&v->x), "instance arrays are not supported");
      skip_statement(v);
      return 1;
    }
    char nm[NAME_MAX_LEN + 1];
    int n = canon(&inst, nm, sizeof nm);
    if (n < 0) {
      vx_error(&v->x, &inst, "name too long");
      skip_statement(v);
      return 1;
    }
    if (db_find_cell(db, nm, (size_t)n) >= 0) {
      vx_error(&v->x, &inst, "duplicate instance '%s'", nm);
      skip_statement(v);
      return 1;
    }
    int32_t c = db_add_cell(db, nm, (size_t)n, m);
    if (c < 0) return c;
    if (!need_punct(v, "(", "instance")) {
      skip_statement(v);
      return 1;
    }
    if (tok_is(vx_peek(&v->x), ")")) {
      vx_next(&v->x);
    } else {
      for (;;) {
        vtok_t dot = vx_next(&v->x);
        if (!tok_is(&dot, ".")) {
          vx_error(&v->x, &dot, "positional connections are not supported (instance %s): use "
                   ".PIN(net)", nm);
          skip_statement(v);
          return 1;
        }
        vtok_t pin = vx_next(&v->x);
        if (!is_name(&pin)) {
          vx_error(&v->x, &pin, "expected a pin name after '.', got '%.*s'", (int)pin.n, pin.s);
          skip_statement(v);
          return 1;
        }
        if (!need_punct(v, "(", "pin connection")) {
          skip_statement(v);
          return 1;
        }
        v->nbits = 0;
        if (!tok_is(vx_peek(&v->x), ")")) {
          int rc = parse_expr(v);
          if (rc < 0) return rc;
          if (rc == 0) {
            skip_statement(v);
            return 1;
          }
        }
        if (!need_punct(v, ")", "pin connection")) {
          skip_statement(v);
          return 1;
        }
        if (v->nbits) {
          int rc = connect(v, c, m, &pin);
          if (rc < 0) return rc;
        }
        vtok_t u = vx_next(&v->x);
        if (tok_is(&u, ")")) break;
        if (!tok_is(&u, ",")) {
          vx_error(&v->x, &u, "expected ',' or ')' in the connections of %s, got '%.*s'", nm,
                   (int)u.n, u.s);
          skip_statement(v);
          return 1;
        }
      }
    }
    vtok_t u = vx_next(&v->x);
    if (tok_is(&u, ";")) return 1;
    if (!tok_is(&u, ",")) {
      vx_error(&v->x, &u, "expected ';' after instance %s, got '%.*s'", nm, (int)u.n, u.s);
      skip_statement(v);
      return 1;
    }
  }
}

/* ---- module ---- */

static int skip_block(vl_t *v, const char *end) {
  for (;;) {
    vtok_t t = vx_next(&v->x);
    if (t.kind == VT_EOF) {
      vx_error(&v->x, &t, "unexpected end of file (missing %s)", end);
      return 0;
    }
    if (tok_is(&t, end)) return 1;
  }
}

static int parse_module(vl_t *v) {
  vx_next(&v->x);  /* module */
  vtok_t name = vx_next(&v->x);
  v->modname = name;
  if (tok_is(vx_peek(&v->x), "#") && !skip_params(v)) return 0;
  if (tok_is(vx_peek(&v->x), "(")) {
    vx_next(&v->x);
    vtok_t *p = vx_peek(&v->x);
    if (tok_is(p, "input") || tok_is(p, "output") || tok_is(p, "inout")) {
      v->ansi = 1;
      for (;;) {
        vtok_t d = vx_next(&v->x);
        int dir = tok_is(&d, "input") ? PD_IN : tok_is(&d, "output") ? PD_OUT : PD_INOUT;
        int rc = parse_decl(v, dir, 0, 1);
        if (rc <= 0) return rc;
        if (tok_is(vx_peek(&v->x), ")")) break;
      }
      vx_next(&v->x);
    } else if (tok_is(p, ")")) {
      vx_next(&v->x);
    } else {
      for (;;) {
        vtok_t t = vx_next(&v->x);
        if (!is_name(&t)) {
          vx_error(&v->x, &t, "expected a port name in the port list of %.*s, got '%.*s'",
                   (int)name.n, name.s, (int)t.n, t.s);
          return 0;
        }
        char nm[NAME_MAX_LEN + 1];
        int n = canon(&t, nm, sizeof nm);
        if (n < 0 || sig_find(v, nm, (size_t)n) >= 0) {
          vx_error(&v->x, &t, "port '%.*s' listed twice (or name too long)", (int)t.n, t.s);
          return 0;
        }
        int32_t s = sig_new(v, nm, (size_t)n);
        if (s < 0) return s;
        if (UT_RESERVE(v->ports, v->cap_ports, v->nports + 1)) return UT_ENOMEM;
        v->ports[v->nports++] = s;
        vtok_t u = vx_next(&v->x);
        if (tok_is(&u, ")")) break;
        if (!tok_is(&u, ",")) {
          vx_error(&v->x, &u, "expected ',' or ')' in the port list, got '%.*s'", (int)u.n, u.s);
          return 0;
        }
      }
    }
  }
  if (!need_punct(v, ";", "module header")) return 0;
  static const char *const SKIP_STMT[] = {"parameter", "localparam", "defparam", "genvar",
                                          "integer", "real", "time", "realtime", "event",
                                          "specparam", NULL};
  static const char *const BEHAVIOURAL[] = {"always", "initial", "function", "task", "generate",
                                            "begin", "fork", "always_comb", "always_ff", NULL};
  for (;;) {
    if (ut_diag_full(v->diag)) return 0;
    vtok_t t = vx_next(&v->x);
    int rc = 1;
    if (t.kind == VT_EOF) {
      vx_error(&v->x, &t, "unexpected end of file in module %.*s (missing endmodule)",
               (int)name.n, name.s);
      return 0;
    } else if (tok_is(&t, "endmodule")) {
      return 1;
    } else if (tok_is(&t, "input") || tok_is(&t, "output") || tok_is(&t, "inout")) {
      if (v->ansi) {
        vx_error(&v->x, &t, "port declaration in the body of an ANSI-style module");
        skip_statement(v);
        continue;
      }
      rc = parse_decl(v, tok_is(&t, "input") ? PD_IN : tok_is(&t, "output") ? PD_OUT : PD_INOUT,
                      0, 0);
    } else if (is_kw(&t, NET_TYPES)) {
      rc = parse_decl(v, PD_NONE, 0, 0);
    } else if (tok_is(&t, "supply0") || tok_is(&t, "supply1")) {
      rc = parse_decl(v, PD_NONE, tok_is(&t, "supply0") ? VL_C0 : VL_C1, 0);
    } else if (tok_is(&t, "assign")) {
      rc = parse_assign(v);
    } else if (is_kw(&t, SKIP_STMT)) {
      skip_statement(v);
    } else if (tok_is(&t, "specify")) {
      rc = skip_block(v, "endspecify");
    } else if (is_kw(&t, BEHAVIOURAL)) {
      vx_error(&v->x, &t, "'%.*s': behavioural Verilog is not supported (a gate-level netlist "
               "has only declarations, assign and instances)", (int)t.n, t.s);
      return 0;
    } else if (is_name(&t)) {
      rc = parse_instances(v, &t);
    } else if (tok_is(&t, ";")) {
      continue;
    } else {
      vx_error(&v->x, &t, "unexpected '%.*s' in module %.*s", (int)t.n, t.s, (int)name.n, name.s);
      skip_statement(v);
      continue;
    }
    if (rc < 0) return rc;
    if (rc == 0) skip_statement(v);
  }
}

/* The quick pass: module names, where they start, and which names are instantiated. */
typedef struct vmod_t {
  size_t off, line_start;
  int line;
} vmod_t;

static int skim(vl_t *v, const char *buf, size_t len, const char *top, vmod_t *chosen) {
  vlex_t x;
  vx_init(&x, buf, len, v->file, v->diag);
  ut_pool_t pool = {0};
  ut_strmap_t inst = {0};
  uint32_t *inames = NULL;
  size_t ninames = 0, cap_inames = 0, cap_mod = 0, cap_at = 0;
  vmod_t *at = NULL;
  int rc = UT_OK;
  uint32_t off0;
  if (ut_pool_add(&pool, "", 0, &off0)) return UT_ENOMEM;
  for (;;) {
    vtok_t t = vx_next(&x);
    if (t.kind == VT_EOF) break;
    if (!tok_is(&t, "module") && !tok_is(&t, "macromodule")) {
      if (tok_is(&t, "primitive")) {
        while (t.kind != VT_EOF && !tok_is(&t, "endprimitive")) t = vx_next(&x);
        continue;
      }
      vx_error(&x, &t, "expected 'module', got '%.*s'", (int)t.n, t.s);
      rc = UT_EPARSE;
      break;
    }
    vmod_t here = {(size_t)(t.s - buf), (size_t)(t.s - buf) - (size_t)(t.col - 1), t.line};
    vtok_t name = vx_next(&x);
    if (!is_name(&name)) {
      vx_error(&x, &name, "expected a module name, got '%.*s'", (int)name.n, name.s);
      rc = UT_EPARSE;
      break;
    }
    if (UT_RESERVE(v->modules, cap_mod, v->nmodules + 1) || UT_RESERVE(at, cap_at, v->nmodules + 1)) {
      rc = UT_ENOMEM;
      break;
    }
    v->modules[v->nmodules] = ut_strndup(name.s, name.n);
    if (!v->modules[v->nmodules]) {
      rc = UT_ENOMEM;
      break;
    }
    at[v->nmodules++] = here;
    /* statements: an instance starts with two names (or a name and '#') */
    int depth = 0, stmt_start = 0, ended = 0;
    for (;;) {
      t = vx_next(&x);
      if (t.kind == VT_EOF) break;
      if (tok_is(&t, "endmodule")) {
        ended = 1;
        break;
      }
      if (tok_is(&t, "(") || tok_is(&t, "{") || tok_is(&t, "[")) depth++;
      else if (tok_is(&t, ")") || tok_is(&t, "}") || tok_is(&t, "]")) depth--;
      if (tok_is(&t, ";") && depth <= 0) {
        depth = 0;
        stmt_start = 1;
        continue;
      }
      if (stmt_start && t.kind == VT_ID && !is_kw(&t, NET_TYPES) && (is_name(vx_peek(&x)) ||
                                                                     tok_is(vx_peek(&x), "#"))) {
        if (ut_strmap_find(&inst, &pool, inames, t.s, t.n) < 0) {
          if (UT_RESERVE(inames, cap_inames, ninames + 1) ||
              ut_pool_add(&pool, t.s, t.n, &inames[ninames]) ||
              ut_strmap_insert(&inst, &pool, inames, (int32_t)ninames)) {
            rc = UT_ENOMEM;
            break;
          }
          ninames++;
        }
      }
      stmt_start = 0;
    }
    if (rc) break;
    if (!ended) {
      vx_error(&x, &t, "unexpected end of file in module %s (missing endmodule)",
               v->modules[v->nmodules - 1]);
      rc = UT_EPARSE;
      break;
    }
  }
  int pick = -1;
  if (!rc && !v->nmodules) {
    ut_diag_error(v->diag, v->file, 0, 0, "no module in the file");
    rc = UT_EPARSE;
  }
  if (!rc && top) {
    for (size_t i = 0; i < v->nmodules; i++)
      if (!strcmp(v->modules[i], top)) pick = (int)i;
    if (pick < 0) {
      ut_diag_error(v->diag, v->file, 0, 0, "no module '%s' in the file (it has %zu: first '%s')",
                    top, v->nmodules, v->modules[0]);
      rc = UT_EPARSE;
    }
  } else if (!rc) {
    int count = 0;
    for (size_t i = 0; i < v->nmodules; i++)
      if (ut_strmap_find(&inst, &pool, inames, v->modules[i], strlen(v->modules[i])) < 0) {
        if (!count++) pick = (int)i;
      }
    if (count != 1) {
      ut_diag_error(v->diag, v->file, 0, 0, "%zu modules and %d not instantiated by another: "
                    "name the top module (--top)", v->nmodules, count);
      rc = UT_EPARSE;
    }
  }
  if (!rc) *chosen = at[pick];
  ut_free(at);
  ut_free(inames);
  ut_strmap_free(&inst);
  ut_pool_free(&pool);
  return rc;
}

/* ---- building the nets ---- */

static int build(vl_t *v) {
  db_t *db = v->db;
  /* port bits: priorities first (they name merged nets), then the deferred assigns */
  size_t nbits_ports = 0;
  for (size_t i = 0; i < v->nports; i++) {
    int32_t s = v->ports[i];
    if (!v->sig_dir[s]) {
      ut_diag_error(v->diag, v->file, 0, 0, "port '%s' has no input/output/inout declaration",
                    v->pool.buf + v->sig_name[s]);
      continue;
    }
    if (v->sig_bus[s] < 0 && v->sig_net[s] < 0) {
      int rc = sig_make_nets(v, s, 0, 0, 0);
      if (rc) return rc;
    }
    if (v->sig_bus[s] >= 0) {
      const vbus_t *b = &v->buses[v->sig_bus[s]];
      nbits_ports += (size_t)(b->msb > b->lsb ? b->msb - b->lsb : b->lsb - b->msb) + 1;
    } else {
      nbits_ports++;
    }
  }
  if (v->diag->nerrors > v->errors0) return UT_EPARSE;
  int32_t *pbits = ut_malloc((nbits_ports ? nbits_ports : 1) * sizeof *pbits);
  uint8_t *pdir = ut_malloc(nbits_ports ? nbits_ports : 1);
  int32_t *net_of = ut_malloc((v->nnets ? v->nnets : 1) * sizeof *net_of);
  int32_t *io_of = ut_malloc((nbits_ports ? nbits_ports : 1) * sizeof *io_of);
  if (!pbits || !pdir || !net_of || !io_of) {
    ut_free(pbits); ut_free(pdir); ut_free(net_of); ut_free(io_of);
    return UT_ENOMEM;
  }
  size_t k = 0;
  for (size_t i = 0; i < v->nports; i++) {
    int32_t s = v->ports[i];
    if (v->sig_bus[s] < 0) {
      pdir[k] = v->sig_dir[s];
      pbits[k++] = v->sig_net[s];
      continue;
    }
    /* bus bits in increasing index */
    const vbus_t *b = &v->buses[v->sig_bus[s]];
    int32_t w = (b->msb > b->lsb ? b->msb - b->lsb : b->lsb - b->msb) + 1;
    for (int32_t j = 0; j < w; j++) {
      pdir[k] = v->sig_dir[s];
      pbits[k++] = b->msb >= b->lsb ? b->first + w - 1 - j : b->first + j;
    }
  }
  for (size_t i = 0; i < nbits_ports; i++) v->prio[pbits[i]] = (int64_t)i;
  for (size_t i = 0; i < v->npairs; i++) unify(v, v->pairs[2 * i], v->pairs[2 * i + 1], &v->pair_at[i]);
  int rc = v->diag->nerrors > v->errors0 ? UT_EPARSE : UT_OK;

  /* nets in order of first connection: IO pins, then component pins */
  for (size_t i = 0; i < v->nnets; i++) net_of[i] = -1;
  size_t nnets = 0, ties0 = v->ties;
  int32_t *order = NULL;  /* root per db net */
  size_t cap_order = 0;
#define SEE(bit) do { int32_t r_ = root(v, (bit)); \
    if (!v->tie[r_] && net_of[r_] < 0) { \
      if (UT_RESERVE(order, cap_order, nnets + 1)) { rc = UT_ENOMEM; break; } \
      order[nnets] = r_; net_of[r_] = (int32_t)nnets++; } } while (0)
  for (size_t i = 0; i < nbits_ports && !rc; i++) SEE(pbits[i]);
  for (size_t i = 0; i < v->nconns && !rc; i++) SEE(v->conns[i].bit);
#undef SEE
  int32_t *start = NULL, *fill = NULL;
  if (!rc) {
    start = ut_calloc(nnets + 1, sizeof *start);
    fill = ut_malloc((nnets + 1) * sizeof *fill);
    if (!start || !fill) rc = UT_ENOMEM;
  }
  /* IO pins */
  for (size_t i = 0; i < nbits_ports && !rc; i++) {
    const char *nm = v->pool.buf + v->net_name[pbits[i]];
    int32_t io = db_add_io(db, nm, strlen(nm));
    if (io < 0) {
      rc = io;
      break;
    }
    io_of[i] = io;
    db->io_dir[io] = pdir[i] == PD_IN ? DB_PDIR_INPUT : pdir[i] == PD_OUT ? DB_PDIR_OUTPUT
                                                                          : DB_PDIR_INOUT;
    int32_t r = root(v, pbits[i]);
    if (v->tie[r]) v->ties++;
    else start[net_of[r] + 1]++;
  }
  for (size_t i = 0; i < v->nconns && !rc; i++) {
    int32_t r = root(v, v->conns[i].bit);
    if (v->tie[r]) v->ties++;
    else start[net_of[r] + 1]++;
  }
  size_t npins = 0;
  int32_t *pin_cell = NULL, *pin_ref = NULL;
  if (!rc) {
    for (size_t n = 0; n < nnets; n++) start[n + 1] += start[n];
    npins = (size_t)start[nnets];
    memcpy(fill, start, (nnets + 1) * sizeof *fill);
    pin_cell = ut_malloc((npins ? npins : 1) * sizeof *pin_cell);
    pin_ref = ut_malloc((npins ? npins : 1) * sizeof *pin_ref);
    if (!pin_cell || !pin_ref) rc = UT_ENOMEM;
  }
  if (!rc) {
    for (size_t i = 0; i < nbits_ports; i++) {
      int32_t r = root(v, pbits[i]);
      if (v->tie[r]) continue;
      int32_t q = fill[net_of[r]]++;
      pin_cell[q] = -1;
      pin_ref[q] = io_of[i];
    }
    for (size_t i = 0; i < v->nconns; i++) {
      int32_t r = root(v, v->conns[i].bit);
      if (v->tie[r]) continue;
      int32_t q = fill[net_of[r]]++;
      pin_cell[q] = v->conns[i].cell;
      pin_ref[q] = v->conns[i].mpin;
    }
    for (size_t n = 0; n < nnets && !rc; n++) {
      const char *nm = v->pool.buf + v->net_name[order[n]];
      int32_t net = db_add_net(db, nm, strlen(nm));
      if (net < 0) {
        rc = net;
        break;
      }
      for (int32_t q = start[n]; q < start[n + 1]; q++) {
        int32_t p = db_add_pin(db, pin_cell[q], pin_ref[q]);
        if (p < 0) {
          rc = p;
          break;
        }
        if (pin_cell[q] < 0) db->io_net_name[pin_ref[q]] = db->net_name[net];
      }
    }
  }
  if (!rc && v->ties > ties0)
    UT_INFO("VL", "%zu pins tied to constants left unconnected", v->ties - ties0);
  ut_free(pin_cell);
  ut_free(pin_ref);
  ut_free(start);
  ut_free(fill);
  ut_free(order);
  ut_free(pbits);
  ut_free(pdir);
  ut_free(net_of);
  ut_free(io_of);
  return rc;
}

int vl_read_buffer(db_t *db, const char *buf, size_t len, const char *name, const char *top,
                   ut_diag_t *diag) {
  if (!db->nmasters) {
    ut_diag_error(diag, name, 0, 0, "no LEF library: read the LEF files before the netlist");
    return UT_EINVAL;
  }
  if (db->ncells || db->nnets || db->nios) {
    ut_diag_error(diag, name, 0, 0, "the database already holds a design");
    return UT_EINVAL;
  }
  lex_t lx;
  lex_init(&lx, buf, len, name, diag);
  if (lex_check_text(&lx)) return UT_EPARSE;  /* binary data, reported at its line and column */
  int rc = db_lib_bind_units(db, db->dbu > 0 ? db->dbu : db->lef_dbu > 0 ? db->lef_dbu : 1000);
  if (rc) return rc;
  vl_t v;
  memset(&v, 0, sizeof v);
  v.db = db;
  v.diag = diag;
  v.file = name;
  int errors0 = diag->nerrors;
  v.errors0 = errors0;
  uint32_t off;
  if (ut_pool_add(&v.pool, "", 0, &off)) return UT_ENOMEM;
  vmod_t m;
  rc = skim(&v, buf, len, top, &m);
  if (!rc) {
    v.stamp = ut_calloc(db->nmpins ? db->nmpins : 1, sizeof *v.stamp);
    if (!v.stamp) rc = UT_ENOMEM;
  }
  if (!rc) {
    vx_init(&v.x, buf, len, name, diag);
    v.x.pos = m.off;
    v.x.line = m.line;
    v.x.line_start = m.line_start;
    rc = parse_module(&v);
    rc = rc < 0 ? rc : UT_OK;
    if (!rc && diag->nerrors == errors0) rc = build(&v);
    if (!rc && diag->nerrors == errors0) {
      char nm[NAME_MAX_LEN + 1];
      int n = canon(&v.modname, nm, sizeof nm);
      if (n < 0 || ut_pool_add(&db->names, nm, (size_t)n, &off)) rc = n < 0 ? UT_ELIMIT : UT_ENOMEM;
      else {
        db->design_name = off;
        db->has_design = 1;
      }
    }
  }
  if (!rc && diag->nerrors > errors0) rc = UT_EPARSE;
  if (!rc) {
    if (v.implicit) UT_INFO("VL", "%zu implicit (undeclared) nets", v.implicit);
    if (v.power_pins)
      UT_INFO("VL", "%zu power/ground pin connections left to the power grid", v.power_pins);
    if (v.unconnected_x) UT_INFO("VL", "%zu pins connected to x/z left unconnected", v.unconnected_x);
    rc = db_finish(db);
  }
  vl_free(&v);
  return rc;
}

int vl_read(db_t *db, const char *path, const char *top, ut_diag_t *diag) {
  char *buf;
  size_t len;
  int rc = lex_load_file(path, &buf, &len, diag);
  if (rc) return rc;
  rc = vl_read_buffer(db, buf, len, path, top, diag);
  ut_free(buf);
  return rc;
}
