# Bookshelf reader: the malformed-input corpus (tests/bad_bookshelf, run through the place_flow
# driver of tests/flow.cmake) and the fuzz harness replayed over its seeds, as tests/fuzz.cmake does
# for LEF and DEF.  With -DPLACE_FUZZ=ON and CC=clang the libFuzzer target is built too:
#   build/tests/fuzz_bookshelf tests/bad_bookshelf/fuzz
add_test(NAME bad_bookshelf
         COMMAND sh ${CMAKE_SOURCE_DIR}/tests/bad_bookshelf/run.sh $<TARGET_FILE:place>)
add_executable(fuzz_bookshelf_replay ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_bookshelf.c
               ${CMAKE_SOURCE_DIR}/tests/fuzz/replay_main.c)
target_link_libraries(fuzz_bookshelf_replay PRIVATE placelib)
add_test(NAME fuzz_bookshelf_regressions
         COMMAND fuzz_bookshelf_replay ${CMAKE_SOURCE_DIR}/tests/bad_bookshelf/fuzz)
if(PLACE_FUZZ)
  add_executable(fuzz_bookshelf ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_bookshelf.c)
  target_link_libraries(fuzz_bookshelf PRIVATE placelib)
  target_link_options(fuzz_bookshelf PRIVATE -fsanitize=fuzzer)
endif()
