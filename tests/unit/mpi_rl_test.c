/*
 * mpi_rl_test.c: distributed PPO training (rl_train.c over ut_mpi.h), run by CTest under
 * `mpirun -np 2` and `-np 4` (tests/mpi.cmake).  After every update the parameters of every rank
 * are gathered and compared bit for bit with rank 0's, and so are the best placements; the runs
 * use batches that do not divide among the ranks (rank 0 may own no episode at all), and updates
 * are run one call at a time, resuming (first_episode, resume) as a restarted run does.  Every
 * rank checks and the exit status is agreed by ut_mpi_finish, so any rank's failure fails the test.
 * Run alone (one process) it checks the same things trivially.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "rl/rl_int.h"
#include "tap.h"
#include "util/ut_mpi.h"

/* Every rank's copy of n bytes equals rank 0's. */
static int same_everywhere(const void *p, size_t n) {
  int size = ut_mpi_size();
  unsigned char *all = malloc(n * (size_t)size + 1);
  if (!all) return 0;
  ut_mpi_allgather(p, n, all);
  int same = 1;
  for (int r = 1; r < size; r++) same = same && !memcmp(all, all + (size_t)r * n, n);
  free(all);
  return same;
}

static void run(const char *def, int batch, int updates) {
  db_t *db = NULL;
  const char *lef = "tests/rl/small.lef";
  CHECK(cmd_load_design(&db, def, &lef, 1, 1) == 0);
  if (!db) return;
  rl_opts_t o;
  rl_opts_default(&o);
  o.batch = batch;
  o.ppo_epochs = 2;
  o.threads = 1;
  o.seed = 7;
  o.log_every = 0;
  ut_diag_t diag;
  ut_diag_init(&diag);
  rl_design_t *d = NULL;
  rl_model_t m;
  rl_adam_t a;
  rl_result_t best;
  memset(&m, 0, sizeof m);
  memset(&a, 0, sizeof a);
  memset(&best, 0, sizeof best);
  rl_arch_t arch;
  rl_arch_default(&arch);
  int ok = rl_design_build(&d, db, &o, &diag) == 0 && rl_model_create(&m, &arch, o.seed) == 0 &&
           rl_adam_init(&a, m.nparams) == 0 && rl_result_init(&best, d) == 0;
  CHECK(ok);
  if (ok) {
    rl_model_set_prior(&m, 20, 0);
    CHECKF(same_everywhere(m.p, sizeof *m.p * (size_t)m.nparams), "initial parameters differ");
    for (int u = 0; u < updates; u++) {
      /* one update per call, as a run resumed from a checkpoint after every update */
      o.first_episode = (long)u * batch;
      o.episodes = (u + 1) * batch;
      o.resume = u > 0;
      rl_train_info_t info;
      CHECK(rl_train(d, &o, &m, &a, &best, &info, &diag) == 0);
      CHECK(info.episodes == (u + 1) * batch && info.updates == 1);
      CHECKF(same_everywhere(m.p, sizeof *m.p * (size_t)m.nparams),
             "%s, batch %d: parameters differ between ranks after update %d", def, batch, u + 1);
      CHECKF(same_everywhere(&a.skip_scale, sizeof a.skip_scale), "skip scale differs");
      CHECK(best.valid);
      CHECKF(same_everywhere(&best.reward, sizeof best.reward) &&
             same_everywhere(best.mx, sizeof *best.mx * (size_t)d->nhard) &&
             same_everywhere(best.my, sizeof *best.my * (size_t)d->nhard),
             "best placements differ between ranks after update %d", u + 1);
      double s = 0;
      for (int64_t k = 0; k < m.nparams; k++) s += m.p[k];
      CHECK(isfinite(s));
    }
    /* Adam runs on rank 0 only: 2 PPO epochs per update */
    if (ut_mpi_rank() == 0) CHECK(a.t == 2L * updates);
  }
  rl_result_free(&best);
  rl_model_free(&m);
  rl_adam_free(&a);
  rl_design_destroy(d);
  db_destroy(db);
}

int main(int argc, char **argv) {
  if (ut_mpi_init(&argc, &argv)) return 1;
  if (ut_mpi_rank() == 0) printf("mpi_rl_test: %d ranks\n", ut_mpi_size());
  run("tests/rl/small.def", 8, 3);
  run("tests/rl/obst.def", 3, 2);   /* 4 slots: one each on 4 ranks */
  run("tests/rl/small.def", 2, 2);  /* 3 slots on 4 ranks: rank 0 rolls out nothing */
  int rc = tap_fail ? 1 : 0;
  if (ut_mpi_rank() == 0 || rc) tap_done();
  return ut_mpi_finish(rc);
}
