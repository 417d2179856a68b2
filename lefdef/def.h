/*
 * def.h: DEF 5.8 reader and writer.
 *
 * The reader fills the design part of the database (the LEF library must be read first).  It keeps
 * the whole input text and, for every component and IO pin, the byte span of its placement clause
 * ("+ PLACED ( x y ) N", "+ UNPLACED", or an empty span where none was written).  The writer then
 * reproduces the input byte for byte, replacing only the placements that changed: every section the
 * database does not model (SPECIALNETS, VIAS, routing, properties...) survives untouched.
 *
 * Output goes to a temporary file in the destination folder, is flushed to disk and renamed over
 * the destination, so a failed or killed run never leaves a partial or clobbered file.  Names ending
 * in .gz are written compressed.
 */
#ifndef PLACE_DEF_H
#define PLACE_DEF_H

#include <stddef.h>

#include "netlist/db.h"
#include "util/ut.h"

/* Read a DEF file (plain or .gz) into db, which already holds the LEF library.  Calls db_finish.
 * Returns 0, or a negative error with diagnostics in diag. */
int def_read(db_t *db, const char *path, ut_diag_t *diag);
/* Same from memory; takes ownership of buf (an ut_malloc'ed, NUL-terminated buffer of len bytes). */
int def_read_buffer(db_t *db, char *buf, size_t len, const char *name, ut_diag_t *diag);

/* Write the DEF (input text with updated placements) to path, atomically. */
int def_write(const db_t *db, const char *path, ut_diag_t *diag);
/* Write to memory (for tests): *out is ut_malloc'ed. */
int def_write_mem(const db_t *db, char **out, size_t *len);

#endif
