# Wirelength and congestion estimation (src/route/rt_*): Steiner trees against brute force, the
# capacity model on a hand-made LEF/DEF (tests/route/), RUDY and pin density against naive loops,
# the pattern router (conservation, connectivity, determinism) and report-congestion end to end.
place_unit_test(rt_steiner_test ${CMAKE_SOURCE_DIR}/tests/unit/rt_steiner_test.c)
place_unit_test(rt_grid_test ${CMAKE_SOURCE_DIR}/tests/unit/rt_grid_test.c)
place_unit_test(rt_rudy_test ${CMAKE_SOURCE_DIR}/tests/unit/rt_rudy_test.c)
place_unit_test(rt_route_test ${CMAKE_SOURCE_DIR}/tests/unit/rt_route_test.c)
# The subcommand is linked in directly (main.c's COMMANDS table is the lead's).
place_unit_test(rt_cmd_test ${CMAKE_SOURCE_DIR}/tests/unit/rt_cmd_test.c
  ${CMAKE_SOURCE_DIR}/src/cmd/report_congestion.c)
