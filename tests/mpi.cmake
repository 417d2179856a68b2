# Scale-out (docs/SCALING.md).  Multi-start placement (`place --starts K`) in every build; with
# -DPLACE_MPI=ON the MPI tests (names start with mpi_, `ctest -R mpi`): parameters bit-identical on
# every rank after each training update (2 and 4 ranks over loopback, --oversubscribe), the same
# checkpoint, log and DEF for 1, 2 and 4 ranks, a rank killed mid-training (clear stop, intact
# checkpoint, exact resume), and multi-start over ranks = the sequential multi-start.
add_test(NAME starts_cli COMMAND sh ${CMAKE_SOURCE_DIR}/tests/mpi/starts_test.sh $<TARGET_FILE:place>
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})

if(PLACE_MPI)
  # mpirun refuses to run as root without these (CI runs as root)
  set(PLACE_MPI_ENV "OMPI_ALLOW_RUN_AS_ROOT=1;OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1")
  place_unit_test(mpi_rl_test ${CMAKE_SOURCE_DIR}/tests/unit/mpi_rl_test.c)   # one process
  foreach(np 2 4)
    add_test(NAME mpi_rl_params_${np}
      COMMAND ${MPIEXEC_EXECUTABLE} --oversubscribe ${MPIEXEC_NUMPROC_FLAG} ${np}
              $<TARGET_FILE:mpi_rl_test>
      WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
    set_tests_properties(mpi_rl_params_${np} PROPERTIES ENVIRONMENT "${PLACE_MPI_ENV}"
      PROCESSORS ${np} TIMEOUT 300)
  endforeach()
  foreach(t rl kill starts)
    add_test(NAME mpi_${t}_cli COMMAND sh ${CMAKE_SOURCE_DIR}/tests/mpi/${t}_test.sh
      $<TARGET_FILE:place> ${MPIEXEC_EXECUTABLE} WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
    set_tests_properties(mpi_${t}_cli PROPERTIES PROCESSORS 4 TIMEOUT 600)
  endforeach()
endif()
