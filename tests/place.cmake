# Global placement kernels (src/place/gp_*): spectral Poisson solve, density, WA wirelength.
place_unit_test(gp_fft_test ${CMAKE_SOURCE_DIR}/tests/unit/gp_fft_test.c)
place_unit_test(gp_density_test ${CMAKE_SOURCE_DIR}/tests/unit/gp_density_test.c)
place_unit_test(gp_wirelength_test ${CMAKE_SOURCE_DIR}/tests/unit/gp_wirelength_test.c)
