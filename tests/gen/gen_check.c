/*
 * gen_check.c: an independent checker of place-gen's output, used by tests/gen.cmake.  It shares
 * no code with src/gen: a whitespace tokenizer reads the LEF and the DEF and recomputes everything.
 *
 *   gen_check netlist DESIGN.lef DESIGN.def
 *     header counts = entries (COMPONENTS, PINS, BLOCKAGES, NETS); every master and pin exists;
 *     every net has >= 2 pins and exactly one driver (an OUTPUT cell pin or an INPUT IO pin); no
 *     pin is on two nets; every component, every output pin and every IO pin is on a net; IO
 *     "+ NET" names match; cell sizes are whole sites x one row with signal pins inside the cell
 *     at distinct spots; macros are whole rows high with pins on their boundary; rows
 *     alternate N/FS; fixed macros and blockages lie in the core without overlapping.
 *   gen_check peko DESIGN.lef DESIGN.def DESIGN.opt
 *     the placement is legal (every grid slot of the rows used once) and the HPWL of the
 *     + PLACED components, with pins at their shapes' centers, equals hpwl_dbu of the .opt exactly.
 * Prints "ok ..." and exits 0, or prints the first problems and exits 1.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#define MAXPIN 1024

static int nerr;
#define FAIL(...) do { if (nerr++ < 20) { fprintf(stderr, "gen_check: "); \
  fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); } } while (0)

/* ---- tokens -------------------------------------------------------------------------------- */
typedef struct {
  char **t;
  size_t n, i;
  char *buf;
} toks_t;

static int tok_load(toks_t *k, const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "gen_check: cannot open %s\n", path);
    return -1;
  }
  fseek(f, 0, SEEK_END);
  long sz = ftell(f);
  fseek(f, 0, SEEK_SET);
  k->buf = malloc((size_t)sz + 1);
  if (!k->buf || fread(k->buf, 1, (size_t)sz, f) != (size_t)sz) {
    fclose(f);
    return -1;
  }
  fclose(f);
  k->buf[sz] = 0;
  size_t cap = 1024;
  k->t = malloc(cap * sizeof(char *));
  k->n = k->i = 0;
  char *p = k->buf;
  while (*p) {
    if (*p == '#') {            /* comment to end of line */
      while (*p && *p != '\n') p++;
      continue;
    }
    if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
      *p++ = 0;
      continue;
    }
    if (k->n == cap) k->t = realloc(k->t, (cap *= 2) * sizeof(char *));
    k->t[k->n++] = p;
    while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') p++;
  }
  return 0;
}

/* Names point into the file buffers, which live until exit (reachable from here). */
static char *file_bufs[2];
static int nfile_bufs;

static void tok_done(toks_t *k) {
  if (nfile_bufs < 2) file_bufs[nfile_bufs++] = k->buf;
  free(k->t);
  k->t = NULL;
}

static const char *tk(toks_t *k) { return k->i < k->n ? k->t[k->i++] : ""; }
static const char *peek(toks_t *k) { return k->i < k->n ? k->t[k->i] : ""; }
static int is(const char *a, const char *b) { return strcmp(a, b) == 0; }
static void skip_to_semi(toks_t *k) { while (k->i < k->n && !is(tk(k), ";")) {} }

/* ---- a string -> int map ------------------------------------------------------------------- */
typedef struct {
  const char **key;
  int *val;
  size_t cap, n;
} map_t;

static uint64_t hash(const char *s) {
  uint64_t h = 1469598103934665603ull;
  while (*s) h = (h ^ (unsigned char)*s++) * 1099511628211ull;
  return h;
}

static void map_init(map_t *m, size_t n) {
  m->cap = 16;
  while (m->cap < 2 * n + 16) m->cap *= 2;
  m->key = calloc(m->cap, sizeof(char *));
  m->val = calloc(m->cap, sizeof(int));
  m->n = 0;
}

static int map_get(const map_t *m, const char *s) {
  for (size_t i = hash(s) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
    if (!m->key[i]) return -1;
    if (is(m->key[i], s)) return m->val[i];
  }
}

static int map_put(map_t *m, const char *s, int v) {   /* -1 if already there */
  if (2 * (m->n + 1) > m->cap) {
    map_t b;
    map_init(&b, m->cap);
    for (size_t i = 0; i < m->cap; i++)
      if (m->key[i]) map_put(&b, m->key[i], m->val[i]);
    free(m->key);
    free(m->val);
    *m = b;
  }
  for (size_t i = hash(s) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
    if (!m->key[i]) {
      m->key[i] = s;
      m->val[i] = v;
      m->n++;
      return 0;
    }
    if (is(m->key[i], s)) return -1;
  }
}

/* ---- LEF ----------------------------------------------------------------------------------- */
typedef struct {
  const char *name;
  int dir;                    /* 0 input, 1 output, 2 inout */
  int signal;
  int64_t cx2, cy2;           /* twice the center of the first rect, DBU */
  int64_t bb[4];              /* bounding box of its rects */
} lpin_t;

typedef struct {
  const char *name;
  int block;
  int64_t w, h;
  int npin;
  lpin_t pin[MAXPIN];
} master_t;

static master_t *masters;
static int nmaster;
static map_t master_map;
static int64_t dbu = 2000, site_w = 0, site_h = 0;

static int64_t um(const char *s) { return llround(atof(s) * (double)dbu); }

static void read_lef(const char *path) {
  toks_t k;
  if (tok_load(&k, path) < 0) exit(2);
  masters = calloc(256, sizeof(master_t));
  map_init(&master_map, 256);
  while (k.i < k.n) {
    const char *t = tk(&k);
    if (is(t, "DATABASE")) {
      tk(&k);
      dbu = atol(tk(&k));
    } else if (is(t, "SITE")) {
      while (k.i < k.n && !is(peek(&k), "SIZE")) tk(&k);
      tk(&k);
      site_w = um(tk(&k));
      tk(&k);
      site_h = um(tk(&k));
    } else if (is(t, "MACRO")) {
      if (nmaster == 256) {
        FAIL("too many LEF macros");
        exit(1);
      }
      master_t *m = &masters[nmaster];
      m->name = tk(&k);
      lpin_t *cur = NULL;
      int in_obs = 0;
      for (;;) {
        t = tk(&k);
        if (!*t) break;
        if (is(t, "END") && is(peek(&k), m->name)) {
          tk(&k);
          break;
        }
        if (is(t, "CLASS")) m->block = is(tk(&k), "BLOCK");
        else if (is(t, "SIZE")) {
          m->w = um(tk(&k));
          tk(&k);
          m->h = um(tk(&k));
        } else if (is(t, "OBS")) in_obs = 1;
        else if (is(t, "PIN")) {
          if (m->npin == MAXPIN) {
            FAIL("too many pins in %s", m->name);
            exit(1);
          }
          cur = &m->pin[m->npin++];
          cur->name = tk(&k);
          cur->bb[0] = cur->bb[1] = INT64_MAX;
          cur->bb[2] = cur->bb[3] = INT64_MIN;
          cur->cx2 = INT64_MIN;
          in_obs = 0;
        } else if (is(t, "DIRECTION") && cur) {
          t = tk(&k);
          cur->dir = is(t, "INPUT") ? 0 : is(t, "OUTPUT") ? 1 : 2;
        } else if (is(t, "USE") && cur) {
          cur->signal = is(tk(&k), "SIGNAL");
        } else if (is(t, "RECT") && cur && !in_obs) {
          int64_t r[4];
          for (int i = 0; i < 4; i++) r[i] = um(tk(&k));
          if (cur->cx2 == INT64_MIN) {
            cur->cx2 = r[0] + r[2];
            cur->cy2 = r[1] + r[3];
          }
          for (int i = 0; i < 2; i++) {
            if (r[i] < cur->bb[i]) cur->bb[i] = r[i];
            if (r[i + 2] > cur->bb[i + 2]) cur->bb[i + 2] = r[i + 2];
          }
        }
      }
      if (map_put(&master_map, m->name, nmaster) < 0) FAIL("LEF macro %s defined twice", m->name);
      nmaster++;
    }
  }
  tok_done(&k);
  if (!site_w) FAIL("LEF has no SITE");
  /* Geometry of the library. */
  for (int i = 0; i < nmaster; i++) {
    master_t *m = &masters[i];
    if (!m->block && (m->w % site_w || m->h != site_h))
      FAIL("cell %s is not whole sites x one row", m->name);
    if (m->block && m->h % site_h) FAIL("macro %s height is not whole rows", m->name);
    for (int p = 0; p < m->npin; p++) {
      lpin_t *a = &m->pin[p];
      if (a->bb[0] < 0 || a->bb[1] < 0 || a->bb[2] > m->w || a->bb[3] > m->h)
        FAIL("pin %s of %s is outside the cell", a->name, m->name);
      if (!a->signal) continue;
      if (m->block && !(a->bb[0] == 0 || a->bb[1] == 0 || a->bb[2] == m->w || a->bb[3] == m->h))
        FAIL("pin %s of macro %s is not on its boundary", a->name, m->name);
      if (!m->block && strncmp(m->name, "PEKO", 4) != 0)
        for (int q = 0; q < p; q++)
          if (m->pin[q].signal && m->pin[q].cx2 == a->cx2 && m->pin[q].cy2 == a->cy2)
            FAIL("pins %s and %s of %s are at the same spot", a->name, m->pin[q].name, m->name);
    }
  }
}

static int find_pin(const master_t *m, const char *name) {
  for (int p = 0; p < m->npin; p++)
    if (is(m->pin[p].name, name)) return p;
  return -1;
}

/* ---- DEF ----------------------------------------------------------------------------------- */
typedef struct {
  const char *name;
  int master;
  int placed;                 /* 0 none, 1 PLACED, 2 FIXED */
  int64_t x, y;
  int fs;
  unsigned char *used;        /* pin -> on a net */
  int in_net;
  int last_net;               /* the last net seen on, to catch a component twice on one net */
} comp_t;

typedef struct {
  const char *name, *net;
  int input;
  int nets;
} io_t;

static comp_t *comps;
static int ncomp;
static io_t *ios;
static int nio;
static map_t comp_map, io_map;
static int64_t die[4], core[4] = {INT64_MAX, INT64_MAX, INT64_MIN, INT64_MIN};
static int nrow;
static int64_t (*blks)[4];
static int nblk;

/* Net pins as (component or -1-io, pin) for the HPWL check. */
typedef struct {
  int c, p;
} npin_t;

static int64_t hpwl_total;

static void pin_xy(const comp_t *c, int p, int64_t *x2, int64_t *y2) {
  const master_t *m = &masters[c->master];
  *x2 = 2 * c->x + m->pin[p].cx2;
  *y2 = c->fs ? 2 * c->y + 2 * m->h - m->pin[p].cy2 : 2 * c->y + m->pin[p].cy2;
}

static int section_count(toks_t *k, const char *name) {
  int n = atoi(tk(k));
  if (!is(tk(k), ";")) FAIL("%s header lacks ';'", name);
  return n;
}

static void read_def(const char *path, int peko) {
  toks_t k;
  if (tok_load(&k, path) < 0) exit(2);
  int64_t last_row_y = INT64_MIN;
  int last_fs = 1, nnet = 0, nnet_hdr = -1;
  npin_t *np = malloc(sizeof(npin_t) * 1024);
  size_t npcap = 1024;
  while (k.i < k.n) {
    const char *t = tk(&k);
    if (is(t, "UNITS")) {
      tk(&k);
      tk(&k);
      if (atol(tk(&k)) != dbu) FAIL("DEF UNITS differ from LEF DATABASE MICRONS");
    } else if (is(t, "DIEAREA")) {
      tk(&k);
      die[0] = atol(tk(&k));
      die[1] = atol(tk(&k));
      tk(&k);
      tk(&k);
      die[2] = atol(tk(&k));
      die[3] = atol(tk(&k));
      skip_to_semi(&k);
    } else if (is(t, "ROW")) {
      tk(&k);
      tk(&k);
      int64_t x = atol(tk(&k)), y = atol(tk(&k));
      int fs = is(tk(&k), "FS");
      tk(&k);
      int64_t n = atol(tk(&k));
      if (fs == last_fs) FAIL("rows do not alternate N/FS at y=%lld", (long long)y);
      if (last_row_y != INT64_MIN && y != last_row_y + site_h)
        FAIL("row gap at y=%lld", (long long)y);
      last_fs = fs;
      last_row_y = y;
      if (x < core[0]) core[0] = x;
      if (y < core[1]) core[1] = y;
      if (x + n * site_w > core[2]) core[2] = x + n * site_w;
      if (y + site_h > core[3]) core[3] = y + site_h;
      nrow++;
      skip_to_semi(&k);
    } else if (is(t, "COMPONENTS")) {
      int hdr = section_count(&k, "COMPONENTS");
      comps = calloc((size_t)hdr + 1, sizeof(comp_t));
      map_init(&comp_map, (size_t)hdr);
      while (!is(peek(&k), "END")) {
        if (!is(tk(&k), "-")) FAIL("COMPONENTS entry does not start with '-'");
        if (ncomp >= hdr) {
          FAIL("more COMPONENTS entries than the header's %d", hdr);
          exit(1);
        }
        comp_t *c = &comps[ncomp];
        c->name = tk(&k);
        c->master = map_get(&master_map, tk(&k));
        if (c->master < 0) FAIL("component %s: unknown master", c->name);
        else c->used = calloc((size_t)masters[c->master].npin, 1);
        while (!is(t = tk(&k), ";")) {
          if (is(t, "PLACED") || is(t, "FIXED")) {
            c->placed = is(t, "PLACED") ? 1 : 2;
            tk(&k);
            c->x = atol(tk(&k));
            c->y = atol(tk(&k));
            tk(&k);
            t = tk(&k);
            if (!is(t, "N") && !is(t, "FS")) FAIL("component %s: orientation %s", c->name, t);
            c->fs = is(t, "FS");
          }
        }
        if (map_put(&comp_map, c->name, ncomp) < 0) FAIL("component %s listed twice", c->name);
        ncomp++;
      }
      tk(&k);
      tk(&k);   /* END COMPONENTS */
      if (ncomp != hdr) FAIL("COMPONENTS header %d but %d entries", hdr, ncomp);
    } else if (is(t, "PINS")) {
      int hdr = section_count(&k, "PINS");
      ios = calloc((size_t)hdr + 1, sizeof(io_t));
      map_init(&io_map, (size_t)hdr);
      while (!is(peek(&k), "END")) {
        tk(&k);
        if (nio >= hdr) {
          FAIL("more PINS entries than the header's %d", hdr);
          exit(1);
        }
        io_t *p = &ios[nio];
        p->name = tk(&k);
        int64_t xy[2] = {-1, -1};
        while (!is(t = tk(&k), ";")) {
          if (is(t, "NET")) p->net = tk(&k);
          else if (is(t, "DIRECTION")) p->input = is(tk(&k), "INPUT");
          else if (is(t, "FIXED") || is(t, "PLACED")) {
            tk(&k);
            xy[0] = atol(tk(&k));
            xy[1] = atol(tk(&k));
          }
        }
        if (!(xy[0] == die[0] || xy[0] == die[2] || xy[1] == die[1] || xy[1] == die[3]))
          FAIL("IO pin %s is not on the die edge", p->name);
        if (map_put(&io_map, p->name, nio) < 0) FAIL("IO pin %s listed twice", p->name);
        nio++;
      }
      tk(&k);
      tk(&k);   /* END PINS */
      if (nio != hdr) FAIL("PINS header %d but %d entries", hdr, nio);
    } else if (is(t, "BLOCKAGES")) {
      int hdr = section_count(&k, "BLOCKAGES");
      blks = calloc((size_t)hdr + 1, sizeof(*blks));
      while (!is(peek(&k), "END")) {
        tk(&k);
        if (nblk >= hdr) {
          FAIL("more BLOCKAGES entries than the header's %d", hdr);
          exit(1);
        }
        int i = 0;
        while (!is(t = tk(&k), ";"))
          if (is(t, "(")) {
            blks[nblk][i++] = atol(tk(&k));
            blks[nblk][i++] = atol(tk(&k));
          }
        nblk++;
      }
      tk(&k);
      tk(&k);   /* END BLOCKAGES */
      if (nblk != hdr) FAIL("BLOCKAGES header %d but %d entries", hdr, nblk);
    } else if (is(t, "NETS")) {
      nnet_hdr = section_count(&k, "NETS");
      while (!is(peek(&k), "END")) {
        if (!is(tk(&k), "-")) FAIL("NETS entry does not start with '-'");
        const char *net = tk(&k);
        int npins = 0, ndrv = 0;
        size_t nn = 0;
        while (!is(t = tk(&k), ";")) {
          if (!is(t, "(")) continue;
          const char *a = tk(&k), *b = tk(&k);
          tk(&k);
          npins++;
          if (is(a, "PIN")) {
            int j = map_get(&io_map, b);
            if (j < 0) {
              FAIL("net %s: unknown IO pin %s", net, b);
              continue;
            }
            ios[j].nets++;
            ndrv += ios[j].input;
            if (!ios[j].net || !is(ios[j].net, net))
              FAIL("IO pin %s says + NET %s but is on net %s", b, ios[j].net, net);
            continue;
          }
          int c = map_get(&comp_map, a);
          if (c < 0 || comps[c].master < 0) {
            FAIL("net %s: unknown component %s", net, a);
            continue;
          }
          int p = find_pin(&masters[comps[c].master], b);
          if (p < 0) {
            FAIL("net %s: %s has no pin %s", net, a, b);
            continue;
          }
          if (comps[c].used[p]) FAIL("pin %s %s is on two nets", a, b);
          comps[c].used[p] = 1;
          if (comps[c].in_net && comps[c].last_net == nnet)
            FAIL("net %s has component %s twice", net, a);
          comps[c].in_net = 1;
          comps[c].last_net = nnet;
          ndrv += masters[comps[c].master].pin[p].dir == 1;
          if (nn == npcap) np = realloc(np, (npcap *= 2) * sizeof(npin_t));
          np[nn].c = c;
          np[nn++].p = p;
        }
        if (npins < 2) FAIL("net %s has %d pin(s)", net, npins);
        if (ndrv != 1) FAIL("net %s has %d drivers", net, ndrv);
        if (peko) {
          int64_t bb[4] = {INT64_MAX, INT64_MAX, INT64_MIN, INT64_MIN};
          for (size_t i = 0; i < nn; i++) {
            int64_t x2, y2;
            if (!comps[np[i].c].placed) {
              FAIL("net %s: component %s is not placed", net, comps[np[i].c].name);
              continue;
            }
            pin_xy(&comps[np[i].c], np[i].p, &x2, &y2);
            if (x2 < bb[0]) bb[0] = x2;
            if (y2 < bb[1]) bb[1] = y2;
            if (x2 > bb[2]) bb[2] = x2;
            if (y2 > bb[3]) bb[3] = y2;
          }
          if (nn) hpwl_total += (bb[2] - bb[0]) + (bb[3] - bb[1]);   /* still doubled */
        }
        nnet++;
      }
      tk(&k);
      tk(&k);   /* END NETS */
      if (nnet != nnet_hdr) FAIL("NETS header %d but %d entries", nnet_hdr, nnet);
    }
  }
  free(np);
  tok_done(&k);
  if (nnet_hdr < 0) FAIL("no NETS section");
  /* Connectivity of components and IOs. */
  int64_t unused_in = 0;
  for (int i = 0; i < ncomp; i++) {
    comp_t *c = &comps[i];
    if (c->master < 0) continue;
    if (!c->in_net) FAIL("component %s is on no net", c->name);
    const master_t *m = &masters[c->master];
    for (int p = 0; p < m->npin; p++) {
      if (!m->pin[p].signal || c->used[p]) continue;
      if (m->pin[p].dir == 1 && !peko) FAIL("output %s %s drives no net", c->name, m->pin[p].name);
      if (m->pin[p].dir == 0) unused_in++;
    }
  }
  for (int j = 0; j < nio; j++)
    if (ios[j].nets != 1) FAIL("IO pin %s is on %d nets", ios[j].name, ios[j].nets);
  /* Fixed macros and blockages: inside the core, no overlaps. */
  int nbox = 0;
  int64_t (*box)[4] = calloc((size_t)ncomp + (size_t)nblk + 1, sizeof(*box));
  for (int i = 0; i < ncomp; i++)
    if (comps[i].master >= 0 && masters[comps[i].master].block && comps[i].placed) {
      const master_t *m = &masters[comps[i].master];
      box[nbox][0] = comps[i].x, box[nbox][1] = comps[i].y;
      box[nbox][2] = comps[i].x + m->w, box[nbox][3] = comps[i].y + m->h;
      nbox++;
    }
  for (int i = 0; i < nblk; i++) memcpy(box[nbox++], blks[i], sizeof(blks[i]));
  for (int i = 0; i < nbox; i++) {
    if (box[i][0] < core[0] || box[i][1] < core[1] || box[i][2] > core[2] || box[i][3] > core[3])
      FAIL("fixed macro / blockage %d is outside the core", i);
    for (int j = 0; j < i; j++)
      if (box[i][0] < box[j][2] && box[j][0] < box[i][2] && box[i][1] < box[j][3] &&
          box[j][1] < box[i][3])
        FAIL("fixed macros / blockages %d and %d overlap", j, i);
  }
  free(box);
  if (core[0] < die[0] || core[1] < die[1] || core[2] > die[2] || core[3] > die[3])
    FAIL("rows exceed the die");
  printf("%s: %d components, %d nets, %d IO pins, %d blockages, %d rows, %lld unconnected inputs\n",
         nerr ? "FAILED" : "ok", ncomp, nnet, nio, nblk, nrow, (long long)unused_in);
}

/* PEKO: every grid slot used once, and the HPWL equals the .opt value. */
static int check_peko(const char *opt_path) {
  FILE *f = fopen(opt_path, "r");
  char line[256];
  long long want = -1;
  if (!f) {
    fprintf(stderr, "gen_check: cannot open %s\n", opt_path);
    return 1;
  }
  while (fgets(line, sizeof(line), f))
    if (strncmp(line, "hpwl_dbu=", 9) == 0) want = atoll(line + 9);
  fclose(f);
  if (ncomp == 0) return 1;
  const master_t *m = &masters[comps[0].master];
  int64_t cols = (core[2] - core[0]) / m->w, rows = nrow;
  if (cols * rows != ncomp) FAIL("%d cells do not fill %lld x %lld slots", ncomp, (long long)rows,
                                 (long long)cols);
  unsigned char *slot = calloc((size_t)(cols * rows), 1);
  for (int i = 0; i < ncomp; i++) {
    const comp_t *c = &comps[i];
    int64_t dx = c->x - core[0], dy = c->y - core[1];
    if (dx % m->w || dy % site_h || dx < 0 || dy < 0 || dx / m->w >= cols || dy / site_h >= rows) {
      FAIL("cell %s is off the grid", c->name);
      continue;
    }
    int64_t s = dy / site_h * cols + dx / m->w;
    if (slot[s]++) FAIL("cell %s overlaps another", c->name);
    if (c->fs != (int)((dy / site_h) % 2)) FAIL("cell %s has the wrong orientation", c->name);
  }
  free(slot);
  if (hpwl_total % 2) FAIL("HPWL is not a whole number of DBU");
  long long got = (long long)(hpwl_total / 2);
  if (got != want) FAIL("HPWL of the placement %lld DBU != .opt hpwl_dbu %lld", got, want);
  else printf("ok: PEKO HPWL %lld DBU = .opt\n", got);
  return nerr ? 1 : 0;
}

int main(int argc, char **argv) {
  int peko = argc == 5 && is(argv[1], "peko");
  if (!peko && !(argc == 4 && is(argv[1], "netlist"))) {
    fprintf(stderr, "usage: gen_check netlist LEF DEF | gen_check peko LEF DEF OPT\n");
    return 2;
  }
  read_lef(argv[2]);
  read_def(argv[3], peko);
  if (peko && check_peko(argv[4])) return 1;
  return nerr ? 1 : 0;
}
