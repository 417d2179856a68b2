/*
 * opts.c: the shared option-table parser (opts.h).  Values are range-checked here, so commands
 * validate everything before reading a file.
 */
#include "cmd/opts.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void cmd_opts_help(FILE *f, const cmd_opt_t *t, size_t n, int width) {
  for (size_t i = 0; i < n; i++) {
    const cmd_opt_t *o = &t[i];
    char left[80];
    int k = o->short_name ? snprintf(left, sizeof left, "-%c, --%s", o->short_name, o->name)
                          : snprintf(left, sizeof left, "    --%s", o->name);
    if (o->arg && k > 0 && (size_t)k < sizeof left)
      snprintf(left + k, sizeof left - (size_t)k, " %s", o->arg);
    fprintf(f, "  %-*s %s", width, left, o->help);
    if (o->def) fprintf(f, " (default %s)", o->def);
    fputc('\n', f);
  }
}

static int bad(const char *prog, const char *what, const char *a) {
  fprintf(stderr, "%s: error: %s '%s' (see --help)\n", prog, what, a);
  return 2;
}

int cmd_opts_parse(const char *prog, int argc, char **argv, const cmd_opt_t *t, size_t n,
                   void *out, const char **positional, void (*usage)(FILE *)) {
  char *base = out;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      usage(stdout);
      return 1;
    }
    const cmd_opt_t *d = NULL;
    const char *val = NULL;
    if (a[0] == '-' && a[1] == '-' && a[2]) {
      const char *eq = strchr(a + 2, '=');
      size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
      for (size_t k = 0; k < n && !d; k++)
        if (strlen(t[k].name) == len && !strncmp(t[k].name, a + 2, len)) d = &t[k];
      if (eq) val = eq + 1;
    } else if (a[0] == '-' && a[1] && !a[2]) {
      for (size_t k = 0; k < n && !d; k++)
        if (t[k].short_name == a[1]) d = &t[k];
    } else if (a[0] == '-' && a[1]) {
      return bad(prog, "unknown option", a);
    } else {
      if (*positional) {
        fprintf(stderr, "%s: error: more than one design given ('%s' and '%s')\n", prog,
                *positional, a);
        return 2;
      }
      *positional = a;
      continue;
    }
    if (!d) return bad(prog, "unknown option", a);
    if (d->kind == CMD_OPT_FLAG) {
      if (val) return bad(prog, "this option takes no value:", a);
      *(int *)(void *)(base + d->off) = 1;
      continue;
    }
    if (!val) {
      if (i + 1 >= argc) {
        fprintf(stderr, "%s: error: option --%s needs a value (%s)\n", prog, d->name,
                d->arg ? d->arg : "value");
        return 2;
      }
      val = argv[++i];
    }
    if (d->kind == CMD_OPT_STR) {
      *(const char **)(void *)(base + d->off) = val;
    } else if (d->kind == CMD_OPT_LIST) {
      int *count = (int *)(void *)(base + d->count_off);
      if (*count >= (int)d->max) {
        fprintf(stderr, "%s: error: at most %d values for --%s\n", prog, (int)d->max, d->name);
        return 2;
      }
      ((const char **)(void *)(base + d->off))[(*count)++] = val;
    } else {
      char *end;
      errno = 0;
      double v = d->kind == CMD_OPT_LONG ? (double)strtol(val, &end, 10) : strtod(val, &end);
      if (!*val || *end || errno || !(v >= d->min) || !(v <= d->max)) {
        fprintf(stderr, "%s: error: --%s needs %s in %g..%g, got '%s'\n", prog, d->name,
                d->kind == CMD_OPT_LONG ? "an integer" : "a number", d->min, d->max, val);
        return 2;
      }
      if (d->kind == CMD_OPT_LONG)
        *(long *)(void *)(base + d->off) = (long)v;
      else
        *(double *)(void *)(base + d->off) = v;
    }
  }
  return 0;
}
