/*
 * lef.h: LEF 5.8 reader.  Fills the library part of the database: units, manufacturing grid,
 * layers (routing direction, pitch, width, spacing, offset), sites, macros (class, size, origin,
 * symmetry, site, pins with direction/use and port shapes, obstructions).  Several files combine
 * (tech LEF, cell LEF, macro LEFs): call lef_read once per file, before reading the DEF.
 *
 * Statements and blocks the database does not model are skipped safely and counted in a single
 * warning line per file.
 */
#ifndef PLACE_LEF_H
#define PLACE_LEF_H

#include <stddef.h>

#include "netlist/db.h"
#include "util/ut.h"

/* Read a LEF file (plain or .gz).  Returns 0, or a negative error with diagnostics in diag. */
int lef_read(db_t *db, const char *path, ut_diag_t *diag);
/* Same, from memory; `name` is used in diagnostics. */
int lef_read_buffer(db_t *db, const char *buf, size_t len, const char *name, ut_diag_t *diag);

#endif
