/*
 * gp_int.h: what the global placer's own files share (not a public API).
 */
#ifndef PLACE_GP_INT_H
#define PLACE_GP_INT_H

/* The placer's netlist: movable cells 0..n-1 by center; pins by offset from their cell's center,
 * or absolute position when pin_cell = -1 (fixed pins). */
typedef struct gp_net_view_t {
  int ncells, nnets;
  const int *net_pin_start, *pin_cell;
  const double *pin_dx, *pin_dy;
} gp_net_view_t;

/* Bound-to-bound quadratic initial placement (Spindler, Schlichtmann, Johannes, "Kraftwerk2",
 * TCAD 2008, section III-B) solved by preconditioned conjugate gradient, `rounds` times, each
 * round re-deriving the B2B weights from the previous solution.  x, y hold the starting centers
 * and receive the result, clamped to [xl,xh] x [yl,yh].  Returns 0 or UT_ENOMEM. */
int gp_b2b_place(const gp_net_view_t *nv, double *x, double *y, double xl, double yl, double xh,
                 double yh, int rounds, int max_net_degree);

#endif
