# Hardening: hostile designs, SIGKILL crash safety, and one end-to-end run under valgrind memcheck.
add_test(NAME hostile_designs COMMAND sh ${CMAKE_SOURCE_DIR}/tests/hostile/run.sh $<TARGET_FILE:place>)
set_tests_properties(hostile_designs PROPERTIES TIMEOUT 600)
if(NOT PLACE_SANITIZE AND NOT PLACE_FUZZ)
  add_test(NAME kill_safety COMMAND sh ${CMAKE_SOURCE_DIR}/tests/hostile/kill_test.sh
    $<TARGET_FILE:place> ${PLACE_BENCH} 12)
  set_tests_properties(kill_safety PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
  find_program(VALGRIND valgrind)
  if(VALGRIND)
    add_test(NAME valgrind_e2e COMMAND ${VALGRIND} --leak-check=full --errors-for-leak-kinds=definite
      --error-exitcode=3 -q $<TARGET_FILE:place> ${PLACE_BENCH}/openroad_gpl/gcd/simple01.def
      --lef ${PLACE_BENCH}/tech/nangate45_gpl/nangate45.lef -o valgrind_e2e.def --threads 1 -q)
    set_tests_properties(valgrind_e2e PROPERTIES TIMEOUT 300)
  endif()
endif()
# Determinism of the full flow on real designs (aes only in the release configuration)
add_test(NAME determinism COMMAND sh ${CMAKE_SOURCE_DIR}/tests/e2e/determinism_test.sh
  $<TARGET_FILE:place> ${PLACE_BENCH})
set_tests_properties(determinism PROPERTIES TIMEOUT 900)
if(PLACE_SANITIZE OR PLACE_FUZZ)
  set_tests_properties(determinism PROPERTIES ENVIRONMENT "PLACE_QUICK=1")
endif()
