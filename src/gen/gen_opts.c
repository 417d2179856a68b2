/*
 * gen_opts.c: the one table of place-gen options: it drives the defaults, the presets, argv
 * parsing, --help and the validation done before any work starts.
 *
 * Parsing is two passes: --preset first (it sets defaults), then every other option in order, so
 * explicit options win wherever they appear.  PEKO mode clears macros, IO pins and blockages (it
 * has none) unless they were given explicitly, which is an error, and defaults its degree
 * distribution to the measured ibex one.  Values are checked against the table's [lo, hi] range
 * and reported as "place-gen: --cells expects an integer in [10, 10000000], got 'abc'".
 * No paper; the invariant is that a gen_opts_t that passed gen_opts_check can be run as is.
 */
#include "gen/gen_int.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef enum { K_LONG, K_ULONG, K_DBL, K_STR, K_FLAG, K_RANGE, K_STATUS, K_PRESET, K_HELP } kind_t;

typedef struct {
  const char *name;
  char shortc;
  kind_t kind;
  size_t off;                 /* into gen_opts_t */
  size_t size;                /* K_STR: buffer size */
  double lo, hi;
  const char *arg;
  const char *help;
} opt_t;

#define OFF(f) offsetof(gen_opts_t, f)
#define SZ(f) sizeof(((gen_opts_t *)0)->f)

static const opt_t OPTS[] = {
  {"preset", 0, K_PRESET, 0, 0, 0, 0, "NAME",
   "small | medium | large | macro-heavy: set the defaults of the options below; explicit "
   "options win"},
  {"cells", 0, K_LONG, OFF(cells), 0, 10, GEN_MAX_CELLS, "N", "standard cells"},
  {"macros", 0, K_LONG, OFF(macros), 0, 0, 100000, "N", "RAM-like CLASS BLOCK macros"},
  {"macro-size", 0, K_RANGE, OFF(macro_min_um), 0, 3, 2000, "MIN,MAX",
   "macro side range in microns (log-uniform, aspect 1:2..2:1)"},
  {"macro-status", 0, K_STATUS, OFF(macros_fixed), 0, 0, 0, "unplaced|fixed",
   "macros movable (no placement status) or + FIXED inside the core"},
  {"fixed-macros", 0, K_FLAG, OFF(macros_fixed), 0, 0, 0, NULL, "same as --macro-status fixed"},
  {"util", 0, K_DBL, OFF(util), 0, 0.05, 0.95, "U",
   "(std cell + macro area) / (core area - blockage area)"},
  {"rent", 0, K_DBL, OFF(rent), 0, 0.1, 0.95, "P",
   "Rent exponent: terminals of a group of G cells grow as G^P (locality of the netlist)"},
  {"degree-dist", 0, K_STR, OFF(degree_dist), SZ(degree_dist), 0, 0, "SPEC",
   "net degrees: realistic | ibex | list of DEG:WEIGHT or LO-HI:WEIGHT, e.g. "
   "2:60,3:20,4-10:15,11-30:5"},
  {"blockages", 0, K_LONG, OFF(blockages), 0, 0, 1000, "N", "placement blockages in the core"},
  {"aspect", 0, K_DBL, OFF(aspect), 0, 0.1, 10, "A", "core height / core width"},
  {"ios", 0, K_LONG, OFF(ios), 0, 0, 1000000, "N",
   "IO pins on the die edges (half inputs: clk, rst_n, din[k]; half outputs: dout[k])"},
  {"seed", 0, K_ULONG, OFF(seed), 0, 0, 0, "S", "random seed; same options + seed = same bytes"},
  {"name", 0, K_STR, OFF(name), SZ(name), 0, 0, "NAME", "DESIGN name (letters, digits, _)"},
  {"output", 'o', K_STR, OFF(prefix), SZ(prefix), 0, 0, "PREFIX",
   "write PREFIX.lef, PREFIX.def (.def.gz with --gz) and, with --peko, PREFIX.opt "
   "(default: the design name)"},
  {"lef-out", 0, K_STR, OFF(lef_out), SZ(lef_out), 0, 0, "FILE", "LEF path (overrides -o)"},
  {"def-out", 0, K_STR, OFF(def_out), SZ(def_out), 0, 0, "FILE", "DEF path (overrides -o)"},
  {"opt-out", 0, K_STR, OFF(opt_out), SZ(opt_out), 0, 0, "FILE", "PEKO .opt path (overrides -o)"},
  {"gz", 0, K_FLAG, OFF(gz), 0, 0, 0, NULL, "gzip the DEF (zlib)"},
  {"peko", 0, K_FLAG, OFF(peko), 0, 0, 0, NULL,
   "PEKO mode: identical cells, known optimal HPWL written to PREFIX.opt and the DEF header"},
  {"peko-placed", 0, K_FLAG, OFF(peko_placed), 0, 0, 0, NULL,
   "PEKO mode with the optimal placement written as + PLACED components (implies --peko)"},
  {"stats", 0, K_FLAG, OFF(stats), 0, 0, 0, NULL,
   "log the net-degree histogram and the measured Rent exponent"},
  {"quiet", 'q', K_FLAG, OFF(quiet), 0, 0, 0, NULL, "no [INFO] lines on stderr"},
  {"help", 'h', K_HELP, 0, 0, 0, 0, NULL, "this text"},
};
#define NOPTS ((int)(sizeof(OPTS) / sizeof(OPTS[0])))


void gen_opts_default(gen_opts_t *o) {
  memset(o, 0, sizeof(*o));
  snprintf(o->name, sizeof(o->name), "gen");
  o->cells = 10000;
  o->macros = 0;
  o->macro_min_um = 10;
  o->macro_max_um = 40;
  o->util = 0.7;
  o->rent = 0.65;
  snprintf(o->degree_dist, sizeof(o->degree_dist), "realistic");
  o->aspect = 1.0;
  o->ios = 64;
  o->seed = 1;
}

int gen_opts_preset(gen_opts_t *o, const char *p, gen_err_t *err) {
  if (strcmp(p, "small") == 0) {
    /* The quick-start example: seconds to place, two fixed RAMs and a blockage to avoid. */
    snprintf(o->name, sizeof(o->name), "small");
    o->cells = 2000, o->macros = 2, o->macro_min_um = 8, o->macro_max_um = 16;
    o->macros_fixed = 1, o->util = 0.6, o->ios = 48, o->blockages = 1;
  } else if (strcmp(p, "medium") == 0) {
    snprintf(o->name, sizeof(o->name), "medium");
    o->cells = 100000, o->macros = 8, o->macro_min_um = 20, o->macro_max_um = 60;
    o->util = 0.7, o->ios = 256, o->blockages = 2;
  } else if (strcmp(p, "large") == 0) {
    snprintf(o->name, sizeof(o->name), "large");
    o->cells = 1000000, o->macros = 16, o->macro_min_um = 40, o->macro_max_um = 150;
    o->util = 0.7, o->ios = 512, o->blockages = 4;
  } else if (strcmp(p, "macro-heavy") == 0) {
    snprintf(o->name, sizeof(o->name), "macro_heavy");
    o->cells = 40000, o->macros = 120, o->macro_min_um = 8, o->macro_max_um = 60;
    o->util = 0.6, o->ios = 256, o->blockages = 0;
  } else {
    snprintf(err->msg, sizeof(err->msg),
             "unknown preset '%.60s' (small, medium, large, macro-heavy)", p);
    return GEN_EINVAL;
  }
  snprintf(o->preset, sizeof(o->preset), "%s", p);
  return GEN_OK;
}

static int is_ident(const char *s) {
  if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_')) return 0;
  for (; *s; s++)
    if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
          *s == '_'))
      return 0;
  return 1;
}

int gen_opts_check(const gen_opts_t *o, gen_err_t *err) {
  gen_degree_t dd;
  if (!is_ident(o->name)) {
    snprintf(err->msg, sizeof(err->msg),
             "--name '%.60s' is not an identifier ([A-Za-z_][A-Za-z0-9_]*)", o->name);
    return GEN_EINVAL;
  }
  for (int i = 0; i < NOPTS; i++) {
    const opt_t *t = &OPTS[i];
    double v;
    if (t->kind == K_LONG) v = (double)*(const long *)((const char *)o + t->off);
    else if (t->kind == K_DBL) v = *(const double *)((const char *)o + t->off);
    else continue;
    if (!(v >= t->lo && v <= t->hi)) {
      snprintf(err->msg, sizeof(err->msg), "--%s must be in [%g, %g], got %g", t->name, t->lo,
               t->hi, v);
      return GEN_EINVAL;
    }
  }
  if (!(o->macro_min_um >= 3 && o->macro_min_um <= o->macro_max_um && o->macro_max_um <= 2000)) {
    snprintf(err->msg, sizeof(err->msg), "--macro-size needs 3 <= MIN <= MAX <= 2000 (um)");
    return GEN_EINVAL;
  }
  if (o->peko && (o->macros || o->ios || o->blockages)) {
    snprintf(err->msg, sizeof(err->msg),
             "--peko designs have no macros, IO pins or blockages (got --macros %ld --ios %ld "
             "--blockages %ld)", o->macros, o->ios, o->blockages);
    return GEN_EINVAL;
  }
  if (o->peko_placed && !o->peko) {
    snprintf(err->msg, sizeof(err->msg), "--peko-placed needs --peko");
    return GEN_EINVAL;
  }
  if (o->peko && o->cells < 4) {
    snprintf(err->msg, sizeof(err->msg), "--peko needs at least 4 cells");
    return GEN_EINVAL;
  }
  return gen_degree_parse(&dd, o->degree_dist, err);
}

static const opt_t *find_long(const char *name, size_t n) {
  for (int i = 0; i < NOPTS; i++)
    if (strlen(OPTS[i].name) == n && strncmp(OPTS[i].name, name, n) == 0) return &OPTS[i];
  return NULL;
}

static const opt_t *find_short(char c) {
  for (int i = 0; i < NOPTS; i++)
    if (OPTS[i].shortc == c) return &OPTS[i];
  return NULL;
}

static int bad_value(gen_err_t *err, const opt_t *t, const char *what, const char *v) {
  if (t->kind == K_LONG)
    snprintf(err->msg, sizeof(err->msg), "--%s expects an integer in [%.0f, %.0f], got '%.60s'",
             t->name, t->lo, t->hi, v);
  else if (t->kind == K_DBL)
    snprintf(err->msg, sizeof(err->msg), "--%s expects a number in [%g, %g], got '%.60s'",
             t->name, t->lo, t->hi, v);
  else
    snprintf(err->msg, sizeof(err->msg), "--%s expects %s, got '%.60s'", t->name, what, v);
  return GEN_EINVAL;
}

static int parse_double(const char *s, double *out) {
  char *end;
  errno = 0;
  *out = strtod(s, &end);
  return end != s && *end == '\0' && errno == 0 && isfinite(*out);
}

/* Store value v of option t. */
static int set_value(gen_opts_t *o, const opt_t *t, const char *v, gen_err_t *err) {
  char *base = (char *)o + t->off;
  char *end;
  switch (t->kind) {
    case K_LONG: {
      errno = 0;
      long x = strtol(v, &end, 10);
      if (end == v || *end || errno || x < t->lo || x > t->hi) return bad_value(err, t, "", v);
      *(long *)base = x;
      return GEN_OK;
    }
    case K_ULONG: {
      errno = 0;
      if (*v == '-') return bad_value(err, t, "a non-negative integer", v);
      unsigned long x = strtoul(v, &end, 10);
      if (end == v || *end || errno) return bad_value(err, t, "a non-negative integer", v);
      *(unsigned long *)base = x;
      return GEN_OK;
    }
    case K_DBL: {
      double x;
      if (!parse_double(v, &x) || x < t->lo || x > t->hi) return bad_value(err, t, "", v);
      *(double *)base = x;
      return GEN_OK;
    }
    case K_STR:
      if (strlen(v) >= t->size || !*v) return bad_value(err, t, "a non-empty string", v);
      snprintf(base, t->size, "%s", v);
      return GEN_OK;
    case K_RANGE: {
      char tmp[128];
      double a, b;
      const char *c = strchr(v, ',');
      if (!c || (size_t)(c - v) >= sizeof(tmp)) return bad_value(err, t, "MIN,MAX in um", v);
      memcpy(tmp, v, (size_t)(c - v));
      tmp[c - v] = '\0';
      if (!parse_double(tmp, &a) || !parse_double(c + 1, &b) || a < t->lo || b > t->hi || a > b)
        return bad_value(err, t, "MIN,MAX in um with 3 <= MIN <= MAX <= 2000", v);
      o->macro_min_um = a;
      o->macro_max_um = b;
      return GEN_OK;
    }
    case K_STATUS:
      if (strcmp(v, "fixed") == 0) o->macros_fixed = 1;
      else if (strcmp(v, "unplaced") == 0) o->macros_fixed = 0;
      else return bad_value(err, t, "'unplaced' or 'fixed'", v);
      return GEN_OK;
    default:
      return GEN_OK;
  }
}

int gen_opts_parse(gen_opts_t *o, int argc, char **argv, int *want_help, gen_err_t *err) {
  int given[NOPTS];
  memset(given, 0, sizeof(given));
  gen_opts_default(o);
  *want_help = 0;
  for (int pass = 0; pass < 2; pass++) {
    for (int i = 1; i < argc; i++) {
      const char *a = argv[i], *val = NULL;
      const opt_t *t = NULL;
      if (a[0] == '-' && a[1] == '-') {
        const char *eq = strchr(a + 2, '=');
        size_t n = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
        t = find_long(a + 2, n);
        if (eq) val = eq + 1;
      } else if (a[0] == '-' && a[1] && !a[2]) {
        t = find_short(a[1]);
      } else {
        snprintf(err->msg, sizeof(err->msg), "unexpected argument '%.60s' (see --help)", a);
        return GEN_EINVAL;
      }
      if (!t) {
        snprintf(err->msg, sizeof(err->msg), "unknown option '%.60s' (see --help)", a);
        return GEN_EINVAL;
      }
      int takes = t->arg != NULL;
      if (!takes && val) {
        snprintf(err->msg, sizeof(err->msg), "--%s takes no value", t->name);
        return GEN_EINVAL;
      }
      if (takes && !val) {
        if (i + 1 >= argc) {
          snprintf(err->msg, sizeof(err->msg), "--%s needs a value (%s)", t->name, t->arg);
          return GEN_EINVAL;
        }
        val = argv[++i];
      }
      if ((pass == 0) != (t->kind == K_PRESET)) continue;
      int rc = GEN_OK;
      given[t - OPTS] = 1;
      if (t->kind == K_PRESET) rc = gen_opts_preset(o, val, err);
      else if (t->kind == K_HELP) *want_help = 1;
      else if (t->kind == K_FLAG) *(int *)((char *)o + t->off) = 1;
      else rc = set_value(o, t, val, err);
      if (rc < 0) return rc;
    }
  }
  if (*want_help) return GEN_OK;
  if (o->peko_placed) o->peko = 1;
  if (o->peko) {
    static const char *none[] = {"macros", "ios", "blockages"};
    for (int k = 0; k < 3; k++) {
      const opt_t *t = find_long(none[k], strlen(none[k]));
      long *v = (long *)((char *)o + t->off);
      if (given[t - OPTS] && *v != 0) {
        snprintf(err->msg, sizeof(err->msg), "--%s cannot be used with --peko (PEKO designs "
                 "have no macros, IO pins or blockages)", none[k]);
        return GEN_EINVAL;
      }
      *v = 0;
    }
    const opt_t *dd = find_long("degree-dist", 11);
    if (!given[dd - OPTS]) snprintf(o->degree_dist, sizeof(o->degree_dist), "ibex");
  }
  if (!o->prefix[0]) snprintf(o->prefix, sizeof(o->prefix), "%s", o->name);
  return gen_opts_check(o, err);
}

void gen_opts_help(FILE *f) {
  gen_opts_t d;
  gen_opts_default(&d);
  fprintf(f,
          "usage: place-gen [options]\n"
          "Writes a self-made technology + cell LEF (5.8) and a DEF (5.8) of a synthetic design:\n"
          "a Rent-rule netlist of standard cells, RAM-like macros and IO pins, or (--peko) a\n"
          "PEKO design whose optimal wirelength is known.  Same options + seed = same bytes.\n\n"
          "options:\n");
  for (int i = 0; i < NOPTS; i++) {
    const opt_t *t = &OPTS[i];
    char head[64], def[96] = "";
    if (t->shortc)
      snprintf(head, sizeof(head), "-%c, --%s %s", t->shortc, t->name, t->arg ? t->arg : "");
    else
      snprintf(head, sizeof(head), "    --%s %s", t->name, t->arg ? t->arg : "");
    const char *base = (const char *)&d + t->off;
    switch (t->kind) {
      case K_LONG: snprintf(def, sizeof(def), " [%.0f..%.0f] (default %ld)", t->lo, t->hi,
                            *(const long *)base); break;
      case K_ULONG:
        snprintf(def, sizeof(def), " (default %lu)", *(const unsigned long *)base);
        break;
      case K_DBL: snprintf(def, sizeof(def), " [%g..%g] (default %g)", t->lo, t->hi,
                           *(const double *)base); break;
      case K_RANGE: snprintf(def, sizeof(def), " (default %g,%g)", d.macro_min_um, d.macro_max_um);
                    break;
      case K_STR: if (*base) snprintf(def, sizeof(def), " (default %s)", base); break;
      case K_STATUS: snprintf(def, sizeof(def), " (default unplaced)"); break;
      default: break;
    }
    /* Help text wrapped at 100 columns under its own column. */
    char text[512];
    snprintf(text, sizeof(text), "%s%s", t->help, def);
    if (strlen(head) > 28) fprintf(f, "  %s\n%30s", head, "");
    else fprintf(f, "  %-28s", head);
    int col = 30;
    for (const char *wd = text; *wd;) {
      size_t n = strcspn(wd, " ");
      if (col + (int)n > 100 && col > 30) {
        fprintf(f, "\n%30s", "");
        col = 30;
      }
      fprintf(f, " %.*s", (int)n, wd);
      col += (int)n + 1;
      wd += n;
      while (*wd == ' ') wd++;
    }
    fputc('\n', f);
  }
  fprintf(f,
          "\npresets (cells / macros, macro size um / IO pins / blockages / util):\n"
          "  small        2000 / 2 fixed, 8-16 / 48 / 1 / 0.6   (the bundled quick-start example)\n"
          "  medium       100000 / 8, 20-60 / 256 / 2 / 0.7\n"
          "  large        1000000 / 16, 40-150 / 512 / 4 / 0.7\n"
          "  macro-heavy  40000 / 120, 8-60 / 256 / 0 / 0.6\n"
          "\nPEKO mode: --cells is rounded up to rows x columns of identical PEKO_X1 cells, which\n"
          "fill the core (100%% utilization); nets are cut from compact blocks of the grid, so\n"
          "the grid placement is optimal.  The optimal HPWL (pins at cell centers) goes to\n"
          "PREFIX.opt and the DEF header; the degree distribution defaults to 'ibex'.\n"
          "\nexamples:\n"
          "  place-gen --preset small --seed 1 -o examples/small/small\n"
          "  place-gen --cells 2000000 --macros 20 --seed 7 -o big --gz\n"
          "  place-gen --peko-placed --cells 10000 -o peko10k\n"
          "exit status: 0 on success, 2 for bad options, 1 when generation or writing fails.\n");
}
