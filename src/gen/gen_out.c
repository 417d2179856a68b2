/*
 * gen_out.c: the buffered writer behind every output file of place-gen.
 *
 * Files are written to PATH.tmp.<pid> and renamed to PATH only by gen_out_commit, after every
 * file of the run is complete, so a failed run leaves no partial output behind.  Numbers
 * are formatted by hand (no printf in the hot path): a 2M-cell DEF is ~200 MB of text and must
 * stream at disk speed.  Microns are printed from integer DBU with the fewest exact decimals,
 * so the LEF/DEF values are exactly the integers the generator reasoned with.
 * Missing parent folders are created (mkdir -p).  No algorithm from a paper here; the invariant
 * is "PATH exists only if the whole run succeeded".
 */
#include "gen/gen_int.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define OUT_BUF (1u << 20)

static void out_flush(gen_out_t *w) {
  if (w->len == 0 || w->failed) {
    w->len = 0;
    return;
  }
  if (w->gz) {
    if (gzwrite((gzFile)w->gz, w->buf, (unsigned)w->len) != (int)w->len) w->failed = 1;
  } else if (fwrite(w->buf, 1, w->len, w->fp) != w->len) {
    w->failed = 1;
  }
  w->len = 0;
}

/* mkdir -p of the folder holding `path` (errors surface when the file is created). */
static void make_parents(const char *path) {
  char dir[1100];
  snprintf(dir, sizeof(dir), "%s", path);
  for (char *p = dir + 1; *p; p++) {
    if (*p != '/') continue;
    *p = '\0';
    mkdir(dir, 0777);
    *p = '/';
  }
}

int gen_out_open(gen_out_t *w, const char *path, int gz, gen_err_t *err) {
  memset(w, 0, sizeof(*w));
  if (strlen(path) >= sizeof(w->path)) {
    snprintf(err->msg, sizeof(err->msg), "output path too long: %.100s...", path);
    return GEN_EINVAL;
  }
  snprintf(w->path, sizeof(w->path), "%s", path);
  /* PATH.tmp.<pid>: matches the repository's *.tmp.* ignore rule, and two runs writing the
   * same PATH never share a temporary file. */
  snprintf(w->tmp, sizeof(w->tmp), "%s.tmp.%ld", path, (long)getpid());
  make_parents(path);
  w->buf = malloc(OUT_BUF);
  if (!w->buf) {
    snprintf(err->msg, sizeof(err->msg), "out of memory");
    return GEN_ENOMEM;
  }
  if (gz) {
    w->gz = gzopen(w->tmp, "wb6");
    if (!w->gz) goto fail;
  } else {
    w->fp = fopen(w->tmp, "wb");
    if (!w->fp) goto fail;
  }
  return GEN_OK;
fail:
  snprintf(err->msg, sizeof(err->msg), "cannot create '%.300s': %.100s", w->tmp, strerror(errno));
  free(w->buf);
  w->buf = NULL;
  return GEN_EIO;
}

void gen_out_str(gen_out_t *w, const char *s) {
  size_t n = strlen(s);
  if (w->len + n > OUT_BUF) out_flush(w);
  if (n > OUT_BUF) {          /* never happens for our lines; keep it correct anyway */
    while (n > 0) {
      size_t k = n < OUT_BUF ? n : OUT_BUF;
      memcpy(w->buf, s, k);
      w->len = k;
      out_flush(w);
      s += k;
      n -= k;
    }
    return;
  }
  memcpy(w->buf + w->len, s, n);
  w->len += n;
}

void gen_out_chr(gen_out_t *w, char c) {
  if (w->len + 1 > OUT_BUF) out_flush(w);
  w->buf[w->len++] = c;
}

void gen_out_int(gen_out_t *w, int64_t v) {
  char tmp[24];
  int n = 0;
  uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
  do {
    tmp[n++] = (char)('0' + (int)(u % 10));
    u /= 10;
  } while (u);
  if (w->len + (size_t)n + 1 > OUT_BUF) out_flush(w);
  if (v < 0) w->buf[w->len++] = '-';
  while (n > 0) w->buf[w->len++] = tmp[--n];
}

void gen_out_um(gen_out_t *w, int64_t dbu) {
  char frac[8];
  int64_t a = dbu < 0 ? -dbu : dbu;
  int64_t ip = a / GEN_DBU, fp = a % GEN_DBU;   /* GEN_DBU = 2000: at most 4 decimals */
  if (dbu < 0) gen_out_chr(w, '-');
  gen_out_int(w, ip);
  if (fp == 0) return;
  int64_t f = fp * 10000 / GEN_DBU;               /* exact: 10000 is a multiple of 2000 */
  snprintf(frac, sizeof(frac), "%04d", (int)f);
  int k = 4;
  while (k > 1 && frac[k - 1] == '0') k--;
  frac[k] = '\0';
  gen_out_chr(w, '.');
  gen_out_str(w, frac);
}

void gen_out_fmt(gen_out_t *w, const char *fmt, ...) {
  char line[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line, sizeof(line), fmt, ap);
  va_end(ap);
  gen_out_str(w, line);
}

int gen_out_close(gen_out_t *w, gen_err_t *err) {
  int bad = 0;
  out_flush(w);
  if (w->gz) {
    if (gzclose((gzFile)w->gz) != Z_OK) bad = 1;
    w->gz = NULL;
  }
  if (w->fp) {
    if (fclose(w->fp) != 0) bad = 1;
    w->fp = NULL;
  }
  free(w->buf);
  w->buf = NULL;
  if (bad || w->failed) {
    snprintf(err->msg, sizeof(err->msg), "write error on '%.300s' (disk full?)", w->tmp);
    return GEN_EIO;
  }
  return GEN_OK;
}

int gen_out_commit(gen_out_t *w, gen_err_t *err) {
  if (rename(w->tmp, w->path) != 0) {
    snprintf(err->msg, sizeof(err->msg), "cannot rename '%.200s' to '%.200s': %.80s", w->tmp,
             w->path, strerror(errno));
    return GEN_EIO;
  }
  return GEN_OK;
}

void gen_out_discard(gen_out_t *w) {
  if (w->gz) gzclose((gzFile)w->gz);
  if (w->fp) fclose(w->fp);
  w->gz = NULL;
  w->fp = NULL;
  free(w->buf);
  w->buf = NULL;
  if (w->tmp[0]) remove(w->tmp);
}
