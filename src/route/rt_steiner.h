/*
 * rt_steiner.h: rectilinear Steiner minimal trees (RSMT) of point sets.
 *
 *  - exact: Dreyfus-Wagner dynamic programming on the Hanan grid, used up to `exact_max` distinct
 *    points (default 8);
 *  - heuristic: Borah-Owens-Irwin edge substitution over the rectilinear MST, for larger nets;
 *  - mst: Prim's rectilinear minimum spanning tree (an upper bound; ratio to the RSMT <= 3/2).
 * A workspace (rt_steiner_t) holds every scratch buffer; it grows to the largest net seen and is
 * then reused, so a design is processed without per-net allocation.  Results are deterministic.
 *
 * Trees: nodes [0, nterm) are the distinct input points (in first-seen order), nodes [nterm, n)
 * Steiner points; edges join two nodes and stand for any shortest (L1) connection between them.
 * After cleanup no Steiner point has degree < 3 and no edge has zero length.
 */
#ifndef PLACE_RT_STEINER_H
#define PLACE_RT_STEINER_H

#include <stdint.h>

#include "netlist/db.h"

enum { RT_STEINER_AUTO = 0, RT_STEINER_EXACT, RT_STEINER_HEURISTIC, RT_STEINER_MST };

typedef struct rt_tree_t {
  int nterm;                /* distinct input points: nodes [0, nterm) */
  int nnodes;               /* nterm + Steiner points */
  const int64_t *x, *y;     /* node coordinates */
  int nedges;               /* nnodes - 1 (0 for a single point) */
  const int32_t *eu, *ev;   /* edge end nodes */
  int64_t length;           /* sum of the edges' L1 lengths */
  const int32_t *term_of;   /* input point k -> its node (duplicates share one) */
} rt_tree_t;

typedef struct rt_steiner_t rt_steiner_t;

/* exact_max: largest number of distinct points solved exactly in RT_STEINER_AUTO (2..12;
 * default 8).  Returns 0, UT_EINVAL or UT_ENOMEM. */
int rt_steiner_create(rt_steiner_t **out, int exact_max);
void rt_steiner_destroy(rt_steiner_t *s);   /* NULL-safe */

/* Tree over n points (x[k], y[k]) with the given method.  The tree points into the workspace and
 * stays valid until the next call.  RT_STEINER_EXACT is refused (UT_EINVAL) above 12 distinct
 * points.  Returns 0, UT_EINVAL or UT_ENOMEM. */
int rt_steiner_tree(rt_steiner_t *s, int n, const int64_t *x, const int64_t *y, int method,
                    rt_tree_t *out);

/* Rectilinear Steiner wirelength of every net of db with >= 2 placed pins (DBU, summed in net
 * order), with RT_STEINER_AUTO; also the MST total when mst_out is not NULL.  Pins at the
 * db_pin_pos positions; POWER/GROUND nets skipped.  Returns 0 or UT_ENOMEM. */
int rt_steiner_design(const db_t *db, int exact_max, int64_t *rsmt_out, int64_t *mst_out);

#endif
