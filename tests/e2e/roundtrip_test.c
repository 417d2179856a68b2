/* roundtrip_test.c: for every DEF in ../shared/benchmarks (tests/designs.txt): read, write with no
 * change (must equal the input byte for byte), then move every movable component, write, re-read,
 * and check the database is identical apart from those placements and the text outside COMPONENTS
 * is identical. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "designs.h"
#include "tap.h"

#define SAME(a, b, n) ((n) == 0 || memcmp((a), (b), (n) * sizeof *(a)) == 0)

static int names_same(const db_t *a, const db_t *b, const uint32_t *na, const uint32_t *nb,
                      size_t n) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(db_str(a, na[i]), db_str(b, nb[i]))) return 0;
  return 1;
}

/* The database of b equals a's, placements of components excepted. */
static int db_same(const db_t *a, const db_t *b) {
  int ok = 1;
#define EQ(cond) do { if (!(cond)) { fprintf(stderr, "  differs: %s\n", #cond); ok = 0; } } while (0)
  EQ(a->dbu == b->dbu && a->nlayers == b->nlayers && a->nsites == b->nsites);
  EQ(a->nmasters == b->nmasters && a->nmpins == b->nmpins && a->nobs == b->nobs);
  EQ(memcmp(&a->die, &b->die, sizeof a->die) == 0 && memcmp(&a->core, &b->core, sizeof a->core) == 0);
  EQ(a->nrows == b->nrows && SAME(a->row_x, b->row_x, a->nrows) &&
     SAME(a->row_y, b->row_y, a->nrows) && SAME(a->row_site, b->row_site, a->nrows) &&
     SAME(a->row_nx, b->row_nx, a->nrows) && SAME(a->row_orient, b->row_orient, a->nrows));
  EQ(a->ntracks == b->ntracks && SAME(a->track_start, b->track_start, a->ntracks));
  EQ(a->ngcell == b->ngcell);
  EQ(a->ncells == b->ncells && names_same(a, b, a->cell_name, b->cell_name, a->ncells));
  if (a->ncells == b->ncells) {
    EQ(SAME(a->cell_master, b->cell_master, a->ncells));
    EQ(SAME(a->cell_region, b->cell_region, a->ncells));
    EQ(SAME(a->cell_weight, b->cell_weight, a->ncells));
    EQ(SAME(a->cell_flags, b->cell_flags, a->ncells));
    EQ(SAME(a->cell_pin_start, b->cell_pin_start, a->ncells + 1));
  }
  EQ(a->nnets == b->nnets && names_same(a, b, a->net_name, b->net_name, a->nnets));
  if (a->nnets == b->nnets) {
    EQ(SAME(a->net_pin_start, b->net_pin_start, a->nnets + 1));
    EQ(SAME(a->net_weight, b->net_weight, a->nnets) && SAME(a->net_use, b->net_use, a->nnets));
  }
  EQ(a->npins == b->npins && SAME(a->pin_cell, b->pin_cell, a->npins) &&
     SAME(a->pin_ref, b->pin_ref, a->npins));
  EQ(a->nios == b->nios && SAME(a->io_x, b->io_x, a->nios) && SAME(a->io_y, b->io_y, a->nios) &&
     SAME(a->io_status, b->io_status, a->nios) && SAME(a->io_net, b->io_net, a->nios));
  EQ(a->nblk == b->nblk && a->nblk_rects == b->nblk_rects &&
     SAME(a->blk_rects, b->blk_rects, a->nblk_rects));
  EQ(a->nregions == b->nregions && a->ngroups == b->ngroups &&
     a->ngroup_members == b->ngroup_members);
#undef EQ
  return ok;
}

/* Text with the COMPONENTS section cut out. */
static char *strip_components(const char *s, size_t n, size_t *outn) {
  const char *b = strstr(s, "\nCOMPONENTS ");
  const char *e = b ? strstr(b, "END COMPONENTS") : NULL;
  char *r = malloc(n + 1);
  if (!b || !e) {
    memcpy(r, s, n);
    *outn = n;
    return r;
  }
  size_t k = (size_t)(b - s);
  memcpy(r, s, k);
  size_t rest = n - (size_t)(e - s);
  memcpy(r + k, e, rest);
  *outn = k + rest;
  return r;
}

int main(void) {
  static tdesign_t ds[64];
  int n = tdesigns_read(tap_bench(), ds, 64);
  CHECKF(n >= 30, "tests/designs.txt lists %d designs", n);
  const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
  char outpath[600];
  snprintf(outpath, sizeof outpath, "%s/place_roundtrip_%d.def", tmp, (int)getpid());
  for (int i = 0; i < n; i++) {
    ut_diag_t d;
    ut_diag_init(&d);
    d.quiet = 1;
    ut_log_set_level(UT_LOG_WARN);
    db_t *a = tdesign_load(&ds[i], &d);
    CHECKF(a != NULL, "%s: %s", ds[i].def, d.first);
    if (!a) continue;
    /* 1: unchanged write = input */
    char *out;
    size_t len;
    CHECK(def_write_mem(a, &out, &len) == 0);
    CHECKF(len == a->src_len && memcmp(out, a->src, len) == 0, "%s: unchanged write differs",
           ds[i].def);
    ut_free(out);
    /* 2: move every movable component by a design-dependent offset, flip its orientation */
    for (size_t c = 0; c < a->ncells; c++) {
      if (db_cell_is_fixed(a, (int32_t)c)) continue;
      dbu_t x = a->cell_x[c] + (dbu_t)(c % 7) * 10, y = a->cell_y[c] + (dbu_t)(c % 3) * 20;
      db_cell_set_place(a, (int32_t)c, x, y, (a->cell_orient[c] + (int)(c % 8)) % 8, DB_PLACED);
    }
    CHECK(def_write(a, outpath, &d) == 0);
    ut_diag_t d2;
    ut_diag_init(&d2);
    d2.quiet = 1;
    tdesign_t t2 = ds[i];
    snprintf(t2.def, sizeof t2.def, "%s", outpath);
    db_t *b = tdesign_load(&t2, &d2);
    CHECKF(b != NULL, "%s: re-read failed: %s", ds[i].def, d2.first);
    if (b) {
      CHECKF(db_same(a, b), "%s: database differs after round trip", ds[i].def);
      int moved_ok = a->ncells == b->ncells;
      for (size_t c = 0; moved_ok && c < a->ncells; c++)
        moved_ok = a->cell_x[c] == b->cell_x[c] && a->cell_y[c] == b->cell_y[c] &&
                   a->cell_orient[c] == b->cell_orient[c] &&
                   a->cell_status[c] == b->cell_status[c];
      CHECKF(moved_ok, "%s: placements did not survive the round trip", ds[i].def);
      CHECKF(db_hpwl(a) == db_hpwl(b), "%s: HPWL differs", ds[i].def);
      size_t na, nb;
      char *sa = strip_components(a->src, a->src_len, &na);
      char *sb = strip_components(b->src, b->src_len, &nb);
      CHECKF(na == nb && memcmp(sa, sb, na) == 0, "%s: text outside COMPONENTS differs",
             ds[i].def);
      free(sa);
      free(sb);
      db_destroy(b);
    }
    db_destroy(a);
  }
  remove(outpath);
  CHECK(ut_alloc_bytes() == 0);
  return tap_done();
}
