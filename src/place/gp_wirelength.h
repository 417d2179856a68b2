/*
 * gp_wirelength.h: the weighted-average (WA) wirelength model of ePlace (Hsu, Chang, Balabanov,
 * DAC 2011; Lu et al., TODAES 2015) and the exact HPWL, on a CSR netlist of plain arrays.
 *
 * Netlist (borrowed: the arrays must outlive the gp_wl_t and not change):
 *  - pins of net e are net_pin_start[e] .. net_pin_start[e+1]-1 (net_pin_start[0] = 0);
 *  - pin_cell[p] is the cell of pin p, or -1 for a fixed pin (an IO pin, a pin of a fixed cell);
 *  - pin_dx[p], pin_dy[p]: the pin's offset from its cell's centre, or, for pin_cell[p] = -1, the
 *    pin's absolute position;
 *  - net_weight[e] (NULL: all 1) multiplies net e's WA value, its gradient and its HPWL.
 * Cells are given by their centres x[c], y[c], c = 0..ncells-1.
 *
 * Results are byte-identical for any number of OpenMP threads.
 */
#ifndef PLACE_GP_WIRELENGTH_H
#define PLACE_GP_WIRELENGTH_H

typedef struct gp_wl_t gp_wl_t;

/* Check the netlist, build the cell-to-pin view and the per-pin scratch.  Returns 0, UT_EINVAL (bad
 * counts, net_pin_start not starting at 0 or decreasing, a pin_cell outside -1..ncells-1) or
 * UT_ENOMEM. */
int gp_wl_create(gp_wl_t **out, int ncells, int nnets, const int *net_pin_start,
                 const int *pin_cell, const double *pin_dx, const double *pin_dy,
                 const double *net_weight);
void gp_wl_destroy(gp_wl_t *wl);   /* NULL-safe */

/* The WA wirelength sum_e weight_e (W_e,x + W_e,y) for smoothing parameter gamma > 0 (same units as
 * x), where W_e,x = sum x_i e^{x_i/gamma} / sum e^{x_i/gamma} - sum x_i e^{-x_i/gamma} /
 * sum e^{-x_i/gamma} over the pins of e, computed with the maximum (minimum) subtracted inside the
 * exponentials.  When gx and gy are not NULL they receive dW/dx_c, dW/dy_c for every cell (ncells
 * entries; 0 for cells without pins).  Nets with fewer than two pins contribute nothing. */
double gp_wl_wa(gp_wl_t *wl, const double *x, const double *y, double gamma, double *gx,
                double *gy);

/* The exact weighted half-perimeter wirelength sum_e weight_e (max x - min x + max y - min y). */
double gp_wl_hpwl(gp_wl_t *wl, const double *x, const double *y);

#endif
