/*
 * rl_train_test.c: PPO training and the flows of src/rl end to end on the small designs of
 * tests/rl/: determinism (same seed => same episode rewards and the same checkpoint bytes, with 1
 * and with 2 threads), the checkpoint round trip (bit-exact parameters and Adam state, identical
 * bytes when saved again, clear errors on bad files), fine-tuning a checkpoint on another design,
 * and short runs of the three macro placers through rl_macro_place whose final placements are legal
 * (lg_check) with every proxy term reported.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "place/lg_check.h"
#include "rl/rl_int.h"
#include "tap.h"

static char tmpdir[512];

static const char *tmp(const char *name) {
  static char buf[8][1024];
  static int k;
  char *b = buf[k++ % 8];
  snprintf(b, sizeof buf[0], "%s/%s", tmpdir, name);
  return b;
}

static char *slurp(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long len = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = malloc((size_t)len + 1);
  if (s && fread(s, 1, (size_t)len, f) != (size_t)len) {
    free(s);
    s = NULL;
  }
  fclose(f);
  if (s) s[len] = 0;
  *n = (size_t)len;
  return s;
}

static int same_file(const char *a, const char *b) {
  size_t na, nb;
  char *sa = slurp(a, &na), *sb = slurp(b, &nb);
  int same = sa && sb && na == nb && !memcmp(sa, sb, na);
  free(sa);
  free(sb);
  return same;
}

static db_t *load(const char *def) {
  db_t *db = NULL;
  const char *lef = "tests/rl/small.lef";
  if (cmd_load_design(&db, def, &lef, 1, 1)) return NULL;
  return db;
}

/* Train on the small design, write the CSV log and a checkpoint.  Returns the best reward. */
static double train(const char *def, int threads, const char *csv, const char *ckpt,
                    const char *from) {
  db_t *db = load(def);
  if (!db) return NAN;
  rl_opts_t o;
  rl_opts_default(&o);
  o.episodes = 12;
  o.batch = 4;
  o.ppo_epochs = 2;
  o.threads = threads;
  o.seed = 5;
  o.log_csv = csv;
  o.log_every = 0;
  ut_diag_t diag;
  ut_diag_init(&diag);
  rl_design_t *d = NULL;
  double best_reward = NAN;
  if (rl_design_build(&d, db, &o, &diag)) goto out;
  rl_model_t m;
  rl_adam_t a;
  memset(&m, 0, sizeof m);
  memset(&a, 0, sizeof a);
  if (from) {
    if (rl_ckpt_load(from, &m, &a, NULL, &diag)) goto out2;
  } else {
    rl_arch_t arch;
    rl_arch_default(&arch);
    if (rl_model_create(&m, &arch, o.seed) || rl_adam_init(&a, m.nparams)) goto out2;
    rl_model_set_prior(&m, 30, 0);
  }
  rl_result_t best;
  rl_train_info_t info;
  if (rl_result_init(&best, d)) goto out2;
  if (rl_train(d, &o, &m, &a, &best, &info, &diag) == 0) {
    best_reward = best.reward;
    CHECK(info.episodes == 12 && info.updates == 3);
    CHECK(best.valid && rl_design_check(d, best.mx, best.my, NULL) == 0);
    CHECK(fabs(best.reward + best.px.cost) < 1e-12);
    if (ckpt) CHECK(rl_ckpt_save(ckpt, &m, &a, info.episodes, &diag) == 0);
  }
  rl_result_free(&best);
out2:
  rl_model_free(&m);
  rl_adam_free(&a);
out:
  rl_design_destroy(d);
  db_destroy(db);
  return best_reward;
}

static void test_determinism(void) {
  double r1 = train("tests/rl/small.def", 1, tmp("a.csv"), tmp("a.xml"), NULL);
  double r2 = train("tests/rl/small.def", 1, tmp("b.csv"), tmp("b.xml"), NULL);
  double r3 = train("tests/rl/small.def", 2, tmp("c.csv"), tmp("c.xml"), NULL);
  CHECK(isfinite(r1) && r1 == r2 && r1 == r3);
  CHECKF(same_file(tmp("a.csv"), tmp("b.csv")), "same seed, same threads: episode logs differ");
  CHECKF(same_file(tmp("a.xml"), tmp("b.xml")), "same seed, same threads: checkpoints differ");
  CHECKF(same_file(tmp("a.csv"), tmp("c.csv")), "1 vs 2 threads: episode logs differ");
  CHECKF(same_file(tmp("a.xml"), tmp("c.xml")), "1 vs 2 threads: checkpoints differ");
  size_t n;
  char *csv = slurp(tmp("a.csv"), &n);
  int lines = 0;
  for (size_t i = 0; csv && i < n; i++) lines += csv[i] == '\n';
  CHECK(lines == 13);   /* header + 12 episodes */
  CHECK(csv && !strncmp(csv, "episode,update,reward,cost,wirelength,density,congestion,", 57));
  free(csv);
}

static void test_checkpoint(void) {
  rl_arch_t arch;
  rl_arch_default(&arch);
  rl_model_t m, m2;
  rl_adam_t a, a2;
  memset(&m2, 0, sizeof m2);
  memset(&a2, 0, sizeof a2);
  CHECK(rl_model_create(&m, &arch, 3) == 0 && rl_adam_init(&a, m.nparams) == 0);
  for (int64_t i = 0; i < m.nparams; i++) {
    a.m[i] = 1e-3 * sin((double)i);
    a.v[i] = 1e-6 * (1 + cos((double)i));
  }
  a.t = 17;
  m.p[0] = -0.0;
  m.p[1] = 1e-310;   /* subnormal */
  ut_diag_t diag;
  ut_diag_init(&diag);
  CHECK(rl_ckpt_save(tmp("r.xml"), &m, &a, 42, &diag) == 0);
  long eps = 0;
  CHECK(rl_ckpt_load(tmp("r.xml"), &m2, &a2, &eps, &diag) == 0);
  CHECK(eps == 42 && m2.nparams == m.nparams && a2.t == 17);
  CHECK(m2.p && !memcmp(m.p, m2.p, sizeof *m.p * (size_t)m.nparams));
  CHECK(a2.m && !memcmp(a.m, a2.m, sizeof *a.m * (size_t)a.n));
  CHECK(a2.v && !memcmp(a.v, a2.v, sizeof *a.v * (size_t)a.n));
  CHECK(signbit(m2.p[0]) && m2.p[1] == 1e-310);
  CHECK(rl_ckpt_save(tmp("r2.xml"), &m2, &a2, 42, &diag) == 0);
  CHECK(same_file(tmp("r.xml"), tmp("r2.xml")));
  /* bad files */
  FILE *f = fopen(tmp("bad.xml"), "w");
  if (f) {
    fputs("<place-rl-checkpoint version=\"9\"/>\n", f);
    fclose(f);
  }
  ut_diag_t d2;
  ut_diag_init(&d2);
  d2.quiet = 1;
  d2.sink = NULL;
  CHECK(rl_ckpt_load(tmp("bad.xml"), &m2, &a2, NULL, &d2) == UT_EPARSE);
  CHECK(strstr(d2.first, "unsupported checkpoint version") != NULL);
  CHECK(rl_ckpt_load(tmp("missing.xml"), &m2, &a2, NULL, &d2) == UT_EIO);
  /* a truncated tensor */
  size_t n;
  char *s = slurp(tmp("r.xml"), &n);
  if (s) {
    char *t = strstr(s, "name=\"params\"");
    char *q = t ? strstr(t, ">") : NULL;
    if (q) {
      q[5] = '!';   /* not base64 */
      f = fopen(tmp("bad2.xml"), "w");
      if (f) {
        fwrite(s, 1, n, f);
        fclose(f);
      }
      CHECK(rl_ckpt_load(tmp("bad2.xml"), &m2, &a2, NULL, &d2) == UT_EPARSE);
    }
    free(s);
  }
  rl_model_free(&m);
  rl_model_free(&m2);
  rl_adam_free(&a);
  rl_adam_free(&a2);
}

/* Fine-tuning: the checkpoint of the small design continues training on obst.def (other macros,
 * obstacles, another canvas). */
static void test_finetune(void) {
  double r = train("tests/rl/obst.def", 1, NULL, tmp("ft.xml"), tmp("a.xml"));
  CHECK(isfinite(r) && r < 0);
}

static void flow(const char *def, int method, int unfix) {
  db_t *db = load(def);
  CHECK(db != NULL);
  if (!db) return;
  rl_opts_t o;
  rl_opts_default(&o);
  o.method = method;
  o.episodes = 16;
  o.batch = 8;
  o.ppo_epochs = 2;
  o.sa_moves = 400;
  o.threads = 2;
  o.log_every = 0;
  o.unfix_macros = unfix;
  ut_diag_t diag;
  ut_diag_init(&diag);
  rl_stats_t st;
  int rc = rl_macro_place(db, &o, &st, &diag);
  CHECKF(rc == 0, "%s %s: rc %d: %s", def, rl_method_name(method), rc, diag.first);
  if (!rc) {
    CHECKF(st.legal_errors == 0, "%s %s: %lld legality errors", def, rl_method_name(method),
           (long long)st.legal_errors);
    CHECK(st.proxy.cost > 0 && st.proxy.wirelength > 0 && st.proxy.density > 0 &&
          st.proxy.congestion > 0);
    CHECK(st.proxy.w_wirelength == 1 && st.proxy.w_density == 0.5 && st.proxy.w_congestion == 0.5);
    CHECK(st.proxy_flat.cost > 0 && st.hpwl_um > 0);
    lg_check_report_t rep;
    CHECK(lg_check(db, NULL, &rep) == 0);
    int64_t allowed = unfix ? st.nunfixed : 0;
    CHECKF(rep.total - (rep.count[LG_CHK_FIXED_MOVED] < allowed ? rep.count[LG_CHK_FIXED_MOVED] : allowed) == 0,
           "%s %s: lg_check %lld errors", def, rl_method_name(method), (long long)rep.total);
    int fixed = 1;
    for (size_t c = 0; c < db->ncells; c++)
      if (db_cell_is_macro(db, (int32_t)c) && db->cell_status[c] != DB_FIXED) fixed = 0;
    CHECK(fixed);
    if (method == RL_METHOD_RL) CHECK(st.episodes == 16 && st.updates == 2);
    if (method == RL_METHOD_SA) CHECK(st.sa_moves >= 400);
  }
  db_destroy(db);
}

int main(void) {
  const char *t = getenv("TMPDIR");
  snprintf(tmpdir, sizeof tmpdir, "%s/rl_train_test.%ld", t ? t : "/tmp", (long)getpid());
  char cmd[1100];
  snprintf(cmd, sizeof cmd, "mkdir -p '%s'", tmpdir);
  if (system(cmd) != 0) return 1;
  ut_log_set_level(UT_LOG_WARN);
  test_determinism();
  test_checkpoint();
  test_finetune();
  flow("tests/rl/small.def", RL_METHOD_RL, 0);
  flow("tests/rl/obst.def", RL_METHOD_RL, 1);
  flow("tests/rl/obst.def", RL_METHOD_SA, 0);
  flow("tests/rl/small.def", RL_METHOD_ANALYTIC, 0);
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  if (system(cmd) != 0) return 1;
  return tap_done();
}
