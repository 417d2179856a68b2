# Readers, writer and database: unit tests, the shared-benchmark round trip, the HPWL reference
# test, and the malformed-input corpus.
place_unit_test(lex_test ${CMAKE_SOURCE_DIR}/tests/unit/lex_test.c)
place_unit_test(lefdef_test ${CMAKE_SOURCE_DIR}/tests/unit/lefdef_test.c)
place_unit_test(roundtrip_test ${CMAKE_SOURCE_DIR}/tests/e2e/roundtrip_test.c)
place_unit_test(hpwl_test ${CMAKE_SOURCE_DIR}/tests/e2e/hpwl_test.c)
add_test(NAME bad_inputs COMMAND sh ${CMAKE_SOURCE_DIR}/tests/bad/run.sh $<TARGET_FILE:place>)
add_test(NAME cli COMMAND sh ${CMAKE_SOURCE_DIR}/tests/e2e/cli_test.sh $<TARGET_FILE:place>)
place_unit_test(oom_test ${CMAKE_SOURCE_DIR}/tests/unit/oom_test.c)
