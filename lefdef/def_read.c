/*
 * def_read.c: DEF 5.8 reader (recursive descent over the lex.h token stream).
 *
 * Sections the database models (UNITS, DIEAREA, ROW, TRACKS, GCELLGRID, COMPONENTS, PINS, NETS,
 * BLOCKAGES, REGIONS, GROUPS) are parsed; every other section (VIAS, SPECIALNETS, NONDEFAULTRULES,
 * SCANCHAINS, FILLS, ...) is skipped through its END and survives in the kept text.  Errors are
 * reported like a compiler's and the reader resumes at the next ';', stopping after 20 errors.
 * Header counts that disagree with the entries are warnings (real DEFs often have them wrong).
 *
 * The placement clause of every component and IO pin is recorded as a byte span (start of the '+'
 * to the end of the orientation) so def_write.c can splice new placements into the original text.
 */
#include "def.h"

#include <math.h>
#include <string.h>

#include "lex.h"

typedef struct def_parser_t {
  lex_t lx;
  db_t *db;
  int units_bound;
} def_parser_t;

static int is_semi(const lex_tok_t *t) { return !t->quoted && t->n == 1 && t->s[0] == ';'; }
static int is_plus(const lex_tok_t *t) { return !t->quoted && t->n == 1 && t->s[0] == '+'; }
static int is_minus(const lex_tok_t *t) { return !t->quoted && t->n == 1 && t->s[0] == '-'; }
static int is_lp(const lex_tok_t *t) { return !t->quoted && t->n == 1 && t->s[0] == '('; }
static int is_rp(const lex_tok_t *t) { return !t->quoted && t->n == 1 && t->s[0] == ')'; }

static int need(def_parser_t *ps, lex_tok_t *t, const char *what) {
  if (lex_next(&ps->lx, t)) return 1;
  lex_error(&ps->lx, t, "unexpected end of file in %s (missing END?)", what);
  return 0;
}

/* An integer coordinate or count in int32 range ("1200" or "1200.0"). */
static int tok_int32(def_parser_t *ps, const lex_tok_t *t, int32_t *v, const char *what) {
  int64_t x;
  if (lex_to_int64(t, &x)) {
    double d;
    if (lex_to_double(t, &d) || d != floor(d) || fabs(d) > 9e18) {
      lex_error(&ps->lx, t, "expected an integer in %s, got '%.*s'", what, (int)t->n, t->s);
      return 0;
    }
    x = (int64_t)d;
  }
  if (x < -(int64_t)INT32_MAX || x > INT32_MAX) {
    lex_error(&ps->lx, t, "%s value %lld is out of range (|v| must be below 2^31)", what,
              (long long)x);
    return 0;
  }
  *v = (int32_t)x;
  return 1;
}

static int need_int32(def_parser_t *ps, int32_t *v, const char *what) {
  lex_tok_t t;
  if (!need(ps, &t, what)) return 0;
  return tok_int32(ps, &t, v, what);
}

/* "( x y )"; '*' repeats the previous coordinate (prev may be NULL). */
static int need_point(def_parser_t *ps, int32_t *x, int32_t *y, const int32_t *prev,
                      const char *what) {
  lex_tok_t t;
  if (!need(ps, &t, what)) return 0;
  if (!is_lp(&t)) {
    lex_error(&ps->lx, &t, "expected '(' in %s, got '%.*s'", what, (int)t.n, t.s);
    return 0;
  }
  int32_t v[2];
  for (int i = 0; i < 2; i++) {
    if (!need(ps, &t, what)) return 0;
    if (!t.quoted && t.n == 1 && t.s[0] == '*' && prev) {
      v[i] = prev[i];
    } else if (!tok_int32(ps, &t, &v[i], what)) {
      return 0;
    }
  }
  if (!need(ps, &t, what)) return 0;
  if (!is_rp(&t)) {
    lex_error(&ps->lx, &t, "expected ')' in %s, got '%.*s'", what, (int)t.n, t.s);
    return 0;
  }
  *x = v[0];
  *y = v[1];
  return 1;
}

static int need_semi(def_parser_t *ps, const char *what) {
  lex_tok_t t;
  if (!need(ps, &t, what)) return 0;
  if (is_semi(&t)) return 1;
  lex_error(&ps->lx, &t, "expected ';' in %s, got '%.*s'", what, (int)t.n, t.s);
  lex_skip_statement(&ps->lx);
  return 0;
}

/* Skip tokens until the next '+' or ';' (left unread).  Returns 0 at end of file. */
static int skip_option(def_parser_t *ps) {
  lex_tok_t t;
  while (lex_peek(&ps->lx, &t)) {
    if (is_plus(&t) || is_semi(&t)) return 1;
    lex_next(&ps->lx, &t);
  }
  return 0;
}

/* Skip a whole section through "END <kw>". */
static int skip_section(def_parser_t *ps, const char *kw) {
  lex_tok_t t, u;
  while (lex_next(&ps->lx, &t)) {
    if (!lex_is(&t, "END")) continue;
    if (lex_peek(&ps->lx, &u) && lex_is(&u, kw)) {
      lex_next(&ps->lx, &u);
      return 1;
    }
  }
  lex_error(&ps->lx, NULL, "unexpected end of file in %s (missing END %s)", kw, kw);
  return 0;
}

static int bind_units(def_parser_t *ps, const lex_tok_t *at) {
  if (ps->units_bound) return 1;
  if (!ps->db->dbu) {
    lex_warn(&ps->lx, at, "no UNITS DISTANCE MICRONS before this statement; assuming 100");
    ps->db->dbu = 100;
  }
  int rc = db_lib_bind_units(ps->db, ps->db->dbu);
  if (rc == UT_ENOMEM) return rc;  /* out of memory is not a syntax error */
  if (rc) {
    lex_error(&ps->lx, at, "cannot bind library units (error %d)", rc);
    return 0;
  }
  ps->units_bound = 1;
  return 1;
}

/* Section header "KEYWORD count ;".  Returns the count (or -1 after an error). */
static long section_count(def_parser_t *ps, const char *kw) {
  int32_t n;
  if (!need_int32(ps, &n, kw)) {
    lex_skip_statement(&ps->lx);
    return -1;
  }
  if (n < 0) {
    lex_error(&ps->lx, NULL, "negative count in %s", kw);
    n = 0;
  }
  need_semi(ps, kw);
  return n;
}

static void check_count(def_parser_t *ps, const lex_tok_t *at, const char *kw, long want,
                        long got) {
  if (want >= 0 && want != got)
    lex_warn(&ps->lx, at, "%s header says %ld but %ld entries follow", kw, want, got);
}

/* Read section entries: for each "- ..." call fn; stops at "END kw".  fn consumes through ';'. */
typedef int (*entry_fn)(def_parser_t *ps, const lex_tok_t *dash);

static int read_entries(def_parser_t *ps, const char *kw, entry_fn fn) {
  lex_tok_t head = {0};
  lex_peek(&ps->lx, &head);
  long want = section_count(ps, kw), got = 0;
  lex_tok_t t;
  for (;;) {
    if (!lex_next(&ps->lx, &t)) {
      lex_error(&ps->lx, &t, "unexpected end of file in %s (missing END %s)", kw, kw);
      return 0;
    }
    if (lex_is(&t, "END")) {
      lex_tok_t u;
      if (!need(ps, &u, kw)) return 0;
      if (!lex_is(&u, kw)) {
        lex_error(&ps->lx, &u, "expected END %s, got END %.*s", kw, (int)u.n, u.s);
        return 0;
      }
      break;
    }
    if (!is_minus(&t)) {
      lex_error(&ps->lx, &t, "expected '-' to start an entry in %s, got '%.*s'", kw, (int)t.n,
                t.s);
      if (!is_semi(&t)) lex_skip_statement(&ps->lx);
      if (ut_diag_full(ps->lx.diag)) return 0;
      continue;
    }
    got++;
    int rc = fn(ps, &t);
    if (rc < 0) return rc;
    if (ut_diag_full(ps->lx.diag)) return 0;
  }
  check_count(ps, &head, kw, want, got);
  return 1;
}

/* "+ PLACED ( x y ) O" etc. after the '+' and keyword were read; fills status/x/y/orient. */
static int parse_place(def_parser_t *ps, const lex_tok_t *kw, uint8_t *status, int32_t *x,
                       int32_t *y, uint8_t *orient, int64_t *end) {
  *status = lex_is(kw, "FIXED") ? DB_FIXED : lex_is(kw, "COVER") ? DB_COVER : DB_PLACED;
  if (!need_point(ps, x, y, NULL, "placement")) return 0;
  lex_tok_t o;
  if (!need(ps, &o, "placement")) return 0;
  int v = db_orient_parse(o.s, o.n);
  if (v < 0 || o.quoted) {
    lex_error(&ps->lx, &o, "unknown orientation '%.*s' (expected N, S, E, W, FN, FS, FE or FW)",
              (int)o.n, o.s);
    return 0;
  }
  *orient = (uint8_t)v;
  *end = o.end;
  return 1;
}

/* bind_units: 1 ok, 0 reported error, negative out of memory. */

/* ---- COMPONENTS ---- */

static int component_entry(def_parser_t *ps, const lex_tok_t *dash) {
  db_t *db = ps->db;
  lex_tok_t name, master, t;
  if (!need(ps, &name, "COMPONENTS") || !need(ps, &master, "COMPONENTS")) return 0;
  if (is_semi(&name) || is_semi(&master)) {
    lex_error(&ps->lx, is_semi(&name) ? &name : &master,
              "component entry needs a name and a master");
    if (!is_semi(&master)) lex_skip_statement(&ps->lx);
    return 1;
  }
  int32_t m = db_find_master(db, master.s, master.n);
  if (m < 0) {
    lex_error(&ps->lx, &master, "unknown macro '%.*s' in COMPONENTS (component %.*s)",
              (int)master.n, master.s, (int)name.n, name.s);
    lex_skip_statement(&ps->lx);
    return 1;
  }
  if (db_find_cell(db, name.s, name.n) >= 0) {
    lex_error(&ps->lx, &name, "duplicate component '%.*s' in COMPONENTS", (int)name.n, name.s);
    lex_skip_statement(&ps->lx);
    return 1;
  }
  int32_t c = db_add_cell(db, name.s, name.n, m);
  if (c < 0) return c;
  int have_place = 0;
  for (;;) {
    if (!need(ps, &t, "COMPONENTS")) return 0;
    if (is_semi(&t)) {
      if (!have_place) {
        db->cell_span_off[c] = t.off;  /* insertion point before ';' */
        db->cell_span_len[c] = 0;
      }
      break;
    }
    if (!is_plus(&t)) {
      lex_error(&ps->lx, &t, "expected '+' or ';' in component %.*s, got '%.*s'", (int)name.n,
                name.s, (int)t.n, t.s);
      lex_skip_statement(&ps->lx);
      return 1;
    }
    lex_tok_t kw;
    if (!need(ps, &kw, "COMPONENTS")) return 0;
    if (lex_is(&kw, "PLACED") || lex_is(&kw, "FIXED") || lex_is(&kw, "COVER")) {
      int32_t x, y;
      uint8_t st, o;
      int64_t end;
      if (!parse_place(ps, &kw, &st, &x, &y, &o, &end)) {
        lex_skip_statement(&ps->lx);
        return 1;
      }
      db->cell_x[c] = db->cell_orig_x[c] = x;
      db->cell_y[c] = db->cell_orig_y[c] = y;
      db->cell_orient[c] = db->cell_orig_orient[c] = o;
      db->cell_status[c] = db->cell_orig_status[c] = st;
      db->cell_span_off[c] = t.off;
      db->cell_span_len[c] = (int32_t)(end - t.off);
      have_place = 1;
    } else if (lex_is(&kw, "UNPLACED")) {
      db->cell_status[c] = db->cell_orig_status[c] = DB_UNPLACED;
      db->cell_span_off[c] = t.off;
      db->cell_span_len[c] = (int32_t)(kw.end - t.off);
      have_place = 1;
    } else if (lex_is(&kw, "WEIGHT")) {
      int32_t w;
      if (!need_int32(ps, &w, "WEIGHT")) {
        lex_skip_statement(&ps->lx);
        return 1;
      }
      if (w < 0) lex_error(&ps->lx, &kw, "negative WEIGHT for component %.*s", (int)name.n,
                           name.s);
      db->cell_weight[c] = w;
      db->cell_flags[c] |= DB_CF_WEIGHT;
    } else if (lex_is(&kw, "REGION")) {
      lex_tok_t r;
      if (!need(ps, &r, "REGION")) return 0;
      int32_t reg = db_find_region(db, r.s, r.n);
      if (reg < 0)
        lex_error(&ps->lx, &r, "unknown region '%.*s' for component %.*s", (int)r.n, r.s,
                  (int)name.n, name.s);
      db->cell_region[c] = reg;
    } else if (lex_is(&kw, "HALO")) {
      lex_tok_t s;
      if (!lex_peek(&ps->lx, &s)) return 0;
      int soft = lex_is(&s, "SOFT");
      if (soft) lex_next(&ps->lx, &s);
      int32_t h[4];
      for (int i = 0; i < 4; i++)
        if (!need_int32(ps, &h[i], "HALO")) {
          lex_skip_statement(&ps->lx);
          return 1;
        }
      if (h[0] < 0 || h[1] < 0 || h[2] < 0 || h[3] < 0)
        lex_error(&ps->lx, &kw, "negative HALO for component %.*s", (int)name.n, name.s);
      if (!db->cell_halo) {
        db->cell_halo = ut_calloc(db->cap_cells * 4, sizeof *db->cell_halo);
        if (!db->cell_halo) return UT_ENOMEM;
      }
      memcpy(&db->cell_halo[4 * c], h, sizeof h);
      db->cell_flags[c] |= DB_CF_HALO | (soft ? DB_CF_HALO_SOFT : 0);
    } else if (lex_is(&kw, "ROUTEHALO")) {
      db->cell_flags[c] |= DB_CF_ROUTEHALO;
      skip_option(ps);
    } else {
      /* SOURCE, PROPERTY, EEQMASTER, GENERATE, FOREIGN, MASKSHIFT: kept in the text only */
      skip_option(ps);
    }
  }
  (void)dash;
  return 1;
}

/* ---- PINS ---- */

static int pin_entry(def_parser_t *ps, const lex_tok_t *dash) {
  db_t *db = ps->db;
  lex_tok_t name, t;
  if (!need(ps, &name, "PINS")) return 0;
  if (is_semi(&name)) {
    lex_error(&ps->lx, &name, "pin entry needs a name");
    return 1;
  }
  if (db_find_io(db, name.s, name.n) >= 0) {
    lex_error(&ps->lx, &name, "duplicate pin '%.*s' in PINS", (int)name.n, name.s);
    lex_skip_statement(&ps->lx);
    return 1;
  }
  int32_t io = db_add_io(db, name.s, name.n);
  if (io < 0) return io;
  int have_place = 0, have_shape = 0, have_port = 0;
  for (;;) {
    if (!need(ps, &t, "PINS")) return 0;
    if (is_semi(&t)) {
      if (!have_place && !have_port) {
        db->io_span_off[io] = t.off;
        db->io_span_len[io] = 0;
      }
      break;
    }
    if (!is_plus(&t)) {
      lex_error(&ps->lx, &t, "expected '+' or ';' in pin %.*s, got '%.*s'", (int)name.n, name.s,
                (int)t.n, t.s);
      lex_skip_statement(&ps->lx);
      return 1;
    }
    lex_tok_t kw;
    if (!need(ps, &kw, "PINS")) return 0;
    if (lex_is(&kw, "NET")) {
      lex_tok_t v;
      if (!need(ps, &v, "PINS")) return 0;
      uint32_t off;
      if (ut_pool_add(&db->names, v.s, v.n, &off)) return UT_ENOMEM;
      db->io_net_name[io] = off;
    } else if (lex_is(&kw, "DIRECTION")) {
      lex_tok_t v;
      if (!need(ps, &v, "PINS")) return 0;
      db->io_dir[io] = lex_is(&v, "INPUT") ? DB_PDIR_INPUT
                       : lex_is(&v, "OUTPUT") ? DB_PDIR_OUTPUT
                       : lex_is(&v, "INOUT") ? DB_PDIR_INOUT
                       : lex_is(&v, "FEEDTHRU") ? DB_PDIR_FEEDTHRU : DB_PDIR_NONE;
    } else if (lex_is(&kw, "USE")) {
      lex_tok_t v;
      if (!need(ps, &v, "PINS")) return 0;
      db->io_use[io] = lex_is(&v, "SIGNAL") ? DB_USE_SIGNAL
                       : lex_is(&v, "POWER") ? DB_USE_POWER
                       : lex_is(&v, "GROUND") ? DB_USE_GROUND
                       : lex_is(&v, "CLOCK") ? DB_USE_CLOCK : DB_USE_OTHER;
    } else if (lex_is(&kw, "LAYER") && !have_shape) {
      lex_tok_t v;
      if (!need(ps, &v, "PINS")) return 0;
      db->io_layer[io] = db_find_layer(db, v.s, v.n);
      lex_tok_t u;
      while (lex_peek(&ps->lx, &u) && !is_lp(&u) && !is_plus(&u) && !is_semi(&u))
        lex_next(&ps->lx, &u);  /* MASK n, SPACING d, DESIGNRULEWIDTH d */
      int32_t x0, y0, x1, y1;
      if (!need_point(ps, &x0, &y0, NULL, "pin LAYER") ||
          !need_point(ps, &x1, &y1, NULL, "pin LAYER")) {
        lex_skip_statement(&ps->lx);
        return 1;
      }
      db_rect_t r = {x0 < x1 ? x0 : x1, y0 < y1 ? y0 : y1, x0 < x1 ? x1 : x0, y0 < y1 ? y1 : y0};
      db->io_shape[io] = r;
      have_shape = 1;
    } else if ((lex_is(&kw, "PLACED") || lex_is(&kw, "FIXED") || lex_is(&kw, "COVER")) &&
               !have_place) {
      int32_t x, y;
      uint8_t st, o;
      int64_t end;
      if (!parse_place(ps, &kw, &st, &x, &y, &o, &end)) {
        lex_skip_statement(&ps->lx);
        return 1;
      }
      db->io_x[io] = db->io_orig_x[io] = x;
      db->io_y[io] = db->io_orig_y[io] = y;
      db->io_orient[io] = db->io_orig_orient[io] = o;
      db->io_status[io] = db->io_orig_status[io] = st;
      if (!have_port) {
        db->io_span_off[io] = t.off;
        db->io_span_len[io] = (int32_t)(end - t.off);
      }
      have_place = 1;
    } else if (lex_is(&kw, "PORT")) {
      have_port = 1;
    } else {
      skip_option(ps);  /* SPECIAL, POLYGON, VIA, NETEXPR, ANTENNA..., later ports */
    }
  }
  (void)dash;
  return 1;
}

/* ---- NETS ---- */

static int net_entry(def_parser_t *ps, const lex_tok_t *dash) {
  db_t *db = ps->db;
  lex_tok_t name, t;
  if (!need(ps, &name, "NETS")) return 0;
  if (is_semi(&name)) {
    lex_error(&ps->lx, &name, "net entry needs a name");
    return 1;
  }
  if (lex_is(&name, "MUSTJOIN")) {
    lex_skip_statement(&ps->lx);  /* connectivity hint for routers only */
    return 1;
  }
  if (db_find_net(db, name.s, name.n) >= 0) {
    lex_error(&ps->lx, &name, "duplicate net '%.*s' in NETS", (int)name.n, name.s);
    lex_skip_statement(&ps->lx);
    return 1;
  }
  int32_t net = db_add_net(db, name.s, name.n);
  if (net < 0) return net;
  /* connections come first: ( comp pin ) ( PIN name ) ( * pin ) */
  for (;;) {
    if (!need(ps, &t, "NETS")) return 0;
    if (is_semi(&t)) return 1;
    if (is_plus(&t)) break;
    if (!is_lp(&t)) {
      lex_error(&ps->lx, &t, "expected '(' or '+' in net %.*s, got '%.*s'", (int)name.n, name.s,
                (int)t.n, t.s);
      lex_skip_statement(&ps->lx);
      return 1;
    }
    lex_tok_t a, b;
    if (!need(ps, &a, "NETS") || !need(ps, &b, "NETS")) return 0;
    if (is_rp(&a) || is_rp(&b) || is_semi(&a) || is_semi(&b)) {
      lex_error(&ps->lx, &b, "connection in net %.*s needs a component and a pin", (int)name.n,
                name.s);
      lex_skip_statement(&ps->lx);
      return 1;
    }
    if (lex_is(&a, "PIN")) {
      int32_t io = db_find_io(db, b.s, b.n);
      if (io < 0) {
        lex_error(&ps->lx, &b, "unknown IO pin '%.*s' in net %.*s", (int)b.n, b.s, (int)name.n,
                  name.s);
      } else if (db_add_pin(db, -1, io) < 0) {
        return UT_ENOMEM;
      }
    } else if (!a.quoted && a.n == 1 && a.s[0] == '*') {
      for (size_t c = 0; c < db->ncells; c++) {
        int32_t mp = db_find_mpin(db, db->cell_master[c], b.s, b.n);
        if (mp >= 0 && db_add_pin(db, (int32_t)c, mp) < 0) return UT_ENOMEM;
      }
    } else {
      int32_t c = db_find_cell(db, a.s, a.n);
      if (c < 0) {
        lex_error(&ps->lx, &a, "unknown component '%.*s' in net %.*s", (int)a.n, a.s,
                  (int)name.n, name.s);
      } else {
        int32_t mp = db_find_mpin(db, db->cell_master[c], b.s, b.n);
        if (mp < 0)
          lex_error(&ps->lx, &b, "component %.*s (macro %s) has no pin '%.*s' (net %.*s)",
                    (int)a.n, a.s, db_str(db, db->master_name[db->cell_master[c]]), (int)b.n,
                    b.s, (int)name.n, name.s);
        else if (db_add_pin(db, c, mp) < 0)
          return UT_ENOMEM;
      }
    }
    /* optional "+ SYNTHESIZED" inside the parentheses, then ')' */
    for (;;) {
      if (!need(ps, &t, "NETS")) return 0;
      if (is_rp(&t)) break;
      if (is_semi(&t)) {
        lex_error(&ps->lx, &t, "missing ')' in net %.*s", (int)name.n, name.s);
        return 1;
      }
    }
  }
  /* options: + USE, + WEIGHT; routing and the rest are kept in the text only */
  for (;;) {
    lex_tok_t kw;
    if (!need(ps, &kw, "NETS")) return 0;
    if (lex_is(&kw, "USE")) {
      lex_tok_t v;
      if (!need(ps, &v, "NETS")) return 0;
      db->net_use[net] = lex_is(&v, "SIGNAL") ? DB_USE_SIGNAL
                         : lex_is(&v, "POWER") ? DB_USE_POWER
                         : lex_is(&v, "GROUND") ? DB_USE_GROUND
                         : lex_is(&v, "CLOCK") ? DB_USE_CLOCK
                         : lex_is(&v, "ANALOG") ? DB_USE_ANALOG
                         : lex_is(&v, "SCAN") ? DB_USE_SCAN
                         : lex_is(&v, "TIEOFF") ? DB_USE_TIEOFF
                         : lex_is(&v, "RESET") ? DB_USE_RESET : DB_USE_OTHER;
    } else if (lex_is(&kw, "WEIGHT")) {
      int32_t w;
      if (!need_int32(ps, &w, "WEIGHT")) {
        lex_skip_statement(&ps->lx);
        return 1;
      }
      if (w < 0) lex_error(&ps->lx, &kw, "negative WEIGHT for net %.*s", (int)name.n, name.s);
      db->net_weight[net] = (float)w;
    }
    if (!skip_option(ps)) return 0;
    if (!need(ps, &t, "NETS")) return 0;
    if (is_semi(&t)) return 1;
  }
  (void)dash;
}

/* ---- BLOCKAGES, REGIONS, GROUPS ---- */

/* Read RECT ( ) ( ) and POLYGON ( ) ( ) ( ) ... shapes until ';' into the current blockage or
 * region (polygons become their bounding box). */
static int shapes_until_semi(def_parser_t *ps, int region, const char *what) {
  lex_tok_t t;
  for (;;) {
    if (!lex_peek(&ps->lx, &t)) {
      lex_error(&ps->lx, &t, "unexpected end of file in %s", what);
      return 0;
    }
    if (is_semi(&t)) {
      lex_next(&ps->lx, &t);
      return 1;
    }
    if (is_plus(&t)) return 1;
    lex_next(&ps->lx, &t);
    int poly = lex_is(&t, "POLYGON");
    if (!region && !poly && !lex_is(&t, "RECT")) {
      lex_error(&ps->lx, &t, "expected RECT or POLYGON in %s, got '%.*s'", what, (int)t.n, t.s);
      lex_skip_statement(&ps->lx);
      return 1;
    }
    if (region) {
      /* REGIONS list bare point pairs; t was the '(' of the first point */
      if (!is_lp(&t)) {
        lex_error(&ps->lx, &t, "expected '(' in %s, got '%.*s'", what, (int)t.n, t.s);
        lex_skip_statement(&ps->lx);
        return 1;
      }
      ps->lx.has_peek = 1;
      ps->lx.peek = t;
    }
    int32_t pt[2], x0 = INT32_MAX, y0 = INT32_MAX, x1 = INT32_MIN, y1 = INT32_MIN;
    int npts = 0;
    for (;;) {
      lex_tok_t u;
      if (!lex_peek(&ps->lx, &u) || !is_lp(&u)) break;
      if (!need_point(ps, &pt[0], &pt[1], npts ? pt : NULL, what)) {
        lex_skip_statement(&ps->lx);
        return 1;
      }
      npts++;
      if (pt[0] < x0) x0 = pt[0];
      if (pt[1] < y0) y0 = pt[1];
      if (pt[0] > x1) x1 = pt[0];
      if (pt[1] > y1) y1 = pt[1];
      if (!poly && npts == 2) break;
    }
    if (npts < 2 || (poly && npts < 3)) {
      lex_error(&ps->lx, &t, "%s needs %s", what, poly ? "at least three points" : "two points");
      lex_skip_statement(&ps->lx);
      return 1;
    }
    db_rect_t r = {x0, y0, x1, y1};
    int rc = region ? db_add_region_rect(ps->db, r) : db_add_blockage_rect(ps->db, r);
    if (rc) return rc;
  }
}

static int blockage_entry(def_parser_t *ps, const lex_tok_t *dash) {
  db_t *db = ps->db;
  lex_tok_t kind, t;
  if (!need(ps, &kind, "BLOCKAGES")) return 0;
  int layer = lex_is(&kind, "LAYER");
  if (!layer && !lex_is(&kind, "PLACEMENT")) {
    lex_error(&ps->lx, &kind, "expected LAYER or PLACEMENT in BLOCKAGES, got '%.*s'",
              (int)kind.n, kind.s);
    lex_skip_statement(&ps->lx);
    return 1;
  }
  int32_t b = db_add_blockage(db, layer ? DB_BLK_LAYER : DB_BLK_PLACEMENT);
  if (b < 0) return b;
  if (layer) {
    lex_tok_t l;
    if (!need(ps, &l, "BLOCKAGES")) return 0;
    db->blk_layer[b] = db_find_layer(db, l.s, l.n);
    if (db->blk_layer[b] < 0)
      lex_warn(&ps->lx, &l, "unknown layer '%.*s' in BLOCKAGES", (int)l.n, l.s);
  }
  for (;;) {
    if (!lex_peek(&ps->lx, &t)) return need(ps, &t, "BLOCKAGES");
    if (is_semi(&t)) {
      lex_next(&ps->lx, &t);
      break;
    }
    if (is_plus(&t)) {
      lex_next(&ps->lx, &t);
      lex_tok_t kw;
      if (!need(ps, &kw, "BLOCKAGES")) return 0;
      if (lex_is(&kw, "SOFT")) {
        db->blk_soft[b] = 1;
      } else if (lex_is(&kw, "PARTIAL")) {
        lex_tok_t v;
        double d;
        if (!need(ps, &v, "BLOCKAGES")) return 0;
        if (lex_to_double(&v, &d) || d < 0 || d > 100) {
          lex_error(&ps->lx, &v, "PARTIAL density must be a number in 0..100, got '%.*s'",
                    (int)v.n, v.s);
          lex_skip_statement(&ps->lx);
          return 1;
        }
        db->blk_partial[b] = (float)d;
      } else if (lex_is(&kw, "PUSHDOWN")) {
        db->blk_pushdown[b] = 1;
      } else if (lex_is(&kw, "COMPONENT")) {
        lex_tok_t v;
        if (!need(ps, &v, "BLOCKAGES")) return 0;
        db->blk_cell[b] = db_find_cell(db, v.s, v.n);
        if (db->blk_cell[b] < 0)
          lex_error(&ps->lx, &v, "unknown component '%.*s' in BLOCKAGES", (int)v.n, v.s);
      } else if (lex_is(&kw, "SPACING") || lex_is(&kw, "DESIGNRULEWIDTH") ||
                 lex_is(&kw, "MASK")) {
        if (!need(ps, &t, "BLOCKAGES")) return 0;
      }
      /* SLOTS, FILLS, EXCEPTPGNET take no value */
      continue;
    }
    int rc = shapes_until_semi(ps, 0, "BLOCKAGES");
    if (rc <= 0) return rc;
    break;
  }
  if (db->blk_rect_start[b] == db->blk_rect_start[b + 1])
    lex_warn(&ps->lx, dash, "blockage without RECT or POLYGON");
  return 1;
}

static int region_entry(def_parser_t *ps, const lex_tok_t *dash) {
  db_t *db = ps->db;
  lex_tok_t name, t;
  if (!need(ps, &name, "REGIONS")) return 0;
  if (db_find_region(db, name.s, name.n) >= 0) {
    lex_error(&ps->lx, &name, "duplicate region '%.*s'", (int)name.n, name.s);
    lex_skip_statement(&ps->lx);
    return 1;
  }
  int32_t r = db_add_region(db, name.s, name.n);
  if (r < 0) return r;
  int rc = shapes_until_semi(ps, 1, "REGIONS");
  if (rc <= 0) return rc;
  /* options */
  for (;;) {
    if (!lex_peek(&ps->lx, &t)) return need(ps, &t, "REGIONS");
    if (!is_plus(&t)) break;  /* ';' already consumed by shapes_until_semi */
    lex_next(&ps->lx, &t);
    lex_tok_t kw;
    if (!need(ps, &kw, "REGIONS")) return 0;
    if (lex_is(&kw, "TYPE")) {
      lex_tok_t v;
      if (!need(ps, &v, "REGIONS")) return 0;
      if (lex_is(&v, "FENCE")) db->region_type[r] = DB_REGION_FENCE;
      else if (lex_is(&v, "GUIDE")) db->region_type[r] = DB_REGION_GUIDE;
      else lex_error(&ps->lx, &v, "unknown region TYPE '%.*s'", (int)v.n, v.s);
    } else {
      skip_option(ps);
    }
    lex_peek(&ps->lx, &t);
    if (is_semi(&t)) {
      lex_next(&ps->lx, &t);
      break;
    }
  }
  if (db->region_rect_start[r] == db->region_rect_start[r + 1])
    lex_error(&ps->lx, dash, "region '%.*s' has no rectangle", (int)name.n, name.s);
  return 1;
}

/* Glob match with '*' (any run) and '?' (one character); other characters literal. */
static int glob_match(const char *p, size_t pn, const char *s) {
  size_t i = 0;
  const char *star_p = NULL, *star_s = NULL;
  const char *pe = p + pn;
  while (*s) {
    if (p < pe && (*p == '?' || *p == *s)) {
      p++;
      s++;
    } else if (p < pe && *p == '*') {
      star_p = ++p;
      star_s = s;
    } else if (star_p) {
      p = star_p;
      s = ++star_s;
    } else {
      return 0;
    }
  }
  while (p < pe && *p == '*') p++;
  (void)i;
  return p == pe;
}

static int group_entry(def_parser_t *ps, const lex_tok_t *dash) {
  db_t *db = ps->db;
  lex_tok_t name, t;
  if (!need(ps, &name, "GROUPS")) return 0;
  int32_t g = db_add_group(db, name.s, name.n);
  if (g < 0) return g;
  for (;;) {
    if (!need(ps, &t, "GROUPS")) return 0;
    if (is_semi(&t)) break;
    if (is_plus(&t)) {
      lex_tok_t kw;
      if (!need(ps, &kw, "GROUPS")) return 0;
      if (lex_is(&kw, "REGION")) {
        lex_tok_t v;
        if (!need(ps, &v, "GROUPS")) return 0;
        db->group_region[g] = db_find_region(db, v.s, v.n);
        if (db->group_region[g] < 0)
          lex_error(&ps->lx, &v, "unknown region '%.*s' in group %.*s", (int)v.n, v.s,
                    (int)name.n, name.s);
      } else {
        skip_option(ps);
      }
      continue;
    }
    /* a component name or pattern */
    int wild = memchr(t.s, '*', t.n) != NULL || memchr(t.s, '?', t.n) != NULL;
    if (!wild) {
      int32_t c = db_find_cell(db, t.s, t.n);
      if (c < 0)
        lex_error(&ps->lx, &t, "unknown component '%.*s' in group %.*s", (int)t.n, t.s,
                  (int)name.n, name.s);
      else if (db_add_group_member(db, c))
        return UT_ENOMEM;
    } else {
      size_t matched = 0;
      for (size_t c = 0; c < db->ncells; c++) {
        if (glob_match(t.s, t.n, db_str(db, db->cell_name[c]))) {
          if (db_add_group_member(db, (int32_t)c)) return UT_ENOMEM;
          matched++;
        }
      }
      if (!matched)
        lex_warn(&ps->lx, &t, "pattern '%.*s' in group %.*s matches no component", (int)t.n, t.s,
                 (int)name.n, name.s);
    }
  }
  (void)dash;
  return 1;
}

/* ---- simple statements ---- */

static int parse_diearea(def_parser_t *ps, const lex_tok_t *kw) {
  db_t *db = ps->db;
  int32_t pts[2 * 64];
  int n = 0;
  lex_tok_t t;
  db_rect_t bb = {INT32_MAX, INT32_MAX, INT32_MIN, INT32_MIN};
  size_t cap = 0;
  for (;;) {
    if (!lex_peek(&ps->lx, &t)) return need(ps, &t, "DIEAREA");
    if (is_semi(&t)) {
      lex_next(&ps->lx, &t);
      break;
    }
    int32_t x, y;
    if (!need_point(ps, &x, &y, n ? &pts[2 * ((n - 1) % 64)] : NULL, "DIEAREA")) {
      lex_skip_statement(&ps->lx);
      return 1;
    }
    pts[2 * (n % 64)] = x;
    pts[2 * (n % 64) + 1] = y;
    n++;
    if (x < bb.x0) bb.x0 = x;
    if (y < bb.y0) bb.y0 = y;
    if (x > bb.x1) bb.x1 = x;
    if (y > bb.y1) bb.y1 = y;
    if (UT_RESERVE(db->die_pts, cap, (size_t)n * 2)) return UT_ENOMEM;
    db->die_pts[2 * n - 2] = x;
    db->die_pts[2 * n - 1] = y;
  }
  if (n < 2) {
    lex_error(&ps->lx, kw, "DIEAREA needs at least two points");
    return 1;
  }
  if (bb.x1 <= bb.x0 || bb.y1 <= bb.y0) {
    lex_error(&ps->lx, kw, "DIEAREA has zero or negative area");
    return 1;
  }
  db->die = bb;
  db->ndie_pts = n > 2 ? (size_t)n : 0;
  return 1;
}

static int parse_row(def_parser_t *ps, const lex_tok_t *kw) {
  db_t *db = ps->db;
  int bound = bind_units(ps, kw);
  if (bound <= 0) return bound;
  lex_tok_t name, site, o, t;
  if (!need(ps, &name, "ROW") || !need(ps, &site, "ROW")) return 0;
  int32_t s = db_find_site(db, site.s, site.n);
  if (s < 0) {
    lex_error(&ps->lx, &site, "unknown SITE '%.*s' in ROW %.*s", (int)site.n, site.s,
              (int)name.n, name.s);
    lex_skip_statement(&ps->lx);
    return 1;
  }
  int32_t x, y;
  if (!need_int32(ps, &x, "ROW") || !need_int32(ps, &y, "ROW") || !need(ps, &o, "ROW")) {
    lex_skip_statement(&ps->lx);
    return 1;
  }
  int orient = db_orient_parse(o.s, o.n);
  if (orient < 0) {
    lex_error(&ps->lx, &o, "unknown orientation '%.*s' in ROW", (int)o.n, o.s);
    lex_skip_statement(&ps->lx);
    return 1;
  }
  int32_t nx = 1, ny = 1, sx = 0, sy = 0;
  if (!need(ps, &t, "ROW")) return 0;
  if (lex_is(&t, "DO")) {
    lex_tok_t by;
    if (!need_int32(ps, &nx, "ROW DO") || !need(ps, &by, "ROW") || !lex_is(&by, "BY") ||
        !need_int32(ps, &ny, "ROW BY")) {
      if (!ut_diag_full(ps->lx.diag) && !lex_is(&by, "BY"))
        lex_error(&ps->lx, &by, "expected BY in ROW");
      lex_skip_statement(&ps->lx);
      return 1;
    }
    if (!need(ps, &t, "ROW")) return 0;
    if (lex_is(&t, "STEP")) {
      if (!need_int32(ps, &sx, "ROW STEP") || !need_int32(ps, &sy, "ROW STEP")) {
        lex_skip_statement(&ps->lx);
        return 1;
      }
      if (!need(ps, &t, "ROW")) return 0;
    }
  }
  if (!is_semi(&t)) lex_skip_statement(&ps->lx);  /* + PROPERTY ... */
  if (nx < 1 || ny < 1 || sx < 0 || sy < 0) {
    lex_error(&ps->lx, &name, "ROW %.*s: DO/BY counts must be positive and STEP not negative",
              (int)name.n, name.s);
    return 1;
  }
  int32_t r = db_add_row(db, name.s, name.n);
  if (r < 0) return r;
  db->row_site[r] = s;
  db->row_x[r] = x;
  db->row_y[r] = y;
  db->row_orient[r] = (uint8_t)orient;
  db->row_nx[r] = nx;
  db->row_ny[r] = ny;
  /* a repeated row without STEP repeats at the site pitch */
  db->row_sx[r] = (nx > 1 && sx == 0) ? db->site_w[s] : sx;
  db->row_sy[r] = (ny > 1 && sy == 0) ? db->site_h[s] : sy;
  return 1;
}

static int parse_grid(def_parser_t *ps, int tracks) {
  db_t *db = ps->db;
  const char *what = tracks ? "TRACKS" : "GCELLGRID";
  lex_tok_t d, t;
  if (!need(ps, &d, what)) return 0;
  if (!lex_is(&d, "X") && !lex_is(&d, "Y")) {
    lex_error(&ps->lx, &d, "expected X or Y in %s, got '%.*s'", what, (int)d.n, d.s);
    lex_skip_statement(&ps->lx);
    return 1;
  }
  int32_t start, num, step;
  lex_tok_t kdo, kstep;
  if (!need_int32(ps, &start, what) || !need(ps, &kdo, what) || !lex_is(&kdo, "DO") ||
      !need_int32(ps, &num, what) || !need(ps, &kstep, what) || !lex_is(&kstep, "STEP") ||
      !need_int32(ps, &step, what)) {
    if (!ut_diag_full(ps->lx.diag)) lex_error(&ps->lx, NULL, "malformed %s statement", what);
    lex_skip_statement(&ps->lx);
    return 1;
  }
  if (num < 0 || step < 0) {
    lex_error(&ps->lx, &d, "%s count and step must not be negative", what);
    lex_skip_statement(&ps->lx);
    return 1;
  }
  int32_t layer = -1;
  for (;;) {
    if (!need(ps, &t, what)) return 0;
    if (is_semi(&t)) break;
    if (lex_is(&t, "LAYER")) {
      lex_tok_t l;
      if (!need(ps, &l, what)) return 0;
      if (!is_semi(&l) && layer < 0) layer = db_find_layer(db, l.s, l.n);
      if (is_semi(&l)) break;
    }
  }
  int32_t i = tracks ? db_add_track(db) : db_add_gcell(db);
  if (i < 0) return i;
  if (tracks) {
    db->track_is_x[i] = lex_is(&d, "X");
    db->track_start[i] = start;
    db->track_num[i] = num;
    db->track_step[i] = step;
    db->track_layer[i] = layer;
  } else {
    db->gcell_is_x[i] = lex_is(&d, "X");
    db->gcell_start[i] = start;
    db->gcell_num[i] = num;
    db->gcell_step[i] = step;
  }
  return 1;
}

static int parse_units(def_parser_t *ps) {
  lex_tok_t a, b;
  int32_t v;
  if (!need(ps, &a, "UNITS") || !need(ps, &b, "UNITS")) return 0;
  if (!lex_is(&a, "DISTANCE") || !lex_is(&b, "MICRONS")) {
    lex_error(&ps->lx, &a, "expected UNITS DISTANCE MICRONS");
    lex_skip_statement(&ps->lx);
    return 1;
  }
  lex_tok_t nt;
  if (!need(ps, &nt, "UNITS")) return 0;
  if (!tok_int32(ps, &nt, &v, "UNITS")) {
    lex_skip_statement(&ps->lx);
    return 1;
  }
  if (v <= 0 || v > 100000) {
    lex_error(&ps->lx, &nt, "UNITS DISTANCE MICRONS must be in 1..100000, got %d", v);
    lex_skip_statement(&ps->lx);
    return 1;
  }
  if (ps->units_bound && v != ps->db->dbu) {
    lex_error(&ps->lx, &nt, "UNITS must come before ROW and COMPONENTS");
    lex_skip_statement(&ps->lx);
    return 1;
  }
  if (ps->db->lef_dbu && v > ps->db->lef_dbu)
    lex_warn(&ps->lx, &nt, "DEF UNITS %d exceed the LEF DATABASE MICRONS %d", v, ps->db->lef_dbu);
  ps->db->dbu = v;
  need_semi(ps, "UNITS");
  return bind_units(ps, &nt);
}

int def_read_buffer(db_t *db, char *buf, size_t len, const char *name, ut_diag_t *diag) {
  def_parser_t ps;
  memset(&ps, 0, sizeof ps);
  ps.db = db;
  ut_free(db->src);
  ut_free(db->src_path);
  db->src = buf;
  db->src_len = len;
  db->src_path = ut_strndup(name, strlen(name));
  if (!db->src_path) return UT_ENOMEM;
  lex_init(&ps.lx, buf, len, name, diag);
  int errors0 = diag->nerrors;
  if (lex_check_text(&ps.lx)) return UT_EPARSE;
  lex_tok_t t;
  int ntok = 0, ended = 0, rc = 1;
  int seen_nets = 0;
  while (rc > 0 && lex_next(&ps.lx, &t)) {
    ntok++;
    if (lex_is(&t, "END")) {
      lex_tok_t v;
      lex_next(&ps.lx, &v);
      if (lex_is(&v, "DESIGN")) {
        ended = 1;
        break;
      }
      lex_error(&ps.lx, &t, "unexpected END '%.*s' at top level", (int)v.n, v.s);
    } else if (lex_is(&t, "UNITS")) {
      rc = parse_units(&ps);
    } else if (lex_is(&t, "DESIGN")) {
      lex_tok_t v;
      if (!need(&ps, &v, "DESIGN")) break;
      uint32_t off;
      if (ut_pool_add(&db->names, v.s, v.n, &off)) return UT_ENOMEM;
      db->design_name = off;
      db->has_design = 1;
      if (!is_semi(&v)) need_semi(&ps, "DESIGN");
    } else if (lex_is(&t, "DIEAREA")) {
      rc = parse_diearea(&ps, &t);
    } else if (lex_is(&t, "ROW")) {
      rc = parse_row(&ps, &t);
    } else if (lex_is(&t, "TRACKS")) {
      rc = parse_grid(&ps, 1);
    } else if (lex_is(&t, "GCELLGRID")) {
      rc = parse_grid(&ps, 0);
    } else if (lex_is(&t, "COMPONENTS")) {
      if ((rc = bind_units(&ps, &t)) <= 0) break;
      rc = read_entries(&ps, "COMPONENTS", component_entry);
    } else if (lex_is(&t, "PINS")) {
      if ((rc = bind_units(&ps, &t)) <= 0) break;
      rc = read_entries(&ps, "PINS", pin_entry);
    } else if (lex_is(&t, "NETS")) {
      if ((rc = bind_units(&ps, &t)) <= 0) break;
      if (seen_nets++) {
        lex_error(&ps.lx, &t, "second NETS section");
        rc = skip_section(&ps, "NETS");
      } else {
        rc = read_entries(&ps, "NETS", net_entry);
      }
    } else if (lex_is(&t, "BLOCKAGES")) {
      if ((rc = bind_units(&ps, &t)) <= 0) break;
      rc = read_entries(&ps, "BLOCKAGES", blockage_entry);
    } else if (lex_is(&t, "REGIONS")) {
      rc = read_entries(&ps, "REGIONS", region_entry);
    } else if (lex_is(&t, "GROUPS")) {
      rc = read_entries(&ps, "GROUPS", group_entry);
    } else if (lex_is(&t, "VIAS") || lex_is(&t, "SPECIALNETS") || lex_is(&t, "NONDEFAULTRULES") ||
               lex_is(&t, "SCANCHAINS") || lex_is(&t, "FILLS") || lex_is(&t, "SLOTS") ||
               lex_is(&t, "STYLES") || lex_is(&t, "PINPROPERTIES") ||
               lex_is(&t, "PROPERTYDEFINITIONS") || lex_is(&t, "IOTIMINGS") ||
               lex_is(&t, "FLOORPLANCONSTRAINTS") || lex_is(&t, "TIMINGDISABLES") ||
               lex_is(&t, "PARTITIONS") || lex_is(&t, "CONSTRAINTS") ||
               lex_is(&t, "ASSERTIONS")) {
      /* sections the placer does not model (the last six are DEF 5.5 legacy); their text is kept */
      char kw[32];
      size_t n = t.n < 31 ? t.n : 31;
      memcpy(kw, t.s, n);
      kw[n] = 0;
      rc = skip_section(&ps, kw);
    } else if (lex_is(&t, "BEGINEXT")) {
      lex_tok_t v;
      while (lex_next(&ps.lx, &v) && !lex_is(&v, "ENDEXT")) {}
      if (!lex_is(&v, "ENDEXT")) {
        lex_error(&ps.lx, NULL, "unexpected end of file in BEGINEXT (missing ENDEXT)");
        rc = 0;
      }
    } else if (lex_is(&t, "VERSION") || lex_is(&t, "DIVIDERCHAR") || lex_is(&t, "BUSBITCHARS") ||
               lex_is(&t, "TECHNOLOGY") || lex_is(&t, "HISTORY") ||
               lex_is(&t, "COMPONENTMASKSHIFT") || lex_is(&t, "NAMESCASESENSITIVE")) {
      lex_skip_statement(&ps.lx);
    } else if (is_semi(&t)) {
      /* stray ';' */
    } else {
      lex_error(&ps.lx, &t, "unknown DEF statement '%.*s'", (int)t.n, t.s);
      lex_skip_statement(&ps.lx);
    }
    if (ut_diag_full(diag)) break;
  }
  if (rc < 0) return rc;
  if (ntok == 0 && diag->nerrors == errors0) {
    ut_diag_error(diag, name, 0, 0, "empty DEF file");
    return UT_EPARSE;
  }
  if (!ended && diag->nerrors == errors0)
    lex_error(&ps.lx, NULL, "missing END DESIGN (truncated file?)");
  if (!ps.units_bound && diag->nerrors == errors0) bind_units(&ps, &t);
  if (db->die.x1 <= db->die.x0 && diag->nerrors == errors0)
    ut_diag_error(diag, name, 0, 0, "no DIEAREA");
  if (diag->nerrors > errors0) return UT_EPARSE;
  rc = db_finish(db);
  if (rc) return rc;
  return UT_OK;
}

int def_read(db_t *db, const char *path, ut_diag_t *diag) {
  char *buf;
  size_t len;
  int rc = lex_load_file(path, &buf, &len, diag);
  if (rc) return rc;
  return def_read_buffer(db, buf, len, path, diag);
}
