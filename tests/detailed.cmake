# Detailed placement (src/place/dp_*): the incremental HPWL evaluator against recomputation, the
# assignment step of independent set matching against brute force, every pass on the hand-made
# designs of tests/dp/ (legality, HPWL never increasing, displacement limits, determinism), and
# end to end on every openroad_dpl design after legalization.
place_unit_test(dp_hpwl_test ${CMAKE_SOURCE_DIR}/tests/unit/dp_hpwl_test.c)
place_unit_test(dp_ism_test ${CMAKE_SOURCE_DIR}/tests/unit/dp_ism_test.c)
place_unit_test(dp_pass_test ${CMAKE_SOURCE_DIR}/tests/unit/dp_pass_test.c)
place_unit_test(dp_e2e_test ${CMAKE_SOURCE_DIR}/tests/e2e/dp_e2e_test.c)
