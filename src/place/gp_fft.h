/*
 * gp_fft.h: the spectral Poisson solver of ePlace (Lu et al., TODAES 2015, eDensity) on an
 * nx x ny bin grid with Neumann boundary conditions, built on GSL's mixed-radix real FFT.
 *
 * Conventions (all arrays are nx*ny doubles, row-major, element [k*nx + j]):
 *  - j = 0..nx-1 is the x (column) index, k = 0..ny-1 the y (row) index; bin (j, k) has its centre
 *    at x_j = (j + 1/2) bin_w, y_k = (k + 1/2) bin_h, measured from the region's lower-left corner.
 *  - rho is the density per bin (dimensionless: area in the bin / bin area).
 *  - w_u = pi u / (nx bin_w), w_v = pi v / (ny bin_h) are physical frequencies, so psi is in
 *    length^2 and the field in length: the field is exactly minus the gradient of the series
 *      psi(x, y) = sum_{u,v} a_uv / (w_u^2 + w_v^2) cos(w_u x) cos(w_v y),   a_00 term dropped,
 *    where a_uv = c_u c_v / (nx ny) sum_{j,k} rho_jk cos(w_u x_j) cos(w_v y_k), c_0 = 1, c_u>0 = 2,
 *    is the cosine series that interpolates rho at the bin centres; so lap(psi) = -(rho - mean).
 *  - ex = xi_x = sum a_uv w_u / (w_u^2 + w_v^2) sin(w_u x) cos(w_v y), ey likewise with w_v.
 *
 * Any nx, ny >= 1 work; sizes with only small prime factors (powers of two best) are fast.  The
 * solve is O(nx ny log(nx ny)), allocates nothing, and gives byte-identical results for any number
 * of OpenMP threads.
 */
#ifndef PLACE_GP_FFT_H
#define PLACE_GP_FFT_H

typedef struct gp_fft_t gp_fft_t;

/* Create a solver for an nx x ny grid of bin_w x bin_h bins.  Returns 0, UT_EINVAL (a size < 1 or
 * > 2^24, a bin size not positive and finite) or UT_ENOMEM.  Scratch for up to
 * omp_get_max_threads() threads (at the time of the call) is allocated here; later solves use at
 * most that many threads.  GSL's own wavetable allocations report failure through GSL's error
 * handler first (which aborts unless the program called gsl_set_error_handler_off()). */
int gp_fft_create(gp_fft_t **out, int nx, int ny, double bin_w, double bin_h);
void gp_fft_destroy(gp_fft_t *f);   /* NULL-safe */

/* Solve for the potential psi and the field (ex, ey) = -grad psi of the density rho.  All four
 * arrays hold nx*ny doubles (layout above), are non-NULL, and the outputs do not alias rho. */
void gp_fft_solve(gp_fft_t *f, const double *rho, double *psi, double *ex, double *ey);

/* The density energy N = 1/2 sum_b rho_b psi_b bin_w bin_h (ePlace's N(v) = 1/2 sum_i q_i psi_i),
 * summed in a fixed order. */
double gp_fft_energy(const gp_fft_t *f, const double *rho, const double *psi);

#endif
