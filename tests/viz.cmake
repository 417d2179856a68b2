# Rendering and the HTML report (viz/): unit tests on a synthetic design (pixels read back from the
# PNG, SVG and HTML parsed with libxml2), the `place render` command line on shared designs, and a
# headless Chromium screenshot of the report (skipped, exit 77, when chromium is not installed).
#
# Under -DPLACE_SANITIZE=ON, tests/viz/lsan.supp hides a leak inside fontconfig's configuration
# parser (see the file); it only matches allocations made by libfontconfig itself.
add_executable(viz_render_cli ${CMAKE_SOURCE_DIR}/tests/viz/render_main.c
  ${CMAKE_SOURCE_DIR}/src/cmd/render.c)
target_link_libraries(viz_render_cli PRIVATE placelib)
target_include_directories(viz_render_cli PRIVATE ${CMAKE_SOURCE_DIR}/src)

place_unit_test(viz_render_test ${CMAKE_SOURCE_DIR}/tests/unit/viz_render_test.c)
place_unit_test(viz_report_test ${CMAKE_SOURCE_DIR}/tests/unit/viz_report_test.c)
place_unit_test(viz_chromium_test ${CMAKE_SOURCE_DIR}/tests/viz/viz_chromium_test.c)
add_test(NAME viz_render_cli COMMAND sh ${CMAKE_SOURCE_DIR}/tests/viz/render_cli_test.sh
  $<TARGET_FILE:viz_render_cli> WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
set_tests_properties(viz_render_cli PROPERTIES ENVIRONMENT "PLACE_BENCH=${PLACE_BENCH}")
set_tests_properties(viz_chromium_test viz_render_cli PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120)
set_property(TEST viz_render_test viz_report_test viz_chromium_test viz_render_cli APPEND PROPERTY
  ENVIRONMENT "LSAN_OPTIONS=suppressions=${CMAKE_SOURCE_DIR}/tests/viz/lsan.supp:print_suppressions=0")
# the same command line through the real `place render`
add_test(NAME viz_place_render COMMAND sh ${CMAKE_SOURCE_DIR}/tests/viz/render_cli_test.sh
  $<TARGET_FILE:place> render WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
set_tests_properties(viz_place_render PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 120 ENVIRONMENT
  "PLACE_BENCH=${PLACE_BENCH};LSAN_OPTIONS=suppressions=${CMAKE_SOURCE_DIR}/tests/viz/lsan.supp:print_suppressions=0")
