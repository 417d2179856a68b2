# Global placement end to end on the shared OpenROAD gpl designs.
set(GPL_LEF tech/nangate45_gpl/nangate45.lef)
add_test(NAME gp_gcd COMMAND sh ${CMAKE_SOURCE_DIR}/tests/e2e/gp_test.sh $<TARGET_FILE:place> ${PLACE_BENCH}
  openroad_gpl/gcd/simple01.def:${GPL_LEF} openroad_gpl/gcd/simple02.def:${GPL_LEF}
  openroad_gpl/gcd/simple04.def:${GPL_LEF} openroad_gpl/gcd/simple01-obs.def:${GPL_LEF}
  openroad_gpl/gcd/ar01.def:${GPL_LEF} openroad_gpl/gcd/ar02.def:${GPL_LEF}
  openroad_gpl/gcd/core01.def:${GPL_LEF} openroad_gpl/gcd/gcd_tapcells.def:${GPL_LEF})
if(NOT PLACE_SANITIZE AND NOT PLACE_FUZZ)
  # aes and ibex take seconds each in a release build and minutes under sanitizers
  add_test(NAME gp_aes COMMAND sh ${CMAKE_SOURCE_DIR}/tests/e2e/gp_test.sh $<TARGET_FILE:place> ${PLACE_BENCH}
    openroad_gpl/aes_cipher_top/aes_cipher_top.def:${GPL_LEF})
  add_test(NAME gp_ibex COMMAND sh ${CMAKE_SOURCE_DIR}/tests/e2e/gp_test.sh $<TARGET_FILE:place> ${PLACE_BENCH}
    --once openroad_gpl/ibex_core/ibex_core.def:${GPL_LEF})
  set_tests_properties(gp_aes gp_ibex PROPERTIES TIMEOUT 900)
endif()
