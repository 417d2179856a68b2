/*
 * strmap.h: names of a design.  A string pool (one growing byte buffer, strings addressed by 32-bit
 * offsets, so a name costs its bytes + 1 and a 4-byte handle) and an open-addressing hash table from
 * name to a dense int32 index (components, nets, masters...).
 *
 * Lookup is by (pointer, length) so tokens can be looked up without copying.  Iteration order of the
 * table is never used for output: indices are dense and assigned in input order, keeping runs
 * deterministic.  GLib's GHashTable would do the hashing, but it is not among our dependencies and
 * would cost a pointer per key plus a separate allocation per string.
 */
#ifndef PLACE_STRMAP_H
#define PLACE_STRMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct ut_pool_t {
  char *buf;
  size_t len, cap;
} ut_pool_t;

/* Append a string (NUL-terminated in the pool); *off receives its offset.  Returns 0 or UT_ENOMEM. */
int ut_pool_add(ut_pool_t *p, const char *s, size_t n, uint32_t *off);
static inline const char *ut_pool_str(const ut_pool_t *p, uint32_t off) { return p->buf + off; }
void ut_pool_free(ut_pool_t *p);

typedef struct ut_strmap_t {
  int32_t *slots;       /* index+1 of the entry, 0 = empty */
  uint32_t *hashes;     /* cached hash per slot */
  size_t nslots, count;
} ut_strmap_t;

/* Find `s` (length n) among entries whose names are pool strings at names[idx].  Returns the index
 * or -1. */
int32_t ut_strmap_find(const ut_strmap_t *m, const ut_pool_t *pool, const uint32_t *names,
                       const char *s, size_t n);
/* Insert index `idx` (whose name is pool string names[idx]).  Returns 0, or UT_ENOMEM.  The caller
 * checks for duplicates with ut_strmap_find first. */
int ut_strmap_insert(ut_strmap_t *m, const ut_pool_t *pool, const uint32_t *names, int32_t idx);
void ut_strmap_free(ut_strmap_t *m);
uint32_t ut_hash(const char *s, size_t n);

#endif
