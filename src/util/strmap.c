/*
 * strmap.c: string pool and open-addressing (linear probing) hash index.  FNV-1a hash; the table
 * doubles at 70% load: linear probing stays short there and a table costs about 11 bytes a name.
 */
#include "util/strmap.h"
#include "util/ut.h"

#include <string.h>

int ut_pool_add(ut_pool_t *p, const char *s, size_t n, uint32_t *off) {
  if (p->len + n + 1 > UINT32_MAX) return UT_ELIMIT;
  if (UT_RESERVE(p->buf, p->cap, p->len + n + 1)) return UT_ENOMEM;
  memcpy(p->buf + p->len, s, n);
  p->buf[p->len + n] = 0;
  *off = (uint32_t)p->len;
  p->len += n + 1;
  return UT_OK;
}

void ut_pool_free(ut_pool_t *p) {
  ut_free(p->buf);
  memset(p, 0, sizeof *p);
}

uint32_t ut_hash(const char *s, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 16777619u;
  }
  return h;
}

int32_t ut_strmap_find(const ut_strmap_t *m, const ut_pool_t *pool, const uint32_t *names,
                       const char *s, size_t n) {
  if (!m->nslots) return -1;
  uint32_t h = ut_hash(s, n);
  size_t mask = m->nslots - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    int32_t e = m->slots[i];
    if (!e) return -1;
    if (m->hashes[i] == h) {
      const char *t = pool->buf + names[e - 1];
      if (strncmp(t, s, n) == 0 && t[n] == 0) return e - 1;
    }
  }
}

static int rehash(ut_strmap_t *m, size_t nslots) {
  int32_t *ns = ut_calloc(nslots, sizeof *ns);
  uint32_t *nh = ut_malloc(nslots * sizeof *nh);
  if (!ns || !nh) {
    ut_free(ns);
    ut_free(nh);
    return UT_ENOMEM;
  }
  size_t mask = nslots - 1;
  for (size_t i = 0; i < m->nslots; i++) {
    if (!m->slots[i]) continue;
    size_t j = m->hashes[i] & mask;
    while (ns[j]) j = (j + 1) & mask;
    ns[j] = m->slots[i];
    nh[j] = m->hashes[i];
  }
  ut_free(m->slots);
  ut_free(m->hashes);
  m->slots = ns;
  m->hashes = nh;
  m->nslots = nslots;
  return UT_OK;
}

int ut_strmap_insert(ut_strmap_t *m, const ut_pool_t *pool, const uint32_t *names, int32_t idx) {
  if ((m->count + 1) * 10 > m->nslots * 7) {
    if (rehash(m, m->nslots ? m->nslots * 2 : 64)) return UT_ENOMEM;
  }
  const char *s = pool->buf + names[idx];
  uint32_t h = ut_hash(s, strlen(s));
  size_t mask = m->nslots - 1;
  size_t j = h & mask;
  while (m->slots[j]) j = (j + 1) & mask;
  m->slots[j] = idx + 1;
  m->hashes[j] = h;
  m->count++;
  return UT_OK;
}

void ut_strmap_free(ut_strmap_t *m) {
  ut_free(m->slots);
  ut_free(m->hashes);
  memset(m, 0, sizeof *m);
}
