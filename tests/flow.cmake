# Flow entry points: the from-scratch DEF writer (def_emit), Bookshelf and Verilog + floorplan
# readers, and the second-parser (KLayout) check.  Bookshelf corpus and fuzz replay: bookshelf.cmake.
place_unit_test(def_emit_test ${CMAKE_SOURCE_DIR}/tests/unit/def_emit_test.c)
place_unit_test(bookshelf_test ${CMAKE_SOURCE_DIR}/tests/unit/bookshelf_test.c)
# place_flow: a driver for Bookshelf / Verilog / def_emit until `place` takes these inputs.
add_executable(place_flow ${CMAKE_SOURCE_DIR}/tests/flow/flow_main.c)
target_link_libraries(place_flow PRIVATE placelib)
place_unit_test(verilog_test ${CMAKE_SOURCE_DIR}/tests/unit/verilog_test.c)
# A second parser agrees: KLayout's LEF/DEF reader on DEFs written by place and by def_emit.
# Skipped (exit 77, with a message) where klayout is not installed.
add_test(NAME klayout_crosscheck
         COMMAND sh ${CMAKE_SOURCE_DIR}/tests/flow/klayout_test.sh $<TARGET_FILE:place>
                 $<TARGET_FILE:place_flow> ${PLACE_BENCH})
set_tests_properties(klayout_crosscheck PROPERTIES SKIP_RETURN_CODE 77)
# The OpenROAD integration scripts (examples/openroad) run against a mock OpenROAD (tclsh).
add_test(NAME openroad_scripts
         COMMAND sh ${CMAKE_SOURCE_DIR}/tests/flow/openroad_mock_test.sh $<TARGET_FILE:place> ${PLACE_BENCH})
set_tests_properties(openroad_scripts PROPERTIES SKIP_RETURN_CODE 77)
# Bookshelf and Verilog inputs through `place` itself, to legal placements
add_test(NAME flow_inputs COMMAND sh ${CMAKE_SOURCE_DIR}/tests/flow/inputs_test.sh $<TARGET_FILE:place> ${PLACE_BENCH})
set_tests_properties(flow_inputs PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)
