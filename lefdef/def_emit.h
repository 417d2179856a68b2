/*
 * def_emit.h: DEF 5.8 written from the database alone, for designs that were not read from a DEF
 * (Bookshelf, Verilog + floorplan).  def_write() (def.h) splices placements into the kept input
 * text and needs one; def_emit() needs none and writes every section the database models:
 * VERSION, DIVIDERCHAR, BUSBITCHARS, DESIGN, UNITS, DIEAREA, ROW, TRACKS, GCELLGRID, REGIONS,
 * COMPONENTS, PINS, BLOCKAGES, NETS, GROUPS.
 *
 * What the database does not hold cannot be written: SPECIALNETS, VIAS, routing, properties,
 * pin shapes beyond the first, polygons (stored as bounding boxes), ROUTEHALO parameters.  Reading
 * the emitted file back (def_read with the same LEFs) gives the same database.
 *
 * Files are written like def_write's: to "<path>.tmp.XXXXXX" beside the destination, flushed,
 * fsync'ed and renamed over it; a name ending in .gz is compressed.  The def_out_* sink is that
 * mechanism on its own, for other writers that build a text file from scratch (Bookshelf .pl).
 */
#ifndef PLACE_DEF_EMIT_H
#define PLACE_DEF_EMIT_H

#include <stddef.h>

#include "netlist/db.h"
#include "util/ut.h"

/* Write the whole design as DEF 5.8 to path, atomically.  Returns 0, UT_EINVAL (a name DEF cannot
 * carry, or no DBU; message in diag), UT_EIO or UT_ENOMEM. */
int def_emit(const db_t *db, const char *path, ut_diag_t *diag);
/* Same into memory (for tests); *out is ut_malloc'ed and NUL-terminated. */
int def_emit_mem(const db_t *db, char **out, size_t *len, ut_diag_t *diag);

/* ---- atomic text output ---- */
typedef struct def_out_t def_out_t;
/* Open a temporary file beside path (path NULL: an in-memory buffer). */
int def_out_open(def_out_t **out, const char *path, ut_diag_t *diag);
void def_out_put(def_out_t *o, const char *s, size_t n);
void def_out_printf(def_out_t *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Flush, fsync and rename over the destination (file mode), or hand over the buffer (memory mode:
 * *mem and *len, may be NULL for a file).  Frees o.  On any earlier write error nothing is renamed,
 * the temporary file is removed, and the error is returned (message in diag). */
int def_out_commit(def_out_t *o, char **mem, size_t *len, ut_diag_t *diag);
/* Drop the output (temporary file removed).  NULL-safe. */
void def_out_abort(def_out_t *o);

#endif
