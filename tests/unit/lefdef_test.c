/* lefdef_test.c: LEF and DEF readers and the DEF writer on small hand-written inputs: units
 * conversion (LEF 2000 vs DEF 1000), pin centers, the eight orientations against a matrix oracle,
 * every modeled DEF section, splicing writes and their round trip, and HPWL by hand. */
#include <stdlib.h>
#include <string.h>

#include "def.h"
#include "lef.h"
#include "tap.h"

static const char *LEF =
    "VERSION 5.8 ;\nBUSBITCHARS \"[]\" ;\nDIVIDERCHAR \"/\" ;\n"
    "UNITS\n  DATABASE MICRONS 2000 ;\nEND UNITS\n"
    "MANUFACTURINGGRID 0.005 ;\n"
    "PROPERTYDEFINITIONS\n  LAYER LEF58_TYPE STRING ;\nEND PROPERTYDEFINITIONS\n"
    "LAYER metal1\n  TYPE ROUTING ;\n  DIRECTION HORIZONTAL ;\n  PITCH 0.19 0.2 ;\n"
    "  OFFSET -0.095 ;\n  WIDTH 0.07 ;\n  SPACING 0.065 ;\n  SPACING 0.1 RANGE 0.5 1 ;\n"
    "  SPACINGTABLE PARALLELRUNLENGTH 0 WIDTH 0 0.065 ;\n  PROPERTY LEF58_TYPE \"x ; y\" ;\n"
    "END metal1\n"
    "LAYER via1\n  TYPE CUT ;\nEND via1\n"
    "LAYER metal2\n  TYPE ROUTING ;\n  DIRECTION VERTICAL ;\n  PITCH 0.19 ;\n  WIDTH 0.07 ;\n"
    "END metal2\n"
    "VIA V12 DEFAULT\n  LAYER metal1 ;\n  RECT -0.1 -0.1 0.1 0.1 ;\nEND V12\n"
    "VIARULE GEN GENERATE\n  LAYER metal1 ;\n  ENCLOSURE 0 0.035 ;\nEND GEN\n"
    "SITE core\n  CLASS CORE ;\n  SYMMETRY Y ;\n  SIZE 0.2 BY 1.4 ;\nEND core\n"
    "MACRO INV\n  CLASS CORE ;\n  ORIGIN 0 0 ;\n  FOREIGN INV 0 0 ;\n  SIZE 0.6 BY 1.4 ;\n"
    "  SYMMETRY X Y ;\n  SITE core ;\n"
    "  PIN A\n    DIRECTION INPUT ;\n    USE SIGNAL ;\n    ANTENNAGATEAREA 0.05 ;\n"
    "    PORT\n      LAYER metal1 ;\n        RECT 0.1 0.2 0.2 0.4 ;\n        RECT 0.3 0.2 0.4 0.4 ;\n"
    "    END\n  END A\n"
    "  PIN Z\n    DIRECTION OUTPUT ;\n    PORT\n      LAYER metal1 ;\n"
    "        POLYGON 0.4 0.8 0.5 0.8 0.5 1.2 0.4 1.2 ;\n    END\n  END Z\n"
    "  OBS\n    LAYER metal1 ;\n      RECT 0 0 0.6 0.1 ;\n  END\n"
    "END INV\n"
    "MACRO RAM\n  CLASS BLOCK ;\n  ORIGIN 1 2 ;\n  SIZE 10 BY 14 ;\n"
    "  PIN D\n    DIRECTION INOUT ;\n    PORT\n      LAYER metal2 ;\n        RECT -1 -2 -0.8 -1.8 ;\n"
    "    END\n  END D\n"
    "  DENSITY\n    LAYER metal1 ;\n      RECT 0 0 1 1 50 ;\n  END\n"
    "END RAM\n"
    "BOGUSSTATEMENT 1 2 3 ;\n"
    "END LIBRARY\n";

static const char *DEF =
    "VERSION 5.8 ;\nDIVIDERCHAR \"/\" ;\nBUSBITCHARS \"[]\" ;\nDESIGN top ;\n"
    "UNITS DISTANCE MICRONS 1000 ;\n"
    "PROPERTYDEFINITIONS\n  COMPONENT x INTEGER ;\nEND PROPERTYDEFINITIONS\n"
    "DIEAREA ( 0 0 ) ( 20000 30000 ) ;\n"
    "ROW r0 core 1000 1400 N DO 50 BY 1 STEP 200 0 ;\n"
    "ROW r1 core 1000 2800 FS DO 50 BY 1 STEP 200 0 ;\n"
    "TRACKS X 95 DO 100 STEP 190 LAYER metal2 ;\n"
    "TRACKS Y 100 DO 150 STEP 200 LAYER metal1 ;\n"
    "GCELLGRID X 0 DO 10 STEP 2000 ;\n"
    "VIAS 1 ;\n- VX + RECT metal1 ( -10 -10 ) ( 10 10 ) ;\nEND VIAS\n"
    "REGIONS 1 ;\n- fence1 ( 1000 1400 ) ( 5000 4200 ) + TYPE FENCE ;\nEND REGIONS\n"
    "COMPONENTS 5 ;\n"
    "- u0 INV ;\n"
    "- u1 INV + PLACED ( 2000 1400 ) N ;\n"
    "- u2 INV + SOURCE NETLIST + FIXED ( 3000 2800 ) FS + WEIGHT 3 ;\n"
    "- data\\[3\\] INV + PLACED ( 4000 1400 ) FN + REGION fence1 ;\n"
    "- ram RAM + HALO SOFT 10 20 30 40 + PLACED ( 6000 6000 ) W + PROPERTY x 1 ;\n"
    "END COMPONENTS\n"
    "PINS 2 ;\n"
    "- in + NET n1 + DIRECTION INPUT + USE SIGNAL\n"
    "  + LAYER metal2 ( -35 0 ) ( 35 70 ) + FIXED ( 100 0 ) N ;\n"
    "- out + NET n2 + DIRECTION OUTPUT + LAYER metal2 ( -35 0 ) ( 35 70 ) ;\n"
    "END PINS\n"
    "BLOCKAGES 2 ;\n"
    "- PLACEMENT + PARTIAL 40 RECT ( 8000 8000 ) ( 9000 9000 ) ;\n"
    "- LAYER metal1 + PUSHDOWN RECT ( 0 0 ) ( 100 100 ) RECT ( 200 200 ) ( 300 300 ) ;\n"
    "END BLOCKAGES\n"
    "SPECIALNETS 1 ;\n- VDD ( * VDD ) + USE POWER + ROUTED metal1 100 ( 0 0 ) ( 100 0 ) ;\n"
    "END SPECIALNETS\n"
    "NETS 3 ;\n"
    "- n1 ( PIN in ) ( u0 A ) ( u1 A ) + USE SIGNAL ;\n"
    "- n2 ( u1 Z ) ( data\\[3\\] A + SYNTHESIZED ) ( ram D )\n"
    "  + ROUTED metal1 ( 10 10 ) ( 100 * ) V12 NEW metal2 ( 100 10 ) ( * 50 ) + WEIGHT 5 ;\n"
    "- n3 ( u2 Z ) ;\n"
    "END NETS\n"
    "GROUPS 1 ;\n- g1 u* + REGION fence1 ;\nEND GROUPS\n"
    "END DESIGN\n";

static char *dup(const char *s) {
  size_t n = strlen(s);
  char *b = ut_malloc(n + 1);
  memcpy(b, s, n + 1);
  return b;
}

static db_t *load(const char *def, ut_diag_t *d) {
  db_t *db;
  if (db_create(&db)) return NULL;
  if (lef_read_buffer(db, LEF, strlen(LEF), "t.lef", d) ||
      def_read_buffer(db, dup(def), strlen(def), "t.def", d)) {
    db_destroy(db);
    return NULL;
  }
  return db;
}

/* Oracle for orientations: apply the 2x2 matrix to the point and to the master box, then shift
 * so the transformed box starts at the origin. */
static void oracle(int o, int w, int h, int x, int y, int *ox, int *oy) {
  static const int M[8][4] = {{1, 0, 0, 1},  {0, -1, 1, 0}, {-1, 0, 0, -1}, {0, 1, -1, 0},
                              {-1, 0, 0, 1}, {0, 1, 1, 0},  {1, 0, 0, -1},  {0, -1, -1, 0}};
  const int *m = M[o];
  int cx[4] = {0, w, 0, w}, cy[4] = {0, 0, h, h}, mx = 1 << 30, my = 1 << 30;
  for (int i = 0; i < 4; i++) {
    int tx = m[0] * cx[i] + m[1] * cy[i], ty = m[2] * cx[i] + m[3] * cy[i];
    if (tx < mx) mx = tx;
    if (ty < my) my = ty;
  }
  *ox = m[0] * x + m[1] * y - mx;
  *oy = m[2] * x + m[3] * y - my;
}

int main(void) {
  ut_diag_t d;
  ut_diag_init(&d);
  db_t *db = load(DEF, &d);
  CHECKF(db != NULL, "load failed: %s", d.first);
  if (!db) return tap_done();

  /* library */
  CHECK(db->lef_dbu == 2000 && db->dbu == 1000);
  CHECK(db->mfg_grid == 0.005);
  CHECK(db->nlayers == 3);
  int32_t m1 = db_find_layer(db, "metal1", 6);
  CHECK(m1 == 0 && db->layer_type[m1] == DB_LAYER_ROUTING &&
        db->layer_dir[m1] == DB_DIR_HORIZONTAL);
  CHECK(db->layer_pitch_x[m1] == 0.19 && db->layer_pitch_y[m1] == 0.2);
  CHECK(db->layer_offset_x[m1] == -0.095 && db->layer_width[m1] == 0.07);
  CHECK(db->layer_spacing[m1] == 0.065);
  CHECK(db->layer_type[1] == DB_LAYER_CUT);
  int32_t core = db_find_site(db, "core", 4);
  CHECK(core == 0 && db->site_w[core] == 200 && db->site_h[core] == 1400 &&
        db->site_sym[core] == DB_SYM_Y);
  int32_t inv = db_find_master(db, "INV", 3), ram = db_find_master(db, "RAM", 3);
  CHECK(inv == 0 && ram == 1);
  CHECK(db->master_w[inv] == 600 && db->master_h[inv] == 1400);
  CHECK(db->master_sym[inv] == (DB_SYM_X | DB_SYM_Y) && db->master_site[inv] == core);
  CHECK(db->master_class[ram] == DB_CLASS_BLOCK && db->master_class[inv] == DB_CLASS_CORE);
  int32_t pa = db_find_mpin(db, inv, "A", 1), pz = db_find_mpin(db, inv, "Z", 1);
  CHECK(pa >= 0 && pz >= 0 && db_find_mpin(db, inv, "Q", 1) < 0);
  CHECK(db->mpin_x[pa] == 250 && db->mpin_y[pa] == 300);  /* mean of two rect centers */
  CHECK(db->mpin_x[pz] == 450 && db->mpin_y[pz] == 1000); /* polygon bbox center */
  CHECK(db->mpin_dir[pa] == DB_PDIR_INPUT && db->mpin_dir[pz] == DB_PDIR_OUTPUT);
  CHECK(db->mpin_bbox[pa].x0 == 100 && db->mpin_bbox[pa].x1 == 400);
  int32_t pd = db_find_mpin(db, ram, "D", 1);
  CHECK(db->mpin_x[pd] == 100 && db->mpin_y[pd] == 100); /* ORIGIN 1 2 shifts the shapes */
  CHECK(db->nobs == 1 && db->obs_rect[0].x1 == 600 && db->obs_rect[0].y1 == 100);
  CHECK(db->master_pin_start[inv + 1] - db->master_pin_start[inv] == 2);

  /* design */
  CHECK(db->has_design && strcmp(db_str(db, db->design_name), "top") == 0);
  CHECK(db->die.x1 == 20000 && db->die.y1 == 30000);
  CHECK(db->nrows == 2 && db->row_nx[0] == 50 && db->row_sx[0] == 200);
  CHECK(db->row_orient[1] == DB_FS);
  CHECK(db->core.x0 == 1000 && db->core.y0 == 1400 && db->core.x1 == 11000 &&
        db->core.y1 == 4200);
  CHECK(db->ntracks == 2 && db->track_is_x[0] && db->track_num[0] == 100 &&
        db->track_layer[0] == db_find_layer(db, "metal2", 6));
  CHECK(db->ngcell == 1 && db->gcell_step[0] == 2000);
  CHECK(db->ncells == 5);
  int32_t u0 = db_find_cell(db, "u0", 2), u1 = db_find_cell(db, "u1", 2);
  int32_t u2 = db_find_cell(db, "u2", 2), u3 = db_find_cell(db, "data\\[3\\]", 9);
  int32_t ur = db_find_cell(db, "ram", 3);
  CHECK(u0 == 0 && u1 == 1 && u2 == 2 && u3 == 3 && ur == 4);
  CHECK(db->cell_status[u0] == DB_UNPLACED && db->cell_status[u1] == DB_PLACED);
  CHECK(db->cell_status[u2] == DB_FIXED && db->cell_orient[u2] == DB_FS &&
        db->cell_weight[u2] == 3);
  CHECK(db->cell_x[u1] == 2000 && db->cell_y[u1] == 1400);
  int32_t fence = db_find_region(db, "fence1", 6);
  CHECK(fence == 0 && db->region_type[fence] == DB_REGION_FENCE);
  CHECK(db->cell_region[u3] == fence);
  CHECK(db->cell_region[u0] == fence && db->cell_region[u1] == fence); /* via GROUPS u* */
  CHECK(db->cell_region[ur] == -1);
  CHECK(db->ngroups == 1 && db->group_member_start[1] == 3);
  CHECK((db->cell_flags[ur] & DB_CF_HALO_SOFT) && db->cell_halo[4 * ur + 3] == 40);
  CHECK(db_cell_is_macro(db, ur) && !db_cell_is_macro(db, u1));
  dbu_t w, h;
  db_cell_size(db, ur, &w, &h);
  CHECK(w == 14000 && h == 10000);
  CHECK(db->nios == 2 && db->io_status[0] == DB_FIXED && db->io_status[1] == DB_UNPLACED);
  CHECK(db->io_shape[0].x0 == -35 && db->io_shape[0].y1 == 70);
  CHECK(db->nblk == 2 && db->blk_kind[0] == DB_BLK_PLACEMENT && db->blk_partial[0] == 40.0f);
  CHECK(db->blk_kind[1] == DB_BLK_LAYER && db->blk_layer[1] == m1 && db->blk_pushdown[1]);
  CHECK(db->blk_rect_start[2] - db->blk_rect_start[1] == 2);
  CHECK(db->nnets == 3 && db->npins == 8);
  CHECK(db->net_pin_start[1] == 3 && db->net_pin_start[2] == 7);
  CHECK(db->pin_cell[6] == -1 && db->pin_ref[6] == 1 && db->io_net[1] == 1);
  CHECK(db->pin_cell[0] == -1 && db->pin_ref[0] == 0 && db->io_net[0] == 0);
  CHECK(db->net_weight[1] == 5.0f && db->net_use[0] == DB_USE_SIGNAL);
  CHECK(db->cell_pin_start[u1 + 1] - db->cell_pin_start[u1] == 2);

  /* orientations against the matrix oracle, for both pins of INV */
  for (int o = 0; o < 8; o++) {
    for (int k = 0; k < 2; k++) {
      int32_t mp = k ? pz : pa;
      dbu_t ox, oy;
      int ex, ey;
      db_orient_xform(o, 600, 1400, db->mpin_x[mp], db->mpin_y[mp], &ox, &oy);
      oracle(o, 600, 1400, db->mpin_x[mp], db->mpin_y[mp], &ex, &ey);
      CHECKF(ox == ex && oy == ey, "orient %s pin %d: (%d %d) vs (%d %d)", db_orient_name(o), k,
             ox, oy, ex, ey);
    }
  }

  /* HPWL by hand.  n1: IO pin at (100, 35); u0 at (0,0) N: A (250, 300); u1 (2000,1400) N:
   * A (2250, 1700) -> (2250-100) + (1700-35) = 3815.  n2: u1 Z (2450, 2400); u3 FN at (4000,1400):
   * A (4000+600-250, 1700) = (4350, 1700); ram W at (6000,6000), w=10000 h=14000 master,
   * D (100,100) -> W: (h - y, x) = (13900, 100) -> (19900, 6100).  -> (19900-2450)+(6100-1700)
   * = 17450 + 4400 = 21850.  IO pin 'out' (+ NET n2 in PINS, not in NETS) is attached to n2
   * but unplaced, so it adds nothing.  n3 has one pin: 0. */
  CHECK(db_net_hpwl(db, 0) == 3815);
  CHECK(db_net_hpwl(db, 1) == 21850);
  CHECK(db_net_hpwl(db, 2) == 0);
  CHECK(db_hpwl(db) == 3815 + 21850);

  /* writer: unchanged placement reproduces the input exactly */
  char *out;
  size_t len;
  CHECK(def_write_mem(db, &out, &len) == 0);
  CHECK(len == strlen(DEF) && memcmp(out, DEF, len) == 0);
  ut_free(out);

  /* move u1, place u0 (no clause in the input), unplace u3, place pin out */
  db_cell_set_place(db, u1, 2200, 2800, DB_FS, DB_PLACED);
  db_cell_set_place(db, u0, 1000, 1400, DB_N, DB_PLACED);
  db_cell_set_place(db, u3, 0, 0, DB_N, DB_UNPLACED);
  db->io_status[1] = DB_PLACED;
  db->io_x[1] = 20000;
  db->io_y[1] = 500;
  db->io_orient[1] = DB_E;
  CHECK(def_write_mem(db, &out, &len) == 0);
  CHECK(strstr(out, "- u0 INV + PLACED ( 1000 1400 ) N ;\n") != NULL);
  CHECK(strstr(out, "- u1 INV + PLACED ( 2200 2800 ) FS ;\n") != NULL);
  CHECK(strstr(out, "- data\\[3\\] INV + UNPLACED + REGION fence1 ;\n") != NULL);
  CHECK(strstr(out, "( 35 70 ) + PLACED ( 20000 500 ) E ;\n") != NULL);
  CHECK(strstr(out, "+ FIXED ( 3000 2800 ) FS + WEIGHT 3") != NULL);
  /* everything after COMPONENTS/PINS is byte-identical */
  const char *tail_in = strstr(DEF, "BLOCKAGES 2"), *tail_out = strstr(out, "BLOCKAGES 2");
  CHECK(tail_in && tail_out && strcmp(tail_in, tail_out) == 0);
  /* and it reads back with the new placements */
  ut_diag_t d2;
  ut_diag_init(&d2);
  db_t *db2 = load(out, &d2);
  CHECK(db2 != NULL);
  if (db2) {
    CHECK(db2->cell_x[u1] == 2200 && db2->cell_y[u1] == 2800 && db2->cell_orient[u1] == DB_FS);
    CHECK(db2->cell_status[u0] == DB_PLACED && db2->cell_x[u0] == 1000);
    CHECK(db2->cell_status[u3] == DB_UNPLACED && db2->cell_region[u3] == fence);
    CHECK(db2->io_status[1] == DB_PLACED && db2->io_orient[1] == DB_E);
    CHECK(db2->npins == db->npins && db2->nnets == db->nnets && db2->nblk == db->nblk);
    /* a second write of the re-read design with no change is its input again */
    char *out2;
    size_t len2;
    CHECK(def_write_mem(db2, &out2, &len2) == 0);
    CHECK(len2 == len && memcmp(out, out2, len) == 0);
    ut_free(out2);
    db_destroy(db2);
  }
  ut_free(out);

  /* statistics */
  db_stats_t st;
  db_stats(db, &st);
  CHECK(st.ncells == 5 && st.nfixed == 1 && st.nmacros == 1 && st.nnets == 3);
  CHECK(st.core_area == 10000LL * 2800);
  db_destroy(db);
  CHECK(ut_alloc_bytes() == 0);  /* everything was freed */
  return tap_done();
}
