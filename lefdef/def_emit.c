/*
 * def_emit.c: DEF 5.8 from the database alone (see def_emit.h), for designs read from Bookshelf or
 * Verilog that have no input text for def_write() to splice into.
 *
 * The file is written section by section in the order of the DEF 5.8 reference (header, DIEAREA,
 * ROW, TRACKS, GCELLGRID, REGIONS, COMPONENTS, PINS, BLOCKAGES, NETS, GROUPS), each entity in
 * database (input) order, so the output is deterministic and def_read() rebuilds the same tables:
 * same indices, same CSR pin order (IO pins a DEF listed only by "+ NET" were appended to their
 * net by db_finish(); they are written in NETS where they now are, which reads back identically).
 * Names are written as stored; a name the DEF tokenizer would split or misread (white space, a
 * leading '#' or '"', a trailing unescaped ';', a bare "-", "+", "*", "(", ")") is an error rather
 * than a silently different design.  Values the database cannot name (a layer blockage or a
 * track on an unknown layer, ROUTEHALO parameters, pin USE other than the DEF keywords) are
 * dropped and counted in one warning.  An IO pin whose shape has no layer (Bookshelf terminals,
 * or a DEF layer the LEF lacks) is written at its effective point, so pin positions and HPWL
 * survive the round trip.
 *
 * Output goes through def_out_t: a temporary file beside the destination that is flushed, fsync'ed
 * and renamed over it only when everything was written (the approach of def_write.c), or a memory
 * buffer for tests.
 */
#include "def_emit.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

/* ---- atomic output ---- */

struct def_out_t {
  FILE *f;
  gzFile gz;
  char *tmp;          /* temporary path (file mode) */
  char *path;         /* destination */
  char *mem;          /* memory mode buffer */
  size_t len, cap;
  int err;            /* first error (UT_EIO / UT_ENOMEM) */
  int err_no;         /* errno at the first I/O error */
  int gz_fd;          /* gz mode: our descriptor, fsync'ed after gzclose (gzdopen owns a dup) */
};

static int ends_with(const char *s, const char *suf) {
  size_t a = strlen(s), b = strlen(suf);
  return a >= b && strcmp(s + a - b, suf) == 0;
}

int def_out_open(def_out_t **out, const char *path, ut_diag_t *diag) {
  def_out_t *o = ut_calloc(1, sizeof *o);
  *out = NULL;
  if (!o) return UT_ENOMEM;
  o->gz_fd = -1;
  if (!path) {
    *out = o;
    return UT_OK;
  }
  size_t n = strlen(path);
  o->path = ut_strndup(path, n);
  o->tmp = ut_malloc(n + 16);
  if (!o->path || !o->tmp) {
    ut_free(o->tmp);
    o->tmp = NULL;
    def_out_abort(o);
    return UT_ENOMEM;
  }
  snprintf(o->tmp, n + 16, "%s.tmp.XXXXXX", path);
  int fd = mkstemp(o->tmp);
  if (fd < 0) {
    ut_diag_error(diag, path, 0, 0, "cannot create a temporary file beside the output: %s",
                  strerror(errno));
    ut_free(o->tmp);
    o->tmp = NULL;
    def_out_abort(o);
    return UT_EIO;
  }
  /* mkstemp creates 0600; give the file the mode a plain fopen would (0666 less the umask) */
  mode_t um = umask(0);
  umask(um);
  if (fchmod(fd, 0666 & ~um) != 0) { /* not fatal: the file is still ours and readable */ }
  if (ends_with(path, ".gz")) {
    int fd2 = dup(fd);
    o->gz = fd2 >= 0 ? gzdopen(fd2, "wb6") : NULL;
    if (!o->gz) {
      if (fd2 >= 0) close(fd2);
      close(fd);
    } else {
      o->gz_fd = fd;
    }
  } else {
    o->f = fdopen(fd, "wb");
    if (!o->f) close(fd);
    else setvbuf(o->f, NULL, _IOFBF, 1 << 20);
  }
  if (!o->gz && !o->f) {
    ut_diag_error(diag, path, 0, 0, "cannot open the output: %s", strerror(errno));
    def_out_abort(o);
    return UT_EIO;
  }
  *out = o;
  return UT_OK;
}

void def_out_put(def_out_t *o, const char *p, size_t n) {
  if (o->err || !n) return;
  if (o->gz) {
    while (n) {
      unsigned chunk = n > (1u << 30) ? (1u << 30) : (unsigned)n;
      if (gzwrite(o->gz, p, chunk) != (int)chunk) {
        o->err = UT_EIO;
        o->err_no = errno;
        return;
      }
      p += chunk;
      n -= chunk;
    }
  } else if (o->f) {
    if (fwrite(p, 1, n, o->f) != n) {
      o->err = UT_EIO;
      o->err_no = errno;
    }
  } else {
    if (UT_RESERVE(o->mem, o->cap, o->len + n + 1)) {
      o->err = UT_ENOMEM;
      return;
    }
    memcpy(o->mem + o->len, p, n);
    o->len += n;
    o->mem[o->len] = 0;
  }
}

void def_out_printf(def_out_t *o, const char *fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n < 0) {
    o->err = UT_EIO;
    return;
  }
  if ((size_t)n < sizeof buf) {
    def_out_put(o, buf, (size_t)n);
    return;
  }
  char *big = ut_malloc((size_t)n + 1);
  if (!big) {
    o->err = UT_ENOMEM;
    return;
  }
  va_start(ap, fmt);
  vsnprintf(big, (size_t)n + 1, fmt, ap);
  va_end(ap);
  def_out_put(o, big, (size_t)n);
  ut_free(big);
}

void def_out_abort(def_out_t *o) {
  if (!o) return;
  if (o->gz) gzclose(o->gz);
  if (o->tmp && o->gz_fd >= 0) close(o->gz_fd);
  if (o->f) fclose(o->f);
  if (o->tmp) unlink(o->tmp);
  ut_free(o->tmp);
  ut_free(o->path);
  ut_free(o->mem);
  ut_free(o);
}

int def_out_commit(def_out_t *o, char **mem, size_t *len, ut_diag_t *diag) {
  int rc = o->err;
  if (!o->tmp) {  /* memory mode */
    if (!rc && !o->mem) {
      o->mem = ut_malloc(1);
      if (!o->mem) rc = UT_ENOMEM;
      else o->mem[0] = 0;
    }
    if (rc) {
      def_out_abort(o);
      if (mem) *mem = NULL;
      if (len) *len = 0;
      return rc;
    }
    if (mem) {
      *mem = o->mem;
      o->mem = NULL;
    }
    if (len) *len = o->len;
    def_out_abort(o);
    return UT_OK;
  }
  int err_no = o->err_no;
  if (o->gz) {
    if (gzclose(o->gz) != Z_OK && !rc) {
      rc = UT_EIO;
      err_no = errno;
    }
    o->gz = NULL;
    if (!rc && fsync(o->gz_fd) != 0) {
      rc = UT_EIO;
      err_no = errno;
    }
    close(o->gz_fd);
    o->gz_fd = -1;
  }
  if (o->f) {
    if (fflush(o->f) != 0 && !rc) {
      rc = UT_EIO;
      err_no = errno;
    }
    if (!rc && fsync(fileno(o->f)) != 0) {
      rc = UT_EIO;
      err_no = errno;
    }
    if (fclose(o->f) != 0 && !rc) {
      rc = UT_EIO;
      err_no = errno;
    }
    o->f = NULL;
  }
  if (!rc && rename(o->tmp, o->path) != 0) {
    rc = UT_EIO;
    err_no = errno;
  }
  if (rc) {
    ut_diag_error(diag, o->path, 0, 0, "cannot write output: %s",
                  rc == UT_ENOMEM ? "out of memory" : strerror(err_no ? err_no : EIO));
  } else {
    ut_free(o->tmp);  /* renamed: nothing to remove */
    o->tmp = NULL;
  }
  def_out_abort(o);
  return rc;
}

/* ---- the DEF text ---- */

typedef struct emit_t {
  const db_t *db;
  def_out_t *o;
  ut_diag_t *diag;
  const char *file;          /* for diagnostics */
  int bad_names;
  size_t dropped_blk, dropped_routehalo, dropped_use, dropped_track_layer;
} emit_t;

/* A name the DEF tokenizer reads back as the same single word. */
static int name_ok(const char *s) {
  size_t n = strlen(s);
  if (n == 0 || s[0] == '#' || s[0] == '"') return 0;
  if (n == 1 && strchr("-+*();", s[0])) return 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c <= ' ' || c == 0x7f) return 0;
    if (c == '\\') i++;  /* an escaped character is part of the word */
  }
  if (s[n - 1] == ';' && (n < 2 || s[n - 2] != '\\')) return 0;
  if (s[n - 1] == '\\' && (n < 2 || s[n - 2] != '\\')) return 0;
  return 1;
}

static const char *name(emit_t *e, uint32_t off, const char *what) {
  const char *s = db_str(e->db, off);
  if (!name_ok(s)) {
    if (e->bad_names++ < 5)
      ut_diag_error(e->diag, e->file, 0, 0, "%s name '%s' cannot be written in DEF", what, s);
  }
  return s;
}

static const char *dir_word(int d) {
  switch (d) {
  case DB_PDIR_INPUT: return "INPUT";
  case DB_PDIR_OUTPUT: return "OUTPUT";
  case DB_PDIR_INOUT: return "INOUT";
  case DB_PDIR_FEEDTHRU: return "FEEDTHRU";
  default: return NULL;
  }
}

static const char *use_word(int u) {
  static const char *const w[] = {"SIGNAL", "POWER", "GROUND", "CLOCK", "ANALOG", "SCAN",
                                  "TIEOFF", "RESET"};
  return (u >= 0 && u < (int)(sizeof w / sizeof w[0])) ? w[u] : NULL;
}

static const char *status_word(int st) {
  return st == DB_FIXED ? "FIXED" : st == DB_COVER ? "COVER" : "PLACED";
}

static void emit_header(emit_t *e) {
  const db_t *db = e->db;
  def_out_t *o = e->o;
  def_out_printf(o, "VERSION 5.8 ;\nDIVIDERCHAR \"/\" ;\nBUSBITCHARS \"[]\" ;\n");
  const char *dn = db->has_design && db_str(db, db->design_name)[0]
                       ? name(e, db->design_name, "design") : "design";
  def_out_printf(o, "DESIGN %s ;\nUNITS DISTANCE MICRONS %d ;\n\n", dn, db->dbu);
  if (db->ndie_pts > 2) {
    def_out_printf(o, "DIEAREA");
    for (size_t i = 0; i < db->ndie_pts; i++)
      def_out_printf(o, " ( %d %d )", (int)db->die_pts[2 * i], (int)db->die_pts[2 * i + 1]);
    def_out_printf(o, " ;\n\n");
  } else {
    def_out_printf(o, "DIEAREA ( %d %d ) ( %d %d ) ;\n\n", (int)db->die.x0, (int)db->die.y0,
                   (int)db->die.x1, (int)db->die.y1);
  }
}

static void emit_rows_tracks(emit_t *e) {
  const db_t *db = e->db;
  def_out_t *o = e->o;
  for (size_t r = 0; r < db->nrows; r++) {
    if (db->row_site[r] < 0) continue;
    def_out_printf(o, "ROW %s %s %d %d %s DO %d BY %d STEP %d %d ;\n",
                   name(e, db->row_name[r], "row"),
                   db_str(db, db->site_name[db->row_site[r]]), (int)db->row_x[r],
                   (int)db->row_y[r], db_orient_name(db->row_orient[r]), (int)db->row_nx[r],
                   (int)db->row_ny[r], (int)db->row_sx[r], (int)db->row_sy[r]);
  }
  if (db->nrows) def_out_put(o, "\n", 1);
  for (size_t t = 0; t < db->ntracks; t++) {
    def_out_printf(o, "TRACKS %s %d DO %d STEP %d", db->track_is_x[t] ? "X" : "Y",
                   (int)db->track_start[t], (int)db->track_num[t], (int)db->track_step[t]);
    if (db->track_layer[t] >= 0)
      def_out_printf(o, " LAYER %s", db_str(db, db->layer_name[db->track_layer[t]]));
    else
      e->dropped_track_layer++;
    def_out_printf(o, " ;\n");
  }
  if (db->ntracks) def_out_put(o, "\n", 1);
  for (size_t g = 0; g < db->ngcell; g++)
    def_out_printf(o, "GCELLGRID %s %d DO %d STEP %d ;\n", db->gcell_is_x[g] ? "X" : "Y",
                   (int)db->gcell_start[g], (int)db->gcell_num[g], (int)db->gcell_step[g]);
  if (db->ngcell) def_out_put(o, "\n", 1);
}

static void emit_regions(emit_t *e) {
  const db_t *db = e->db;
  def_out_t *o = e->o;
  if (!db->nregions) return;
  def_out_printf(o, "REGIONS %zu ;\n", db->nregions);
  for (size_t r = 0; r < db->nregions; r++) {
    def_out_printf(o, "- %s", name(e, db->region_name[r], "region"));
    int32_t b = db->region_rect_start[r], en = db->region_rect_start[r + 1];
    if (b == en) {
      if (e->bad_names++ < 5)
        ut_diag_error(e->diag, e->file, 0, 0, "region '%s' has no rectangle",
                      db_str(db, db->region_name[r]));
    }
    for (int32_t k = b; k < en; k++) {
      const db_rect_t *q = &db->region_rects[k];
      def_out_printf(o, " ( %d %d ) ( %d %d )", (int)q->x0, (int)q->y0, (int)q->x1, (int)q->y1);
    }
    if (db->region_type[r] == DB_REGION_FENCE) def_out_printf(o, " + TYPE FENCE");
    else if (db->region_type[r] == DB_REGION_GUIDE) def_out_printf(o, " + TYPE GUIDE");
    def_out_printf(o, " ;\n");
  }
  def_out_printf(o, "END REGIONS\n\n");
}

static int emit_components(emit_t *e) {
  const db_t *db = e->db;
  def_out_t *o = e->o;
  /* a component whose region comes from its group is written without "+ REGION" (db_finish()
   * derives it again from the group) */
  int32_t *group_region = NULL;
  if (db->ngroups && db->ncells) {
    group_region = ut_malloc(db->ncells * sizeof *group_region);
    if (!group_region) return UT_ENOMEM;
    for (size_t c = 0; c < db->ncells; c++) group_region[c] = -1;
    for (size_t g = 0; g < db->ngroups; g++)
      for (int32_t k = db->group_member_start[g]; k < db->group_member_start[g + 1]; k++)
        if (group_region[db->group_members[k]] < 0)
          group_region[db->group_members[k]] = db->group_region[g];
  }
  def_out_printf(o, "COMPONENTS %zu ;\n", db->ncells);
  for (size_t i = 0; i < db->ncells; i++) {
    int32_t c = (int32_t)i;
    def_out_printf(o, "- %s %s", name(e, db->cell_name[c], "component"),
                   db_str(db, db->master_name[db->cell_master[c]]));
    uint8_t fl = db->cell_flags[c];
    if (fl & DB_CF_WEIGHT) def_out_printf(o, " + WEIGHT %d", (int)db->cell_weight[c]);
    if (db->cell_region[c] >= 0 && (!group_region || group_region[c] != db->cell_region[c]))
      def_out_printf(o, " + REGION %s", db_str(db, db->region_name[db->cell_region[c]]));
    if ((fl & DB_CF_HALO) && db->cell_halo) {
      const dbu_t *h = &db->cell_halo[4 * c];
      def_out_printf(o, " + HALO%s %d %d %d %d", (fl & DB_CF_HALO_SOFT) ? " SOFT" : "",
                     (int)h[0], (int)h[1], (int)h[2], (int)h[3]);
    }
    if (fl & DB_CF_ROUTEHALO) e->dropped_routehalo++;
    if (db->cell_status[c] != DB_UNPLACED)
      def_out_printf(o, " + %s ( %d %d ) %s", status_word(db->cell_status[c]),
                     (int)db->cell_x[c], (int)db->cell_y[c], db_orient_name(db->cell_orient[c]));
    def_out_printf(o, " ;\n");
  }
  def_out_printf(o, "END COMPONENTS\n\n");
  ut_free(group_region);
  return UT_OK;
}

/* Shift (x, y) by the centre of shape s rotated by orientation o about the origin, halving the
 * doubled centre with rounding toward minus infinity: the same point as db_pin_pos(). */
static void pin_point(const db_rect_t *s, int o, dbu_t *x, dbu_t *y) {
  int64_t cx = (int64_t)s->x0 + s->x1, cy = (int64_t)s->y0 + s->y1, rx, ry;
  switch (o) {
  default:
  case DB_N: rx = cx; ry = cy; break;
  case DB_S: rx = -cx; ry = -cy; break;
  case DB_W: rx = -cy; ry = cx; break;
  case DB_E: rx = cy; ry = -cx; break;
  case DB_FN: rx = -cx; ry = cy; break;
  case DB_FS: rx = cx; ry = -cy; break;
  case DB_FW: rx = cy; ry = cx; break;
  case DB_FE: rx = -cy; ry = -cx; break;
  }
  *x = (dbu_t)(*x + (rx >= 0 ? rx / 2 : -((-rx + 1) / 2)));
  *y = (dbu_t)(*y + (ry >= 0 ? ry / 2 : -((-ry + 1) / 2)));
}

static void emit_pins(emit_t *e) {
  const db_t *db = e->db;
  def_out_t *o = e->o;
  if (!db->nios) return;
  def_out_printf(o, "PINS %zu ;\n", db->nios);
  for (size_t i = 0; i < db->nios; i++) {
    def_out_printf(o, "- %s", name(e, db->io_name[i], "pin"));
    if (db->io_net_name[i]) def_out_printf(o, " + NET %s", name(e, db->io_net_name[i], "net"));
    const char *d = dir_word(db->io_dir[i]);
    if (d) def_out_printf(o, " + DIRECTION %s", d);
    /* the DEF reader keeps SIGNAL, POWER, GROUND and CLOCK for pins; anything else is OTHER,
     * whose keyword is lost */
    int u = db->io_use[i];
    if (u == DB_USE_SIGNAL || u == DB_USE_POWER || u == DB_USE_GROUND || u == DB_USE_CLOCK)
      def_out_printf(o, " + USE %s", use_word(u));
    else
      e->dropped_use++;
    if (db->io_layer[i] >= 0) {
      const db_rect_t *s = &db->io_shape[i];
      def_out_printf(o, "\n  + LAYER %s ( %d %d ) ( %d %d )",
                     db_str(db, db->layer_name[db->io_layer[i]]), (int)s->x0, (int)s->y0,
                     (int)s->x1, (int)s->y1);
    }
    if (db->io_status[i] != DB_UNPLACED) {
      dbu_t x = db->io_x[i], y = db->io_y[i];
      int orient = db->io_orient[i];
      if (db->io_layer[i] < 0) {
        /* a shape without a layer cannot be written: write the pin at its effective point (the
         * placement point plus the rotated shape centre, as db_pin_pos computes it) instead */
        pin_point(&db->io_shape[i], orient, &x, &y);
        orient = DB_N;
      }
      def_out_printf(o, "\n  + %s ( %d %d ) %s", status_word(db->io_status[i]), (int)x, (int)y,
                     db_orient_name(orient));
    }
    def_out_printf(o, " ;\n");
  }
  def_out_printf(o, "END PINS\n\n");
}

static void emit_blockages(emit_t *e) {
  const db_t *db = e->db;
  def_out_t *o = e->o;
  size_t n = 0;
  for (size_t b = 0; b < db->nblk; b++)
    if (db->blk_kind[b] == DB_BLK_PLACEMENT || db->blk_layer[b] >= 0) n++;
  e->dropped_blk += db->nblk - n;
  if (!n) return;
  def_out_printf(o, "BLOCKAGES %zu ;\n", n);
  for (size_t b = 0; b < db->nblk; b++) {
    if (db->blk_kind[b] == DB_BLK_PLACEMENT) {
      def_out_printf(o, "- PLACEMENT");
      if (db->blk_soft[b]) def_out_printf(o, " + SOFT");
      if (db->blk_partial[b] > 0) def_out_printf(o, " + PARTIAL %.9g", (double)db->blk_partial[b]);
    } else if (db->blk_layer[b] >= 0) {
      def_out_printf(o, "- LAYER %s", db_str(db, db->layer_name[db->blk_layer[b]]));
    } else {
      continue;
    }
    if (db->blk_pushdown[b]) def_out_printf(o, " + PUSHDOWN");
    if (db->blk_cell[b] >= 0)
      def_out_printf(o, " + COMPONENT %s", db_str(db, db->cell_name[db->blk_cell[b]]));
    for (int32_t k = db->blk_rect_start[b]; k < db->blk_rect_start[b + 1]; k++) {
      const db_rect_t *q = &db->blk_rects[k];
      def_out_printf(o, " RECT ( %d %d ) ( %d %d )", (int)q->x0, (int)q->y0, (int)q->x1,
                     (int)q->y1);
    }
    def_out_printf(o, " ;\n");
  }
  def_out_printf(o, "END BLOCKAGES\n\n");
}

static void emit_nets(emit_t *e) {
  const db_t *db = e->db;
  def_out_t *o = e->o;
  def_out_printf(o, "NETS %zu ;\n", db->nnets);
  for (size_t n = 0; n < db->nnets; n++) {
    def_out_printf(o, "- %s", name(e, db->net_name[n], "net"));
    int k = 0;
    for (int32_t p = db->net_pin_start[n]; p < db->net_pin_start[n + 1]; p++, k++) {
      const char *sep = (k && k % 4 == 0) ? "\n " : "";
      int32_t c = db->pin_cell[p];
      if (c >= 0)
        def_out_printf(o, "%s ( %s %s )", sep, db_str(db, db->cell_name[c]),
                       db_str(db, db->mpin_name[db->pin_ref[p]]));
      else
        def_out_printf(o, "%s ( PIN %s )", sep, db_str(db, db->io_name[db->pin_ref[p]]));
    }
    int u = db->net_use[n];
    if (u != DB_USE_SIGNAL) {
      const char *w = use_word(u);
      if (w) def_out_printf(o, " + USE %s", w);
      else e->dropped_use++;
    }
    if (db->net_weight[n] != 1.0f)
      def_out_printf(o, " + WEIGHT %ld", lround((double)db->net_weight[n]));
    def_out_printf(o, " ;\n");
  }
  def_out_printf(o, "END NETS\n\n");
}

static void emit_groups(emit_t *e) {
  const db_t *db = e->db;
  def_out_t *o = e->o;
  if (!db->ngroups) return;
  def_out_printf(o, "GROUPS %zu ;\n", db->ngroups);
  for (size_t g = 0; g < db->ngroups; g++) {
    def_out_printf(o, "- %s", name(e, db->group_name[g], "group"));
    for (int32_t k = db->group_member_start[g]; k < db->group_member_start[g + 1]; k++)
      def_out_printf(o, " %s", db_str(db, db->cell_name[db->group_members[k]]));
    if (db->group_region[g] >= 0)
      def_out_printf(o, " + REGION %s", db_str(db, db->region_name[db->group_region[g]]));
    def_out_printf(o, " ;\n");
  }
  def_out_printf(o, "END GROUPS\n\n");
}

static int emit_all(const db_t *db, def_out_t *o, const char *file, ut_diag_t *diag) {
  emit_t e = {0};
  e.db = db;
  e.o = o;
  e.diag = diag;
  e.file = file;
  if (db->dbu <= 0) {
    ut_diag_error(diag, file, 0, 0, "the design has no DBU (UNITS DISTANCE MICRONS)");
    return UT_EINVAL;
  }
  emit_header(&e);
  emit_rows_tracks(&e);
  emit_regions(&e);
  int rc = emit_components(&e);
  if (rc) return rc;
  emit_pins(&e);
  emit_blockages(&e);
  emit_nets(&e);
  emit_groups(&e);
  def_out_printf(o, "END DESIGN\n");
  if (e.bad_names) {
    if (e.bad_names > 5)
      ut_diag_error(diag, file, 0, 0, "%d names in all cannot be written in DEF", e.bad_names);
    return UT_EINVAL;
  }
  if (e.dropped_blk || e.dropped_routehalo || e.dropped_use || e.dropped_track_layer)
    ut_diag_warn(diag, file, 0, 0,
                 "not written (the database does not hold them): %zu layer blockages on unknown "
                 "layers, %zu ROUTEHALO clauses, %zu USE values, %zu TRACKS layer names",
                 e.dropped_blk, e.dropped_routehalo, e.dropped_use, e.dropped_track_layer);
  return UT_OK;
}

int def_emit(const db_t *db, const char *path, ut_diag_t *diag) {
  def_out_t *o;
  int rc = def_out_open(&o, path, diag);
  if (rc) return rc;
  rc = emit_all(db, o, path, diag);
  if (rc) {
    def_out_abort(o);
    return rc;
  }
  return def_out_commit(o, NULL, NULL, diag);
}

int def_emit_mem(const db_t *db, char **out, size_t *len, ut_diag_t *diag) {
  def_out_t *o;
  *out = NULL;
  *len = 0;
  int rc = def_out_open(&o, NULL, diag);
  if (rc) return rc;
  rc = emit_all(db, o, "(memory)", diag);
  if (rc) {
    def_out_abort(o);
    return rc;
  }
  return def_out_commit(o, out, len, diag);
}
