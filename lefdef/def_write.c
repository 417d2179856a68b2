/*
 * def_write.c: DEF writer by splicing.  The output is the input text with the placement clause of
 * each component or IO pin whose placement changed replaced (or, where the input had none,
 * inserted before the entry's ';').  Unchanged entries keep their original bytes, so a read/write
 * round trip with no placement change reproduces the input exactly.
 *
 * Edits are visited in increasing byte offset (components and pins are recorded in input order and
 * their sections do not interleave), and the text between edits is copied with one fwrite each.
 * Files are written atomically through ut_out.h (temporary file, fsync, rename).
 */
#include "def.h"
#include "util/ut_out.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

typedef struct sink_t {
  FILE *f;
  gzFile gz;
  char *mem;
  size_t len, cap;
  int err;
} sink_t;

static void put(sink_t *s, const char *p, size_t n) {
  if (s->err || !n) return;
  if (s->gz) {
    while (n) {
      unsigned chunk = n > (1u << 30) ? (1u << 30) : (unsigned)n;
      if (gzwrite(s->gz, p, chunk) != (int)chunk) {
        s->err = UT_EIO;
        return;
      }
      p += chunk;
      n -= chunk;
    }
  } else if (s->f) {
    if (fwrite(p, 1, n, s->f) != n) s->err = UT_EIO;
  } else {
    if (UT_RESERVE(s->mem, s->cap, s->len + n + 1)) {
      s->err = UT_ENOMEM;
      return;
    }
    memcpy(s->mem + s->len, p, n);
    s->len += n;
    s->mem[s->len] = 0;
  }
}

static const char *status_word(int st) {
  return st == DB_FIXED ? "FIXED" : st == DB_COVER ? "COVER" : "PLACED";
}

/* Format a placement clause; returns its length. */
static int clause(char *buf, size_t n, int status, dbu_t x, dbu_t y, int orient) {
  if (status == DB_UNPLACED) return snprintf(buf, n, "+ UNPLACED");
  return snprintf(buf, n, "+ %s ( %d %d ) %s", status_word(status), (int)x, (int)y,
                  db_orient_name(orient));
}

typedef struct edit_t {
  int64_t off;
  int32_t len;
  int insert;        /* the input had no clause: insert one (with a trailing space) */
  int status, orient;
  dbu_t x, y;
} edit_t;

static int next_edit(const db_t *db, size_t *ci, size_t *ii, edit_t *e) {
  /* the next changed component or IO pin, by offset */
  for (;;) {
    int64_t co = -1, io = -1;
    while (*ci < db->ncells) {
      size_t c = *ci;
      if (db->cell_span_off[c] >= 0 &&
          (db->cell_status[c] != db->cell_orig_status[c] ||
           (db->cell_status[c] != DB_UNPLACED &&
            (db->cell_x[c] != db->cell_orig_x[c] || db->cell_y[c] != db->cell_orig_y[c] ||
             db->cell_orient[c] != db->cell_orig_orient[c])))) {
        co = db->cell_span_off[c];
        break;
      }
      (*ci)++;
    }
    while (*ii < db->nios) {
      size_t i = *ii;
      if (db->io_span_off[i] >= 0 &&
          (db->io_status[i] != db->io_orig_status[i] ||
           (db->io_status[i] != DB_UNPLACED &&
            (db->io_x[i] != db->io_orig_x[i] || db->io_y[i] != db->io_orig_y[i] ||
             db->io_orient[i] != db->io_orig_orient[i])))) {
        io = db->io_span_off[i];
        break;
      }
      (*ii)++;
    }
    if (co < 0 && io < 0) return 0;
    if (co >= 0 && (io < 0 || co < io)) {
      size_t c = (*ci)++;
      e->off = co;
      e->len = db->cell_span_len[c];
      e->insert = e->len == 0;
      e->status = db->cell_status[c];
      e->orient = db->cell_orient[c];
      e->x = db->cell_x[c];
      e->y = db->cell_y[c];
    } else {
      size_t i = (*ii)++;
      e->off = io;
      e->len = db->io_span_len[i];
      e->insert = e->len == 0;
      e->status = db->io_status[i];
      e->orient = db->io_orient[i];
      e->x = db->io_x[i];
      e->y = db->io_y[i];
    }
    if (e->insert && e->status == DB_UNPLACED) continue;  /* nothing to say */
    return 1;
  }
}

static int emit(const db_t *db, sink_t *s) {
  if (!db->src) return UT_EINVAL;
  size_t ci = 0, ii = 0;
  int64_t pos = 0;
  edit_t e;
  char buf[160];
  while (next_edit(db, &ci, &ii, &e)) {
    if (e.off < pos || (size_t)e.off > db->src_len) return UT_EINVAL;  /* spans must ascend */
    put(s, db->src + pos, (size_t)(e.off - pos));
    /* an inserted clause needs a space on both sides: the ';' may be glued to the word before */
    if (e.insert && e.off > 0 && !strchr(" \t\r\n", db->src[e.off - 1])) put(s, " ", 1);
    int n = clause(buf, sizeof buf - 2, e.status, e.x, e.y, e.orient);
    if (e.insert) buf[n++] = ' ';
    put(s, buf, (size_t)n);
    pos = e.off + e.len;
  }
  put(s, db->src + pos, db->src_len - (size_t)pos);
  return s->err;
}

int def_write_mem(const db_t *db, char **out, size_t *len) {
  sink_t s = {0};
  int rc = emit(db, &s);
  if (rc) {
    ut_free(s.mem);
    *out = NULL;
    *len = 0;
    return rc;
  }
  if (!s.mem) {
    s.mem = ut_malloc(1);
    if (!s.mem) return UT_ENOMEM;
    s.mem[0] = 0;
  }
  *out = s.mem;
  *len = s.len;
  return UT_OK;
}

static int ends_with(const char *s, const char *suf) {
  size_t a = strlen(s), b = strlen(suf);
  return a >= b && strcmp(s + a - b, suf) == 0;
}

int def_write(const db_t *db, const char *path, ut_diag_t *diag) {
  if (!db->src) {
    ut_diag_error(diag, path, 0, 0, "no input DEF text to write from");
    return UT_EINVAL;
  }
  ut_out_t out;
  int rc = ut_out_open(&out, path, diag);
  if (rc) return rc;
  sink_t s = {0};
  if (ends_with(path, ".gz")) {
    int fd2 = dup(fileno(out.f));
    s.gz = fd2 >= 0 ? gzdopen(fd2, "wb6") : NULL;
    if (!s.gz) {
      if (fd2 >= 0) close(fd2);
      rc = UT_EIO;
    }
  } else {
    s.f = out.f;
  }
  if (!rc) rc = emit(db, &s);
  if (s.gz && gzclose(s.gz) != Z_OK && !rc) rc = UT_EIO;
  if (rc) {
    ut_diag_error(diag, path, 0, 0, "cannot write the DEF: %s",
                  rc == UT_ENOMEM ? "out of memory" : strerror(errno ? errno : EIO));
    ut_out_abort(&out);
    return rc;
  }
  return ut_out_commit(&out, "the DEF", diag);
}
