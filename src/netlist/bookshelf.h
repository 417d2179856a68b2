/*
 * bookshelf.h: GSRC Bookshelf placement format (.aux, .nodes, .nets, .pl, .scl, .wts) in and .pl out.
 *
 * bs_read builds a complete database from the files an .aux names: there is no LEF.
 *  - Units: 1 Bookshelf unit = 1 micron.  DBU per micron is 1000 (so ibm01's integers and the
 *    half units of cell centres are exact), lowered by factors of 10 only for designs whose
 *    coordinates would not fit int32.  Values finer than 1/DBU (ibm05's offsets such as -7.33333)
 *    are rounded to the nearest DBU and counted in one log line.
 *  - Rows: one ROW per .scl CoreRow (x = SubrowOrigin, y = Coordinate, Numsites sites at
 *    Sitespacing, orientation Siteorient).  One SITE per distinct (Sitewidth, Height): "core",
 *    then "core_1", ...
 *  - Masters: one per distinct (kind, width, height): CELL_<w>x<h> (CLASS CORE, on the row site, no
 *    taller than a row), BLOCK_<w>x<h> (CLASS BLOCK, taller), TERM_<w>x<h> (CLASS BLOCK, fixed
 *    terminals that become components).  Pins are synthesized at the .nets offsets (measured from
 *    the node centre): one pin per distinct offset point, repeated as often as any instance uses
 *    that point; pins are named P0.. in sorted point order and an instance's connections take
 *    them in .nets order.  A pin's direction is the .nets I/O/B when all uses agree, else INOUT.
 *  - Terminals: a terminal no larger than 1 x 1 unit (ibm's pads) or a terminal_NI becomes a DEF IO
 *    pin (placed at its .pl lower-left corner and orientation, FIXED; COVER for terminal_NI), with
 *    a square shape whose centre is the terminal centre plus the pin offset, so pin positions
 *    are exact; its DIRECTION is INPUT when the terminal drives its net (O), OUTPUT when it is a
 *    sink (I), INOUT otherwise.  A larger terminal, or one on several nets, becomes a FIXED
 *    component of a TERM_ master (COVER when terminal_NI).  Non-terminals with /FIXED in the .pl
 *    are FIXED components; other nodes named in the .pl are PLACED, absent ones UNPLACED.
 *  - Nets: in .nets order, named as given or "net<i>" (0-based position); .wts entries that name a
 *    net set its weight; entries that name nodes (ibm's node weights) are ignored and counted.
 *  - Die: the bounding box of the rows and of every terminal.
 * The database's HPWL (db_hpwl) is then the Bookshelf centre-to-centre HPWL: ibm01.pl gives 681150.0.
 *
 * Errors read "file:line:col: error: ..." and parsing resumes at the next line, stopping after 20.
 *
 * bs_write_pl writes every component and IO pin as "name x y : orient [/FIXED|/FIXED_NI]" (lower-left
 * corner in microns = Bookshelf units, exact decimals), components first, atomically like the DEF
 * writers.
 */
#ifndef PLACE_BOOKSHELF_H
#define PLACE_BOOKSHELF_H

#include <stddef.h>

#include "netlist/db.h"
#include "util/ut.h"

enum { BS_NODES = 0, BS_NETS, BS_PL, BS_SCL, BS_WTS, BS_NFILES };

/* One input file in memory: name (for diagnostics) and text (NULL buf: absent; only .wts may be). */
typedef struct bs_text_t {
  const char *name;
  const char *buf;
  size_t len;
} bs_text_t;

/* Read the design named by an .aux file (plain or .gz files) into db, which must be empty (no LEF:
 * Bookshelf defines its own library).  Calls db_finish.  Returns 0, or a negative error with the
 * diagnostics in diag. */
int bs_read(db_t *db, const char *aux_path, ut_diag_t *diag);
/* Same from memory: files[BS_NODES..BS_WTS]; design is the design name. */
int bs_read_mem(db_t *db, const bs_text_t files[BS_NFILES], const char *design, ut_diag_t *diag);

/* Write the placement as a .pl file, atomically (.gz compresses). */
int bs_write_pl(const db_t *db, const char *path, ut_diag_t *diag);
/* Same into memory (*out ut_malloc'ed, NUL-terminated). */
int bs_write_pl_mem(const db_t *db, char **out, size_t *len);

#endif
