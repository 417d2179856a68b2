/* def_emit_test.c: the from-scratch DEF writer.  For every shared DEF (tests/designs.txt): read,
 * emit, re-read with the same LEFs, and compare the two databases table by table (cells, masters,
 * placements, nets and their pins, IO pins, rows, tracks, blockages, regions, groups); emitting
 * the re-read design must give the same bytes again (a fixpoint).  Also: the atomic file mode
 * equals the memory mode, .gz output, a failed write leaves nothing, bad names are refused. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "def_emit.h"
#include "e2e/designs.h"
#include "tap.h"

static void quiet_sink(void *ctx, int is_error, const char *msg) {
  (void)ctx;
  if (is_error) fprintf(stderr, "  %s\n", msg);
}

static void silent_sink(void *ctx, int is_error, const char *msg) {
  (void)ctx;
  (void)is_error;
  (void)msg;
}

#define SAME(a, b, n) ((n) == 0 || memcmp((a), (b), (n) * sizeof *(a)) == 0)

static int names_same(const db_t *a, const db_t *b, const uint32_t *na, const uint32_t *nb,
                      size_t n) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(db_str(a, na[i]), db_str(b, nb[i]))) return 0;
  return 1;
}

/* Every table the DEF part of the database holds, a against b. */
static int db_equal(const db_t *a, const db_t *b) {
  int ok = 1;
#define EQ(cond) do { if (!(cond)) { fprintf(stderr, "  differs: %s\n", #cond); ok = 0; } } while (0)
  EQ(a->dbu == b->dbu && a->nmasters == b->nmasters && a->nmpins == b->nmpins);
  EQ(strcmp(db_str(a, a->design_name), db_str(b, b->design_name)) == 0);
  EQ(memcmp(&a->die, &b->die, sizeof a->die) == 0 && memcmp(&a->core, &b->core, sizeof a->core) == 0);
  EQ(a->ndie_pts == b->ndie_pts && SAME(a->die_pts, b->die_pts, 2 * a->ndie_pts));
  EQ(a->nrows == b->nrows);
  if (a->nrows == b->nrows) {
    EQ(names_same(a, b, a->row_name, b->row_name, a->nrows));
    EQ(SAME(a->row_x, b->row_x, a->nrows) && SAME(a->row_y, b->row_y, a->nrows));
    EQ(SAME(a->row_site, b->row_site, a->nrows) && SAME(a->row_orient, b->row_orient, a->nrows));
    EQ(SAME(a->row_nx, b->row_nx, a->nrows) && SAME(a->row_ny, b->row_ny, a->nrows));
    EQ(SAME(a->row_sx, b->row_sx, a->nrows) && SAME(a->row_sy, b->row_sy, a->nrows));
  }
  EQ(a->ntracks == b->ntracks);
  if (a->ntracks == b->ntracks) {
    EQ(SAME(a->track_is_x, b->track_is_x, a->ntracks));
    EQ(SAME(a->track_start, b->track_start, a->ntracks));
    EQ(SAME(a->track_step, b->track_step, a->ntracks));
    EQ(SAME(a->track_num, b->track_num, a->ntracks));
    EQ(SAME(a->track_layer, b->track_layer, a->ntracks));
  }
  EQ(a->ngcell == b->ngcell);
  if (a->ngcell == b->ngcell) {
    EQ(SAME(a->gcell_is_x, b->gcell_is_x, a->ngcell) && SAME(a->gcell_start, b->gcell_start, a->ngcell));
    EQ(SAME(a->gcell_num, b->gcell_num, a->ngcell) && SAME(a->gcell_step, b->gcell_step, a->ngcell));
  }
  EQ(a->ncells == b->ncells);
  if (a->ncells == b->ncells) {
    size_t n = a->ncells;
    EQ(names_same(a, b, a->cell_name, b->cell_name, n));
    EQ(SAME(a->cell_master, b->cell_master, n));
    EQ(SAME(a->cell_x, b->cell_x, n) && SAME(a->cell_y, b->cell_y, n));
    EQ(SAME(a->cell_orient, b->cell_orient, n) && SAME(a->cell_status, b->cell_status, n));
    EQ(SAME(a->cell_region, b->cell_region, n) && SAME(a->cell_weight, b->cell_weight, n));
    EQ(SAME(a->cell_flags, b->cell_flags, n));
    EQ(!a->cell_halo == !b->cell_halo);
    if (a->cell_halo && b->cell_halo) EQ(SAME(a->cell_halo, b->cell_halo, 4 * n));
    EQ(SAME(a->cell_pin_start, b->cell_pin_start, n + 1));
  }
  EQ(a->nnets == b->nnets);
  if (a->nnets == b->nnets) {
    EQ(names_same(a, b, a->net_name, b->net_name, a->nnets));
    EQ(SAME(a->net_pin_start, b->net_pin_start, a->nnets + 1));
    EQ(SAME(a->net_weight, b->net_weight, a->nnets) && SAME(a->net_use, b->net_use, a->nnets));
  }
  EQ(a->npins == b->npins);
  if (a->npins == b->npins) {
    EQ(SAME(a->pin_cell, b->pin_cell, a->npins) && SAME(a->pin_ref, b->pin_ref, a->npins));
    EQ(SAME(a->pin_net, b->pin_net, a->npins));
  }
  EQ(a->nios == b->nios);
  if (a->nios == b->nios) {
    size_t n = a->nios;
    EQ(names_same(a, b, a->io_name, b->io_name, n));
    EQ(names_same(a, b, a->io_net_name, b->io_net_name, n));
    EQ(SAME(a->io_x, b->io_x, n) && SAME(a->io_y, b->io_y, n));
    EQ(SAME(a->io_status, b->io_status, n) && SAME(a->io_orient, b->io_orient, n));
    EQ(SAME(a->io_net, b->io_net, n) && SAME(a->io_dir, b->io_dir, n));
    EQ(SAME(a->io_use, b->io_use, n) && SAME(a->io_layer, b->io_layer, n));
    EQ(SAME(a->io_shape, b->io_shape, n));
  }
  EQ(a->nblk == b->nblk && a->nblk_rects == b->nblk_rects);
  if (a->nblk == b->nblk && a->nblk_rects == b->nblk_rects) {
    size_t n = a->nblk;
    EQ(SAME(a->blk_kind, b->blk_kind, n) && SAME(a->blk_soft, b->blk_soft, n));
    EQ(SAME(a->blk_partial, b->blk_partial, n) && SAME(a->blk_layer, b->blk_layer, n));
    EQ(SAME(a->blk_cell, b->blk_cell, n) && SAME(a->blk_pushdown, b->blk_pushdown, n));
    if (n) EQ(SAME(a->blk_rect_start, b->blk_rect_start, n + 1));
    EQ(SAME(a->blk_rects, b->blk_rects, a->nblk_rects));
  }
  EQ(a->nregions == b->nregions && a->nregion_rects == b->nregion_rects);
  if (a->nregions == b->nregions && a->nregion_rects == b->nregion_rects) {
    EQ(names_same(a, b, a->region_name, b->region_name, a->nregions));
    EQ(SAME(a->region_type, b->region_type, a->nregions));
    if (a->nregions) EQ(SAME(a->region_rect_start, b->region_rect_start, a->nregions + 1));
    EQ(SAME(a->region_rects, b->region_rects, a->nregion_rects));
  }
  EQ(a->ngroups == b->ngroups && a->ngroup_members == b->ngroup_members);
  if (a->ngroups == b->ngroups && a->ngroup_members == b->ngroup_members) {
    EQ(names_same(a, b, a->group_name, b->group_name, a->ngroups));
    EQ(SAME(a->group_region, b->group_region, a->ngroups));
    if (a->ngroups) EQ(SAME(a->group_member_start, b->group_member_start, a->ngroups + 1));
    EQ(SAME(a->group_members, b->group_members, a->ngroup_members));
  }
  EQ(db_hpwl(a) == db_hpwl(b));
#undef EQ
  return ok;
}

/* Read LEFs of t plus the DEF text buf (taken over) into a new database. */
static db_t *reload(const tdesign_t *t, char *buf, size_t len, ut_diag_t *d) {
  db_t *db;
  if (db_create(&db)) return NULL;
  for (int i = 0; i < t->nlefs; i++)
    if (lef_read(db, t->lefs[i], d)) {
      db_destroy(db);
      ut_free(buf);
      return NULL;
    }
  if (def_read_buffer(db, buf, len, "emitted.def", d)) {
    db_destroy(db);
    return NULL;
  }
  return db;
}

static char *slurp(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long sz = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *b = malloc((size_t)sz + 1);
  *n = fread(b, 1, (size_t)sz, f);
  b[*n] = 0;
  fclose(f);
  return b;
}

int main(void) {
  ut_log_set_level(UT_LOG_WARN);
  static tdesign_t ds[64];
  int n = tdesigns_read(tap_bench(), ds, 64);
  CHECKF(n >= 30, "tests/designs.txt lists %d designs", n);
  for (int i = 0; i < n; i++) {
    ut_diag_t d;
    ut_diag_init(&d);
    d.sink = quiet_sink;
    db_t *a = tdesign_load(&ds[i], &d);
    CHECKF(a != NULL, "%s: load", ds[i].def);
    if (!a) continue;
    char *txt = NULL;
    size_t len = 0;
    int rc = def_emit_mem(a, &txt, &len, &d);
    CHECKF(rc == 0, "%s: emit rc %d", ds[i].def, rc);
    if (rc) {
      db_destroy(a);
      continue;
    }
    char *copy = ut_strndup(txt, len);
    ut_diag_t d2;
    ut_diag_init(&d2);
    d2.sink = quiet_sink;
    db_t *b = reload(&ds[i], copy, len, &d2);
    CHECKF(b != NULL, "%s: the emitted DEF does not read back", ds[i].def);
    CHECKF(d2.nerrors == 0, "%s: %d errors reading the emitted DEF", ds[i].def, d2.nerrors);
    if (b) {
      CHECKF(db_equal(a, b), "%s: databases differ after emit + read", ds[i].def);
      char *txt2 = NULL;
      size_t len2 = 0;
      CHECK(def_emit_mem(b, &txt2, &len2, &d2) == 0);
      CHECKF(txt2 && len2 == len && memcmp(txt, txt2, len) == 0, "%s: emit is not a fixpoint",
             ds[i].def);
      ut_free(txt2);
      db_destroy(b);
    }
    if (i == 0) {
      /* file mode = memory mode; .gz; no temporary left behind */
      char dir[128];
      snprintf(dir, sizeof dir, "%s/def_emit_testXXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
      CHECK(mkdtemp(dir) != NULL);
      char p[256], pgz[256], cmd[600];
      snprintf(p, sizeof p, "%s/out.def", dir);
      snprintf(pgz, sizeof pgz, "%s/out.def.gz", dir);
      CHECK(def_emit(a, p, &d) == 0);
      size_t fl = 0;
      char *ft = slurp(p, &fl);
      CHECK(ft && fl == len && memcmp(ft, txt, len) == 0);
      free(ft);
      struct stat st;
      CHECK(stat(p, &st) == 0 && (st.st_mode & 0444) == 0444);
      CHECK(def_emit(a, pgz, &d) == 0);
      snprintf(cmd, sizeof cmd, "gzip -dc %s | cmp -s - %s", pgz, p);
      CHECK(system(cmd) == 0);
      snprintf(cmd, sizeof cmd, "test $(ls %s | wc -l) -eq 2", dir);
      CHECK(system(cmd) == 0);
      /* a write into a missing folder fails cleanly */
      ut_diag_t d3;
      ut_diag_init(&d3);
      d3.sink = silent_sink;
      snprintf(p, sizeof p, "%s/missing/out.def", dir);
      CHECK(def_emit(a, p, &d3) == UT_EIO && d3.nerrors == 1);
      snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
      CHECK(system(cmd) == 0);
      /* a name DEF cannot carry is refused */
      uint32_t off;
      CHECK(ut_pool_add(&a->names, "bad name", 8, &off) == 0);
      uint32_t keep = a->cell_name[0];
      a->cell_name[0] = off;
      char *bad = NULL;
      size_t bl = 0;
      ut_diag_init(&d3);
      d3.sink = silent_sink;
      CHECK(def_emit_mem(a, &bad, &bl, &d3) == UT_EINVAL && bad == NULL && d3.nerrors >= 1);
      a->cell_name[0] = keep;
      /* IO pins whose shape has no layer are written at their effective point: same HPWL */
      if (a->nios) {
        int64_t h0 = db_hpwl(a);
        for (size_t k = 0; k < a->nios; k++) {
          a->io_layer[k] = -1;
          a->io_shape[k] = (db_rect_t){-300, 100, 500, 700};  /* off-centre, odd extents */
          a->io_orient[k] = (uint8_t)(k % 8);
        }
        int64_t h1 = db_hpwl(a);
        CHECK(h1 != h0);
        char *t3 = NULL;
        size_t l3 = 0;
        CHECK(def_emit_mem(a, &t3, &l3, &d3) == 0);
        db_t *c = t3 ? reload(&ds[i], ut_strndup(t3, l3), l3, &d3) : NULL;
        CHECK(c != NULL && db_hpwl(c) == h1);
        db_destroy(c);
        ut_free(t3);
      }
    }
    ut_free(txt);
    db_destroy(a);
  }
  return tap_done();
}
