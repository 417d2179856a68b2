# Legalization (src/place/lg_*): the legality checker (unit tests on hand-made DEFs in tests/place/,
# the `place check` driver, shared legal/illegal placements), macro legalization, Abacus, and the
# end-to-end legalization of every openroad_dpl design.
add_executable(lg_check_cli ${CMAKE_SOURCE_DIR}/tests/unit/lg_check_cli.c
  ${CMAKE_SOURCE_DIR}/src/cmd/check.c)
target_link_libraries(lg_check_cli PRIVATE placelib)
place_unit_test(lg_check_test ${CMAKE_SOURCE_DIR}/tests/unit/lg_check_test.c)
place_unit_test(lg_macro_test ${CMAKE_SOURCE_DIR}/tests/unit/lg_macro_test.c)
place_unit_test(lg_e2e_test ${CMAKE_SOURCE_DIR}/tests/e2e/lg_e2e_test.c)
place_unit_test(lg_grid_test ${CMAKE_SOURCE_DIR}/tests/unit/lg_grid_test.c)
place_unit_test(lg_abacus_test ${CMAKE_SOURCE_DIR}/tests/unit/lg_abacus_test.c)
add_test(NAME lg_check_cli COMMAND sh ${CMAKE_SOURCE_DIR}/tests/place/check_cli.sh $<TARGET_FILE:lg_check_cli>
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
