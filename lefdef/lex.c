/*
 * lex.c: LEF/DEF tokenizer (see lex.h).  One pass over a memory buffer with a character-class table;
 * the hot loop touches each byte once.  Backslash escapes a character inside a word (DEF escaped
 * names such as a\[3\]) so an escaped ';' or '"' does not end the word.
 */
#include "lex.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

int lex_load_file(const char *path, char **out, size_t *outlen, ut_diag_t *diag) {
  *out = NULL;
  *outlen = 0;
  gzFile f = gzopen(path, "rb");
  if (!f) {
    ut_diag_error(diag, path, 0, 0, "cannot open file: %s", strerror(errno ? errno : ENOENT));
    return UT_EIO;
  }
  gzbuffer(f, 1 << 17);
  size_t cap = 1 << 20, len = 0;
  char *buf = ut_malloc(cap);
  if (!buf) {
    gzclose(f);
    return UT_ENOMEM;
  }
  for (;;) {
    if (cap - len < (1 << 16) + 1) {
      if (cap > SIZE_MAX / 2) { ut_free(buf); gzclose(f); return UT_ENOMEM; }
      char *nb = ut_realloc(buf, cap * 2);
      if (!nb) { ut_free(buf); gzclose(f); return UT_ENOMEM; }
      buf = nb;
      cap *= 2;
    }
    unsigned want = (unsigned)((cap - len - 1) > (1u << 30) ? (1u << 30) : (cap - len - 1));
    int got = gzread(f, buf + len, want);
    if (got < 0) {
      int err;
      const char *msg = gzerror(f, &err);
      ut_diag_error(diag, path, 0, 0, "read error: %s", msg ? msg : "unknown");
      ut_free(buf);
      gzclose(f);
      return UT_EIO;
    }
    if (got == 0) break;
    len += (size_t)got;
  }
  gzclose(f);
  buf[len] = 0;
  char *fit = ut_realloc(buf, len + 1);  /* the text is kept by the DEF writer: drop the slack */
  if (fit) buf = fit;
  *out = buf;
  *outlen = len;
  return UT_OK;
}

/* character classes: 1 = whitespace */
static unsigned char g_space[256];
static void init_classes(void) {
  if (g_space[' ']) return;
  g_space[' '] = g_space['\t'] = g_space['\n'] = g_space['\r'] = g_space['\f'] = g_space['\v'] = 1;
}

void lex_init(lex_t *lx, const char *buf, size_t len, const char *file, ut_diag_t *diag) {
  init_classes();
  memset(lx, 0, sizeof *lx);
  lx->buf = buf;
  lx->len = len;
  lx->line = 1;
  lx->file = file;
  lx->diag = diag;
}

static int scan(lex_t *lx, lex_tok_t *t) {
  const char *b = lx->buf;
  size_t p = lx->pos, len = lx->len;
  for (;;) {
    while (p < len && g_space[(unsigned char)b[p]]) {
      if (b[p] == '\n') {
        lx->line++;
        lx->line_start = p + 1;
      }
      p++;
    }
    if (p < len && b[p] == '#') {
      while (p < len && b[p] != '\n') p++;
      continue;
    }
    break;
  }
  t->line = lx->line;
  t->col = (int)(p - lx->line_start) + 1;
  t->off = (int64_t)p;
  t->quoted = 0;
  if (p >= len) {
    lx->pos = p;
    t->s = b + len;
    t->n = 0;
    t->end = (int64_t)len;
    return 0;
  }
  if (b[p] == '"') {
    size_t q = p + 1;
    while (q < len && b[q] != '"') {
      if (b[q] == '\\' && q + 1 < len) q++;
      if (b[q] == '\n') {
        lx->line++;
        lx->line_start = q + 1;
      }
      q++;
    }
    t->s = b + p + 1;
    t->n = (uint32_t)(q - p - 1);
    t->quoted = 1;
    if (q < len) q++;  /* closing quote; an unterminated string ends at end of file */
    lx->pos = q;
    t->end = (int64_t)q;
    return 1;
  }
  size_t q = p;
  while (q < len && !g_space[(unsigned char)b[q]]) {
    if (b[q] == '\\' && q + 1 < len && !g_space[(unsigned char)b[q + 1]]) q++;
    q++;
  }
  /* split a trailing unescaped ';' glued to a word */
  if (q - p > 1 && b[q - 1] == ';' && b[q - 2] != '\\') q--;
  t->s = b + p;
  t->n = (uint32_t)(q - p);
  t->end = (int64_t)q;
  lx->pos = q;
  return 1;
}

int lex_next(lex_t *lx, lex_tok_t *t) {
  if (lx->has_peek) {
    *t = lx->peek;
    lx->has_peek = 0;
    return t->n != 0 || t->quoted;
  }
  return scan(lx, t);
}

int lex_peek(lex_t *lx, lex_tok_t *t) {
  if (!lx->has_peek) {
    scan(lx, &lx->peek);
    lx->has_peek = 1;
  }
  *t = lx->peek;
  return t->n != 0 || t->quoted;
}

int lex_is_ci(const lex_tok_t *t, const char *kw) {
  size_t i = 0;
  if (t->quoted) return 0;
  for (; i < t->n; i++) {
    char a = t->s[i], c = kw[i];
    if (!c) return 0;
    if (a >= 'a' && a <= 'z') a = (char)(a - 32);
    if (a != c) return 0;
  }
  return kw[i] == 0;
}

int lex_to_double(const lex_tok_t *t, double *v) {
  char tmp[64];
  if (t->n == 0 || t->n >= sizeof tmp || t->quoted) return -1;
  memcpy(tmp, t->s, t->n);
  tmp[t->n] = 0;
  char *end;
  errno = 0;
  double d = strtod(tmp, &end);
  if (*end || errno == ERANGE || d != d) return -1;
  /* reject hex floats, inf and nan spellings: LEF/DEF numbers are decimal */
  for (uint32_t i = 0; i < t->n; i++) {
    char c = tmp[i];
    if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E'))
      return -1;
  }
  *v = d;
  return 0;
}

int lex_to_int64(const lex_tok_t *t, int64_t *v) {
  if (t->n == 0 || t->n > 20 || t->quoted) return -1;
  uint32_t i = 0;
  int neg = 0;
  if (t->s[0] == '-' || t->s[0] == '+') {
    neg = t->s[0] == '-';
    i = 1;
  }
  if (i == t->n) return -1;
  uint64_t acc = 0;
  for (; i < t->n; i++) {
    char c = t->s[i];
    if (c < '0' || c > '9') return -1;
    if (acc > (UINT64_MAX - 9) / 10) return -1;
    acc = acc * 10 + (uint64_t)(c - '0');
  }
  if (acc > (uint64_t)INT64_MAX) return -1;
  *v = neg ? -(int64_t)acc : (int64_t)acc;
  return 0;
}

static void report(lex_t *lx, int is_error, const lex_tok_t *t, const char *fmt, va_list ap) {
  char msg[768];
  vsnprintf(msg, sizeof msg, fmt, ap);
  int line = lx->line, col = (int)(lx->pos - lx->line_start) + 1;
  if (t && (t->n || t->quoted)) {
    line = t->line;
    col = t->col;
  }
  if (is_error)
    ut_diag_error(lx->diag, lx->file, line, col, "%s", msg);
  else
    ut_diag_warn(lx->diag, lx->file, line, col, "%s", msg);
}

void lex_error(lex_t *lx, const lex_tok_t *t, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  report(lx, 1, t, fmt, ap);
  va_end(ap);
}

void lex_warn(lex_t *lx, const lex_tok_t *t, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  report(lx, 0, t, fmt, ap);
  va_end(ap);
}

int lex_skip_statement(lex_t *lx) {
  lex_tok_t t;
  while (lex_next(lx, &t)) {
    if (!t.quoted && t.n == 1 && t.s[0] == ';') return 1;
  }
  return 0;
}

int lex_check_text(lex_t *lx) {
  const unsigned char *b = (const unsigned char *)lx->buf;
  int line = 1;
  size_t ls = 0;
  for (size_t i = 0; i < lx->len; i++) {
    unsigned char c = b[i];
    if (c == '\n') {
      line++;
      ls = i + 1;
    } else if (c < 0x20 && c != '\t' && c != '\r' && c != '\f' && c != '\v') {
      ut_diag_error(lx->diag, lx->file, line, (int)(i - ls) + 1,
                    "binary data (byte 0x%02x): not a text file", c);
      return -1;
    } else if (c == 0x7f) {
      ut_diag_error(lx->diag, lx->file, line, (int)(i - ls) + 1,
                    "binary data (byte 0x7f): not a text file");
      return -1;
    }
  }
  return 0;
}
