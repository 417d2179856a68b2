# RL macro placer (src/rl/rl_*): layer gradients against finite differences, PPO and Adam against
# hand computations, proxy cost terms on hand-made placements, environment masks, determinism,
# checkpoints and a small end-to-end training run (tests/rl/ holds the small designs).
place_unit_test(rl_nn_test ${CMAKE_SOURCE_DIR}/tests/unit/rl_nn_test.c)
place_unit_test(rl_proxy_test ${CMAKE_SOURCE_DIR}/tests/unit/rl_proxy_test.c ${CMAKE_SOURCE_DIR}/src/cmd/load.c)
place_unit_test(rl_env_test ${CMAKE_SOURCE_DIR}/tests/unit/rl_env_test.c ${CMAKE_SOURCE_DIR}/src/cmd/load.c)
place_unit_test(rl_train_test ${CMAKE_SOURCE_DIR}/tests/unit/rl_train_test.c ${CMAKE_SOURCE_DIR}/src/cmd/load.c)
add_test(NAME rl_cli COMMAND sh ${CMAKE_SOURCE_DIR}/tests/rl/cli_test.sh $<TARGET_FILE:place>
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
