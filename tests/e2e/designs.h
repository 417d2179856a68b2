/* designs.h: reads tests/designs.txt (DEF + LEFs per shared benchmark design) and loads a design. */
#ifndef PLACE_TEST_DESIGNS_H
#define PLACE_TEST_DESIGNS_H
#include <stdio.h>
#include <string.h>

#include "def.h"
#include "lef.h"

typedef struct tdesign_t {
  char def[1024];
  char lefs[8][1024];
  int nlefs;
} tdesign_t;

/* Reads up to max designs from tests/designs.txt (run from the repo root). */
static inline int tdesigns_read(const char *bench, tdesign_t *out, int max) {
  FILE *f = fopen("tests/designs.txt", "r");
  if (!f) return -1;
  char line[4096];
  int n = 0;
  while (n < max && fgets(line, sizeof line, f)) {
    if (line[0] == '#' || line[0] == '\n') continue;
    char *save = NULL, *tok = strtok_r(line, " \t\n", &save);
    if (!tok) continue;
    snprintf(out[n].def, sizeof out[n].def, "%s/%s", bench, tok);
    out[n].nlefs = 0;
    while ((tok = strtok_r(NULL, " \t\n", &save)) && out[n].nlefs < 8) {
      snprintf(out[n].lefs[out[n].nlefs], sizeof out[n].lefs[0], "%s/%s", bench, tok);
      out[n].nlefs++;
    }
    n++;
  }
  fclose(f);
  return n;
}

static inline db_t *tdesign_load(const tdesign_t *t, ut_diag_t *d) {
  db_t *db;
  if (db_create(&db)) return NULL;
  for (int i = 0; i < t->nlefs; i++)
    if (lef_read(db, t->lefs[i], d)) {
      db_destroy(db);
      return NULL;
    }
  if (def_read(db, t->def, d)) {
    db_destroy(db);
    return NULL;
  }
  return db;
}
#endif
