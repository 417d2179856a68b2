# Tests of place-gen, the design generator (src/gen).  gen_check is an independent LEF/DEF checker
# (tests/gen/gen_check.c) that shares no code with the generator.  All runs are small: ~1 s total.
if(TARGET place-gen)
  set(GEN_OUT ${CMAKE_CURRENT_BINARY_DIR}/gen_out)
  set(GEN_SH ${CMAKE_SOURCE_DIR}/tests/gen)
  add_executable(gen_check ${CMAKE_SOURCE_DIR}/tests/gen/gen_check.c)
  target_link_libraries(gen_check PRIVATE m)
  set(GEN $<TARGET_FILE:place-gen>)
  set(CHECK $<TARGET_FILE:gen_check>)

  add_test(NAME gen_help COMMAND place-gen --help)
  set_tests_properties(gen_help PROPERTIES PASS_REGULAR_EXPRESSION "--peko-placed.*presets")
  add_test(NAME gen_bad_options COMMAND sh ${GEN_SH}/bad_options.sh ${GEN} ${GEN_OUT}/bad)
  add_test(NAME gen_determinism COMMAND sh ${GEN_SH}/determinism.sh ${GEN} ${GEN_OUT}/det)

  # Header counts = entries, and the netlist / geometry checks, on several shapes of design.
  add_test(NAME gen_netlist_small COMMAND sh ${GEN_SH}/run_case.sh ${GEN} ${CHECK}
    ${GEN_OUT}/small netlist --preset small --seed 3)
  add_test(NAME gen_netlist_fixed COMMAND sh ${GEN_SH}/run_case.sh ${GEN} ${CHECK}
    ${GEN_OUT}/fixed netlist --cells 6000 --macros 12 --macro-size 6,30 --fixed-macros
    --blockages 3 --ios 100 --seed 4)
  add_test(NAME gen_netlist_movable COMMAND sh ${GEN_SH}/run_case.sh ${GEN} ${CHECK}
    ${GEN_OUT}/movable netlist --cells 4000 --macros 5 --rent 0.8 --aspect 2 --ios 20 --seed 5)
  add_test(NAME gen_netlist_degrees COMMAND sh ${GEN_SH}/run_case.sh ${GEN} ${CHECK}
    ${GEN_OUT}/degrees netlist --cells 3000 --degree-dist 2:50,3-5:30,6-40:15,41-200:5
    --rent 0.4 --seed 6)
  add_test(NAME gen_netlist_tiny COMMAND sh ${GEN_SH}/run_case.sh ${GEN} ${CHECK}
    ${GEN_OUT}/tiny netlist --cells 10 --ios 8 --seed 9)

  # PEKO: the HPWL of the written optimal placement, recomputed from DEF + LEF, equals the .opt.
  add_test(NAME gen_peko_a COMMAND sh ${GEN_SH}/run_case.sh ${GEN} ${CHECK}
    ${GEN_OUT}/peko_a peko --cells 3000 --seed 1)
  add_test(NAME gen_peko_b COMMAND sh ${GEN_SH}/run_case.sh ${GEN} ${CHECK}
    ${GEN_OUT}/peko_b peko --cells 5003 --aspect 0.5 --seed 2)
  add_test(NAME gen_peko_c COMMAND sh ${GEN_SH}/run_case.sh ${GEN} ${CHECK}
    ${GEN_OUT}/peko_c peko --cells 1200 --degree-dist 2:40,3:30,4-16:30 --seed 3)

  # The bundled example is exactly what the quick start's command writes today.
  add_test(NAME gen_example_current COMMAND sh -c
    "rm -rf '${GEN_OUT}/example' && '${GEN}' -q --preset small --seed 1 -o '${GEN_OUT}/example/small' && cmp '${GEN_OUT}/example/small.lef' '${CMAKE_SOURCE_DIR}/examples/small/small.lef' && cmp '${GEN_OUT}/example/small.def' '${CMAKE_SOURCE_DIR}/examples/small/small.def'")
endif()
