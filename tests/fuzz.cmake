# Fuzzing.  The harnesses always build as plain "replay" programs that run the kept regression
# inputs (every crash ever found) and the seeds in each normal test build.  With -DPLACE_FUZZ=ON
# and CC=clang, real libFuzzer targets are built too (see bench/fuzz).
foreach(target def lef)
  add_executable(fuzz_${target}_replay ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_${target}.c
                 ${CMAKE_SOURCE_DIR}/tests/fuzz/replay_main.c)
  target_link_libraries(fuzz_${target}_replay PRIVATE placelib)
  add_test(NAME fuzz_${target}_regressions
           COMMAND fuzz_${target}_replay ${CMAKE_SOURCE_DIR}/tests/fuzz/regressions/${target}
                   ${CMAKE_SOURCE_DIR}/tests/fuzz/seeds/${target} ${CMAKE_SOURCE_DIR}/tests/bad)
  if(PLACE_FUZZ)
    add_executable(fuzz_${target} ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_${target}.c)
    target_link_libraries(fuzz_${target} PRIVATE placelib)
    target_link_options(fuzz_${target} PRIVATE -fsanitize=fuzzer)
  endif()
endforeach()
