# Routability-driven global placement (`place --routability`, src/place/gp_routability.c and
# gp_route.c): the congestion map and inflation rule against the obvious computations (unit), and
# end to end on a small congested design from place-gen: lower RUDY overflow than without the
# mode, a legal result, byte-identical output for --threads 1 and 2 and for two runs, the route
# map, bad options.
place_unit_test(gp_route_test ${CMAKE_SOURCE_DIR}/tests/unit/gp_route_test.c)
if(TARGET place-gen)
  add_test(NAME routability_e2e
           COMMAND sh ${CMAKE_SOURCE_DIR}/tests/routability/routability_test.sh
                   $<TARGET_FILE:place> $<TARGET_FILE:place-gen>)
  set_tests_properties(routability_e2e PROPERTIES TIMEOUT 600)
endif()
