/*
 * gp_density.h: ePlace/RePlAce bin density: scatter cells onto an nx x ny bin grid, overflow, and
 * the density gradient (electric force) gathered from a field computed by gp_fft.
 *
 * Units and layout: the region's lower-left corner is (xl, yl); bin (j, k) covers
 * [xl + j bin_w, xl + (j+1) bin_w) x [yl + k bin_h, yl + (k+1) bin_h); bin arrays are nx*ny
 * doubles, row-major [k*nx + j], the same layout as gp_fft.  Cells are given by centres and sizes.
 *
 * The energy whose gradient gp_density_gradient approximates is ePlace's
 *   N = 1/2 sum_i q_i psi_i = gp_fft_energy(fft, rho, psi)   with rho = gp_density_rho(d),
 * and d N / d x_i = -q_i xi_x(i), where q_i xi_x(i) = sum over the bins b overlapped by cell i's
 * (smoothed) rectangle of overlap_area(i, b) * density_scale_i * ex[b] (RePlAce's electric force).
 * The penalty term of the objective is lambda * N, so the gradient adds directly to the wirelength
 * gradient.
 */
#ifndef PLACE_GP_DENSITY_H
#define PLACE_GP_DENSITY_H

typedef struct gp_density_t gp_density_t;

/* Cells for one call: [0, nmov) are movable cells, [nmov, n) filler cells.  All arrays hold n
 * doubles: centres (x, y) and sizes (w, h). */
typedef struct gp_density_cells_t {
  int n, nmov;
  const double *x, *y;
  const double *w, *h;
  const double *dscale;   /* NULL, or nmov density scales: a cell's charge and its share of the
                           * movable area are multiplied by it (RePlAce/gpl give macros the
                           * target density, so a bin a macro covers is exactly at the target) */
} gp_density_cells_t;

/* Create the grid.  target_density (RePlAce's rho_t) is in (0, 1].  Returns 0, UT_EINVAL or
 * UT_ENOMEM.  Per-thread scatter buffers for omp_get_max_threads() threads (at the time of the call)
 * are made here when they fit in 256 MiB; with more threads later, or past that, scatter adds
 * atomically (slower, same result). */
int gp_density_create(gp_density_t **out, int nx, int ny, double xl, double yl, double bin_w,
                      double bin_h, double target_density);
void gp_density_destroy(gp_density_t *d);   /* NULL-safe */

/* Fixed cells and placement blockages (n rectangles by centre and size; they replace any earlier
 * set): their exact overlap area with each bin, capped at the bin area, is kept and enters rho
 * scaled by the target density, as in RePlAce.  Returns 0 or UT_EINVAL (n < 0). */
int gp_density_set_fixed(gp_density_t *d, int n, const double *x, const double *y, const double *w,
                         const double *h);

/* Change the target density rho_t (in (0, 1]; the routability mode raises it when inflated cells
 * outgrow the fillers).  Takes effect at the next scatter.  Returns 0 or UT_EINVAL. */
int gp_density_set_target(gp_density_t *d, double target_density);

/* Scatter the cells: rho_b = (movable + filler area in b) / bin area + target * fixed area / bin
 * area.  A cell narrower (lower) than sqrt(2) bins is widened (heightened) to sqrt(2) bins about
 * its centre and its density scaled so its area is unchanged (RePlAce's local smoothing).  Parts
 * outside the region are dropped.  Bin sums are exact (fixed point, 2^-32 of a bin area per unit),
 * so the result does not depend on the number of threads. */
void gp_density_scatter(gp_density_t *d, const gp_density_cells_t *c);

/* rho (nx*ny doubles) of the last scatter; valid until the next scatter or destroy. */
const double *gp_density_rho(const gp_density_t *d);

/* Overflow of the last scatter: sum_b max(0, movable area in b - target * (bin area - fixed area
 * in b)) / total movable area (fillers excluded; movable area uses the smoothed shapes, each cell
 * times its density scale).  0 when
 * there is no movable area. */
double gp_density_overflow(const gp_density_t *d);

/* Density gradient dN/dx_i, dN/dy_i for every cell of c (n entries in gx, gy) from the field
 * (ex, ey) = -grad psi of gp_fft_solve on this grid: gx_i = -sum_b overlap(i, b) scale_i ex[b]. */
void gp_density_gradient(const gp_density_t *d, const gp_density_cells_t *c, const double *ex,
                         const double *ey, double *gx, double *gy);

#endif
