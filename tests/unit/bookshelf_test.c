/* bookshelf_test.c: the Bookshelf reader and .pl writer.
 *  - ibm01: counts, HPWL = 681150.0 (the centre-to-centre HPWL of ibm01.pl, ibm_lefdef/README.md), and
 *    the database equals the LEF/DEF conversion ibm_lefdef/ibm01 (cells, masters, placements, rows,
 *    die, nets, every pin position, IO pins);
 *  - ibm01 and ibm05 HPWL against a slow obvious evaluator that reads the files itself (ibm05 has
 *    offsets like -7.33333: the reader rounds to 0.001, so within 0.001 um per net);
 *  - a small design with pin offsets on rotated and flipped nodes, terminal_NI, a terminal on two
 *    nets, /FIXED and net weights: every pin position against the naive evaluator, classification;
 *  - .pl round trip: move and rotate every movable node, write, re-read with the same
 *    .nodes/.nets/.scl: same placements, same HPWL; memory and file writers agree. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "def.h"
#include "lef.h"
#include "netlist/bookshelf.h"
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

/* ---- the slow obvious evaluator: reads .nodes, .pl, .nets as text ---- */

typedef struct nnode_t {
  char name[64];
  double w, h, x, y;
  char orient[4];
} nnode_t;

static int nnode_cmp(const void *a, const void *b) {
  return strcmp(((const nnode_t *)a)->name, ((const nnode_t *)b)->name);
}

static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *b = malloc((size_t)n + 1);
  size_t got = fread(b, 1, (size_t)n, f);
  b[got] = 0;
  fclose(f);
  return b;
}

/* Split the next line into words (in place); returns the word count, -1 at the end. */
static int words(char **cursor, char *w[16]) {
  char *s = *cursor;
  if (!s || !*s) return -1;
  char *nl = strchr(s, '\n');
  if (nl) *nl = 0;
  *cursor = nl ? nl + 1 : s + strlen(s);
  char *hash = strchr(s, '#');
  if (hash) *hash = 0;
  int n = 0;
  for (char *tok = strtok(s, " \t\r:"); tok && n < 16; tok = strtok(NULL, " \t\r:")) w[n++] = tok;
  return n;
}

/* Offset (ox, oy) from the centre, as placed in orientation o (a table written out by hand). */
static void rot(const char *o, double ox, double oy, double *rx, double *ry) {
  if (!strcmp(o, "S")) { *rx = -ox; *ry = -oy; }
  else if (!strcmp(o, "W")) { *rx = -oy; *ry = ox; }
  else if (!strcmp(o, "E")) { *rx = oy; *ry = -ox; }
  else if (!strcmp(o, "FN")) { *rx = -ox; *ry = oy; }
  else if (!strcmp(o, "FS")) { *rx = ox; *ry = -oy; }
  else if (!strcmp(o, "FW")) { *rx = oy; *ry = ox; }
  else if (!strcmp(o, "FE")) { *rx = -oy; *ry = -ox; }
  else { *rx = ox; *ry = oy; }
}

static int swaps(const char *o) {
  return !strcmp(o, "W") || !strcmp(o, "E") || !strcmp(o, "FW") || !strcmp(o, "FE");
}

/* Centre-to-centre HPWL (unweighted) of the files; *npins counts the pins seen. */
static double naive_hpwl(const char *nodes_p, const char *pl_p, const char *nets_p, long *npins) {
  char *nodes = slurp(nodes_p), *pl = slurp(pl_p), *nets = slurp(nets_p);
  if (!nodes || !pl || !nets) return -1;
  size_t cap = 1024, n = 0;
  nnode_t *v = malloc(cap * sizeof *v);
  char *cur = nodes, *w[16];
  int k;
  while ((k = words(&cur, w)) >= 0) {
    if (k < 3 || !strcmp(w[0], "UCLA") || !strcmp(w[0], "NumNodes") ||
        !strcmp(w[0], "NumTerminals"))
      continue;
    if (n == cap) v = realloc(v, (cap *= 2) * sizeof *v);
    memset(&v[n], 0, sizeof v[n]);
    snprintf(v[n].name, sizeof v[n].name, "%s", w[0]);
    v[n].w = atof(w[1]);
    v[n].h = atof(w[2]);
    strcpy(v[n].orient, "N");
    n++;
  }
  qsort(v, n, sizeof *v, nnode_cmp);
  cur = pl;
  while ((k = words(&cur, w)) >= 0) {
    if (k < 3 || !strcmp(w[0], "UCLA")) continue;
    nnode_t key;
    snprintf(key.name, sizeof key.name, "%s", w[0]);
    nnode_t *p = bsearch(&key, v, n, sizeof *v, nnode_cmp);
    if (!p) continue;
    p->x = atof(w[1]);
    p->y = atof(w[2]);
    if (k > 3 && w[3][0] != '/') snprintf(p->orient, sizeof p->orient, "%s", w[3]);
  }
  double total = 0, x0 = 0, x1 = 0, y0 = 0, y1 = 0;
  int in_net = 0, cnt = 0;
  *npins = 0;
  cur = nets;
  while ((k = words(&cur, w)) >= 0) {
    if (k == 0 || !strcmp(w[0], "UCLA") || !strcmp(w[0], "NumNets") || !strcmp(w[0], "NumPins"))
      continue;
    if (!strcmp(w[0], "NetDegree")) {
      if (in_net && cnt > 1) total += (x1 - x0) + (y1 - y0);
      in_net = 1;
      cnt = 0;
      continue;
    }
    nnode_t key;
    snprintf(key.name, sizeof key.name, "%s", w[0]);
    nnode_t *p = bsearch(&key, v, n, sizeof *v, nnode_cmp);
    if (!p) return -1;
    double ox = k >= 4 ? atof(w[2]) : 0, oy = k >= 4 ? atof(w[3]) : 0, rx, ry;
    rot(p->orient, ox, oy, &rx, &ry);
    double W = swaps(p->orient) ? p->h : p->w, H = swaps(p->orient) ? p->w : p->h;
    double px = p->x + W / 2 + rx, py = p->y + H / 2 + ry;
    if (!cnt++) {
      x0 = x1 = px;
      y0 = y1 = py;
    } else {
      if (px < x0) x0 = px;
      if (px > x1) x1 = px;
      if (py < y0) y0 = py;
      if (py > y1) y1 = py;
    }
    (*npins)++;
  }
  if (in_net && cnt > 1) total += (x1 - x0) + (y1 - y0);
  free(v);
  free(nodes);
  free(pl);
  free(nets);
  return total;
}

/* ---- helpers ---- */

static db_t *read_aux(const char *aux, int *rc) {
  ut_diag_t d;
  ut_diag_init(&d);
  d.sink = quiet_sink;
  db_t *db;
  if (db_create(&db)) return NULL;
  *rc = bs_read(db, aux, &d);
  if (*rc) {
    db_destroy(db);
    return NULL;
  }
  return db;
}

static void write_file(const char *dir, const char *name, const char *text) {
  char p[512];
  snprintf(p, sizeof p, "%s/%s", dir, name);
  FILE *f = fopen(p, "w");
  fputs(text, f);
  fclose(f);
}

/* The Bookshelf database of ibm01 against the LEF/DEF conversion in ibm_lefdef/. */
static void compare_ibm01_lefdef(const db_t *a, const char *bench) {
  char lef[512], def[512];
  snprintf(lef, sizeof lef, "%s/ibm_lefdef/ibm01/ibm01.lef", bench);
  snprintf(def, sizeof def, "%s/ibm_lefdef/ibm01/ibm01_initial.def", bench);
  ut_diag_t d;
  ut_diag_init(&d);
  d.sink = quiet_sink;
  db_t *b;
  CHECK(db_create(&b) == 0);
  CHECK(lef_read(b, lef, &d) == 0);
  CHECK(def_read(b, def, &d) == 0);
  CHECK(a->dbu == b->dbu);
  CHECK(memcmp(&a->die, &b->die, sizeof a->die) == 0);
  CHECK(memcmp(&a->core, &b->core, sizeof a->core) == 0);
  CHECK(a->nmasters == b->nmasters && a->nmpins == b->nmpins);
  CHECKF(a->ncells == b->ncells, "%zu vs %zu cells", a->ncells, b->ncells);
  size_t bad = 0;
  for (size_t c = 0; c < a->ncells && a->ncells == b->ncells; c++) {
    int32_t ma = a->cell_master[c], mb = b->cell_master[c];
    if (strcmp(db_str(a, a->cell_name[c]), db_str(b, b->cell_name[c])) ||
        strcmp(db_str(a, a->master_name[ma]), db_str(b, b->master_name[mb])) ||
        a->master_w[ma] != b->master_w[mb] || a->master_h[ma] != b->master_h[mb] ||
        a->master_class[ma] != b->master_class[mb] || a->cell_x[c] != b->cell_x[c] ||
        a->cell_y[c] != b->cell_y[c] || a->cell_status[c] != b->cell_status[c] ||
        a->cell_orient[c] != b->cell_orient[c])
      bad++;
  }
  CHECKF(bad == 0, "%zu components differ from ibm01_initial.def", bad);
  CHECK(a->nrows == b->nrows);
  bad = 0;
  for (size_t r = 0; r < a->nrows && a->nrows == b->nrows; r++)
    if (a->row_x[r] != b->row_x[r] || a->row_y[r] != b->row_y[r] ||
        a->row_orient[r] != b->row_orient[r] || a->row_nx[r] != b->row_nx[r] ||
        a->row_sx[r] != b->row_sx[r] || a->site_w[a->row_site[r]] != b->site_w[b->row_site[r]] ||
        a->site_h[a->row_site[r]] != b->site_h[b->row_site[r]])
      bad++;
  CHECKF(bad == 0, "%zu rows differ", bad);
  CHECK(a->nios == b->nios);
  bad = 0;
  for (size_t i = 0; i < a->nios && a->nios == b->nios; i++)
    if (strcmp(db_str(a, a->io_name[i]), db_str(b, b->io_name[i])) ||
        strcmp(db_str(a, a->io_net_name[i]), db_str(b, b->io_net_name[i])) ||
        a->io_dir[i] != b->io_dir[i] || a->io_status[i] != b->io_status[i])
      bad++;
  CHECKF(bad == 0, "%zu IO pins differ", bad);
  CHECK(a->nnets == b->nnets && a->npins == b->npins);
  bad = 0;
  for (size_t n = 0; n < a->nnets && a->nnets == b->nnets; n++) {
    if (strcmp(db_str(a, a->net_name[n]), db_str(b, b->net_name[n])) ||
        a->net_pin_start[n + 1] - a->net_pin_start[n] != b->net_pin_start[n + 1] - b->net_pin_start[n]) {
      bad++;
      continue;
    }
    for (int32_t k = 0; k < a->net_pin_start[n + 1] - a->net_pin_start[n]; k++) {
      int32_t pa = a->net_pin_start[n] + k, pb = b->net_pin_start[n] + k;
      int64_t xa, ya, xb, yb;
      db_pin_pos(a, pa, &xa, &ya);
      db_pin_pos(b, pb, &xb, &yb);
      if (xa != xb || ya != yb || a->pin_cell[pa] != b->pin_cell[pb] ||
          (a->pin_cell[pa] >= 0 &&
           strcmp(db_str(a, a->mpin_name[a->pin_ref[pa]]), db_str(b, b->mpin_name[b->pin_ref[pb]]))))
        bad++;
    }
  }
  CHECKF(bad == 0, "%zu nets or pins differ from ibm01_initial.def", bad);
  CHECK(db_hpwl(a) == db_hpwl(b));
  db_destroy(b);
}

/* Move and rotate every movable component, write the .pl, re-read it with the other files. */
static void pl_roundtrip(db_t *db, const char *bench, const char *design, const char *dir) {
  for (size_t c = 0; c < db->ncells; c++)
    if (db->cell_status[c] != DB_FIXED && db->cell_status[c] != DB_COVER)
      db_cell_set_place(db, (int32_t)c, (dbu_t)((c * 7919 + 13) % 2000000),
                        (dbu_t)((c * 104729 + 501) % 2000000), (int)(c % 8), DB_PLACED);
  char pl[512], aux[512], txt[2048], *mem = NULL;
  size_t len = 0;
  snprintf(pl, sizeof pl, "%s/%s_moved.pl", dir, design);
  ut_diag_t d;
  ut_diag_init(&d);
  d.sink = quiet_sink;
  CHECK(bs_write_pl(db, pl, &d) == 0);
  CHECK(bs_write_pl_mem(db, &mem, &len) == 0);
  char *file = slurp(pl);
  CHECK(file && strlen(file) == len && memcmp(file, mem, len) == 0);
  free(file);
  ut_free(mem);
  snprintf(txt, sizeof txt,
           "RowBasedPlacement : %s/ibm_bookshelf/%s/%s.nodes %s/ibm_bookshelf/%s/%s.nets "
           "%s/ibm_bookshelf/%s/%s.wts %s %s/ibm_bookshelf/%s/%s.scl\n",
           bench, design, design, bench, design, design, bench, design, design, pl, bench, design,
           design);
  snprintf(aux, sizeof aux, "%s_moved.aux", design);
  write_file(dir, aux, txt);
  snprintf(aux, sizeof aux, "%s/%s_moved.aux", dir, design);
  int rc;
  db_t *b = read_aux(aux, &rc);
  CHECKF(b != NULL, "%s: re-read of the written .pl failed (%d)", design, rc);
  if (!b) return;
  size_t bad = 0;
  for (size_t c = 0; c < db->ncells && db->ncells == b->ncells; c++)
    if (db->cell_x[c] != b->cell_x[c] || db->cell_y[c] != b->cell_y[c] ||
        db->cell_orient[c] != b->cell_orient[c] || db->cell_status[c] != b->cell_status[c])
      bad++;
  CHECKF(b->ncells == db->ncells && bad == 0, "%s: %zu placements differ after .pl round trip",
         design, bad);
  for (size_t i = 0; i < db->nios && db->nios == b->nios; i++)
    if (db->io_x[i] != b->io_x[i] || db->io_y[i] != b->io_y[i] ||
        db->io_orient[i] != b->io_orient[i] || db->io_status[i] != b->io_status[i])
      bad++;
  CHECKF(bad == 0, "%s: IO pins differ after the round trip", design);
  CHECK(db_hpwl(db) == db_hpwl(b));
  /* the slow evaluator agrees on the moved placement too (ibm01 has no offsets: exactly) */
  char nodes[512], nets[512];
  snprintf(nodes, sizeof nodes, "%s/ibm_bookshelf/%s/%s.nodes", bench, design, design);
  snprintf(nets, sizeof nets, "%s/ibm_bookshelf/%s/%s.nets", bench, design, design);
  long np;
  double ref = naive_hpwl(nodes, pl, nets, &np);
  double got = (double)db_hpwl(b) / b->dbu;
  CHECKF(fabs(ref - got) <= 1e-3 * (double)b->nnets, "%s moved: naive %.3f vs %.3f", design, ref,
         got);
  db_destroy(b);
}

/* A small design that exercises offsets, orientations and the terminal rules. */
static const char SMALL_NODES[] =
    "UCLA nodes 1.0\n# comment\nNumNodes : 7\nNumTerminals : 4\n"
    "  c0 4 10\n  c1 6 10\n  c2 6 10\n  blk 20 30\n"
    "  pad 1 1 terminal\n  io2 0 0 terminal_NI\n  macro 8 8 terminal\n";
static const char SMALL_NETS[] =
    "UCLA nets 1.0\nNumNets : 4\nNumPins : 11\n"
    "NetDegree : 3 n_a\n  c0 O : 1.5 -2\n  c1 I : -1 3.25\n  pad B\n"
    "NetDegree : 3\n  c1 O : 2 1\n  blk I : -5 7\n  macro I : 1 -1\n"
    "NetDegree : 3 n_c\n  c2 I : 2 1\n  c2 I : 2 1\n  io2 O : 0 0\n"
    "NetDegree : 2 n_d\n  macro O:-2 2\n  c0 I:0 0\n";
static const char SMALL_PL[] =
    "UCLA pl 1.0\n\n"
    "c0 10 20 : N\nc1 30.5 40 : W\nc2 50 10 : FS\nblk 100 0 : E /FIXED\n"
    "pad 0 60 : FN\nio2 200 50 : N\nmacro 150 70 : S\n";
static const char SMALL_SCL[] =
    "UCLA scl 1.0\nNumRows : 2\n"
    "CoreRow Horizontal\n Coordinate : 0\n Height : 10\n Sitewidth : 1\n Sitespacing : 1\n"
    " Siteorient : N\n Sitesymmetry : Y\n SubrowOrigin : 0 NumSites : 180\nEnd\n"
    "CoreRow Horizontal\n Coordinate : 10\n Height : 10\n Sitewidth : 1\n Sitespacing : 1\n"
    " Siteorient : FS\n Sitesymmetry : Y\n SubrowOrigin : 0 NumSites : 180\nEnd\n";
static const char SMALL_WTS[] = "UCLA wts 1.0\nn_a 3\nc0 40\n";

static void small_design(const char *dir) {
  write_file(dir, "small.nodes", SMALL_NODES);
  write_file(dir, "small.nets", SMALL_NETS);
  write_file(dir, "small.pl", SMALL_PL);
  write_file(dir, "small.scl", SMALL_SCL);
  write_file(dir, "small.wts", SMALL_WTS);
  write_file(dir, "small.aux",
             "RowBasedPlacement : small.nodes small.nets small.wts small.pl small.scl\n");
  char aux[512];
  snprintf(aux, sizeof aux, "%s/small.aux", dir);
  int rc;
  db_t *db = read_aux(aux, &rc);
  CHECKF(db != NULL, "small design: rc %d", rc);
  if (!db) return;
  CHECK(strcmp(db_str(db, db->design_name), "small") == 0);
  /* pad (1x1) and io2 (terminal_NI) are IO pins; macro (8x8, two nets) a FIXED component */
  CHECK(db->ncells == 5 && db->nios == 2);
  CHECK(db_find_io(db, "pad", 3) >= 0 && db_find_io(db, "io2", 3) >= 0);
  int32_t m = db_find_cell(db, "macro", 5), blk = db_find_cell(db, "blk", 3);
  CHECK(m >= 0 && db->cell_status[m] == DB_FIXED && db->cell_orient[m] == DB_S);
  CHECK(blk >= 0 && db->cell_status[blk] == DB_FIXED && db_cell_is_macro(db, blk) == 1);
  CHECK(blk >= 0 && db->master_class[db->cell_master[blk]] == DB_CLASS_BLOCK);
  int32_t io2 = db_find_io(db, "io2", 3), pad = db_find_io(db, "pad", 3);
  CHECK(io2 >= 0 && db->io_status[io2] == DB_COVER && db->io_dir[io2] == DB_PDIR_INPUT);
  CHECK(pad >= 0 && db->io_dir[pad] == DB_PDIR_INOUT && db->io_orient[pad] == DB_FN);
  CHECK(db->nnets == 4 && db->npins == 11);
  CHECK(strcmp(db_str(db, db->net_name[1]), "net1") == 0);
  CHECK(db->net_weight[0] == 3.0f && db->net_weight[1] == 1.0f);
  /* c2 uses the point (2,1) twice on n_c: its master has two pins there */
  int32_t c2 = db_find_cell(db, "c2", 2);
  CHECK(c2 >= 0 && db->cell_pin_start[c2 + 1] - db->cell_pin_start[c2] == 2);
  int32_t c0 = db_find_cell(db, "c0", 2);
  CHECK(c0 >= 0 && db->master_site[db->cell_master[c0]] == 0);
  CHECK(db->nrows == 2 && db->row_orient[1] == DB_FS && db->row_nx[0] == 180);
  /* every pin against the hand-written orientation table */
  char nodes[512], pl[512], nets[512];
  snprintf(nodes, sizeof nodes, "%s/small.nodes", dir);
  snprintf(pl, sizeof pl, "%s/small.pl", dir);
  snprintf(nets, sizeof nets, "%s/small.nets", dir);
  long np;
  double ref = naive_hpwl(nodes, pl, nets, &np);
  CHECK(np == 11);
  CHECKF(fabs(ref - (double)db_hpwl(db) / db->dbu) < 1e-9, "small: naive %.4f vs %.4f", ref,
         (double)db_hpwl(db) / db->dbu);
  /* per-net check too */
  for (int32_t n = 0; n < (int32_t)db->nnets; n++) CHECK(db_net_hpwl(db, n) > 0);
  /* die = rows + terminals */
  CHECK(db->die.x0 == 0 && db->die.y0 == 0 && db->die.x1 == 200000 && db->die.y1 == 78000);
  /* the .pl writer reproduces the terminal lines */
  char *mem;
  size_t len;
  CHECK(bs_write_pl_mem(db, &mem, &len) == 0);
  CHECK(strstr(mem, "\nc1 30.5 40 : W\n") != NULL);
  CHECK(strstr(mem, "\nblk 100 0 : E /FIXED\n") != NULL);
  CHECK(strstr(mem, "\nio2 200 50 : N /FIXED_NI\n") != NULL);
  CHECK(strstr(mem, "\npad 0 60 : FN /FIXED\n") != NULL);
  ut_free(mem);
  db_destroy(db);

  /* gzip'ed files named in the .aux read the same */
  char cmd[2048];
  snprintf(cmd, sizeof cmd, "cd %s && for f in nodes nets pl scl wts; do gzip -c small.$f > z.$f.gz; "
           "done && echo 'RowBasedPlacement : z.nodes.gz z.nets.gz z.wts.gz z.pl.gz z.scl.gz' > z.aux",
           dir);
  CHECK(system(cmd) == 0);
  snprintf(aux, sizeof aux, "%s/z.aux", dir);
  db_t *z = read_aux(aux, &rc);
  CHECK(z != NULL && z->ncells == 5 && z->nios == 2 && z->net_weight[0] == 3.0f);
  db_destroy(z);

  /* a LEF in the database first is refused */
  CHECK(db_create(&db) == 0);
  CHECK(db_add_master(db, "X", 1) == 0);
  bs_text_t f[BS_NFILES] = {{"a.nodes", SMALL_NODES, sizeof SMALL_NODES - 1},
                            {"a.nets", SMALL_NETS, sizeof SMALL_NETS - 1},
                            {"a.pl", SMALL_PL, sizeof SMALL_PL - 1},
                            {"a.scl", SMALL_SCL, sizeof SMALL_SCL - 1},
                            {NULL, NULL, 0}};
  ut_diag_t d2;
  ut_diag_init(&d2);
  d2.sink = silent_sink;
  CHECK(bs_read_mem(db, f, "a", &d2) == UT_EINVAL && d2.nerrors == 1);
  db_destroy(db);
  /* without .wts, from memory */
  CHECK(db_create(&db) == 0);
  ut_diag_init(&d2);
  d2.sink = quiet_sink;
  CHECK(bs_read_mem(db, f, "a", &d2) == 0 && db->net_weight[0] == 1.0f);
  db_destroy(db);
}

int main(void) {
  ut_log_set_level(UT_LOG_WARN);
  const char *bench = tap_bench();
  char dir[128];
  snprintf(dir, sizeof dir, "%s/bookshelf_testXXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
  CHECK(mkdtemp(dir) != NULL);
  char aux[512], nodes[512], pl[512], nets[512];

  /* ibm01 */
  snprintf(aux, sizeof aux, "%s/ibm_bookshelf/ibm01/ibm01.aux", bench);
  int rc;
  db_t *db = read_aux(aux, &rc);
  CHECKF(db != NULL, "ibm01: rc %d", rc);
  if (db) {
    CHECK(db->dbu == 1000);
    CHECK(db->ncells == 12506 && db->nios == 246 && db->nnets == 14111 && db->npins == 50566);
    CHECK(db->nrows == 144 && db->nmasters == 22 && db->nmpins == 193);
    CHECKF(db_hpwl(db) == 681150000, "ibm01 HPWL %lld DBU, want 681150000",
           (long long)db_hpwl(db));
    snprintf(nodes, sizeof nodes, "%s/ibm_bookshelf/ibm01/ibm01.nodes", bench);
    snprintf(pl, sizeof pl, "%s/ibm_bookshelf/ibm01/ibm01.pl", bench);
    snprintf(nets, sizeof nets, "%s/ibm_bookshelf/ibm01/ibm01.nets", bench);
    long np;
    double ref = naive_hpwl(nodes, pl, nets, &np);
    CHECKF(ref == 681150.0 && np == 50566, "naive ibm01 HPWL %.3f, %ld pins", ref, np);
    compare_ibm01_lefdef(db, bench);
    pl_roundtrip(db, bench, "ibm01", dir);
    db_destroy(db);
  }

  /* ibm05: pin offsets */
  snprintf(aux, sizeof aux, "%s/ibm_bookshelf/ibm05/ibm05.aux", bench);
  db = read_aux(aux, &rc);
  CHECKF(db != NULL, "ibm05: rc %d", rc);
  if (db) {
    CHECK(db->ncells + db->nios == 29347 && db->nios == 1201);
    CHECK(db->nnets == 28446 && db->npins == 126308 && db->nrows == 148);
    snprintf(nodes, sizeof nodes, "%s/ibm_bookshelf/ibm05/ibm05.nodes", bench);
    snprintf(pl, sizeof pl, "%s/ibm_bookshelf/ibm05/ibm05.pl", bench);
    snprintf(nets, sizeof nets, "%s/ibm_bookshelf/ibm05/ibm05.nets", bench);
    long np;
    double ref = naive_hpwl(nodes, pl, nets, &np);
    double got = (double)db_hpwl(db) / db->dbu;
    CHECKF(np == 126308 && fabs(ref - got) <= 1e-3 * (double)db->nnets,
           "ibm05: naive %.3f vs %.3f", ref, got);
    CHECKF(db_hpwl(db) == 10728134250LL, "ibm05 HPWL %lld DBU (the LEF/DEF conversion's value "
           "is 10728134.250 um)", (long long)db_hpwl(db));
    pl_roundtrip(db, bench, "ibm05", dir);
    db_destroy(db);
  }

  small_design(dir);
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  CHECK(system(cmd) == 0);
  return tap_done();
}
