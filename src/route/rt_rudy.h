/*
 * rt_rudy.h: RUDY (Rectangular Uniform wire DensitY, Spindler & Johannes, DATE 2007) and pin
 * density maps on the GCell grid of rt_grid.
 *
 * A net with bounding box w x h spreads its horizontal wire (length w) and its vertical wire
 * (length h) uniformly over the box.  Per GCell (i, j) of width gw and height gh:
 *   h_map[j*nx+i] += weight * w * fx(i) * fy(j) / gw      (horizontal tracks used)
 *   v_map[j*nx+i] += weight * h * fx(i) * fy(j) / gh      (vertical tracks used)
 * with fx(i) the share of [x0, x1] inside column i (a zero-width box: 1 in the column holding it),
 * likewise fy.  So the maps are in tracks, comparable with rt_grid's cap_h / cap_v, and
 * sum(h_map * gw) = total horizontal half-perimeter (likewise vertical) for boxes inside the die.
 *
 * All functions write only into the caller's arrays (nx*ny doubles, row-major): no allocation,
 * so the global placer can refresh the maps every few iterations.
 */
#ifndef PLACE_RT_RUDY_H
#define PLACE_RT_RUDY_H

#include <stddef.h>

#include "netlist/db.h"
#include "route/rt_grid.h"

/* Zero the two maps. */
void rt_rudy_clear(const rt_grid_t *g, double *h_map, double *v_map);
/* Add one net's box (DBU, x0 <= x1, y0 <= y1) with the given weight, directly (cost: the GCells
 * the box covers); for incremental updates of a few nets. */
void rt_rudy_add(const rt_grid_t *g, double x0, double y0, double x1, double y1, double weight,
                 double *h_map, double *v_map);
/* Clear, then add n boxes (4 doubles each: x0 y0 x1 y1, DBU) with weights (NULL: all 1), in
 * O(n + GCells) whatever the box sizes (difference arrays; equal to rt_rudy_add up to rounding).
 * This is the call for a placer refreshing the maps from its own coordinates. */
void rt_rudy_boxes(const rt_grid_t *g, size_t n, const double *box, const double *weight,
                   double *h_map, double *v_map);
/* Clear, then add every net of db with >= 2 placed pins (weight 1, boxes of db_pin_pos); nets
 * with USE POWER or GROUND are skipped (they are routed as special nets). */
void rt_rudy(const rt_grid_t *g, const db_t *db, double *h_map, double *v_map);
/* Pins (component and placed IO pins of nets other than POWER/GROUND) per GCell:
 * pins[j*nx+i], cleared first. */
void rt_pin_density(const rt_grid_t *g, const db_t *db, double *pins);

#endif
