/*
 * lex.h: the LEF/DEF tokenizer, shared by both readers.
 *
 * The whole file is loaded into memory (through zlib's gzread, so .gz input is transparent) and
 * tokens point into that buffer: no copies, no allocation per token.  LEF and DEF are
 * whitespace-separated token streams with '#' comments and "quoted strings"; a ';' glued to the end
 * of a word is split off, since real files do that.  Each token carries its byte offset, line and
 * column, so diagnostics read "file:line:col: error: ..." and the DEF writer can splice by offset.
 */
#ifndef PLACE_LEX_H
#define PLACE_LEX_H

#include <stddef.h>
#include <stdint.h>

#include "util/ut.h"

typedef struct lex_tok_t {
  const char *s;     /* not NUL-terminated */
  uint32_t n;        /* 0 at end of file */
  uint8_t quoted;    /* the token was a "string" (s/n exclude the quotes) */
  int line, col;
  int64_t off;       /* byte offset of the token's first character (the quote for strings) */
  int64_t end;       /* byte offset just past the token (past the closing quote) */
} lex_tok_t;

typedef struct lex_t {
  const char *buf;
  size_t len, pos;
  int line;
  size_t line_start;
  const char *file;  /* for diagnostics */
  ut_diag_t *diag;
  int has_peek;
  lex_tok_t peek;
} lex_t;

/* Read a whole file (plain or gzip) into a NUL-terminated buffer.  Returns 0, UT_EIO (message in
 * diag) or UT_ENOMEM. */
int lex_load_file(const char *path, char **buf, size_t *len, ut_diag_t *diag);

void lex_init(lex_t *lx, const char *buf, size_t len, const char *file, ut_diag_t *diag);
/* Next token; returns 0 at end of file (tok->n == 0), 1 otherwise. */
int lex_next(lex_t *lx, lex_tok_t *tok);
int lex_peek(lex_t *lx, lex_tok_t *tok);

static inline int lex_is(const lex_tok_t *t, const char *kw) {
  size_t i = 0;
  if (t->quoted) return 0;
  for (; i < t->n; i++)
    if (kw[i] != t->s[i]) return 0;
  return kw[i] == 0;
}
/* Case-insensitive keyword match (LEF keywords are case-insensitive in practice). */
int lex_is_ci(const lex_tok_t *t, const char *kw);

/* Strict number parsing: the whole token must be a number. */
int lex_to_double(const lex_tok_t *t, double *v);
int lex_to_int64(const lex_tok_t *t, int64_t *v);

/* Error at a token (or at end of file when t is NULL or t->n == 0). */
void lex_error(lex_t *lx, const lex_tok_t *t, const char *fmt, ...)
  __attribute__((format(printf, 3, 4)));
void lex_warn(lex_t *lx, const lex_tok_t *t, const char *fmt, ...)
  __attribute__((format(printf, 3, 4)));

/* Reject binary input: returns 0 when the buffer is text, else reports the first control byte
 * ("binary data") at its line and column and returns -1. */
int lex_check_text(lex_t *lx);

/* Consume tokens through the next ';'.  Returns 0 at end of file. */
int lex_skip_statement(lex_t *lx);

#endif
