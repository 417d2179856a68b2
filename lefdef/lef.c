/*
 * lef.c: LEF 5.8 reader (recursive descent over the lex.h token stream).
 *
 * Each block parser loops over statements until its END; a statement it does not model is skipped
 * through its ';' and counted, and blocks it does not model (VIA, VIARULE, NONDEFAULTRULE, SPACING,
 * PROPERTYDEFINITIONS, ...) are skipped through their matching END, so unknown syntax never derails
 * the parse.  Geometry stays in microns here; db_lib_bind_units() converts it once the DEF units
 * are known.  A pin's location is the average of its port shapes' centers (OpenROAD's model), and
 * its bounding box is kept for routing estimates.
 */
#include "lef.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lex.h"

#define MAX_SKIP_KINDS 24

typedef struct lef_parser_t {
  lex_t lx;
  db_t *db;
  size_t first_master;          /* masters defined by earlier files start below this */
  int nskip_kinds;
  struct { char name[32]; int count; } skipped[MAX_SKIP_KINDS];
  int skipped_other;
  int nunknown;                 /* top-level statements that are not LEF at all */
  lex_tok_t first_unknown;
} lef_parser_t;

static void note_skip(lef_parser_t *ps, const lex_tok_t *t) {
  size_t n = t->n < 31 ? t->n : 31;
  for (int i = 0; i < ps->nskip_kinds; i++) {
    if (strlen(ps->skipped[i].name) == n && memcmp(ps->skipped[i].name, t->s, n) == 0) {
      ps->skipped[i].count++;
      return;
    }
  }
  if (ps->nskip_kinds < MAX_SKIP_KINDS) {
    memcpy(ps->skipped[ps->nskip_kinds].name, t->s, n);
    ps->skipped[ps->nskip_kinds].name[n] = 0;
    ps->skipped[ps->nskip_kinds].count = 1;
    ps->nskip_kinds++;
  } else {
    ps->skipped_other++;
  }
}

static int is_semi(const lex_tok_t *t) { return !t->quoted && t->n == 1 && t->s[0] == ';'; }

/* Next token, reporting end of file inside `what`. */
static int need(lef_parser_t *ps, lex_tok_t *t, const char *what) {
  if (lex_next(&ps->lx, t)) return 1;
  lex_error(&ps->lx, t, "unexpected end of file in %s (missing END?)", what);
  return 0;
}

static int need_num(lef_parser_t *ps, double *v, const char *what) {
  lex_tok_t t;
  if (!need(ps, &t, what)) return 0;
  if (lex_to_double(&t, v)) {
    lex_error(&ps->lx, &t, "expected a number in %s, got '%.*s'", what, (int)t.n, t.s);
    if (!is_semi(&t)) lex_skip_statement(&ps->lx);
    return 0;
  }
  return 1;
}

/* Expect the ';' that ends a statement; extra tokens are an error, then skipped. */
static int need_semi(lef_parser_t *ps, const char *what) {
  lex_tok_t t;
  if (!need(ps, &t, what)) return 0;
  if (is_semi(&t)) return 1;
  lex_error(&ps->lx, &t, "expected ';' in %s, got '%.*s'", what, (int)t.n, t.s);
  lex_skip_statement(&ps->lx);
  return 0;
}

/* Skip through "END name" (name NULL: a bare END).  Returns 0 at end of file. */
static int skip_block(lef_parser_t *ps, const char *name, size_t n, const char *what) {
  lex_tok_t t;
  while (lex_next(&ps->lx, &t)) {
    if (!lex_is_ci(&t, "END")) continue;
    if (!name) return 1;
    lex_tok_t u;
    if (!lex_peek(&ps->lx, &u)) break;
    if (u.n == n && memcmp(u.s, name, n) == 0) {
      lex_next(&ps->lx, &u);
      return 1;
    }
  }
  lex_error(&ps->lx, NULL, "unexpected end of file in %s '%.*s' (missing END %.*s)", what,
            (int)n, name ? name : "", (int)n, name ? name : "");
  return 0;
}

/* "END name" closing a named block: check the name. */
static int end_named(lef_parser_t *ps, const char *name, size_t n, const char *what) {
  lex_tok_t t;
  if (!need(ps, &t, what)) return 0;
  if (t.n != n || memcmp(t.s, name, n) != 0) {
    lex_error(&ps->lx, &t, "END of %s '%.*s' names '%.*s'", what, (int)n, name, (int)t.n, t.s);
    return 0;
  }
  return 1;
}

static int parse_units(lef_parser_t *ps) {
  lex_tok_t t;
  for (;;) {
    if (!need(ps, &t, "UNITS")) return 0;
    if (lex_is_ci(&t, "END")) {
      if (!need(ps, &t, "UNITS")) return 0;
      if (!lex_is_ci(&t, "UNITS")) lex_error(&ps->lx, &t, "expected END UNITS");
      return 1;
    }
    if (lex_is_ci(&t, "DATABASE")) {
      lex_tok_t m;
      double v;
      if (!need(ps, &m, "UNITS")) return 0;
      if (!lex_is_ci(&m, "MICRONS")) {
        lex_error(&ps->lx, &m, "expected MICRONS after DATABASE");
        lex_skip_statement(&ps->lx);
        continue;
      }
      lex_tok_t vt;
      lex_peek(&ps->lx, &vt);
      if (!need_num(ps, &v, "DATABASE MICRONS")) continue;
      if (v <= 0 || v > 1e6 || v != floor(v)) {
        lex_error(&ps->lx, &vt, "DATABASE MICRONS must be a positive integer, got %g", v);
        lex_skip_statement(&ps->lx);
        continue;
      }
      ps->db->lef_dbu = (int)v;
      need_semi(ps, "UNITS");
    } else if (!is_semi(&t)) {
      lex_skip_statement(&ps->lx);
    }
  }
}

static int parse_layer(lef_parser_t *ps, const lex_tok_t *name) {
  db_t *db = ps->db;
  int32_t L = db_find_layer(db, name->s, name->n);
  if (L >= 0) {
    /* a later LEF repeating the tech layers: keep the first definition */
    return skip_block(ps, name->s, name->n, "LAYER");
  }
  L = db_add_layer(db, name->s, name->n);
  if (L < 0) return -1;
  int have_spacing = 0;
  lex_tok_t t;
  for (;;) {
    if (!need(ps, &t, "LAYER")) return 0;
    if (lex_is_ci(&t, "END")) return end_named(ps, name->s, name->n, "LAYER");
    if (lex_is_ci(&t, "TYPE")) {
      lex_tok_t v;
      if (!need(ps, &v, "LAYER")) return 0;
      db->layer_type[L] = lex_is_ci(&v, "ROUTING") ? DB_LAYER_ROUTING
                          : lex_is_ci(&v, "CUT") ? DB_LAYER_CUT
                          : lex_is_ci(&v, "MASTERSLICE") ? DB_LAYER_MASTERSLICE
                          : lex_is_ci(&v, "OVERLAP") ? DB_LAYER_OVERLAP
                          : lex_is_ci(&v, "IMPLANT") ? DB_LAYER_IMPLANT : DB_LAYER_OTHER;
      if (!is_semi(&v)) lex_skip_statement(&ps->lx);
    } else if (lex_is_ci(&t, "DIRECTION")) {
      lex_tok_t v;
      if (!need(ps, &v, "LAYER")) return 0;
      if (lex_is_ci(&v, "HORIZONTAL"))
        db->layer_dir[L] = DB_DIR_HORIZONTAL;
      else if (lex_is_ci(&v, "VERTICAL"))
        db->layer_dir[L] = DB_DIR_VERTICAL;
      else if (!lex_is_ci(&v, "DIAG45") && !lex_is_ci(&v, "DIAG135"))
        lex_error(&ps->lx, &v, "unknown DIRECTION '%.*s' in LAYER", (int)v.n, v.s);
      if (!is_semi(&v)) lex_skip_statement(&ps->lx);
    } else if (lex_is_ci(&t, "PITCH") || lex_is_ci(&t, "OFFSET")) {
      int pitch = lex_is_ci(&t, "PITCH");
      double a, b;
      if (!need_num(ps, &a, pitch ? "PITCH" : "OFFSET")) continue;
      lex_tok_t v;
      if (!need(ps, &v, "LAYER")) return 0;
      if (is_semi(&v)) {
        b = a;
      } else if (lex_to_double(&v, &b) == 0) {
        if (!need_semi(ps, "LAYER")) continue;
      } else {
        lex_error(&ps->lx, &v, "expected a number or ';', got '%.*s'", (int)v.n, v.s);
        lex_skip_statement(&ps->lx);
        continue;
      }
      if (pitch && (a < 0 || b < 0)) {
        lex_error(&ps->lx, &t, "PITCH must not be negative");
        continue;
      }
      if (pitch) {
        db->layer_pitch_x[L] = a;
        db->layer_pitch_y[L] = b;
      } else {
        db->layer_offset_x[L] = a;
        db->layer_offset_y[L] = b;
      }
    } else if (lex_is_ci(&t, "WIDTH")) {
      double w;
      if (!need_num(ps, &w, "WIDTH")) continue;
      if (w < 0) lex_error(&ps->lx, &t, "WIDTH must not be negative");
      db->layer_width[L] = w;
      need_semi(ps, "LAYER WIDTH");
    } else if (lex_is_ci(&t, "SPACING")) {
      double s;
      if (!need_num(ps, &s, "SPACING")) continue;
      if (!have_spacing) db->layer_spacing[L] = s;  /* the first, plain spacing rule */
      have_spacing = 1;
      lex_skip_statement(&ps->lx);
    } else if (!is_semi(&t)) {
      lex_skip_statement(&ps->lx);
    }
    if (ut_diag_full(ps->lx.diag)) return 0;
  }
}

static int parse_sym(lef_parser_t *ps, uint8_t *sym) {
  lex_tok_t t;
  *sym = 0;
  for (;;) {
    if (!need(ps, &t, "SYMMETRY")) return 0;
    if (is_semi(&t)) return 1;
    if (lex_is_ci(&t, "X")) *sym |= DB_SYM_X;
    else if (lex_is_ci(&t, "Y")) *sym |= DB_SYM_Y;
    else if (lex_is_ci(&t, "R90")) *sym |= DB_SYM_R90;
    else {
      lex_error(&ps->lx, &t, "unknown SYMMETRY '%.*s' (expected X, Y or R90)", (int)t.n, t.s);
      lex_skip_statement(&ps->lx);
      return 0;
    }
  }
}

/* "SIZE w BY h ;" with positive w and h.  Returns 1 when valid, 0 on a syntax error, -1 when the
 * statement parsed but the size is invalid (already reported; the caller should not add "no SIZE"). */
static int parse_size(lef_parser_t *ps, const char *what, double *w, double *h) {
  lex_tok_t t, first;
  if (!lex_peek(&ps->lx, &first)) return need(ps, &t, what);
  if (!need_num(ps, w, what)) return 0;
  if (!need(ps, &t, what)) return 0;
  if (!lex_is_ci(&t, "BY")) {
    lex_error(&ps->lx, &t, "expected BY in SIZE of %s", what);
    if (!is_semi(&t)) lex_skip_statement(&ps->lx);
    return 0;
  }
  if (!need_num(ps, h, what)) return 0;
  if (!need_semi(ps, what)) return 0;
  if (!(*w > 0) || !(*h > 0) || *w > 1e6 || *h > 1e6) {
    lex_error(&ps->lx, &first, "SIZE of %s must be positive and below 1e6 microns, got %g BY %g",
              what, *w, *h);
    return -1;
  }
  return 1;
}

static int parse_site(lef_parser_t *ps, const lex_tok_t *name) {
  db_t *db = ps->db;
  if (db_find_site(db, name->s, name->n) >= 0) return skip_block(ps, name->s, name->n, "SITE");
  int32_t s = db_add_site(db, name->s, name->n);
  if (s < 0) return -1;
  lex_tok_t t;
  for (;;) {
    if (!need(ps, &t, "SITE")) return 0;
    if (lex_is_ci(&t, "END")) return end_named(ps, name->s, name->n, "SITE");
    if (lex_is_ci(&t, "CLASS")) {
      lex_tok_t v;
      if (!need(ps, &v, "SITE")) return 0;
      db->site_class[s] = lex_is_ci(&v, "PAD") ? 1 : 0;
      if (!is_semi(&v)) lex_skip_statement(&ps->lx);
    } else if (lex_is_ci(&t, "SYMMETRY")) {
      parse_sym(ps, &db->site_sym[s]);
    } else if (lex_is_ci(&t, "SIZE")) {
      double w, h;
      if (parse_size(ps, "SITE", &w, &h) > 0) {
        db->site_w_um[s] = w;
        db->site_h_um[s] = h;
      }
    } else if (!is_semi(&t)) {
      lex_skip_statement(&ps->lx);
    }
    if (ut_diag_full(ps->lx.diag)) return 0;
  }
}

/* Read the coordinates of a RECT or POLYGON (after optional MASK n / ITERATE) into a bbox. */
static int parse_shape(lef_parser_t *ps, const lex_tok_t *kw, int polygon, double bb[4]) {
  lex_tok_t t;
  double v[2];
  int k = 0, npts = 0;
  bb[0] = bb[1] = INFINITY;
  bb[2] = bb[3] = -INFINITY;
  for (;;) {
    if (!need(ps, &t, polygon ? "POLYGON" : "RECT")) return 0;
    if (is_semi(&t)) break;
    if (lex_is_ci(&t, "MASK")) {
      if (!need(ps, &t, "MASK")) return 0;
      continue;
    }
    if (lex_is_ci(&t, "ITERATE") || lex_is_ci(&t, "DO") || lex_is_ci(&t, "BY") || lex_is_ci(&t, "STEP")) {
      /* ITERATE arrays: keep the first instance of the shape */
      lex_skip_statement(&ps->lx);
      break;
    }
    if (!t.quoted && t.n == 1 && (t.s[0] == '(' || t.s[0] == ')')) continue;
    double x;
    if (lex_to_double(&t, &x)) {
      lex_error(&ps->lx, &t, "expected a number in %s, got '%.*s'", polygon ? "POLYGON" : "RECT",
                (int)t.n, t.s);
      lex_skip_statement(&ps->lx);
      return 0;
    }
    v[k++] = x;
    if (k == 2) {
      k = 0;
      npts++;
      if (v[0] < bb[0]) bb[0] = v[0];
      if (v[1] < bb[1]) bb[1] = v[1];
      if (v[0] > bb[2]) bb[2] = v[0];
      if (v[1] > bb[3]) bb[3] = v[1];
    }
  }
  if (k != 0 || (polygon ? npts < 3 : npts != 2)) {
    lex_error(&ps->lx, kw, "%s needs %s coordinates", polygon ? "POLYGON" : "RECT",
              polygon ? "at least three (x y)" : "exactly four");
    return 0;
  }
  return 1;
}

typedef struct pin_acc_t {
  double sx, sy;    /* sum of shape centers */
  int n;
  double bb[4];
} pin_acc_t;

/* PORT ... END (or OBS ... END when obs_master >= 0). */
static int parse_geometry(lef_parser_t *ps, pin_acc_t *acc, int32_t obs_master, const char *what) {
  lex_tok_t t;
  int32_t layer = -1;
  for (;;) {
    if (!need(ps, &t, what)) return 0;
    if (lex_is_ci(&t, "END")) return 1;
    if (lex_is_ci(&t, "LAYER")) {
      lex_tok_t v;
      if (!need(ps, &v, what)) return 0;
      layer = db_find_layer(ps->db, v.s, v.n);
      if (!is_semi(&v)) lex_skip_statement(&ps->lx);
    } else if (lex_is_ci(&t, "RECT") || lex_is_ci(&t, "POLYGON")) {
      double bb[4];
      if (!parse_shape(ps, &t, lex_is_ci(&t, "POLYGON"), bb)) continue;
      if (acc) {
        acc->sx += 0.5 * (bb[0] + bb[2]);
        acc->sy += 0.5 * (bb[1] + bb[3]);
        acc->n++;
        for (int i = 0; i < 2; i++) {
          if (bb[i] < acc->bb[i]) acc->bb[i] = bb[i];
          if (bb[i + 2] > acc->bb[i + 2]) acc->bb[i + 2] = bb[i + 2];
        }
      } else if (obs_master >= 0) {
        if (db_add_obs(ps->db, obs_master, layer, bb[0], bb[1], bb[2], bb[3]) < 0) return -1;
      }
    } else if (!is_semi(&t)) {
      lex_skip_statement(&ps->lx);  /* WIDTH, PATH, VIA, CLASS, DESIGNRULEWIDTH ... */
    }
    if (ut_diag_full(ps->lx.diag)) return 0;
  }
}

static int parse_pin(lef_parser_t *ps, int32_t m, const lex_tok_t *mname, const lex_tok_t *name) {
  db_t *db = ps->db;
  if (db_find_mpin(db, m, name->s, name->n) >= 0) {
    lex_error(&ps->lx, name, "duplicate PIN '%.*s' in MACRO '%.*s'", (int)name->n, name->s,
              (int)mname->n, mname->s);
    return skip_block(ps, name->s, name->n, "PIN");
  }
  int32_t p = db_add_mpin(db, m, name->s, name->n);
  if (p < 0) return -1;
  pin_acc_t acc = {0, 0, 0, {INFINITY, INFINITY, -INFINITY, -INFINITY}};
  lex_tok_t t;
  for (;;) {
    if (!need(ps, &t, "PIN")) return 0;
    if (lex_is_ci(&t, "END")) {
      if (!end_named(ps, name->s, name->n, "PIN")) return 0;
      break;
    }
    if (lex_is_ci(&t, "DIRECTION")) {
      lex_tok_t v;
      if (!need(ps, &v, "PIN")) return 0;
      db->mpin_dir[p] = lex_is_ci(&v, "INPUT") ? DB_PDIR_INPUT
                        : lex_is_ci(&v, "OUTPUT") ? DB_PDIR_OUTPUT
                        : lex_is_ci(&v, "INOUT") ? DB_PDIR_INOUT
                        : lex_is_ci(&v, "FEEDTHRU") ? DB_PDIR_FEEDTHRU : DB_PDIR_NONE;
      if (!is_semi(&v)) lex_skip_statement(&ps->lx);
    } else if (lex_is_ci(&t, "USE")) {
      lex_tok_t v;
      if (!need(ps, &v, "PIN")) return 0;
      db->mpin_use[p] = lex_is_ci(&v, "SIGNAL") ? DB_USE_SIGNAL
                        : lex_is_ci(&v, "POWER") ? DB_USE_POWER
                        : lex_is_ci(&v, "GROUND") ? DB_USE_GROUND
                        : lex_is_ci(&v, "CLOCK") ? DB_USE_CLOCK
                        : lex_is_ci(&v, "ANALOG") ? DB_USE_ANALOG : DB_USE_OTHER;
      if (!is_semi(&v)) lex_skip_statement(&ps->lx);
    } else if (lex_is_ci(&t, "PORT")) {
      int rc = parse_geometry(ps, &acc, -1, "PORT");
      if (rc <= 0) return rc;
    } else if (!is_semi(&t)) {
      lex_skip_statement(&ps->lx);
    }
    if (ut_diag_full(ps->lx.diag)) return 0;
  }
  if (acc.n) {
    db->mpin_x_um[p] = acc.sx / acc.n;
    db->mpin_y_um[p] = acc.sy / acc.n;
    memcpy(&db->mpin_bbox_um[4 * p], acc.bb, sizeof acc.bb);
  }
  return 1;
}

static int parse_macro(lef_parser_t *ps, const lex_tok_t *name) {
  db_t *db = ps->db;
  int32_t m = db_find_master(db, name->s, name->n);
  if (m >= 0) {
    if ((size_t)m >= ps->first_master)
      lex_error(&ps->lx, name, "duplicate MACRO '%.*s'", (int)name->n, name->s);
    else
      lex_warn(&ps->lx, name, "MACRO '%.*s' already defined by an earlier LEF; this one is ignored",
               (int)name->n, name->s);
    return skip_block(ps, name->s, name->n, "MACRO");
  }
  m = db_add_master(db, name->s, name->n);
  if (m < 0) return -1;
  int have_size = 0;
  lex_tok_t t;
  for (;;) {
    if (!need(ps, &t, "MACRO")) return 0;
    if (lex_is_ci(&t, "END")) {
      lex_tok_t v;
      if (!need(ps, &v, "MACRO")) return 0;
      if (v.n != name->n || memcmp(v.s, name->s, v.n) != 0) {
        lex_error(&ps->lx, &v, "END of MACRO '%.*s' names '%.*s'", (int)name->n, name->s,
                  (int)v.n, v.s);
        return 0;
      }
      break;
    }
    if (lex_is_ci(&t, "CLASS")) {
      lex_tok_t v, sub;
      if (!need(ps, &v, "MACRO")) return 0;
      db->master_class[m] = lex_is_ci(&v, "CORE") ? DB_CLASS_CORE
                            : lex_is_ci(&v, "BLOCK") ? DB_CLASS_BLOCK
                            : lex_is_ci(&v, "PAD") ? DB_CLASS_PAD
                            : lex_is_ci(&v, "ENDCAP") ? DB_CLASS_ENDCAP
                            : lex_is_ci(&v, "COVER") ? DB_CLASS_COVER
                            : lex_is_ci(&v, "RING") ? DB_CLASS_RING : DB_CLASS_OTHER;
      if (db->master_class[m] == DB_CLASS_OTHER)
        lex_error(&ps->lx, &v, "unknown macro CLASS '%.*s'", (int)v.n, v.s);
      if (!need(ps, &sub, "MACRO")) return 0;
      if (!is_semi(&sub)) {
        uint32_t off;
        if (ut_pool_add(&db->names, sub.s, sub.n, &off)) return -1;
        db->master_subclass[m] = off;
        lex_skip_statement(&ps->lx);
      }
    } else if (lex_is_ci(&t, "SIZE")) {
      double w, h;
      int ok = parse_size(ps, "MACRO", &w, &h);
      if (ok > 0) {
        db->master_w_um[m] = w;
        db->master_h_um[m] = h;
      }
      if (ok) have_size = 1;
    } else if (lex_is_ci(&t, "ORIGIN")) {
      double x, y;
      if (!need_num(ps, &x, "ORIGIN") || !need_num(ps, &y, "ORIGIN")) continue;
      db->master_ox_um[m] = x;
      db->master_oy_um[m] = y;
      need_semi(ps, "ORIGIN");
    } else if (lex_is_ci(&t, "SYMMETRY")) {
      parse_sym(ps, &db->master_sym[m]);
    } else if (lex_is_ci(&t, "SITE")) {
      lex_tok_t v;
      if (!need(ps, &v, "MACRO")) return 0;
      if (db->master_site[m] < 0) {
        db->master_site[m] = db_find_site(db, v.s, v.n);
        if (db->master_site[m] < 0)
          lex_error(&ps->lx, &v, "unknown SITE '%.*s' in MACRO '%.*s'", (int)v.n, v.s,
                    (int)name->n, name->s);
      }
      if (!is_semi(&v)) lex_skip_statement(&ps->lx);
    } else if (lex_is_ci(&t, "PIN")) {
      lex_tok_t v;
      if (!need(ps, &v, "MACRO")) return 0;
      int rc = parse_pin(ps, m, name, &v);
      if (rc <= 0) return rc;
    } else if (lex_is_ci(&t, "OBS")) {
      int rc = parse_geometry(ps, NULL, m, "OBS");
      if (rc <= 0) return rc;
    } else if (lex_is_ci(&t, "DENSITY")) {
      if (!skip_block(ps, NULL, 0, "DENSITY")) return 0;
    } else if (!is_semi(&t)) {
      lex_skip_statement(&ps->lx);  /* FOREIGN, EEQ, LEQ, SOURCE, PROPERTY, FIXEDMASK ... */
    }
    if (ut_diag_full(ps->lx.diag)) return 0;
  }
  if (!have_size)
    lex_error(&ps->lx, name, "MACRO '%.*s' has no SIZE", (int)name->n, name->s);
  return 1;
}

int lef_read_buffer(db_t *db, const char *buf, size_t len, const char *name, ut_diag_t *diag) {
  lef_parser_t ps;
  memset(&ps, 0, sizeof ps);
  ps.db = db;
  ps.first_master = db->nmasters;
  lex_init(&ps.lx, buf, len, name, diag);
  int errors0 = diag->nerrors;
  if (lex_check_text(&ps.lx)) return UT_EPARSE;
  lex_tok_t t;
  int ntok = 0, ended = 0, rc = 1;
  while (rc > 0 && lex_next(&ps.lx, &t)) {
    ntok++;
    if (lex_is_ci(&t, "END")) {
      lex_tok_t v;
      if (lex_next(&ps.lx, &v) && lex_is_ci(&v, "LIBRARY")) {
        ended = 1;
        break;
      }
      lex_error(&ps.lx, &t, "unexpected END '%.*s' at top level", (int)v.n, v.s);
      continue;
    }
    if (t.quoted) {
      lex_error(&ps.lx, &t, "unexpected string at top level");
      lex_skip_statement(&ps.lx);
      continue;
    }
    if (lex_is_ci(&t, "UNITS")) {
      rc = parse_units(&ps);
    } else if (lex_is_ci(&t, "MANUFACTURINGGRID")) {
      double g;
      if (need_num(&ps, &g, "MANUFACTURINGGRID")) {
        if (g <= 0)
          lex_error(&ps.lx, &t, "MANUFACTURINGGRID must be positive");
        else
          db->mfg_grid = g;
        need_semi(&ps, "MANUFACTURINGGRID");
      }
    } else if (lex_is_ci(&t, "LAYER") || lex_is_ci(&t, "SITE") || lex_is_ci(&t, "MACRO")) {
      lex_tok_t v;
      if (!need(&ps, &v, "statement")) break;
      if (lex_is_ci(&t, "LAYER")) rc = parse_layer(&ps, &v);
      else if (lex_is_ci(&t, "SITE")) rc = parse_site(&ps, &v);
      else rc = parse_macro(&ps, &v);
    } else if (lex_is_ci(&t, "VIA") || lex_is_ci(&t, "VIARULE") || lex_is_ci(&t, "NONDEFAULTRULE") ||
               lex_is_ci(&t, "ARRAY")) {
      lex_tok_t v;
      note_skip(&ps, &t);
      if (!need(&ps, &v, "statement")) break;
      rc = skip_block(&ps, v.s, v.n, "block");
    } else if (lex_is_ci(&t, "SPACING") || lex_is_ci(&t, "PROPERTYDEFINITIONS") ||
               lex_is_ci(&t, "IRDROP") || lex_is_ci(&t, "NOISETABLE") ||
               lex_is_ci(&t, "CORRECTIONTABLE") || lex_is_ci(&t, "BEGINEXT")) {
      note_skip(&ps, &t);
      if (lex_is_ci(&t, "BEGINEXT")) {
        lex_tok_t v;
        while (lex_next(&ps.lx, &v) && !lex_is_ci(&v, "ENDEXT")) {}
        if (!lex_is_ci(&v, "ENDEXT")) {
          lex_error(&ps.lx, NULL, "unexpected end of file in BEGINEXT (missing ENDEXT)");
          rc = 0;
        }
      } else {
        char kw[32];
        size_t n = t.n < 31 ? t.n : 31;
        memcpy(kw, t.s, n);
        kw[n] = 0;
        rc = skip_block(&ps, kw, n, "block");
      }
    } else if (lex_is_ci(&t, "VERSION") || lex_is_ci(&t, "BUSBITCHARS") || lex_is_ci(&t, "DIVIDERCHAR") ||
               lex_is_ci(&t, "NAMESCASESENSITIVE") || lex_is_ci(&t, "NOWIREEXTENSIONATPIN") ||
               is_semi(&t)) {
      if (!is_semi(&t)) lex_skip_statement(&ps.lx);
    } else if (lex_is_ci(&t, "USEMINSPACING") || lex_is_ci(&t, "CLEARANCEMEASURE") ||
               lex_is_ci(&t, "MAXVIASTACK") || lex_is_ci(&t, "FIXEDMASK") ||
               lex_is_ci(&t, "PROPERTY") || (t.n > 7 && memcmp(t.s, "ANTENNA", 7) == 0) ||
               lex_is_ci(&t, "INPUTPINANTENNASIZE") || lex_is_ci(&t, "OUTPUTPINANTENNASIZE") ||
               lex_is_ci(&t, "INOUTPINANTENNASIZE") || lex_is_ci(&t, "MINFEATURE") ||
               lex_is_ci(&t, "DIELECTRIC")) {
      note_skip(&ps, &t);
      lex_skip_statement(&ps.lx);
    } else {
      if (!ps.nunknown++) ps.first_unknown = t;
      lex_skip_statement(&ps.lx);
    }
    if (ut_diag_full(diag)) break;
  }
  if (rc < 0) return rc;
  if (ntok == 0 && diag->nerrors == errors0) {
    ut_diag_error(diag, name, 0, 0, "empty LEF file");
    return UT_EPARSE;
  }
  if (!ended && diag->nerrors == errors0)
    ut_diag_warn(diag, name, ps.lx.line, 1, "missing END LIBRARY");
  if (ps.nunknown)
    lex_warn(&ps.lx, &ps.first_unknown, "skipped %d unknown statement%s (the first is '%.*s')",
             ps.nunknown, ps.nunknown > 1 ? "s" : "", (int)ps.first_unknown.n, ps.first_unknown.s);
  if (ps.nskip_kinds) {
    char line[1024];
    size_t o = 0;
    int total = ps.skipped_other;
    for (int i = 0; i < ps.nskip_kinds; i++) total += ps.skipped[i].count;
    for (int i = 0; i < ps.nskip_kinds && o < sizeof line - 64; i++)
      o += (size_t)snprintf(line + o, sizeof line - o, "%s%s x%d", i ? ", " : "",
                            ps.skipped[i].name, ps.skipped[i].count);
    if (ps.skipped_other && o < sizeof line - 32)
      snprintf(line + o, sizeof line - o, ", other x%d", ps.skipped_other);
    if (!diag->quiet)
      ut_log(UT_LOG_INFO, "LEF", "%s: skipped %d statements the placer does not use (%s)", name,
             total, line);
  }
  return diag->nerrors > errors0 ? UT_EPARSE : UT_OK;
}

int lef_read(db_t *db, const char *path, ut_diag_t *diag) {
  char *buf;
  size_t len;
  int rc = lex_load_file(path, &buf, &len, diag);
  if (rc) return rc;
  rc = lef_read_buffer(db, buf, len, path, diag);
  ut_free(buf);
  return rc;
}
