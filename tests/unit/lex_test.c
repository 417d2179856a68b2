/* lex_test.c: the LEF/DEF tokenizer: words, comments, strings, glued ';', escapes, positions,
 * strict numbers and binary detection. */
#include <string.h>

#include "lex.h"
#include "tap.h"

static int tok_eq(const lex_tok_t *t, const char *s) {
  return t->n == strlen(s) && memcmp(t->s, s, t->n) == 0;
}

int main(void) {
  ut_diag_t d;
  ut_diag_init(&d);
  d.quiet = 1;
  const char *src =
      "VERSION 5.8 ;\n"
      "# a comment ; with a semicolon\n"
      "  DESIGN top;\n"
      "PROPERTY \"quoted ; string\" ;\n"
      "- a\\[3\\] b\\;c ( 10 -20 ) N ;";
  lex_t lx;
  lex_init(&lx, src, strlen(src), "t.def", &d);
  lex_tok_t t;
  const char *want[] = {"VERSION", "5.8", ";", "DESIGN", "top", ";", "PROPERTY",
                        "quoted ; string", ";", "-", "a\\[3\\]", "b\\;c", "(", "10", "-20", ")",
                        "N", ";"};
  size_t nw = sizeof want / sizeof want[0], i = 0;
  int lines[] = {1, 1, 1, 3, 3, 3, 4, 4, 4, 5, 5, 5, 5, 5, 5, 5, 5, 5};
  while (lex_next(&lx, &t)) {
    CHECKF(i < nw && tok_eq(&t, want[i]), "token %zu is '%.*s'", i, (int)t.n, t.s);
    CHECKF(i < nw && t.line == lines[i], "token %zu line %d", i, t.line);
    i++;
  }
  CHECK(i == nw);
  /* columns and offsets */
  lex_init(&lx, src, strlen(src), "t.def", &d);
  for (int k = 0; k < 4; k++) lex_next(&lx, &t);
  CHECK(tok_eq(&t, "DESIGN") && t.col == 3);
  CHECK(t.off == (int64_t)(strstr(src, "DESIGN") - src));
  lex_next(&lx, &t);
  CHECK(tok_eq(&t, "top") && t.end - t.off == 3);
  /* the quoted token is flagged and keeps its span */
  lex_next(&lx, &t);
  lex_next(&lx, &t);
  lex_next(&lx, &t);
  CHECK(t.quoted && tok_eq(&t, "quoted ; string"));
  /* peek does not consume */
  lex_tok_t p;
  lex_peek(&lx, &p);
  lex_next(&lx, &t);
  CHECK(p.off == t.off && tok_eq(&t, ";"));
  /* numbers */
  lex_tok_t n = {.s = "123", .n = 3};
  int64_t iv;
  double dv;
  CHECK(lex_to_int64(&n, &iv) == 0 && iv == 123);
  n.s = "-7";
  n.n = 2;
  CHECK(lex_to_int64(&n, &iv) == 0 && iv == -7);
  n.s = "12a";
  n.n = 3;
  CHECK(lex_to_int64(&n, &iv) != 0);
  CHECK(lex_to_double(&n, &dv) != 0);
  n.s = "0x10";
  n.n = 4;
  CHECK(lex_to_double(&n, &dv) != 0);
  n.s = "nan";
  n.n = 3;
  CHECK(lex_to_double(&n, &dv) != 0);
  n.s = "99999999999999999999999";
  n.n = 23;
  CHECK(lex_to_int64(&n, &iv) != 0);
  n.s = "1.5e2";
  n.n = 5;
  CHECK(lex_to_double(&n, &dv) == 0 && dv == 150.0);
  /* case-insensitive keywords */
  n.s = "Symmetry";
  n.n = 8;
  CHECK(lex_is_ci(&n, "SYMMETRY") && !lex_is(&n, "SYMMETRY"));
  /* binary data is reported with its position */
  const char bin[] = "VERSION 5.8 ;\nab\001cd\n";
  ut_diag_t d2;
  ut_diag_init(&d2);
  d2.quiet = 1;
  d2.sink = NULL;
  lex_init(&lx, bin, sizeof bin - 1, "b.def", &d2);
  CHECK(lex_check_text(&lx) != 0);
  CHECKF(strstr(d2.first, "b.def:2:3: error: binary data") != NULL, "%s", d2.first);
  /* skip_statement stops after ';' */
  const char *s2 = "A B C ; D";
  lex_init(&lx, s2, strlen(s2), "s", &d);
  CHECK(lex_skip_statement(&lx) == 1);
  lex_next(&lx, &t);
  CHECK(tok_eq(&t, "D"));
  /* end of file */
  CHECK(lex_next(&lx, &t) == 0 && t.n == 0);
  return tap_done();
}
